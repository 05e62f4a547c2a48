"""Make and update a story's translation catalog (``patrolday translate``), as msgmerge does.

The catalog is a GNU gettext PO file (see :mod:`patrolday.engine` ``read_catalog`` and
docs/translating.md). Updating it after the English changed follows msgmerge, so a
translator's tools and habits carry over:

- a unit that is new gets an empty entry;
- an entry whose English is unchanged keeps its translation (and its fuzzy mark, if any);
- an entry whose English changed keeps its translation, marked ``fuzzy``, with the English
  it was made from as ``#| msgid`` (a fuzzy translation is never shown to players);
- a unit whose English is word for word that of another translated entry takes that
  translation: as it is when both are in the same scene (a paragraph renumbered because one
  was added above it), marked fuzzy otherwise (a paragraph moved to another scene);
- an entry whose unit is gone is kept at the end as obsolete (``#~``), if it was translated,
  so the work is not lost if the text comes back.

The entry's id is its ``msgctxt``: stable ids, not the English, say which entry is which,
so two paragraphs with the same English are two entries.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib

from patrolday.engine import (
    KINDS,
    PO_HINT,
    Cond,
    Interp,
    Parts,
    Seq,
    Story,
    Unit,
    iter_parts,
    relative_location,
    syntax_problem,
    translatable_units,
)

HEADER_COMMENT = (
    "Translation of a patrolday story. Translate each msgid into msgstr; msgctxt is the text's\n"
    "stable id: never change it. See docs/translating.md. Update with: patrolday translate STORY --lang LANG"
)

WRAP = 79
"""Lines of a written catalog wrap here, as msgmerge writes them (editors rewrap anyway)."""


@dataclass(slots=True)
class Changes:
    """What an update did, for the command's summary."""

    added: int = 0
    kept: int = 0
    fuzzy: int = 0
    obsolete: int = 0
    untranslated: int = 0


_SEQ_MEANING = {
    "sequence": "shows its texts one per visit, in order, then keeps the last",
    "cycle": "shows its texts in turn, over and over",
    "once": "shows its text only the first time",
    "shuffle": "shows its texts in a shuffled order",
}


def translator_comment(unit: Unit) -> str:
    """The ``#.`` comment of an entry: what the text is and, for inline text, how to keep its
    ``{...}`` parts (one line for each kind of part the text holds)."""
    lines = [KINDS[unit.kind][0].upper() + KINDS[unit.kind][1:] + "."]
    if unit.inline:
        lines.append("Translate the whole text; put the {...} parts where your language needs them.")
        lines.extend(_inline_notes(unit.parts))
    return "\n".join(lines)


_SIGILS = {"sequence": "", "cycle": "&", "once": "!", "shuffle": "~"}


def _inline_notes(parts: Parts) -> list[str]:
    notes: list[str] = []
    for part in iter_parts(parts):
        if type(part) is Interp:
            note = f"{{{part.expr.source}}} becomes a value while playing: keep it exactly as it is."
        elif type(part) is Cond:
            cond = part.expr.source
            if part.otherwise:
                note = (
                    f"{{{cond}: ... | ...}} shows the text before the bar when '{cond}' holds, "
                    f"else the text after it: translate both, keep '{cond}:' and the bar."
                )
            else:
                note = (
                    f"{{{cond}: ...}} shows its text only when '{cond}' holds: translate it, keep '{cond}:'."
                )
        elif type(part) is Seq:
            note = (
                f"{{{_SIGILS[part.kind]}...|...}} {_SEQ_MEANING[part.kind]}: "
                "translate each text between the bars, keep the bars and the order."
            )
        else:
            continue
        if note not in notes:
            notes.append(note)
    return notes


