"""The engine reading a story in another language: ``load_story(folder, language="es")``.

The translation replaces text entry by entry; everything else (ids, conditions, counters,
the content hash saves are checked against) stays the source's. A translation that is
missing, fuzzy or broken shows the English instead, and nothing a catalog holds can crash
a load."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from translating import SPANISH, cli, fill, tiny_copy

from patrolday.engine import (
    choose,
    load_state,
    load_story,
    present,
    save_document,
    start,
    translated,
)


@pytest.fixture
def spanish(tmp_path: Path) -> Path:
    story = tiny_copy(tmp_path)
    assert cli("translate", str(story), "--lang", "es").returncode == 0
    fill(story / "locales" / "es.po", SPANISH)
    return story


def texts(story_folder: Path, language: str | None = "es") -> tuple[list[str], list[str]]:
    story = load_story(story_folder, language)
    view = present(story, start(story))
    return [b.text for b in view.blocks], [c.label for c in view.choices]


def test_the_story_reads_in_spanish_with_inline_text_reordered(spanish: Path) -> None:
    story = load_story(spanish, "es")
    assert story.language == "es"
    assert story.title == "El patio" and story.blurb == "Un niño, una pelota, una patrulla."
    assert [m.label for m in story.meters] == ["Confianza"]
    assert story.parts[0].title == "El patio"  # the one part of a story without [[parts]]
    state = start(story)
    view = present(story, state)
    assert view.title == "El patio de enfrente"
    assert [b.text for b in view.blocks] == [
        "Un niño lanza un balón *bien alto* y lo atrapa.",
        "Confianza: 2. Su mamá saluda desde el porche.",
    ]
    assert [(c.label, c.enabled, c.reason) for c in view.choices] == [
        ("Saludar y seguir", True, ""),
        ("Parar y hablar", False, "Todavía no te conoce."),
        ("Pedir la pelota", True, ""),
    ]
    assert [m.label for m in view.meters] == ["Confianza"]
    # conditions and values still work through the translation
    state = choose(story, state, "ask-met-again-for-the-ball")
    view = present(story, state)
    assert view.blocks[1].text == "Confianza: 3. Su mamá saluda desde el porche."
    ending = present(story, choose(story, state, "wave"))
    assert ending.ending == "Otra llamada"
    assert ending.blocks[0].text == "Sigues manejando. La radio chisporrotea."


def test_english_is_shown_where_an_entry_is_missing_or_fuzzy(spanish: Path) -> None:
    po = polib.pofile(str(spanish / "locales" / "es.po"))
    po.find("yard#1", by="msgctxt").msgstr = ""
    po.find("yard/wave", by="msgctxt").flags.append("fuzzy")
    po.save()
    blocks, labels = texts(spanish)
    assert blocks[0] == "A boy throws a football *straight up* and catches it."
    assert labels[0] == "Wave and drive on"
    assert labels[1] == "Parar y hablar"


@pytest.mark.parametrize(
    ("translation", "code"),
    [
        ("Confianza: {confianza}. {trust >= 2: Saluda. | Mira.}", "inline"),  # a renamed variable
        ("Confianza: {trust}. Su mamá saluda.", "lost-inline"),  # a lost {...}
        ("Confianza: {trust}. {trust >= 2: Saluda. | Mira.", "inline"),  # an unclosed brace
        ("Confianza: {trust}. {trust > 2: Saluda. | Mira.}", "lost-inline"),  # a changed condition
        ("Confianza: {trust}. {trust >= 2: *Saluda. | Mira.}", "markup"),  # an unmatched emphasis
    ],
)
def test_a_translation_that_breaks_the_structure_is_not_used(
    spanish: Path, translation: str, code: str
) -> None:
    po = polib.pofile(str(spanish / "locales" / "es.po"))
    po.find("yard#2", by="msgctxt").msgstr = translation
    po.save()
    source = load_story(spanish)
    story, problems = translated(source, "es", spanish)
    view = present(story, start(story))
    assert view.blocks[1].text == "His mother waves from the porch. Trust is 2."
    assert view.blocks[0].text.startswith("Un niño")  # the rest is still translated
    assert [p.code for p in problems] == [code] or code in [p.code for p in problems]
    assert all(p.location.file.endswith("es.po") and p.location.line > 0 for p in problems)


def test_invisible_characters_are_refused_in_translated_labels(spanish: Path) -> None:
    po = polib.pofile(str(spanish / "locales" / "es.po"))
    po.find("yard/wave", by="msgctxt").msgstr = "Salu\u200bdar"
    po.save()
    story, problems = translated(load_story(spanish), "es", spanish)
    assert present(story, start(story)).choices[0].label == "Wave and drive on"
    assert [p.code for p in problems] == ["invisible"]


@pytest.mark.parametrize(
    "content",
    [
        b'msgctxt "yard#1"\nmsgid "x"\nmsgstr "Hola \x1b[2J"\n',  # a terminal escape
        b'msgctxt "yard#1"\nmsgid "x"\nmsgstr "Hola\n',  # not a PO file
        b'msgctxt "yard#1"\nmsgid "x"\nmsgstr "Hol\xe1"\n',  # not UTF-8
        b"",
    ],
)
def test_a_bad_catalog_never_crashes_the_load(tmp_path: Path, content: bytes) -> None:
    story = tiny_copy(tmp_path)
    (story / "locales").mkdir()
    (story / "locales" / "es.po").write_bytes(content)
    blocks, _ = texts(story)
    assert blocks[0] == "A boy throws a football *straight up* and catches it."


def test_a_language_without_a_catalog_is_the_story_as_written(spanish: Path) -> None:
    assert texts(spanish, "fr") == texts(spanish, None)
    assert texts(spanish, "../../etc/passwd") == texts(spanish, None)
    assert texts(spanish, "es_US")[0][0].startswith("Un niño")  # a region falls back to the language


def test_a_game_saved_in_english_continues_in_spanish(spanish: Path) -> None:
    english = load_story(spanish)
    state = choose(english, start(english), "ask-met-again-for-the-ball")
    document = json.dumps(save_document(english, state))
    assert "Pedir" not in document and "Ask" not in document  # ids only
    spanish_story = load_story(spanish, "es")
    assert spanish_story.content_hash == english.content_hash
    loaded, _ = load_state(spanish_story, document)
    assert present(spanish_story, loaded).blocks[1].text == "Confianza: 3. Su mamá saluda desde el porche."
