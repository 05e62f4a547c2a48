"""The story's visible variables as small labelled bars, with how the last choice moved them.

A change is shown as text (``+1`` / ``-2``) beside the bar, and in bold, not only as
colour, and stays until the next choice, so a player who looks away does not miss it.

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
from patrolday.tui.clean import safe

FULL = "█"
EMPTY = "░"
GUTTER = 2
"""Spaces between columns."""
COLUMN_WIDTHS = ((106, 5), (66, 3), (0, 2))
"""(minimum width, columns): 2 columns at 60x20, 3 at 80x24, 5 on a wide terminal."""


def meter_content(meter: MeterView, delta: int, width: int, label_width: int = 0) -> Content:
    """``Label  ████░░░░  4 +1`` fitted into ``width`` cells (labels padded to ``label_width``)."""
    span = max(meter.max - meter.min, 1)
    value = f" {meter.value}"
    change = f" {delta:+d}" if delta else ""
    label = safe(meter.label)
    label_width = min(max(label_width, len(label)), max(4, width - 1 - 4 - len(value) - 3))
    if len(label) > label_width:
        label = label[: label_width - 1] + "…"
    bar_width = max(3, min(12, width - label_width - 1 - len(value) - 3))
    filled = round((min(max(meter.value, meter.min), meter.max) - meter.min) / span * bar_width)
    content = Content.assemble(
        (label.ljust(label_width), "bold"),
        " ",
        (FULL * filled, "$primary"),
        (EMPTY * (bar_width - filled), "$foreground 40%"),
        value,
        (change, "bold $success" if delta > 0 else "bold $warning") if change else "",
    )
    return content.stylize_before("bold") if delta else content


def column_count(width: int, most: int = 5) -> int:
    """How many columns of meters fit in ``width`` cells."""
    return min(most, next(columns for minimum, columns in COLUMN_WIDTHS if width >= minimum))


class MeterPanel(Widget):
    """All meters in one widget. ``max_columns`` caps the columns (the ending screen uses 2)."""

    DEFAULT_CSS = """
    MeterPanel {
        height: auto;
    }
    """

    def __init__(self, *, max_columns: int = 5, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.max_columns = max_columns
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
        self._label_width = min(max((len(m.label) for m in meters), default=0), 16)
        described = [f"{safe(m.label)}: {safe(m.description)}" for m in meters if m.description]
        self.tooltip = "\n".join(described) or None
        # A layout pass only when the number of rows changes (a different set of meters).
        self.refresh(layout=self._rows(self.size.width) != rows_before)

    def _rows(self, width: int) -> int:
        columns = column_count(width, self.max_columns)
        return -(-len(self.meters) // columns)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._rows(width)

    def rows(self, width: int) -> list[Content]:
        """The meters laid out in rows for ``width`` cells."""
        columns = column_count(width, self.max_columns)
        cell = max(8, (width - GUTTER * (columns - 1)) // columns)
        lines = []
        for start in range(0, len(self.meters), columns):
            row = [
                meter_content(m, self.deltas.get(m.name, 0), cell, self._label_width)
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
