"""The runtime: pure functions from (story, state, choice) to a new state.

Nothing here does I/O or keeps global state. :class:`GameState` is immutable and holds
everything that changes, so undo is "keep the previous state", a save is "serialise the
state", and exhaustive exploration is "call :func:`choose` on every option".
"""

from __future__ import annotations

import functools
import hashlib
import random as _random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple, TypeVar, cast

from .diagnostics import Location, PatroldayError, StoryRuntimeError
from .expressions import MAX_NUMBER, MAX_STRING, Compiled, EvaluationError, Value
from .expressions import Env as ExprEnv
from .inline import walk
from .invisible import CONTROL
from .model import (
    MAX_CONTINUATIONS,
    MAX_TUNNEL_DEPTH,
    RETURN,
    Block,
    Choice,
    ChoiceKind,
    ChoiceView,
    Cond,
    Effect,
    Interp,
    Item,
    MeterDirection,
    Paragraph,
    Part,
    Parts,
    Scene,
    Seq,
    Story,
    TextBlock,
)

_EMPTY: Mapping[str, int] = MappingProxyType({})
_V = TypeVar("_V")
MAX_SHOWN = 100_000  # characters in one paragraph or label as shown; text variables can repeat
CONTINUE = "Continue"
"""The label of a fallback offered as an option (see :func:`present`: when every labelled
choice is shown disabled with a reason, the player reads the reasons and goes on with it)."""
_ONCE = ChoiceKind.ONCE
_FALLBACK = ChoiceKind.FALLBACK


class Step(NamedTuple):
    """One choice in the history: where the player was and what they chose (a NamedTuple:
    one is made per step, and saves store it as a two-item list)."""

    scene: str
    choice: str  # the choice id within that scene


def _copy(mapping: Mapping[str, _V]) -> dict[str, _V]:
    """A private dict of a state's mapping. The state holds read-only views
    (``MappingProxyType``): ``dict(view)`` copies them key by key through the mapping
    protocol (18 us for 500 visits), while ``view.copy()`` copies the dict underneath
    (1.6 us), and this copy is made on every step."""
    if isinstance(mapping, (MappingProxyType, dict)):
        return mapping.copy()
    return dict(mapping)


