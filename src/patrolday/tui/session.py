"""The game behind the Textual player: a playthrough plus its save slots and progress.

No Textual import here, on purpose: everything the player *does* to a game (start a
part, choose, undo, save, load, continue) goes through this class, so it can be tested
without a screen and a workshop front end can drive the same object. The screens only
render the :class:`SceneView` it returns. All story logic stays in the engine and in
:class:`Playthrough`; this module adds the files (autosave after every step, named
slots, endings reached) and the bookkeeping views need (the journal).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from patrolday.engine import (
    GameState,
    MeterView,
    PatroldayError,
    SaveError,
    SceneView,
    Story,
    is_unlocked,
    present,
    replay,
)
from patrolday.engine import journal as engine_journal
from patrolday.playthrough import Event, Listener, Playthrough
from patrolday.storage import AUTOSAVE, Progress, SaveStore, SlotInfo, autosave_exists


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One step of the path: where the player was and what they chose there (as shown)."""

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


def scene_title(story: Story, scene_id: str) -> str:
    """A scene's display title; scenes without one get their id made readable."""
    scene = story.scenes.get(scene_id)
    if scene is not None and scene.title:
        return scene.title
    if scene is not None and scene.ending:
        return scene.ending
    return scene_id.replace("-", " ").capitalize()


class GameSession:
    """One player's game of one story, with its files under ``root``.

    Creating a session touches no files: the save folder is made on the first save, and
    progress is read when asked for. ``listeners`` are added to every playthrough this
    session starts or loads (a workshop log, for example), after the autosave.
    """

    def __init__(
        self, story: Story, root: Path, listeners: list[Listener] | None = None, *, autosave: bool = True
    ) -> None:
        self.story = story
        self.autosave = autosave  # off for runs that must not replace a player's autosave (piped input)
        self.root = root
        self.saves = SaveStore(root, story.id)
        self.progress = Progress(root, story.id)
        self.listeners: list[Listener] = list(listeners or [])
        self.play: Playthrough | None = None
        self.autosave_error: str = ""  # the last autosave's failure, "" when it worked
        self._writer: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None

    # -- starting -----------------------------------------------------------------------

    def parts(self) -> list[PartChoice]:
        """The story's parts, each with whether the player may start it and why not."""
        seen = self.progress.endings() if any(p.unlock_after for p in self.story.parts) else frozenset()
        out = []
        for part in self.story.parts:
            unlocked = is_unlocked(self.story, part.id, seen)
            out.append(
                PartChoice(part.id, part.title, unlocked, "" if unlocked else self._why_locked(part.id))
            )
        return out

    def _why_locked(self, part_id: str) -> str:
        part = self.story.part(part_id)
        if part.unlock_after == ("any",):
            return f"Reach any ending of {_part_name(self.story.parts[0].title)} first"
        names = [scene_title(self.story, e) for e in part.unlock_after or ()]
        if len(names) == 1:
            return f"Reach the ending “{names[0]}” first"
        return "Reach one of these endings first: " + ", ".join(f"“{n}”" for n in names)

    def new_game(self, part: str | None = None, seed: int = 0) -> SceneView:
        self.play = Playthrough.new(self.story, part, seed, self._listeners())
        return self.play.view()

    def has_autosave(self) -> bool:
        self.flush()
        return autosave_exists(self.root, self.story.id)

    def continue_game(self) -> Loaded:
        """Resume the autosave. Raises SaveError (the file is left as it is)."""
        return self.load(AUTOSAVE)

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
            notes.append("Undo starts from here: this save's earlier steps no longer replay in this story.")
        self.play = Playthrough.resume(self.story, states, self._listeners())
        return Loaded(self.play.view(), tuple(notes))

    def _rebuild(self, state: GameState) -> list[GameState]:
        try:
            states = replay(self.story, state.history, state.part, state.seed)
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
        """A one-line label for a save: the scene and the turn."""
        plural = "s" if state.turn != 1 else ""
        return f"{scene_title(self.story, state.scene)}, after {state.turn} choice{plural}"

    def journal(self) -> list[JournalEntry]:
        """The path so far, with each choice's label as the player saw it (the engine's journal)."""
        play = self._require()
        return [
            JournalEntry(turn, e.scene, scene_title(self.story, e.scene), e.choice, e.label)
            for turn, e in enumerate(engine_journal(self.story, play.state), start=1)
        ]

    # -- observers ----------------------------------------------------------------------

    def _listeners(self) -> list[Listener]:
        return [self._autosave, self._record_ending, *self.listeners]

    def _autosave(self, event: Event) -> None:
        """Keep the autosave in step with what the player sees (after choices and undo).

        The write (JSON, fsync, rename) takes a few milliseconds, a good part of the 16 ms a
        choice has to appear in, so it runs on one background thread, in order. Reads of
        the save folder call :meth:`flush` first; the thread finishes before Python exits.
        """
        if event.kind not in ("step", "undo") or not self.autosave:
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="patrolday-autosave")
        self._pending = self._writer.submit(self._write_autosave, event.state)

    def _write_autosave(self, state: GameState) -> None:
        try:
            self.saves.save(self.story, state, AUTOSAVE, label=self.describe(state))
            self.autosave_error = ""
        except (OSError, SaveError) as err:
            self.autosave_error = f"Autosave failed: {err}"

    def flush(self) -> None:
        """Wait until every autosave asked for so far is on disk (one writer: the last one)."""
        if self._pending is not None:
            self._pending.result()
            self._pending = None

    def _record_ending(self, event: Event) -> None:
        scene = self.story.scenes.get(event.state.scene)
        if scene is not None and scene.is_ending and event.kind in ("step", "load", "start"):
            try:
                self.progress.record(scene.id)
            except OSError as err:
                self.autosave_error = f"Could not record the ending: {err}"


def _part_name(title: str) -> str:
    """ "Part one: The patrol" -> "part one"; a title without a colon is quoted whole."""
    head, colon, _ = title.partition(":")
    return head.strip()[:1].lower() + head.strip()[1:] if colon else f"“{title}”"
