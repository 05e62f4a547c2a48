"""Diagnostics: every problem the loader finds, with a place and a way to fix it.

The loader never stops at the first mistake: authors fix stories in batches, so it
collects :class:`Diagnostic` records and raises one :class:`StoryError` carrying all of
them. Positions are 1-based, as editors show them.

Printed, a diagnostic shows control and invisible characters written out (``\\x1b``,
``\\u202e``, ``\\n``): a file name from a zip of someone else's story, or a TOML key written
with escapes, can hold terminal commands, and the record keeps them as they are (tools
reading :meth:`Diagnostic.to_json` get the real path) but printing never sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from .invisible import visible


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Location(NamedTuple):
    """A place in a story file: path as the author would type it, 1-based line and column.

    A NamedTuple rather than a frozen dataclass: a large story holds one per paragraph,
    choice, condition and effect (150,000 in a 10,000-scene story), and a tuple is built in
    half the time while staying immutable and hashable.
    """

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        file = visible(self.file)
        if self.line <= 0:
            return file
        if self.column <= 0:
            return f"{file}:{self.line}"
        return f"{file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: where, what, and how to fix it."""

    location: Location
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: str = ""

    def format(self) -> str:
        text = f"{self.location}: {self.severity.value}: {visible(self.message)}"
        if self.hint:
            text += f"\n    hint: {visible(self.hint)}"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class PatroldayError(Exception):
    """Base of every error patrolday raises on purpose; anything else is a bug."""


class StoryError(PatroldayError):
    """A story could not be loaded. Carries every diagnostic found, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        errors = [d for d in self.diagnostics if d.severity is Severity.ERROR]
        head = errors[0].format() if errors else "story could not be loaded"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(head + more)

    def format(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)


class StoryRuntimeError(PatroldayError):
    """A step could not be taken (division by zero, number out of range).

    The state it was taken from is untouched, so a player can report it and go on.
    """

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class SaveError(PatroldayError):
    """A save file cannot be used. The file itself is never deleted or changed."""
