"""The runtime bugs of issue 11, each played through the engine as the review found them
(../shared/reviews/ink-conformance.md, "Bugs"). Every test here failed before its fix."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest

from patrolday.engine import (
    InvalidChoice,
    StoryError,
    choose,
    choose_number,
    load_state,
    load_story,
    present,
    save_document,
    start,
)
from storyfactory import write_story


def load(tmp_path: Path, scenes: dict[str, str], variables: str = "", start_scene: str = "start"):  # type: ignore[no-untyped-def]
    return load_story(write_story(tmp_path / "s", scenes, variables=variables, start=start_scene))


def texts(view) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.text for b in view.blocks]


def visits_of(story, seed: int, again: str, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    """The scene's text on each of ``n`` visits, taking ``again`` in between."""
    state = start(story, seed=seed)
    seen = [texts(present(story, state))[0]]
    for _ in range(n - 1):
        state = choose(story, state, again)
        seen.append(texts(present(story, state))[0])
    return seen


# -- bug 1: shuffles --------------------------------------------------------------------------

TOSS = {
    "a.md": """
    === start ===
    I tossed the coin: {~Heads|Tails}. It landed {~left|right}.
    + [Again] -> start
    """
}


def test_a_shuffle_is_a_seeded_deck_each_run_of_n_shows_every_text_once(tmp_path: Path) -> None:
    story = load(tmp_path, {"a.md": "=== start ===\n{~one|two|three}\n+ [Again] -> start\n"})
    for seed in range(100):
        seen = visits_of(story, seed, "again", 9)
        for run in (seen[0:3], seen[3:6], seen[6:9]):
            assert sorted(run) == ["one", "three", "two"], (seed, seen)


def test_shuffles_vary_between_visits_and_two_in_a_paragraph_are_independent(tmp_path: Path) -> None:
    story = load(tmp_path, TOSS)
    same_first_two = 0
    combinations = set()
    for seed in range(300):
        seen = visits_of(story, seed, "again", 12)
        same_first_two += seen[0] == seen[1]
        combinations.update(seen)
    assert same_first_two == 0  # a 2-card deck: the second visit always shows the other card
    assert len(combinations) == 4  # Heads/Tails and left/right are not locked together


def test_runs_of_a_shuffle_differ_and_the_seed_changes_the_order(tmp_path: Path) -> None:
    story = load(tmp_path, {"a.md": "=== start ===\n{~a|b|c|d}\n+ [Again] -> start\n"})
    runs = {tuple(visits_of(story, seed, "again", 8)) for seed in range(40)}
    assert len(runs) > 20
    assert any(r[:4] != r[4:] for r in runs)  # each run is reshuffled


def test_a_shuffle_is_reproduced_by_the_seed_undo_and_a_save(tmp_path: Path) -> None:
    story = load(tmp_path, TOSS)
    assert visits_of(story, 5, "again", 6) == visits_of(story, 5, "again", 6)
    state = start(story, seed=5)
    for _ in range(3):
        state = choose(story, state, "again")
    loaded, _ = load_state(story, json.dumps(save_document(story, state)))
    assert loaded.seed == 5
    after = [texts(present(story, s))[0] for s in _walk(story, loaded, 4)]
    assert after == [texts(present(story, s))[0] for s in _walk(story, state, 4)]


def _walk(story, state, n):  # type: ignore[no-untyped-def]
    out = [state]
    for _ in range(n):
        out.append(choose(story, out[-1], "again"))
    return out


# -- bug 2: chosen() of a sticky fallback -----------------------------------------------------


def test_chosen_is_true_for_a_sticky_fallback(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === hub ===
            + [Sticky] -> gate

            === gate ===
            + -> report

            === report ===
            # ending: Report
            sticky label taken {chosen(hub/sticky)}; sticky fallback taken {chosen(gate/to-report)}.
            """
        },
        start_scene="hub",
    )
    view = present(story, choose_number(story, start(story), 1))
    assert texts(view) == ["sticky label taken true; sticky fallback taken true."]


# -- bug 3: a loaded save shows the text shown before the save --------------------------------


def test_loading_a_save_shows_the_same_text_as_before(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            -> count

            === count ===
            ~ n += 1
            Count {n}, visit {visits(count)}: {one|two|three}.
            + {n < 3} -> count
            + -> rest

            === rest ===
            Resting.
            + [Go on] -> end

            === end ===
            # ending: The end
            """
        },
        variables="[vars.n]\ninitial = 0\n",
    )
    state = start(story)
    before = texts(present(story, state))
    assert before == [
        "Count 1, visit 1: one.",
        "Count 2, visit 2: two.",
        "Count 3, visit 3: three.",
        "Resting.",
    ]
    loaded, _ = load_state(story, json.dumps(save_document(story, state)))
    assert texts(present(story, loaded)) == before
    assert loaded == state


# -- bug 4: each alternative counts how often it was reached -----------------------------------


def test_a_nested_cycle_counts_its_own_uses(tmp_path: Path) -> None:
    story = load(tmp_path, {"a.md": "=== start ===\n{&Tick|{&tock|TOCK}}\n+ [Listen] -> start\n"})
    assert visits_of(story, 0, "listen", 6) == ["Tick", "tock", "Tick", "TOCK", "Tick", "tock"]


