"""The interface's Spanish catalog (shipped in the package) covers every string the code
marks for translation, keeps their {placeholders}, and holds nothing unused."""

from __future__ import annotations

import re
from pathlib import Path

import polib

from patrolday.i18n import LOCALES, _, ngettext, use_language
from patrolday.tooling.interface_catalog import extract

SPANISH = LOCALES / "es" / "LC_MESSAGES" / "patrolday.po"


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text))


def test_every_marked_string_has_a_spanish_translation_with_the_same_placeholders() -> None:
    messages = extract()
    assert len(messages) > 50  # the scan finds the wrapped strings
    po = polib.pofile(str(SPANISH))
    entries = {(e.msgid, e.msgid_plural or ""): e for e in po if not e.obsolete}
    missing = [m for m in messages if m not in entries]
    assert missing == []
    for key, entry in entries.items():
        assert key in messages, f"unused entry: {key[0]!r}"
        assert not entry.fuzzy, key
        forms = [entry.msgstr] if not key[1] else list(entry.msgstr_plural.values())
        for form in forms:
            assert form, f"untranslated: {key[0]!r}"
            assert placeholders(form) == placeholders(key[0]), (key[0], form)


def test_the_catalog_is_used_at_run_time_and_english_is_the_fallback() -> None:
    try:
        assert use_language("es_US") == "es"
        assert _("New game") == "Juego nuevo"
        assert ngettext("Your path: {count} choice.", "Your path: {count} choices.", 2).startswith(
            "Tu camino"
        )
        assert _("a string nobody translated") == "a string nobody translated"
        assert use_language("fr") == "en" and _("New game") == "New game"
        assert use_language("../../etc") == "en"
    finally:
        use_language(None)


def test_the_catalog_ships_in_the_package() -> None:
    assert SPANISH.is_file()
    assert Path(SPANISH).is_relative_to(Path(__import__("patrolday").__file__).parent)
