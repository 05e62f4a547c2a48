"""Messages the player's widgets send upward (one place, so the flow is easy to follow).

Widgets never change the game: they say what the player asked for, and the screen that
owns the game (through the app's :class:`Game`) decides and re-renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from time import perf_counter

from textual.message import Message


@dataclass
class ChoicePicked(Message):
    """The player picked an option (by Enter, mouse or number key)."""

    choice_id: str
    number: int


@dataclass
class UnavailablePicked(Message):
    """The player picked an option that is shown but disabled."""

    number: int
    reason: str


@dataclass
class MenuPicked(Message):
    """An item of a menu (title, ending, parts, load) was chosen."""

    item_id: str


@dataclass
class SceneRendered(Message):
    """A scene's text and options are on screen (used by tests and the benchmark)."""

    scene: str
    turn: int
    drawn_at: float = field(default_factory=perf_counter)  # posted right after the frame
