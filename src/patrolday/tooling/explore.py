"""The exhaustive checker: walk every reachable state of a story and report what is wrong.

A state is (scene, variables, visit counts, choices taken). The history is left out of a
state's identity on purpose: two playthroughs that arrive at the same scene with the same
values behave the same from then on. Visit counts and taken choices are kept only as far
as the story can observe them (see :mod:`.states` and :func:`.analysis.visit_caps`), so a
story with loops still has a finite state space unless a number grows without bound.

Breadth-first search gives the shortest path (fewest choices) to every state, which makes
paths in findings short enough to replay by hand. When the state space is larger than
``max_states``, or the search needs more than ``max_memory`` bytes, it stops and seeded
random playthroughs (as ChoiceScript's ``randomtest``) fill in; the report then says it is
not exhaustive, and why.

Transitions go through :class:`~patrolday.tooling.stepper.Stepper`, which calls the
runtime itself with a :class:`~patrolday.engine.Trace` that reports fallbacks taken and
meter values before clamping. The shortest path to each ending is replayed to label it
(tests replay every kind of path the same way).
"""

from __future__ import annotations

import math
import random
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import suppress
from functools import partial

from patrolday.engine import (
    CONTINUE,
    Choice,
    Compiled,
    Cond,
    Env,
    EvaluationError,
    GameState,
    Interp,
    Location,
    Part,
    Parts,
    PatroldayError,
    Scene,
    Seq,
    Story,
    StoryRuntimeError,
    Value,
    available_choices,
    choice_status,
    choose,
    present,
    render,
    start,
    walk,
)

from . import analysis
from .defaults import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STATES, DEFAULT_RUNS
from .draws import MAX_DRAWS, Peek, Script, TooManyDraws
from .findings import (
    CODES,
    DEAD_END,
    FALLBACK_USED_UP,
    METER_RANGE,
    NO_WAY_OUT,
    RUNTIME_ERROR,
    UNAVAILABLE_CHOICE,
    UNREACHED_ENDING,
    UNREACHED_SCENE,
    CheckReport,
    Coverage,
    Finding,
    PathStep,
    StoryPath,
)
from .memory import MB, MEMORY_CHECK_EVERY, resident_memory
from .shown import TextCoverage
from .states import Key, StateSpace
from .stepper import Stepper, Trace

MAX_RUN_STEPS = 500


# -- text ----------------------------------------------------------------------------------------


def _text_error(parts: Parts, state: Env, location: Location) -> StoryRuntimeError | None:
    """The first failure evaluating inline text, trying every branch of sequences and cycles.

    Which branch of a sequence shows depends on its counter, which states keep only as
    far as the control flow observes it; checking every branch is the safe superset.
    """
    found: list[StoryRuntimeError] = []

    def visit(part: Part) -> Parts | tuple[Parts, ...] | None:
        if found:
            return None
        try:
            if type(part) is Interp:
                part.expr(state)
            elif type(part) is Cond:
                return part.then if part.expr(state) else part.otherwise
            elif type(part) is Seq:
                return part.branches
        except EvaluationError as exc:
            found.append(StoryRuntimeError(str(exc), location))
        return None

    walk(parts, visit)
    return found[0] if found else None


def _scene_text(scene: Scene) -> Iterator[Compiled]:
    for para in scene.paragraphs:
        yield from analysis.iter_parts_expressions(para.parts)
    for choice in scene.choices:
        if choice.label is not None:
            yield from analysis.iter_parts_expressions(choice.label)


def _can_fail(parts: Parts) -> bool:
    """Whether some expression in ``parts`` can fail while playing (the syntax tree knows)."""
    return any(e.can_fail for e in analysis.iter_parts_expressions(parts))


def _static_label(choice: Choice) -> str | None:
    """The label as shown when it holds no inline text (None when it must be rendered)."""
    parts = choice.label
    if parts is None:
        return CONTINUE  # a fallback the player takes is offered as "Continue"
    if len(parts) == 1 and type(parts[0]) is str:
        return " ".join(parts[0].split()) or choice.id
    if not parts:
        return choice.id
    return None


