"""What the checker remembers of a state: its identity, and a compact copy to expand later.

A :class:`~patrolday.engine.GameState` carries the whole play so far: the history, every
visit count, every choice taken. Two playthroughs that arrive at the same scene with the
same *observable* values behave the same from then on, so the checker merges them; and
since an explored state is kept until its successors are known, what it keeps decides the
checker's memory. A 1,000-scene chain with a once-only "Next" and a sticky "Back" used to
take 14 GB at the 200,000-state cap, because each stored state held a history of up to
thousands of steps and visit and choice sets of a thousand entries (issue 18, item 2).

So a state is stored **compacted**: no history, no text snapshots and no alternative counters
(alternatives hold only text); only the visit counts
some expression or sequence reads; only the taken choices the story can observe; and the
variable values, visit counts and taken sets are **interned**, one shared object for every
state that has the same ones. The runtime plays a compacted state exactly as the full one,
because everything it dropped is something no expression or rule of the runtime reads
(the analysis in :mod:`.analysis` says which).

The identity (:meth:`StateSpace.key`) is smaller still: only the variables live at the
scene (:func:`~.analysis.live_variables`) and visit counts capped where comparisons stop
telling them apart (:func:`~.analysis.visit_caps`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import itemgetter
from types import MappingProxyType

from patrolday.engine import GameState, Parts, Scene, Seq, Story, Value, iter_parts

from . import analysis

_EMPTY: Mapping[str, int] = MappingProxyType({})
Key = tuple[object, ...]


class StateSpace:
    """Identity and compaction of the states of one story (see the module docstring)."""

    def __init__(self, story: Story) -> None:
        live = analysis.live_variables(story)
        order = [v.name for v in story.variables]
        self.names = {sid: tuple(n for n in order if n in live[sid]) for sid in story.scenes}
        self._values = {sid: _getter(names) for sid, names in self.names.items()}
        self.caps = tuple(
            (sid, cap) for sid, cap in sorted(analysis.visit_caps(story).items()) if sid in story.scenes
        )
        self.observable = analysis.observable_choices(story)
        # Per scene, only the counts and flags something ahead may still read (live_counts).
        ahead = analysis.live_counts(story)
        self.scene_caps = {
            sid: tuple((s, cap) for s, cap in self.caps if s in ahead[sid][0]) for sid in story.scenes
        }
        self.scene_flags = {sid: self.observable & ahead[sid][1] for sid in story.scenes}
        # Visit counts anything can read: expressions (control and text) and sequences in text
        # (which pick their branch by the count of the scene they are in).
        read = {read.scene for expr in analysis.iter_expressions(story) for read in expr.visit_reads}
        read |= {sid for sid, scene in story.scenes.items() if _has_sequence(scene)}
        self.counted = tuple(sorted(read & story.scenes.keys()))
        self._vars: dict[tuple[Value, ...], Mapping[str, Value]] = {}
        self._visits: dict[tuple[tuple[str, int], ...], Mapping[str, int]] = {}
        self._chosen: dict[frozenset[str], frozenset[str]] = {}

    def key(self, state: GameState) -> Key:
        """What the story can still observe of ``state``: equal keys behave the same from here on."""
        return self.key_of(state.scene, state.vars, state.visits, state.chosen, state.stack)

    def key_of(
        self,
        scene: str,
        vars: Mapping[str, Value],
        visits: Mapping[str, int],
        chosen: frozenset[str],
        stack: tuple[str, ...],
    ) -> Key:
        """:meth:`key` of a state with these parts (the transition memo predicts them)."""
        counts: tuple[int, ...] = ()
        caps = self.scene_caps[scene]
        if caps:
            get = visits.get
            counts = tuple([get(x, 0) if cap is None else min(get(x, 0), cap) for x, cap in caps])
        values = self._values[scene](vars)
        kept: frozenset[str] | None = None
        flags = self.scene_flags[scene]
        if flags and chosen:
            kept = chosen & flags or None
        if kept is not None:
            shared = self._chosen.get(kept)
            if shared is None:  # one shared set for every state that took the same choices
                shared = self._chosen[kept] = kept
            kept = shared
        # The tunnel return stack decides where `->->` goes, so it is always part of the identity.
        # Alternative counters are not: alternatives hold only text (never a divert or an
        # effect), so they cannot change what happens next.
        return (scene, values, counts, kept, stack)

    def compact(self, state: GameState) -> GameState:
        """``state`` as the checker stores it: plays the same, shares its parts, keeps no history."""
        values = tuple(state.vars.values())
        vars = self._vars.get(values)
        if vars is None:
            vars = self._vars[values] = state.vars
        if self.counted:
            visits_items = tuple(
                [(sid, count) for sid in self.counted if (count := state.visits.get(sid, 0))]
            )
            visits = self._visits.get(visits_items)
            if visits is None:
                visits = self._visits[visits_items] = MappingProxyType(dict(visits_items))
        else:
            visits = _EMPTY
        chosen: frozenset[str] = frozenset()
        if self.observable and state.chosen:
            kept = state.chosen & self.observable
            chosen = self._chosen.setdefault(kept, kept)
        return GameState(
            state.story_id,
            state.part,
            state.scene,
            vars,
            visits,
            chosen,
            (),
            (),
            state.seed,
            (),
            _EMPTY,
            state.stack,
            state.draws,
            None,
            state.preset,
            state.origin,
        )


COMPACTED = ("vars", "visits", "chosen", "history", "flow", "flow_envs", "counters", "entry")
"""The GameState fields :meth:`StateSpace.compact` changes; it keeps every other field as it is
(tests/tooling/test_checker.py fails if GameState gains a field this module does not handle)."""
KEPT = ("story_id", "part", "scene", "seed", "stack", "draws", "preset", "origin")


def _getter(names: tuple[str, ...]) -> Callable[[Mapping[str, Value]], tuple[Value, ...]]:
    """A function from variables to the values of ``names``, as a tuple (one C call for most)."""
    if not names:
        return lambda vars: ()
    if len(names) == 1:
        only = names[0]
        return lambda vars: (vars[only],)
    return itemgetter(*names)  # of two or more names: a tuple


def _has_sequence(scene: Scene) -> bool:
    """Whether some text of ``scene`` (prose or label) holds a sequence, cycle, once or shuffle."""

    def holds(parts: Parts) -> bool:
        return any(type(part) is Seq for part in iter_parts(parts))

    labels = [c.label for c in scene.choices if c.label is not None]
    return any(holds(p.parts) for p in scene.paragraphs) or any(holds(label) for label in labels)
