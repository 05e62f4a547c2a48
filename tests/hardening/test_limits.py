"""Limits that make hangs and runaway memory impossible, each proven to hold and to report well.

Every limit is tested at the level an author meets it: a scene file or a story folder,
and the diagnostic must name file, line and column and say how to fix it.
"""

from __future__ import annotations

import pytest

from patrolday.engine.diagnostics import Diagnostic
from patrolday.engine.inline import MAX_INLINE_DEPTH
from patrolday.engine.scenes import parse_scene_file

VARS = {"trust": "int", "met": "bool", "partner": "str"}


def only_error(text: str) -> Diagnostic:
    parsed = parse_scene_file(text, "scenes/x.md", VARS)
    assert len(parsed.diagnostics) == 1, parsed.diagnostics
    return parsed.diagnostics[0]


def nested(opening: str, depth: int) -> str:
    return opening * depth + "x" + "}" * depth


def test_inline_nesting_at_the_limit_loads() -> None:
    for opening in ("{!", "{a|", "{true: ", "{&"):
        parsed = parse_scene_file("=== a ===\n" + nested(opening, MAX_INLINE_DEPTH), "scenes/x.md", VARS)
        assert parsed.diagnostics == [], opening


def test_inline_nesting_past_the_limit_is_a_diagnostic_with_a_place() -> None:
    for opening in ("{!", "{a|", "{true: ", "{&", "{~"):
        # Deep enough to overflow Python's stack before the limit existed, within the line limit.
        diag = only_error("=== a ===\n" + nested(opening, 9_000 // (len(opening) + 1)))
        assert diag.location.file == "scenes/x.md"
        assert diag.location.line == 2
        assert diag.location.column == MAX_INLINE_DEPTH * len(opening) + 1
        assert f"deeper than {MAX_INLINE_DEPTH}" in diag.message
        assert diag.hint


def test_positions_inside_condition_branches_point_at_the_mistake() -> None:
    # Regression: the text after "cond:" and after "|" lost its leading spaces but not their
    # width, so columns inside branches pointed one or more characters to the left.
    line = "{met: x {nope} |   y {nope2}}"
    for name in ("nope", "nope2"):
        text = "=== a ===\n" + line.replace("{" + ("nope2" if name == "nope" else "nope") + "}", "")
        diag = only_error(text)
        assert diag.message == f"unknown variable '{name}'"
        assert text.split("\n")[1][diag.location.column - 1 :].startswith(name)


WORST_LINES = {
    # Each of these took 0.3-2 s per line before its fix; a 2 MB file of them hung for minutes.
    "long run of '=' in a header": "===" + "=" * 9_990 + "!",
    "many function calls in one line": "{" + "visited(a) or " * 700 + "true: x}",
    "long blank run in a choice condition": "* {true" + " " * 9_900 + "} [x] -> a",
}


@pytest.mark.parametrize("line", list(WORST_LINES.values()), ids=list(WORST_LINES))
def test_worst_case_lines_do_not_hang(line: str) -> None:
    from fuzz.oracles import time_limit

    text = "=== a ===\n" + "\n".join([line] * 20)
    with time_limit(5.0):  # a hang detector, not a speed target: the fixed parser needs ~0.1 s
        parsed = parse_scene_file(text, "scenes/x.md", VARS)
    assert all(d.location.line >= 2 for d in parsed.diagnostics)
