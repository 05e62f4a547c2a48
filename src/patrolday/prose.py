"""Story prose (a little Markdown: emphasis, strong, code) to a Rich ``Text``.

Why not ``rich.markdown.Markdown``? It pads every line to the console width (ugly in
pipes and screen readers) and turns links into hidden terminal hyperlinks. Story text is
someone else's data: here it is never read as Rich markup, links are shown with their
address in plain sight, and control characters are dropped.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from rich.text import Text

from patrolday.engine import printable as safe  # control characters out: the engine's one definition

_md = MarkdownIt("zero").enable(["emphasis", "backticks", "link", "escape"])


def prose(text: str) -> Text:
    """Inline Markdown to styled Text; anything unexpected is shown literally."""
    out = Text()
    tokens = _md.parseInline(safe(text))
    styles: list[str] = []
    link: list[str] = []
    for token in tokens[0].children or [] if tokens else []:
        kind = token.type
        if kind == "text":
            out.append(token.content, style=" ".join(styles) or None)
        elif kind == "code_inline":
            out.append(token.content, style="bold")
        elif kind == "em_open":
            styles.append("italic")
        elif kind == "strong_open":
            styles.append("bold")
        elif kind in ("em_close", "strong_close") and styles:
            styles.pop()
        elif kind == "link_open":
            link.append(str(token.attrs.get("href", "")))
            styles.append("underline")
        elif kind == "link_close" and link:
            styles.pop()
            out.append(f" ({link.pop()})")
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        else:
            out.append(token.content)
    return out
