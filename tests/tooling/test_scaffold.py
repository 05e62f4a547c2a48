"""``patrolday new DIR``: a new story that passes ``check --strict``, and never over an existing one."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from patrolday.engine import load_story
from patrolday.tooling.scaffold import scaffold_files, story_id_for


def test_new_then_check_strict_passes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = cli("new", "my-story", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "patrolday check my-story" in made.stdout
    story = tmp_path / "my-story"
    assert sorted(p.relative_to(story).as_posix() for p in story.rglob("*") if p.is_file()) == [
        "scenes/opening.md",
        "story.toml",
    ]
    checked = cli("check", "my-story", "--strict", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No warnings." in checked.stdout
    assert "endings 2/2" in checked.stdout


def test_new_story_has_the_promised_parts(tmp_path: Path) -> None:
    """What docs/writing-a-scenario.md starts from: the bones of a workshop scenario."""
    root = tmp_path / "s"
    for name, text in scaffold_files("s").items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    story = load_story(root)
    assert story.start == "opening"  # the guide replaces the scenes without touching start
    assert len(story.endings) == 2
    decisions = [s for s in story.scenes.values() if not s.is_ending]
    assert len(decisions) == 2 and all("decision" in s.tags and s.questions for s in decisions)
    assert any(s.notes for s in decisions)  # a ?? note for the facilitator
    assert [r.name for r in story.routes] == ["short"]
    assert [s.id for s in decisions if "short" in s.routes] == ["opening"]
    assert {v.name: v.good for v in story.meters} == {"trust": "up", "worry": "down"}
    assert [v.name for v in story.variables if not v.is_meter] == ["stopped"]  # a hidden flag
    assert story.content_note.strip()
    assert "//" in scaffold_files("s")["scenes/opening.md"]  # comments that teach


def test_new_refuses_a_non_empty_folder(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = cli("new", "taken", cwd=tmp_path)
    assert result.returncode == 1
    assert "already exists and is not empty; nothing was written" in result.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no staging folder left behind
    (tmp_path / "file").write_text("x")
    assert cli("new", "file", cwd=tmp_path).returncode == 1


def test_new_fills_an_empty_folder_and_takes_a_title(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty").mkdir()
    result = cli("new", "empty", "--title", 'A "quoted" \\ title', cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert load_story(tmp_path / "empty").title == 'A "quoted" \\ title'


@given(st.text(max_size=40), st.text(max_size=60))
def test_any_folder_name_and_title_make_a_valid_manifest(name: str, title: str) -> None:
    manifest = tomllib.loads(scaffold_files(name, title or None)["story.toml"])
    assert manifest["story"]["id"] == story_id_for(name)
    if title:
        assert manifest["story"]["title"] == title
