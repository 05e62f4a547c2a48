"""The checker's findings are real.

The checker takes choices through the runtime itself (a Trace reports what it hides), so
there is no second copy of the rules to agree with. Properties over random small stories
(storygen.py):

* every ending the checker reports reached has a shortest path that really replays to it,
  and every path a finding shows replays (a dead end's path leads to that dead end);
* nothing the runtime can reach in a few steps is reported unreached (the state
  abstraction loses no behaviour).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from storygen import story_files, write

from patrolday.engine import StoryRuntimeError, available_choices, choose, load_story, replay, start
from patrolday.engine.runtime import Step
from patrolday.tooling.explore import check_story

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load(files: dict[str, str]):  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        return load_story(write(Path(tmp), files))


def _runtime_reach(story, depth: int) -> set[str]:  # type: ignore[no-untyped-def]
    """Scenes the plain runtime reaches in ``depth`` choices, without any abstraction."""
    reached: set[str] = set()
    frontier = []
    for part in story.parts:
        try:
            frontier.append(start(story, part.id))
        except StoryRuntimeError:
            continue
    for _ in range(depth + 1):
        nxt = []
        for state in frontier:
            reached.add(state.scene)
            reached.update(state.flow)
            for choice in available_choices(story, state):
                try:
                    nxt.append(choose(story, state, choice.id))
                except StoryRuntimeError:
                    continue
        frontier = nxt[:400]
    return reached


@SETTINGS
@given(files=story_files())
def test_checker_paths_are_real_and_nothing_reachable_is_reported_unreached(files: dict[str, str]) -> None:
    story = _load(files)
    report = check_story(story, max_states=5_000, runs=50)
    for ending, path in report.ending_paths.items():
        states = replay(story, [Step(s.scene, s.choice) for s in path.steps], path.part)
        assert states[-1].scene == ending
    for finding in report.findings:
        if finding.path is None or finding.code == "runtime-error":
            continue
        states = replay(story, [Step(s.scene, s.choice) for s in finding.path.steps], finding.path.part)
        if finding.code == "dead-end":
            assert states[-1].scene == finding.message.split("'")[1]
    if report.exhaustive:
        unreached = {f.message.split("'")[1] for f in report.findings if f.code.startswith("unreached")}
        assert not unreached & _runtime_reach(story, 6)
        reached_endings = {s.id for s in story.endings} - unreached
        assert reached_endings == set(report.ending_paths)
