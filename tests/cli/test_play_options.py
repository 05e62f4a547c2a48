"""``patrolday play``'s options as a user meets them: the seed, the data folder."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import WALK, run


def _seeds(folder: Path) -> list[int]:
    return [json.loads(p.read_text())["start"]["seed"] for p in sorted(folder.glob("*.json"))]


def test_each_game_gets_its_own_seed_unless_one_is_given_and_the_log_keeps_it(tmp_path: Path) -> None:
    # Shuffled text must differ between games, so a game without --seed takes one from the
    # clock; the session log keeps it so the game can be replayed exactly.
    for _ in range(3):
        done = run("play", "--plain", "--choices", "1", "--sessions-dir", str(tmp_path / "free"), str(WALK))
        assert done.returncode == 0, done.stderr
    assert len(set(_seeds(tmp_path / "free"))) == 3
    fixed = run(
        "play",
        "--plain",
        "--choices",
        "1",
        "--seed",
        "7",
        "--sessions-dir",
        str(tmp_path / "fixed"),
        str(WALK),
    )
    assert fixed.returncode == 0, fixed.stderr
    assert _seeds(tmp_path / "fixed") == [7]


def test_data_dir_holds_the_saves_and_the_old_name_still_works(tmp_path: Path) -> None:
    for flag, folder in (("--data-dir", tmp_path / "new"), ("--save-dir", tmp_path / "old")):
        done = run("play", "--plain", "--no-log", flag, str(folder), str(WALK), stdin="1\ns mine\nq\n")
        assert done.returncode == 0, done.stderr
        assert (folder / "saves" / "walk" / "mine.json").is_file(), sorted(folder.rglob("*"))
    helped = run("play", "--help").stdout
    assert "--data-dir" in helped and "--save-dir" not in helped


def test_plain_mode_says_when_the_first_scene_itself_fails(tmp_path: Path) -> None:
    from storyfactory import write_story

    root = write_story(
        tmp_path,
        {"a.md": "=== start ===\n~ n = 10 / zero\nText.\n* [On] -> end\n=== end ===\n# ending: Done\nFin.\n"},
        variables="[vars.zero]\ninitial = 0\n[vars.n]\ninitial = 1\n",
    )
    done = run("play", "--plain", "--no-log", str(root), stdin="")
    assert done.returncode == 1
    assert "The story cannot start:" in done.stdout and "a.md:2:3: division by zero" in done.stdout
    assert "Traceback" not in done.stderr


def test_from_and_set_start_a_test_game_at_any_scene() -> None:
    done = run(
        "play",
        "--plain",
        "--no-log",
        "--from",
        "yard",
        "--set",
        "trust=3",
        "--set",
        "met=true",
        "--choices",
        "2",
        str(WALK),
    )
    assert done.returncode == 0, done.stderr
    assert "He waves at you." in done.stdout and "Meters: Trust 3 of 4, Calls waiting 0 of 3." in done.stdout


def test_from_and_set_refuse_what_the_story_does_not_have_with_did_you_mean() -> None:
    cases = [
        (("--from", "yrad"), "--from yrad: there is no scene 'yrad' in this story. Did you mean 'yard'?"),
        (("--set", "trsut=3"), "--set: there is no variable 'trsut' in this story. Did you mean 'trust'?"),
        (("--set", "trust=9"), "--set: 'trust' must be between 0 and 4, not 9"),
        (("--set", "met=maybe"), "--set: 'met' is true or false, not 'maybe'"),
    ]
    for flags, message in cases:
        done = run("play", "--plain", "--no-log", *flags, str(WALK), stdin="")
        assert done.returncode == 2, (flags, done.stdout)
        assert message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_data_dir_writes_exactly_where_the_docs_say_and_nowhere_else(tmp_path: Path) -> None:
    # Issue 16 item 14 (review F11): --save-dir DIR once wrote DIR/saves/patrolday/. The docs
    # (docs/player.md, Saves) say saves go in DIR/saves/STORY-ID/ and endings in DIR/progress/.
    import os
    import subprocess
    import sys

    data, elsewhere = tmp_path / "data", tmp_path / "user-data-folder"
    env = {**os.environ, "NO_COLOR": "1", "PATROLDAY_DATA_DIR": str(elsewhere)}
    env.pop("PATROLDAY_SESSIONS_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "patrolday", "play", "--plain", "--data-dir", str(data), str(WALK)],
        input="1\ns mine\n1\n2\n3\nq\n",  # save in the yard, then on to the Mixed ending
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "THE END: Mixed" in done.stdout
    written = sorted(str(p.relative_to(data)) for p in data.rglob("*") if p.is_file())
    assert written == ["progress/walk.json", "saves/walk/mine.json"]
    assert not elsewhere.exists()  # no log, no save, no progress in the user data folder
