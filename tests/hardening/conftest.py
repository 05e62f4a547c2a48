"""Shared pieces of the hardening tests: the fixture story and the fuzz kit on the path.

The fuzz kit (``fuzz/`` at the top of the repository) holds the generators and the
contract checks that the long campaign uses too, so both check inputs the same way.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIXTURE = Path(__file__).resolve().parent / "stories" / "yard"


@pytest.fixture(scope="session")
def story():  # type: ignore[no-untyped-def]
    from patrolday.engine import load_story

    return load_story(FIXTURE)


def copy_fixture(dest: Path) -> Path:
    """A writable copy of the fixture story (tests never change the original)."""
    import shutil

    shutil.copytree(FIXTURE, dest)
    return dest