# -- the explorer --------------------------------------------------------------------------------


class Explorer:
    """Collects what every visited state shows; breadth-first search and random runs feed it.

    Explored states are kept as their identity (:meth:`StateSpace.key`) and a link to the
    state they were first reached from, in flat arrays; the full (compacted) state only
    until it has been expanded. Transitions are two flat arrays, for the loop search.
    """

    def __init__(
        self,
        story: Story,
        max_states: int,
        max_memory: int = DEFAULT_MAX_MEMORY_MB * MB,
        memory: Callable[[], int] = resident_memory,
        seed: int = 0,
    ) -> None:
        self.story = story
        self.max_states = max_states
        self.max_memory = max_memory
        self.memory = memory
        self.memory_base = memory()
        self.memory_peak = 0  # the most the search added to the process, as last measured
        # random(): every outcome is explored (see _worlds and _outcomes), not the seed's
        self.draws = any(e.draws for e in analysis.iter_expressions(story))
        self.seed = seed
        self.space = StateSpace(story)
        self.key_of = self.space.key_of
        self.index: dict[Key, int] = {}
        self.keys: list[Key] = []  # node -> its key; key[0] is its scene
        self.parent = array("i")  # node -> the node it was first reached from (-1 at a start)
        self.via = array("i")  # node -> position of the choice in the parent's scene (at a start: the part)
        self.edge_from = array("i")
        self.edge_to = array("i")
        self.sinks: set[int] = set()
        self.limit: str | None = None  # "states" or "memory" once a limit stopped the search
        self.scenes_reached: set[str] = set()
        self.available: set[str] = set()  # choice keys available (labelled) or taken (fallback)
        self.held: set[tuple[str, int]] = set()  # (choice key, condition index) seen true at its scene
        self.ending_paths: dict[str, StoryPath] = {}
        # Starts of a part begun with values carried from the part before: node -> values.
        self.start_carried: dict[int, tuple[tuple[str, Value], ...]] = {}
        # For each part: the values its endings reached so far would carry into the next.
        self.carried_out: dict[int, set[tuple[tuple[str, Value], ...]]] = {}
        self.findings: dict[tuple[str, object], Finding] = {}
        self.seen: set[int] = set()  # hashes of the keys random runs met (only counted)
        self.positions = {c.key: n for s in story.scenes.values() for n, c in enumerate(s.choices)}
        # Text that can fail (arithmetic), to evaluate in every state that shows it.
        self.risky_text: dict[str, list[tuple[Parts, Location]]] = {}
        for sid, scene in story.scenes.items():
            risky = [(p.parts, p.location) for p in scene.paragraphs if _can_fail(p.parts)]
            if risky:
                self.risky_text[sid] = risky
        caps = {sid: dict(caps) for sid, caps in self.space.scene_caps.items()}
        self.text = TextCoverage(story, caps, analysis.revisitable(story))
        conditional = {sid for sid, texts in self.text.texts.items() if texts}
        self.stepper = Stepper(story, watch=frozenset(self.risky_text) | conditional)
        self.risky_labels = {
            c.key for s in story.scenes.values() for c in s.choices if c.label and _can_fail(c.label)
        }

    @property
    def limit_hit(self) -> bool:
        return self.limit is not None

    # -- paths ----------------------------------------------------------------------------------
    def path_to(self, i: int, then: Choice | None = None) -> StoryPath:
        """The choices from a part's start to node ``i`` (and then ``then``), with their labels.

        Plain labels come from the story; if a label holds inline text, the path is replayed
        through the runtime to show it as the player would have seen it.
        """
        steps: list[tuple[str, Choice]] = []
        scene_id = str(self.keys[i][0])
        if then is not None:
            steps.append((scene_id, then))
        while self.parent[i] >= 0:
            p = self.parent[i]
            scene = self.story.scenes[str(self.keys[p][0])]
            steps.append((scene.id, scene.choices[self.via[i]]))
            i = p
        steps.reverse()
        labels = [_static_label(c) for _, c in steps]
        path = StoryPath(
            self.story.parts[self.via[i]].id,
            tuple(PathStep(sid, c.id, label or c.id) for (sid, c), label in zip(steps, labels, strict=True)),
            self.start_carried.get(i, ()),
        )
        if any(label is None for label in labels):
            return label_path(self.story, path, self.seed)
        return path

    def step(self, state: GameState, choice_id: str) -> PathStep:
        """A path step with the choice's label rendered in ``state`` (the id if that fails)."""
        scene = self.story.scenes[state.scene]
        label = choice_id
        for choice in scene.choices:
            if choice.id == choice_id and choice.label is not None:
                try:
                    text = render(choice.label, state, choice.location)
                    label = " ".join(text.split()) or choice_id
                except StoryRuntimeError:
                    pass
        return PathStep(scene.id, choice_id, label)

    # -- recording ------------------------------------------------------------------------------
    def runtime_error(self, err: StoryRuntimeError, path: Callable[[], StoryPath]) -> None:
        loc = err.location or self.story.scenes[self.story.start].location
        message = str(err)
        prefix = f"{err.location}: "
        if err.location is not None and message.startswith(prefix):
            message = message[len(prefix) :]
        ident = (RUNTIME_ERROR, (str(loc), message))
        if ident not in self.findings:
            self.findings[ident] = Finding(
                RUNTIME_ERROR,
                f"the story fails while playing: {message}",
                loc,
                "follow the path to see the values; guard the expression with a condition",
                path(),
            )

    def trace(self, trace: Trace, path: Callable[[], StoryPath], arrived: GameState) -> None:
        """Record what happened inside a transition, even when ``arrived`` is a state seen before."""
        if arrived.flow:
            self.scenes_reached.update(arrived.flow)
        for sid, env in trace.passed:  # text of scenes passed through shows what they saw then
            for parts, location in self.risky_text.get(sid, ()):
                err = _text_error(parts, env, location)
                if err is not None:
                    self.runtime_error(err, path)
            self.text.prose(self.story.scenes[sid], env)
        for choice in trace.fallbacks:
            self.available.add(choice.key)
            self.scenes_reached.add(choice.target)
        for effect, raw, (low, high) in trace.overflows:
            side = f"above its max {high}" if raw > high else f"below its min {low}"
            ident = (METER_RANGE, str(effect.location))
            if ident not in self.findings:
                self.findings[ident] = Finding(
                    METER_RANGE,
                    f"meter '{effect.var}' would go {side} (to {raw}) here; it is clamped to {low}..{high}",
                    effect.location,
                    "guard the choice with a condition, change the amount, or widen the meter's range",
                    path(),
                )

    def visit(self, state: GameState, path: Callable[[], StoryPath]) -> list[Choice] | None:
        """Record what ``state`` shows; returns its available choices (None at an ending)."""
        story = self.story
        scene = story.scenes[state.scene]
        self.scenes_reached.add(scene.id)
        for parts, location in self.risky_text.get(scene.id, ()):
            err = _text_error(parts, state, location)
            if err is not None:
                self.runtime_error(err, path)
        text = self.text
        text.prose(scene, state)
        if scene.is_ending:
            if scene.id not in self.ending_paths:
                self.ending_paths[scene.id] = path()
            return None
        enabled: list[Choice] = []
        available = self.available
        for choice in scene.choices:
            if choice.label is None:
                continue
            try:
                shown, ok, _ = choice_status(story, state, choice)
            except StoryRuntimeError as err:
                self.runtime_error(err, path)
                continue
            if shown:
                text.label(choice, state)
                if not ok:
                    text.reason(choice, state)
                if choice.key in self.risky_labels:
                    label_error = _text_error(choice.label or (), state, choice.location)
                    if label_error is not None:
                        self.runtime_error(label_error, path)
            if ok:
                enabled.append(choice)
                available.add(choice.key)
            elif choice.key not in available and choice.conditions:
                self._conditions_held(choice, state)
        if not enabled and scene.has_fallback:
            # The fallback rule: choices shown but all disabled with a reason, and a fallback
            # available: the scene offers the fallback as "Continue" (a choice like the others).
            enabled = [c for c in available_choices(story, state) if c.label is None]
            for choice in enabled:
                available.add(choice.key)
        if not enabled and self._fallback_used_up(scene, state, path):
            return enabled
        if not enabled:
            ident = (DEAD_END, scene.id)
            if ident not in self.findings:
                self.findings[ident] = Finding(
                    DEAD_END,
                    f"dead end: scene '{scene.id}' can be reached with no choice available",
                    scene.location,
                    _dead_end_hint(scene),
                    path(),
                )
        return enabled

    def _fallback_used_up(self, scene: Scene, state: GameState, path: Callable[[], StoryPath]) -> bool:
        """A dead end caused by a once-only fallback (``* -> x``) taken on an earlier arrival:
        report it as that, with the fix (``+ -> x``). False if that is not the cause."""
        for choice in scene.choices:
            if not choice.fallback or choice.sticky or choice.key not in state.chosen:
                continue
            try:
                if not all(cond.expr(state) for cond in choice.conditions):
                    continue
            except EvaluationError:
                continue
            ident = (FALLBACK_USED_UP, choice.key)
            if ident not in self.findings:
                self.findings[ident] = Finding(
                    FALLBACK_USED_UP,
                    f"dead end: scene '{scene.id}' is reached again after its once-only fallback "
                    f"'* -> {choice.target}' was used up, and nothing else is available",
                    choice.location,
                    f"write '+ -> {choice.target}' to take it every time the scene is reached, "
                    "or give the scene a choice for the second arrival",
                    path(),
                )
            return True
        return False

    def _conditions_held(self, choice: Choice, state: GameState) -> None:
        """Note which conditions of a choice not (yet) seen available hold here: if the choice
        is never available, the report names a condition that never held."""
        for n, cond in enumerate(choice.conditions):
            if (choice.key, n) not in self.held:
                try:
                    if cond.expr(state):
                        self.held.add((choice.key, n))
                except EvaluationError:
                    continue

    # -- breadth-first search -------------------------------------------------------------------
    def _add(self, state: GameState, parent: int, via: int) -> tuple[int, bool] | None:
        """The node of ``state`` and whether it is new; None when a limit stops the search."""
        key = self.key_of(state.scene, state.vars, state.visits, state.chosen, state.stack)
        found = self.index.get(key)
        if found is not None:
            return found, False
        n = len(self.keys)
        if n >= self.max_states:
            self.limit = "states"
            return None
        if n % MEMORY_CHECK_EVERY == 0 and n:
            used = self.memory() - self.memory_base
            self.memory_peak = max(self.memory_peak, used)
            if used > self.max_memory:
                self.limit = "memory"
                return None
        self.index[key] = n
        self.keys.append(key)
        self.parent.append(parent)
        self.via.append(via)
        return n, True

    def search(self) -> None:
        """Breadth-first, one part after another. A part that carries variables over is
        explored from its own start first (so paths to its endings need no carry when they
        can do without), then from every set of values the endings of the part before can
        carry into it, as a player who finished that part would begin it."""
        frontier: deque[tuple[int, GameState]] = deque()
        parts = self.story.parts
        for number, part in enumerate(parts):
            if not self._start(frontier, number, None) or not self._expand(frontier, number):
                return
            if number and part.carry:
                for carried in sorted(self.carried_out.get(number - 1, ()), key=repr):
                    if not self._start(frontier, number, carried):
                        return
                if not self._expand(frontier, number):
                    return

    def _start(
        self,
        frontier: deque[tuple[int, GameState]],
        number: int,
        carried: tuple[tuple[str, Value], ...] | None,
    ) -> bool:
        """Add part ``number``'s start (begun with ``carried``) to the frontier; False at a limit."""
        part = self.story.parts[number]
        trace = Trace()
        try:
            state = self.stepper.start(part.id, self.seed, trace, dict(carried) if carried else None)
        except StoryRuntimeError as err:
            self.runtime_error(err, partial(StoryPath, part.id, (), carried or ()))
            return True
        added = self._add(state, -1, number)
        if added is None:
            return False
        i, new = added
        if carried and new:
            self.start_carried[i] = carried
        self.trace(trace, partial(self.path_to, i), state)
        if new:
            frontier.append((i, self.space.compact(state)))
            self._note_ending(state, number)
        return True

    def _note_ending(self, state: GameState, number: int) -> None:
        """At an ending of part ``number``, keep what it would carry into the next part."""
        nxt = number + 1
        parts = self.story.parts
        if nxt < len(parts) and parts[nxt].carry and self.story.scenes[state.scene].is_ending:
            vars = state.vars
            self.carried_out.setdefault(number, set()).add(tuple((n, vars[n]) for n in parts[nxt].carry))

    def _expand(self, frontier: deque[tuple[int, GameState]], number: int) -> bool:
        """Search from everything on the frontier; False when a limit stopped it."""
        compact = self.space.compact
        positions = self.positions
        trace = Trace()
        while frontier:
            i, state = frontier.popleft()
            if self.draws:
                try:
                    if not self._expand_all_outcomes(i, state, frontier, number):
                        return False
                except TooManyDraws:
                    self.limit = "random"
                    return False
                continue
            enabled = self.visit(state, partial(self.path_to, i))
            if not enabled:
                self.sinks.add(i)
                continue
            for choice in enabled:
                if trace.fallbacks or trace.overflows or trace.passed:
                    trace = Trace()  # one trace serves every step that has nothing to report
                try:
                    nxt = self.stepper.choose(state, choice, trace)
                except StoryRuntimeError as err:
                    self.runtime_error(err, partial(self.path_to, i, choice))
                    self.sinks.add(i)
                    trace = Trace()
                    continue
                if trace.fallbacks or trace.overflows or trace.passed or nxt.flow:
                    self.trace(trace, partial(self.path_to, i, choice), nxt)
                added = self._add(nxt, i, positions[choice.key])
                if added is None:
                    return False
                j, new = added
                self.edge_from.append(i)
                self.edge_to.append(j)
                if new:
                    frontier.append((j, compact(nxt)))
                    self._note_ending(nxt, number)
        return True

    def _expand_all_outcomes(
        self, i: int, state: GameState, frontier: deque[tuple[int, GameState]], number: int
    ) -> bool:
        """Expand a state of a story that draws random numbers: in every world of the draw a
        view peeks at, every available choice, with every outcome of the draws the step makes.
        False when a limit stopped the search."""
        positions, compact = self.positions, self.space.compact
        sink = False
        for world, env in self._worlds(state):
            enabled = self.visit(env, partial(self.path_to, i))  # type: ignore[arg-type]  # a Peek is shown as a state
            if not enabled:
                sink = True
                continue
            for choice in enabled:
                for nxt, trace, err in self._outcomes(state, choice, world):
                    if err is not None:
                        self.runtime_error(err, partial(self.path_to, i, choice))
                        sink = True
                        continue
                    assert nxt is not None
                    self.trace(trace, partial(self.path_to, i, choice), nxt)
                    added = self._add(nxt, i, positions[choice.key])
                    if added is None:
                        return False
                    j, new = added
                    self.edge_from.append(i)
                    self.edge_to.append(j)
                    if new:
                        frontier.append((j, compact(nxt)))
                        self._note_ending(nxt, number)
        if sink:
            self.sinks.add(i)
        return True

    def _worlds(self, state: GameState) -> list[tuple[int | None, GameState | Peek]]:
        """The distinct views of ``state``: one per raw number of the draw they peek at, modulo
        every range they ask for (just the state itself if its view draws nothing)."""
        probe = Peek(state, 0)
        self._probe(probe)
        if not probe.asked:
            return [(None, state)]
        modulus = 1
        for span in probe.asked:
            modulus = math.lcm(modulus, span)
        raw = 0
        worlds: list[tuple[int | None, GameState | Peek]] = []
        while raw < modulus:
            if modulus > MAX_DRAWS:
                raise TooManyDraws
            env = Peek(state, raw)
            self._probe(env)
            for span in env.asked:  # a range only some worlds ask for: more worlds
                modulus = math.lcm(modulus, span)
            worlds.append((raw, env))
            raw += 1
        return worlds

    def _probe(self, env: Peek) -> None:
        """Evaluate everything a view of ``env``'s scene shows, for the ranges it asks."""
        scene = self.story.scenes[env.scene]
        with suppress(StoryRuntimeError, EvaluationError):
            for choice in scene.choices:
                choice_status(self.story, env, choice)
            for expr in _scene_text(scene):
                with suppress(EvaluationError):
                    expr(env)

    def _outcomes(
        self, state: GameState, choice: Choice, world: int | None
    ) -> Iterator[tuple[GameState | None, Trace, StoryRuntimeError | None]]:
        """Every outcome of taking ``choice``: the step is run once per combination of the raw
        numbers it draws, depth first over the draws it makes (each draw's range is known when
        it is made); the draw a view peeked at keeps that world's raw number."""
        script = Script(state.draws, world)
        runs = 0
        while True:
            trace = Trace()
            trace.draw = script
            script.made = 0
            try:
                yield self.stepper.choose(state, choice, trace), trace, None
            except StoryRuntimeError as err:
                yield None, trace, err
            runs += 1
            if not script.advance():
                return
            if runs >= MAX_DRAWS:
                raise TooManyDraws

    def _adjacency(self, reverse: bool) -> tuple[array[int], array[int]]:
        """Compressed rows (offsets, targets) of the transitions, or of their reverse."""
        n = len(self.keys)
        src, dst = (self.edge_to, self.edge_from) if reverse else (self.edge_from, self.edge_to)
        offsets = array("i", [0]) * (n + 1)
        for s in src:
            offsets[s + 1] += 1
        for k in range(n):
            offsets[k + 1] += offsets[k]
        fill = array("i", offsets[:-1])
        targets = array("i", [0]) * len(src)
        for s, d in zip(src, dst, strict=True):
            targets[fill[s]] = d
            fill[s] += 1
        return offsets, targets

    def trapped(self) -> list[int]:
        """States from which no ending, dead end or failure can be reached: caught in a loop."""
        offsets, preds = self._adjacency(reverse=True)
        good = bytearray(len(self.keys))
        queue = deque(self.sinks)
        for i in self.sinks:
            good[i] = 1
        while queue:
            j = queue.popleft()
            for k in range(offsets[j], offsets[j + 1]):
                p = preds[k]
                if not good[p]:
                    good[p] = 1
                    queue.append(p)
        return [i for i, ok in enumerate(good) if not ok]

    def report_loops(self) -> None:
        trapped = self.trapped()
        if not trapped:
            return
        offsets, succ = self._adjacency(reverse=False)
        covered: set[int] = set()
        for i in trapped:
            if i in covered:
                continue
            region = {i}
            queue = deque([i])
            while queue:
                j = queue.popleft()
                for k in range(offsets[j], offsets[j + 1]):
                    if succ[k] not in region:
                        region.add(succ[k])
                        queue.append(succ[k])
            covered |= region
            scene = self.story.scenes[str(self.keys[i][0])]
            loop_scenes = sorted({str(self.keys[j][0]) for j in region})
            ident = (NO_WAY_OUT, scene.id)
            if ident not in self.findings:
                self.findings[ident] = Finding(
                    NO_WAY_OUT,
                    f"loop with no way out: from scene '{scene.id}' no ending can be reached "
                    f"(the story goes round {', '.join(loop_scenes)})",
                    scene.location,
                    "add a choice that leads out of the loop, or a condition that ends it",
                    self.path_to(i),
                )

    # -- random playthroughs --------------------------------------------------------------------
    def random_runs(self, runs: int, seed: int) -> None:
        rng = random.Random(seed)
        parts = self.story.parts
        key = self.space.key
        for run in range(runs):
            part = parts[run % len(parts)].id
            steps: list[PathStep] = []
            path = lambda p=part, st=steps: StoryPath(p, tuple(st))  # noqa: E731
            trace = Trace()
            try:
                state = self.stepper.start(part, seed, trace)
            except StoryRuntimeError as err:
                self.runtime_error(err, path)
                continue
            self.trace(trace, path, state)
            for _ in range(MAX_RUN_STEPS):
                self.seen.add(hash(key(state)))
                snapshot = lambda p=part, st=tuple(steps): StoryPath(p, st)  # noqa: E731
                enabled = self.visit(state, snapshot)
                if not enabled:
                    break
                choice = rng.choice(enabled)
                step = self.step(state, choice.id)
                taken = lambda p=part, st=(*steps, step): StoryPath(p, st)  # noqa: E731
                trace = Trace()
                try:
                    state = self.stepper.choose(state, choice, trace)
                except StoryRuntimeError as err:
                    self.runtime_error(err, taken)
                    break
                steps.append(step)
                self.trace(trace, taken, state)

    def states_seen(self) -> int:
        """Distinct states met: every one explored, plus those only random runs met."""
        if not self.seen:
            return len(self.keys)
        return len(self.seen | {hash(k) for k in self.keys})


