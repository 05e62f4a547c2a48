"""The interface's language is one per process (patrolday.i18n): every test here leaves it English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from patrolday.i18n import use_language


@pytest.fixture(autouse=True)
def english_interface_after() -> Iterator[None]:
    yield
    use_language(None)
