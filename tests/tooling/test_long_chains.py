"""Issue 18, item 1: long flat operator chains play and check without a RecursionError.

About 950 operands in one chain (``n+n+...``, ``b and b and ...``, ``or``, ``*``, text
``+``) used to build left-nested closures that overflowed Python's stack while playing.
The story below holds one chain of each kind, in prose, an inline condition, a choice
condition and an effect, each within the 10,000-character line limit; ``check`` and
``play --plain`` must run it as a user would, with no traceback.
"""

from __future__ import annotations

from pathlib import Path

from tooling_helpers import run_cli

from patrolday.engine import load_story, present, start
from patrolday.tooling.explore import check_story
from storyfactory import write_story

VARIABLES = """
[vars.n]
initial = 1

[vars.o]
initial = 1

[vars.b]
initial = false

[vars.s]
initial = "x"
"""


def chain(operand: str, op: str, count: int) -> str:
    """``count`` operands joined by ``op`` (words need spaces; symbols go without, to fit a line)."""
    return (f" {op} " if op.isalpha() else op).join([operand] * count)


def chains_story(root: Path) -> Path:
    start = "\n".join(
        [
            "=== start ===",
            f"~ n = {chain('n', '+', 3000)}",
            f"Sum {{{chain('o', '+', 3000)}}}, n {{n}}.",
            "",
            f"Product {{{chain('o', '*', 3000)}}}.",
            "",
            f"Text {{{chain('s', '+', 3000)}}}.",
            "",
            f"Both {{{chain('b', 'and', 1500)}: yes|no}}.",
            f"* {{{chain('b', 'or', 1800)}}} [Hidden] -> end",
            "* [Go on] -> end",
            "",
            "=== end ===",
            "# ending: The end",
            "Done.",
        ]
    )
    return write_story(root, {"a.md": start}, variables=VARIABLES)


def test_the_engine_plays_and_checks_long_chains(tmp_path: Path) -> None:
    story = load_story(chains_story(tmp_path))
    view = present(story, start(story))
    texts = [b.text for b in view.blocks]
    assert texts[0] == "Sum 3000, n 3000."
    assert texts[1] == "Product 1."
    assert texts[2] == "Text " + "x" * 3000 + "."
    assert texts[3] == "Both no."
    assert [c.label for c in view.choices] == ["Go on"]
    report = check_story(story)
    assert report.exhaustive


def test_check_and_play_run_long_chains_without_a_traceback(tmp_path: Path) -> None:
    root = chains_story(tmp_path / "story")
    checked = run_cli("check", str(root))
    assert "Traceback" not in checked.stderr and "RecursionError" not in checked.stderr
    assert checked.returncode == 0, checked.stdout + checked.stderr
    played = run_cli("play", "--plain", str(root), "--no-log", stdin="1\n")
    assert "Traceback" not in played.stderr, played.stderr
    assert "Sum 3000, n 3000." in played.stdout
    assert "Both no." in played.stdout
    assert "The end" in played.stdout
