"""The bundled story and its exhaustive check, made once for every test of the story.

The check walks every reachable state of all three parts (about 180,000) and takes the
better part of half a minute; the tests of parts one and two and of part three share it.
"""

from __future__ import annotations

from functools import cache

from patrolday.bundled import bundled_story_path
from patrolday.engine import Story, load_story
from patrolday.tooling.explore import check_story
from patrolday.tooling.findings import CheckReport


@cache
def bundled_story() -> Story:
    return load_story(bundled_story_path())


@cache
def bundled_check() -> CheckReport:
    return check_story(bundled_story())
