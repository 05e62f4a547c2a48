"""A small dialog with a message (a damaged save, a failed write): read it, press Enter."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from patrolday.i18n import N_, _
from patrolday.tui.clean import safe


class MessageScreen(ModalScreen[None]):
    CSS_PATH = Path(__file__).parent / "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,space,q", "dismiss", N_("OK"), key_display="enter")
    ]

    def __init__(self, title: str, body: str, *, error: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.error = error

    def compose(self) -> ComposeResult:
        box = VerticalScroll(classes="dialog -error" if self.error else "dialog", id="message")
        box.border_title = self.title_text
        box.border_subtitle = _("enter OK")
        with box:
            yield Static(Content(safe(self.body)), classes="body", id="message-body")

    def on_mount(self) -> None:
        self.query_one("#message").focus()
