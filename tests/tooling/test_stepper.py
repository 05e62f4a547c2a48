"""The checker's findings are real.

The checker takes choices through the runtime itself (a Trace reports what it hides), so
there is no second copy of the rules to agree with. Properties over random small stories
(storygen.py):

* every ending the checker reports reached has a shortest path that really replays to it,
  and every path a finding shows replays (a dead end's path leads to that dead end);
* nothing the runtime can reach in a few steps is reported unreached (the state
  abstraction loses no behaviour), and no text it shows is reported never shown.
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


def _runtime_reach(story, depth: int, shown: dict[str, set[str]] | None = None) -> set[str]:  # type: ignore[no-untyped-def]
    """Scenes the plain runtime reaches in ``depth`` choices, without any abstraction
    (and, into ``shown``, every text and reason a player reads on the way, by scene)."""
    from patrolday.engine import present

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
            if shown is not None:
                try:
                    view = present(story, state)
                except StoryRuntimeError:
                    continue
                for block in view.blocks:
                    shown.setdefault(block.scene, set()).add(block.text)
                shown.setdefault(view.scene, set()).update(c.reason for c in view.choices if c.reason)
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
        shown: dict[str, set[str]] = {}
        assert not unreached & _runtime_reach(story, 6, shown)
        # Text the checker says no one reads in a scene is read there in none of these playthroughs.
        lines = {
            (p.location.line if p.location else 0): sid
            for sid, scene in story.scenes.items()
            for p in (*scene.paragraphs, *(k for c in scene.choices for k in c.conditions))
        }
        for finding in report.findings:
            if finding.code == "unshown-text":
                everything = " | ".join(shown.get(lines[finding.location.line], ()))
                for quoted in finding.message.split('"')[1:-1:2]:
                    assert quoted.removesuffix("...") not in everything, (finding.message, everything)
        reached_endings = {s.id for s in story.endings} - unreached
        assert reached_endings == set(report.ending_paths)
