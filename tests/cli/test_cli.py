"""The ``patrolday`` command as a user meets it: a subprocess, its output and exit code."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
WALK = ROOT / "stories" / "valid" / "walk"
INVALID = ROOT / "stories" / "invalid"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "PATROLDAY_DATA_DIR": str(Path(tempfile.gettempdir()) / "patrolday-cli-tests"),
    }
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "patrolday", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
    )


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("patrolday ")
    helped = run("--help")
    assert helped.returncode == 0
    assert "play" in helped.stdout and "check" in helped.stdout


@pytest.mark.parametrize("command", ["play", "check"])
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert f"usage: patrolday {command}" in result.stdout


def test_check_a_good_story() -> None:
    result = run("check", "--quick", str(WALK))  # the walk fixture loops on purpose: no deep search
    assert result.returncode == 0, result.stderr
    assert "Walk: 8 scenes, 4 endings" in result.stdout


def test_check_a_broken_story_points_at_file_line_and_column() -> None:
    case = INVALID / "unknown-target"
    result = run("check", ".", cwd=case)
    assert result.returncode == 1
    assert "scenes/a.md:3:22: error: unknown scene 'call-ovr'" in result.stderr
    assert "hint: did you mean 'call-over'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_all_errors_not_just_the_first() -> None:
    result = run("check", ".", cwd=INVALID / "bad-expressions")
    assert result.returncode == 1
    assert result.stderr.count(": error: ") == 5
    assert "5 errors" in result.stderr


def test_check_json() -> None:
    import json

    result = run("check", "--json", ".", cwd=INVALID / "unknown-target")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["diagnostics"][0]["line"] == 3 and data["diagnostics"][0]["column"] == 22


def test_check_a_missing_folder() -> None:
    result = run("check", "no/such/story")
    assert result.returncode == 1
    assert "no/such/story: error: no such folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_play_plain_with_piped_input_reaches_an_ending() -> None:
    # street: 1 check the yard; yard: 1 call him over; street: 2 take a call; street: 3 end the shift
    result = run("play", "--plain", str(WALK), stdin="1\n1\n2\n3\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "A boy is throwing a football up to himself." in out
    assert "  1. Check the yard" in out
    assert "THE END: Mixed" in out
    assert "Your path: 4 choices." in out


def test_play_with_scripted_choices_stops_when_they_run_out() -> None:
    result = run("play", "--choices", "1,1,1", str(WALK))
    assert result.returncode == 0
    assert "(end of scripted choices)" in result.stdout
    assert "He waves at you." in result.stdout


def test_play_ends_cleanly_at_end_of_input() -> None:
    result = run("play", "--plain", str(WALK), stdin="1\n")
    assert result.returncode == 0
    assert "(end of input)" in result.stdout
    assert "Traceback" not in result.stderr


def test_play_rejects_bad_input_and_keeps_going() -> None:
    result = run("play", "--plain", str(WALK), stdin="9\nhello\n3\nu\nh\nq\n")
    out = result.stdout
    assert result.returncode == 0
    assert "There is no option 9" in out
    assert "Please type a number" in out
    assert "Nothing to undo yet." in out
    assert "Goodbye." in out


def test_play_shows_disabled_options_with_their_reason_as_text() -> None:
    # take a call three times? calls start at 0: check the yard three times fills calls to 3
    result = run("play", "--plain", str(WALK), stdin="1\n2\n1\n2\n1\n2\n")
    assert "(unavailable) Take a call. Too many calls waiting." in result.stdout


def test_undo_in_plain_mode_goes_back_one_choice() -> None:
    result = run("play", "--plain", str(WALK), stdin="1\nu\nq\n")
    assert "Undone: back one choice." in result.stdout
    assert result.stdout.count("The street, 1 time.") == 2


def test_play_a_broken_story_exits_1_with_diagnostics() -> None:
    result = run("play", "--plain", ".", cwd=INVALID / "syntax-errors")
    assert result.returncode == 1
    assert "scenes/a.md:2:3: error" in result.stderr
    assert "Traceback" not in result.stderr


def test_play_unknown_part_is_a_usage_error() -> None:
    result = run("play", "--plain", "--part", "nope", str(WALK))
    assert result.returncode == 2
    assert "no part 'nope'" in result.stderr


def test_play_without_a_terminal_falls_back_to_plain_and_says_so() -> None:
    result = run("play", str(WALK), stdin="q\n")
    assert "playing in plain mode" in result.stderr
    assert "Goodbye." in result.stdout


def test_bad_choices_argument() -> None:
    result = run("play", "--choices", "1,x", str(WALK))
    assert result.returncode == 2
    assert "--choices takes option numbers" in result.stderr


def test_plain_mode_saves_lists_and_loads_by_name(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # street: 1 check the yard, save there, list, take another step, then load the save
    script = "1\ns In The Yard\nl\n1\nl In The Yard\nl nope\nq\n"
    result = run("play", "--plain", str(WALK), "--save-dir", str(data), "--no-log", stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Saved as 'In The Yard'" in out
    assert "  In The Yard: " in out  # the listing, with the save's label
    assert "Loaded 'In The Yard'." in out
    assert "  1. Call him over" in out.split("Loaded 'In The Yard'.")[1]  # back in the yard
    assert "This save cannot be loaded: there is no save called 'nope'." in out
    assert (data / "saves" / "walk" / "In The Yard.json").is_file()
    assert not (data / "saves" / "walk" / "autosave.json").exists()  # piped input keeps the autosave


def test_scripted_choices_never_touch_saves(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run("play", "--choices", "1,1", str(WALK), "--save-dir", str(data), "--no-log")
    assert result.returncode == 0, result.stderr
    assert not (data / "saves").exists()


def test_plain_mode_shows_the_same_text_after_loading_a_save(tmp_path: Path) -> None:
    """Issue 11 bug 3: text that flowed through a scene three times read 'Count 3' thrice after
    a load; a save now keeps what each passed scene saw."""
    from storyfactory import write_story

    story = write_story(
        tmp_path / "count",
        {
            "a.md": """
            === start ===
            -> count
            === count ===
            ~ n += 1
            Count {n}, visit {visits(count)}: {one|two|three}.
            + {n < 3} -> count
            + -> rest
            === rest ===
            Resting.
            + [Go on] -> end
            === end ===
            # ending: The end
            """
        },
        variables="[vars.n]\ninitial = 0\n",
    )
    result = run(
        "play",
        "--plain",
        str(story),
        "--save-dir",
        str(tmp_path / "d"),
        "--no-log",
        stdin="s one\nl one\nq\n",
    )
    assert result.returncode == 0, result.stderr
    before, after = result.stdout.split("Loaded 'one'.")
    shown = ["Count 1, visit 1: one.", "Count 2, visit 2: two.", "Count 3, visit 3: three.", "Resting."]
    for text in (before, after):
        assert [line.strip() for line in text.splitlines() if line.strip() in shown] == shown