def update_catalog(story: Story, language: str, existing: str | None) -> tuple[polib.POFile, Changes]:
    """The catalog for ``story`` in ``language``: a new one, or ``existing`` (a PO file's text)
    updated with msgmerge's rules (see the module). Raises ValueError if ``existing`` is not a
    readable PO file."""
    old = _parse(existing) if existing is not None else polib.POFile(wrapwidth=WRAP)
    by_id: dict[str, polib.POEntry] = {}
    for entry in old:
        if entry.msgctxt and (entry.msgctxt not in by_id or by_id[entry.msgctxt].obsolete):
            by_id[entry.msgctxt] = entry
    for entry in old.obsolete_entries():
        if entry.msgctxt and entry.msgctxt not in by_id:
            by_id[entry.msgctxt] = entry
    by_english: dict[str, polib.POEntry] = {}
    for entry in list(old) + old.obsolete_entries():
        if entry.msgstr and not entry.fuzzy:
            by_english.setdefault(entry.msgid, entry)
    po = polib.POFile(wrapwidth=WRAP, check_for_duplicates=False)
    po.header = old.header or HEADER_COMMENT
    po.metadata = _metadata(story, language, old.metadata)
    changes = Changes()
    units = translatable_units(story)
    for unit in units:
        po.append(_entry(story, unit, by_id.get(unit.id), by_english, changes))
    current = {u.id for u in units}
    for entry in list(old) + old.obsolete_entries():
        if entry.msgctxt and entry.msgctxt not in current and entry.msgstr:
            if not entry.obsolete:
                changes.obsolete += 1
            entry.obsolete = True
            entry.occurrences = []
            po.append(entry)
    return po, changes


def _parse(text: str) -> polib.POFile:
    problem = syntax_problem(text)
    if problem is not None:
        raise ValueError(f"line {problem[0]}, column {problem[1]}: {PO_HINT}")
    return polib.pofile(text, wrapwidth=WRAP)


def _metadata(story: Story, language: str, old: dict[str, str]) -> dict[str, str]:
    meta = dict(old)
    meta["Project-Id-Version"] = f"{story.id} {story.version}".strip()
    meta["Language"] = language
    meta.setdefault("Language-Team", "")
    meta.setdefault("Last-Translator", "")
    meta["MIME-Version"] = "1.0"
    meta["Content-Type"] = "text/plain; charset=UTF-8"
    meta["Content-Transfer-Encoding"] = "8bit"
    meta["X-Generator"] = "patrolday translate"
    meta["X-Source-Language"] = story.language
    return meta


def _entry(
    story: Story,
    unit: Unit,
    old: polib.POEntry | None,
    by_english: dict[str, polib.POEntry],
    changes: Changes,
) -> polib.POEntry:
    where = relative_location(story, unit.location)
    entry = polib.POEntry(
        msgctxt=unit.id,
        msgid=unit.english,
        msgstr="",
        comment=translator_comment(unit),
        occurrences=[(where.file, str(where.line))] if where.line > 0 else [(where.file, "")],
    )
    twin = by_english.get(unit.english)
    if twin is not None and twin.msgctxt != unit.id and (old is None or old.msgid != unit.english):
        # The same English under another id: a paragraph renumbered because one was added
        # above it in its scene keeps its translation as it is; from elsewhere, it is a guess.
        entry.msgstr = twin.msgstr
        entry.tcomment = twin.tcomment
        if _scene_of(twin.msgctxt) != _scene_of(unit.id):
            entry.flags.append("fuzzy")
            entry.previous_msgctxt = twin.msgctxt
            changes.fuzzy += 1
        else:
            changes.kept += 1
        if old is None:
            changes.added += 1
    elif old is not None:
        entry.tcomment = old.tcomment  # the translator's own "# " notes
        entry.msgstr = old.msgstr
        if old.msgid == unit.english:
            if old.fuzzy:
                entry.flags.append("fuzzy")
                entry.previous_msgid = old.previous_msgid
                entry.previous_msgctxt = old.previous_msgctxt
                changes.fuzzy += 1
            elif old.msgstr:
                changes.kept += 1
        elif old.msgstr:
            entry.flags.append("fuzzy")
            entry.previous_msgid = old.previous_msgid if old.fuzzy and old.previous_msgid else old.msgid
            changes.fuzzy += 1
    else:
        changes.added += 1
    if not entry.msgstr:
        changes.untranslated += 1
    return entry


def _scene_of(unit_id: str) -> str:
    """The scene an id belongs to (``front-yard`` of ``front-yard#3``); manifest ids have none."""
    if unit_id.startswith(("story.", "vars.", "parts.", "routes.")):
        return ""
    return unit_id.split("#")[0].split("/")[0]


def write_catalog(path: Path, po: polib.POFile) -> None:
    """Write ``po`` to ``path`` whole or not at all: a temporary file beside it, then one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = str(po)
    if not text.endswith("\n"):
        text += "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
