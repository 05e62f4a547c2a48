"""Where the bundled story lives: inside the installed package, or in a source checkout.

A wheel carries ``story/`` as ``patrolday/_story`` (see pyproject.toml); an editable
install or a plain checkout uses the top-level ``story/`` folder beside ``src/``.
"""

from __future__ import annotations

from pathlib import Path


def bundled_story_path() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "_story"
    if (packaged / "story.toml").is_file():
        return packaged
    return here.parent.parent / "story"
