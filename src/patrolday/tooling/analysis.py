"""Static facts about a story: what its expressions read, what its effects write, its graph.

These need no play at all, so they are fast enough for a 10,000-scene story (the
structural part of ``patrolday check``) and they tell the explorer what a state must
remember: only the visit counts and choices the story can observe.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from patrolday.engine import (
    RETURN,
    Block,
    Compiled,
    Cond,
    Effect,
    Interp,
    Item,
    Parts,
    Scene,
    Story,
    iter_parts,
)

from .findings import (
    DEAD_END,
    UNREACHED_ENDING,
    UNREACHED_SCENE,
    UNREAD_VARIABLE,
    UNWRITTEN_VARIABLE,
    Finding,
)


def iter_parts_expressions(parts: Parts) -> Iterator[Compiled]:
    """Every expression inside inline text, in every branch."""
    for part in iter_parts(parts):
        if type(part) is Interp or type(part) is Cond:
            yield part.expr


def block_conditions(items: tuple[Item, ...]) -> Iterator[Compiled]:
    """The conditions of the conditional blocks in a scene body, nested ones too."""
    for item in items:
        if type(item) is Block:
            for cond, branch in item.branches:
                if cond is not None:
                    yield cond
                yield from block_conditions(branch)


def iter_control_expressions(story: Story) -> Iterator[Compiled]:
    """Expressions that can change where the story goes: conditions and effect values
    (a block's condition decides which effects run)."""
    for scene in story.scenes.values():
        yield from block_conditions(scene.body)
        for effect in scene.entry_effects:
            yield effect.expr
        for choice in scene.choices:
            for cond in choice.conditions:
                yield cond.expr
            for effect in choice.effects:
                yield effect.expr


def iter_expressions(story: Story) -> Iterator[Compiled]:
    """Every expression in the story: control flow and text."""
    yield from iter_control_expressions(story)
    for scene in story.scenes.values():
        for para in scene.paragraphs:
            yield from iter_parts_expressions(para.parts)
        for choice in scene.choices:
            if choice.label is not None:
                yield from iter_parts_expressions(choice.label)


def variables_read(story: Story) -> set[str]:
    read: set[str] = set()
    for expr in iter_expressions(story):
        read |= expr.variables
    return read


def variables_written(story: Story) -> set[str]:
    written: set[str] = set()
    for scene in story.scenes.values():
        written.update(e.var for e in scene.entry_effects)
        for choice in scene.choices:
            written.update(e.var for e in choice.effects)
    return written


# -- what a state must remember ----------------------------------------------------------------


def visit_caps(story: Story) -> dict[str, int | None]:
    """For each scene whose visits the control flow observes: the count above which visits look alike.

    ``visited(x)`` only tells 0 from "at least 1" (cap 1). ``visits(x) >= 3`` tells 0..3
    apart from "4 or more" (cap 4: one past the largest number it is compared with).
    Any other use of ``visits(x)`` (arithmetic, storing it) needs the exact count (None).
    The facts come from each expression's syntax tree (:class:`~patrolday.engine.expressions.VisitRead`).
    Text is left out on purpose: it never changes where the story goes, so sequences and
    ``{visits(x)}`` in prose do not multiply states.
    """
    caps: dict[str, int | None] = {}
    for expr in iter_control_expressions(story):
        for scene, need in expr.visit_caps().items():
            if scene in caps:
                old = caps[scene]
                caps[scene] = None if old is None or need is None else max(old, need)
            else:
                caps[scene] = need
    return caps


# -- the graph, ignoring conditions --------------------------------------------------------------


def return_points(story: Story) -> tuple[str, ...]:
    """Every scene a ``->->`` can go back to: in ``-> a -> b -> c``, b after a and c after b."""
    points: dict[str, None] = {}
    for scene in story.scenes.values():
        chains = [(c.via, c.target) for c in scene.choices if c.via]
        if scene.divert is not None and scene.divert_via:
            chains.append((scene.divert_via, scene.divert))
        for via, target in chains:
            for point in (*via[1:], target):
                if point != RETURN:
                    points[point] = None
    return tuple(points)


def successors(scene: Scene, returns: tuple[str, ...] = ()) -> list[str]:
    """Scenes this scene can lead to, if every condition held.

    A tunnel (``-> side -> next``) leads to its first scene; ``->->`` leads back to any
    scene a tunnel returns to (``returns``, from :func:`return_points`): an over-estimate
    that keeps every real path, so a tunnel called from two places is on a loop, as it is
    entered twice in one playthrough.
    """
    out: list[str] = []
    for target, via in [(c.target, c.via) for c in scene.choices] + [(scene.divert, scene.divert_via)]:
        if target is None:
            continue
        if via:
            out.append(via[0])
        elif target == RETURN:
            out.extend(returns)
        else:
            out.append(target)
    return out


def static_reachable(story: Story) -> set[str]:
    """Scenes reachable from any part's start along any edge, conditions ignored."""
    seen = {p.start for p in story.parts} | {story.start}
    queue = deque(seen)
    returns = return_points(story)
    while queue:
        scene = story.scenes.get(queue.popleft())
        if scene is None:
            continue
        for nxt in successors(scene, returns):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def incoming(story: Story) -> dict[str, list[str]]:
    """For each scene, the scenes with an edge into it."""
    into: dict[str, list[str]] = {sid: [] for sid in story.scenes}
    returns = return_points(story)
    for scene in story.scenes.values():
        for nxt in successors(scene, returns):
            if nxt in into and scene.id not in into[nxt]:
                into[nxt].append(scene.id)
    return into


def variable_findings(story: Story) -> list[Finding]:
    """Variables never read (meters are read by the player, so only hidden ones) or never written."""
    read, written = variables_read(story), variables_written(story)
    out: list[Finding] = []
    for var in story.variables:
        unread = var.name not in read and not var.is_meter
        unwritten = var.name not in written
        if unread and unwritten:
            out.append(
                Finding(
                    UNREAD_VARIABLE,
                    f"variable '{var.name}' is never used: no scene reads or changes it",
                    var.location,
                    "remove it from story.toml, or use it in a condition, an effect or {" + var.name + "}",
                )
            )
        elif unread:
            out.append(
                Finding(
                    UNREAD_VARIABLE,
                    f"variable '{var.name}' is changed but never read",
                    var.location,
                    "use it in a condition or in text ({" + var.name + "}), give it a label to show it "
                    "as a meter, or remove it",
                )
            )
        elif unwritten:
            out.append(
                Finding(
                    UNWRITTEN_VARIABLE,
                    f"variable '{var.name}' is never changed: it is always {_show(var.initial)}",
                    var.location,
                    f"change it with an effect (~ {var.name} = ...), or write the value where it is used",
                )
            )
    return out


def static_graph_findings(story: Story) -> list[Finding]:
    """The quick, condition-blind version of reachability: for stories too big to explore."""
    reach = static_reachable(story)
    into = incoming(story)
    out: list[Finding] = []
    for scene in story.scenes.values():
        if scene.id not in reach:
            hint = (
                "no choice leads here; add one, or remove the scene"
                if not into[scene.id]
                else "it is only reached from scenes that are themselves unreachable"
            )
            code = UNREACHED_ENDING if scene.is_ending else UNREACHED_SCENE
            what = "ending" if scene.is_ending else "scene"
            out.append(Finding(code, f"{what} '{scene.id}' can never be reached", scene.location, hint))
        elif not scene.is_ending and not scene.choices and scene.divert is None:
            out.append(
                Finding(
                    DEAD_END,
                    f"dead end: scene '{scene.id}' has no choices and is not an ending",
                    scene.location,
                    "add a choice or a '-> scene' line, or make it an ending with '# ending: Title'",
                )
            )
    return out


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def revisitable(story: Story) -> set[str]:
    """Scenes on a cycle of the graph: the only ones a player can enter twice.

    Tarjan's strongly connected components, written iteratively so a 10,000-scene chain
    does not hit Python's recursion limit.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: set[str] = set()
    counter = 0
    returns = return_points(story)
    for root in story.scenes:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(successors(story.scenes[root], returns)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in story.scenes:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(successors(story.scenes[nxt], returns))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in successors(story.scenes[node], returns):
                    out.update(component)
    return out


def observable_choices(story: Story) -> frozenset[str]:
    """Choice keys whose "taken" flag can change what happens.

    A once-only choice hides itself only when its scene is entered again, which needs a
    cycle; ``chosen(scene/choice)`` reads the flag anywhere. Every other taken flag is
    history, and keeping it would turn the state space into the tree of all playthroughs.
    """
    again = revisitable(story)
    keys = {c.key for sid in again for c in story.scenes[sid].choices if not c.sticky}
    for expr in iter_expressions(story):
        keys.update(ref.target for ref in expr.refs if ref.kind == "choice")
    return frozenset(keys)


def _scene_control(scene: Scene) -> Iterator[Compiled]:
    """The expressions of one scene that can change where the story goes."""
    yield from block_conditions(scene.body)
    for effect in scene.entry_effects:
        yield effect.expr
    for choice in scene.choices:
        for cond in choice.conditions:
            yield cond.expr
        for effect in choice.effects:
            yield effect.expr


def _scene_text(scene: Scene) -> Iterator[Compiled]:
    for para in scene.paragraphs:
        yield from iter_parts_expressions(para.parts)
    for choice in scene.choices:
        if choice.label is not None:
            yield from iter_parts_expressions(choice.label)


def live_counts(story: Story) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """For each scene: the visit counts and taken flags something ahead may still read.

    A count matters only if a condition or effect that reads it can still come (on some
    path from the scene, tunnels and returns included: counts never go back); a taken flag
    only if its once-only choice or a ``chosen()`` of it can still come. So a state keeps,
    say, ``visited(yard)`` only until the last scene that asks; after that, two
    playthroughs that differ there are merged. ``chosen()`` in text counts too (text
    conditions are judged by the checker), visit counts read only by text do not (they
    would multiply states; such text is not judged).
    """
    scenes = story.scenes
    base: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for sid, scene in scenes.items():
        counts = {r.scene for e in _scene_control(scene) for r in e.visit_reads}
        flags = {c.key for c in scene.choices if not c.sticky}
        for expr in (*_scene_control(scene), *_scene_text(scene)):
            flags.update(ref.target for ref in expr.refs if ref.kind == "choice")
        base[sid] = (frozenset(counts), frozenset(flags))
    live = dict(base)
    preds = incoming(story)
    returns = return_points(story)
    work = deque(scenes)
    queued = set(scenes)
    while work:
        sid = work.popleft()
        queued.discard(sid)
        now_counts, now_flags = base[sid]
        for nxt in successors(scenes[sid], returns):
            if nxt in live:
                now_counts, now_flags = now_counts | live[nxt][0], now_flags | live[nxt][1]
        if (now_counts, now_flags) != live[sid]:
            live[sid] = (now_counts, now_flags)
            for prev in preds[sid]:
                if prev not in queued:
                    queued.add(prev)
                    work.append(prev)
    return live


def _text_reads(scene: Scene) -> set[str]:
    reads: set[str] = set()
    for para in scene.paragraphs:
        for expr in iter_parts_expressions(para.parts):
            reads |= expr.variables
    for choice in scene.choices:
        if choice.label is not None:
            for expr in iter_parts_expressions(choice.label):
                reads |= expr.variables
    return reads


def _through(effects: tuple[Effect, ...], live: frozenset[str], meters: set[str]) -> frozenset[str]:
    """Variables live before ``effects`` given those live after (backwards, one effect at a time)."""
    out = set(live)
    for effect in reversed(effects):
        keeps_old = effect.op != "=" and (effect.var in out or effect.var in meters)
        if effect.op == "=":
            out.discard(effect.var)
        out |= effect.expr.variables  # read even when the result is unused: it may fail
        if keeps_old:
            out.add(effect.var)
    return frozenset(out)


def next_scenes(target: str, via: tuple[str, ...], returns: tuple[str, ...]) -> tuple[str, ...]:
    """Where a choice or divert goes first: its tunnel, or its target, or (``->->``) back."""
    if via:
        return (via[0],)
    if target == RETURN:
        return returns
    return (target,)


def _entry_of(targets: tuple[str, ...], entry: dict[str, frozenset[str]]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for target in targets:
        out |= entry.get(target, frozenset())
    return out


def _body_reads(scene: Scene, meters: set[str]) -> frozenset[str]:
    reads: set[str] = set()
    for cond in block_conditions(scene.body):
        reads |= cond.variables
    for effect in scene.entry_effects:
        reads |= effect.expr.variables
        if effect.op != "=" or effect.var in meters:
            reads.add(effect.var)
    return frozenset(reads)


def live_variables(story: Story) -> dict[str, frozenset[str]]:
    """For each scene: the variables whose value can still matter when a player waits there.

    A variable matters if something ahead may read it before it is set again: a condition,
    an effect (``+=`` reads the old value; a meter's clamp does too), or text (a scene
    passed through automatically shows its text as it was when entered, so those reads
    happen on the way, as the scene's own). States that differ only in other variables
    behave the same from then on, so the explorer merges them. Classic liveness analysis,
    solved by iterating to a fixed point because stories have loops.
    """
    meters = {v.name for v in story.variables if v.is_meter}
    scenes = story.scenes
    text = {sid: frozenset(_text_reads(s)) for sid, s in scenes.items()}
    # A part that carries variables over reads them at the start of its game, which begins
    # where a game of the part before ended: every ending "reads" every carried variable,
    # so states that differ only in them are not merged before the part they matter to.
    carried = frozenset(name for part in story.parts for name in part.carry)
    if carried:
        text = {sid: reads | carried if scenes[sid].is_ending else reads for sid, reads in text.items()}
    at: dict[str, frozenset[str]] = {sid: frozenset() for sid in scenes}
    entry: dict[str, frozenset[str]] = {sid: frozenset() for sid in scenes}
    preds = incoming(story)
    returns = return_points(story)
    body_reads = {sid: _body_reads(s, meters) for sid, s in scenes.items() if s.body}
    work = deque(scenes)
    queued = set(scenes)
    while work:
        sid = work.popleft()
        queued.discard(sid)
        scene = scenes[sid]
        live = set(text[sid])
        for choice in scene.choices:
            for cond in choice.conditions:
                live |= cond.expr.variables
            after = _entry_of(next_scenes(choice.target, choice.via, returns), entry)
            live |= _through(choice.effects, after, meters)
        if scene.divert is not None:
            live |= _entry_of(next_scenes(scene.divert, scene.divert_via, returns), entry)
        new_at = frozenset(live)
        # In a body, text and effects interleave and blocks decide which effects run: every
        # read in it is live on entry, and no assignment is sure to happen.
        new_entry = new_at | body_reads[sid] if scene.body else _through(scene.entry_effects, new_at, meters)
        if new_at != at[sid] or new_entry != entry[sid]:
            at[sid], entry[sid] = new_at, new_entry
            for prev in preds[sid]:
                if prev not in queued:
                    queued.add(prev)
                    work.append(prev)
    return at


def structural_findings(story: Story) -> list[Finding]:
    """Everything ``check --quick`` reports: the condition-blind checks, fast at any size."""
    return static_graph_findings(story) + variable_findings(story)
