"""One game in progress: the stack of states, undo, and events for observers.

The engine is pure; a front end still needs somewhere to keep "the states so far". This
small class is that place, shared by the Textual player and the plain player, with no UI
imports. Observers (the autosave, workshop session logs) subscribe to events instead of
being called from UI code, so the data flows one way: engine -> playthrough -> views.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from patrolday.engine import GameState, SceneView, Story, Value, choose, present, start

EventKind = Literal["start", "step", "undo", "load"]


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened to a playthrough.

    ``kind`` is "start", "step", "undo" or "load". For "step", ``choice`` is the id taken,
    ``offered`` the ids of the options that were enabled, and ``votes`` the group's counts
    (workshop mode) if any. ``story`` is the story the state belongs to: under ``play --watch``
    it changes when the author saves, and a listener must read the state against it.
    """

    kind: EventKind
    state: GameState
    previous: GameState | None = None
    choice: str = ""
    offered: tuple[str, ...] = ()
    votes: Mapping[str, int] | None = None
    story: Story | None = None


Listener = Callable[[Event], None]


@dataclass(slots=True)
class Playthrough:
    story: Story
    states: list[GameState]
    listeners: list[Listener] = field(default_factory=list)
    # The view of the last state presented: a front end draws it, then a choice needs its
    # options again; presenting is pure, so the same state always gives the same view.
    _shown: tuple[GameState, SceneView] | None = field(default=None, repr=False)
    # Steps looked at ahead of time from one state (see peek): choice id -> (state, view).
    _ahead: tuple[GameState, dict[str, tuple[GameState, SceneView]]] | None = field(default=None, repr=False)

    @classmethod
    def new(
        cls,
        story: Story,
        part: str | None = None,
        seed: int = 0,
        listeners: list[Listener] | None = None,
        *,
        carried: Mapping[str, object] | None = None,
        preset: Mapping[str, Value] | None = None,
        at: str | None = None,
    ) -> Playthrough:
        """A new game of ``part``; ``carried``, ``preset``, ``at``: as for the engine's ``start``
        (values from the previous part; variables set by hand; a scene to begin at)."""
        first = start(story, part, seed, carried=carried, preset=preset, at=at)
        play = cls(story, [first], list(listeners or []))
        play._emit(Event("start", play.state, story=story))
        return play

    @classmethod
    def resume(
        cls, story: Story, states: list[GameState], listeners: list[Listener] | None = None
    ) -> Playthrough:
        """Continue from loaded states (e.g. a save's history replayed); emits "load"."""
        play = cls(story, list(states), list(listeners or []))
        play._emit(Event("load", play.state, story=story))
        return play

    @property
    def state(self) -> GameState:
        return self.states[-1]

    def view(self) -> SceneView:
        return self._view_of(self.state)

    def _view_of(self, state: GameState) -> SceneView:
        shown = self._shown
        if shown is not None and shown[0] is state:
            return shown[1]
        view = present(self.story, state)
        self._shown = (state, view)
        return view

    @property
    def can_undo(self) -> bool:
        return len(self.states) > 1

    def peek(self, choice_id: str) -> SceneView:
        """The view taking ``choice_id`` would show, without taking it.

        Why: a front end can prepare the next scenes while the player reads, so a choice
        appears at once. The engine is pure, so this is safe; :meth:`choose` reuses the
        step. Raises what :func:`choose` raises for a choice that cannot be taken.
        """
        return self._step(choice_id)[1]

    def _step(self, choice_id: str) -> tuple[GameState, SceneView]:
        before = self.state
        if self._ahead is None or self._ahead[0] is not before:
            self._ahead = (before, {})
        steps = self._ahead[1]
        step = steps.get(choice_id)
        if step is None:
            after = choose(self.story, before, choice_id)
            step = steps[choice_id] = (after, present(self.story, after))
        return step

    def choose(self, choice_id: str, votes: Mapping[str, int] | None = None) -> SceneView:
        """Take a choice; the state stack grows by one. Engine errors leave it unchanged."""
        before = self.state
        offered = tuple(c.id for c in self._view_of(before).choices if c.enabled)
        after, view = self._step(choice_id)
        self.states.append(after)
        self._shown = (after, view)
        self._emit(Event("step", after, before, choice_id, offered, votes, self.story))
        return self.view()

    def undo(self) -> bool:
        if not self.can_undo:
            return False
        previous = self.states.pop()
        self._emit(Event("undo", self.state, previous, story=self.story))
        return True

    def rewind(self, turn: int) -> None:
        """Go back to the state at ``turn`` (0 = the start), dropping later states."""
        if not 0 <= turn < len(self.states):
            raise ValueError(f"turn {turn} is not in this playthrough")
        while len(self.states) > turn + 1:
            self.undo()

    def _emit(self, event: Event) -> None:
        for listener in list(self.listeners):
            listener(event)
