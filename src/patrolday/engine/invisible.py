"""Invisible control characters in story text: found at load time, reported with a place.

Why refuse them instead of stripping at display time only? A story is someone else's
data, and an escape sequence (``ESC [ ...``), a carriage return or a backspace printed to
a terminal can recolour, retitle, clear or rewrite the player's screen. Refusing them
when the story loads means no front end ever receives one, and the author learns exactly
where the invisible character sits. Tab is allowed; a carriage return only as part of a
Windows line ending. Bidirectional overrides, embeddings and isolates (U+202A-U+202E,
U+2066-U+2069) are refused too: they make a line display in a different order than it is
stored ("Trojan Source"), so an option could read differently from what it does, and
terminals apply them unevenly anyway. Right-to-left letters themselves are fine.
"""

from __future__ import annotations

import re

from .diagnostics import Diagnostic, Location

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
HINT = "remove the invisible character (retype the text around it if your editor does not show it)"
_NAMES = {
    0x00: "NUL",
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "escape, which starts terminal control codes",
    0x7F: "delete",
    0x9B: "CSI, which starts terminal control codes",
    0x202A: "left-to-right embedding",
    0x202B: "right-to-left embedding",
    0x202C: "pop directional formatting",
    0x202D: "left-to-right override",
    0x202E: "right-to-left override, which shows text in a different order than it is stored",
    0x2066: "left-to-right isolate",
    0x2067: "right-to-left isolate",
    0x2068: "first strong isolate",
    0x2069: "pop directional isolate",
}
MAX_REPORTED = 10  # per file: one bad paste can hold thousands


def describe(ch: str) -> str:
    code = ord(ch)
    name = _NAMES.get(code, "control character")
    return f"U+{code:04X} ({name})"


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_characters(text: str, file: str) -> list[Diagnostic]:
    """One diagnostic per control character (up to :data:`MAX_REPORTED`), at line and column."""
    # Fast path for clean text (nearly all of it): a plain character class scans far faster
    # than CONTROL's lone-CR lookahead, and a CR is only a problem outside a CRLF pair.
    if _ANY_CONTROL.search(text) is None and ("\r" not in text or text.count("\r") == text.count("\r\n")):
        return []
    out: list[Diagnostic] = []
    for m in CONTROL.finditer(text):
        if len(out) == MAX_REPORTED:
            out.append(
                Diagnostic(
                    out[0].location,
                    "more invisible control characters follow in this file",
                    HINT,
                    code="control",
                )
            )
            break
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        out.append(
            Diagnostic(
                Location(file, line, column),
                f"invisible control character {describe(m.group()[0])} in the text",
                HINT,
                code="control",
            )
        )
    return out
