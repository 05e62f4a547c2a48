"""The exhaustive checker: walk every reachable state of a story and report what is wrong.

A state is (scene, variables, visit counts, choices taken). The history is left out of a
state's identity on purpose: two playthroughs that arrive at the same scene with the same
values behave the same from then on. Visit counts and taken choices are kept only as far
as the story can observe them (see :func:`~patrolday.tooling.analysis.visit_caps`), so a
story with loops still has a finite state space unless a number grows without bound.

Breadth-first search gives the shortest path (fewest choices) to every state, which makes
paths in findings short enough to replay by hand. When the state space is larger than
``max_states`` the search stops and seeded random playthroughs (as ChoiceScript's
``randomtest``) fill in; the report then says it is not exhaustive.

Transitions go through :class:`~patrolday.tooling.stepper.Stepper`, which calls the
runtime itself with a :class:`~patrolday.engine.runtime.Trace` that reports fallbacks
taken and meter values before clamping. The shortest path to each ending is replayed to
label it (tests replay every kind of path the same way).
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from patrolday.engine import (
    Choice,
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
    choice_status,
    choose,
    present,
    render,
    start,
    walk,
)

from . import analysis
from .defaults import DEFAULT_MAX_STATES, DEFAULT_RUNS
from .findings import (
    CODES,
    DEAD_END,
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
from .stepper import Stepper, Trace, state_key_function

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


def _can_fail(parts: Parts) -> bool:
    """Whether some expression in ``parts`` can fail while playing (the syntax tree knows)."""
    return any(e.can_fail for e in analysis.iter_parts_expressions(parts))


# -- the explorer --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    state: GameState
    parent: int  # -1 for a part's start
    choice: str  # the choice id taken in the parent (or the part id at a start)


class Explorer:
    """Collects what every visited state shows; breadth-first search and random runs feed it."""

    def __init__(self, story: Story, max_states: int) -> None:
        self.story = story
        self.max_states = max_states
        self.key = state_key_function(story)
        self.nodes: list[_Node] = []
        self.index: dict[tuple[object, ...], int] = {}
        self.succ: list[list[int]] = []
        self.sinks: set[int] = set()
        self.limit_hit = False
        self.scenes_reached: set[str] = set()
        self.available: set[str] = set()  # choice keys available (labelled) or taken (fallback)
        self.ending_paths: dict[str, StoryPath] = {}
        self.findings: dict[tuple[str, object], Finding] = {}
        self.steps: dict[int, PathStep] = {}  # node -> the step that leads to it
        self.seen_keys: set[tuple[object, ...]] = set()
        # Text that can fail (arithmetic), to evaluate in every state that shows it.
        self.risky_text: dict[str, list[tuple[Parts, Location]]] = {}
        for sid, scene in story.scenes.items():
            risky = [(p.parts, p.location) for p in scene.paragraphs if _can_fail(p.parts)]
            if risky:
                self.risky_text[sid] = risky
        self.stepper = Stepper(story, watch=frozenset(self.risky_text))
        self.risky_labels = {
            c.key for s in story.scenes.values() for c in s.choices if c.label and _can_fail(c.label)
        }

    # -- paths ----------------------------------------------------------------------------------
    def path_to(self, i: int) -> StoryPath:
        """The choices from a part's start to node ``i``, labelled as the player sees them.

        Each node's step is built once and shared: findings in a big story can number in
        the thousands, and their paths share long prefixes of the breadth-first tree.
        """
        steps: list[PathStep] = []
        while self.nodes[i].parent >= 0:
            node = self.nodes[i]
            step = self.steps.get(i)
            if step is None:
                step = self.steps[i] = self.step(self.nodes[node.parent].state, node.choice)
            steps.append(step)
            i = node.parent
        steps.reverse()
        return StoryPath(self.nodes[i].state.part, tuple(steps))

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
    def _note(self, ident: tuple[str, object], make: Callable[[], Finding]) -> None:
        if ident not in self.findings:
            self.findings[ident] = make()

    def runtime_error(self, err: StoryRuntimeError, path: Callable[[], StoryPath]) -> None:
        loc = err.location or self.story.scenes[self.story.start].location
        message = str(err)
        prefix = f"{err.location}: "
        if err.location is not None and message.startswith(prefix):
            message = message[len(prefix) :]
        self._note(
            (RUNTIME_ERROR, (str(loc), message)),
            lambda: Finding(
                RUNTIME_ERROR,
                f"the story fails while playing: {message}",
                loc,
                "follow the path to see the values; guard the expression with a condition",
                path(),
            ),
        )

    def trace(self, trace: Trace, path: Callable[[], StoryPath], arrived: GameState) -> None:
        """Record what happened inside a transition, even when ``arrived`` is a state seen before."""
        self.scenes_reached.update(arrived.flow)
        for sid, env in trace.passed:  # text of scenes passed through shows what they saw then
            for parts, location in self.risky_text.get(sid, ()):
                err = _text_error(parts, env, location)
                if err is not None:
                    self.runtime_error(err, path)
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
        if scene.is_ending:
            if scene.id not in self.ending_paths:
                self.ending_paths[scene.id] = path()
            return None
        enabled: list[Choice] = []
        for choice in scene.choices:
            if choice.label is None:
                continue
            try:
                shown, ok, _ = choice_status(story, state, choice)
            except StoryRuntimeError as err:
                self.runtime_error(err, path)
                continue
            if shown and choice.key in self.risky_labels:
                label_error = _text_error(choice.label or (), state, choice.location)
                if label_error is not None:
                    self.runtime_error(label_error, path)
            if ok:
                enabled.append(choice)
                self.available.add(choice.key)
        if not enabled:
            self._note(
                (DEAD_END, scene.id),
                lambda: Finding(
                    DEAD_END,
                    f"dead end: scene '{scene.id}' can be reached with no choice available",
                    scene.location,
                    _dead_end_hint(scene),
                    path(),
                ),
            )
        return enabled

    # -- breadth-first search -------------------------------------------------------------------
    def _add(self, state: GameState, parent: int, choice: str) -> int | None:
        key = self.key(state)
        found = self.index.get(key)
        if found is not None:
            return found
        if len(self.nodes) >= self.max_states:
            self.limit_hit = True
            return None
        self.index[key] = len(self.nodes)
        self.nodes.append(_Node(state, parent, choice))
        self.succ.append([])
        return len(self.nodes) - 1

    def search(self, seed: int = 0) -> None:
        queue: deque[int] = deque()
        for part in self.story.parts:
            trace = Trace()
            try:
                state = self.stepper.start(part.id, seed, trace)
            except StoryRuntimeError as err:
                self.runtime_error(err, lambda p=part.id: StoryPath(p))  # type: ignore[misc]
                continue
            i = self._add(state, -1, part.id)
            if i is None:
                return
            self.trace(trace, lambda i=i: self.path_to(i), state)  # type: ignore[misc]
            if i == len(self.nodes) - 1:
                queue.append(i)
        while queue:
            i = queue.popleft()
            state = self.nodes[i].state
            path = lambda i=i: self.path_to(i)  # noqa: E731
            enabled = self.visit(state, path)
            if not enabled:
                self.sinks.add(i)
                continue
            for choice in enabled:
                trace = Trace()
                step_path = lambda i=i, c=choice: _extend(  # noqa: E731
                    self.path_to(i), self.step(self.nodes[i].state, c.id)
                )
                try:
                    nxt = self.stepper.choose(state, choice, trace)
                except StoryRuntimeError as err:
                    self.runtime_error(err, step_path)
                    self.sinks.add(i)
                    continue
                self.trace(trace, step_path, nxt)
                before = len(self.nodes)
                j = self._add(nxt, i, choice.id)
                if j is None:
                    return
                self.succ[i].append(j)
                if j == before:
                    queue.append(j)

    def trapped(self) -> list[int]:
        """States from which no ending, dead end or failure can be reached: caught in a loop."""
        pred: list[list[int]] = [[] for _ in self.nodes]
        for i, nexts in enumerate(self.succ):
            for j in nexts:
                pred[j].append(i)
        good = [False] * len(self.nodes)
        queue = deque(self.sinks)
        for i in self.sinks:
            good[i] = True
        while queue:
            for p in pred[queue.popleft()]:
                if not good[p]:
                    good[p] = True
                    queue.append(p)
        return [i for i, ok in enumerate(good) if not ok]

    def report_loops(self) -> None:
        covered: set[int] = set()
        for i in self.trapped():
            if i in covered:
                continue
            region = {i}
            queue = deque([i])
            while queue:
                for j in self.succ[queue.popleft()]:
                    if j not in region:
                        region.add(j)
                        queue.append(j)
            covered |= region
            scene = self.story.scenes[self.nodes[i].state.scene]
            loop_scenes = sorted({self.nodes[j].state.scene for j in region})
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
                self.seen_keys.add(self.key(state))
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


def _extend(path: StoryPath, step: PathStep) -> StoryPath:
    return StoryPath(path.part, (*path.steps, step))


def label_path(story: Story, path: StoryPath, seed: int = 0) -> StoryPath:
    """``path`` with each choice's label as the player sees it, replayed with the real runtime.

    Replaying through :mod:`patrolday.engine.runtime` from the start also checks that
    every path a finding shows is one the player can really take.
    A path that ends in a failing step keeps the ids from there on.
    """
    steps: list[PathStep] = []
    try:
        state = start(story, path.part, seed)
        for step in path.steps:
            view = present(story, state)
            label = next((c.label for c in view.choices if c.id == step.choice), step.choice)
            steps.append(PathStep(step.scene, step.choice, label))
            state = choose(story, state, step.choice)
    except PatroldayError:
        steps += [PathStep(s.scene, s.choice, s.label or s.choice) for s in path.steps[len(steps) :]]
    return StoryPath(path.part, tuple(steps))


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
) -> CheckReport:
    """Explore ``story`` and report every finding, with coverage and a path to each ending."""
    began = clock()
    explorer = Explorer(story, max_states)
    explorer.search(seed)
    exhaustive = not explorer.limit_hit
    notes: list[str] = []
    done_runs = 0
    if exhaustive:
        explorer.report_loops()
    else:
        notes.append(
            f"the story has more than {max_states:,} distinct states; explored those, then played "
            f"{runs:,} random playthroughs (seed {seed}). Findings about unreached parts may be "
            "wrong, and loops with no way out were not looked for."
        )
        explorer.random_runs(runs, seed)
        done_runs = runs
    findings = list(explorer.findings.values())
    findings += _coverage_findings(story, explorer, exhaustive, done_runs)
    findings += analysis.variable_findings(story)
    order = {code: n for n, code in enumerate(CODES)}
    findings.sort(key=lambda f: (order.get(f.code, 99), f.location.file, f.location.line, f.message))
    states = len(explorer.nodes) if exhaustive else len(explorer.index.keys() | explorer.seen_keys)
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
        states=states,
        seconds=clock() - began,
        exhaustive=exhaustive,
        max_states=max_states,
        runs=done_runs,
        seed=seed,
        ending_paths=paths,
        notes=tuple(notes),
    )


def _coverage_findings(story: Story, explorer: Explorer, exhaustive: bool, runs: int) -> list[Finding]:
    """Scenes, endings and choices the exploration never reached."""
    out: list[Finding] = []
    maybe = "" if exhaustive else f" (in {runs:,} random playthroughs; the search was not exhaustive)"
    into = analysis.incoming(story)
    reached = explorer.scenes_reached
    at_scene: dict[str, list[GameState]] = {}
    for node in explorer.nodes:
        at_scene.setdefault(node.state.scene, []).append(node.state)
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
            message, hint = _blocked(at_scene.get(scene.id, []), scene, choice)
            out.append(Finding(UNAVAILABLE_CHOICE, message + maybe, choice.location, hint))
    return out


def _blocked(states: list[GameState], scene: Scene, choice: Choice) -> tuple[str, str]:
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
    ever: list[bool] = []
    for cond in choice.conditions:
        held = False
        for state in states:
            try:
                if cond.expr(state):
                    held = True
                    break
            except EvaluationError:
                continue
        ever.append(held)
    never = [c for c, held in zip(choice.conditions, ever, strict=True) if not held]
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
