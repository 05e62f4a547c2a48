"""Facilitator mode for the Textual player: ``patrolday play --workshop``.

A subclass of the player that uses only its extension points (``decision_hooks``,
``listeners``, ``choose(votes=...)``, ``show_view``): at each decision the story's question
is shown and the options stay hidden until the facilitator reveals them for a vote; the
group's pick is taken with the anonymous counts; the facilitator can pause anywhere,
rewind to an earlier decision and come back, summarise heavy scenes, hide the meters, and
gets the debrief at an ending. The game logic stays in the engine and the playthrough.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path
from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from patrolday.engine import MeterView, SceneView, Story, TextBlock
from patrolday.playthrough import Event
from patrolday.tui.app import EXIT_AFTER_FIRST_FRAME, PatroldayApp
from patrolday.workshop.debrief import build_debrief, format_debrief
from patrolday.workshop.sessions import SessionLog
from patrolday.workshop.timer import DEFAULT_SECONDS, DiscussionTimer
from patrolday.workshop.votes import describe_split

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
        Binding("p", "pause", "Pause"),
        Binding("w", "rewind", "What if"),
        Binding("b", "come_back", "Come back", show=False),
        Binding("h", "toggle_heavy", "Heavy: summary", show=False),
        Binding("d", "debrief", "Debrief", show=False),
    ]

    def __init__(
        self,
        story: Story,
        *,
        log: SessionLog | None = None,
        timer_seconds: float | None = None,
        hide_meters: bool = False,
        projector: bool = False,
        summarise_heavy: bool = False,
        **kwargs: Any,
    ) -> None:
        self.session_log = log or SessionLog(story, None, "tui", workshop=True)
        listeners = [self.session_log, self._track, *(kwargs.pop("listeners", None) or [])]
        self._first_part = kwargs.pop("part", None)  # started after the content note, not before
        if projector and not kwargs.get("theme"):
            kwargs["theme"] = "high-contrast"
        super().__init__(story, workshop=True, listeners=listeners, **kwargs)
        self.decision_hooks.append(self.decision_hook)
        self.show_meters = not hide_meters
        self.projector = projector
        self.summarise_heavy = summarise_heavy
        self.discussion_timer = DiscussionTimer(timer_seconds or DEFAULT_SECONDS)
        self.timer_on = timer_seconds is not None
        self._votes: list[dict[str, int] | None] = []  # votes per turn on the current path
        self._branch: list[tuple[str, dict[str, int] | None]] | None = None  # the path left by a rewind

    # -- set-up -------------------------------------------------------------------------

    def on_mount(self) -> None:
        # The title screen is the base of the stack; the content note goes on top of it
        # once it has been drawn.
        if self.projector:
            self.add_class("-projector")
        self.call_after_refresh(self._open)

    def _open(self) -> None:
        part = self._first_part

        def begin(_: None = None) -> None:
            if part is not None:
                self.run_worker(self.start_game(part), group="navigate")

        if self.story.content_note and not self.exit_after_first_frame:
            from patrolday.tui.workshop.screens import ContentNoteScreen

            self.push_screen(ContentNoteScreen(self.story.title, self.story.content_note), begin)
        else:
            begin()

    def _track(self, event: Event) -> None:
        """Keep the votes of the current path, so "come back" can replay them."""
        if event.kind == "step":
            self._votes.append(dict(event.votes) if event.votes is not None else None)
        elif event.kind == "undo":
            if self._votes:
                self._votes.pop()
        else:  # start, load
            self._votes = [None] * event.state.turn
            self._branch = None

    # -- the decision: question, reveal, vote, the group's pick ---------------------------

    async def decision_hook(self, app: PatroldayApp, view: SceneView) -> None:
        from patrolday.tui.workshop.screens import QuestionScreen, VoteScreen

        self.discussion_timer.reset()
        await self.push_screen_wait(QuestionScreen(view, self.discussion_timer, self.timer_on))
        if not any(c.enabled for c in view.choices):
            return
        voting = VoteScreen(view)
        result = await self.push_screen_wait(voting)
        if result is None:  # no vote: the options appear and the facilitator picks one
            return
        choice_id, votes = result
        label = next((c.label for c in view.choices if c.id == choice_id), choice_id)
        self.notify(f"Taken: {label}. Votes: {voting.split()}", markup=False, timeout=6)
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

    async def show_view(self, view: SceneView, before: tuple[MeterView, ...] = ()) -> None:
        if self.summarise_heavy:
            view = summarised(self.story, view)
        await super().show_view(view, before)
        screen = self._play_screen()
        if not self.show_meters and screen is not None and hasattr(screen, "set_meters_visible"):
            screen.set_meters_visible(False)  # hidden until the debrief, whatever the panel did
        if view.is_ending:
            self.action_debrief()

    def action_toggle_heavy(self) -> None:
        self.summarise_heavy = not self.summarise_heavy
        self.notify(
            "Heavy scenes: summary only." if self.summarise_heavy else "Heavy scenes: shown in full.",
            markup=False,
            timeout=3,
        )
        if self.session.playing and self._on_play_screen():
            self.run_worker(self.show_view(self.session.view()), group="navigate")

    def _on_play_screen(self) -> bool:
        return self._play_screen() is not None

    def debrief_text(self) -> str:
        return format_debrief(build_debrief(self.session_log.doc, self.story))

    def action_debrief(self) -> None:
        from patrolday.tui.workshop.screens import DebriefScreen

        if not self.session.playing:
            return
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.push_screen(DebriefScreen(self.debrief_text(), f"patrolday-debrief-{stamp}.txt"))

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

    def rewind_points(self) -> list[tuple[int, str, str]]:
        """Decisions on the current path, as (turn to rewind to, scene title, choice made)."""
        out = []
        for entry in self.session.journal():
            scene = self.story.scenes.get(entry.scene)
            if scene is not None and scene.is_decision:
                out.append((entry.turn - 1, entry.scene_title, entry.choice_label))
        return out

    def action_rewind(self) -> None:
        from patrolday.tui.workshop.screens import RewindScreen

        if not self.session.playing:
            return
        come_back = len(self._branch) if self._branch else None

        def picked(turn: int | None) -> None:
            if turn == -1:
                self.action_come_back()
            elif turn is not None:
                self.rewind_to(turn)

        self.push_screen(RewindScreen(self.rewind_points(), come_back), picked)

    def rewind_to(self, turn: int) -> None:
        """Go back to the decision at ``turn``; remember the path left, to come back to it."""
        play = self.session.play
        assert play is not None
        if self._branch is None:
            history = play.state.history
            votes = self._votes
            self._branch = [
                (step.choice, votes[i] if i < len(votes) else None) for i, step in enumerate(history)
            ]
        play.rewind(turn)
        self._leave_overlays()
        self.notify("Rewound: what if we had chosen otherwise? (b comes back)", markup=False, timeout=5)
        self.run_worker(self.show_view(self.session.view()), group="navigate")

    def action_come_back(self) -> None:
        """Return to the path the group was on before rewinding, votes and all."""
        if self._branch is None or self.session.play is None:
            self.notify("There is no earlier path to come back to.", markup=False, timeout=3)
            return
        saved = self._branch
        play = self.session.play
        history = play.state.history
        same = 0  # keep the choices both paths share; replay the rest of the saved one
        while same < min(len(history), len(saved)) and history[same].choice == saved[same][0]:
            same += 1
        play.rewind(same)
        for choice, votes in saved[same:]:
            play.choose(choice, votes)
        self._branch = None
        self._leave_overlays()
        self.notify("Back where we were.", markup=False, timeout=3)
        self.run_worker(self.show_view(self.session.view()), group="navigate")

    def _leave_overlays(self) -> None:
        """Close the facilitator's dialogs and the debrief, so the play screen is on top."""
        from patrolday.tui.workshop.screens import DebriefScreen

        while len(self.screen_stack) > 1 and (self.screen.is_modal or isinstance(self.screen, DebriefScreen)):
            self.pop_screen()


