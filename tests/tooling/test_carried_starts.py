"""The checker explores a later part from every set of values the part before can carry
into it (issue 13: part two of the bundled story is the other side of the player's own
part one, so some of its scenes are reachable only through carry-over)."""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import load_story, replay
from patrolday.engine.runtime import Step
from patrolday.tooling.explore import check_story

MANIFEST = """
[story]
id = "carry-check"
title = "Carry check"
start = "yard"

[vars.approach]
initial = ""

[[parts]]
id = "one"
title = "Part one"
start = "yard"

[[parts]]
id = "two"
title = "Part two"
start = "kitchen"
carry = ["approach"]
"""

SCENES = """
=== yard ===
A boy throws a ball straight up.
* [Knock] ~ approach = "knock" -> end-one
* [Call him over] ~ approach = "call" -> end-one

=== end-one ===
# ending: The shift ends
The radio says your number.

=== kitchen ===
* {approach == "knock"} -> door
* {approach == "call"} -> window
* -> tablet

=== window ===
The hand beckons. (Only a game that called the boy over gets here.)
* [Watch] -> end-two

=== door ===
You were there: the knock woke you.
* [Remember it] -> end-two

=== tablet ===
This is the real camera's footage.
* [Watch] -> end-two

=== end-two ===
# ending: The kitchen
"""


def _story(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "scenes").mkdir()
    (tmp_path / "story.toml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "scenes" / "story.md").write_text(SCENES, encoding="utf-8")
    return load_story(tmp_path)


def test_a_scene_reachable_only_through_carry_over_is_reached(tmp_path: Path) -> None:
    report = check_story(_story(tmp_path))
    assert report.exhaustive
    assert [f.code for f in report.findings] == []
    cov = report.coverage
    assert (cov.scenes, cov.choices) == (cov.scenes_total, cov.choices_total)


def test_ending_paths_replay_and_start_from_the_canon_when_they_can(tmp_path: Path) -> None:
    story = _story(tmp_path)
    report = check_story(story)
    path = report.ending_paths["end-two"]
    assert path.part == "two"
    assert path.carried == (), "the canonical start reaches this ending, so its path needs no carry"
    final = replay(story, [Step(s.scene, s.choice) for s in path.steps], path.part)[-1]
    assert final.scene == "end-two"


def test_a_finding_on_a_carried_start_says_what_was_carried(tmp_path: Path) -> None:
    broken = SCENES.replace("* [Remember it] -> end-two", "You stand in the hall.")
    (tmp_path / "scenes").mkdir()
    (tmp_path / "story.toml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "scenes" / "story.md").write_text(broken, encoding="utf-8")
    report = check_story(load_story(tmp_path))
    dead = [f for f in report.findings if f.code == "dead-end"]
    assert len(dead) == 1 and dead[0].path is not None
    assert dead[0].path.carried == (("approach", "knock"),)
    assert "approach" in dead[0].path.describe()
    assert dead[0].path.to_json()["carried"] == {"approach": "knock"}
    final = replay(
        load_story(tmp_path), [], dead[0].path.part, preset=dict(dead[0].path.carried)
    )[-1]
    assert final.scene == "door"
