"""The bundled story ships with a golden transcript for every ending, and they pass.

This is the one tooling test about the bundled story itself: CI replays its transcripts
the way an author would, with ``patrolday test``.
"""

from __future__ import annotations

from pathlib import Path

from patrolday.bundled import bundled_story_path
from patrolday.engine import load_story


def test_every_ending_of_the_bundled_story_has_a_transcript() -> None:
    story = load_story(bundled_story_path())
    recorded = {p.stem for p in (bundled_story_path() / "tests").glob("*.transcript")}
    assert {s.id for s in story.endings} <= recorded


def test_bundled_transcripts_pass(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("test")
    count = len(list(Path(bundled_story_path(), "tests").glob("*.transcript")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{count} of {count} transcripts passed." in result.stdout
