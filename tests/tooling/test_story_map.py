"""``patrolday graph``: DOT parsed back with pydot and Mermaid read by structure give the
same edges as the story; endings, decisions and conditional edges are styled apart."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pydot
import pytest
from hypothesis import HealthCheck, given, settings
from storygen import story_files, write
from tooling_helpers import CLEAN

from patrolday.engine import RETURN, Story, load_story
from patrolday.tooling.graph import mermaid_id, outline, story_graph, to_dot, to_mermaid


def story_edges(story: Story) -> Counter[tuple[str, str]]:
    """Every edge of the story, read straight from the model (not from the graph module)."""
    edges: Counter[tuple[str, str]] = Counter()
    for scene in story.scenes.values():
        routes = [(c.target, c.via, True) for c in scene.choices]
        if scene.divert:
            routes.append((scene.divert, scene.divert_via, False))
        for target, via, is_choice in routes:
            # A tunnel route draws an edge to its first tunnel and one to where it goes after
            # (for a choice, unless that is the scene itself); a bare ->-> draws none.
            if via:
                edges[(scene.id, via[0])] += 1
                if not (is_choice and target == scene.id):
                    edges[(scene.id, target)] += 1
            elif target != RETURN:
                edges[(scene.id, target)] += 1
    return edges


def dot_edges(text: str) -> tuple[Counter[tuple[str, str]], dict[str, dict[str, str]], list]:  # type: ignore[type-arg]
    (graph,) = pydot.graph_from_dot_data(text)
    unq = lambda s: s.strip('"')  # noqa: E731
    edges = Counter((unq(e.get_source()), unq(e.get_destination())) for e in graph.get_edges())
    nodes = {
        unq(n.get_name()): n.get_attributes()
        for n in graph.get_nodes()
        if unq(n.get_name()) not in ("node", "edge")
    }
    return edges, nodes, graph.get_edges()


_MERMAID_EDGE = re.compile(r'^\s*(n_\w+) (-->|-\.->|==>)(?:\|"([^"]*)"\|)? (n_\w+)$')
_MERMAID_NODE = re.compile(r'^\s*(n_\w+)(\(\[|\{\{|\()"([^"]*)"(\]\)|\}\}|\))$')


def mermaid_parts(
    text: str,
) -> tuple[Counter[tuple[str, str]], dict[str, str], dict[tuple[str, str], set[str]]]:
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    edges: Counter[tuple[str, str]] = Counter()
    arrows: dict[tuple[str, str], set[str]] = {}
    shapes: dict[str, str] = {}
    for line in lines[1:]:
        if m := _MERMAID_EDGE.match(line):
            edges[(m.group(1), m.group(4))] += 1
            arrows.setdefault((m.group(1), m.group(4)), set()).add(m.group(2))
        elif m := _MERMAID_NODE.match(line):
            shapes[m.group(1)] = m.group(2)
        else:
            assert line.strip().startswith(("classDef ", "class ")), line
    return edges, shapes, arrows


def test_dot_round_trips_to_the_story_edges_with_styles() -> None:
    story = load_story(CLEAN)
    edges, nodes, raw = dot_edges(to_dot(story_graph(story)))
    assert edges == story_edges(story)
    assert set(nodes) == set(story.scenes)
    assert nodes["end-good"]["peripheries"] == "2"
    assert nodes["street"]["shape"] == "hexagon"  # a decision
    assert nodes["yard"]["shape"] == "box"
    styles = {(e.get_source().strip('"'), e.get_destination().strip('"')): e.get_attributes() for e in raw}
    assert styles[("street", "reyes")]["style"] == "dashed"  # conditional
    assert "style" not in styles[("street", "yard")]
    assert styles[("router", "end-quiet")]["style"] == "dotted"  # fallback


def test_mermaid_has_the_story_edges_and_shapes() -> None:
    story = load_story(CLEAN)
    text = to_mermaid(story_graph(story))
    edges, shapes, arrows = mermaid_parts(text)
    assert edges == Counter({(mermaid_id(a), mermaid_id(b)): n for (a, b), n in story_edges(story).items()})
    assert shapes[mermaid_id("end-good")] == "(["
    assert shapes[mermaid_id("street")] == "{{"
    assert shapes[mermaid_id("yard")] == "("
    assert arrows[(mermaid_id("street"), mermaid_id("reyes"))] == {"-.->"}
    assert arrows[(mermaid_id("street"), mermaid_id("yard"))] == {"-->"}
    assert arrows[(mermaid_id("radio"), mermaid_id("street"))] == {"==>"}
    assert "class n_end_call,n_end_bed,n_reyes,n_end_good,n_end_mixed,n_end_quiet ending" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=story_files())
def test_both_formats_round_trip_on_random_stories(files: dict[str, str], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    story = load_story(write(tmp_path_factory.mktemp("g"), files))
    graph = story_graph(story)
    assert dot_edges(to_dot(graph))[0] == story_edges(story)
    expected = Counter({(mermaid_id(a), mermaid_id(b)): n for (a, b), n in story_edges(story).items()})
    assert mermaid_parts(to_mermaid(graph))[0] == expected


def test_labels_with_quotes_and_backslashes_survive_dot(tmp_path: Path) -> None:
    from storyfactory import write_story

    scene = '=== start ===\nHi.\n* [Say "hi" \\\\ wave | nod] -> end\n\n'
    scene += '=== end ===\n# ending: The "end"\nBye.\n'
    root = write_story(tmp_path, {"a.md": scene})
    story = load_story(root)
    (graph,) = pydot.graph_from_dot_data(to_dot(story_graph(story)))
    (edge,) = graph.get_edges()
    assert edge.get_attributes()["label"] == '"Say \\"hi\\" \\\\ wave | nod"'
    edges, _, _ = mermaid_parts(to_mermaid(story_graph(story)))
    assert edges == Counter({("n_start", "n_end"): 1})


def test_outline_expands_every_reachable_scene_once() -> None:
    story = load_story(CLEAN)
    roots = outline(story)
    seen: list[str] = []

    def walk(branch) -> None:  # type: ignore[no-untyped-def]
        if not branch.repeat:
            seen.append(branch.node.id)
        for kid in branch.children:
            walk(kid)
            assert kid.edge is not None and kid.edge.source == branch.node.id

    for root in roots:
        walk(root)
    assert sorted(seen) == sorted(story.scenes)
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "tree"])
def test_cli_graph_writes_each_format(cli, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"map.{fmt}"
    result = cli("graph", str(CLEAN), "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "dot":
        assert dot_edges(text)[0] == story_edges(load_story(CLEAN))
    elif fmt == "mermaid":
        assert text.startswith("flowchart TD")
    else:
        assert '"Check the yard" -> yard' in text
        assert "(E) end-good - Trusted" in text
        assert "?[visited(yard)]" in text
        assert "\x1b[" not in text  # no colour codes in a file


def test_cli_graph_tree_on_stdout_and_bad_output(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("graph", str(CLEAN))
    assert result.returncode == 0
    assert "The kitchen (part kitchen)" in result.stdout
    bad = cli("graph", str(CLEAN), "-f", "dot", "-o", str(tmp_path))
    assert bad.returncode == 1 and "is a folder" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_tunnels_are_shown_with_where_the_story_goes_after_them() -> None:
    story = load_story(Path(__file__).parent.parent / "stories" / "valid" / "constructs")
    edges = {(e.source, e.target, e.label) for e in story_graph(story).edges}
    assert ("desk", "radio", "Check the radio (tunnel radio, then desk)") in edges
    assert ("street", "briefing", "(tunnel briefing, then yard)") in edges
    assert ("street", "yard", "after the tunnel") in edges
    assert not any(e.target == "->->" for e in story_graph(story).edges)