def summarised(story: Story, view: SceneView) -> SceneView:
    """``view`` with the text of each heavy scene that has a summary replaced by that summary."""
    blocks: list[TextBlock] = []
    done: set[str] = set()
    changed = False
    for block in view.blocks:
        scene = story.scenes.get(block.scene)
        if scene is not None and "heavy" in scene.tags and scene.summary:
            changed = True
            if block.scene not in done:
                done.add(block.scene)
                text = f"*(Summarised for the group; h shows the full scene.)* {scene.summary}"
                blocks.append(TextBlock(f"{block.scene}#summary", block.scene, text))
            continue
        blocks.append(block)
    return view._replace(blocks=tuple(blocks)) if changed else view


def run_workshop_app(story: Story, args: argparse.Namespace, log: SessionLog | None) -> int:
    """Open facilitator mode (called by ``patrolday play --workshop``)."""
    save_dir = getattr(args, "save_dir", None)
    timer = getattr(args, "timer", None)
    app = WorkshopApp(
        story,
        log=log,
        timer_seconds=timer * 60 if timer else None,
        hide_meters=bool(getattr(args, "hide_meters", False)),
        projector=bool(getattr(args, "projector", False)),
        summarise_heavy=bool(getattr(args, "summarise_heavy", False)),
        save_dir=Path(save_dir) if save_dir else None,
        part=getattr(args, "part", None),
        seed=getattr(args, "seed", 0) or 0,
        theme=getattr(args, "theme", None),
        exit_after_first_frame=bool(os.environ.get(EXIT_AFTER_FIRST_FRAME)),
    )
    result = app.run()
    return int(app.return_code or result or 0)


__all__ = ["WorkshopApp", "describe_split", "run_workshop_app", "summarised"]
