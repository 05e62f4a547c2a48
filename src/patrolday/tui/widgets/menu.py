"""A vertical menu (title, ending, parts, load): arrows + Enter, mouse, or the item's hotkey.

Items may be disabled with a note that says why ("locked: ..."), in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from patrolday.tui.messages import MenuPicked


@dataclass(frozen=True, slots=True)
class MenuItem:
    id: str
    label: str
    key: str = ""  # shown as "[n] New game"; the binding itself lives on the screen
    enabled: bool = True
    note: str = ""


def item_prompt(item: MenuItem) -> Content:
    key = Content.assemble((f"[{item.key}] ", "bold")) if item.key else Content("")
    prompt = Content.assemble(key, item.label)
    if item.note:
        prompt = Content.assemble(prompt, "\n    ", (item.note, "italic"))
    return prompt


class Menu(OptionList):
    """A list of :class:`MenuItem`; posts :class:`MenuPicked` with the menu's id."""

    DEFAULT_CSS = """
    Menu, Menu:focus {
        height: auto;
        border: none;
        padding: 0;
        background: transparent;
    }
    Menu > .option-list--option {
        padding: 0 1;
    }
    """

    def __init__(self, items: list[MenuItem], *, id: str | None = None) -> None:
        super().__init__(*(Option(item_prompt(i), id=i.id, disabled=not i.enabled) for i in items), id=id)
        self.items = items

    def on_mount(self) -> None:
        self.highlighted = next((n for n, i in enumerate(self.items) if i.enabled), None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(MenuPicked(self.id or "", event.option.id))
