"""The story's visible variables as small labelled bars, with how the last choice moved them.

A change is shown as text (``+1`` / ``-2``) beside the bar, and in bold, not only as
colour, and stays until the next choice, so a player who looks away does not miss it. Its
colour follows the meter's ``good`` direction from the manifest (more calls waiting is bad
news, so it is orange), and the ending says in words which way is better.

Bars have a fixed size (4 cells of eighth-blocks, 32 steps) whatever the terminal's width,
so a +1 always moves the bar; labels are never cut: fewer columns are used instead.

All the meters are ONE widget that renders every bar, in as many columns as its width
allows. A widget per meter (with a CSS class per change) cost a style update and a
layout entry per meter on every choice; a choice has 16 ms to appear in.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from patrolday.engine import MeterView
from patrolday.i18n import _
from patrolday.tui.clean import safe

FULL = "█"
EMPTY = "░"
EIGHTHS = " ▏▎▍▌▋▊▉"
"""A cell filled by 0..7 eighths (eighth-blocks: 8 steps a cell)."""
BAR_CELLS = 4
"""Every bar is 4 cells, 32 steps, at every terminal size: each step of a meter up to 32
wide draws its own length, and three columns of meters still fit in 80 columns."""
GUTTER = 2
"""Spaces between columns."""
DELTA_WIDTH = 3
"""Room kept for a change (" +1"), so bars do not move when one appears."""


def meter_bar(meter: MeterView) -> Content:
    """The bar alone, ``BAR_CELLS`` cells in eighths. A value above the minimum always shows
    at least an eighth, and a value below the maximum never draws a full bar."""
    steps = BAR_CELLS * 8
    span = max(meter.max - meter.min, 1)
    value = min(max(meter.value, meter.min), meter.max)
    filled = round((value - meter.min) / span * steps)
    if value > meter.min:
        filled = max(1, filled)
    if value < meter.max:
        filled = min(steps - 1, filled)
    full, part = divmod(filled, 8)
    empty = BAR_CELLS - full - (1 if part else 0)
    return Content.assemble(
        (FULL * full, "$primary"),
        (EIGHTHS[part], "$primary on $foreground 15%") if part else "",
        (EMPTY * empty, "$foreground 40%"),
    )


def change_style(meter: MeterView, delta: int) -> str:
    """Green for good news, orange for bad, by the meter's ``good`` direction ("neither": no colour)."""
    if meter.good == "neither" or not delta:
        return "bold"
    better = delta > 0 if meter.good == "up" else delta < 0
    return "bold $success" if better else "bold $warning"


def direction_words(meter: MeterView) -> str:
    """Which way is better, in words (so colour is never the only sign)."""
    if meter.good == "up":
        return _("higher is better")
    if meter.good == "down":
        return _("lower is better")
    return ""


def value_width(meters: tuple[MeterView, ...]) -> int:
    return max((len(str(m.max)) for m in meters), default=1)


def cell_width(label_width: int, digits: int, words: bool = False) -> int:
    """Columns one meter needs: label, bar, value and room for a change."""
    of = len(_("{value} of {max}").format(value="", max="")) + digits if words else 0  # " of 10"
    return label_width + 1 + BAR_CELLS + 1 + digits + of + DELTA_WIDTH


def meter_content(
    meter: MeterView, delta: int, label_width: int = 0, digits: int = 2, words: bool = False
) -> Content:
    """``Label  ███▌ 4 +1``: the whole label (never cut), padded to ``label_width``.

    With ``words`` (the ending), the value is "4 of 10" and the better direction is said.
    """
    label = safe(meter.label)
    value = f" {meter.value:>{digits}}"
    if words:
        value = " " + _("{value} of {max}").format(value=value[1:], max=meter.max)
    change = f" {delta:+d}" if delta else ""
    content = Content.assemble(
        (label.ljust(label_width), "bold"),
        " ",
        meter_bar(meter),
        value,
        (change, change_style(meter, delta)) if change else "",
    )
    if words and direction_words(meter):
        content = content.pad_right(max(0, DELTA_WIDTH - len(change))) + Content.styled(
            f"  {direction_words(meter)}", "$text-muted"
        )
    return content.stylize_before("bold") if delta else content


def column_count(width: int, cell: int, most: int = 5) -> int:
    """How many columns of ``cell``-wide meters fit in ``width`` cells (at least one)."""
    return max(1, min(most, (width + GUTTER) // (cell + GUTTER)))


class MeterPanel(Widget):
    """All meters in one widget. ``max_columns`` caps the columns (the ending screen uses 2)."""

    DEFAULT_CSS = """
    MeterPanel {
        height: auto;
    }
    """

    def __init__(
        self, *, max_columns: int = 5, words: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.max_columns = max_columns
        self.words = words  # "4 of 10", and which way is better (the ending)
        self.meters: tuple[MeterView, ...] = ()
        self.deltas: dict[str, int] = {}
        self._label_width = 0
        self._drawn: list[Content] = []  # the rows of the current render pass

    def show_meters(self, meters: tuple[MeterView, ...], before: tuple[MeterView, ...] = ()) -> None:
        """Show ``meters``; ``before`` (the previous step's meters) gives the deltas."""
        old = {m.name: m.value for m in before}
        deltas = {m.name: m.value - old.get(m.name, m.value) for m in meters}
        if (meters, deltas) == (self.meters, self.deltas):
            return  # nothing moved: no repaint
        rows_before = self._rows(self.size.width)
        self.meters, self.deltas = meters, deltas
        self._label_width = max((len(safe(m.label)) for m in meters), default=0)
        described = [f"{safe(m.label)}: {safe(m.description)}" for m in meters if m.description]
        self.tooltip = "\n".join(described) or None
        # A layout pass only when the number of rows changes (a different set of meters).
        self.refresh(layout=self._rows(self.size.width) != rows_before)

    def _cell(self) -> int:
        return cell_width(self._label_width, value_width(self.meters), self.words)

    def _rows(self, width: int) -> int:
        columns = column_count(width, self._cell(), self.max_columns)
        return -(-len(self.meters) // columns)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._rows(width)

    def rows(self, width: int) -> list[Content]:
        """The meters laid out in rows for ``width`` cells."""
        columns = column_count(width, self._cell(), self.max_columns)
        cell = max(self._cell(), (width - GUTTER * (columns - 1)) // columns)
        digits = value_width(self.meters)
        lines = []
        for start in range(0, len(self.meters), columns):
            row = [
                meter_content(m, self.deltas.get(m.name, 0), self._label_width, digits, self.words)
                for m in self.meters[start : start + columns]
            ]
            lines.append(Content(" " * GUTTER).join(c.pad_right(max(0, cell - c.cell_length)) for c in row))
        return lines

    def render_lines(self, crop: Region) -> list[Strip]:
        """Lay the rows out once per render pass (drawn with ``render_segments``, see line_scroll)."""
        self._drawn = self.rows(self.size.width or 24)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if not 0 <= y < len(self._drawn):
            return Strip.blank(width, self.rich_style)
        row = self._drawn[y]
        return Strip(row.render_segments(self.visual_style), row.cell_length).crop_extend(
            0, width, self.rich_style
        )
