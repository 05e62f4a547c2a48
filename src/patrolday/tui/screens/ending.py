"""The ending screen: the ending's title and epilogue, the path taken, and the meters.

The path and the final meters are what a debrief starts from ("What happened? So what?"),
so they are shown in words, not only as bars.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from patrolday.engine import MeterView, SceneView
from patrolday.i18n import N_, _
from patrolday.tui.clean import safe
from patrolday.tui.messages import MenuPicked
from patrolday.tui.screens.base import PlayerScreen
from patrolday.tui.widgets.menu import Menu, MenuItem
from patrolday.tui.widgets.meters import MeterPanel
from patrolday.tui.widgets.story_text import StoryText

if TYPE_CHECKING:
    pass


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
    ]

    def __init__(self, view: SceneView, before: tuple[MeterView, ...] = ()) -> None:
        super().__init__()
        self.view = view
        self.before = before

    def compose(self) -> ComposeResult:
        view = self.view
        with VerticalScroll(id="ending-scroll"):
            yield Static(_("THE END"), id="the-end")
            yield Static(Content(safe(view.ending or "")), id="ending-title")
            yield StoryText(view.blocks, id="epilogue")
            yield Static(_("Your path"), classes="heading")
            yield Static(self._path(), id="path")
            if view.meters:
                yield Static(_("Where things ended"), classes="heading")
                yield MeterPanel(id="final-meters", max_columns=2)
        yield Menu(
            [MenuItem("new", _("New game"), "n"), MenuItem("title", _("Back to title"), "t")],
            id="ending-menu",
        )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self.view.meters:
            self.query_one(MeterPanel).show_meters(self.view.meters, self.before)
        self.query_one(Menu).focus()

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
