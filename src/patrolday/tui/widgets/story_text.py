"""Scene prose, rendered from Markdown in one widget, treated as someone else's data.

Story prose is paragraphs with inline Markdown (emphasis, strong, code, links; see
docs/story-format.md). Each paragraph goes through :func:`patrolday.prose.prose`, the same
markdown-it based renderer the plain player uses, so both players show the same text:
never parsed as Rich or Textual markup, control characters (ANSI escapes among them)
dropped, and links inert, with their address shown in plain sight.

Why not Textual's ``Markdown`` widget? It mounts one widget per block on every update;
measured here that cost 12-130 ms per scene, far over the 16 ms a choice may take to
render. The scene's prose is one :class:`ProseView` (lines drawn directly, see
:mod:`.line_scroll`) and an epilogue one ``Static``; each updates in a single refresh, so
new text replaces old with no flicker.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Static

from patrolday.engine import TextBlock
from patrolday.i18n import N_, _
from patrolday.prose import prose
from patrolday.tui.widgets.line_scroll import LineScroll, fit


@functools.lru_cache(maxsize=512)
def paragraph(text: str) -> Content:
    """One paragraph rendered (cached: scenes are revisited and looked at ahead of time)."""
    return Content.from_rich_text(prose(text))


def blocks_content(blocks: Iterable[TextBlock]) -> Content:
    """The paragraphs of a view as one Content, separated by blank lines; a block that
    starts a headed section (text flowed into a scene with a title) gets its heading first."""
    pieces: list[Content] = []
    for block in blocks:
        if block.heading:
            pieces.append(Content.styled(block.heading, "bold"))
        if block.text:
            pieces.append(paragraph(block.text))
    return Content("\n\n").join(pieces)


def _key(blocks: Iterable[TextBlock]) -> tuple[str, ...]:
    """What prepared text is looked up by: the paragraphs, and a heading where one starts."""
    return tuple(f"{block.heading}\n{block.text}" if block.heading else block.text for block in blocks)


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


MORE_BELOW = N_("▼ more below: space or PgDn")
WIDE = 110
"""From this screen width on, the prose is centred (the scene screen's ``-wide`` breakpoint)."""


class ProseView(LineScroll):
    """The scene's prose, scrollable; it keeps its own size (the room left between the
    meters and the options), so new text never needs a layout pass (see :mod:`.line_scroll`).

    While the text goes on below the view, its last row says so ("▼ more below: space or
    PgDn"): options often answer words still under the fold. It is drawn in that row, not
    as a widget of its own, so showing or hiding it never costs a layout pass.
    """

    DEFAULT_CSS = """
    ProseView {
        height: 1fr;
        background: transparent;
    }
    ProseView > .prose--more {
        color: $text-muted;
        text-style: italic;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"prose--more"}
    RESERVED_COLUMNS = 2  # a blank column, then the scrollbar's: the text is wrapped once

    def __init__(self, *, max_width: int = 80, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.max_width = max_width
        self._content = Content("")
        self._wrapped: dict[int, list[Content]] = {}  # lines, by the column count wrapped to
        self._indent_wide = False  # centre the text (the screen is wide): set per render pass
        self._more_row = -1  # the line drawn as "more below" in this render pass
        # Texts made ready ahead of time (see prepare): block texts -> (content, wrapped lines)
        self._prepared: dict[tuple[str, ...], tuple[Content, dict[int, list[Content]]]] = {}

    def prepare(self, texts: Sequence[Sequence[TextBlock]]) -> None:
        """Render and wrap texts that may be shown next (the scenes the options lead to), so
        showing one is a swap. Called while the player reads; replaces what was prepared."""
        columns = max(1, min(self.max_width, self.size.width - self.RESERVED_COLUMNS))
        prepared = {}
        for blocks in texts:
            key = _key(blocks)
            if key not in prepared:
                content = blocks_content(blocks)
                prepared[key] = (content, {columns: [*content.wrap(columns), Content("")]})
        self._prepared = prepared

    def show_blocks(self, blocks: Sequence[TextBlock]) -> None:
        """Show new text, from its first line."""
        ready = self._prepared.get(_key(blocks))
        if ready is not None:
            self._content, self._wrapped = ready[0], dict(ready[1])
        else:
            self._content, self._wrapped = blocks_content(blocks), {}
        self._prepared = {}
        self.content_changed()
        self.scroll_home_now()

    @property
    def text(self) -> str:
        """The text shown, without styles (for tests and screen readers' copy)."""
        return self._content.plain

    def wrap_lines(self, width: int) -> list[Content]:
        columns = max(1, min(self.max_width, width))
        lines = self._wrapped.get(columns)
        if lines is None:
            lines = self._wrapped[columns] = [*self._content.wrap(columns), Content("")]  # a blank line under
        return lines

    def render_lines(self, crop: Region) -> list[Strip]:
        # The screen's width, not its breakpoint class: after a resize the class is set
        # after this repaint, and the scene on screen kept its old layout until the next one.
        self._indent_wide = self.screen.size.width >= WIDE
        self._more_row = (
            self.scroll_offset.y + self.size.height - 1 if self.more_below else -1
        )
        return super().render_lines(crop)

    @property
    def more_below(self) -> bool:
        """Whether lines of the text are below the view."""
        return self.has_scrollbar and self.scroll_offset.y < self.max_scroll_y

    def scroll_page(self, pages: int) -> None:
        """Scroll by whole views; the marker's row hides a line, so the next page starts there."""
        step = max(1, self.size.height - (2 if self.more_below else 1)) * pages
        self.scroll_to(y=self.scroll_y + step, animate=False, force=True, immediate=True)

    def line_segments(self, index: int, line: Content, width: int) -> list[Segment]:
        pen = self.pen
        if index == self._more_row:
            style = self.get_visual_style("prose--more")
            more = Content(_(MORE_BELOW))  # looked up when drawn: the language may have changed
            marker = more.pad_left(max(0, width - more.cell_length))
            return fit(marker.render_segments(style), marker.cell_length, width, pen.rich)
        columns = min(self.max_width, width)
        indent = (width - columns) // 2 if self._indent_wide else 0
        segments = line.render_segments(pen.style)
        if indent:
            segments.insert(0, Segment(" " * indent, pen.rich))
        return fit(segments, indent + line.cell_length, width, pen.rich)
