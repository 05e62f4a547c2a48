"""Golden transcripts in a translation: ``lang:`` (``patrolday test``, ``--record --lang``).

The fixture is the tiny translated story (tests/stories/translation/complete), copied so a
test can edit its catalog the way a translator would and watch the Spanish transcript fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from patrolday.engine import load_story
from patrolday.tooling.transcripts import (
    TranscriptError,
    all_transcripts,
    parse_transcript,
    replay_all,
    replay_transcript,
)

COMPLETE = Path(__file__).parent.parent / "stories" / "translation" / "complete"

ENGLISH = """\
part: main
> A boy throws a football straight up and catches it.
ask-met-again-for-the-ball  # Ask for the ball
> His mother waves from the porch. Trust is 3.
wave
> You drive on.
> THE END: Another call
end: end-drive
"""

SPANISH = """\
# El patio: Otra llamada
lang: es
> Un niño lanza un balón bien alto y lo atrapa.
ask-met-again-for-the-ball  # Pedir la pelota
> Confianza: 3. Su mamá saluda desde el porche.
> 1. Saludar y seguir
wave
> Sigues manejando.
end: end-drive
"""


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "yard"
    shutil.copytree(COMPLETE, folder)
    return folder


def _spanish_replay(folder: Path, text: str = SPANISH):  # type: ignore[no-untyped-def]
    (result,) = replay_all(load_story(folder), [parse_transcript(text, "es/end-drive.transcript")], folder)
    return result


def test_the_lang_header_is_read_with_its_line() -> None:
    transcript = parse_transcript(SPANISH, "t")
    assert transcript.language == "es" and transcript.language_line == 2
    assert parse_transcript(ENGLISH, "t").language is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yard\nlang: es\n", "t:2: 'lang:' must come before the first choice"),
        ("lang: ../es\n", "t:1: lang: '../es' is not a language code"),
        ("lang:\n", "t:1: lang: '' is not a language code"),
    ],
)
def test_lang_mistakes_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(TranscriptError, match=message.replace("(", r"\(")):
        parse_transcript(text, "t")


def test_a_spanish_transcript_replays_on_the_spanish_story(story: Path) -> None:
    result = _spanish_replay(story)
    assert result.passed, result.failures
    assert result.diff() == ""


def test_a_spanish_transcript_is_not_replayed_on_the_english_story(story: Path) -> None:
    result = replay_transcript(load_story(story), parse_transcript(SPANISH, "t"))
    (failure,) = result.failures
    assert failure.line == 2
    assert "this transcript is in 'es' but the story was loaded in 'en'" in failure.message


def test_english_text_in_a_spanish_transcript_fails(story: Path) -> None:
    result = _spanish_replay(story, SPANISH.replace("> Sigues manejando.", "> You drive on."))
    (failure,) = result.failures
    assert failure.line == 8 and "text not found at scene 'end-drive': 'You drive on.'" in failure.message


def test_a_changed_translation_fails_with_a_diff_to_the_new_spanish(story: Path) -> None:
    catalog = story / "locales" / "es.po"
    po = polib.pofile(str(catalog))
    po.find("yard#1", by="msgctxt").msgstr = "Un niño tira un balón *muy alto* y lo agarra."
    po.save()
    result = _spanish_replay(story)
    assert [f.line for f in result.failures] == [3]
    diff = result.diff()
    assert "-> Un niño lanza un balón bien alto y lo atrapa." in diff
    assert "+> Un niño tira un balón muy alto y lo agarra." in diff


def test_a_language_without_a_catalog_fails_at_the_lang_line(story: Path) -> None:
    result = _spanish_replay(story, SPANISH.replace("lang: es", "lang: fr"))
    (failure,) = result.failures
    assert failure.line == 2
    assert "no catalog for 'fr'" in failure.message and "patrolday translate" in failure.message


def test_transcripts_are_read_from_the_folder_and_its_language_folders(story: Path) -> None:
    (story / "tests" / "es").mkdir(parents=True)
    (story / "tests" / "end-drive.transcript").write_text(ENGLISH, encoding="utf-8")
    (story / "tests" / "es" / "end-drive.transcript").write_text(SPANISH, encoding="utf-8")
    found = all_transcripts(story / "tests")
    assert [(Path(t.name).relative_to(story / "tests").as_posix(), t.language) for t in found] == [
        ("end-drive.transcript", None),
        ("es/end-drive.transcript", "es"),
    ]
    assert all(r.passed for r in replay_all(load_story(story), found, story))


@pytest.mark.parametrize("header", ["", "lang: fr\n"])
def test_a_transcript_in_a_language_folder_must_say_that_language(story: Path, header: str) -> None:
    (story / "tests" / "es").mkdir(parents=True)
    (story / "tests" / "es" / "x.transcript").write_text(header + "wave\n", encoding="utf-8")
    with pytest.raises(
        TranscriptError, match=r"x\.transcript:1: a transcript in tests/es/ starts with 'lang: es'"
    ):
        all_transcripts(story / "tests")


# -- the command ---------------------------------------------------------------------------------


def test_cli_test_replays_each_transcript_in_its_own_language(cli, story: Path) -> None:  # type: ignore[no-untyped-def]
    (story / "tests" / "es").mkdir(parents=True)
    (story / "tests" / "end-drive.transcript").write_text(ENGLISH, encoding="utf-8")
    (story / "tests" / "es" / "end-drive.transcript").write_text(SPANISH, encoding="utf-8")
    result = cli("test", str(story))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 of 2 transcripts passed." in result.stdout
    only = cli("test", str(story), "--lang", "es")
    assert only.returncode == 0, only.stdout + only.stderr
    assert f"PASS {story / 'tests' / 'es' / 'end-drive.transcript'}" in only.stdout
    assert "1 of 1 transcript passed." in only.stdout


def test_cli_test_fails_when_the_spanish_changes(cli, story: Path) -> None:  # type: ignore[no-untyped-def]
    (story / "tests" / "es").mkdir(parents=True)
    (story / "tests" / "es" / "end-drive.transcript").write_text(SPANISH, encoding="utf-8")
    po = polib.pofile(str(story / "locales" / "es.po"))
    po.find("end-drive#1", by="msgctxt").msgstr = "Te vas. {&La radio chisporrotea.|La radio está callada.}"
    po.save()
    result = cli("test", str(story))
    assert result.returncode == 1
    assert "end-drive.transcript:8: text not found at scene 'end-drive': 'Sigues manejando.'" in result.stdout
    assert "+> Te vas." in result.stdout


def test_cli_record_lang_follows_the_english_transcripts_and_never_overwrites(cli, story: Path) -> None:  # type: ignore[no-untyped-def]
    (story / "tests").mkdir()
    (story / "tests" / "asked.transcript").write_text(ENGLISH, encoding="utf-8")
    recorded = cli("test", str(story), "--record", "--lang", "es")
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    spanish = story / "tests" / "es"
    assert sorted(p.name for p in spanish.iterdir()) == [
        "asked.transcript",  # the English transcript's path, in Spanish
        "end-talk.transcript",  # the ending no English transcript reaches: the checker's path
    ]
    asked = (spanish / "asked.transcript").read_text(encoding="utf-8")
    assert "lang: es\n" in asked and "part: main\n" in asked
    assert "ask-met-again-for-the-ball  # Pedir la pelota\n" in asked
    # every English check becomes the same check in Spanish: a whole paragraph, or the sentence
    assert "> Un niño lanza un balón bien alto y lo atrapa.\n" in asked
    assert "> Confianza: 3. Su mamá saluda desde el porche.\n" in asked
    assert "> Sigues manejando.\n" in asked  # the English checked 'You drive on.', not the radio
    assert "> Otra llamada\n" in asked and "THE END" not in asked  # the ending's title, in words only
    assert asked.rstrip().endswith("end: end-drive")
    assert "His mother" not in asked and "You drive" not in asked
    talk = (spanish / "end-talk.transcript").read_text(encoding="utf-8")
    assert "lang: es\n" in talk and "> Te lanza la pelota.\n" in talk and "# El patio: Una atrapada" in talk
    (spanish / "asked.transcript").write_text(asked + "# mi nota\n", encoding="utf-8")
    again = cli("test", str(story), "--record", "--lang", "es")
    assert "kept" in again.stdout
    assert (spanish / "asked.transcript").read_text(encoding="utf-8").endswith("# mi nota\n")
    replayed = cli("test", str(story))
    assert replayed.returncode == 0, replayed.stdout
    assert "3 of 3 transcripts passed." in replayed.stdout


def test_cli_record_lang_refuses_a_language_without_a_catalog(cli, story: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("test", str(story), "--record", "--lang", "fr")
    assert result.returncode == 1
    assert (
        "no catalog for 'fr'" in result.stderr and f"patrolday translate {story} --lang fr" in result.stderr
    )
    assert not (story / "tests" / "fr").exists()


def test_cli_record_lang_skips_an_english_transcript_that_fails(cli, story: Path) -> None:  # type: ignore[no-untyped-def]
    (story / "tests").mkdir()
    (story / "tests" / "old.transcript").write_text(
        ENGLISH.replace("You drive on.", "You leave."), encoding="utf-8"
    )
    result = cli("test", str(story), "--record", "--lang", "es")
    assert result.returncode == 1
    assert "old.transcript: it does not pass as the story is written" in result.stderr
    assert not (story / "tests" / "es" / "old.transcript").exists()
