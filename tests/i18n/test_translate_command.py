"""``patrolday translate STORY --lang es`` as a translator meets it: the catalog it writes, and
updates after the English changed (msgmerge's rules)."""

from __future__ import annotations

from pathlib import Path

from translating import SPANISH, cli, entries, fill, tiny_copy


def test_a_new_catalog_has_one_entry_per_text_keyed_by_its_id(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    result = cli("translate", str(story), "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert "created" in result.stdout
    catalog = entries(story / "locales" / "es.po")
    assert set(catalog) == {
        "story.title", "story.blurb", "story.content_note", "vars.trust.label", "vars.trust.description",
        "yard#title", "yard#question.1", "yard#1", "yard#2", "yard/wave", "yard/stop", "yard/stop#reason",
        "yard/ask-met-again-for-the-ball", "end-drive#ending", "end-drive#1", "end-talk#ending", "end-talk#1",
    }  # fmt: skip
    para = catalog["yard#2"]
    assert para.msgid == (
        "{trust >= 2: His mother waves from the porch. | His mother watches from behind the door.} "
        "Trust is {trust}."
    )
    assert para.msgstr == ""
    assert para.occurrences == [("scenes/yard.md", "7")]
    assert "{trust}" in para.comment and "'trust >= 2:'" in para.comment
    assert catalog["yard/stop#reason"].msgid == "She doesn't know you yet."
    assert catalog["vars.trust.label"].occurrences == [("story.toml", "10")]
    assert "{" not in catalog["yard#1"].comment  # plain text: no advice about {...}


def test_update_keeps_translations_and_marks_exactly_the_changed_entry_fuzzy(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    po = story / "locales" / "es.po"
    assert cli("translate", str(story), "--lang", "es").returncode == 0
    fill(po, SPANISH)
    before = po.read_text(encoding="utf-8")
    again = cli("translate", str(story), "--lang", "es")
    assert again.returncode == 0, again.stderr
    assert po.read_text(encoding="utf-8") == before  # nothing changed: nothing moves

    scene = story / "scenes" / "yard.md"
    scene.write_text(scene.read_text().replace("He throws you the ball.", "He throws you the ball, hard."))
    result = cli("translate", str(story), "--lang", "es")
    assert result.returncode == 0, result.stderr
    after = entries(po)
    fuzzy = sorted(k for k, e in after.items() if e.fuzzy)
    assert fuzzy == ["end-talk#1"]
    changed = after["end-talk#1"]
    assert changed.msgid == "He throws you the ball, hard."
    assert changed.previous_msgid == "He throws you the ball."
    assert changed.msgstr == SPANISH["end-talk#1"]
    for key, text in SPANISH.items():
        assert after[key].msgstr == text
    assert "1 fuzzy" in result.stdout


def test_removed_texts_become_obsolete_and_new_ones_are_added(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    po = story / "locales" / "es.po"
    cli("translate", str(story), "--lang", "es")
    fill(po, SPANISH)
    scene = story / "scenes" / "yard.md"
    text = scene.read_text()
    text = text.replace("* (wave) [Wave and drive on] -> end-drive\n", "* (honk) [Honk twice] -> end-drive\n")
    scene.write_text(text)
    assert cli("translate", str(story), "--lang", "es").returncode == 0
    after = entries(po)
    assert after["yard/wave"].obsolete and after["yard/wave"].msgstr == "Saludar y seguir"
    assert not after["yard/honk"].obsolete and after["yard/honk"].msgstr == ""
    assert '#~ msgctxt "yard/wave"' in po.read_text(encoding="utf-8")
    # the text comes back: so does its translation
    scene.write_text(text.replace("* (honk) [Honk twice]", "* (wave) [Wave and drive on]"))
    assert cli("translate", str(story), "--lang", "es").returncode == 0
    back = entries(po)
    assert not back["yard/wave"].obsolete and back["yard/wave"].msgstr == "Saludar y seguir"
    assert not back["yard/wave"].fuzzy


def test_a_paragraph_added_above_others_does_not_cost_their_translations(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    po = story / "locales" / "es.po"
    cli("translate", str(story), "--lang", "es")
    fill(po, SPANISH)
    scene = story / "scenes" / "yard.md"
    scene.write_text(scene.read_text().replace("A boy throws", "The street is hot.\n\nA boy throws"))
    assert cli("translate", str(story), "--lang", "es").returncode == 0
    after = entries(po)
    new = after["yard#1"]  # its English changed: its old translation, fuzzy, as msgmerge does
    assert new.fuzzy and new.previous_msgid.startswith("A boy throws")
    assert after["yard#2"].msgstr == SPANISH["yard#1"] and not after["yard#2"].fuzzy
    assert after["yard#3"].msgstr == SPANISH["yard#2"] and not after["yard#3"].fuzzy


def test_bad_language_and_broken_catalog_are_clear_errors(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    bad = cli("translate", str(story), "--lang", "../x")
    assert bad.returncode == 2 and "not a language code" in bad.stderr
    (story / "locales").mkdir()
    (story / "locales" / "es.po").write_text('msgid "a"\nmsgstr b\n', encoding="utf-8")
    broken = cli("translate", str(story), "--lang", "es")
    assert broken.returncode == 1
    assert "not a valid PO file" in broken.stderr and "Traceback" not in broken.stderr
    assert (story / "locales" / "es.po").read_text(encoding="utf-8") == 'msgid "a"\nmsgstr b\n'


def test_play_lang_es_plays_the_translation_in_plain_mode(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    cli("translate", str(story), "--lang", "es")
    fill(story / "locales" / "es.po", SPANISH)
    result = cli("play", str(story), "--plain", "--lang", "es", "--choices", "1", "--no-log")
    assert result.returncode == 0, result.stderr
    spanish = ("El patio de enfrente", "Su mamá saluda desde el porche.", "Todavía no te conoce.")
    spanish += ("Otra llamada",)
    for text in spanish:
        assert text in result.stdout
    assert "His mother" not in result.stdout
    english = cli("play", str(story), "--plain", "--choices", "1", "--no-log")
    assert "His mother waves" in english.stdout
