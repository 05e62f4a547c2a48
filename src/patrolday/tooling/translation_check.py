"""``patrolday check STORY --lang LANG``: what is broken in a catalog, and what is left to do.

Every finding names the place a translator edits (the catalog's ``file:line:column``; for a
text the catalog does not hold yet, the story's own line) and says how to fix it:

- errors, where players see the English because the translation cannot be used: a
  translation that breaks the text's structure (a lost or added ``{...}``, a changed
  variable name or condition, alternatives out of order, emphasis marks that do not match,
  an invisible character), and a catalog that is not a readable PO file;
- warnings, work left: a text with no translation, a fuzzy one, one translated from English
  that has changed since (the catalog was not updated), an obsolete entry.

Coverage is the share of the story's texts that players see translated. The checks are
those the engine applies when it loads the translation (``structure_problems``), so what
this reports is exactly what a player would meet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from patrolday.engine import (
    Diagnostic,
    Entry,
    Location,
    Severity,
    Story,
    Unit,
    read_catalog,
    structure_problems,
    translatable_units,
)


@dataclass(frozen=True, slots=True)
class TranslationReport:
    """The findings and the counts for one language."""

    language: str
    catalog: str  # the catalog's path as shown
    exists: bool
    total: int  # texts in the story
    translated: int  # texts players see translated
    fuzzy: int
    missing: int
    broken: int
    obsolete: int
    findings: tuple[Diagnostic, ...]

    @property
    def coverage(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def errors(self) -> int:
        return sum(1 for d in self.findings if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.findings if d.severity is Severity.WARNING)


def _warning(where: Location, message: str, hint: str, code: str) -> Diagnostic:
    return Diagnostic(where, message, hint, Severity.WARNING, code)


@dataclass(slots=True)
class _Tally:
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0
    broken: int = 0


def check_translation(story: Story, language: str, given: str | None = None) -> TranslationReport:
    """Check ``story``'s catalog for ``language`` (``given``: the story folder as the user wrote it)."""
    catalog = read_catalog(story.root, language, given)
    units = translatable_units(story)
    folder = given or story.root
    update = f"patrolday translate {folder} --lang {language}"
    findings: list[Diagnostic] = list(catalog.diagnostics)
    if catalog.path is None and not catalog.diagnostics:
        findings.append(
            _warning(
                Location(catalog.shown),
                f"no catalog for '{language}'",
                f"make it with: {update}",
                "no-catalog",
            )
        )
    variables = {v.name: v.type for v in story.variables}
    entries = {e.id: e for e in catalog.entries if not e.obsolete}
    tally = _Tally()
    readable = catalog.path is not None and not any(d.code in ("po", "control") for d in catalog.diagnostics)
    for unit in units:
        findings.extend(
            _unit_findings(unit, entries.get(unit.id), variables, tally, readable, update, folder)
        )
    current = {u.id for u in units}
    obsolete = 0
    for entry in catalog.entries:
        if entry.obsolete or entry.id not in current:
            obsolete += 1
            if entry.obsolete:
                hint = "its text is no longer in the story: delete the entry once you no longer need it"
            else:
                hint = f"its text is no longer in the story: run {update} to set it aside, or delete it"
            findings.append(
                _warning(entry.translation.location, f"{entry.id}: obsolete entry", hint, "obsolete")
            )
    findings.sort(key=lambda d: (d.location.file, d.location.line, d.location.column))
    return TranslationReport(
        language,
        catalog.shown,
        catalog.path is not None,
        len(units),
        tally.translated,
        tally.fuzzy,
        tally.missing,
        tally.broken,
        obsolete,
        tuple(findings),
    )


def _unit_findings(
    unit: Unit,
    entry: Entry | None,
    variables: dict[str, str],
    tally: _Tally,
    readable: bool,
    update: str,
    folder: str,
) -> list[Diagnostic]:
    if entry is None:
        tally.missing += 1
        if not readable:
            return []  # the catalog's own problem is reported; one line per text would bury it
        where = unit.location
        if where.file == "story.toml":  # the manifest's units are written relative to the story folder
            where = where._replace(file=str(Path(folder) / "story.toml"))
        return [_warning(where, f"{unit.id}: not in the catalog yet", f"add it with: {update}", "missing")]
    tr = entry.translation
    if not tr.text:
        tally.missing += 1
        return [
            _warning(
                tr.location, f"{unit.id}: not translated", "write the translation in msgstr", "untranslated"
            )
        ]
    if entry.fuzzy:
        tally.fuzzy += 1
        hint = "compare it with the English it was made from (#| msgid), fix it, then remove the fuzzy mark"
        return [
            _warning(tr.location, f"{unit.id}: fuzzy translation (players see the English)", hint, "fuzzy")
        ]
    if entry.english != unit.english:
        tally.missing += 1
        hint = f"the English has changed since it was translated: run {update} (it marks it fuzzy)"
        return [
            _warning(
                tr.location,
                f"{unit.id}: translated from older English (players see the English)",
                hint,
                "stale",
            )
        ]
    problems = structure_problems(unit, tr.text, variables)
    if problems:
        tally.broken += 1
        return [
            Diagnostic(
                tr.at(p.offset), f"{unit.id}: {p.message} (players see the English)", p.hint, code=p.code
            )
            for p in problems
        ]
    tally.translated += 1
    return []
