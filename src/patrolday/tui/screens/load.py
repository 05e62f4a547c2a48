"""Pick a saved game to load. Damaged saves are listed as damaged, never hidden or removed."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from patrolday.game.storage import AUTOSAVE, SlotInfo
from patrolday.i18n import N_, _
from patrolday.tui.clean import safe
from patrolday.tui.messages import MenuPicked
from patrolday.tui.widgets.menu import Menu, MenuItem


def slot_item(slot: SlotInfo) -> MenuItem:
    name = _("Autosave") if slot.name == AUTOSAVE else slot.name
    if slot.problem:
        return MenuItem(slot.name, safe(name), note=_("damaged: {problem}").format(problem=slot.problem))
    when = slot.saved_at.replace("T", " ")[:16]
    note = " · ".join(x for x in (safe(slot.label), when) if x)
    return MenuItem(slot.name, safe(name), note=note)


class LoadScreen(ModalScreen[str | None]):
    """Returns the slot name to load, or None when cancelled."""

    CSS_PATH = Path(__file__).parent / "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", N_("Cancel"), key_display="esc")
    ]

    def __init__(self, slots: list[SlotInfo]) -> None:
        super().__init__()
        self.slots = slots

    def compose(self) -> ComposeResult:
        box = Vertical(classes="dialog", id="load")
        box.border_title = _("Load game")
        box.border_subtitle = _("1-9 or enter load · esc cancel")
        with box:
            if not self.slots:
                yield Static(
                    _("There are no saved games yet. Press s while playing to save."), classes="body"
                )
            else:
                yield Menu([slot_item(s) for s in self.slots], id="load-menu")

    def on_mount(self) -> None:
        if self.slots:
            self.query_one(Menu).focus()

    @on(MenuPicked)
    def _picked(self, event: MenuPicked) -> None:
        self.dismiss(event.item_id)
