"""Scene prose as Markdown, treated as someone else's data.

Story files are untrusted input to the player. The text goes to Textual's ``Markdown``
widget (which builds its output from markdown-it tokens, never from Rich or Textual
markup), with raw HTML off, control characters (ANSI escapes among them) removed, and
links inert: clicking one shows its address instead of opening anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from markdown_it import MarkdownIt
from textual.widgets import Markdown

from patrolday.engine import TextBlock
from patrolday.prose import safe


def story_parser() -> MarkdownIt:
    """CommonMark without raw HTML or images: prose, emphasis, quotes, lists, links."""
    return MarkdownIt("commonmark", {"html": False}).disable(["html_block", "html_inline", "image"])


def blocks_to_markdown(blocks: Iterable[TextBlock]) -> str:
    """One Markdown document from a view's paragraphs (one paragraph each)."""
    return "\n\n".join(safe(block.text) for block in blocks)


class StoryText(Markdown):
    """The prose of a scene or an epilogue."""

    DEFAULT_CSS = """
    StoryText {
        padding: 0;
        margin: 0;
        background: transparent;
    }
    """

    def __init__(self, markdown: str | None = None, *, id: str | None = None, classes: str | None = None):
        super().__init__(markdown, id=id, classes=classes, parser_factory=story_parser, open_links=False)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """Links in a story never open: the address is shown, for the player to judge."""
        event.stop()
        self.notify(safe(event.href)[:200], title="Link (not opened)", markup=False)
