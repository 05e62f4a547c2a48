"""Invisible characters in a story file, as diagnostics with line and column.

Which characters, and why, is :mod:`patrolday.engine.invisible`'s business; this module
finds them in a file's text. Control characters are refused anywhere. Invisible
formatting characters (zero-width space, tag characters, ...) are refused only on the
lines that name things a player picks or sees as a name: choice lines, tag lines
(``# title:``, ``# ending:``, ...) and scene headers. Prose may need them.
"""

from __future__ import annotations

from collections.abc import Iterator
from re import Pattern

from .diagnostics import Diagnostic, Location
from .invisible import ANY_CONTROL, CONTROL, HINT, INVISIBLE, INVISIBLE_HINT, MAX_REPORTED, describe

_PLAIN_ASCII = bytes(b for b in range(128) if b in (9, 10, 13) or 32 <= b < 127)


def refused_characters(data: bytes, text: str, file: str, names: bool = True) -> list[Diagnostic]:
    """:func:`control_characters` and (with ``names``) :func:`invisible_in_names` of a file
    whose bytes are ``data`` and whose decoded text is ``text``.

    Why the bytes: deleting every plain ASCII byte (one C-speed ``translate``) leaves only
    the file's unusual characters, still whole (UTF-8 never puts an ASCII byte inside a
    character), and usually none at all. Both scans then look at those few characters,
    and the line-by-line work runs only for a file that really holds one. On a
    10,000-scene story this is a tenth of the time the two scans over the text took.
    """
    unusual = data.translate(None, _PLAIN_ASCII)
    odd = unusual.decode("utf-8", "replace") if unusual else ""
    out: list[Diagnostic] = []
    lone_cr = "\r" in text and text.count("\r") != text.count("\r\n")
    if lone_cr or (odd and ANY_CONTROL.search(odd)):
        out = control_characters(text, file)
    if names and odd and INVISIBLE.search(odd):
        out += invisible_in_names(text, file)
    return out


def control_characters(text: str, file: str) -> list[Diagnostic]:
    """One diagnostic per control character (up to :data:`MAX_REPORTED`), at line and column."""
    # Fast path for clean text (nearly all of it): a plain character class scans far faster
    # than CONTROL's lone-CR lookahead, and a CR is only a problem outside a CRLF pair.
    if ANY_CONTROL.search(text) is None and ("\r" not in text or text.count("\r") == text.count("\r\n")):
        return []
    found = (
        Diagnostic(where, f"invisible control character {describe(ch)} in the text", HINT, code="control")
        for where, ch, _ in _matches(CONTROL, text, file)
    )
    return _at_most(found, "more invisible control characters follow in this file", HINT, "control")


def invisible_in_names(text: str, file: str) -> list[Diagnostic]:
    """Invisible formatting characters on choice lines, tag lines and headers (see the module)."""
    if INVISIBLE.search(text) is None:  # nearly every file: one scan, no per-line work
        return []
    found = (
        Diagnostic(where, f"invisible character {describe(ch)} in {kind}", INVISIBLE_HINT, code="invisible")
        for where, ch, line in _matches(INVISIBLE, text, file)
        if (kind := _naming_line(line)) is not None
    )
    return _at_most(found, "more invisible characters follow in this file", INVISIBLE_HINT, "invisible")


def _matches(pattern: Pattern[str], text: str, file: str) -> Iterator[tuple[Location, str, str]]:
    """(place, character, its whole line) for each match."""
    for m in pattern.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        line = text[start : end if end >= 0 else len(text)]
        number = text.count("\n", 0, start) + 1
        yield Location(file, number, m.start() - start + 1), m.group()[0], line


def _naming_line(line: str) -> str | None:
    """What a scene-file line names, if it names anything (the parser's own first-character rules)."""
    s = line.strip().lstrip("\ufeff")
    if s.startswith("//"):
        return None
    if s.startswith("==="):
        return "a scene header"
    if s.startswith("#"):
        return "a tag line (a title, an ending, a summary, a route)"
    if s[:1] in ("*", "+") and (len(s) == 1 or s[1] in " \t{([-"):
        return "a choice: two options could look the same"
    return None


def _at_most(found: Iterator[Diagnostic], more: str, hint: str, code: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for diag in found:
        if len(out) == MAX_REPORTED:
            out.append(Diagnostic(out[0].location, more, hint, code=code))
            break
        out.append(diag)
    return out
