"""Taking choices for the checker: the runtime's own transitions, plus what they hide.

:func:`patrolday.engine.runtime.choose` returns only the next state. The checker also
needs to know which fallback was taken automatically on the way and which effect wanted
to push a meter past its range before the clamp; the runtime reports both into a
:class:`Trace` when given one, so the checker plays by exactly the player's rules
(there is no second copy of them to drift). It also needs what the text of each scene
passed through saw, which the state keeps as ``flow_envs``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from patrolday import engine
from patrolday.engine import Choice, GameState, Snapshot, Story

from . import analysis


@dataclass(slots=True)
class Trace(engine.Trace):
    """The runtime's trace, plus the watched scenes passed through and what their text saw."""

    passed: list[tuple[str, Snapshot]] = field(default_factory=list)


class Stepper:
    """Starts and takes choices through the runtime, collecting a :class:`Trace` of each."""

    def __init__(self, story: Story, watch: frozenset[str] = frozenset()) -> None:
        """``watch``: scenes whose text the caller wants to check when they are passed through."""
        self.story = story
        self.watch = watch

    def start(self, part: str, seed: int, trace: Trace) -> GameState:
        return self._passed(engine.start(self.story, part, seed, trace), trace)

    def choose(self, state: GameState, choice: Choice, trace: Trace) -> GameState:
        """Take an available ``choice`` exactly as a player would."""
        return self._passed(engine.take(self.story, state, choice, trace), trace)

    def _passed(self, state: GameState, trace: Trace) -> GameState:
        if self.watch:
            for sid, env in zip(state.flow, state.flow_envs, strict=False):
                if sid in self.watch and env is not None:
                    trace.passed.append((sid, env))
        return state


def state_key_function(story: Story) -> Callable[[GameState], tuple[object, ...]]:
    """A function from state to what the story can still observe of it (its identity for dedup).

    Only variables live at the state's scene, visit counts up to what conditions can tell
    apart, and taken flags that can hide a choice or are read by ``chosen()``: everything
    else cannot change what happens next, so states that differ only there are merged.
    """
    live = analysis.live_variables(story)
    order = [v.name for v in story.variables]
    names = {sid: tuple(n for n in order if n in live[sid]) for sid in story.scenes}
    caps = tuple((sid, cap) for sid, cap in sorted(analysis.visit_caps(story).items()) if sid in story.scenes)
    observable = analysis.observable_choices(story)

    def key(state: GameState) -> tuple[object, ...]:
        vars, visits = state.vars, state.visits
        counts = tuple(
            [visits.get(sid, 0) if cap is None else min(visits.get(sid, 0), cap) for sid, cap in caps]
        )
        values = tuple([vars[n] for n in names[state.scene]])
        # The tunnel return stack decides where `->->` goes: always part of the identity.
        return (state.scene, values, counts, state.chosen & observable if observable else None, state.stack)

    return key
