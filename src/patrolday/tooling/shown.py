"""Text no reachable state ever shows: branches of inline conditions, alternatives, reasons.

The explorer shows each piece of conditional text to this module in every state that
displays it (the scene a player waits in, its choice labels and the reasons on disabled
choices, and every scene the story passes through on the way, as it read then). What is
never marked by the end of an exhaustive search is text no player can ever read: a
``{worry >= 7: ...}`` whose condition never holds where it is shown, the ``else`` of one
that always holds, the reason of a choice that is never disabled.

Soundness comes first: a text is reported only if no reachable state can show it.

- States are merged on what the *control flow* can observe, so a text condition is
  evaluated exactly only when everything it reads is part of a state's identity: its
  variables are (text reads are live), its ``chosen()`` reads are, and its visit counts
  are when the state keeps them at least as finely as it asks. Otherwise both branches
  count as shown.
- Alternatives (``{a|b}``) pick their branch by how often they were reached, which states
  do not keep; instead, in a scene no path can enter twice (not on a loop, and no tunnel),
  a sequence or cycle is reached at most once, so only its first branch can show.
- Scenes whose body runs in text order (conditional blocks, effects between paragraphs)
  show text as it stood at each point; their text is not judged (never reported).
- A condition that reads a variable some part carries over from the part before
  (``carry = [...]``) is not judged either: its value at a part's start comes from
  another playthrough, which the search of that part does not see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from patrolday.engine import (
    Choice,
    Cond,
    Env,
    EvaluationError,
    Location,
    Part,
    Parts,
    Scene,
    Seq,
    Story,
    iter_parts,
    plain_text,
    walk,
)

from .findings import UNSHOWN_TEXT, Finding

THEN, OTHERWISE, REACHED = 1, 2, 4
EXCERPT = 60


@dataclass(frozen=True, slots=True)
class _Site:
    cond: Cond
    scene: str
    location: Location
    exact: bool


def _excerpt(parts: Parts) -> str:
    text = plain_text(parts, lambda part: "{" + part.expr.source + "}")
    return text if len(text) <= EXCERPT else text[: EXCERPT - 3].rstrip() + "..."


class TextCoverage:
    """What conditional text some visited state showed (see the module docstring)."""

    def __init__(
        self, story: Story, caps: Mapping[str, Mapping[str, int | None]], revisitable: Iterable[str]
    ) -> None:
        """``caps``: for each scene, the visit counts its states keep and how finely (see
        :class:`~.states.StateSpace`)."""
        self.story = story
        self.revisitable = set(revisitable)
        self.sites: dict[tuple[str, int], _Site] = {}
        self.marks: dict[tuple[str, int], int] = {}
        self.seqs: dict[tuple[str, int], tuple[Seq, str, Location]] = {}
        self.seqs_reached: set[tuple[str, int]] = set()
        self.reasons: dict[tuple[str, int], tuple[Choice, int]] = {}
        self.reasons_shown: set[tuple[str, int]] = set()
        # Texts still worth walking: scene -> (context, parts) of its prose; choice key -> label.
        # A text is dropped once every condition in it has shown both branches (or cannot be
        # judged) and every alternative in it was reached: walking it again can add nothing.
        self.texts: dict[str, list[tuple[str, Parts]]] = {}
        self.labels: dict[str, Parts] = {}
        self._keys: dict[str, tuple[list[tuple[str, int]], list[tuple[str, int]]]] = {}
        tunnels = {t for s in story.scenes.values() for c in s.choices for t in c.via}
        tunnels |= {t for s in story.scenes.values() for t in s.divert_via}
        self.once = {sid for sid in story.scenes if sid not in self.revisitable and sid not in tunnels}
        self.shown_choices: set[str] = set()
        carried = {name for part in story.parts for name in part.carry}
        for scene in story.scenes.values():
            items: list[tuple[str, Parts, Location]] = []
            if not scene.body:  # a body's text reads as it stood at each point: not judged
                items = [(p.key, p.parts, p.location) for p in scene.paragraphs if p.static is None]
            self.texts[scene.id] = [(ctx, parts) for ctx, parts, _ in items]
            for choice in scene.choices:
                if choice.label is not None and not _plain(choice.label):
                    items.append((choice.key, choice.label, choice.location))
                    self.labels[choice.key] = choice.label
                for n, cond in enumerate(choice.conditions):
                    if cond.reason is not None:
                        self.reasons[(choice.key, n)] = (choice, n)
            for ctx, parts, location in items:
                conds, seqs = self._keys.setdefault(ctx, ([], []))
                for part in iter_parts(parts):
                    if type(part) is Cond:
                        conds.append((ctx, id(part)))
                    elif type(part) is Seq:
                        seqs.append((ctx, id(part)))
                for part in iter_parts(parts):
                    if type(part) is Cond:
                        exact = (
                            _exact(part, caps[scene.id])
                            and not part.expr.variables & carried
                            and not part.expr.draws  # text drawn on the way: not every outcome is seen
                        )
                        self.sites[(ctx, id(part))] = _Site(part, scene.id, location, exact)
                        self.marks[(ctx, id(part))] = 0
                    elif type(part) is Seq:
                        self.seqs[(ctx, id(part))] = (part, scene.id, location)

    # -- marking --------------------------------------------------------------------------------
    def prose(self, scene: Scene, env: Env) -> None:
        """The paragraphs of ``scene`` as shown in ``env`` (waited in, or passed through)."""
        texts = self.texts.get(scene.id)
        if not texts:
            return
        changed = False
        for ctx, parts in texts:
            changed |= self._walk(ctx, parts, env)
        if changed:
            self.texts[scene.id] = [(ctx, parts) for ctx, parts in texts if not self._done(ctx)]

    def label(self, choice: Choice, env: Env) -> None:
        """``choice`` is shown in ``env``: its label, if it holds inline text."""
        self.shown_choices.add(choice.key)
        label = self.labels.get(choice.key)
        if label is not None and self._walk(choice.key, label, env) and self._done(choice.key):
            del self.labels[choice.key]

    def _done(self, ctx: str) -> bool:
        conds, seqs = self._keys[ctx]
        marks, reached = self.marks, self.seqs_reached
        return all(marks[k] == REACHED | THEN | OTHERWISE for k in conds) and all(k in reached for k in seqs)

    def reason(self, choice: Choice, env: Env) -> None:
        """``choice`` is shown disabled in ``env``: note which reason the player reads."""
        for n, cond in enumerate(choice.conditions):
            if cond.reason is None:
                continue
            try:
                held = cond.expr(env)
            except EvaluationError:
                return
            if not held:
                self.reasons_shown.add((choice.key, n))
                return

    def _walk(self, ctx: str, parts: Parts, env: Env) -> bool:
        """Mark what ``parts`` shows in ``env``; whether anything was marked for the first time."""
        marks, sites = self.marks, self.sites
        changed = [False]

        def visit(part: Part) -> Parts | tuple[Parts, ...] | None:
            if isinstance(part, Cond):
                key = (ctx, id(part))
                before = marks[key]
                if not sites[key].exact:
                    if before != REACHED | THEN | OTHERWISE:
                        marks[key] = REACHED | THEN | OTHERWISE
                        changed[0] = True
                    return (part.then, part.otherwise)
                try:
                    held = part.expr(env)
                except EvaluationError:
                    return None  # the text fails here: nothing of it is shown
                after = before | REACHED | (THEN if held else OTHERWISE)
                if after != before:
                    marks[key] = after
                    changed[0] = True
                return part.then if held else part.otherwise
            if isinstance(part, Seq):
                key = (ctx, id(part))
                if key not in self.seqs_reached:
                    self.seqs_reached.add(key)
                    changed[0] = True
                return part.branches
            return None

        walk(parts, visit)
        return changed[0]

    # -- the report -----------------------------------------------------------------------------
    def findings(self, reached: set[str]) -> list[Finding]:
        """Every text never shown, in scenes that were ``reached`` (others are reported already)."""
        out: list[Finding] = []
        for key, site in self.sites.items():
            mark = self.marks[key]
            if not mark & REACHED or site.scene not in reached:
                continue  # the text around it is never shown: that is reported instead
            cond = site.cond
            for bit, branch, holds in ((THEN, cond.then, "never"), (OTHERWISE, cond.otherwise, "always")):
                text = _excerpt(branch)
                if mark & bit or not text:
                    continue
                out.append(
                    Finding(
                        UNSHOWN_TEXT,
                        f'the text "{text}" is never shown: its condition {{{cond.expr.source}}} '
                        f"{holds} holds where this is shown",
                        site.location,
                        "the values it reads never allow it on any path here: change the condition "
                        "(or what sets those values), or remove the text",
                    )
                )
        for key, (seq, scene_id, location) in self.seqs.items():
            if key not in self.seqs_reached or scene_id not in self.once:
                continue
            if seq.kind not in ("sequence", "cycle"):
                continue
            never = [_excerpt(b) for b in seq.branches[1:] if _excerpt(b)]
            if never:
                shown = ", ".join(f'"{t}"' for t in never)
                out.append(
                    Finding(
                        UNSHOWN_TEXT,
                        f"{'these alternatives are' if len(never) > 1 else 'this alternative is'} never "
                        f"shown: {shown}: scene '{scene_id}' can only be entered once, so only the first "
                        "text of the alternatives shows",
                        location,
                        "keep the first text only, or lead back into the scene (a loop) if it should change",
                    )
                )
        for key, (choice, n) in self.reasons.items():
            if key in self.reasons_shown or choice.key not in self.shown_choices:
                continue  # a choice never shown at all is reported as never available
            guard = choice.conditions[n]
            out.append(
                Finding(
                    UNSHOWN_TEXT,
                    f'the reason "{guard.reason}" is never shown: whenever choice \'{choice.key}\' is shown, '
                    f"its condition {{{guard.expr.source}}} holds",
                    guard.location,
                    "remove the reason (keep the condition if it guards the choice), or check the values "
                    "it reads on the paths into the scene",
                )
            )
        return out


def _plain(parts: Parts) -> bool:
    return len(parts) == 1 and type(parts[0]) is str


def _exact(cond: Cond, caps: Mapping[str, int | None]) -> bool:
    """Whether a state's identity pins down what ``cond`` reads (see the module docstring)."""
    for read in cond.expr.visit_reads:
        if read.scene not in caps:
            return False
        have = caps[read.scene]
        if have is not None and (read.cap is None or read.cap > have):
            return False
    return True
