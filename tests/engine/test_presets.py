"""Start anywhere: ``start(..., at=SCENE, preset={...})`` and the checks on ``--set NAME=VALUE``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from patrolday.engine import (
    PatroldayError,
    PresetError,
    choose,
    load_state,
    load_story,
    parse_preset,
    present,
    replay_state,
    save_document,
    scene_problem,
    start,
)

WALK = load_story(Path(__file__).parent.parent / "stories" / "valid" / "walk")


def test_a_game_can_begin_at_any_scene_with_variables_set_and_replays_the_same() -> None:
    state = start(WALK, seed=0, at="yard", preset=parse_preset(WALK, ["trust=3", "met=true"]))
    assert state.scene == "yard" and state.origin == "yard"
    assert state.vars["trust"] == 3 and state.vars["met"] is True
    assert "He waves at you." in " ".join(b.text for b in present(WALK, state).blocks)
    after = choose(WALK, state, "throw-the-ball-back")
    assert replay_state(WALK, after)[-1] == after
    loaded, notes = load_state(WALK, json.dumps(save_document(WALK, after)))
    assert loaded == after and notes == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("trsut=3", "no variable 'trsut' in this story. Did you mean 'trust'?"),
        ("trust=three", "'trust' is a whole number, not 'three'"),
        ("trust=99", "'trust' must be between 0 and 4, not 99"),
        ("met=yes", "'met' is true or false, not 'yes' (write met=true or met=false)"),
        ("trust", "'trust' is not NAME=VALUE"),
        ("note=\x1b[31m", "'note' cannot hold that text"),
    ],
)
def test_a_wrong_name_type_or_range_is_refused_with_how_to_write_it(typed: str, message: str) -> None:
    with pytest.raises(PresetError) as caught:
        parse_preset(WALK, [typed])
    assert message in str(caught.value)


def test_text_values_may_be_quoted_and_scenes_are_checked() -> None:
    assert parse_preset(WALK, ['note="a b"']) == {"note": "a b"}
    assert scene_problem(WALK, "yard") == ""
    assert "no scene 'yrad' in this story. Did you mean 'yard'?" in scene_problem(WALK, "yrad")
    with pytest.raises(PatroldayError):
        start(WALK, at="nowhere")
