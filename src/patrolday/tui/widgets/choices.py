"""The options of a scene: arrow keys + Enter, number keys, or the mouse.

Drawn as lines (see :mod:`.line_scroll`) rather than with ``OptionList``: replacing an
``OptionList``'s options measured the new options against the old size, showed and hid a
scrollbar, and cost two layout passes and two frames a choice. Here the options are
wrapped once, with a hanging indent, and a layout is asked for only when the number of
lines changes.

Labels come from the story, so they are ``Content`` (plain text, never parsed as markup).
An option the story shows disabled stays visible, dimmed, and says "unavailable" and why
in words, so the meaning never rests on colour.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size

from patrolday.engine import ChoiceView
from patrolday.tui.clean import safe
from patrolday.tui.messages import ChoicePicked, UnavailablePicked
from patrolday.tui.widgets.line_scroll import LineScroll, fit

MARGIN = 1  # a column of space either side of an option, inside its highlight


def choice_prompt(choice: ChoiceView) -> Content:
    """``1. Label``; a disabled option gets a second line: ``unavailable: reason``."""
    label = Content.assemble((f"{choice.number}. ", "bold"), safe(choice.label))
    if choice.enabled:
        return label
    reason = safe(choice.reason) or "not possible now"
    return Content.assemble(label, "\n   ", ("unavailable: ", "italic"), (reason, "italic"))


def option_lines(choice: ChoiceView, width: int) -> list[Content]:
    """One option wrapped to ``width`` cells, continuation lines indented under the label."""
    number = Content.styled(f"{choice.number}. ", "bold")
    indent = Content(" " * number.cell_length)
    room = max(1, width - number.cell_length)
    parts = [Content(safe(choice.label))]
    if not choice.enabled:
        reason = safe(choice.reason) or "not possible now"
        parts.append(Content.assemble(("unavailable: ", "italic"), (reason, "italic")))
    lines: list[Content] = []
    for part in parts:
        for line in part.wrap(room):
            lines.append((indent if lines else number) + line)
    return lines


class ChoiceList(LineScroll, can_focus=True):
    """The options of the current scene; posts :class:`ChoicePicked` or :class:`UnavailablePicked`."""

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        background: transparent;
    }
    ChoiceList > .choice-list--highlighted {
        color: $block-cursor-blurred-foreground;
        background: $block-cursor-blurred-background;
        text-style: $block-cursor-blurred-text-style;
    }
    ChoiceList:focus > .choice-list--highlighted {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    ChoiceList > .choice-list--disabled {
        color: $text-disabled;
    }
    ChoiceList > .choice-list--hover {
        background: $block-hover-background;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "choice-list--highlighted",
        "choice-list--disabled",
        "choice-list--hover",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._choices: tuple[ChoiceView, ...] = ()
        self._wrapped: dict[int, tuple[list[Content], list[int], list[int]]] = {}
        self._owner: list[int] = []  # the option each line belongs to
        self._first_line: list[int] = []  # the first line of each option
        self.highlighted: int | None = None
        self._hover: int | None = None

    # -- what is shown ------------------------------------------------------------------

    @property
    def choices(self) -> tuple[ChoiceView, ...]:
        return self._choices

    def option_text(self, index: int) -> str:
        """Option ``index`` as the player reads it, without styles (tests, parity with plain mode)."""
        return choice_prompt(self._choices[index]).plain

    def show_choices(self, choices: tuple[ChoiceView, ...]) -> None:
        """Replace the options and highlight the first one that can be taken.

        A layout pass is asked for only when the options take a different number of lines
        at the current width; otherwise the new options are a repaint.
        """
        before = len(self.wrap_lines(self.size.width)) if self.size.width else -1
        self._choices = choices
        self._wrapped.clear()
        self.highlighted = next((i for i, c in enumerate(choices) if c.enabled), None)
        self._hover = None
        self.content_changed()
        self.scroll_home_now()
        after = len(self.wrap_lines(self.size.width)) if self.size.width else -2
        if before != after:
            self.refresh(layout=True)

    def wrap_lines(self, width: int) -> list[Content]:
        return self._wrap(width)[0]

    def _wrap(self, width: int) -> tuple[list[Content], list[int], list[int]]:
        wrapped = self._wrapped.get(width)
        if wrapped is None:
            lines: list[Content] = []
            owner: list[int] = []
            first: list[int] = []
            for index, choice in enumerate(self._choices):
                first.append(len(lines))
                option = option_lines(choice, width - 2 * MARGIN)
                lines.extend(option)
                owner.extend([index] * len(option))
            wrapped = self._wrapped[width] = (lines, owner, first)
        return wrapped

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.wrap_lines(width))

    def _lay_out(self) -> None:
        super()._lay_out()
        _, self._owner, self._first_line = self._wrap(self._columns)

    # -- drawing ------------------------------------------------------------------------

    def line_segments(self, index: int, line: Content, width: int) -> list[Segment]:
        option = self._owner[index] if index < len(self._owner) else -1
        classes: list[str] = []
        if 0 <= option < len(self._choices) and not self._choices[option].enabled:
            classes.append("choice-list--disabled")
        if option == self.highlighted:
            classes.append("choice-list--highlighted")
        elif option == self._hover:
            classes.append("choice-list--hover")
        style = self.get_visual_style(*classes) if classes else self.pen.style
        rich = style.rich_style
        segments = [Segment(" " * MARGIN, rich), *line.render_segments(style)]
        return fit(segments, MARGIN + line.cell_length, width, rich)

    # -- keys ---------------------------------------------------------------------------

    def _enabled(self) -> list[int]:
        return [i for i, c in enumerate(self._choices) if c.enabled]

    def action_move(self, step: int) -> None:
        """Move the highlight to the next (or previous) option that can be taken."""
        enabled = self._enabled()
        if not enabled:
            return
        if self.highlighted not in enabled:
            self._highlight(enabled[0])
            return
        position = enabled.index(self.highlighted) + step
        self._highlight(enabled[max(0, min(len(enabled) - 1, position))])

    def action_move_to(self, position: int) -> None:
        enabled = self._enabled()
        if enabled:
            self._highlight(enabled[position])

    def action_select(self) -> None:
        if self.highlighted is not None:
            self._pick(self.highlighted)

    def _highlight(self, index: int) -> None:
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

    def pick_number(self, number: int) -> None:
        """What a number key does: take that option, or say why it is unavailable."""
        index = next((i for i, c in enumerate(self._choices) if c.number == number), None)
        if index is None:
            self.app.bell()
            self.notify(f"There is no option {number}.", markup=False, timeout=3)
            return
        # The highlight is not moved to the option: the next scene replaces the list at once,
        # and a repaint now would take the screen's next frame from the new scene.
        self._pick(index)

    def _pick(self, index: int) -> None:
        choice = self._choices[index]
        if not choice.enabled:
            self.post_message(UnavailablePicked(choice.number, choice.reason))
            return
        self.post_message(ChoicePicked(choice.id, choice.number))

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
        if self._choices[index].enabled:
            self._highlight(index)
        self._pick(index)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._option_at(event)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()
