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
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from patrolday.engine import MeterView, SceneView
from patrolday.i18n import N_, _
from patrolday.tui.clean import safe
from patrolday.tui.messages import ChoicePicked, SceneRendered, UnavailablePicked
from patrolday.tui.screens.base import PlayerScreen
from patrolday.tui.widgets.choices import ChoiceList
from patrolday.tui.widgets.keys import KeyLine
from patrolday.tui.widgets.meters import MeterPanel
from patrolday.tui.widgets.story_text import ProseView

if TYPE_CHECKING:
    pass

NUMBER_KEYS = [
    Binding(str(n), f"choose_number({n})", N_("Choose"), key_display="1-9", show=n == 1) for n in range(1, 10)
]


class SceneHeading(Widget):
    """The scene's title and turn: one line, so a new title repaints it without a layout pass."""

    DEFAULT_CSS = """
    SceneHeading { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content = Content("")

    def show(self, content: Content) -> None:
        if content != self.content:
            self.content = content
            self.refresh()

    def render_line(self, y: int) -> Strip:
        """Drawn with ``render_segments`` (a fraction of the generic path's cost; see line_scroll)."""
        width = self.size.width
        if y != 0:
            return Strip.blank(width, self.rich_style)
        content = self.content
        return Strip(content.render_segments(self.visual_style), content.cell_length).crop_extend(
            0, width, self.rich_style
        )


class SceneScreen(PlayerScreen):
    CSS_PATH = Path(__file__).parent / "scene.tcss"
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual declares it an instance variable, not a ClassVar)
        (0, "-narrow"),
        (70, "-normal"),
        (110, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        *NUMBER_KEYS,
        Binding("u,ctrl+z", "app.undo", N_("Undo"), key_display="u"),
        Binding("s", "app.save", N_("Save")),
        Binding("l", "app.load", N_("Load")),
        Binding("j", "app.journal", N_("Journal")),
        Binding("m", "app.toggle_meters", N_("Meters")),
        Binding("question_mark,f1", "app.help", N_("Help"), key_display="?"),
        Binding(
            "pagedown,space", "scroll_text(1)", N_("Scroll the text down"), key_display="PgDn", show=False
        ),
        Binding("pageup", "scroll_text(-1)", N_("Scroll the text up"), key_display="PgUp", show=False),
        Binding("escape", "app.title", N_("Title"), key_display="esc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: SceneView | None = None

    def compose(self) -> ComposeResult:
        yield SceneHeading(id="scene-title")
        yield MeterPanel(id="meters")
        yield ProseView(id="story-scroll")
        yield Static(id="choices-hint")
        yield ChoiceList(id="choices")
        yield KeyLine([*self.BINDINGS, *self.player.BINDINGS])

    def on_mount(self) -> None:
        self._heading = self.query_one(SceneHeading)
        self._meters = self.query_one(MeterPanel)
        self._prose = self.query_one(ProseView)
        self._hint_line = self.query_one("#choices-hint", Static)
        self._choices = self.query_one(ChoiceList)
        self._meters.display = self.player.show_meters

    async def show(self, view: SceneView, before: tuple[MeterView, ...] = ()) -> None:
        """Render ``view`` (``before``: the meters one step back, to show what moved).

        Every part is updated in place (nothing is mounted or removed), and the screen is
        told about all of it at once, so the new scene is drawn in the next frame, whole.
        """
        self.view = view
        hold = self.player.wants_hold(view)
        meters, hint, choices = self._meters, self._hint_line, self._choices
        with self.app.batch_update():
            self._heading.show(
                Content.assemble(
                    (safe(view.title or ""), "bold"),
                    "  ·  " + _("turn {number}").format(number=view.turn + 1),
                )
            )
            meters.show_meters(view.meters, before)
            visible = self.player.show_meters and bool(view.meters)
            if meters.display != visible:
                meters.display = visible
            self._prose.show_blocks(view.blocks)
            choices.show_choices(() if hold else view.choices)
            message = self._hint(view, hold)
            if message or hint.display:
                hint.update(message)
                hint.display = bool(message)
            if self.focused is not choices:  # a focus change re-composes the footer: skip it when we can
                choices.focus()
        self._report_refreshes()
        self.call_after_refresh(self._drawn, view)
        if hold:
            self.run_worker(self._release(view), exclusive=True, group="decision-hooks")

    def _drawn(self, view: SceneView) -> None:
        """The scene is on screen: say so, then prepare what the options lead to."""
        self.post_message(SceneRendered(view.scene, view.turn))
        self.call_after_refresh(self._look_ahead, view)

    def _look_ahead(self, view: SceneView) -> None:
        """While the player reads, render and wrap the scenes each option leads to (the
        engine is pure, so looking is safe), so the chosen one appears in one frame."""
        if self.view is not view or not self.player.game.playing:
            return
        upcoming = self.player.game.upcoming()
        self._prose.prepare([v.blocks for v in upcoming if not v.is_ending])
        self._choices.prepare([c for v in upcoming for c in v.choices])

    def _report_refreshes(self) -> None:
        """Hand the screen every repaint and layout request now, in one go.

        Each widget normally reports its pending refresh when its own message queue next
        runs idle. The screen draws as soon as *it* is idle, so it would often draw the
        parts that had reported and leave the rest for the following frame (16 ms later),
        a scene in two halves. Reporting them here, before anything else runs, puts the
        whole scene in one frame. (``_check_refresh`` is Textual's own per-widget step,
        pinned with the Textual version in pyproject.toml.)
        """
        for widget in (self._heading, self._meters, self._prose, self._hint_line, self._choices):
            widget._check_refresh()

    async def _release(self, view: SceneView) -> None:
        """Run the workshop hooks, then show the options (unless the scene changed meanwhile)."""
        await self.player.run_decision_hooks(view)
        if self.view is view:
            self._choices.show_choices(view.choices)
            self._hint_line.display = False
            self._choices.focus()

    @staticmethod
    def _hint(view: SceneView, hold: bool) -> str:
        if hold:
            return _("Waiting for the facilitator...")
        if view.is_dead_end:
            return _("The story has no way on from here (a dead end). Press u to undo.")
        return ""

    def set_meters_visible(self, visible: bool) -> None:
        self._meters.display = visible and bool(self.view and self.view.meters)

    def action_scroll_text(self, pages: int) -> None:
        """Page the prose while the options keep the focus (arrow keys stay with the options)."""
        self._prose.scroll_page(pages)

    def action_choose_number(self, number: int) -> None:
        self._choices.pick_number(number)

    @on(ChoicePicked)
    def _choice(self, event: ChoicePicked) -> None:
        """Hand the choice to the app; it runs in the app's queue, so choices never overlap."""
        event.stop()
        if self.view is not None:
            self.app.call_later(self.player.choose, event.choice_id, turn=self.view.turn)

    @on(UnavailablePicked)
    def _unavailable(self, event: UnavailablePicked) -> None:
        event.stop()
        self.app.bell()
        # Short, so the toast stays one line on the heading row: the reason is in words under
        # the option itself ("unavailable: ..."), on screen already.
        self.notify(_("Option {number} is unavailable.").format(number=event.number), markup=False, timeout=4)
