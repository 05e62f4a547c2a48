"""A vertical menu (title, ending, parts, load): arrows + Enter, mouse, or the item's hotkey.

Items may be disabled with a note that says why ("locked: ..."), in words. Drawn as lines
(see :mod:`.options`), like the scene's choices; the title menu is in the first frame.

Items without a key of their own (the parts, the saves, facilitator mode's what-if turns)
are numbered 1, 2, 3 ... and the number keys pick them, as in a scene: players try them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from patrolday.i18n import _
from patrolday.tui.messages import MenuPicked
from patrolday.tui.widgets.options import OptionLines, hanging


@dataclass(frozen=True, slots=True)
class MenuItem:
    id: str
    label: str
    key: str = ""  # shown as "[n] New game"; the binding itself lives on the screen
    enabled: bool = True
    note: str = ""


def item_lines(item: MenuItem, width: int, number: int | None = None) -> list[Content]:
    """The item wrapped to ``width``: label after its key (or number), note indented below."""
    if item.key:
        head = Content.styled(f"[{item.key}] ", "bold")
    elif number is not None:
        head = Content.styled(f"{number}. ", "bold")
    else:
        head = Content("")
    lines = hanging(head, [Content(item.label)], width)
    if item.note:
        lines += hanging(Content("    "), [Content.styled(item.note, "italic")], width)
    return lines


class Menu(OptionLines):
    """A list of :class:`MenuItem`; posts :class:`MenuPicked` with the menu's id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"pick_number({n})", "Pick", show=False) for n in range(1, 10)
    ]

    def __init__(self, items: Sequence[MenuItem], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[MenuItem] = []
        self._numbered: list[int] = []  # the indexes of the items without a key, in order
        self.set_items(items)

    def set_items(self, items: Sequence[MenuItem]) -> None:
        """Replace the items (the highlight goes to the first that can be picked)."""
        self.items = list(items)
        self._numbered = [i for i, item in enumerate(self.items) if not item.key]
        self.options_changed([item.enabled for item in self.items])

    def number_of(self, index: int) -> int | None:
        """The number item ``index`` is shown with, or None when it has a key instead."""
        return self._numbered.index(index) + 1 if index in self._numbered else None

    def action_pick_number(self, number: int) -> None:
        """A number key: pick that item, or say why it cannot be picked."""
        if not 1 <= number <= len(self._numbered):
            self.app.bell()
            return
        index = self._numbered[number - 1]
        item = self.items[index]
        if not item.enabled:
            self.app.bell()
            note = item.note or _("not available")
            self.notify(f"{item.label}: {note}", markup=False, timeout=4)
            return
        self.highlight(index)
        self.option_taken(index)

    def get_item(self, item_id: str) -> MenuItem:
        return next(item for item in self.items if item.id == item_id)

    def option_lines(self, index: int, width: int) -> list[Content]:
        return item_lines(self.items[index], width, self.number_of(index))

    def option_taken(self, index: int) -> None:
        item = self.items[index]
        if item.enabled:
            self.post_message(MenuPicked(item.id))
        else:
            self.app.bell()
