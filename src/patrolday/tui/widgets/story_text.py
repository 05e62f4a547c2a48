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
