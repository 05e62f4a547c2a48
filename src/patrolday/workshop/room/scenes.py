"""A decision scene as the phones see it: the question, the options that can be taken, the text.

Kept apart from :mod:`.state` (which knows nothing of stories) so the room's rules do not
depend on the engine; facilitator mode calls :func:`decision_for` at each decision.
"""

from __future__ import annotations

import re

from patrolday.engine import SceneView

from .state import Decision, RoomOption

_EMPHASIS = re.compile(r"(\*\*|\*|__|_)(?=\S)(.+?)(?<=\S)\1")
DEFAULT_QUESTION = "What would you do here, and why?"


def plain(text: str) -> str:
    """Story text without its emphasis marks (``*word*``): the phone shows text, not markup."""
    return " ".join(_EMPHASIS.sub(r"\2", text).split())


def decision_for(view: SceneView, read_along: bool = False) -> Decision:
    """What the phones are offered at ``view``: only options that can be taken, numbered as on
    the projector; the scene's paragraphs too when ``read_along``."""
    options = tuple(RoomOption(c.id, c.number, plain(c.label)) for c in view.choices if c.enabled)
    text = tuple(plain(b.text) for b in view.blocks if b.text.strip()) if read_along else ()
    questions = tuple(plain(q) for q in view.questions) or (DEFAULT_QUESTION,)
    return Decision(plain(view.title or ""), questions, options, text)
