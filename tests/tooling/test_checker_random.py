"""random() in the checker: every outcome of a draw is explored, not the seed's one.

A step that draws is run once per combination of the raw numbers it draws; a view that
peeks at the next draw (a choice condition) is shown in every "world" of that number, and
the step that follows draws the same number again (the runtime's rule: present() peeks,
the transition draws).
"""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import load_story
from patrolday.tooling.explore import check_story
from storyfactory import write_story

ROLL = "[vars.roll]\ninitial = 0\n"


def test_every_outcome_of_a_draw_in_an_effect_is_explored(tmp_path: Path) -> None:
    scenes = {
        "a.md": """
        === start ===
        * [Roll] ~ roll = random(1, 6) -> table

        === table ===
        * {roll == 6} [A six] -> six
        * {roll < 6} [Not a six] -> other

        === six ===
        # ending: Six
        Lucky.

        === other ===
        # ending: Other
        Fine.
        """
    }
    report = check_story(load_story(write_story(tmp_path, scenes, variables=ROLL)))
    assert report.exhaustive
    assert set(report.ending_paths) == {"six", "other"}
    assert report.findings == ()


def test_a_dead_end_that_only_some_draws_reach_is_found(tmp_path: Path) -> None:
    scenes = {
        "a.md": """
        === start ===
        * [Roll] ~ roll = random(1, 3) -> table

        === table ===
        * {roll <= 2} [Go on] -> end

        === end ===
        # ending: End
        Done.
        """
    }
    report = check_story(load_story(write_story(tmp_path, scenes, variables=ROLL)))
    assert [f.code for f in report.findings] == ["dead-end"]
    assert report.exhaustive


def test_a_view_that_peeks_and_the_step_that_draws_see_the_same_number(tmp_path: Path) -> None:
    """Heads or tails, from one peeked draw: exactly one option is open, never neither (no dead
    end, which treating the two conditions as independent would report), and the step that
    follows draws that same number."""
    scenes = {
        "a.md": """
        === start ===
        * {random(1, 2) == 1} [Heads] ~ roll = random(1, 2) -> heads
        * {random(1, 2) == 2} [Tails] ~ roll = random(1, 2) -> tails

        === heads ===
        * {roll == 1} [Check] -> end-heads

        === tails ===
        * {roll == 2} [Check] -> end-tails

        === end-heads ===
        # ending: Heads
        H.

        === end-tails ===
        # ending: Tails
        T.
        """
    }
    report = check_story(load_story(write_story(tmp_path, scenes, variables=ROLL)))
    assert report.findings == ()
    assert set(report.ending_paths) == {"end-heads", "end-tails"}


def test_too_many_outcomes_stop_the_search_and_say_so(tmp_path: Path) -> None:
    scenes = {
        "a.md": """
        === start ===
        * [Roll] ~ roll = random(1, 1000000) -> end

        === end ===
        # ending: End
        {roll}.
        """
    }
    report = check_story(load_story(write_story(tmp_path, scenes, variables=ROLL)), runs=5)
    assert not report.exhaustive and report.limit == "random"
    assert "outcomes of random()" in report.notes[0]
