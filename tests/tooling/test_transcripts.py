"""Golden transcripts: ``patrolday test`` passes good ones and shows a diff for bad ones."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from storygen import story_files, write
from tooling_helpers import CLEAN

from patrolday.engine import load_story
from patrolday.tooling.explore import check_story
from patrolday.tooling.transcripts import (
    TranscriptError,
    load_transcripts,
    parse_transcript,
    record_transcript,
    replay_transcript,
)

BAD = Path(__file__).parent / "transcripts"


def test_the_clean_story_transcripts_pass() -> None:
    story = load_story(CLEAN)
    transcripts = load_transcripts(CLEAN / "tests")
    assert [Path(t.name).name for t in transcripts] == ["the-call.transcript", "trusted.transcript"]
    for transcript in transcripts:
        result = replay_transcript(story, transcript)
        assert result.passed, result.failures
        assert result.diff() == ""


def test_changed_text_fails_with_a_diff_to_the_closest_sentence() -> None:
    story = load_story(CLEAN)
    transcript = parse_transcript((BAD / "changed-text.transcript").read_text(), "changed-text.transcript")
    result = replay_transcript(story, transcript)
    assert [f.line for f in result.failures] == [4]
    diff = result.diff()
    assert "-> A girl is throwing a frisbee up to herself." in diff
    assert "+> A boy is throwing a football up to himself." in diff


def test_an_unavailable_choice_names_the_options_and_stops() -> None:
    story = load_story(CLEAN)
    transcript = parse_transcript((BAD / "bad-choice.transcript").read_text(), "bad-choice")
    result = replay_transcript(story, transcript)
    (failure,) = result.failures
    assert failure.line == 3
    assert "no option 'fly-away' at scene 'yard'" in failure.message
    assert "1 call-him-over" in failure.message
    assert result.actual[-1].startswith("# cannot choose 'fly-away'")


def test_a_wrong_ending_is_reported() -> None:
    story = load_story(CLEAN)
    result = replay_transcript(story, parse_transcript((BAD / "wrong-ending.transcript").read_text(), "w"))
    (failure,) = result.failures
    assert "expected ending 'end-good', but the story is at ending 'end-quiet' (Quiet)" in failure.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yard\npart: patrol\n", "w:2: 'part:' must come before the first choice"),
        ("seed: soon\n", "w:1: seed must be a whole number"),
        (">\n", "w:1: '>' needs the text"),
        ("take the yard\n", "w:1: cannot read 'take the yard'"),
    ],
)
def test_transcript_mistakes_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(TranscriptError, match=message.replace("(", r"\(")):
        parse_transcript(text, "w")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=story_files())
def test_recorded_transcripts_replay_on_random_stories(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        story = load_story(write(Path(tmp), files))
    report = check_story(story, max_states=3_000, runs=20)
    for ending, path in report.ending_paths.items():
        text = record_transcript(story, path)
        assert f"end: {ending}" in text
        result = replay_transcript(story, parse_transcript(text, ending))
        assert result.passed, (text, result.failures)


# -- the command ---------------------------------------------------------------------------------


def test_cli_test_passes_on_good_transcripts(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("test", str(CLEAN))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 of 2 transcripts passed." in result.stdout


def test_cli_test_shows_a_diff_and_fails(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("test", str(CLEAN), str(BAD / "changed-text.transcript"))
    assert result.returncode == 1
    assert "FAIL" in result.stdout
    assert "changed-text.transcript:4: text not found at scene 'yard'" in result.stdout
    assert "+> A boy is throwing a football up to himself." in result.stdout


def test_cli_test_without_transcripts_fails_with_a_hint(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = cli("new", "s", cwd=tmp_path)
    assert made.returncode == 0
    result = cli("test", "s", cwd=tmp_path)
    assert result.returncode == 1
    assert "no transcripts" in result.stderr and "--record" in result.stderr


def test_cli_record_then_test_round_trips_and_never_overwrites(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("new", "s", cwd=tmp_path).returncode == 0
    recorded = cli("test", "s", "--record", cwd=tmp_path)
    assert recorded.returncode == 0, recorded.stderr
    target = tmp_path / "s" / "tests" / "end-catch.transcript"
    assert target.is_file()
    target.write_text(target.read_text() + "# my note\n")
    again = cli("test", "s", "--record", cwd=tmp_path)
    assert "kept" in again.stdout
    assert target.read_text().endswith("# my note\n")
    assert cli("test", "s", cwd=tmp_path).returncode == 0


def test_the_constructs_fixture_replays_its_transcripts_through_tunnels_and_blocks() -> None:
    """Golden transcripts of a story with tunnels, conditional blocks, tags and shuffles."""
    from patrolday.tooling.transcripts import load_transcripts, replay_transcript

    folder = Path(__file__).parent.parent / "stories" / "valid" / "constructs"
    story = load_story(folder)
    transcripts = load_transcripts(folder / "tests")
    assert {Path(t.name).stem for t in transcripts} >= {"end-early", "end-quiet"}
    for transcript in transcripts:
        result = replay_transcript(story, transcript)
        assert result.passed, result
