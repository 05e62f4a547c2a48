"""Inline text read without a game state: what a label or a paragraph says as written.

The debrief, the report and the story map name options and show paragraphs with no game
in progress (a session log, a story map), so they need the text of ``{...}`` parts
without evaluating them. This is that reading, once, for everyone outside the engine.
"""

from __future__ import annotations

from .model import Cond, Interp, Parts, Seq


def static_text(parts: Parts, *, expressions: bool = False) -> str:
    """The text of ``parts`` as written: a condition shows its "then" text, an alternative its
    first branch; an interpolation is left out, or shown as ``{source}`` with ``expressions``.
    Runs of white space become one space."""
    out: list[str] = []
    stack: list[Parts] = [parts]
    positions = [0]
    while stack:  # iterative: nesting depth is bounded by the loader, but recursion need not be
        top = stack[-1]
        i = positions[-1]
        if i >= len(top):
            stack.pop()
            positions.pop()
            continue
        positions[-1] = i + 1
        part = top[i]
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Interp):
            if expressions:
                out.append("{" + part.expr.source + "}")
        elif isinstance(part, Cond):
            stack.append(part.then)
            positions.append(0)
        elif isinstance(part, Seq) and part.branches:
            stack.append(part.branches[0])
            positions.append(0)
    return " ".join("".join(out).split())
