"""Facilitator mode for the Textual player: ``patrolday play --workshop``.

A subclass of the player that uses only its extension points (``decision_hooks``,
``listeners``, ``choose(votes=...)``, ``show_view``): at each decision the story's question
is shown and the options stay hidden until the facilitator reveals them for a vote; the
group's pick is taken with the anonymous counts; the facilitator can pause anywhere,
rewind to an earlier decision and come back, summarise heavy scenes, hide the meters, and
gets the debrief at an ending. The game logic stays in the engine and the playthrough.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.binding import Binding, BindingType

from patrolday.engine import MeterView, SceneView, Story
from patrolday.game.facilitation import WhatIf, pauses_at, summarised
from patrolday.game.options import PlayOptions, WorkshopOptions
from patrolday.game.writer import FileWriter
from patrolday.i18n import N_, _, ngettext
from patrolday.tui.app import EXIT_AFTER_FIRST_FRAME, PatroldayApp
from patrolday.workshop.debrief import build_debrief, format_debrief
from patrolday.workshop.sessions import SessionLog
from patrolday.workshop.timer import DEFAULT_SECONDS, DiscussionTimer

if TYPE_CHECKING:
    from patrolday.tui.workshop.room import RoomHost

PROJECTOR_CSS = """
App.-projector #story-text, App.-projector #story-scroll { text-style: bold; }
App.-projector #story-scroll { padding: 1 2 0 4; }
App.-projector #choices { text-style: bold; }
App.-projector .workshop-dialog { text-style: bold; }
"""


class WorkshopApp(PatroldayApp):
    """The player in facilitator mode."""

    CSS = PROJECTOR_CSS
    CSS_PATH = PatroldayApp.CSS_PATH  # the player's stylesheets (absolute paths)
    BINDINGS: ClassVar[list[BindingType]] = [
        *PatroldayApp.BINDINGS,
        Binding("p", "pause", N_("Pause")),
        Binding("w", "rewind", N_("What if")),
        Binding("b", "come_back", N_("Come back"), show=False),
        Binding("h", "toggle_heavy", N_("Heavy: summary"), show=False),
        Binding("d", "debrief", N_("Debrief"), show=False),
        Binding("o", "join_info", N_("Room: how to join"), show=False),
    ]

    def __init__(
        self,
        story: Story,
        options: PlayOptions | None = None,
        *,
        log: SessionLog | None = None,
        **kwargs: Any,
    ) -> None:
        options = options if options is not None else PlayOptions(workshop=WorkshopOptions())
        workshop = options.workshop if options.workshop is not None else WorkshopOptions()
        self.session_log = log or SessionLog(story, None, "tui", workshop=True)
        self.what_if = WhatIf()  # the group's path and votes, for rewind and come back
        listeners = [self.session_log, self.what_if, *(kwargs.pop("listeners", None) or [])]
        self._first_part = options.part  # started after the content note, not before
        if workshop.projector and not options.theme:
            options = replace(options, theme="high-contrast")
        super().__init__(story, replace(options, part=None), listeners=listeners, **kwargs)
        self.decision_hooks.append(self.decision_hook)
        self.show_meters = not workshop.hide_meters
        self.projector = workshop.projector
        self.summarise_heavy = workshop.summarise_heavy
        self.route = workshop.route
        self.discussion_timer = DiscussionTimer(workshop.timer_seconds or DEFAULT_SECONDS)
        self.timer_on = workshop.timer_seconds is not None
        # On a projector the room sees the screen: the facilitator's notes start hidden there.
        # ``n`` flips this for every later decision too.
        self.show_notes = not workshop.projector
        self.room_host: RoomHost | None = None
        if workshop.room is not None:
            from patrolday.tui.workshop.room import RoomHost

            self.room_host = RoomHost(workshop.room, story)
        self.tally_drawn: Callable[[int], None] | None = None
        """Called with the room's version each time the vote tally has been drawn (benchmarks)."""

    # -- set-up -------------------------------------------------------------------------

    def on_mount(self) -> None:
        # The title screen is the base of the stack; the content note goes on top of it
        # once it has been drawn (and the room's join screen after it).
        if self.projector:
            self.add_class("-projector")
        self.call_after_refresh(self._open)

    async def _open(self) -> None:
        part = self._first_part
        if self.room_host is not None and not await self.room_host.start():
            self.show_message(
                _("The room did not open"),
                _("{error}. Votes are counted by hand.").format(error=self.room_host.error),
            )
            self.room_host = None

        def begin(_: None = None) -> None:
            if part is not None:
                self.run_worker(self.start_game(part), group="navigate")

        def joined(_: None = None) -> None:
            if self.room_host is not None and not self.exit_after_first_frame:
                from patrolday.tui.workshop.room import JoinScreen

                self.push_screen(JoinScreen(self.room_host), begin)
            else:
                begin()

        if self.story.content_note and not self.exit_after_first_frame:
            from patrolday.tui.workshop.screens import ContentNoteScreen

            note = ContentNoteScreen(self.story.title, self.story.content_note, self.session_log.folder)
            self.push_screen(note, joined)
        else:
            if self.session_log.folder is not None:  # no note to say it on: a notification does
                from patrolday.tui.workshop.screens import logged_line

                self.notify(logged_line(self.session_log.folder), markup=False, timeout=10)
            joined()

    @on(events.Unmount)
    async def _close_room(self, event: events.Unmount) -> None:
        """The app is closing: the room stops listening (its phones' sockets are closed)."""
        if self.room_host is not None:
            await self.room_host.stop()

    def action_join_info(self) -> None:
        """``o``: the room's QR code, address and code again (for latecomers)."""
        from patrolday.tui.workshop.room import JoinScreen

        if self.room_host is not None and not isinstance(self.screen, JoinScreen):
            self.push_screen(JoinScreen(self.room_host))

    # -- the decision: question, reveal, vote, the group's pick ---------------------------

    def wants_hold(self, view: SceneView) -> bool:
        """At a decision the room discusses and votes; with ``--route``, only on that route."""
        return pauses_at(self.story, view, self.route)

    async def decision_hook(self, app: PatroldayApp, view: SceneView) -> None:
        from patrolday.tui.workshop.screens import QuestionScreen, VoteScreen

        # Each decision's discussion starts afresh; with a timer on (--timer, or t earlier) it
        # starts running, as documented, instead of waiting paused for t.
        self.discussion_timer.reset()
        if self.timer_on:
            self.discussion_timer.start(time.monotonic())
        room = self.room_host
        if room is not None:
            from patrolday.workshop.room.scenes import decision_for

            others = room.other_views(self.story, self.game.play.state if self.game.play else None)
            room.room.offer(decision_for(view, room.options.read_along, others))
        await self.push_screen_wait(QuestionScreen(view, self.discussion_timer, self.timer_on))
        if not any(c.enabled for c in view.choices):
            return
        voting = VoteScreen(view, room)  # it opens the room's vote once it is on screen
        result = await self.push_screen_wait(voting)
        if result is None:  # no vote: the options appear and the facilitator picks one
            return
        choice_id, votes = result
        number = next((c.number for c in view.choices if c.id == choice_id), "?")
        total = sum(votes.values())
        taken = ngettext(
            "Taken: option {number} ({votes} of {total} vote).",
            "Taken: option {number} ({votes} of {total} votes).",
            total,
        )
        self.notify(
            taken.format(number=number, votes=votes.get(choice_id, 0), total=total), markup=False, timeout=5
        )
        if room is not None:
            tally = room.room.tally()
            self.session_log.note_room(tally.devices, tally.phones, tally.hands)
        # Taken by an app-level worker: showing the next scene cancels this hook (the scene
        # screen restarts its hooks, or an ending replaces it), and that must not cancel the
        # choice. So the hook waits on an event, not on the worker's task.
        done = asyncio.Event()

        async def take() -> None:
            try:
                await self.choose(choice_id, votes)
            finally:
                done.set()

        self.run_worker(take(), group="workshop-choose")
        await done.wait()

    # -- views: heavy scenes summarised, the debrief at an ending ------------------------

    async def choose(
        self, choice_id: str, votes: dict[str, int] | None = None, *, turn: int | None = None
    ) -> None:
        """Take a choice; a room's phones are told which option the group took."""
        if self.room_host is not None and (turn is None or turn == self.game.view().turn):
            self.room_host.room.settle(choice_id)
        await super().choose(choice_id, votes, turn=turn)

    async def show_view(self, view: SceneView, before: tuple[MeterView, ...] = ()) -> None:
        if self.summarise_heavy:
            view = summarised(self.story, view)
        if self.room_host is not None and view.is_ending:
            from patrolday.game.labels import ending_name

            others = self.room_host.other_endings(self.story, view.scene)
            self.room_host.room.end(ending_name(self.story, view.scene), others)
        elif (
            self.room_host is not None and not self.wants_hold(view) and self.room_host.room.phase != "result"
        ):
            self.room_host.room.wait()
        await super().show_view(view, before)
        screen = self._play_screen()
        if not self.show_meters and screen is not None and hasattr(screen, "set_meters_visible"):
            screen.set_meters_visible(False)  # hidden until the debrief, whatever the panel did
        if view.is_ending:
            self.action_debrief()

    def action_toggle_heavy(self) -> None:
        self.summarise_heavy = not self.summarise_heavy
        self.notify(
            _("Heavy scenes: summary only.") if self.summarise_heavy else _("Heavy scenes: shown in full."),
            markup=False,
            timeout=3,
        )
        if self.game.playing and self._on_play_screen():
            self.run_worker(self.show_view(self.game.view()), group="navigate")

    def _on_play_screen(self) -> bool:
        return self._play_screen() is not None

    def debrief_text(self) -> str:
        return format_debrief(build_debrief(self.session_log.doc, self.story))

    def action_debrief(self) -> None:
        from patrolday.tui.workshop.screens import DebriefScreen

        if not self.game.playing:
            return
        self.push_screen(DebriefScreen(self.debrief_text()))

    def debrief_folder(self) -> Path:
        """Where a saved debrief goes: beside the session logs (the facilitator's files), or in
        the data folder when nothing is logged; never the current folder, which under
        ``patrolday serve`` is the server's."""
        if self.session_log.folder is not None:
            return self.session_log.folder
        return self._data_root() / "debriefs"

    def action_save_debrief(self) -> None:
        """``f`` on the debrief: write it as a text file (shareable: the user's umask) and say where."""
        from patrolday.game.storage import write_atomic

        path = self.debrief_folder() / f"patrolday-debrief-{time.strftime('%Y%m%d-%H%M%S')}.txt"
        try:
            write_atomic(path, self.debrief_text().encode("utf-8"), backup=False, shared=True)
        except OSError as err:
            self.notify(
                _("Could not write {path}: {reason}").format(path=path, reason=err.strerror),
                markup=False,
                severity="error",
            )
            return
        self.notify(_("Debrief saved as {path}").format(path=path), markup=False, timeout=6)

    # -- pause, rewind, come back ----------------------------------------------------------

    def action_pause(self) -> None:
        from patrolday.tui.workshop.screens import PauseScreen

        if isinstance(self.screen, PauseScreen):
            return
        was_running = self.discussion_timer.running
        self.discussion_timer.pause(time.monotonic())

        def resumed(_: None) -> None:
            if was_running:
                self.discussion_timer.start(time.monotonic())

        self.push_screen(PauseScreen(), resumed)

    def action_rewind(self) -> None:
        from patrolday.tui.workshop.screens import RewindScreen

        if not self.game.playing or self.game.play is None:
            return
        left = self.what_if.left
        come_back = len(left) if left else None
        points = self.what_if.points(self.story, self.game.play)

        def picked(turn: int | None) -> None:
            if turn == -1:
                self.action_come_back()
            elif turn is not None:
                self.rewind_to(turn)

        self.push_screen(RewindScreen(points, come_back), picked)

    def rewind_to(self, turn: int) -> None:
        """Go back to the decision at ``turn``; remember the path left, to come back to it."""
        play = self.game.play
        assert play is not None
        self.what_if.rewind(play, turn)
        self._leave_overlays()
        self.notify(_("Rewound: what if we had chosen otherwise? (b comes back)"), markup=False, timeout=5)
        self.run_worker(self.show_view(self.game.view()), group="navigate")

    def action_come_back(self) -> None:
        """Return to the path the group was on before rewinding, votes and all."""
        if self.game.play is None or not self.what_if.come_back(self.game.play):
            self.notify(_("There is no earlier path to come back to."), markup=False, timeout=3)
            return
        self._leave_overlays()
        self.notify(_("Back where we were."), markup=False, timeout=3)
        self.run_worker(self.show_view(self.game.view()), group="navigate")

    def _leave_overlays(self) -> None:
        """Close the facilitator's dialogs and the debrief, so the play screen is on top."""
        from patrolday.tui.workshop.screens import DebriefScreen

        while len(self.screen_stack) > 1 and (self.screen.is_modal or isinstance(self.screen, DebriefScreen)):
            self.pop_screen()


def run_workshop_app(
    story: Story, options: PlayOptions, log: SessionLog | None, writer: FileWriter | None = None
) -> int:
    """Open facilitator mode (called by ``patrolday play --workshop``)."""
    app = WorkshopApp(
        story,
        options,
        log=log,
        writer=writer,
        exit_after_first_frame=bool(os.environ.get(EXIT_AFTER_FIRST_FRAME)),
    )
    try:
        result = app.run()
    finally:
        app.writer.close()
    return int(app.return_code or result or 0)


__all__ = ["WorkshopApp", "run_workshop_app"]
