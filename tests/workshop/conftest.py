"""The fixture story for the workshop tests (helpers live in workshop_helpers.py)."""

from __future__ import annotations

import pytest
from workshop_helpers import VOTE_STORY

from patrolday.engine import Story, load_story


@pytest.fixture(scope="session")
def story() -> Story:
    return load_story(VOTE_STORY)
