"""The player's own words (menus, prompts, help, errors) in the player's language, by gettext.

The story's text comes from the story's catalogs (see docs/translating.md); the words of
patrolday itself come from catalogs shipped in the package, one GNU gettext PO file per
language: ``patrolday/locales/LANG/LC_MESSAGES/patrolday.po``. They are read with polib
when a language is chosen and kept in memory as a :class:`gettext.NullTranslations`, so
there is no compile step (no ``.mo`` files) and the standard gettext API works
(:func:`_`, :func:`ngettext`, :func:`pgettext`).

The language is chosen once, by the command line (:func:`use_language`), before any screen
is drawn; where a catalog has no translation for a string, or no catalog exists, the
English shows. Fuzzy entries are not used. Strings are marked where they are defined,
``_("New game")``, and looked up when they are called, so a language switch on the title
screen takes effect on the next screen drawn.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "patrolday"


class _Catalog(gettext.NullTranslations):
    """A PO file's translations in memory, through the gettext interface."""

    def __init__(
        self, messages: dict[tuple[str, str], str], plurals: dict[tuple[str, str], list[str]], plural: str
    ) -> None:
        super().__init__()
        self._messages = messages
        self._plurals = plurals
        try:
            self._plural = gettext.c2py(plural) if plural else (lambda n: int(n != 1))
        except (ValueError, SyntaxError):
            self._plural = lambda n: int(n != 1)

    def gettext(self, message: str) -> str:
        return self._messages.get(("", message)) or message

    def pgettext(self, context: str, message: str) -> str:
        return self._messages.get((context, message)) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plurals.get(("", msgid1))
        if forms:
            index = self._plural(n)
            if 0 <= index < len(forms) and forms[index]:
                return forms[index]
        return msgid1 if n == 1 else msgid2

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plurals.get((context, msgid1))
        if forms:
            index = self._plural(n)
            if 0 <= index < len(forms) and forms[index]:
                return forms[index]
        return msgid1 if n == 1 else msgid2


_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def catalog_path(language: str) -> Path | None:
    """The shipped catalog for ``language`` (``es_US`` falls back to ``es``), if there is one."""
    if not re.fullmatch(r"[A-Za-z]{2,8}(?:[_-][A-Za-z0-9]{1,8})*", language):
        return None
    for name in dict.fromkeys([language, language.replace("-", "_"), re.split(r"[_-]", language)[0]]):
        path = LOCALES / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            return path
    return None


def languages() -> tuple[str, ...]:
    """The languages the interface is translated into, besides English."""
    try:
        found = [p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()]
    except OSError:
        return ()
    return tuple(sorted(found))


def _read(path: Path) -> _Catalog:
    import polib

    po = polib.pofile(str(path))
    messages: dict[tuple[str, str], str] = {}
    plurals: dict[tuple[str, str], list[str]] = {}
    for entry in po:
        if entry.obsolete or entry.fuzzy:
            continue
        key = (entry.msgctxt or "", entry.msgid)
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            if any(forms):
                plurals[key] = forms
        elif entry.msgstr:
            messages[key] = entry.msgstr
    header = po.metadata.get("Plural-Forms", "")
    m = re.search(r"plural\s*=\s*([^;]+)", header)
    return _Catalog(messages, plurals, m.group(1).strip() if m else "")


def use_language(language: str | None) -> str:
    """Show the interface in ``language`` from now on (None or no catalog: English). Returns
    the language in use. A catalog that cannot be read leaves the interface in English."""
    global _current, _language
    path = catalog_path(language) if language else None
    if path is None:
        _current, _language = gettext.NullTranslations(), "en"
        return _language
    try:
        _current = _read(path)
    except (OSError, ValueError):
        _current, _language = gettext.NullTranslations(), "en"
        return _language
    _language = path.parent.parent.name
    return _language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """``message`` in the interface's language (the English when it has no translation)."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _current.pgettext(context, message)


def N_(message: str) -> str:
    """Marks ``message`` for the catalog where it is defined (a constant) without translating
    it yet: the code that shows it calls ``_(CONSTANT)``."""
    return message


tr = _
"""``_`` under a name of its own, for modules where ``_`` is also the throwaway variable."""
