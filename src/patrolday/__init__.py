"""patrolday: a terminal text adventure that retells a true patrol day, and its engine.

The package root is lazy (PEP 562): ``import patrolday`` costs almost nothing, so
``patrolday --help`` and ``patrolday check`` never pay for Textual. The engine's public
names (``patrolday.engine.__all__``, listed once there) are re-exported on first use::

    import patrolday
    story = patrolday.load_story("story")
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if not name.startswith("_"):
        engine = import_module("patrolday.engine")  # the face only: it imports no engine module
        if name in engine.__all__:
            return getattr(engine, name)
    raise AttributeError(f"module 'patrolday' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *import_module("patrolday.engine").__all__])


if TYPE_CHECKING:
    from patrolday.engine import *  # noqa: F403  (the face's names, for type checkers)
