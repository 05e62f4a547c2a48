"""Data-driven: each folder in tests/stories/invalid is a broken story and its expected diagnostics.

``expected.txt`` lists the diagnostics as ``patrolday check`` prints them (errors only, in
order); a ``hint:`` line under one is checked too. Paths are relative to the story folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from patrolday.engine import Severity, StoryError, load_story

INVALID = Path(__file__).parent.parent / "stories" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def _expected(case: Path) -> list[tuple[str, str | None]]:
    items: list[tuple[str, str | None]] = []
    for line in (case / "expected.txt").read_text().splitlines():
        if line.startswith("    hint: "):
            items[-1] = (items[-1][0], line.removeprefix("    hint: "))
        elif line:
            items.append((line, None))
    return items


@pytest.mark.parametrize("name", CASES)
def test_invalid_story_reports_exactly_the_expected_diagnostics(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = INVALID / name
    monkeypatch.chdir(case)
    with pytest.raises(StoryError) as caught:
        load_story(".")
    errors = [d for d in caught.value.diagnostics if d.severity is Severity.ERROR]
    got = [f"{d.location}: error: {d.message}" for d in errors]
    expected = _expected(case)
    assert got == [line for line, _ in expected]
    for diag, (_, hint) in zip(errors, expected, strict=True):
        if hint is not None:
            assert diag.hint == hint


def test_every_error_has_a_hint_or_a_self_explaining_message() -> None:
    """Authors need a way forward: most diagnostics carry a hint."""
    total = hinted = 0
    for name in CASES:
        cwd = os.getcwd()
        os.chdir(INVALID / name)
        try:
            load_story(".")
        except StoryError as err:
            for d in err.diagnostics:
                total += 1
                hinted += bool(d.hint)
        finally:
            os.chdir(cwd)
    assert total >= 25
    assert hinted / total > 0.6


def test_symlinked_scene_file_outside_the_folder_is_refused(tmp_path: Path) -> None:
    from storyfactory import write_story

    outside = tmp_path / "secret.md"
    outside.write_text("=== stolen ===\n# ending: S\n")
    root = write_story(tmp_path / "s", {"a.md": "=== start ===\n# ending: E\n"})
    (root / "scenes" / "link.md").symlink_to(outside)
    (root / "scenes" / "dir").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(StoryError) as caught:
        load_story(root)
    messages = [(Path(d.location.file).name, d.message) for d in caught.value.diagnostics]
    assert ("link.md", "refused: this leads outside the story folder (through a symlink)") in messages
    assert ("dir", "refused: this leads outside the story folder (through a symlink)") in messages
    assert not any("stolen" in d.message for d in caught.value.diagnostics)


def test_symlink_inside_the_folder_is_fine(tmp_path: Path) -> None:
    from storyfactory import write_story

    root = write_story(
        tmp_path / "s", {"a.md": "=== start ===\n-> end\n", "real/b.md": "=== end ===\n# ending: E\n"}
    )
    (root / "scenes" / "alias").symlink_to(root / "scenes" / "real", target_is_directory=True)
    story = load_story(root)
    assert set(story.scenes) == {"start", "end"}


def test_missing_folder_and_file_instead_of_folder(tmp_path: Path) -> None:
    with pytest.raises(StoryError, match="no such folder"):
        load_story(tmp_path / "nope")
    file = tmp_path / "x.txt"
    file.write_text("x")
    with pytest.raises(StoryError, match="not a story folder"):
        load_story(file)


def test_loading_never_writes_to_the_story_folder(tmp_path: Path) -> None:
    from storyfactory import write_story

    root = write_story(tmp_path / "s", {"a.md": "=== start ===\n# ending: E\n"})
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}
    load_story(root)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}
    assert before == after