def label_path(story: Story, path: StoryPath, seed: int = 0) -> StoryPath:
    """``path`` with each choice's label as the player sees it, replayed with the real runtime.

    Replaying through the engine from the start also checks that every path a finding
    shows is one the player can really take.
    A path that ends in a failing step keeps the ids from there on.
    """
    steps: list[PathStep] = []
    try:
        state = start(story, path.part, seed, carried=dict(path.carried) if path.carried else None)
        for step in path.steps:
            view = present(story, state)
            label = next((c.label for c in view.choices if c.id == step.choice), step.choice)
            steps.append(PathStep(step.scene, step.choice, label))
            state = choose(story, state, step.choice)
    except PatroldayError:
        steps += [PathStep(s.scene, s.choice, s.label or s.choice) for s in path.steps[len(steps) :]]
    return StoryPath(path.part, tuple(steps), path.carried)


def _dead_end_hint(scene: Scene) -> str:
    if not scene.choices:
        return "add a choice or a '-> scene' line, or make it an ending with '# ending: Title'"
    guarded = [
        f"{c.id} ({' and '.join(k.expr.source for k in c.conditions) or 'already taken'})"
        for c in scene.choices
        if c.label is not None
    ]
    listed = ": " + ", ".join(guarded) if guarded else ""
    return f"every choice here is hidden or disabled on this path{listed}; add one that is always available"


