"""The one line of keys at the bottom of the scene and ending screens.

Why not Textual's ``Footer``: it lays its keys out in a row and cuts the row at the screen's
edge, so at 60x20 it ended "... ? Help es". This line shows only whole entries, as many as
fit, in the screen's order, and keeps Help (which lists every key) when others must go.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget

from patrolday.i18n import N_, _

HELP = N_("Help")
KEY_NAMES = {"escape": "esc", "question_mark": "?", "ctrl+p": "^p"}
SPOKEN_KEYS = {"space": N_("space"), "PgDn": N_("PgDn"), "PgUp": N_("PgUp")}
"""Keys whose name is a word, said in the interface's language (enter, esc and the rest are
what the key caps say)."""


def entries(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(key, description) of the bindings that are shown, once each, in order."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    keys: set[str] = set()
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.show or binding.description in seen:
            continue
        key = binding.key_display or binding.key.split(",")[0]
        if key in keys:  # the screen's binding comes first and wins: the app's is not reachable
            continue
        seen.add(binding.description)
        keys.add(key)
        key = KEY_NAMES.get(key, key)
        if key in SPOKEN_KEYS:
            key = _(SPOKEN_KEYS[key])
        out.append((key, _(binding.description)))  # descriptions are marked N_
    return out


def fitted(items: Sequence[tuple[str, str]], width: int) -> list[tuple[str, str]]:
    """The entries that fit in ``width`` cells, whole; Help is kept before any other."""
    def length(chosen: Sequence[tuple[str, str]]) -> int:
        return sum(len(k) + 1 + len(d) for k, d in chosen) + max(0, len(chosen) - 1)

    if length(items) <= width:
        return list(items)
    helps = [e for e in items if e[1] == _(HELP)]  # the entries say their words translated
    shown = list(helps)
    for entry in items:
        if entry not in helps and length([*shown, entry]) <= width:
            shown.append(entry)
    order = {e: i for i, e in enumerate(items)}
    return sorted(shown, key=order.__getitem__)


class KeyLine(Widget):
    """``1-9 Choose  u Undo ...``: the screen's shown keys, then the app's, whole or not at all."""

    DEFAULT_CSS = """
    KeyLine {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $text;
    }
    """

    def __init__(self, bindings: Iterable[BindingType], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = entries(bindings)

    def render(self) -> Content:
        shown = fitted(self.items, max(0, self.size.width - 1))
        parts = [Content.assemble((key, "bold $accent"), " ", description) for key, description in shown]
        return Content(" ") + Content(" ").join(parts)
