"""Taking a choice the way the runtime does, while seeing what the runtime hides.

:func:`patrolday.engine.runtime.choose` returns only the next state. The checker also
needs to know which fallback was taken automatically on the way and which effect wanted
to push a meter past its range before the clamp. :class:`Stepper` mirrors ``choose``
step for step (``tests/tooling/test_stepper.py`` proves they agree on random stories)
and records both in a :class:`Trace`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from patrolday.engine.diagnostics import StoryRuntimeError
from patrolday.engine.expressions import MAX_NUMBER, EvaluationError, Value
from patrolday.engine.loader import MAX_CONTINUATIONS
from patrolday.engine.model import Choice, Effect, Scene, Story
from patrolday.engine.runtime import GameState, choice_status

from . import analysis

# -- transitions ---------------------------------------------------------------------------------


class _Env:
    """What expressions read while effects run: the variables being changed, the rest fixed."""

    __slots__ = ("chosen", "vars", "visits")

    def __init__(self, vars: dict[str, Value], visits: Mapping[str, int], chosen: frozenset[str]) -> None:
        self.vars = vars
        self.visits = visits
        self.chosen = chosen


@dataclass(slots=True)
class Trace:
    """What happened inside one transition that the resulting state does not show."""

    fallbacks: list[Choice] = field(default_factory=list)
    overflows: list[tuple[Effect, int, tuple[int, int]]] = field(default_factory=list)
    # Scenes passed automatically, with what their text saw then (as the runtime's flow_envs).
    passed: list[tuple[str, _Env]] = field(default_factory=list)


class Stepper:
    """Takes choices like the runtime does, recording fallbacks and pre-clamp meter values.

    For speed, a state's visit counts hold only the scenes some expression asks about
    (others are never observable) and its mappings are plain dicts that are never changed
    after the state is built.
    """

    def __init__(self, story: Story, watch: frozenset[str] = frozenset()) -> None:
        """``watch``: scenes whose text the caller wants to check when they are passed through."""
        self.story = story
        self.watch = watch
        self.bounds = story.bounds
        self.tracked = frozenset(
            ref.target
            for expr in analysis.iter_expressions(story)
            for ref in expr.refs
            if ref.kind == "scene"
        )
        self.routers = frozenset(
            sid
            for sid, s in story.scenes.items()
            if s.divert is not None or any(c.fallback for c in s.choices)
        )

    def _effects(
        self,
        effects: tuple[Effect, ...],
        vars: dict[str, Value],
        visits: Mapping[str, int],
        chosen: frozenset[str],
        trace: Trace,
    ) -> dict[str, Value]:
        """As :func:`patrolday.engine.runtime.apply_effects`, noting values a meter's clamp hides."""
        if not effects:
            return vars
        env = _Env(vars, visits, chosen)
        for effect in effects:
            try:
                value = effect.expr(env)
            except EvaluationError as err:
                raise StoryRuntimeError(str(err), effect.location) from None
            if effect.op == "+=":
                value = vars[effect.var] + value  # type: ignore[operator]
            elif effect.op == "-=":
                value = vars[effect.var] - value  # type: ignore[operator]
            bounds = self.bounds.get(effect.var)
            if bounds is not None:
                if not bounds[0] <= value <= bounds[1]:  # type: ignore[operator]
                    trace.overflows.append((effect, value, bounds))  # type: ignore[arg-type]
                    value = max(bounds[0], min(bounds[1], value))  # type: ignore[type-var]
            elif type(value) is int and not -MAX_NUMBER <= value <= MAX_NUMBER:
                raise StoryRuntimeError(f"'{effect.var}' would leave the number range", effect.location)
            vars[effect.var] = value
        return vars

    def start(self, part: str, seed: int, trace: Trace) -> GameState:
        """As :func:`patrolday.engine.runtime.start`."""
        story = self.story
        scene = story.part(part).start
        initial = {v.name: v.initial for v in story.variables}
        state = GameState(story.id, part, scene, dict(initial), {}, seed=seed)
        return self._enter(state, scene, initial, frozenset(), trace)

    def choose(self, state: GameState, choice: Choice, trace: Trace) -> GameState:
        """As :func:`patrolday.engine.runtime.choose` for an available ``choice`` (history not kept)."""
        chosen = state.chosen if choice.key in state.chosen else state.chosen | {choice.key}
        vars = self._effects(choice.effects, dict(state.vars), state.visits, chosen, trace)
        return self._enter(state, choice.target, vars, chosen, trace)

    def _enter(
        self, state: GameState, target: str, vars: dict[str, Value], chosen: frozenset[str], trace: Trace
    ) -> GameState:
        story = self.story
        visits = state.visits
        copied = False
        flow: list[str] = []
        for _ in range(MAX_CONTINUATIONS + 1):
            if target in self.tracked:
                if not copied:
                    visits, copied = dict(visits), True
                visits[target] = visits.get(target, 0) + 1  # type: ignore[index]
            scene = story.scenes[target]
            vars = self._effects(scene.entry_effects, vars, visits, chosen, trace)
            nxt: Choice | str | None = None
            if target in self.routers:
                probe = GameState(
                    state.story_id, state.part, target, vars, visits, chosen, (), (), state.seed
                )
                nxt = _continuation(story, probe, scene)
            if nxt is None:
                return GameState(
                    state.story_id, state.part, target, vars, visits, chosen, (), tuple(flow), state.seed
                )
            flow.append(target)
            if target in self.watch:
                trace.passed.append((target, _Env(dict(vars), dict(visits), chosen)))
            if isinstance(nxt, Choice):
                trace.fallbacks.append(nxt)
                if not nxt.sticky:
                    chosen = chosen | {nxt.key}
                vars = self._effects(nxt.effects, dict(vars), visits, chosen, trace)
                target = nxt.target
            else:
                target = nxt
        raise StoryRuntimeError(
            f"more than {MAX_CONTINUATIONS} automatic continuations in a row (a loop?) after '{flow[0]}'",
            story.scenes[flow[0]].location,
        )


def _continuation(story: Story, state: GameState, scene: Scene) -> Choice | str | None:
    """As the runtime's: where the story flows on by itself from ``scene``, if anywhere."""
    if scene.divert is not None:
        return scene.divert
    if not scene.choices or scene.is_ending:
        return None
    fallback: Choice | None = None
    for choice in scene.choices:
        _, enabled, _ = choice_status(story, state, choice)
        if choice.label is None:
            if enabled and fallback is None:
                fallback = choice
        elif enabled:
            return None
    return fallback


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
        return (state.scene, values, counts, state.chosen & observable if observable else None)

    return key
