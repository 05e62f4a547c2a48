"""Properties of the runtime on random playthroughs: pure, deterministic, undoable, saveable."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patrolday.engine import (
    GameState,
    InvalidChoice,
    SaveError,
    Story,
    choose,
    load_story,
    present,
    replay,
    start,
)
from patrolday.engine.saves import load_state, save_document

WALK = load_story(Path(__file__).parent.parent / "stories" / "valid" / "walk")
# Conditional blocks, effects in text order, tunnels, tags, shuffle decks, nested alternatives:
# every new state field (counters, the return stack, text snapshots) goes through these too.
CONSTRUCTS = load_story(Path(__file__).parent.parent / "stories" / "valid" / "constructs")
both = pytest.mark.parametrize("story", [WALK, CONSTRUCTS], ids=["walk", "constructs"])


def play(picks: list[int], seed: int = 0, story: Story = WALK) -> list[GameState]:
    """States along a playthrough that takes the picks-th enabled option (modulo) each turn."""
    states = [start(story, seed=seed)]
    for pick in picks:
        view = present(story, states[-1])
        enabled = [c for c in view.choices if c.enabled]
        if not enabled:
            break
        states.append(choose(story, states[-1], enabled[pick % len(enabled)].id))
    return states


picks_strategy = st.lists(st.integers(0, 7), max_size=25)


@both
@settings(max_examples=150, deadline=None)
@given(picks=picks_strategy, seed=st.integers(0, 1000))
def test_same_inputs_same_states(story: Story, picks: list[int], seed: int) -> None:
    assert play(picks, seed, story) == play(picks, seed, story)
    assert [present(story, s) for s in play(picks, seed, story)] == [
        present(story, s) for s in play(picks, seed, story)
    ]


@both
@settings(max_examples=150, deadline=None)
@given(picks=picks_strategy, seed=st.integers(0, 1000))
def test_replaying_the_history_reproduces_every_state(story: Story, picks: list[int], seed: int) -> None:
    states = play(picks, seed, story)
    replayed = replay(story, states[-1].history, seed=seed)
    assert replayed == states
    assert [present(story, s) for s in replayed] == [present(story, s) for s in states]


@both
@settings(max_examples=150, deadline=None)
@given(picks=picks_strategy)
def test_a_step_never_changes_the_state_it_came_from(story: Story, picks: list[int]) -> None:
    """Undo is keeping the previous state: it must still show and save exactly as it did."""
    states = play(picks, 0, story)
    views = [present(story, s) for s in states]
    snapshots = [json.dumps(save_document(story, s)["state"], sort_keys=True) for s in states]
    play(picks, 0, story)  # playing again must not disturb earlier states
    assert snapshots == [json.dumps(save_document(story, s)["state"], sort_keys=True) for s in states]
    assert views == [present(story, s) for s in states]


@both
@settings(max_examples=150, deadline=None)
@given(picks=picks_strategy, seed=st.integers(0, 1000))
def test_save_then_load_gives_the_same_state(story: Story, picks: list[int], seed: int) -> None:
    for state in play(picks, seed, story)[-3:]:
        text = json.dumps(save_document(story, state, label="x"))
        loaded, notes = load_state(story, text)
        assert loaded == state
        assert (loaded.counters, loaded.stack, loaded.draws) == (state.counters, state.stack, state.draws)
        assert notes == []
        assert present(story, loaded) == present(story, state)  # the same text on screen


@both
@settings(max_examples=150, deadline=None)
@given(picks=picks_strategy)
def test_meters_stay_in_range_and_views_are_consistent(story: Story, picks: list[int]) -> None:
    WALK = story
    for state in play(picks, 0, story):
        view = present(WALK, state)
        for meter in view.meters:
            assert meter.min <= meter.value <= meter.max
        assert [c.number for c in view.choices] == list(range(1, len(view.choices) + 1))
        assert view.is_ending or any(c.enabled for c in view.choices)
        for option in view.choices:
            if not option.enabled:
                try:
                    choose(WALK, state, option.id)
                except InvalidChoice:
                    continue
                raise AssertionError("a disabled option was taken")


def test_random_walks_reach_endings() -> None:
    import random

    endings = set()
    for seed in range(200):
        rng = random.Random(seed)
        states = play([rng.randrange(8) for _ in range(60)], seed)
        view = present(WALK, states[-1])
        if view.is_ending:
            endings.add(view.scene)
    assert endings == {"reyes", "end-good", "end-mixed", "end-quiet"}


def test_history_names_choices_by_stable_ids() -> None:
    state = play([0, 0])[-1]
    assert [(s.scene, s.choice) for s in state.history] == [
        ("street", "check-the-yard"),
        ("yard", "call-him-over"),
    ]


def test_save_for_another_story_is_refused(tmp_path: Path) -> None:
    doc = save_document(WALK, start(WALK))
    doc["story"]["id"] = "other"
    doc["story"]["title"] = "Other Story"
    try:
        load_state(WALK, json.dumps(doc))
    except SaveError as err:
        assert "another story ('Other Story')" in str(err)
    else:
        raise AssertionError("expected SaveError")


def test_save_from_an_edited_story_loads_with_a_note_or_names_what_is_missing(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "walk"
    shutil.copytree(Path(WALK.root), copy)
    state = play([0, 0, 1])[-1]
    doc = json.dumps(save_document(WALK, state))
    scene_file = copy / "scenes" / "walk.md"
    scene_file.write_text(scene_file.read_text().replace("She has a story", "She has a long story"))
    edited = load_story(copy)
    loaded, notes = load_state(edited, doc)
    assert loaded.scene == state.scene
    assert notes == [
        "this save was made with an earlier version of this story; every scene it names still exists"
    ]

    scene_file.write_text(
        scene_file.read_text()
        .replace("=== yard ===", "=== front-yard ===")
        .replace("-> yard", "-> front-yard")
        .replace("(yard", "(front-yard")
    )
    renamed = load_story(copy)
    try:
        load_state(renamed, doc)
    except SaveError as err:
        assert "no longer exist" in str(err) and "scene 'yard'" in str(err)
    else:
        raise AssertionError("expected SaveError")


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=4)
        ),
        max_leaves=12,
    )
)
def test_damaged_saves_only_ever_raise_save_error(junk: object) -> None:
    base = save_document(WALK, play([0, 1, 0])[-1])
    for key in ("state", "story", "version", "format"):
        doc = json.loads(json.dumps(base))
        doc[key] = junk
        with contextlib.suppress(SaveError):
            load_state(WALK, json.dumps(doc))
    fields = ("scene", "vars", "visits", "chosen", "history", "flow", "seed", "part")
    for field in (*fields, "counters", "stack", "draws", "flow_envs", "entry"):
        doc = json.loads(json.dumps(base))
        doc["state"][field] = junk
        with contextlib.suppress(SaveError):
            load_state(WALK, json.dumps(doc))
