"""patrolday: a terminal text adventure that retells a true patrol day, and its engine.

The package root is lazy (PEP 562): ``import patrolday`` costs almost nothing, so
``patrolday --help`` and ``patrolday check`` never pay for Textual. Engine names are
re-exported on first use::

    import patrolday
    story = patrolday.load_story("story")
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_ENGINE_NAMES = {
    "load_story",
    "start",
    "present",
    "choose",
    "choose_number",
    "replay",
    "Story",
    "GameState",
    "SceneView",
    "StoryError",
    "PatroldayError",
    "InvalidChoice",
}


def __getattr__(name: str) -> Any:
    if name in _ENGINE_NAMES:
        return getattr(import_module("patrolday.engine"), name)
    raise AttributeError(f"module 'patrolday' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_ENGINE_NAMES])
