"""Fixtures for the application layer's tests: the demo story the player's tests use too."""

from __future__ import annotations

from pathlib import Path

import pytest

from patrolday.engine import Story, load_story

DEMO = Path(__file__).parent.parent / "stories" / "tui-demo"


@pytest.fixture(scope="session")
def demo_story() -> Story:
    return load_story(DEMO)
