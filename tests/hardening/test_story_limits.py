"""Limits on whole stories: file sizes, counts, numbers, continuations and shown text.

Each test builds a small story folder the way an author would and checks both that the
limit holds and that the message names the place and says what to do.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from patrolday.engine import StoryError, StoryRuntimeError, choose, load_story, present, start
from patrolday.engine import loader as loader_module
from patrolday.engine.diagnostics import Diagnostic
from patrolday.engine.expressions import MAX_DEPTH, MAX_NUMBER
from patrolday.engine.runtime import MAX_SHOWN
from patrolday.engine.scenes import MAX_CHOICES, MAX_LINE

MANIFEST = """[story]
id = "limits"
title = "Limits"
start = "a"

[vars.n]
initial = 0

[vars.s]
initial = "{initial}"
"""


def make(tmp_path: Path, scenes: str, initial: str = "x", name: str = "a.md") -> Path:
    root = tmp_path / "story"
    (root / "scenes").mkdir(parents=True)
    (root / "story.toml").write_text(MANIFEST.replace("{initial}", initial), "utf-8")
    (root / "scenes" / name).write_text(scenes, "utf-8")
    return root


def errors(root: Path) -> list[Diagnostic]:
    with pytest.raises(StoryError) as caught:
        load_story(root)
    return [d for d in caught.value.diagnostics if d.severity.value == "error"]


def test_a_scene_file_over_2_mb_is_refused_by_name(tmp_path: Path) -> None:
    root = make(tmp_path, "=== a ===\n# ending: A\n" + ("word " * 19 + "\n") * 22_000)
    assert (root / "scenes" / "a.md").stat().st_size > loader_module.MAX_FILE_BYTES
    [diag] = errors(root)
    assert diag.location.file.endswith("a.md")
    assert "larger than 2 MB" in diag.message
    assert diag.hint


def test_a_manifest_over_2_mb_is_refused(tmp_path: Path) -> None:
    root = make(tmp_path, "=== a ===\n# ending: A\n")
    with (root / "story.toml").open("a") as handle:
        handle.write(("# padding\n") * 220_000)
    [diag] = errors(root)
    assert diag.location.file.endswith("story.toml")
    assert "larger than 2 MB" in diag.message


def test_a_line_over_the_limit_is_refused_at_its_line(tmp_path: Path) -> None:
    root = make(tmp_path, "=== a ===\n# ending: A\nok\n" + "x" * (MAX_LINE + 1) + "\n")
    [diag] = errors(root)
    assert (diag.location.line, diag.location.column) == (4, 1)
    assert "longer than 10,000" in diag.message


def test_expression_nesting_stops_at_32_levels(tmp_path: Path) -> None:
    ok = "(" * (MAX_DEPTH - 1) + "n" + ")" * (MAX_DEPTH - 1)
    load_story(make(tmp_path / "ok", "=== a ===\n# ending: A\n{" + ok + "}\n"))
    deep = "(" * 200 + "n" + ")" * 200
    [diag] = errors(make(tmp_path / "deep", "=== a ===\n# ending: A\n{" + deep + "}\n"))
    assert diag.location.line == 3
    assert diag.location.column == 2 + MAX_DEPTH  # the first "(" past the limit
    assert diag.hint
    assert f"deeper than {MAX_DEPTH}" in diag.message


def test_numbers_past_a_trillion_are_refused_when_loading(tmp_path: Path) -> None:
    [diag] = errors(make(tmp_path, f"=== a ===\n# ending: A\n~ n = {MAX_NUMBER + 1}\n"))
    assert (diag.location.line, diag.location.column) == (3, 7)
    assert "larger than 1,000,000,000,000" in diag.message


def test_arithmetic_past_a_trillion_stops_the_step_with_its_place(tmp_path: Path) -> None:
    story = load_story(
        make(tmp_path, "=== a ===\n* [Go] ~ n = 999999999999 * 9 -> b\n=== b ===\n# ending: B\n")
    )
    state = start(story)
    with pytest.raises(StoryRuntimeError, match="out of range") as caught:
        choose(story, state, "go")
    assert caught.value.location is not None and caught.value.location.line == 2


def test_a_static_loop_of_continuations_is_a_load_error(tmp_path: Path) -> None:
    root = make(tmp_path, "=== a ===\nOne.\n-> b\n=== b ===\nTwo.\n+ -> a\n")
    [diag] = errors(root)
    assert "continue into each other forever" in diag.message
    assert diag.location.line > 0 and diag.hint


def test_a_conditional_loop_of_continuations_is_cut_off_at_100(tmp_path: Path) -> None:
    # The loader cannot see this loop (it depends on n), so the runtime bounds it.
    root = make(
        tmp_path, "=== a ===\nOne.\n+ {n < 1000} -> b\n* -> c\n=== b ===\n-> a\n=== c ===\n# ending: C\n"
    )
    story = load_story(root)
    with pytest.raises(StoryRuntimeError, match="more than 100 automatic continuations"):
        start(story)


def test_too_many_choices_in_one_scene(tmp_path: Path) -> None:
    choices = "".join(f"* [Option {i}] -> b\n" for i in range(MAX_CHOICES))
    load_story(make(tmp_path / "ok", "=== a ===\n" + choices + "=== b ===\n# ending: B\n"))
    root = make(tmp_path / "many", "=== a ===\n" + choices + "* [One more] -> b\n=== b ===\n# ending: B\n")
    [diag] = errors(root)
    assert (diag.location.line, diag.location.column) == (MAX_CHOICES + 2, 1)
    assert f"more than {MAX_CHOICES} choices" in diag.message
    assert diag.hint


def test_too_many_scenes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader_module, "MAX_SCENES", 5)
    scenes = "".join(f"=== s{i} ===\n# ending: E\n" for i in range(7)).replace("s0", "a")
    diags = errors(make(tmp_path, scenes))
    assert any("more than 5 scenes" in d.message and d.location.line > 0 for d in diags)


def test_too_many_scene_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader_module, "MAX_FILES", 3)
    root = make(tmp_path, "=== a ===\n# ending: A\n")
    for i in range(3):
        (root / "scenes" / f"more{i}.md").write_text(f"=== m{i} ===\n# ending: M\n", "utf-8")
    [diag] = errors(root)
    assert "more than 3 scene files" in diag.message and diag.hint


def test_too_much_text_in_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader_module, "MAX_STORY_BYTES", 1000)
    root = make(tmp_path, "=== a ===\n# ending: A\n")
    for i in range(3):
        (root / "scenes" / f"more{i}.md").write_text(f"=== m{i} ===\n# ending: M\n" + "x" * 400, "utf-8")
    diags = errors(root)
    assert any("add up to more than" in d.message for d in diags)


def test_long_text_variables_are_refused_in_the_manifest(tmp_path: Path) -> None:
    [diag] = errors(make(tmp_path, "=== a ===\n# ending: A\n", initial="y" * 10_001))
    assert diag.location.file.endswith("story.toml") and diag.location.line == 10
    assert "longer than 10,000" in diag.message


def test_shown_text_is_bounded_even_when_variables_repeat(tmp_path: Path) -> None:
    # Ten thousand characters, shown eleven times in one paragraph: over the limit.
    root = make(tmp_path, "=== a ===\n# ending: A\n" + "{s}" * 11 + "\n", initial="z" * 10_000)
    story = load_story(root)
    assert MAX_SHOWN < 110_000
    with pytest.raises(StoryRuntimeError, match="longer than 100,000 characters"):
        present(story, start(story))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_among_the_scenes_is_refused_not_read(tmp_path: Path) -> None:
    from fuzz.oracles import time_limit

    root = make(tmp_path, "=== a ===\n# ending: A\n")
    os.mkfifo(root / "scenes" / "pipe.md")
    with time_limit(10):  # reading it would block forever
        [diag] = errors(root)
    assert diag.location.file.endswith("pipe.md")
    assert "not a regular file" in diag.message