def _draw(seed: int, index: int) -> int:
    """The ``index``-th random number of a game: a keyed hash, so any draw is reproducible
    from the seed alone (saves and undo keep only the count of draws)."""
    digest = hashlib.blake2b(f"{seed}:draw:{index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def roll(raw: int, lo: int, hi: int) -> int:
    """A raw random number (see :func:`_draw`) as a whole number in ``lo..hi``: the one
    mapping, shared with the checker, which enumerates raw numbers instead of seeds."""
    if lo > hi:
        raise EvaluationError(f"random({lo}, {hi}): the lowest value is above the highest")
    if hi - lo > MAX_NUMBER:
        raise EvaluationError(f"random({lo}, {hi}) spans more than {MAX_NUMBER:,}")
    return lo + raw % (hi - lo + 1)


class Snapshot:
    """What expressions and text read: variables, visit counts, taken choices, how often each
    alternative was reached, the seed and the random draws so far.

    A transition works on one mutable Snapshot (its mappings are the transition's private
    copies); ``GameState.flow_envs`` keeps frozen copies for scenes passed through, so their
    text renders as it was. ``random()`` here draws (advances ``draws``); on a GameState it
    only peeks at the next number, so showing a view never changes the game.
    """

    __slots__ = ("chosen", "counters", "draw", "draws", "seed", "vars", "visits")

    def __init__(
        self,
        vars: Mapping[str, Value],
        visits: Mapping[str, int],
        chosen: frozenset[str],
        counters: Mapping[str, int] = _EMPTY,
        seed: int = 0,
        draws: int = 0,
    ) -> None:
        self.vars = vars
        self.visits = visits
        self.chosen = chosen
        self.counters = counters
        self.seed = seed
        self.draws = draws
        self.draw: Callable[[int, int, int], int] | None = None  # the checker's raw numbers (Trace.draw)

    def random(self, lo: int, hi: int) -> int:
        index = self.draws
        raw = self.draw(index, lo, hi) if self.draw is not None else _draw(self.seed, index)
        self.draws = index + 1
        return roll(raw, lo, hi)

    def frozen(self) -> Snapshot:
        return Snapshot(
            MappingProxyType(_copy(self.vars)),
            MappingProxyType(_copy(self.visits)),
            self.chosen,
            MappingProxyType(_copy(self.counters)),
            self.seed,
            self.draws,
        )


@dataclass(frozen=True, slots=True)
class GameState:
    """Everything that changes while playing. Immutable and JSON-serialisable."""

    story_id: str
    part: str
    scene: str
    vars: Mapping[str, Value]
    visits: Mapping[str, int] = field(default_factory=lambda: _EMPTY)
    chosen: frozenset[str] = frozenset()  # "scene/choice" keys taken at least once (of Story.remembered)
    history: tuple[Step, ...] = ()
    flow: tuple[str, ...] = ()  # scenes passed through automatically before `scene`
    seed: int = 0
    # What each scene in `flow` saw when it was entered, so its text renders as it was
    # then. Display only (not compared), but saved: a loaded game shows the same text.
    flow_envs: tuple[Snapshot | None, ...] = field(default=(), compare=False, repr=False)
    counters: Mapping[str, int] = field(default_factory=lambda: _EMPTY)  # Seq.key -> times reached
    stack: tuple[str, ...] = ()  # tunnel return stack: where each `->->` goes, last on top
    draws: int = 0  # random numbers drawn so far (random() in expressions)
    # For a scene whose body runs in text order (Scene.body): what it started from, so its
    # text renders as it read at each point. Display only (not compared), but saved.
    entry: Snapshot | None = field(default=None, compare=False, repr=False)
    # How this game began when not from the part's start as written, so that replaying its
    # history gives the same game: variables set before the first scene (carried over from
    # the previous part, or given with ``play --set``), and the scene it began at (``--from``).
    preset: Mapping[str, Value] = field(default_factory=lambda: _EMPTY)
    origin: str = ""

    @property
    def turn(self) -> int:
        return len(self.history)

    def random(self, lo: int, hi: int) -> int:
        """The next random number, without drawing it (a view must not change the game)."""
        return roll(_draw(self.seed, self.draws), lo, hi)


_new = object.__new__
# The slots' own setters: a frozen dataclass's __init__ sets each field through
# object.__setattr__ (2.8 us for GameState's 16); these descriptors do it in 1.7 us.
_SLOTS = GameState.__dict__
_set_story_id = _SLOTS["story_id"].__set__
_set_part = _SLOTS["part"].__set__
_set_scene = _SLOTS["scene"].__set__
_set_vars = _SLOTS["vars"].__set__
_set_visits = _SLOTS["visits"].__set__
_set_chosen = _SLOTS["chosen"].__set__
_set_history = _SLOTS["history"].__set__
_set_flow = _SLOTS["flow"].__set__
_set_seed = _SLOTS["seed"].__set__
_set_flow_envs = _SLOTS["flow_envs"].__set__
_set_counters = _SLOTS["counters"].__set__
_set_stack = _SLOTS["stack"].__set__
_set_draws = _SLOTS["draws"].__set__
_set_entry = _SLOTS["entry"].__set__
_set_preset = _SLOTS["preset"].__set__
_set_origin = _SLOTS["origin"].__set__


def _new_state(
    story_id: str,
    part: str,
    scene: str,
    vars: Mapping[str, Value],
    visits: Mapping[str, int],
    chosen: frozenset[str],
    history: tuple[Step, ...],
    flow: tuple[str, ...],
    seed: int,
    flow_envs: tuple[Snapshot | None, ...],
    counters: Mapping[str, int],
    stack: tuple[str, ...],
    draws: int,
    entry: Snapshot | None,
    preset: Mapping[str, Value],
    origin: str,
) -> GameState:
    """``GameState(...)`` for the step functions, which make one per choice: the same
    object, built without the dataclass's __init__ (tests/engine/test_runtime_internals.py
    checks that it sets every field, in order)."""
    state: GameState = _new(GameState)
    _set_story_id(state, story_id)
    _set_part(state, part)
    _set_scene(state, scene)
    _set_vars(state, vars)
    _set_visits(state, visits)
    _set_chosen(state, chosen)
    _set_history(state, history)
    _set_flow(state, flow)
    _set_seed(state, seed)
    _set_flow_envs(state, flow_envs)
    _set_counters(state, counters)
    _set_stack(state, stack)
    _set_draws(state, draws)
    _set_entry(state, entry)
    _set_preset(state, preset)
    _set_origin(state, origin)
    return state


# Views are NamedTuples, not frozen dataclasses: a front end builds one SceneView (with its
# options and meters) per frame, and a tuple is built about six times faster while being
# just as immutable. The model and GameState, built once per load or per step, stay
# frozen dataclasses.


class MeterView(NamedTuple):
    """A meter as shown: its value within min..max."""

    name: str
    label: str
    value: int
    min: int
    max: int
    description: str = ""
    good: MeterDirection = "up"  # which way is good news: front ends colour the change by it


class SceneView(NamedTuple):
    """What a player front end needs to draw one moment of the game; no UI types in it.

    ``title`` heads the whole view: the title of the first scene in it that shows text or
    has a title. When text flows through several scenes, each later scene with a title
    starts its own headed section: its first block carries ``heading`` (a block with empty
    text when that scene shows none), so "Three days later" never sits over 3 p.m.
    """

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
    # When set, draw i of the transition (i counts from the state's `draws`) takes its raw
    # number from here instead of the seed: the checker enumerates outcomes this way.
    draw: Callable[[int, int, int], int] | None = None


class InvalidChoice(PatroldayError):
    """The choice is not available in this state (unknown, hidden or disabled)."""


Env = Snapshot | GameState


# -- start ------------------------------------------------------------------------------------


def start(
    story: Story,
    part: str | None = None,
    seed: int = 0,
    trace: Trace | None = None,
    *,
    carried: Mapping[str, object] | None = None,
    preset: Mapping[str, Value] | None = None,
    at: str | None = None,
) -> GameState:
    """The state at the beginning of ``part`` (default: the first part).

    ``carried``: values from the end of a game of the previous part. Only the variables the
    part's manifest lists in ``carry`` take them; a value of the wrong type, or outside a
    meter's range (it comes from a file), is ignored and the variable keeps its initial value.
    ``preset``: variables to set before the first scene, already checked (:func:`parse_preset`,
    or a saved state's own); ``at``: begin at this scene instead of the part's start (an
    author testing a scene deep in the story).
    """
    if at is not None and at not in story.scenes:
        raise PatroldayError(f"there is no scene '{at}' in this story")
    start_scene = at or (story.start if part is None else story.part(part).start)
    part_id = story.parts[0].id if part is None else part
    values = {v.name: v.initial for v in story.variables}
    kept = carried_values(story, part_id, carried) if carried else {}
    kept.update(preset or {})
    values.update(kept)
    state = GameState(
        story_id=story.id,
        part=part_id,
        scene=start_scene,
        vars=MappingProxyType(values),
        seed=seed,
        preset=MappingProxyType(kept) if kept else _EMPTY,
        origin=at or "",
    )
    env = Snapshot({**state.vars}, {}, state.chosen, {}, seed, 0)
    if trace is not None:
        env.draw = trace.draw
    return _enter(story, state, start_scene, (), env, [], (), trace)


def carried_values(story: Story, part: str, given: Mapping[str, object]) -> dict[str, Value]:
    """The values of ``given`` that ``part`` takes from the previous part (see :func:`start`)."""
    out: dict[str, Value] = {}
    for name in story.part(part).carry:
        value = given.get(name)
        var = story.variable(name)
        if value is None or type(value) is not type(var.initial):
            continue
        assert isinstance(value, (bool, int, str))
        bounds = story.bounds.get(name)
        if isinstance(value, int) and bounds is not None and not bounds[0] <= value <= bounds[1]:
            continue
        if isinstance(value, int) and abs(value) > MAX_NUMBER:
            continue
        if isinstance(value, str) and (len(value) > MAX_STRING or CONTROL.search(value)):
            continue  # what a story prints stays printable, whatever a file says
        out[name] = value
    return out


# -- presenting -------------------------------------------------------------------------------


def _eval(expr: Compiled, env: ExprEnv, location: Location) -> Value:
    try:
        return expr.fn(env)  # type: ignore[no-any-return]  # fn is typed Any; its type is expr.type
    except EvaluationError as err:
        raise StoryRuntimeError(str(err), location) from None


def choice_status(story: Story, state: ExprEnv, choice: Choice) -> tuple[bool, bool, str]:
    """(shown, enabled, reason) for ``choice`` in ``state`` (any expression environment:
    the checker passes its own)."""
    kind = choice.kind
    if (kind is _ONCE or kind is _FALLBACK) and choice.key in state.chosen:
        return False, False, ""
    reason = ""
    for cond in choice.conditions:
        if not _eval(cond.expr, state, cond.location):
            if cond.reason is None:
                return False, False, ""
            if not reason:
                reason = cond.reason
    return True, not reason, reason


@functools.lru_cache(maxsize=8192)
def _deck(seed: int, key: str, run: int, n: int) -> tuple[int, ...]:
    """The order of a shuffle's ``run``-th pass through its n texts: a seeded deck, so every
    n visits show each text once (ink's rule), reshuffled for each run."""
    digest = hashlib.blake2b(f"{seed}:{key}:{run}".encode(), digest_size=8).digest()
    order = list(range(n))
    _random.Random(int.from_bytes(digest, "big")).shuffle(order)
    return tuple(order)


def seq_index(seq: Seq, count: int, seed: int) -> int:
    """Which branch of ``seq`` shows the ``count``-th time it is reached (-1: none)."""
    n = len(seq.branches)
    kind = seq.kind
    if kind == "sequence":
        return min(count, n) - 1
    if kind == "cycle":
        return (count - 1) % n
    if kind == "once":
        return 0 if count == 1 else -1
    return _deck(seed, seq.key, (count - 1) // n, n)[(count - 1) % n]


def render(parts: Parts, env: Env, location: Location, scene: str = "") -> str:
    """Inline parts to text, as ``env`` sees them: alternatives by their counters, or by the
    visits of ``scene`` (the scene whose text it is) for those that count by visits."""
    out: list[str] = []
    counters, visits, seed = env.counters, env.visits, env.seed

    def visit(part: Part) -> Parts | None:
        if type(part) is Interp:
            value = _eval(part.expr, env, location)
            shown = ("true" if value else "false") if type(value) is bool else str(value)
            if len(shown) > MAX_SHOWN:
                raise StoryRuntimeError(f"this text would be longer than {MAX_SHOWN:,} characters", location)
            out.append(shown)
        elif type(part) is Cond:
            return part.then if _eval(part.expr, env, location) else part.otherwise
        elif type(part) is Seq:
            count = visits.get(scene, 1) if part.scene else counters.get(part.key, 1)
            index = seq_index(part, count, seed)
            return part.branches[index] if index >= 0 else None
        return None

    walk(parts, visit, out.append)
    text = "".join(out)
    if len(text) > MAX_SHOWN:  # the parser bounds the parts, each value is bounded above
        raise StoryRuntimeError(f"this text would be longer than {MAX_SHOWN:,} characters", location)
    return text


def _reach(parts: Parts, env: Snapshot, counters: dict[str, int], location: Location, scene: str) -> None:
    """Count each alternative this text reaches now (ink's rule: an alternative counts how
    often *it* was reached, so one nested in a branch, or under a condition, starts at its
    first text the first time it is shown)."""
    seed = env.seed

    def visit(part: Part) -> Parts | None:
        if type(part) is Cond:
            return part.then if _eval(part.expr, env, location) else part.otherwise
        if type(part) is Seq:
            if part.scene:  # counted by the scene's visits (see Seq.scene)
                count = env.visits.get(scene, 1)
            else:
                count = counters.get(part.key, 0) + 1
                counters[part.key] = count
            index = seq_index(part, count, seed)
            return part.branches[index] if index >= 0 else None
        return None

    walk(parts, visit)


def _tidy(text: str) -> str:
    """Collapse the spaces that conditional text leaves behind (cheap when there are none)."""
    if "  " in text or text[:1] == " " or text[-1:] == " " or "\n" in text or "\t" in text:
        return " ".join(text.split())
    return text


def _scene_blocks(story: Story, scene: Scene, env: Env, entry: Snapshot | None = None) -> list[TextBlock]:
    """The text ``scene`` shows: rendered against ``env``, or for a body in text order, run
    again from ``entry`` (what it started from) on a private copy."""
    if scene.body:
        out: list[TextBlock] = []
        start_env = entry if entry is not None else env
        base = start_env if isinstance(start_env, Snapshot) else _as_snapshot(start_env)
        _run_body(story, scene.body, _thaw(base), None, out, scene.id)
        return out
    blocks = []
    for para in scene.paragraphs:
        if para.static is not None:
            blocks.append(para.static)
            continue
        text = _tidy(render(para.parts, env, para.location, scene.id))
        if text:
            blocks.append(TextBlock(para.key, scene.id, text, None, para.tags))
    return blocks


def _as_snapshot(state: GameState) -> Snapshot:
    return Snapshot(state.vars, state.visits, state.chosen, state.counters, state.seed, state.draws)


def _label(choice: Choice, env: Env) -> str:
    parts = choice.label or ()
    if len(parts) == 1 and type(parts[0]) is str:
        return parts[0]  # plain labels are final from the loader
    return _tidy(render(parts, env, choice.location))


def present(story: Story, state: GameState) -> SceneView:
    """Everything a front end shows for ``state``: text, options and meters."""
    scene = story.scenes[state.scene]
    blocks: list[TextBlock] = []
    title: str | None = None
    if state.flow:
        headed = False  # has the view's own title (or text) been placed yet?
        for i, passed in enumerate((*state.flow, scene.id)):
            here = story.scenes[passed]
            if i < len(state.flow):
                snapshot = state.flow_envs[i] if i < len(state.flow_envs) else None
                own = _scene_blocks(story, here, snapshot if snapshot is not None else state, snapshot)
            else:
                own = _scene_blocks(story, here, state, state.entry)
            if not headed:
                if here.title is not None or own:
                    title, headed = here.title, True
            elif here.title is not None:
                own = (
                    [own[0]._replace(heading=here.title), *own[1:]]
                    if own
                    else [TextBlock(f"{here.id}#title", here.id, "", here.title)]
                )
            blocks.extend(own)
    else:
        title = scene.title
        static = scene.static_blocks
        blocks = static if static is not None else _scene_blocks(story, scene, state, state.entry)  # type: ignore[assignment]
    static_choices = scene.static_choices
    if static_choices is not None:  # plain sticky options: the same in every state
        return SceneView(
            scene.id,
            title,
            tuple(blocks),
            static_choices,
            _meters(story, state),
            scene.tags,
            scene.questions,
            scene.notes,
            scene.summary,
            scene.ending,
            len(state.history),
            state.flow,
        )
    choices: list[ChoiceView] = []
    fallback: Choice | None = None
    for choice in scene.choices:
        if choice.label is None:
            if fallback is None and choice_status(story, state, choice)[1]:
                fallback = choice
            continue
        shown, enabled, reason = choice_status(story, state, choice)
        if shown:
            choices.append(
                ChoiceView(
                    len(choices) + 1,
                    choice.id,
                    choice.key,
                    _label(choice, state),
                    enabled,
                    reason,
                    choice.tags,
                    choice.kind,
                )
            )
    if fallback is not None and choices and not any(c.enabled for c in choices):
        choices.append(
            ChoiceView(
                len(choices) + 1, fallback.id, fallback.key, CONTINUE, True, "", fallback.tags, fallback.kind
            )
        )
    return SceneView(  # positional: a NamedTuple is built faster so
        scene.id,
        title,
        tuple(blocks),
        tuple(choices),
        _meters(story, state),
        scene.tags,
        scene.questions,
        scene.notes,
        scene.summary,
        scene.ending,
        len(state.history),
        state.flow,
    )


def _meters(story: Story, state: GameState) -> tuple[MeterView, ...]:
    shown = story.part_meters.get(state.part)
    if not shown:
        return ()
    values = state.vars
    return tuple(
        [
            MeterView(v.name, v.label, values[v.name], v.min, v.max, v.description, v.good)  # type: ignore[arg-type]
            for v in shown
        ]
    )


def _shown_fallback(story: Story, state: Env, scene: Scene) -> Choice | None:
    """The fallback offered as ``Continue``: the first available one, when labelled choices
    are shown but every one of them is disabled with a reason (the fallback rule)."""
    if not scene.has_fallback:
        return None
    fallback: Choice | None = None
    shown_any = False
    for choice in scene.choices:
        shown, enabled, _ = choice_status(story, state, choice)
        if choice.label is None:
            if enabled and fallback is None:
                fallback = choice
        elif enabled:
            return None
        elif shown:
            shown_any = True
    return fallback if shown_any else None


def available_choices(story: Story, state: GameState) -> list[Choice]:
    """The choices a player can take now: shown and enabled, plus a fallback offered as
    ``Continue`` (see :func:`present`)."""
    scene = story.scenes[state.scene]
    out = [c for c in scene.choices if c.label is not None and choice_status(story, state, c)[1]]
    if not out:
        fallback = _shown_fallback(story, state, scene)
        if fallback is not None:
            out.append(fallback)
    return out


# -- choosing ---------------------------------------------------------------------------------


def apply_effects(
    story: Story,
    effects: tuple[Effect, ...],
    env: Snapshot,
    trace: Trace | None = None,
) -> None:
    """Run effects in order on ``env.vars`` (the transition's own dict), clamping meters."""
    vars: dict[str, Value] = env.vars  # type: ignore[assignment]
    for effect in effects:
        value = _eval(effect.expr, env, effect.location)
        # The loader checked the types: += and -= are on numbers, a meter holds a number.
        if effect.op == "+=":
            value = cast(int, vars[effect.var]) + cast(int, value)
        elif effect.op == "-=":
            value = cast(int, vars[effect.var]) - cast(int, value)
        bounds = story.bounds.get(effect.var)
        if bounds is not None:
            number = cast(int, value)
            if trace is not None and not bounds[0] <= number <= bounds[1]:
                trace.overflows.append((effect, number, bounds))
            value = max(bounds[0], min(bounds[1], number))
        elif type(value) is int and not -MAX_NUMBER <= value <= MAX_NUMBER:
            raise StoryRuntimeError(f"'{effect.var}' would leave the number range", effect.location)
        vars[effect.var] = value


def _route(target: str, via: tuple[str, ...], stack: list[str], location: Location) -> str:
    """Where a divert or choice leads, updating the tunnel return stack: ``-> a -> b -> c``
    goes to a and leaves b, c to return to; ``->->`` goes back to the top of the stack."""
    if via:
        stack.extend(reversed((*via[1:], target)))
        if len(stack) > MAX_TUNNEL_DEPTH:
            raise StoryRuntimeError(
                f"more than {MAX_TUNNEL_DEPTH} tunnels open at once (a tunnel that calls itself?)", location
            )
        return via[0]
    if target == RETURN:
        if not stack:
            raise StoryRuntimeError("'->->' with no tunnel to return from", location)
        return stack.pop()
    return target


def _reach_scene(story: Story, scene: Scene, env: Snapshot, text: bool = True) -> None:
    """Count the alternatives of ``scene``'s text (unless ``text`` is False: an ordered body
    counts its own as it runs) and of its shown labels, as entered now."""
    if type(env.counters) is not dict:  # copied on the first alternative a transition reaches
        env.counters = _copy(env.counters)
    counters = env.counters
    if text:
        for para in scene.paragraphs:
            if para.static is None:
                _reach(para.parts, env, counters, para.location, scene.id)
    for choice in scene.choices:
        label = choice.label
        dynamic = label is not None and not (len(label) == 1 and type(label[0]) is str)
        if dynamic and choice_status(story, env, choice)[0]:
            _reach(label, env, counters, choice.location, scene.id)  # type: ignore[arg-type]


def _run_body(
    story: Story,
    items: tuple[Item, ...],
    env: Snapshot,
    trace: Trace | None,
    out: list[TextBlock] | None,
    scene_id: str,
) -> None:
    """Run a scene body in text order: effects change ``env`` where they stand, a block runs
    its first branch whose condition holds, text counts its alternatives (and, when
    ``out`` is given, is rendered there as it reads at that point)."""
    if type(env.counters) is not dict:  # copied on the first alternative a transition reaches
        env.counters = _copy(env.counters)
    counters = env.counters
    for item in items:
        kind = type(item)
        if kind is Paragraph:
            para: Paragraph = item  # type: ignore[assignment]
            if para.static is not None:
                if out is not None:
                    out.append(para.static)
                continue
            _reach(para.parts, env, counters, para.location, scene_id)
            if out is not None:
                text = _tidy(render(para.parts, env, para.location, scene_id))
                if text:
                    out.append(TextBlock(para.key, scene_id, text, None, para.tags))
        elif kind is Block:
            block: Block = item  # type: ignore[assignment]
            for cond, branch in block.branches:
                if cond is None or _eval(cond, env, block.location):
                    _run_body(story, branch, env, trace, out, scene_id)
                    break
        else:
            apply_effects(story, (item,), env, trace)  # type: ignore[arg-type]


def _thaw(snapshot: Snapshot) -> Snapshot:
    """A private, writable copy of ``snapshot`` to run a body on again for display."""
    return Snapshot(
        _copy(snapshot.vars),
        _copy(snapshot.visits),
        snapshot.chosen,
        _copy(snapshot.counters),
        snapshot.seed,
        snapshot.draws,
    )


def _enter(
    story: Story,
    state: GameState,
    target: str,
    via: tuple[str, ...],
    env: Snapshot,
    stack: list[str],
    history: tuple[Step, ...],
    trace: Trace | None = None,
    location: Location | None = None,
) -> GameState:
    """Go to ``target`` (through tunnels ``via``): count the visit, run its effects, count its
    alternatives, and follow automatic continuations. ``env`` is the transition's own."""
    flow: list[str] = []
    envs: list[Snapshot | None] = []
    visits: dict[str, int] = env.visits  # type: ignore[assignment]
    if via or target == RETURN:  # a plain target (most steps) needs no stack work
        target = _route(target, via, stack, location or story.scenes[state.scene].location)
    for _ in range(MAX_CONTINUATIONS + 1):
        visits[target] = visits.get(target, 0) + 1
        scene = story.scenes[target]
        entry: Snapshot | None = None
        if scene.body:
            entry = env.frozen()  # what the body starts from: present() runs it again for the text
            _run_body(story, scene.body, env, trace, None, scene.id)
            if scene.alternatives:
                _reach_scene(story, scene, env, text=False)
        else:
            if scene.entry_effects:
                apply_effects(story, scene.entry_effects, env, trace)
            if scene.alternatives:
                _reach_scene(story, scene, env)
        nxt: Choice | None = None
        if scene.divert is None:
            if not scene.has_fallback:
                break
            nxt = _continuation(story, env, scene)
            if nxt is None:
                break
        flow.append(target)
        # Text that depends on the state renders as it was when passed through (see flow_envs).
        if entry is None and (scene.dynamic_text or scene.alternatives):
            entry = env.frozen()
        envs.append(entry)
        if nxt is not None:
            if trace is not None:
                trace.fallbacks.append(nxt)
            env.chosen = _remember(story, env.chosen, nxt.key)
            apply_effects(story, nxt.effects, env, trace)
            target = nxt.target
            if nxt.via or target == RETURN:
                target = _route(target, nxt.via, stack, nxt.location)
        else:
            target = scene.divert  # type: ignore[assignment]  # not None: this scene diverts
            if scene.divert_via or target == RETURN:
                target = _route(target, scene.divert_via, stack, scene.divert_location or scene.location)
    else:
        raise StoryRuntimeError(
            f"more than {MAX_CONTINUATIONS} automatic continuations in a row (a loop?) after '{flow[0]}'",
            story.scenes[flow[0]].location,
        )
    return _new_state(
        state.story_id,
        state.part,
        target,
        MappingProxyType(env.vars),
        MappingProxyType(visits),
        env.chosen,
        history,
        tuple(flow),
        state.seed,
        tuple(envs),
        (MappingProxyType(env.counters) if env.counters else _EMPTY)
        if type(env.counters) is dict
        else env.counters,
        tuple(stack),
        env.draws,
        entry,
        state.preset,
        state.origin,
    )


def _continuation(story: Story, env: Env, scene: Scene) -> Choice | None:
    """The fallback the story flows on through by itself from ``scene``, if any: the first
    available one, when no labelled choice is shown (a choice shown disabled with a reason
    stops the flow, so the player reads the reason; see :func:`present`)."""
    if not scene.choices or scene.is_ending:
        return None
    fallback: Choice | None = None
    for choice in scene.choices:
        shown, enabled, _ = choice_status(story, env, choice)
        if choice.label is None:
            if enabled and fallback is None:
                fallback = choice
        elif shown:
            return None
    return fallback


def choose(story: Story, state: GameState, choice_id: str, trace: Trace | None = None) -> GameState:
    """Take the choice ``choice_id`` of the current scene; returns the next state.

    Raises :class:`InvalidChoice` when it is not available, and :class:`StoryRuntimeError`
    when the story fails while running it; ``state`` is untouched either way.
    """
    scene = story.scenes[state.scene]
    for choice in scene.choices:
        if choice.id == choice_id:
            break
    else:
        raise InvalidChoice(f"scene '{scene.id}' has no choice '{choice_id}'")
    if choice.label is None:
        if _shown_fallback(story, state, scene) is not choice:
            raise InvalidChoice(f"'{choice_id}' is a fallback; it is not offered here")
    elif scene.static_choices is None:  # (otherwise every labelled option is always available)
        _, enabled, reason = choice_status(story, state, choice)
        if not enabled:
            raise InvalidChoice(f"'{choice_id}' is not available here" + (f": {reason}" if reason else ""))
    return take(story, state, choice, trace)


def _remember(story: Story, chosen: frozenset[str], key: str) -> frozenset[str]:
    """``chosen`` after taking the choice ``key``: with it when the story can ask about it
    (see Story.remembered), otherwise the same set, not a copy."""
    if key in chosen:
        return chosen
    remembered = story.remembered
    if remembered is not None and key not in remembered:
        return chosen
    return chosen | {key}


def take(story: Story, state: GameState, choice: Choice, trace: Trace | None = None) -> GameState:
    """The step itself, for a choice already known to be available in ``state``.

    :func:`choose` checks availability and then calls this; the exhaustive checker, which
    has just computed the available choices of every state it visits, calls it directly.
    """
    chosen = _remember(story, state.chosen, choice.key)
    env = Snapshot(_copy(state.vars), _copy(state.visits), chosen, state.counters, state.seed, state.draws)
    if trace is not None:
        env.draw = trace.draw
    apply_effects(story, choice.effects, env, trace)
    history = state.history + (Step(state.scene, choice.id),)  # noqa: RUF005  # (*h, step) copies item by item: 2x slower
    return _enter(
        story, state, choice.target, choice.via, env, list(state.stack), history, trace, choice.location
    )


def choose_number(story: Story, state: GameState, number: int) -> GameState:
    """Take the ``number``-th shown option (1-based), as a player typing a digit would."""
    view = present(story, state)
    for option in view.choices:
        if option.number == number:
            return choose(story, state, option.id)
    raise InvalidChoice(f"there is no option {number}; pick 1 to {len(view.choices)}")


def replay(
    story: Story,
    steps: list[Step] | tuple[Step, ...],
    part: str | None = None,
    seed: int = 0,
    *,
    preset: Mapping[str, Value] | None = None,
    at: str | None = None,
) -> list[GameState]:
    """Every state from the start through ``steps``: rebuilds an undo stack from a history.
    ``preset`` and ``at``: how the game began (a state's :attr:`GameState.preset` and
    :attr:`GameState.origin`); :func:`replay_state` passes them for you."""
    states = [start(story, part, seed, preset=preset, at=at or None)]
    for step in steps:
        current = states[-1]
        if current.scene != step.scene:
            raise InvalidChoice(
                f"history expected scene '{step.scene}' but the story is at '{current.scene}'"
            )
        states.append(choose(story, current, step.choice))
    return states


def replay_state(story: Story, state: GameState) -> list[GameState]:
    """Every state of ``state``'s game from its beginning (its history replayed, begun as it was)."""
    return replay(story, state.history, state.part, state.seed, preset=state.preset, at=state.origin or None)


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
        states = replay_state(story, state)[:-1]
    except (InvalidChoice, StoryRuntimeError, KeyError):
        states = [state] * len(state.history)
    entries = []
    for step, before in zip(state.history, states, strict=True):
        scene = story.scenes[step.scene]
        choice = next((c for c in scene.choices if c.id == step.choice), None)
        label = step.choice
        if choice is not None and choice.label is not None:
            label = _label(choice, before)
        elif choice is not None:
            label = CONTINUE
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
