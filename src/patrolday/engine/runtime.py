"""The runtime: pure functions from (story, state, choice) to a new state.

Nothing here does I/O or keeps global state. :class:`GameState` is immutable and holds
everything that changes, so undo is "keep the previous state", a save is "serialise the
state", and exhaustive exploration is "call :func:`choose` on every option".
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from .diagnostics import Location, PatroldayError, StoryRuntimeError
from .expressions import EvaluationError, Value
from .model import MAX_CONTINUATIONS, Choice, Cond, Effect, Interp, Parts, Scene, Seq, Story, TextBlock

_EMPTY: Mapping[str, int] = MappingProxyType({})
MAX_SHOWN = 100_000  # characters in one paragraph or label as shown; text variables can repeat


class Step(NamedTuple):
    """One choice in the history: where the player was and what they chose (a NamedTuple:
    one is made per step, and saves store it as a two-item list)."""

    scene: str
    choice: str  # the choice id within that scene


class Snapshot:
    """What expressions read: variables, visit counts and taken choices at one moment.

    Used while effects run (the variables change, the rest is the state's) and kept in
    ``GameState.flow_envs`` for scenes passed through, so their text renders as it was.
    """

    __slots__ = ("chosen", "vars", "visits")

    def __init__(self, vars: Mapping[str, Value], visits: Mapping[str, int], chosen: frozenset[str]) -> None:
        self.vars = vars
        self.visits = visits
        self.chosen = chosen


@dataclass(frozen=True, slots=True)
class GameState:
    """Everything that changes while playing. Immutable and JSON-serialisable."""

    story_id: str
    part: str
    scene: str
    vars: Mapping[str, Value]
    visits: Mapping[str, int] = field(default_factory=lambda: _EMPTY)
    chosen: frozenset[str] = frozenset()  # keys "scene/choice" of choices taken at least once
    history: tuple[Step, ...] = ()
    flow: tuple[str, ...] = ()  # scenes passed through automatically before `scene`
    seed: int = 0
    # What each scene in `flow` saw when it was entered (vars, visits, chosen), so its text
    # renders as it was then. Display only: not compared, not saved (after a load, flowed
    # text renders with the loaded state).
    flow_envs: tuple[Snapshot | None, ...] = field(default=(), compare=False, repr=False)

    @property
    def turn(self) -> int:
        return len(self.history)


# Views are NamedTuples, not frozen dataclasses: a front end builds one SceneView (with its
# options and meters) per frame, and a tuple is built about six times faster while being
# just as immutable. The model and GameState, built once per load or per step, stay
# frozen dataclasses.


class ChoiceView(NamedTuple):
    """An option as shown. ``number`` is 1-based among the shown options."""

    number: int
    id: str
    key: str
    label: str
    enabled: bool = True
    reason: str = ""


class MeterView(NamedTuple):
    """A meter as shown: its value within min..max."""

    name: str
    label: str
    value: int
    min: int
    max: int
    description: str = ""


class SceneView(NamedTuple):
    """What a player front end needs to draw one moment of the game; no UI types in it."""

    scene: str
    title: str | None
    blocks: tuple[TextBlock, ...]
    choices: tuple[ChoiceView, ...]
    meters: tuple[MeterView, ...]
    tags: frozenset[str] = frozenset()
    questions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    summary: str | None = None
    ending: str | None = None  # the ending's title when this is an ending
    turn: int = 0
    passed: tuple[str, ...] = ()  # scenes whose text flowed into this view

    @property
    def is_ending(self) -> bool:
        return self.ending is not None

    @property
    def is_dead_end(self) -> bool:
        return self.ending is None and not any(c.enabled for c in self.choices)


@dataclass(slots=True)
class Trace:
    """What a transition did that the state it returns does not show.

    Players never need this; tools do. The exhaustive checker passes one to :func:`start`
    and :func:`choose` to learn which fallbacks were taken automatically and which effects
    wanted to push a meter out of its range before the clamp, without a second copy of
    the transition rules.
    """

    fallbacks: list[Choice] = field(default_factory=list)
    overflows: list[tuple[Effect, int, tuple[int, int]]] = field(default_factory=list)


class InvalidChoice(PatroldayError):
    """The choice is not available in this state (unknown, hidden or disabled)."""


# -- start ------------------------------------------------------------------------------------


def start(story: Story, part: str | None = None, seed: int = 0, trace: Trace | None = None) -> GameState:
    """The state at the beginning of ``part`` (default: the first part)."""
    start_scene = story.start if part is None else story.part(part).start
    part_id = story.parts[0].id if part is None else part
    state = GameState(
        story_id=story.id,
        part=part_id,
        scene=start_scene,
        vars=MappingProxyType({v.name: v.initial for v in story.variables}),
        seed=seed,
    )
    return _enter(story, state, start_scene, {**state.vars}, state.chosen, (), trace)


# -- presenting -------------------------------------------------------------------------------


def _eval(expr, env, location: Location):  # type: ignore[no-untyped-def]
    try:
        return expr(env)
    except EvaluationError as err:
        raise StoryRuntimeError(str(err), location) from None


def choice_status(story: Story, state: GameState | Snapshot, choice: Choice) -> tuple[bool, bool, str]:
    """(shown, enabled, reason) for ``choice`` in ``state``."""
    if not choice.sticky and choice.key in state.chosen:
        return False, False, ""
    reason = ""
    for cond in choice.conditions:
        if not _eval(cond.expr, state, cond.location):
            if cond.reason is None:
                return False, False, ""
            if not reason:
                reason = cond.reason
    return True, not reason, reason


def render(parts: Parts, env, scene: str, visit: int, seed: int, location: Location) -> str:  # type: ignore[no-untyped-def]
    """Inline parts to text for the ``visit``-th visit of ``scene``."""
    out: list[str] = []
    size = counted = 0
    for part in parts:
        if type(part) is str:
            out.append(part)
        elif type(part) is Interp:
            value = _eval(part.expr, env, location)
            out.append(("true" if value else "false") if type(value) is bool else str(value))
        elif type(part) is Cond:
            branch = part.then if _eval(part.expr, env, location) else part.otherwise
            out.append(render(branch, env, scene, visit, seed, location))
        elif type(part) is Seq:
            n = len(part.branches)
            if part.kind == "sequence":
                index = min(visit, n) - 1
            elif part.kind == "cycle":
                index = (visit - 1) % n
            elif part.kind == "once":
                index = 0 if visit == 1 else -1
            else:
                index = zlib.crc32(f"{seed}:{scene}:{visit}:{location.line}:{location.column}".encode()) % n
            if 0 <= index < n:
                out.append(render(part.branches[index], env, scene, visit, seed, location))
        if len(out) > counted:
            size, counted = size + len(out[-1]), len(out)
        if size > MAX_SHOWN:
            raise StoryRuntimeError(f"this text would be longer than {MAX_SHOWN:,} characters", location)
    return "".join(out)


def _tidy(text: str) -> str:
    """Collapse the spaces that conditional text leaves behind (cheap when there are none)."""
    if "  " in text or text[:1] == " " or text[-1:] == " " or "\n" in text or "\t" in text:
        return " ".join(text.split())
    return text


def _scene_blocks(scene: Scene, env: Snapshot | GameState, seed: int) -> list[TextBlock]:
    visit = env.visits.get(scene.id, 1)
    blocks = []
    for para in scene.paragraphs:
        if para.static is not None:
            blocks.append(para.static)
            continue
        text = _tidy(render(para.parts, env, scene.id, visit, seed, para.location))
        if text:
            blocks.append(TextBlock(para.key, scene.id, text))
    return blocks


def present(story: Story, state: GameState) -> SceneView:
    """Everything a front end shows for ``state``: text, options and meters."""
    scene = story.scenes[state.scene]
    blocks: list[TextBlock] = []
    for i, passed in enumerate(state.flow):
        snapshot = state.flow_envs[i] if i < len(state.flow_envs) else None
        env = snapshot if snapshot is not None else state
        blocks.extend(_scene_blocks(story.scenes[passed], env, state.seed))
    blocks.extend(_scene_blocks(scene, state, state.seed))
    choices: list[ChoiceView] = []
    visit = state.visits.get(scene.id, 1)
    for choice in scene.choices:
        if choice.label is None:
            continue
        shown, enabled, reason = choice_status(story, state, choice)
        if shown:
            parts = choice.label
            if len(parts) == 1 and type(parts[0]) is str:
                label = parts[0]  # plain labels are final from the loader
            else:
                label = _tidy(render(parts, state, scene.id, visit, state.seed, choice.location))
            choices.append(ChoiceView(len(choices) + 1, choice.id, choice.key, label, enabled, reason))
    values = state.vars
    meters = tuple(
        [
            MeterView(v.name, v.label, values[v.name], v.min, v.max, v.description)  # type: ignore[arg-type]
            for v in story.part_meters.get(state.part, ())
        ]
    )
    return SceneView(
        scene=scene.id,
        title=scene.title,
        blocks=tuple(blocks),
        choices=tuple(choices),
        meters=meters,
        tags=scene.tags,
        questions=scene.questions,
        notes=scene.notes,
        summary=scene.summary,
        ending=scene.ending,
        turn=state.turn,
        passed=state.flow,
    )


def available_choices(story: Story, state: GameState) -> list[Choice]:
    """The labelled choices a player can take now (shown and enabled)."""
    scene = story.scenes[state.scene]
    return [c for c in scene.choices if c.label is not None and choice_status(story, state, c)[1]]


# -- choosing ---------------------------------------------------------------------------------


def apply_effects(
    story: Story,
    effects: tuple[Effect, ...],
    vars: dict[str, Value],
    visits: Mapping[str, int],
    chosen: frozenset[str],
    trace: Trace | None = None,
) -> dict[str, Value]:
    """Run effects in order on ``vars`` (a private copy), clamping meters into range."""
    if not effects:
        return vars
    env = Snapshot(vars, visits, chosen)
    for effect in effects:
        value = _eval(effect.expr, env, effect.location)
        if effect.op == "+=":
            value = vars[effect.var] + value
        elif effect.op == "-=":
            value = vars[effect.var] - value
        bounds = story.bounds.get(effect.var)
        if bounds is not None:
            if trace is not None and not bounds[0] <= value <= bounds[1]:
                trace.overflows.append((effect, value, bounds))
            value = max(bounds[0], min(bounds[1], value))
        elif type(value) is int and not -1_000_000_000_000 <= value <= 1_000_000_000_000:
            raise StoryRuntimeError(f"'{effect.var}' would leave the number range", effect.location)
        vars[effect.var] = value
    return vars


def _enter(
    story: Story,
    state: GameState,
    target: str,
    vars: dict[str, Value],
    chosen: frozenset[str],
    history: tuple[Step, ...],
    trace: Trace | None = None,
) -> GameState:
    """Enter ``target`` (count the visit, run its effects) and follow automatic continuations."""
    visits = dict(state.visits)
    flow: list[str] = []
    envs: list[Snapshot | None] = []
    for _ in range(MAX_CONTINUATIONS + 1):
        visits[target] = visits.get(target, 0) + 1
        scene = story.scenes[target]
        if scene.entry_effects:
            vars = apply_effects(story, scene.entry_effects, vars, visits, chosen, trace)
        nxt: Choice | str | None = scene.divert
        if nxt is None and scene.has_fallback:
            nxt = _continuation(story, Snapshot(vars, visits, chosen), scene)
        if nxt is None:
            return GameState(
                state.story_id,
                state.part,
                target,
                MappingProxyType(vars),
                MappingProxyType(visits),
                chosen,
                history,
                tuple(flow),
                state.seed,
                tuple(envs),
            )
        flow.append(target)
        # Text that depends on the state renders as it was when passed through (see flow_envs).
        envs.append(
            Snapshot(MappingProxyType(dict(vars)), MappingProxyType(dict(visits)), chosen)
            if scene.dynamic_text
            else None
        )
        if isinstance(nxt, Choice):
            if trace is not None:
                trace.fallbacks.append(nxt)
            if not nxt.sticky:
                chosen = chosen | {nxt.key}
            vars = apply_effects(story, nxt.effects, dict(vars), visits, chosen, trace)
            target = nxt.target
        else:
            target = nxt
    raise StoryRuntimeError(
        f"more than {MAX_CONTINUATIONS} automatic continuations in a row (a loop?) after '{flow[0]}'",
        story.scenes[flow[0]].location,
    )


def _continuation(story: Story, state: GameState | Snapshot, scene: Scene) -> Choice | str | None:
    """Where the story flows on by itself from ``scene``: a divert, a fallback, or nowhere."""
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


def choose(story: Story, state: GameState, choice_id: str, trace: Trace | None = None) -> GameState:
    """Take the choice ``choice_id`` of the current scene; returns the next state.

    Raises :class:`InvalidChoice` when it is not available, and :class:`StoryRuntimeError`
    when the story fails while running it; ``state`` is untouched either way.
    """
    scene = story.scenes[state.scene]
    for choice in scene.choices:
        if choice.id == choice_id and choice.label is not None:
            break
    else:
        raise InvalidChoice(f"scene '{scene.id}' has no choice '{choice_id}'")
    _, enabled, reason = choice_status(story, state, choice)
    if not enabled:
        raise InvalidChoice(f"'{choice_id}' is not available here" + (f": {reason}" if reason else ""))
    return take(story, state, choice, trace)


def take(story: Story, state: GameState, choice: Choice, trace: Trace | None = None) -> GameState:
    """The step itself, for a choice already known to be available in ``state``.

    :func:`choose` checks availability and then calls this; the exhaustive checker, which
    has just computed the available choices of every state it visits, calls it directly.
    """
    chosen = state.chosen if choice.key in state.chosen else state.chosen | {choice.key}
    vars = apply_effects(story, choice.effects, dict(state.vars), state.visits, chosen, trace)
    history = (*state.history, Step(state.scene, choice.id))
    return _enter(story, state, choice.target, vars, chosen, history, trace)


def choose_number(story: Story, state: GameState, number: int) -> GameState:
    """Take the ``number``-th shown option (1-based), as a player typing a digit would."""
    view = present(story, state)
    for option in view.choices:
        if option.number == number:
            return choose(story, state, option.id)
    raise InvalidChoice(f"there is no option {number}; pick 1 to {len(view.choices)}")


def replay(
    story: Story, steps: list[Step] | tuple[Step, ...], part: str | None = None, seed: int = 0
) -> list[GameState]:
    """Every state from the start through ``steps``: rebuilds an undo stack from a history."""
    states = [start(story, part, seed)]
    for step in steps:
        current = states[-1]
        if current.scene != step.scene:
            raise InvalidChoice(
                f"history expected scene '{step.scene}' but the story is at '{current.scene}'"
            )
        states.append(choose(story, current, step.choice))
    return states


class JournalEntry(NamedTuple):
    """One line of the path so far: the scene, its title, and the option taken there."""

    scene: str
    title: str
    choice: str
    label: str


def journal(story: Story, state: GameState) -> tuple[JournalEntry, ...]:
    """The choices made so far, with labels as the player saw them at the time.

    Labels can hold inline text (``[Ask {name}]``), so they are rendered against the
    state each choice was made in, rebuilt by replaying the history; if the history no
    longer replays (a save from an edited story), the current state is used instead.
    """
    try:
        states = replay(story, state.history, state.part, state.seed)[:-1]
    except (InvalidChoice, StoryRuntimeError, KeyError):
        states = [state] * len(state.history)
    entries = []
    for step, before in zip(state.history, states, strict=True):
        scene = story.scenes[step.scene]
        choice = next((c for c in scene.choices if c.id == step.choice), None)
        label = step.choice
        if choice is not None and choice.label is not None:
            visit = before.visits.get(scene.id, 1)
            label = _tidy(render(choice.label, before, scene.id, visit, before.seed, choice.location))
        entries.append(JournalEntry(scene.id, scene.title or scene.id, step.choice, label))
    return tuple(entries)


def is_unlocked(story: Story, part_id: str, endings_seen: frozenset[str] | set[str]) -> bool:
    """Whether a part is open to a player who has reached ``endings_seen``."""
    part = story.part(part_id)
    if part.unlock_after is None:
        return True
    if part.unlock_after == ("any",):
        return bool(endings_seen)
    return any(e in endings_seen for e in part.unlock_after)
