"""Characters a reader cannot see: the one list of them, and the two ways of printing around them.

Why refuse control characters in story text instead of stripping them at display time
only? A story is someone else's data, and an escape sequence (``ESC [ ...``), a carriage
return or a backspace printed to a terminal can recolour, retitle, clear or rewrite the
player's screen. Refusing them when the story loads means no front end ever receives one,
and the author learns exactly where the invisible character sits. Tab is allowed; a
carriage return only as part of a Windows line ending. Bidirectional overrides,
embeddings and isolates (U+202A-U+202E, U+2066-U+2069) are refused too: they make a line
display in a different order than it is stored ("Trojan Source"), so an option could read
differently from what it does, and terminals apply them unevenly anyway. Right-to-left
letters themselves are fine.

Zero-width and other invisible formatting characters (zero-width space and joiners, word
joiner, soft hyphen, Unicode tag characters, Hangul fillers, ...) are not terminal
commands, and prose can need some of them (emoji sequences join with ZWJ, Persian writes
ZWNJ). But in a title or an option label they let two different things look the same
(``Go`` and ``G\\u200bo``), and tag characters can hide whole words. So they are refused in
titles, labels and tag lines (:data:`INVISIBLE`), and allowed in prose.

This module is the only place these sets are written down; it imports nothing from the
engine, so the diagnostics module can use it to print any path or message safely:

- :func:`printable` drops control characters from text about to be shown (defence in
  depth for story text, which the loader has already checked);
- :func:`visible` writes control and invisible characters out (``\\x1b``, ``\\u202e``,
  ``\\n``) in names that are printed, such as file names, so a hostile name cannot reach the
  terminal but its author can still find the file.
"""

from __future__ import annotations

import re

# C0 controls except tab, line feed and carriage return; DEL; C1 (with the 8-bit CSI);
# bidirectional embeddings, overrides and isolates.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
# Invisible formatting characters (the default-ignorable code points, less the variation
# selectors that emoji need), and the line and paragraph separators.
_INVISIBLES = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028\u2029"
    "\u2060-\u2064\u206a-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)

CONTROL = re.compile(f"[{_CONTROLS}]|\r(?!\n)")
"""What a story file may not hold: every control character, and a CR outside a CRLF pair."""
ANY_CONTROL = re.compile(f"[{_CONTROLS}]")
"""The same without the lone-CR lookahead: a fast first scan over clean text."""
INVISIBLE = re.compile(f"[{_INVISIBLES}]")
"""What a title, an option label or a tag line may not hold on top of :data:`CONTROL`."""
_UNPRINTABLE = re.compile(f"[{_CONTROLS}\r]")
_UNSEEN = re.compile(f"[{_CONTROLS}{_INVISIBLES}\t\n\r]")

HINT = "remove the invisible character (retype the text around it if your editor does not show it)"
INVISIBLE_HINT = (
    "remove it: in a title or an option an invisible character can make two different things look the same"
)
MAX_REPORTED = 10  # per file: one bad paste can hold thousands

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
    0x00AD: "soft hyphen",
    0x034F: "combining grapheme joiner",
    0x061C: "Arabic letter mark",
    0x115F: "Hangul choseong filler",
    0x1160: "Hangul jungseong filler",
    0x180E: "Mongolian vowel separator",
    0x200B: "zero-width space",
    0x200C: "zero-width non-joiner",
    0x200D: "zero-width joiner",
    0x200E: "left-to-right mark",
    0x200F: "right-to-left mark",
    0x2028: "line separator",
    0x2029: "paragraph separator",
    0x2060: "word joiner",
    0x3164: "Hangul filler",
    0xFEFF: "zero-width no-break space (a byte order mark)",
    0xFFA0: "halfwidth Hangul filler",
}


def describe(ch: str) -> str:
    """``U+200B (zero-width space)``: how a diagnostic names an invisible character."""
    code = ord(ch)
    name = _NAMES.get(code)
    if name is None:
        if 0xE0000 <= code <= 0xE007F:
            name = "tag character, which can hide text"
        elif INVISIBLE.match(ch):
            name = "invisible formatting character"
        else:
            name = "control character"
    return f"U+{code:04X} ({name})"


def printable(text: str) -> str:
    """``text`` without control characters (escape codes, bells, bidi overrides, CRs): safe to
    show in a terminal or a file. Tabs and line feeds stay."""
    return _UNPRINTABLE.sub("", text) if _UNPRINTABLE.search(text) else text


def _written_out(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if ch in "\t\n\r":
        return {"\t": "\\t", "\n": "\\n", "\r": "\\r"}[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every control and invisible character (and tab and line break) written out
    as an escape (``\\x1b``, ``\\u200b``, ``\\n``): for names that are printed, such as file names
    in diagnostics, which must stay on one line and show what they really hold."""
    return _UNSEEN.sub(_written_out, text) if _UNSEEN.search(text) else text
