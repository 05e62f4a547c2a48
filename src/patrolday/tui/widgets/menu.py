"""A vertical menu (title, ending, parts, load): arrows + Enter, mouse, or the item's hotkey.

Items may be disabled with a note that says why ("locked: ..."), in words. Drawn as lines
(see :mod:`.options`), like the scene's choices; the title menu is in the first frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content

from patrolday.tui.messages import MenuPicked
from patrolday.tui.widgets.options import OptionLines, hanging


@dataclass(frozen=True, slots=True)
class MenuItem:
    id: str
    label: str
    key: str = ""  # shown as "[n] New game"; the binding itself lives on the screen
    enabled: bool = True
    note: str = ""


def item_lines(item: MenuItem, width: int) -> list[Content]:
    """The item wrapped to ``width``: label after its key, note indented on the lines below."""
    head = Content.styled(f"[{item.key}] ", "bold") if item.key else Content("")
    lines = hanging(head, [Content(item.label)], width)
    if item.note:
        lines += hanging(Content("    "), [Content.styled(item.note, "italic")], width)
    return lines


class Menu(OptionLines):
    """A list of :class:`MenuItem`; posts :class:`MenuPicked` with the menu's id."""

    def __init__(self, items: Sequence[MenuItem], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[MenuItem] = []
        self.set_items(items)

    def set_items(self, items: Sequence[MenuItem]) -> None:
        """Replace the items (the highlight goes to the first that can be picked)."""
        self.items = list(items)
        self.options_changed([item.enabled for item in self.items])

    def get_item(self, item_id: str) -> MenuItem:
        return next(item for item in self.items if item.id == item_id)

    def option_lines(self, index: int, width: int) -> list[Content]:
        return item_lines(self.items[index], width)

    def option_taken(self, index: int) -> None:
        item = self.items[index]
        if item.enabled:
            self.post_message(MenuPicked(item.id))
        else:
            self.app.bell()
