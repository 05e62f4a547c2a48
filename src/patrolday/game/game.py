"""A player's game: a playthrough plus its save slots, its autosave and the endings reached.

Everything a player *does* to a game (start a part, choose, undo, save, load, continue)
goes through :class:`Game`, so the full-screen player, facilitator mode and the plain
player drive the same object and it is tested without a screen. The front ends only
render the :class:`SceneView` it returns. All story logic stays in the engine and in
:class:`Playthrough`; this module adds the files and the views' bookkeeping (the journal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from patrolday.engine import (
    GameState,
    MeterView,
    PatroldayError,
    SaveError,
    SceneView,
    Story,
    Value,
    is_unlocked,
    present,
    replay_state,
)
from patrolday.engine import journal as engine_journal
from patrolday.i18n import _, ngettext

from .labels import scene_title, why_locked
from .live import Replayed, replay_onto
from .playthrough import Event, Listener, Playthrough
from .storage import AUTOSAVE, Progress, SaveStore, SlotInfo, autosave_exists
from .writer import FileWriter


@dataclass(frozen=True, slots=True)
class JournalLine:
    """One line of the journal: the turn, the scene's title, and the option taken there (as shown)."""

    turn: int
    scene: str
    scene_title: str
    choice: str
    choice_label: str


@dataclass(frozen=True, slots=True)
class PartChoice:
    """A part of the story as the New game menu offers it."""

    id: str
    title: str
    unlocked: bool
    why_locked: str = ""


@dataclass(frozen=True, slots=True)
class Loaded:
    """What loading a slot produced: the view to show and notes for the player."""

    view: SceneView
    notes: tuple[str, ...] = ()


