"""Scene prose, rendered from Markdown in one widget, treated as someone else's data.

Story prose is paragraphs with inline Markdown (emphasis, strong, code, links; see
docs/story-format.md). Each paragraph goes through :func:`patrolday.prose.prose`, the same
markdown-it based renderer the plain player uses, so both players show the same text:
never parsed as Rich or Textual markup, control characters (ANSI escapes among them)
dropped, and links inert, with their address shown in plain sight.

Why not Textual's ``Markdown`` widget? It mounts one widget per block on every update;
measured here that cost 12-130 ms per scene, far over the 16 ms a choice may take to
render. One ``Static`` holding the whole scene updates in a single refresh, so new text
replaces old with no flicker.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Static

from patrolday.engine import TextBlock
from patrolday.prose import prose


def blocks_content(blocks: Iterable[TextBlock]) -> Content:
    """The paragraphs of a view as one Content, separated by blank lines."""
    return Content("\n\n").join(Content.from_rich_text(prose(block.text)) for block in blocks)


class StoryText(Static):
    """The prose of a scene or an epilogue."""

    DEFAULT_CSS = """
    StoryText {
        height: auto;
        padding: 0 0 1 0;
        background: transparent;
    }
    """

    def __init__(
        self, blocks: Iterable[TextBlock] = (), *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(blocks_content(blocks), id=id, classes=classes, markup=False)

    def show_blocks(self, blocks: Iterable[TextBlock]) -> None:
        self.update(blocks_content(blocks))


class ProseView(ScrollView, can_focus=False):
    """The scene's prose, scrollable, drawn line by line from wrapped strips.

    Why not a ``Static`` in a ``VerticalScroll``? A ``Static`` sized to its text changes
    size with every scene, and Textual answers a size change with a second layout pass
    on the next frame; the new scene then costs two frames. This view keeps its own size
    (the room left between the meters and the options) and only its scrollable height
    changes, which it works out itself when the text arrives.
    """

    DEFAULT_CSS = """
    ProseView {
        height: 1fr;
        background: transparent;
    }
    """

    def __init__(self, *, max_width: int = 80, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.max_width = max_width
        self._content = Content("")
        self._lines: list[Content] = []
        self._strips: dict[int, Strip] = {}  # drawn lines, by line number
        self._wrapped_for = -1  # the widget width the strips were made for
        self._wrapped_height = -1
        self._text_columns = max_width  # the width the text is wrapped to

    def show_blocks(self, blocks: Iterable[TextBlock]) -> None:
        """Show new text, from its first line."""
        self._content = blocks_content(blocks)
        self._wrapped_for = -1
        self._wrap(self.size.width)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    @property
    def text(self) -> str:
        """The text shown, without styles (for tests and screen readers' copy)."""
        return self._content.plain

    def _text_width(self, width: int) -> int:
        return max(1, min(self.max_width, width))

    def _wrap(self, width: int) -> None:
        """Break the text into lines for ``width``; lines are drawn only when shown.

        ``width`` includes the column the scrollbar takes when the text is taller than the
        view, so a long text is wrapped one column narrower.
        """
        if width <= 0:
            return
        self._wrapped_for = width
        self._wrapped_height = self.size.height
        self._text_columns = self._text_width(width)
        self._lines = self._content.wrap(self._text_columns)
        bar = self.styles.scrollbar_size_vertical
        if bar and len(self._lines) + 1 > self.size.height:
            self._text_columns = self._text_width(width - bar)
            self._lines = self._content.wrap(self._text_columns)
        self._strips = {}
        size = Size(self._text_columns, len(self._lines) + 1)  # a blank line under the text, as before
        if size != self.virtual_size:
            self.virtual_size = size

    def _needs_rewrap(self, width: int) -> bool:
        if self._wrapped_for != width:
            return True
        if self._wrapped_height == self.size.height:
            return False
        bar = self.styles.scrollbar_size_vertical
        had_bar = self._text_columns != self._text_width(width)
        return bool(bar) and had_bar != (len(self._lines) + 1 > self.size.height)

    def _strip(self, index: int, text_width: int) -> Strip:
        strip = self._strips.get(index)
        if strip is None:
            strips = Visual.to_strips(self, self._lines[index], text_width, 1, self.visual_style)
            strip = self._strips[index] = strips[0] if strips else Strip.blank(0)
        return strip

    def notify_style_update(self) -> None:
        self._wrapped_for = -1  # a theme change recolours the strips
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._needs_rewrap(width):
            self._wrap(width)
        style = self.rich_style
        index = self.scroll_offset.y + y
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, style)
        text_width = self._text_columns
        strip = self._strip(index, text_width)
        indent = (width - text_width) // 2 if self.screen.has_class("-wide") else 0
        if indent:
            strip = Strip.join([Strip.blank(indent, style), strip])
        return strip.crop_extend(0, width, style)
