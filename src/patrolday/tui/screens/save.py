"""Save the game under a name. The autosave is kept for Continue and cannot be chosen here."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from patrolday.game.storage import AUTOSAVE, SlotInfo, slot_name_problem
from patrolday.i18n import N_, _, ngettext
from patrolday.tui.clean import safe


def slot_problem(name: str) -> str:
    """Why ``name`` cannot be used for a save, or ""."""
    if name.strip().lower() == AUTOSAVE:
        return _("'autosave' is kept for Continue; pick another name")
    return slot_name_problem(name)


class SaveScreen(ModalScreen[str | None]):
    """Returns the slot name to save to, or None when cancelled."""

    CSS_PATH = Path(__file__).parent / "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", N_("Cancel"), key_display="esc")
    ]

    def __init__(self, suggestion: str, existing: list[SlotInfo]) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.existing = [s for s in existing if s.name != AUTOSAVE]

    def compose(self) -> ComposeResult:
        box = Vertical(classes="dialog", id="save")
        box.border_title = _("Save game")
        box.border_subtitle = _("enter save · esc cancel")
        with box:
            yield Static(_("Name this save (letters, digits, spaces, - or _):"), classes="body")
            yield Input(value=self.suggestion, id="slot-name", max_length=40, select_on_focus=True)
            yield Static("", classes="problem", id="save-problem")
            if self.existing:
                names = ", ".join(safe(s.name) for s in self.existing[:8])
                extra = len(self.existing) - 8
                if extra > 0:
                    names = ngettext("{names} and {count} more", "{names} and {count} more", extra).format(
                        names=names, count=extra
                    )
                yield Static(
                    Content(_("Existing saves (same name replaces it): {names}").format(names=names)),
                    classes="hint",
                )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#save-problem", Static).update(
            Content(slot_problem(event.value) if event.value else "")
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        problem = slot_problem(name)
        if problem:
            self.query_one("#save-problem", Static).update(Content(problem))
            self.app.bell()
            return
        self.dismiss(name)