# -- the check -----------------------------------------------------------------------------------


def check_story(
    story: Story,
    max_states: int = DEFAULT_MAX_STATES,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    clock: Callable[[], float] = time.perf_counter,
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
    memory: Callable[[], int] = resident_memory,
) -> CheckReport:
    """Explore ``story`` and report every finding, with coverage and a path to each ending.

    The search stops at ``max_states`` distinct states, or when it has added more than
    ``max_memory_mb`` megabytes to the process (as ``memory`` measures it); random
    playthroughs then fill in and the report says which limit was reached.
    """
    began = clock()
    explorer = Explorer(story, max_states, max_memory_mb * MB, memory, seed)
    explorer.search()
    exhaustive = not explorer.limit_hit
    notes: list[str] = []
    done_runs = 0
    if exhaustive:
        explorer.report_loops()
        unshown = explorer.text.findings(explorer.scenes_reached)
    else:
        if explorer.limit == "random":
            why = (
                f"a state or a step of it has more than {MAX_DRAWS:,} outcomes of random() "
                f"(after {len(explorer.keys):,} states)"
            )
        elif explorer.limit == "memory":
            why = (
                f"exploring it needed more than {max_memory_mb:,} MB of memory after "
                f"{len(explorer.keys):,} states (raise it with --max-memory)"
            )
        else:
            why = f"the story has more than {max_states:,} distinct states"
        notes.append(
            f"{why}; explored those, then played {runs:,} random playthroughs (seed {seed}). "
            "Findings about unreached parts may be wrong, and loops with no way out were not looked for."
        )
        explorer.random_runs(runs, seed)
        done_runs = runs
        unshown = []  # "never shown" needs every state
    findings = list(explorer.findings.values()) + unshown
    findings += _coverage_findings(story, explorer, exhaustive, done_runs)
    findings += analysis.variable_findings(story)
    order = {code: n for n, code in enumerate(CODES)}
    findings.sort(key=lambda f: (order.get(f.code, 99), f.location.file, f.location.line, f.message))
    total_choices = sum(len(s.choices) for s in story.scenes.values())
    endings = [s.id for s in story.endings]
    coverage = Coverage(
        scenes=len(explorer.scenes_reached & story.scenes.keys()),
        scenes_total=len(story.scenes),
        choices=len(explorer.available),
        choices_total=total_choices,
        endings=sum(1 for e in endings if e in explorer.ending_paths),
        endings_total=len(endings),
    )
    paths = {
        e: label_path(story, explorer.ending_paths[e], seed) for e in endings if e in explorer.ending_paths
    }
    return CheckReport(
        findings=tuple(findings),
        coverage=coverage,
        states=explorer.states_seen(),
        seconds=clock() - began,
        exhaustive=exhaustive,
        max_states=max_states,
        runs=done_runs,
        seed=seed,
        ending_paths=paths,
        notes=tuple(notes),
        limit=explorer.limit,
    )


