"""Part carry-over: part two begins from the player's own part one (``[[parts]] carry``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from patrolday.engine import load_state, load_story, replay_state, save_document, start
from patrolday.game.game import Game

STORY = load_story(Path(__file__).parent.parent / "stories" / "valid" / "routes-and-carry")


def test_a_part_starts_with_the_values_it_carries_and_replays_with_them() -> None:
    state = start(STORY, "kitchen", 0, carried={"trust": 7, "met": True, "worry": 9, "attention": 4})
    assert state.vars["trust"] == 7 and state.vars["met"] is True and state.vars["worry"] == 9
    assert state.vars["attention"] == 0  # not in the part's carry list: its initial value
    assert dict(state.preset) == {"trust": 7, "met": True, "worry": 9}
    again = replay_state(STORY, state)[-1]
    assert again == state


@pytest.mark.parametrize(
    "given",
    [{"trust": "7"}, {"trust": 11}, {"trust": -1}, {"met": 1}, {"trust": True}, {"worry": 10**20}],
)
def test_values_of_the_wrong_type_or_out_of_range_are_ignored(given: dict[str, object]) -> None:
    state = start(STORY, "kitchen", 0, carried=given)
    assert dict(state.preset) == {}
    assert state.vars == start(STORY, "kitchen", 0).vars


def test_a_save_keeps_what_the_part_began_with() -> None:
    state = start(STORY, "kitchen", 0, carried={"met": True, "trust": 3})
    document = json.dumps(save_document(STORY, state))
    loaded, notes = load_state(STORY, document)
    assert loaded == state and dict(loaded.preset) == {"met": True, "trust": 3} and notes == []


def test_finishing_part_one_carries_into_part_two_when_the_player_picks_it(tmp_path: Path) -> None:
    game = Game(STORY, tmp_path)
    game.new_game("patrol", seed=0)
    game.choose("stop")  # met = true, trust 2 -> 3
    game.choose("next")
    assert game.view().is_ending
    game.flush()
    picked = game.new_game("kitchen", seed=0, carry=True)
    assert "The camera saw it all." in " ".join(b.text for b in picked.blocks)
    assert game.view().meters and game.play is not None and game.play.state.vars["trust"] == 3
    canon = game.new_game("kitchen", seed=0)  # a facilitator's --part: the story as written
    assert "The camera saw it all." not in " ".join(b.text for b in canon.blocks)


def test_a_hand_edited_progress_file_cannot_carry_anything_bad(tmp_path: Path) -> None:
    game = Game(STORY, tmp_path)
    game.progress.path.parent.mkdir(parents=True)
    game.progress.path.write_text(
        json.dumps({"endings": ["end-one"], "carried": {"patrol": {"met": "\x1b]52;c;x\x07", "trust": 99}}})
    )
    view = game.new_game("kitchen", seed=0, carry=True)
    assert game.play is not None and dict(game.play.state.preset) == {}
    assert "camera" not in " ".join(b.text for b in view.blocks)
    game.progress.path.write_text("[not json")
    game.new_game("kitchen", seed=0, carry=True)  # a damaged file: the canon, no error
