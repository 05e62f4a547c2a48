"""Facilitator mode's game logic without a screen: what-if rewinds and heavy-scene summaries."""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import load_story
from patrolday.game.facilitation import SUMMARY_NOTE, WhatIf, summarised
from patrolday.game.playthrough import Event, Playthrough
from storyfactory import write_story

WALK = load_story(Path(__file__).parent.parent / "stories" / "valid" / "walk")


def test_rewind_then_come_back_replays_the_groups_path_with_its_votes() -> None:
    what_if = WhatIf()
    play = Playthrough.new(WALK, seed=0, listeners=[what_if])
    play.choose("check-the-yard", {"check-the-yard": 4, "take-a-call": 2})
    play.choose("call-him-over", {"call-him-over": 5})
    play.choose("check-the-yard")
    points = what_if.points(WALK, play)
    assert [(p.turn, p.label) for p in points] == [(0, "Check the yard"), (2, "Check the yard")]
    assert not what_if.can_come_back

    what_if.rewind(play, 0)
    assert play.state.turn == 0 and what_if.can_come_back
    play.choose("take-a-call", {"take-a-call": 9})  # the what-if path
    assert what_if.come_back(play)
    assert [s.choice for s in play.state.history] == ["check-the-yard", "call-him-over", "check-the-yard"]
    assert what_if.votes == [{"check-the-yard": 4, "take-a-call": 2}, {"call-him-over": 5}, None]
    assert not what_if.come_back(play)  # nothing left to come back to


def test_a_new_game_forgets_the_path_left() -> None:
    what_if = WhatIf()
    play = Playthrough.new(WALK, seed=0, listeners=[what_if])
    play.choose("check-the-yard")
    what_if.rewind(play, 0)
    what_if(Event("start", play.states[0]))  # New game, or a loaded save
    assert not what_if.can_come_back and what_if.votes == []


def test_heavy_scenes_with_a_summary_are_summarised_once(tmp_path: Path) -> None:
    story = load_story(
        write_story(
            tmp_path,
            {
                "a.md": """
                === start ===
                # heavy
                # summary: Desmond remembers a traffic stop.
                One paragraph.

                Another paragraph.
                -> end

                === end ===
                # ending: Done
                Fin.
                """
            },
        )
    )
    view = Playthrough.new(story, seed=0).view()
    short = summarised(story, view)
    assert [b.text for b in short.blocks] == [f"{SUMMARY_NOTE} Desmond remembers a traffic stop.", "Fin."]
    ending_only = Playthrough.new(story, seed=0).view()._replace(blocks=view.blocks[-1:])
    assert summarised(story, ending_only) is ending_only  # nothing heavy: the same view