def test_a_sequence_under_a_condition_starts_when_first_shown(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            Here. {met: We meet {for the first time|again|yet again}.}
            + [Again] ~ met = true -> start
            """
        },
        variables="[vars.met]\ninitial = false\n",
    )
    assert visits_of(story, 0, "again", 4) == [
        "Here.",
        "Here. We meet for the first time.",
        "Here. We meet again.",
        "Here. We meet yet again.",
    ]


def test_the_ratbear_example_from_the_ink_manual(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            The Ratbear {&{wastes no time and |}swipes|scratches} {&at you|into your {&leg|arm|cheek}}.
            + [Again] -> start
            """
        },
    )
    assert visits_of(story, 0, "again", 6) == [
        "The Ratbear wastes no time and swipes at you.",
        "The Ratbear scratches into your leg.",
        "The Ratbear swipes at you.",
        "The Ratbear scratches into your arm.",
        "The Ratbear swipes at you.",
        "The Ratbear scratches into your cheek.",
    ]


# -- bug 6: the hint for {!a|b|c} --------------------------------------------------------------


def test_the_hint_for_a_multi_item_once_names_the_right_rewrite(tmp_path: Path) -> None:
    with pytest.raises(StoryError) as err:
        load(tmp_path, {"a.md": "=== start ===\nA joke. {!I laughed.|I smiled.|I grimaced.}\n# ending: E\n"})
    diag = err.value.diagnostics[0]
    assert "{I laughed.|I smiled.|I grimaced.|}" in diag.hint


# -- bug 7: a fallback next to choices shown disabled with a reason ----------------------------

GATE = {
    "a.md": """
    === start ===
    The door is shut.
    * {trust >= 3 else "She doesn't know you yet."} [Knock] -> inside
    * -> street

    === inside ===
    # ending: Inside

    === street ===
    # ending: Street
    """
}


def test_a_disabled_choice_with_a_reason_stops_the_flow_and_the_fallback_is_offered(tmp_path: Path) -> None:
    from patrolday.engine import CONTINUE  # new with this fix

    story = load(tmp_path, GATE, variables="[vars.trust]\ninitial = 0\n")
    state = start(story)
    view = present(story, state)
    assert state.scene == "start"  # the player sees the reason instead of being carried past it
    assert [(c.label, c.enabled, c.reason) for c in view.choices] == [
        ("Knock", False, "She doesn't know you yet."),
        (CONTINUE, True, ""),
    ]
    assert choose_number(story, state, 2).scene == "street"
    with pytest.raises(InvalidChoice):
        choose(story, state, "knock")


def test_a_fallback_is_not_offered_while_a_choice_is_enabled_and_still_fires_when_all_are_hidden(
    tmp_path: Path,
) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            * [Go] -> gate
            === gate ===
            * {trust >= 3} [Knock] -> inside
            * -> street
            === inside ===
            # ending: Inside
            === street ===
            # ending: Street
            """
        },
        variables="[vars.trust]\ninitial = 0\n",
    )
    assert choose(story, start(story), "go").scene == "street"  # hidden, not disabled: flows on
    with pytest.raises(InvalidChoice):
        choose(story, start(story), "to-street")  # a fallback is never a choice by itself


# -- bug 8: headings when text flows through several scenes -----------------------------------


def test_each_passed_scene_with_a_title_heads_its_own_text(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            # title: 3 p.m.
            The call comes in.
            -> quiet
            === quiet ===
            Nothing for a while.
            -> later
            === later ===
            # title: Three days later
            The video is everywhere.
            * [Read it] -> end
            === end ===
            # ending: E
            """
        },
    )
    view = present(story, start(story))
    assert view.title == "3 p.m."
    assert [(b.heading, b.text) for b in view.blocks] == [
        (None, "The call comes in."),
        (None, "Nothing for a while."),
        ("Three days later", "The video is everywhere."),
    ]


def test_an_untitled_router_does_not_hide_the_title_of_the_scene_it_leads_to(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            + -> desk
            === desk ===
            # title: The desk
            Paperwork.
            * [Done] -> end
            === end ===
            # ending: E
            """
        },
    )
    view = present(story, start(story))
    assert view.title == "The desk"
    assert [b.heading for b in view.blocks] == [None]


# -- bug 5's engine half: the seed is in the save ----------------------------------------------


def test_the_seed_and_every_new_state_field_are_in_the_save(tmp_path: Path) -> None:
    story = load(tmp_path, TOSS)
    state = choose(story, start(story, seed=123456789), "again")
    saved = save_document(story, state)["state"]
    assert saved["seed"] == 123456789
    assert set(saved) >= {"counters", "stack", "draws", "flow_envs", "entry"}
    loaded, _ = load_state(story, json.dumps(save_document(story, state)))
    assert loaded == state and loaded.counters == state.counters


def test_pairwise_visits_never_repeat_in_a_two_item_shuffle(tmp_path: Path) -> None:
    """ink's own test: {shuffle: one|two} played four times shows each pair as a permutation."""
    story = load(tmp_path, {"a.md": "=== start ===\n{~one|two}\n+ [Again] -> start\n"})
    for seed in range(200):
        seen = visits_of(story, seed, "again", 4)
        assert {seen[0], seen[1]} == {seen[2], seen[3]} == {"one", "two"}
        assert all(a != b for a, b in pairwise(seen[:2]))
