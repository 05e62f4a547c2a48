"""Choose which part of the story to start; a locked part says how to open it."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen

from patrolday.game.game import PartChoice
from patrolday.i18n import N_, _
from patrolday.tui.clean import safe
from patrolday.tui.messages import MenuPicked
from patrolday.tui.widgets.menu import Menu, MenuItem


class PartsScreen(ModalScreen[str | None]):
    """Returns the id of the part to start, or None when cancelled."""

    CSS_PATH = Path(__file__).parent / "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", N_("Cancel"), key_display="esc")
    ]

    def __init__(self, parts: list[PartChoice]) -> None:
        super().__init__()
        self.parts = parts

    def compose(self) -> ComposeResult:
        box = Vertical(classes="dialog", id="parts")
        box.border_title = _("New game")
        box.border_subtitle = _("1-9 or enter start · esc cancel")
        with box:
            yield Menu(
                [
                    MenuItem(
                        p.id,
                        safe(p.title),
                        enabled=p.unlocked,
                        note="" if p.unlocked else _("locked: {reason}").format(reason=p.why_locked),
                    )
                    for p in self.parts
                ],
                id="parts-menu",
            )

    def on_mount(self) -> None:
        self.query_one(Menu).focus()

    @on(MenuPicked)
    def _picked(self, event: MenuPicked) -> None:
        self.dismiss(event.item_id)
