"""The story's visible variables as small labelled bars, with how the last choice moved them.

A change is shown as text (``+1`` / ``-2``) beside the bar, not only as colour, and stays
until the next choice, so a player who looks away does not miss it.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.containers import Grid
from textual.content import Content
from textual.widget import Widget

from patrolday.engine import MeterView
from patrolday.tui.clean import safe

FULL = "█"
EMPTY = "░"


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
    return Content.assemble(
        (label.ljust(label_width), "bold"),
        " ",
        (FULL * filled, "$primary"),
        (EMPTY * (bar_width - filled), "$foreground 40%"),
        value,
        (change, "bold $success" if delta > 0 else "bold $warning") if change else "",
    )


class Meter(Widget):
    """One meter."""

    DEFAULT_CSS = """
    Meter { height: 1; width: 1fr; }
    """

    def __init__(self, meter: MeterView, delta: int = 0, label_width: int = 0) -> None:
        super().__init__(classes="-changed" if delta else "")
        self.meter = meter
        self.delta = delta
        self.label_width = label_width
        self.tooltip = safe(meter.description) or None

    def show(self, meter: MeterView, delta: int) -> None:
        if (meter, delta) == (self.meter, self.delta):
            return  # nothing moved: skip the repaint (choices must render within a frame)
        self.meter, self.delta = meter, delta
        self.set_class(bool(delta), "-changed")
        self.tooltip = safe(meter.description) or None
        self.refresh()

    def render(self) -> RenderResult:
        return meter_content(self.meter, self.delta, self.size.width or 24, self.label_width)


class MeterPanel(Grid):
    """All meters, in as many columns as the width allows (set by the screen's CSS)."""

    DEFAULT_CSS = """
    MeterPanel {
        height: auto;
        grid-size: 2;
        grid-gutter: 0 2;
        grid-rows: 1;
    }
    """

    def show_meters(self, meters: tuple[MeterView, ...], before: tuple[MeterView, ...] = ()) -> None:
        """Show ``meters``; ``before`` (the previous step's meters) gives the deltas."""
        old = {m.name: m.value for m in before}
        existing = list(self.query(Meter))
        if [m.meter.name for m in existing] == [m.name for m in meters]:
            for widget, meter in zip(existing, meters, strict=True):
                widget.show(meter, meter.value - old.get(meter.name, meter.value))
            return
        self.remove_children()
        label_width = min(max((len(m.label) for m in meters), default=0), 16)
        self.mount_all(Meter(m, m.value - old.get(m.name, m.value), label_width) for m in meters)
        self.display = bool(meters)
