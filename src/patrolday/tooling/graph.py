"""The story map: scenes and the choices between them as DOT, Mermaid, or an outline tree.

One pure model (:func:`story_graph`) feeds three writers, so the Graphviz picture, the
Mermaid diagram (which GitHub and many wikis render) and the terminal outline always
show the same edges. Endings, decision scenes and conditional edges are marked in the
model and styled by each writer in its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from patrolday.engine import RETURN, Parts, Story
from patrolday.engine import plain_text as _plain_text

SCENE, DECISION, ENDING = "scene", "decision", "ending"
CHOICE, FALLBACK, DIVERT = "choice", "fallback", "divert"


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    kind: str  # SCENE, DECISION or ENDING
    start: bool = False


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    label: str
    kind: str  # CHOICE, FALLBACK or DIVERT
    condition: str = ""  # the condition source(s); empty when the edge is always there

    @property
    def conditional(self) -> bool:
        return bool(self.condition)


@dataclass(frozen=True, slots=True)
class StoryGraph:
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def plain_text(parts: Parts) -> str:
    """Inline text without evaluating it: expressions shown as ``{source}``, first branches."""
    return _plain_text(parts, lambda part: "{" + part.expr.source + "}")


def story_graph(story: Story) -> StoryGraph:
    starts = {p.start for p in story.parts} | {story.start}
    nodes: list[Node] = []
    edges: list[Edge] = []
    for scene in story.scenes.values():
        kind = ENDING if scene.is_ending else DECISION if scene.is_decision else SCENE
        label = scene.ending if scene.is_ending else scene.title
        nodes.append(Node(scene.id, label or scene.id, kind, scene.id in starts))
        for choice in scene.choices:
            condition = " and ".join(c.expr.source for c in choice.conditions)
            if choice.label is None:
                label = "" if condition else "otherwise"
                kind = FALLBACK
            else:
                label, kind = plain_text(choice.label), CHOICE
            target, label = _tunnel(choice.target, choice.via, label)
            if target is not None:
                edges.append(Edge(scene.id, target, label, kind, condition))
            if choice.via and choice.target != scene.id:
                edges.append(Edge(scene.id, choice.target, "after the tunnel", DIVERT, condition))
        if scene.divert is not None:
            target, label = _tunnel(scene.divert, scene.divert_via, "")
            if target is not None:
                edges.append(Edge(scene.id, target, label, DIVERT))
            if scene.divert_via:
                edges.append(Edge(scene.id, scene.divert, "after the tunnel", DIVERT))
    return StoryGraph(story.title, tuple(nodes), tuple(edges))


def _tunnel(target: str, via: tuple[str, ...], label: str) -> tuple[str | None, str]:
    """The edge of a route through tunnels: to the first tunnel scene, its label saying where
    the story goes after them; a bare return (``->->``) has no edge of its own (the tunnel
    edge that entered it names where it returns to)."""
    if via:
        then = f"tunnel{'s' if len(via) > 1 else ''} {', '.join(via)}, then {target}"
        return via[0], f"{label} ({then})" if label else f"({then})"
    if target == RETURN:
        return None, label
    return target, label


# -- Graphviz DOT ------------------------------------------------------------------------------


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_DOT_NODE = {
    SCENE: "shape=box, style=rounded",
    DECISION: 'shape=hexagon, style=filled, fillcolor="#fff2cc"',
    ENDING: 'shape=box, peripheries=2, style="rounded,filled", fillcolor="#d9ead3"',
}
_DOT_EDGE = {CHOICE: "", FALLBACK: "style=dotted", DIVERT: 'color="#888888"'}


def _wrap(text: str, width: int = 28) -> str:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def to_dot(graph: StoryGraph) -> str:
    """Graphviz DOT: ``dot -Tsvg map.dot -o map.svg``. Conditional edges are dashed."""
    out = [
        f"digraph {_dot_quote(graph.title)} {{",
        "  rankdir=TB;",
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in graph.nodes:
        attrs = [f"label={_dot_quote(_wrap(node.label))}", _DOT_NODE[node.kind]]
        if node.start:
            attrs.append("penwidth=2")
        out.append(f"  {_dot_quote(node.id)} [{', '.join(attrs)}];")
    for edge in graph.edges:
        lines = [_wrap(edge.label)] if edge.label else []
        if edge.condition:
            lines.append(_wrap(f"[{edge.condition}]", 40))
        attrs = [f"label={_dot_quote(chr(10).join(lines))}"] if lines else []
        style = _DOT_EDGE[edge.kind]
        if edge.conditional and edge.kind == CHOICE:
            style = "style=dashed"
        if style:
            attrs.append(style)
        tail = f" [{', '.join(attrs)}]" if attrs else ""
        out.append(f"  {_dot_quote(edge.source)} -> {_dot_quote(edge.target)}{tail};")
    out.append("}")
    return "\n".join(out) + "\n"


# -- Mermaid -----------------------------------------------------------------------------------


def mermaid_id(scene_id: str) -> str:
    """Scene ids use '-', which Mermaid ids avoid; they never use '_', so this is one-to-one."""
    return "n_" + scene_id.replace("-", "_")


def _mermaid_text(text: str) -> str:
    return '"' + text.replace('"', "#quot;").replace("|", "#124;") + '"'


_MERMAID_SHAPE = {SCENE: ("(", ")"), DECISION: ("{{", "}}"), ENDING: ("([", "])")}


def to_mermaid(graph: StoryGraph) -> str:
    """A Mermaid flowchart: decisions are hexagons, endings stadiums, conditional edges dotted."""
    out = ["flowchart TD"]
    for node in graph.nodes:
        left, right = _MERMAID_SHAPE[node.kind]
        out.append(f"  {mermaid_id(node.id)}{left}{_mermaid_text(node.label)}{right}")
    for edge in graph.edges:
        arrow = (
            "-.->" if edge.conditional or edge.kind == FALLBACK else "==>" if edge.kind == DIVERT else "-->"
        )
        label = " ".join(filter(None, [edge.label, f"[{edge.condition}]" if edge.condition else ""]))
        middle = f"|{_mermaid_text(label)}|" if label else ""
        out.append(f"  {mermaid_id(edge.source)} {arrow}{middle} {mermaid_id(edge.target)}")
    out += [
        "  classDef ending fill:#d9ead3,stroke:#38761d,stroke-width:2px",
        "  classDef decision fill:#fff2cc,stroke:#bf9000",
        "  classDef start stroke-width:3px",
    ]
    for kind in (ENDING, DECISION):
        ids = [mermaid_id(n.id) for n in graph.nodes if n.kind == kind]
        if ids:
            out.append(f"  class {','.join(ids)} {kind}")
    starts = [mermaid_id(n.id) for n in graph.nodes if n.start]
    if starts:
        out.append(f"  class {','.join(starts)} start")
    return "\n".join(out) + "\n"


# -- outline -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Branch:
    """One line of the outline: how we got here (an edge, or None at a start) and the scene."""

    edge: Edge | None
    node: Node
    repeat: bool = False  # the scene is expanded elsewhere in the outline
    children: list[Branch] = field(default_factory=list)


def outline(story: Story) -> list[Branch]:
    """A tree of the branches from each part's start; each scene is expanded once.

    Depth-first in choice order, like reading the story; a scene met again is a leaf
    marked ``repeat`` (loops and rejoining branches), so the outline stays finite and
    about as long as the story has edges.
    """
    graph = story_graph(story)
    nodes = {n.id: n for n in graph.nodes}
    out_edges: dict[str, list[Edge]] = {n.id: [] for n in graph.nodes}
    for edge in graph.edges:
        out_edges[edge.source].append(edge)
    expanded: set[str] = set()
    roots: list[Branch] = []
    for part in story.parts:
        root = Branch(None, nodes[part.start], repeat=part.start in expanded)
        roots.append(root)
        stack = [] if root.repeat else [root]
        expanded.add(part.start)
        while stack:
            branch = stack.pop()
            kids = []
            for edge in out_edges[branch.node.id]:
                child = Branch(edge, nodes[edge.target], repeat=edge.target in expanded)
                if not child.repeat:
                    expanded.add(edge.target)
                kids.append(child)
            branch.children = kids
            stack.extend(reversed([k for k in kids if not k.repeat]))
    return roots
