"""The ending screen: the ending's title and epilogue, the path taken, and the meters.

The path and the final meters are what a debrief starts from ("What happened? So what?"),
so they are shown in words, not only as bars.

The text holds the focus, so Space, PgDn/PgUp, the arrows, Home and End scroll it as a
reader expects; the two ways on are keys (``n``, ``t``) and a menu that Tab or the mouse
reaches. While more is below, a line above the menu says so and names the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from patrolday.engine import MeterView, SceneView
from patrolday.i18n import N_, _
from patrolday.tui.clean import safe
from patrolday.tui.live import EDITED
from patrolday.tui.messages import MenuPicked
from patrolday.tui.screens.base import PlayerScreen
from patrolday.tui.widgets.keys import KeyLine
from patrolday.tui.widgets.menu import Menu, MenuItem
from patrolday.tui.widgets.meters import MeterPanel
from patrolday.tui.widgets.story_text import StoryText

if TYPE_CHECKING:
    pass

MORE_BELOW = N_("▼ more below: space or PgDn")


class EndingScreen(PlayerScreen):
    CSS_PATH = Path(__file__).parent / "ending.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "app.new_game", N_("New game")),
        Binding("t,escape", "app.title", N_("Title"), key_display="t"),
        Binding("u,ctrl+z", "app.undo", N_("Undo"), key_display="u"),
        Binding("j", "app.journal", N_("Journal")),
        Binding("s", "app.save", N_("Save")),
        Binding("l", "app.load", N_("Load")),
        Binding("question_mark,f1", "app.help", N_("Help"), key_display="?"),
        Binding("space,pagedown", "scroll_text(1)", N_("Scroll down"), key_display="space", show=False),
        Binding("pageup", "scroll_text(-1)", N_("Scroll up"), key_display="PgUp", show=False),
        Binding("end", "scroll_end_of_text", N_("To the end"), show=False),
    ]

    def __init__(self, view: SceneView, before: tuple[MeterView, ...] = ()) -> None:
        super().__init__()
        self.view = view
        self.before = before

    def compose(self) -> ComposeResult:
        view = self.view
        with VerticalScroll(id="ending-scroll"):
            yield Static(_("THE END"), id="the-end")
            yield Static(self._title(), id="ending-title")
            yield StoryText(view.blocks, id="epilogue")
            yield Static(_("Your path"), classes="heading")
            yield Static(self._path(), id="path")
            if view.meters:
                yield Static(_("Where things ended"), classes="heading")
                yield MeterPanel(id="final-meters", max_columns=1, words=True)
        yield Static(_(MORE_BELOW), id="ending-more")
        yield Menu(
            [MenuItem("new", _("New game"), "n"), MenuItem("title", _("Back to title"), "t")],
            id="ending-menu",
        )
        yield KeyLine([*self.BINDINGS, *self.player.BINDINGS])

    def on_mount(self) -> None:
        if self.view.meters:
            self.query_one(MeterPanel).show_meters(self.view.meters, self.before)
        scroll = self.query_one("#ending-scroll", VerticalScroll)
        scroll.focus()
        self.watch(scroll, "scroll_y", self._update_more, init=False)
        self.watch(scroll, "virtual_size", self._update_more, init=False)
        self.watch(scroll, "size", self._update_more)

    def _title(self) -> Content:
        """The ending's name, and under ``--watch`` the "edited" mark a scene's heading has."""
        title = Content(safe(self.view.ending or ""))
        if (self.view.title or "").endswith(EDITED):
            title += Content.styled(EDITED, "not bold $text-muted")
        return title

    def _update_more(self) -> None:
        """Show the "more below" line only while the text goes on under the fold."""
        scroll = self.query_one("#ending-scroll", VerticalScroll)
        more = self.query_one("#ending-more", Static)
        # Below the fold means words below it, not the last widget's blank padding.
        last = scroll.children[-1] if scroll.children else None
        bottom = last.virtual_region.bottom - last.styles.padding.bottom if last is not None else 0
        below = bottom > scroll.scroll_y + scroll.scrollable_content_region.height
        if more.display != below:
            more.display = below

    def action_scroll_text(self, pages: int) -> None:
        scroll = self.query_one("#ending-scroll", VerticalScroll)
        step = max(1, scroll.scrollable_content_region.height - 1) * pages
        scroll.scroll_to(y=scroll.scroll_y + step, animate=False)

    def action_scroll_end_of_text(self) -> None:
        self.query_one("#ending-scroll", VerticalScroll).scroll_end(animate=False)

    def _path(self) -> Content:
        entries = self.player.game.journal()
        if not entries:
            return Content(_("You made no choices on the way here."))
        lines = [
            Content.assemble((f"{e.turn}. ", "bold"), safe(e.scene_title), ": ", safe(e.choice_label))
            for e in entries
        ]
        return Content("\n").join(lines)

    @on(MenuPicked)
    def _picked(self, event: MenuPicked) -> None:
        if event.item_id == "new":
            self.call_next(self.player.action_new_game)
        elif event.item_id == "title":
            self.call_next(self.player.action_title)
