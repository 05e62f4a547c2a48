"""Inline text read without a game state: what a label or a paragraph says as written.

The debrief, the report and the story map name options and show paragraphs with no game
in progress (a session log, a story map), so they need the text of ``{...}`` parts
without evaluating them. This is that reading, once, for everyone outside the engine.
"""

from __future__ import annotations

from .inline import plain_text
from .model import Parts


def static_text(parts: Parts, *, expressions: bool = False) -> str:
    """The text of ``parts`` as written: a condition shows its "then" text, an alternative its
    first branch; an interpolation is left out, or shown as ``{source}`` with ``expressions``.
    Runs of white space become one space. (The reading itself is inline.plain_text, on the
    one walker over inline text.)"""
    if expressions:
        return plain_text(parts, lambda part: "{" + part.expr.source + "}")
    return plain_text(parts)
