"""A scrolling column of wrapped lines that draws its own scrollbar: the scene's prose and options.

Why not Textual's stock widgets (a ``Static`` in a ``VerticalScroll``, an ``OptionList``)?
A choice must be on screen within one 60 Hz frame (16 ms), and on a slow two-core machine
the stock path spent, per choice:

* about 130 µs a line turning text into strips (``Visual.to_strips``, which also prepares
  for text selection), where ``Content.render_segments`` takes about 7 µs;
* about 2 ms drawing each ``ScrollBar`` widget (through Rich's console), and a whole extra
  layout pass, a frame later, whenever a scrollbar appeared or vanished, because new text
  was measured against the old size.

So overflow is hidden (Textual makes no scrollbar widgets and no layout passes for them),
the lines are wrapped here when the text or the size changes, and when the text is taller
than the view the last column draws a scrollbar. The mouse wheel, clicking or dragging on
that column, and the keys a screen binds to :meth:`scroll_page` all scroll it.

Subclasses say what the lines are (:meth:`wrap_lines`) and how one is drawn
(:meth:`render_text_line`); setting new content goes through :meth:`content_changed`.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

THUMB = "█"


class Pen(NamedTuple):
    """The styles of one render pass."""

    style: VisualStyle
    rich: RichStyle
    thumb: tuple[int, int]  # first row and length of the scrollbar's thumb
    thumb_cell: Segment
    track_cell: Segment


def fit(segments: list[Segment], length: int, width: int, pad: RichStyle) -> list[Segment]:
    """``segments`` (``length`` cells) padded or cut to exactly ``width`` cells."""
    if length < width:
        segments.append(Segment(" " * (width - length), pad))
    elif length > width:
        segments = list(Strip(segments, length).crop(0, width))
    return segments


class LineScroll(ScrollView, can_focus=False):
    """Lines wrapped to the widget's width, scrolled and drawn here (see the module docstring)."""

    DEFAULT_CSS = """
    LineScroll {
        overflow: hidden hidden;
    }
    """
    RESERVED_COLUMNS: ClassVar[int] = 0
    """Columns on the right the text never uses, the last one for the scrollbar (0: the
    bar takes a column from the text only when it is shown)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[Content] = []
        self._laid_out_for: tuple[int, int] | None = None  # (width, height) of the lines made
        self._bar = False  # whether the last column is a scrollbar
        self._columns = 0  # the columns the lines were wrapped to
        self._dragging = False
        self.pen = Pen(VisualStyle(), RichStyle(), (0, 0), Segment(THUMB), Segment(" "))

    # -- for subclasses -----------------------------------------------------------------

    def wrap_lines(self, width: int) -> list[Content]:
        """The content as lines of at most ``width`` cells (subclasses cache this)."""
        raise NotImplementedError

    def line_segments(self, index: int, line: Content, width: int) -> list[Segment]:
        """Line ``index`` drawn in ``width`` cells (subclasses add highlights and indents).

        Called during a render pass: :attr:`pen` holds the pass's styles.
        """
        return fit(line.render_segments(self.pen.style), line.cell_length, width, self.pen.rich)

    def content_changed(self) -> None:
        """The lines must be made again; the view repaints (a layout is the subclass's call)."""
        self._laid_out_for = None
        self.refresh()

    # -- layout -------------------------------------------------------------------------

    @property
    def has_scrollbar(self) -> bool:
        """Whether the text is taller than the view, so the last column is a scrollbar."""
        self._lay_out()
        return self._bar

    @property
    def text_width(self) -> int:
        """The columns the text is wrapped to (the width, less the scrollbar's column or gutter)."""
        self._lay_out()
        return self._columns

    def _lay_out(self) -> None:
        """Wrap for the current size, with a scrollbar column only when the text needs one.

        With ``RESERVED_COLUMNS`` the text never uses the last columns (the bar's gutter),
        so it is wrapped once whatever the bar does. Otherwise wrapping one column
        narrower first is right whenever the text overflows, and text that fits there, or
        only at the full width, is wrapped again to the full width without a bar. The
        virtual size is set without Textual's layout reaction: this widget's size never
        depends on it.
        """
        width, height = self.size
        if self._laid_out_for == (width, height):
            return
        self._laid_out_for = (width, height)
        reserved = self.RESERVED_COLUMNS
        if reserved:
            columns = max(1, width - reserved)
            lines = self.wrap_lines(columns)
            bar = len(lines) > height and width > reserved
        elif width <= 1 or height <= 0:
            columns = max(1, width)
            lines, bar = (self.wrap_lines(columns) if width > 0 else []), False
        else:
            columns = width - 1
            lines = self.wrap_lines(columns)
            bar = len(lines) > height
            if not bar:
                columns = width
                lines = self.wrap_lines(width)  # never more lines than the narrower wrap: still fits
            else:
                # Overflowing only for want of the bar's column: a height made to fit the
                # full width (get_content_height) must not get a bar and lose a line.
                whole = self.wrap_lines(width)
                if len(whole) <= height:
                    columns, lines, bar = width, whole, False
        self._lines, self._bar, self._columns = lines, bar, columns
        self.set_reactive(Widget.virtual_size, Size(width, len(lines)))
        if self.scroll_y > self.max_scroll_y:
            self.set_reactive(Widget.scroll_y, float(self.max_scroll_y))
            self.set_reactive(Widget.scroll_target_y, float(self.max_scroll_y))

    @property
    def allow_vertical_scroll(self) -> bool:
        """Scroll (wheel, keys) whenever the text is taller than the view, though overflow is hidden."""
        return not self._check_disabled() and self.max_scroll_y > 0

    @property
    def max_scroll_y(self) -> int:
        self._lay_out()
        return max(0, len(self._lines) - self.size.height)

    def scroll_page(self, pages: int) -> None:
        """Scroll by whole views (less a line, so the reader keeps their place)."""
        step = max(1, self.size.height - 1) * pages
        self.scroll_to(y=self.scroll_y + step, animate=False, force=True, immediate=True)

    def scroll_home_now(self) -> None:
        self.scroll_to(0, 0, animate=False, force=True, immediate=True)

    def notify_style_update(self) -> None:
        self._laid_out_for = None  # a theme change recolours the lines
        super().notify_style_update()

    # -- drawing ------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """Take the styles once per render pass: looking them up per line cost more than drawing."""
        self._lay_out()
        base = self.background_colors[1]
        track = base + self.styles.scrollbar_background
        thumb = track + self.styles.scrollbar_color
        self.pen = Pen(
            self.visual_style,
            self.rich_style,
            self._thumb() if self._bar else (0, 0),
            Segment(THUMB, RichStyle(color=thumb.rich_color, bgcolor=track.rich_color)),
            Segment(" ", RichStyle(bgcolor=track.rich_color)),
        )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        self._lay_out()
        pen = self.pen
        width, columns = self.size.width, self._columns
        index = self.scroll_offset.y + y
        if 0 <= index < len(self._lines):
            segments = self.line_segments(index, self._lines[index], columns)
        else:
            segments = [Segment(" " * columns, pen.rich)]
        rest = width - columns
        if rest > 0:
            if self._bar:
                if rest > 1:
                    segments.append(Segment(" " * (rest - 1), pen.rich))
                start, size = pen.thumb
                segments.append(pen.thumb_cell if start <= y < start + size else pen.track_cell)
            else:
                segments.append(Segment(" " * rest, pen.rich))
        return Strip(segments, width)

    def _thumb(self) -> tuple[int, int]:
        """First row and length of the scrollbar's thumb."""
        height, total = self.size.height, max(1, len(self._lines))
        size = max(1, min(height, round(height * height / total)))
        top = self.max_scroll_y
        start = round(self.scroll_offset.y / top * (height - size)) if top else 0
        return start, size

    # -- the mouse on the scrollbar -----------------------------------------------------

    def _on_bar(self, event: events.MouseEvent) -> int | None:
        """The row of the scrollbar under the pointer, or None when it is not on the bar."""
        offset = event.get_content_offset(self)
        if offset is None or not self._bar or offset.x != self.size.width - 1:
            return None
        return offset.y

    def _drag_to(self, row: int) -> None:
        height = max(1, self.size.height - 1)
        fraction = min(1.0, max(0.0, row / height))
        self.scroll_to(y=round(fraction * self.max_scroll_y), animate=False, force=True, immediate=True)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        row = self._on_bar(event)
        if row is None:
            return
        event.stop()
        self._dragging = True
        self.capture_mouse()
        self._drag_to(row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            event.stop()
            self._drag_to(event.y - self.content_region.y + self.region.y)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            event.stop()
            self._dragging = False
            self.release_mouse()
