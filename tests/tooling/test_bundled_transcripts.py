"""The bundled story ships with a golden transcript for every ending, in English and in Spanish,
and they pass.

This is the one tooling test about the bundled story's transcripts: CI replays them the way
an author would, with ``patrolday test``. The Spanish ones (``story/tests/es/``, ``lang: es``)
follow the English ones' paths and pin the catalog's text: a translation that changes fails.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import polib

from patrolday.bundled import bundled_story_path
from patrolday.engine import load_story
from patrolday.tooling.transcripts import load_transcripts, replay_transcript

TESTS = bundled_story_path() / "tests"


def test_every_ending_of_the_bundled_story_has_a_transcript() -> None:
    story = load_story(bundled_story_path())
    recorded = {p.stem for p in TESTS.glob("*.transcript")}
    assert {s.id for s in story.endings} <= recorded


def test_every_english_transcript_has_a_spanish_one_so_every_ending_has() -> None:
    story = load_story(bundled_story_path())
    spanish = load_transcripts(TESTS / "es")
    assert {Path(t.name).name for t in spanish} == {p.name for p in TESTS.glob("*.transcript")}
    assert all(t.language == "es" for t in spanish)
    reached = {line.value for t in spanish for line in t.lines if line.kind == "end"}
    assert {s.id for s in story.endings} <= reached


def test_no_spanish_transcript_checks_an_english_line() -> None:
    """Replayed on the English story, every text line of a Spanish transcript must fail: one that
    passes is English, unless it has no words (a time: "3:12.") or the catalog keeps it as
    itself on purpose (a street name: ``msgstr`` = ``msgid``)."""
    english = load_story(bundled_story_path())
    catalog = polib.pofile(str(bundled_story_path() / "locales" / "es.po"))
    as_itself = " ".join(e.msgid for e in catalog if e.msgstr == e.msgid)
    english_lines = []
    for transcript in load_transcripts(TESTS / "es"):
        result = replay_transcript(english, dataclasses.replace(transcript, language=None))
        failed = {f.line for f in result.failures}
        for line in transcript.lines:
            words = any(c.isalpha() for c in line.value)
            if line.kind == "expect" and line.number not in failed and words and line.value not in as_itself:
                english_lines.append(f"{transcript.name}:{line.number}: {line.value}")
    assert english_lines == []


def test_bundled_transcripts_pass(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("test")
    count = len([*TESTS.glob("*.transcript"), *TESTS.glob("es/*.transcript")])
    assert count > 2 * 18
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{count} of {count} transcripts passed." in result.stdout


def test_the_spanish_transcripts_pass_on_their_own(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("test", "--lang", "es")
    count = len(list(TESTS.glob("es/*.transcript")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{count} of {count} transcripts passed." in result.stdout
