"""Playthrough: the state stack every front end shares, and the events observers see."""

from __future__ import annotations

from pathlib import Path

import pytest

from patrolday.engine import load_story, present
from patrolday.game.playthrough import Event, Playthrough

WALK = load_story(Path(__file__).parent.parent / "stories" / "valid" / "walk")


def test_events_tell_observers_what_happened() -> None:
    events: list[Event] = []
    play = Playthrough.new(WALK, listeners=[events.append])
    play.choose("check-the-yard", votes={"check-the-yard": 3, "take-a-call": 1})
    assert play.undo()
    assert [e.kind for e in events] == ["start", "step", "undo"]
    step = events[1]
    assert step.choice == "check-the-yard"
    assert step.offered == ("check-the-yard", "take-a-call")
    assert step.votes == {"check-the-yard": 3, "take-a-call": 1}
    assert step.previous is events[0].state
    assert play.state is events[0].state


def test_undo_and_rewind() -> None:
    play = Playthrough.new(WALK)
    assert not play.can_undo and not play.undo()
    for choice in ("check-the-yard", "call-him-over", "check-the-yard"):
        play.choose(choice)
    assert play.state.turn == 3
    play.rewind(1)
    assert play.state.turn == 1 and play.state.scene == "yard"
    with pytest.raises(ValueError):
        play.rewind(5)


def test_the_view_is_the_engines_and_is_computed_once_per_state() -> None:
    play = Playthrough.new(WALK)
    first = play.view()
    assert first == present(WALK, play.state)
    assert play.view() is first
    play.choose("check-the-yard")
    assert play.view() == present(WALK, play.state)
    assert play.view() is not first


def test_peek_shows_where_a_choice_leads_without_taking_it_and_choose_reuses_it() -> None:
    from patrolday.engine import PatroldayError, choose

    events: list[Event] = []
    play = Playthrough.new(WALK, listeners=[events.append])
    start = play.state
    ahead = play.peek("check-the-yard")
    assert play.state is start and len(play.states) == 1 and [e.kind for e in events] == ["start"]
    assert ahead == present(WALK, choose(WALK, start, "check-the-yard"))
    assert play.choose("check-the-yard") is ahead  # the step looked at is the step taken
    assert [e.kind for e in events] == ["start", "step"]
    with pytest.raises(PatroldayError):
        play.peek("no-such-choice")
    play.undo()
    assert play.peek("take-a-call") == present(WALK, choose(WALK, start, "take-a-call"))
