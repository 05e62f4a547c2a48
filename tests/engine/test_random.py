"""The engine's random numbers: reproducible from the seed, counted in the state, peeked
(never drawn) by a view, and replaceable by the checker (Trace.draw)."""

from __future__ import annotations

import pytest

from patrolday.engine import EvaluationError, GameState, Snapshot, roll


def snapshot(seed: int, draws: int = 0) -> Snapshot:
    return Snapshot({}, {}, frozenset(), {}, seed, draws)


def test_draws_are_reproducible_from_the_seed_and_advance_the_count() -> None:
    a, b = snapshot(7), snapshot(7)
    rolls = [a.random(1, 6) for _ in range(50)]
    assert rolls == [b.random(1, 6) for _ in range(50)]
    assert a.draws == 50
    assert set(rolls) == {1, 2, 3, 4, 5, 6}
    assert rolls != [snapshot(8).random(1, 6) for _ in range(50)]


def test_a_state_peeks_at_the_next_draw_without_taking_it() -> None:
    state = GameState("s", "main", "x", {}, seed=7, draws=3)
    assert state.random(1, 100) == state.random(1, 100) == snapshot(7, 3).random(1, 100)
    assert state.draws == 3


def test_the_checker_can_supply_the_raw_numbers() -> None:
    env = snapshot(7, draws=2)
    asked = []
    env.draw = lambda index, lo, hi: asked.append((index, lo, hi)) or index * 10  # raw for draws 2, 3
    assert [env.random(0, 100), env.random(0, 100)] == [20, 30]
    assert asked == [(2, 0, 100), (3, 0, 100)]  # the checker learns each draw's range
    assert roll(25, 1, 6) == 1 + 25 % 6


def test_a_range_upside_down_or_too_wide_is_an_evaluation_error() -> None:
    with pytest.raises(EvaluationError):
        roll(1, 5, 1)
    with pytest.raises(EvaluationError):
        roll(1, -(10**12), 10**12)
