"""Fixtures for the tooling tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tooling_helpers import run_cli


@pytest.fixture
def cli() -> Callable[..., object]:
    return run_cli
