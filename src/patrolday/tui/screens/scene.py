"""The scene screen: the prose, the meters, and the options.

It renders a :class:`SceneView` and reports what the player picked; the app (through the
game session) takes the choice and hands back the next view. New text replaces the old
inside one batched update, so there is no flicker, and the view starts at the top.

Workshop mode hooks in at one place, :meth:`SceneScreen.show`: at a decision scene the
app's ``decision_hooks`` run (they may push a screen and wait, e.g. to collect votes)
before the options appear.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from patrolday.engine import MeterView, SceneView
from patrolday.tui.clean import safe
from patrolday.tui.messages import ChoicePicked, SceneRendered, UnavailablePicked
from patrolday.tui.widgets.choices import ChoiceList
from patrolday.tui.widgets.meters import MeterPanel
from patrolday.tui.widgets.story_text import StoryText

if TYPE_CHECKING:
    from patrolday.tui.app import PatroldayApp

NUMBER_KEYS = [
    Binding(str(n), f"choose_number({n})", "Choose", key_display="1-9", show=n == 1) for n in range(1, 10)
]


class SceneScreen(Screen[None]):
    CSS_PATH = Path(__file__).parent / "scene.tcss"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-narrow"),
        (70, "-normal"),
        (110, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        *NUMBER_KEYS,
        Binding("u,ctrl+z", "app.undo", "Undo", key_display="u"),
        Binding("s", "app.save", "Save"),
        Binding("l", "app.load", "Load"),
        Binding("j", "app.journal", "Journal"),
        Binding("m", "app.toggle_meters", "Meters"),
        Binding("question_mark,f1", "app.help", "Help", key_display="?"),
        Binding("escape", "app.title", "Title", key_display="esc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: SceneView | None = None

    @property
    def game(self) -> PatroldayApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="scene-title")
        yield MeterPanel(id="meters")
        with VerticalScroll(id="story-scroll", can_focus=False):
            yield StoryText(id="story-text")
        yield Static(id="choices-hint")
        yield ChoiceList(id="choices")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#meters").display = self.game.show_meters

    async def show(self, view: SceneView, before: tuple[MeterView, ...] = ()) -> None:
        """Render ``view`` (``before``: the meters one step back, to show what moved)."""
        self.view = view
        title = self.query_one("#scene-title", Static)
        text = self.query_one(StoryText)
        choices = self.query_one(ChoiceList)
        hint = self.query_one("#choices-hint", Static)
        hold = self.game.wants_hold(view)
        with self.app.batch_update():
            title.update(Content.assemble((safe(view.title or ""), "bold"), f"  ·  turn {view.turn + 1}"))
            self.query_one(MeterPanel).show_meters(view.meters, before)
            text.show_blocks(view.blocks)
            self.query_one("#story-scroll").scroll_home(animate=False, immediate=True)
            choices.show_choices(() if hold else view.choices)
            message = self._hint(view, hold)
            if message or hint.display:
                hint.update(message)
                hint.display = bool(message)
            if self.focused is not choices:  # a focus change re-composes the footer: skip it when we can
                choices.focus()
        self.call_after_refresh(self.post_message, SceneRendered(view.scene, view.turn))
        if hold:
            self.run_worker(self._release(view), exclusive=True, group="decision-hooks")

    async def _release(self, view: SceneView) -> None:
        """Run the workshop hooks, then show the options (unless the scene changed meanwhile)."""
        await self.game.run_decision_hooks(view)
        if self.view is view:
            self.query_one(ChoiceList).show_choices(view.choices)
            self.query_one("#choices-hint", Static).display = False
            self.query_one(ChoiceList).focus()

    @staticmethod
    def _hint(view: SceneView, hold: bool) -> str:
        if hold:
            return "Waiting for the facilitator..."
        if view.is_dead_end:
            return "The story has no way on from here (a dead end). Press u to undo."
        return ""

    def set_meters_visible(self, visible: bool) -> None:
        self.query_one("#meters").display = visible and bool(self.view and self.view.meters)

    def action_choose_number(self, number: int) -> None:
        self.query_one(ChoiceList).pick_number(number)

    @on(ChoicePicked)
    def _choice(self, event: ChoicePicked) -> None:
        """Hand the choice to the app; it runs in the app's queue, so choices never overlap."""
        event.stop()
        if self.view is not None:
            self.app.call_later(self.game.choose, event.choice_id, turn=self.view.turn)

    @on(UnavailablePicked)
    def _unavailable(self, event: UnavailablePicked) -> None:
        event.stop()
        self.app.bell()
        self.notify(
            f"Option {event.number} is unavailable: {safe(event.reason) or 'not possible now'}",
            markup=False,
            timeout=4,
        )
