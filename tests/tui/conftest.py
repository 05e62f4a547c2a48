"""Fixtures for the Textual player's tests: a fixed environment and the demo story.

Snapshots change with ``NO_COLOR`` and ``TEXTUAL_THEME``, and saves must never land in the
real user data folder, so every test here runs with both cleared and a temporary data
folder (``PATROLDAY_DATA_DIR``, which the app's default save location honours).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from patrolday.engine import Story, load_story

DEMO = Path(__file__).parent.parent / "stories" / "tui-demo"


@pytest.fixture(autouse=True)
def tui_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    data = tmp_path / "patrolday-data"
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    monkeypatch.delenv("PATROLDAY_EXIT_AFTER_FIRST_FRAME", raising=False)
    monkeypatch.setenv("PATROLDAY_DATA_DIR", str(data))
    return data


@pytest.fixture
def data_dir(tui_environment: Path) -> Path:
    return tui_environment


@pytest.fixture(scope="session")
def demo_story() -> Story:
    return load_story(DEMO)
