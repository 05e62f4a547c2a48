"""Taking choices for the checker: the runtime's own transitions, plus what they hide.

:func:`patrolday.engine.runtime.choose` returns only the next state. The checker also
needs to know which fallback was taken automatically on the way and which effect wanted
to push a meter past its range before the clamp; the runtime reports both into a
:class:`Trace` when given one, so the checker plays by exactly the player's rules
(there is no second copy of them to drift). It also needs what the text of each scene
passed through saw, which the state keeps as ``flow_envs``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from patrolday import engine
from patrolday.engine import Choice, GameState, Snapshot, Story, Value


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

    def start(
        self, part: str, seed: int, trace: Trace, carried: Mapping[str, Value] | None = None
    ) -> GameState:
        """The start of ``part``; with ``carried``, as begun after a game of the part before."""
        return self._passed(engine.start(self.story, part, seed, trace, carried=carried), trace)

    def choose(self, state: GameState, choice: Choice, trace: Trace) -> GameState:
        """Take an available ``choice`` exactly as a player would."""
        return self._passed(engine.take(self.story, state, choice, trace), trace)

    def _passed(self, state: GameState, trace: Trace) -> GameState:
        if self.watch and state.flow:
            for sid, env in zip(state.flow, state.flow_envs, strict=False):
                if sid in self.watch and env is not None:
                    trace.passed.append((sid, env))
        return state
