"""The join address as a QR code drawn with text, for the projector (segno makes the code).

Two rows of modules per line of text (the half-block characters), with the quiet zone the
standard asks for, so a phone's camera reads it off a projected terminal. The lines are
meant to be drawn dark on light whatever the theme (the caller styles them); the address
and the room code are always shown as text beside it, so nobody depends on the picture.
"""

from __future__ import annotations

import segno

_CHARS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_lines(text: str, border: int = 2) -> list[str]:
    """``text`` as a QR code, one string per line of text (dark modules as block characters)."""
    code = segno.make(text, error="m", micro=False)
    rows = [[bool(cell) for cell in row] for row in code.matrix_iter(scale=1, border=border)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [
        "".join(_CHARS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]
