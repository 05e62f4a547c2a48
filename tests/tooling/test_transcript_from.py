"""Transcripts that pin one scene: ``from:`` and ``set:`` headers (``patrolday test``)."""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import load_story
from patrolday.tooling.transcripts import parse_transcript, replay_transcript

WALK = load_story(Path(__file__).parent.parent / "stories" / "valid" / "walk")


def _replay(text: str):  # type: ignore[no-untyped-def]
    return replay_transcript(WALK, parse_transcript(text, "pin.transcript"))


def test_a_transcript_can_begin_at_a_scene_with_variables_set() -> None:
    result = _replay(
        "# the yard once the boy has met you\n"
        "from: yard\n"
        "set: trust=3, met=true\n"
        "> He waves at you.\n"
        "throw-the-ball-back\n"
        "> The street\n"
    )
    assert result.passed, result.failures


def test_without_the_set_line_the_same_scene_reads_differently() -> None:
    result = _replay("from: yard\n> He waves at you.\n")
    assert [f.line for f in result.failures] == [2]


def test_wrong_from_and_set_lines_fail_at_their_line_with_did_you_mean() -> None:
    bad_scene = _replay("from: yrad\n> x\n")
    assert bad_scene.failures[0].line == 1 and "Did you mean 'yard'?" in bad_scene.failures[0].message
    bad_value = _replay("from: yard\nset: trust=3\nset: met=sure\n> x\n")
    assert bad_value.failures[0].line == 3
    assert "'met' is true or false, not 'sure'" in bad_value.failures[0].message