def _coverage_findings(story: Story, explorer: Explorer, exhaustive: bool, runs: int) -> list[Finding]:
    """Scenes, endings and choices the exploration never reached."""
    out: list[Finding] = []
    maybe = "" if exhaustive else f" (in {runs:,} random playthroughs; the search was not exhaustive)"
    into = analysis.incoming(story)
    reached = explorer.scenes_reached
    for scene in story.scenes.values():
        if scene.id in reached:
            continue
        sources = [s for s in into[scene.id] if s in reached]
        if not into[scene.id]:
            hint = "no choice leads here; add one, or remove the scene"
        elif sources:
            hint = "choices lead here from " + ", ".join(sources) + ", but they are never available"
        else:
            hint = "it is only reached from scenes that are never reached: " + ", ".join(into[scene.id])
        what, code = ("ending", UNREACHED_ENDING) if scene.is_ending else ("scene", UNREACHED_SCENE)
        out.append(Finding(code, f"{what} '{scene.id}' is never reached{maybe}", scene.location, hint))
    for scene in story.scenes.values():
        if scene.id not in reached:
            continue  # its choices are covered by the scene's finding
        for choice in scene.choices:
            if choice.key in explorer.available:
                continue
            message, hint = _blocked(explorer.held, scene, choice)
            out.append(Finding(UNAVAILABLE_CHOICE, message + maybe, choice.location, hint))
    return out


def _blocked(held: set[tuple[str, int]], scene: Scene, choice: Choice) -> tuple[str, str]:
    """Why ``choice`` is never available: the condition that never holds, if there is one."""
    if choice.label is None:
        conds = " and ".join(c.expr.source for c in choice.conditions)
        return (
            f"fallback '{choice.key}' is never taken",
            "whenever the scene is reached a labelled choice or an earlier fallback is available"
            + (f", or its condition ({conds}) does not hold" if conds else "")
            + "; remove it or change the conditions",
        )
    if not choice.conditions:
        return (f"choice '{choice.key}' is never available", "check the choices before it")
    never = [c for n, c in enumerate(choice.conditions) if (choice.key, n) not in held]
    if never:
        cond = never[0]
        return (
            f"choice '{choice.key}' is never available: its condition {{{cond.expr.source}}} "
            f"(line {cond.location.line}) never holds when '{scene.id}' is reached",
            "check the values this condition reads on the paths into the scene, or remove the choice",
        )
    both = " and ".join("{" + c.expr.source + "}" for c in choice.conditions)
    return (
        f"choice '{choice.key}' is never available: its conditions {both} never hold together",
        "each holds on some path, but never on the same one",
    )