class Game:
    """One player's game of one story, with its files under ``root``.

    Creating a game touches no files: the save folder is made on the first save, and
    progress is read when asked for. ``listeners`` are added to every playthrough this
    game starts or loads (a workshop's session log, for example), after the autosave.
    ``writer`` writes the autosave off the caller's thread; share it with the session log
    so one thread writes all of a game's files.
    """

    def __init__(
        self,
        story: Story,
        root: Path,
        listeners: list[Listener] | None = None,
        *,
        autosave: bool = True,
        writer: FileWriter | None = None,
    ) -> None:
        self.story = story
        self.autosave = autosave  # off for runs that must not replace a player's autosave (piped input)
        self.root = root
        self.saves = SaveStore(root, story.id)
        self.progress = Progress(root, story.id)
        self.listeners: list[Listener] = list(listeners or [])
        self.play: Playthrough | None = None
        self.autosave_error: str = ""  # the last autosave's failure, "" when it worked
        self.writer = writer if writer is not None else FileWriter()

    # -- starting -----------------------------------------------------------------------

    def parts(self) -> list[PartChoice]:
        """The story's parts, each with whether the player may start it and why not."""
        seen = self.progress.endings() if any(p.unlock_after for p in self.story.parts) else frozenset()
        out = []
        for part in self.story.parts:
            unlocked = is_unlocked(self.story, part.id, seen)
            reason = "" if unlocked else why_locked(self.story, part.id)
            out.append(PartChoice(part.id, part.title, unlocked, reason))
        return out

    def new_game(
        self,
        part: str | None = None,
        seed: int = 0,
        *,
        carry: bool = False,
        preset: Mapping[str, Value] | None = None,
        at: str | None = None,
    ) -> SceneView:
        """Start ``part``. Raises :class:`StoryRuntimeError` if its first scene fails, and then
        the game in progress (if any) stays as it was.

        With ``carry``, a part whose manifest says ``carry = [...]`` starts with those values as
        the player's last finished game of the part before it left them (the player's own
        minutes, seen from the other side); without, or with no such game, with the story's
        initial values (a facilitator's ``--part`` plays the canon). ``preset`` and ``at``: an
        author's ``--set`` and ``--from`` (variables set by hand, a scene to begin at)."""
        carried = self.carried_into(part) if carry else None
        listeners = self._listeners()
        play = Playthrough.new(self.story, part, seed, listeners, carried=carried, preset=preset, at=at)
        view = play.view()
        self.play = play
        return view

    def carried_into(self, part: str | None) -> dict[str, object] | None:
        """What ``part`` would carry over from the player's last game of the part before it."""
        parts = self.story.parts
        index = next((i for i, p in enumerate(parts) if p.id == part), 0)
        if index == 0 or not parts[index].carry:
            return None
        return self.progress.carried(parts[index - 1].id) or None

    def has_autosave(self) -> bool:
        self.flush()
        return autosave_exists(self.root, self.story.id)

    def load(self, slot: str) -> Loaded:
        """Load a slot and rebuild the undo stack from its history.

        The history is replayed from the start so undo works after loading; if the story
        changed so that it no longer replays, the loaded state alone is resumed.
        Raises :class:`SaveError` for a damaged or foreign save; nothing is deleted.
        """
        self.flush()
        state, notes = self.saves.load(self.story, slot)
        states = self._rebuild(state)
        if len(states) == 1 and state.history:
            notes.append(
                _("Undo starts from here: this save's earlier steps no longer replay in this story.")
            )
        self.play = Playthrough.resume(self.story, states, self._listeners())
        return Loaded(self.play.view(), tuple(notes))

    def reload(self, story: Story) -> Replayed:
        """Carry on in ``story`` (the same story, edited): the path so far is replayed onto it as
        far as it still goes (see :mod:`.live`), undo keeps working, and the game goes on there."""
        play = self._require()
        replayed = replay_onto(self.story, story, play.state)
        self.story = story
        self.play = Playthrough.resume(story, replayed.states, self._listeners())
        return replayed

    def _rebuild(self, state: GameState) -> list[GameState]:
        try:
            states = replay_state(self.story, state)
        except PatroldayError:
            return [state]
        return [*states[:-1], state]

    # -- playing ------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self.play is not None

    def _require(self) -> Playthrough:
        if self.play is None:
            raise RuntimeError("no game in progress")
        return self.play

    def view(self) -> SceneView:
        return self._require().view()

    def choose(self, choice_id: str, votes: dict[str, int] | None = None) -> SceneView:
        return self._require().choose(choice_id, votes)

    def upcoming(self) -> list[SceneView]:
        """The views each option of the current scene leads to (computed, not taken), so a
        front end can prepare them while the player reads. Options that fail are left out."""
        play = self._require()
        views = []
        for choice in play.view().choices:
            if choice.enabled:
                try:
                    views.append(play.peek(choice.id))
                except PatroldayError:
                    continue
        return views

    def undo(self) -> bool:
        return self.play is not None and self.play.undo()

    @property
    def can_undo(self) -> bool:
        return self.play is not None and self.play.can_undo

    def previous_meters(self) -> tuple[MeterView, ...]:
        """The meters one step back (to show how the last choice moved them)."""
        play = self._require()
        if len(play.states) < 2:
            return ()
        return present(self.story, play.states[-2]).meters

    def save(self, slot: str) -> Path:
        play = self._require()
        return self.saves.save(self.story, play.state, slot, label=self.describe(play.state))

    def slots(self) -> list[SlotInfo]:
        self.flush()
        return self.saves.slots()

    def describe(self, state: GameState) -> str:
        """A one-line label for a save: the scene and the turn, in the interface's language of the
        moment (the label is only a description; the save itself is ids)."""
        return ngettext("{scene}, after {count} choice", "{scene}, after {count} choices", state.turn).format(
            scene=scene_title(self.story, state.scene), count=state.turn
        )

    def journal(self) -> list[JournalLine]:
        """The path so far, with each choice's label as the player saw it (the engine's journal)."""
        play = self._require()
        return [
            JournalLine(turn, e.scene, scene_title(self.story, e.scene), e.choice, e.label)
            for turn, e in enumerate(engine_journal(self.story, play.state), start=1)
        ]

    # -- observers ----------------------------------------------------------------------

    def _listeners(self) -> list[Listener]:
        return [self._autosave, self._record_ending, *self.listeners]

    def _autosave(self, event: Event) -> None:
        """Keep the autosave in step with what the player sees (after choices and undo).

        The write goes to :attr:`writer` (see :mod:`.writer`): off the caller's thread, in
        order. Reads of the save folder call :meth:`flush` first.
        """
        if event.kind not in ("step", "undo") or not self.autosave:
            return
        state = event.state
        self.writer.submit(lambda: self._write_autosave(state))

    def _write_autosave(self, state: GameState) -> None:
        try:
            self.saves.save(self.story, state, AUTOSAVE, label=self.describe(state))
            self.autosave_error = ""
        except (OSError, SaveError) as err:
            self.autosave_error = f"Autosave failed: {err}"

    def flush(self) -> None:
        """Wait until every file write asked for so far is on disk."""
        self.writer.flush()

    def _record_ending(self, event: Event) -> None:
        scene = self.story.scenes.get(event.state.scene)
        if scene is not None and scene.is_ending and event.kind in ("step", "load", "start"):
            state = event.state
            names = {name for part in self.story.parts for name in part.carry}
            values = {name: state.vars[name] for name in sorted(names) if name in state.vars}
            try:
                self.progress.record(scene.id, state.part, values)
            except OSError as err:
                self.autosave_error = f"Could not record the ending: {err}"
