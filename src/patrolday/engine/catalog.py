"""A story's translation catalogs: ``locales/LANG.po`` in the story folder, read safely.

GNU gettext PO files, because translators already have tools for them (Poedit, Weblate,
Lokalize, any text editor). Each entry's ``msgctxt`` is a stable id (see
:func:`patrolday.engine.translation.translatable_units`), ``msgid`` the English and
``msgstr`` the translation. polib parses the file; this module adds the story folder's
file rules (inside the folder, a size limit, UTF-8, no control characters) and the
line and column of every ``msgstr``, so problems point into the file a translator edits.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import polib

from .diagnostics import Diagnostic, Location
from .story_files import Refused, display, inside, lexists, open_regular, read_and_close, unreadable
from .text_refusals import control_characters
from .translation import Translation

LOCALES = "locales"
MAX_CATALOG_BYTES = 16 * 1024 * 1024
LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:[_-][A-Za-z0-9]{1,8})*")
"""A language code as a catalog's name: ``es``, ``es_US``, ``pt-BR``. Nothing else is looked up,
so a ``--lang`` value can never name a file outside ``locales/``."""


class Entry(NamedTuple):
    """One entry of a catalog, as the checker reads it."""

    id: str  # msgctxt
    english: str  # msgid
    translation: Translation  # msgstr and where it is
    fuzzy: bool
    obsolete: bool
    previous: str | None  # the English it was translated from, for a fuzzy entry (#| msgid)


@dataclass(slots=True)
class Catalog:
    """What a catalog holds and what is wrong with it as a file."""

    language: str
    path: Path | None  # None: there is no catalog for this language
    shown: str
    entries: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def translations(self) -> dict[str, Translation]:
        """The entries a game uses: translated, neither fuzzy nor obsolete."""
        return {
            e.id: e.translation for e in self.entries if e.translation.text and not e.fuzzy and not e.obsolete
        }


def valid_language(code: str) -> bool:
    return LANGUAGE.fullmatch(code) is not None


def catalog_candidates(language: str) -> list[str]:
    """File names tried for ``language``, most exact first: ``es_US.po``, ``es-US.po``, ``es.po``."""
    names = [language, language.replace("-", "_"), language.replace("_", "-"), re.split(r"[_-]", language)[0]]
    out: list[str] = []
    for name in names:
        if name and f"{name}.po" not in out:
            out.append(f"{name}.po")
    return out


def languages(root: str | os.PathLike[str]) -> tuple[str, ...]:
    """The languages a story folder has catalogs for (``locales/*.po``), sorted."""
    folder = Path(root) / LOCALES
    try:
        names = os.listdir(folder)
    except OSError:
        return ()
    return tuple(sorted(n[:-3] for n in names if n.endswith(".po") and valid_language(n[:-3])))


def read_catalog(
    root: str | os.PathLike[str], language: str, given: str | os.PathLike[str] | None = None
) -> Catalog:
    """The catalog for ``language`` in the story folder ``root`` (``given``: the folder as the
    user wrote it, for messages). Never raises for a bad file: its problems are diagnostics."""
    root_path = Path(root)
    base = Path(given) if given is not None else root_path
    if not valid_language(language):
        shown = display(base / LOCALES / f"{language}.po")
        hint = "a language code is letters, with an optional region: es, es_US, pt-BR"
        return Catalog(
            language, None, shown, diagnostics=[Diagnostic(Location(shown), "not a language code", hint)]
        )
    for name in catalog_candidates(language):
        path = root_path / LOCALES / name
        shown = display(base / LOCALES / name)
        try:
            if lexists(path, shown):
                return _read(path, shown, language, root_path)
        except Refused as refused:
            return Catalog(language, path, shown, diagnostics=[refused.diagnostic])
    shown = display(base / LOCALES / f"{language}.po")
    return Catalog(language, None, shown)


def _read(path: Path, shown: str, language: str, root: Path) -> Catalog:
    catalog = Catalog(language, path, shown)
    try:
        real = os.path.realpath(path)
        if not inside(real, Path(os.path.realpath(root))):
            message = "the catalog is a link to a file outside the story folder"
            catalog.diagnostics.append(Diagnostic(Location(shown), message, "copy the file into locales/"))
            return catalog
        fd, size = open_regular(path, shown, "catalogs")
        if size > MAX_CATALOG_BYTES:
            os.close(fd)
            message = f"the catalog is larger than {MAX_CATALOG_BYTES // 1024 // 1024} MB"
            catalog.diagnostics.append(Diagnostic(Location(shown), message, "is this the right file?"))
            return catalog
        data = read_and_close(fd, path, shown)
    except Refused as refused:
        catalog.diagnostics.append(refused.diagnostic)
        return catalog
    except OSError as err:
        catalog.diagnostics.append(unreadable(path, shown, err))
        return catalog
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        hint = 'save the catalog as UTF-8 (and say "charset=UTF-8" in its header)'
        catalog.diagnostics.append(Diagnostic(Location(shown, line), "the catalog is not UTF-8 text", hint))
        return catalog
    control = control_characters(text, shown)
    if control:  # never shown to a player; the whole file is suspect
        catalog.diagnostics.extend(control)
        return catalog
    problem = syntax_problem(text)
    if problem is not None:
        line, column = problem
        catalog.diagnostics.append(Diagnostic(Location(shown, line, column), PO_ERROR, PO_HINT, code="po"))
        return catalog
    po = polib.pofile(text, wrapwidth=0)
    lines = text.split("\n")
    for entry in po:
        if not entry.msgctxt:
            continue
        where, positions = _msgstr_positions(lines, entry.linenum or 1, shown, entry.obsolete)
        catalog.entries.append(
            Entry(
                entry.msgctxt,
                entry.msgid,
                Translation(entry.msgstr, where, tuple(positions), entry.msgid),
                entry.fuzzy,
                bool(entry.obsolete),
                entry.previous_msgid,
            )
        )
    return catalog


PO_ERROR = "the catalog is not a valid PO file"
PO_HINT = (
    "compare the lines around it with another entry: msgctxt, msgid and msgstr, each text in double quotes"
)
_PO_LINE = re.compile(
    r'(?:#~\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*'
)


def syntax_problem(text: str) -> tuple[int, int] | None:
    """Where (line, column) the first line that is no part of a PO file is, or None.

    polib is lenient: it reads ``msgstr hola`` (no quotes) as an empty translation, which a
    later update would then write back empty. A translator's slip must be reported instead,
    so every line is checked first: a comment, a keyword with its quoted text, a continued
    quoted text, or blank. polib's own error, if it still finds one, is reported as well."""
    for n, line in enumerate(text.split("\n"), start=1):
        s = line.strip()
        if not s or (s.startswith("#") and not s.startswith("#~")) or _PO_LINE.fullmatch(s):
            continue
        if s.startswith("#~") and not s[2:].strip().startswith(("msg", '"')):
            continue
        return n, len(line) - len(line.lstrip()) + 1
    try:
        polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as err:
        m = re.search(r"line (\d+)", str(err))
        return (int(m.group(1)) if m else 1), 1
    return None


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _msgstr_positions(
    lines: list[str], first: int, shown: str, obsolete: bool
) -> tuple[Location, list[Location]]:
    """Where an entry's ``msgstr`` text starts (just inside its quote), and the place (line,
    column) of each of its characters, in order."""
    prefix = "#~" if obsolete else ""
    i = first - 1
    while i < len(lines) and not _strip(lines[i], prefix).startswith("msgstr"):
        i += 1
    if i >= len(lines):
        return Location(shown, first), []
    start = Location(shown, i + 1, lines[i].find('"') + 2)
    out: list[Location] = []
    started = False
    while i < len(lines):
        line = lines[i]
        s = _strip(line, prefix)
        if started and not s.startswith('"'):
            break
        started = True
        q = line.find('"')
        if q < 0:
            break
        j = q + 1
        while j < len(line) and line[j] != '"':
            out.append(Location(shown, i + 1, j + 1))
            j += 2 if line[j] == "\\" and j + 1 < len(line) and line[j + 1] in _ESCAPES else 1
        i += 1
    return (out[0] if out else start), out


def _strip(line: str, prefix: str) -> str:
    s = line.strip()
    if prefix and s.startswith(prefix):
        s = s[len(prefix) :].strip()
    return s
