"""Control characters out of story text, without importing the Markdown parser.

:func:`patrolday.prose.safe` does the same, but importing :mod:`patrolday.prose` loads
markdown-it (~30 ms); the title screen, drawn before anything else, only needs this.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Text with control characters (ANSI escapes among them) removed."""
    return _CONTROL.sub("", text)
