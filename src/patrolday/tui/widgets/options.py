"""A list of options drawn as lines: the scene's choices and every menu share it.

Arrow keys move a highlight over the options that can be taken (unavailable ones are
skipped, but stay visible and say why), Enter or a click takes one, the mouse highlights
what it hovers. It is a :class:`LineScroll`, so options are wrapped once for the width,
scroll with a drawn scrollbar when there are more than fit, and a layout pass is asked for
only when the number of lines changes.

Why not ``OptionList``? Replacing its options measured the new ones against the old
size, showed and hid a scrollbar and cost a second layout pass and frame per choice;
loading it also added to start-up, where the title menu is the first thing drawn.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size

from patrolday.tui.widgets.line_scroll import LineScroll, fit

MARGIN = 1  # a column of space either side of an option, inside its highlight


class OptionLines(LineScroll, can_focus=True):
    """Options as lines; subclasses say what an option looks like and what taking it does."""

    DEFAULT_CSS = """
    OptionLines {
        height: auto;
        background: transparent;
    }
    OptionLines > .options--highlighted {
        color: $block-cursor-blurred-foreground;
        background: $block-cursor-blurred-background;
        text-style: $block-cursor-blurred-text-style;
    }
    OptionLines:focus > .options--highlighted {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    OptionLines > .options--disabled {
        color: $text-disabled;
    }
    OptionLines > .options--hover {
        background: $block-hover-background;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"options--highlighted", "options--disabled", "options--hover"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._count = 0
        self._enabled_flags: list[bool] = []
        self._wrapped: dict[int, tuple[list[Content], list[int], list[int]]] = {}
        self._owner: list[int] = []  # the option each line belongs to
        self._first_line: list[int] = []  # the first line of each option
        self.highlighted: int | None = None
        self._hover: int | None = None

    # -- for subclasses -----------------------------------------------------------------

    def option_lines(self, index: int, width: int) -> list[Content]:
        """Option ``index`` wrapped to ``width`` cells."""
        raise NotImplementedError

    def option_taken(self, index: int) -> None:
        """Enter, a click or a number key took option ``index`` (it may be unavailable)."""
        raise NotImplementedError

    def options_changed(self, enabled: list[bool]) -> None:
        """The options are new (``enabled``: which can be taken); highlight the first that can.

        A layout pass is asked for only when they take a different number of lines.
        """
        width = self.size.width
        before = len(self.wrap_lines(width)) if width else -1
        self._count = len(enabled)
        self._enabled_flags = list(enabled)
        self._wrapped.clear()
        self.highlighted = next((i for i, ok in enumerate(enabled) if ok), None)
        self._hover = None
        self.content_changed()
        self.scroll_home_now()
        if not width or len(self.wrap_lines(width)) != before:
            self.refresh(layout=True)

    # -- lines --------------------------------------------------------------------------

    def wrap_lines(self, width: int) -> list[Content]:
        return self._wrap(width)[0]

    def _wrap(self, width: int) -> tuple[list[Content], list[int], list[int]]:
        wrapped = self._wrapped.get(width)
        if wrapped is None:
            lines: list[Content] = []
            owner: list[int] = []
            first: list[int] = []
            for index in range(self._count):
                first.append(len(lines))
                option = self.option_lines(index, max(1, width - 2 * MARGIN))
                lines.extend(option)
                owner.extend([index] * len(option))
            wrapped = self._wrapped[width] = (lines, owner, first)
        return wrapped

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.wrap_lines(width))

    def _lay_out(self) -> None:
        super()._lay_out()
        _, self._owner, self._first_line = self._wrap(self._columns)

    def line_segments(self, index: int, line: Content, width: int) -> list[Segment]:
        option = self._owner[index] if index < len(self._owner) else -1
        classes: list[str] = []
        if 0 <= option < self._count and not self._enabled_flags[option]:
            classes.append("options--disabled")
        if option == self.highlighted:
            classes.append("options--highlighted")
        elif option == self._hover:
            classes.append("options--hover")
        style = self.get_visual_style(*classes) if classes else self.pen.style
        rich = style.rich_style
        segments = [Segment(" " * MARGIN, rich), *line.render_segments(style)]
        return fit(segments, MARGIN + line.cell_length, width, rich)

    # -- keys ---------------------------------------------------------------------------

    def _enabled(self) -> list[int]:
        return [i for i, ok in enumerate(self._enabled_flags) if ok]

    def action_move(self, step: int) -> None:
        """Move the highlight to the next (or previous) option that can be taken."""
        enabled = self._enabled()
        if not enabled:
            return
        if self.highlighted not in enabled:
            self.highlight(enabled[0])
            return
        position = enabled.index(self.highlighted) + step
        self.highlight(enabled[max(0, min(len(enabled) - 1, position))])

    def action_move_to(self, position: int) -> None:
        enabled = self._enabled()
        if enabled:
            self.highlight(enabled[position])

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.option_taken(self.highlighted)

    def highlight(self, index: int) -> None:
        """Highlight option ``index`` and scroll it into view."""
        if index == self.highlighted:
            return
        self.highlighted = index
        self.refresh()
        self._lay_out()
        if index < len(self._first_line):
            top = self._first_line[index]
            bottom = self._first_line[index + 1] if index + 1 < len(self._first_line) else len(self._lines)
            height = self.size.height
            if top < self.scroll_offset.y:
                self.scroll_to(y=top, animate=False, force=True, immediate=True)
            elif bottom > self.scroll_offset.y + height:
                self.scroll_to(y=bottom - height, animate=False, force=True, immediate=True)

    # -- the mouse ----------------------------------------------------------------------

    def _option_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or self._on_bar(event) is not None:
            return None
        self._lay_out()
        line = self.scroll_offset.y + offset.y
        return self._owner[line] if 0 <= line < len(self._owner) else None

    def on_click(self, event: events.Click) -> None:
        index = self._option_at(event)
        if index is None:
            return
        event.stop()
        if self._enabled_flags[index]:
            self.highlight(index)
        self.option_taken(index)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._option_at(event)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()


def hanging(head: Content, parts: list[Content], width: int) -> list[Content]:
    """``head`` then each of ``parts`` wrapped to ``width``, later lines indented under the first's text."""
    indent = Content(" " * head.cell_length)
    room = max(1, width - head.cell_length)
    lines: list[Content] = []
    for part in parts:
        for line in part.wrap(room):
            lines.append((indent if lines else head) + line)
    return lines
