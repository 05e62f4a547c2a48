"""``patrolday graph [STORY]``: the story map as Graphviz DOT, Mermaid, or a terminal outline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import add_story_argument, load_or_report

if TYPE_CHECKING:
    from rich.tree import Tree

    from patrolday.engine import Story
    from patrolday.tooling.graph import Branch

FORMATS = ("tree", "dot", "mermaid")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "graph",
        help="draw the story map (DOT, Mermaid, or a tree in the terminal)",
        description=(
            "Show the story's branches. --format tree (default) prints an outline; dot writes "
            "Graphviz (render with: dot -Tsvg map.dot -o map.svg); mermaid writes a flowchart "
            "that GitHub and many wikis render. Endings, decision scenes and conditional "
            "choices are styled differently."
        ),
    )
    add_story_argument(parser)
    parser.add_argument(
        "--format", "-f", choices=FORMATS, default="tree", help="output format (default tree)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the terminal")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    story = load_or_report(args.story)
    if story is None:
        return 1
    from patrolday.tooling.graph import story_graph, to_dot, to_mermaid

    if args.format == "tree":
        text = _tree_text(story, to_file=args.output is not None)
    elif args.format == "dot":
        text = to_dot(story_graph(story))
    else:
        text = to_mermaid(story_graph(story))
    if args.output is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    if out.is_dir():
        print(f"patrolday: {out} is a folder; give a file name, e.g. {out / 'map.dot'}", file=sys.stderr)
        return 1
    if not out.parent.exists():
        print(f"patrolday: folder {out.parent} does not exist", file=sys.stderr)
        return 1
    from patrolday.game.storage import write_atomic

    write_atomic(out, text.encode("utf-8"), backup=False)
    print(f"Wrote {args.format} map of {story.title} to {out}", file=sys.stderr)
    return 0


def _tree_text(story: Story, to_file: bool) -> str:
    """The outline rendered by Rich (colour only on a terminal; plain text for files)."""
    import io

    from rich.console import Console
    from rich.tree import Tree

    from patrolday.tooling.graph import outline

    trees: list[Tree] = []
    for part, root in zip(story.parts, outline(story), strict=True):
        tree = Tree(f"[bold]{_escape(part.title)}[/] (part {_escape(part.id)})")
        _add(tree, root)
        trees.append(tree)
    if to_file or not sys.stdout.isatty():
        buffer = io.StringIO()
        console = Console(file=buffer, width=200, no_color=True, highlight=False, emoji=False)
    else:
        buffer = None
        console = Console(highlight=False)
    console.print(
        "Legend: [bold]bold[/] = decision, (E) = ending, ?\\[condition] = conditional choice, "
        "~> = automatic, ^ = shown above"
    )
    for tree in trees:
        console.print(tree)
    return buffer.getvalue() if buffer is not None else ""


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _add(tree: Tree, branch: Branch) -> None:
    from patrolday.tooling.graph import DECISION, DIVERT, ENDING, FALLBACK

    node = branch.node
    name = f"{node.id}" + (f" - {node.label}" if node.label != node.id else "")
    if node.kind == ENDING:
        name = f"[green](E) {_escape(name)}[/]"
    elif node.kind == DECISION:
        name = f"[bold]{_escape(name)}[/]"
    else:
        name = _escape(name)
    if branch.repeat:
        name += " [dim]^[/]"
    edge = branch.edge
    if edge is None:
        label = name
    else:
        how = "~>" if edge.kind in (DIVERT, FALLBACK) else "->"
        text = f'"{edge.label}" ' if edge.label and edge.kind != FALLBACK else ""
        cond = f"[yellow]?\\[{_escape(edge.condition)}][/] " if edge.condition else ""
        label = f"{cond}{_escape(text)}{how} {name}"
    child = tree.add(label)
    for kid in branch.children:
        _add(child, kid)
