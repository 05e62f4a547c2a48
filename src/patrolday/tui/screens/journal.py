"""The journal: the path so far, scene by scene, with the choice made at each."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from patrolday.game.game import JournalLine
from patrolday.i18n import N_, _
from patrolday.tui.clean import safe
from patrolday.tui.screens.base import TranslatedKeys

if TYPE_CHECKING:
    pass


class JournalScreen(TranslatedKeys, ModalScreen[None]):
    DEFAULT_CSS = """
    JournalScreen { align: center middle; }
    #journal {
        width: 90%;
        max-width: 84;
        height: 90%;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    #journal .entry { margin-bottom: 1; }
    #journal .now { color: $primary; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,j,q", "dismiss", N_("Close"), key_display="esc")]

    def __init__(self, entries: list[JournalLine], now: str) -> None:
        super().__init__()
        self.entries = entries
        self.now = now

    def compose(self) -> ComposeResult:
        scroll = VerticalScroll(id="journal")
        scroll.border_title = _("Journal")
        scroll.border_subtitle = _("↑↓ scroll · esc close")
        with scroll:
            if not self.entries:
                yield Static(_("No choices yet."), classes="entry")
            for entry in self.entries:
                yield Static(
                    Content.assemble(
                        (f"{entry.turn}. {safe(entry.scene_title)}", "bold"),
                        "\n   " + _("You chose: "),
                        safe(entry.choice_label),
                    ),
                    classes="entry",
                )
            yield Static(Content.assemble(_("Now: "), safe(self.now)), classes="now")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        scroll = self.query_one("#journal", VerticalScroll)
        scroll.focus()
        scroll.scroll_end(animate=False)
