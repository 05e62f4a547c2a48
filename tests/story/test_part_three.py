"""Part three of the bundled story, "The headline", checked through the engine.

Issue 14's promises for the media-literacy module: it loads cleanly, every scene and ending
of the part can be reached, no run strands the player, every decision has a question for
the room, a run reads 1,500-2,500 words and meets 5-7 decisions, the 45-minute route
pauses about four times, and the meters pull against each other so that no ending is
simply good. Every path of the part is walked (about 50,000 of them, merged where two
paths reach the same state), so these bounds hold for every run, not just typical ones.
"""

from __future__ import annotations

import random
from collections import Counter
from functools import cache
from typing import NamedTuple

from story_shared import bundled_check

from patrolday.bundled import bundled_story_path
from patrolday.engine import (
    GameState,
    Scene,
    Step,
    Story,
    choose,
    is_unlocked,
    load_story,
    present,
    replay,
    start,
)

PART = "headline"
PREFIX = "p3-"
METERS = ("reach", "accuracy", "rent", "privacy")
PART_TWO_ENDINGS = {"end-note", "end-both-things", "end-posted", "end-ours", "end-correction", "end-door"}


@cache
def story() -> Story:
    return load_story(bundled_story_path())


def scenes() -> list[Scene]:
    """Part three's scenes: every scene id in it starts with ``p3-``."""
    return [sc for sc in story().scenes.values() if sc.id.startswith(PREFIX)]


class Paths(NamedTuple):
    """Every playthrough from some state on, summarised (a run's own words and decisions
    are added as the walk returns towards the part's start)."""

    per_ending: Counter[str]  # how many paths end there
    words: tuple[int, int]  # fewest and most words read on any path
    decisions: frozenset[int]  # decisions met, over all paths
    short_route: frozenset[int]  # decisions on the short route met, over all paths
    outcomes: frozenset[tuple[str, tuple[int, ...]]]  # (ending, final meters)


def _key(state: GameState) -> tuple[object, ...]:
    return (
        state.scene,
        tuple(sorted(state.vars.items())),
        tuple(sorted(state.visits.items())),
        state.chosen,
        state.flow,
    )


@cache
def every_path() -> Paths:
    """Every playthrough of the part, from its start.

    Depth first over every enabled choice; states met twice are walked once (the state
    holds everything the story can still read, so the rest of the run is the same)."""
    s = story()
    memo: dict[tuple[object, ...], Paths] = {}

    def walk(state: GameState, depth: int) -> Paths:
        key = _key(state)
        if key in memo:
            return memo[key]
        assert depth < 40, f"a run of part three is longer than 40 choices at {state.scene}"
        view = present(s, state)
        words = sum(len(block.text.split()) for block in view.blocks)
        scene = s.scenes[view.scene]
        if view.is_ending:
            meters = tuple(int(state.vars[m]) for m in METERS)
            out = Paths(
                Counter({view.scene: 1}),
                (words, words),
                frozenset({0}),
                frozenset({0}),
                frozenset({(view.scene, meters)}),
            )
        else:
            enabled = [c for c in view.choices if c.enabled]
            assert enabled, f"dead end at {view.scene}"
            d = int(scene.is_decision)
            r = int(scene.is_decision and "short" in scene.routes)
            below = [walk(choose(s, state, option.id), depth + 1) for option in enabled]
            out = Paths(
                sum((p.per_ending for p in below), Counter()),
                (words + min(p.words[0] for p in below), words + max(p.words[1] for p in below)),
                frozenset(d + n for p in below for n in p.decisions),
                frozenset(r + n for p in below for n in p.short_route),
                frozenset().union(*(p.outcomes for p in below)),
            )
        memo[key] = out
        return out

    return walk(start(s, PART, 0), 0)


def test_part_three_is_listed_after_part_two_and_unlocked_by_its_endings() -> None:
    s = story()
    part = s.part(PART)
    assert [p.id for p in s.parts][-1] == PART
    assert part.title == "Part three: The headline"
    assert s.scenes[part.start].id.startswith(PREFIX)
    assert not is_unlocked(s, PART, set())
    for ending in sorted(PART_TWO_ENDINGS & {e.id for e in s.endings}):
        assert is_unlocked(s, PART, {ending}), ending
    part_one = [e.id for e in s.endings if e.id not in PART_TWO_ENDINGS and not e.id.startswith(PREFIX)]
    assert part_one and not any(is_unlocked(s, PART, {e}) for e in part_one), (
        "part one alone does not open it"
    )


def test_every_scene_and_ending_of_part_three_is_reached_with_no_findings() -> None:
    report = bundled_check()
    assert report.exhaustive
    my_vars = [v.name for v in story().variables if v.name.startswith("p3_") or v.name in METERS]
    mine = [
        f
        for f in report.findings
        if "/part3/" in f.location.file or any(f"'{name}'" in f.message for name in my_vars)
    ]
    assert [f"{f.code}: {f.message}" for f in mine] == []
    reached = set(every_path().per_ending)
    assert reached == {e.id for e in story().endings if e.id.startswith(PREFIX)}
    for ending in reached:
        path = report.ending_paths[ending]
        assert path.part == PART
        final = replay(story(), [Step(st.scene, st.choice) for st in path.steps], path.part)[-1]
        assert final.scene == ending


def test_size_and_shape() -> None:
    """At least 18 scenes, at least 3 endings with their own titles, 3,000-5,000 words."""
    mine = scenes()
    endings = [sc for sc in mine if sc.is_ending]
    assert len(mine) >= 18
    assert len(endings) >= 3
    assert len({sc.ending for sc in endings}) == len(endings)
    titles = {e.ending for e in story().endings}
    assert len(titles) == len(story().endings), "ending titles are distinct across the story"
    words = sum(_words(p.parts) for sc in mine for p in sc.paragraphs)
    assert 3_000 <= words <= 5_000, words


def _words(parts: object) -> int:
    """Words in a paragraph with every branch of its inline conditions and sequences counted."""
    total = 0
    for part in parts:  # type: ignore[attr-defined]
        if isinstance(part, str):
            total += len(part.split())
        elif hasattr(part, "then"):
            total += _words(part.then) + _words(part.otherwise)
        elif hasattr(part, "branches"):
            total += sum(_words(branch) for branch in part.branches)
    return total


def test_every_run_reads_1500_to_2500_words_and_meets_5_to_7_decisions() -> None:
    fewest, most = every_path().words
    assert fewest >= 1_500 and most <= 2_500, (fewest, most)
    assert every_path().decisions <= {5, 6, 7}, every_path().decisions


def test_the_short_route_pauses_four_times_on_every_run() -> None:
    assert every_path().short_route == {4}
    assert "short" in {r.name for r in story().routes}


def test_every_decision_has_a_question_for_the_room() -> None:
    decisions = [sc for sc in scenes() if sc.is_decision]
    assert len(decisions) >= 7
    assert [sc.id for sc in decisions if not sc.questions] == []


def test_every_ending_is_reached_by_a_real_share_of_paths() -> None:
    per_ending = every_path().per_ending
    total = sum(per_ending.values())
    assert min(per_ending.values()) / total >= 0.05, per_ending


def test_no_ending_is_simply_good() -> None:
    """The meters pull against each other: no run ends accurate, private and with the rent paid."""
    outcomes = every_path().outcomes
    reach, accuracy, rent, privacy = range(4)
    assert [m for _, m in outcomes if m[accuracy] >= 8 and m[privacy] >= 8 and m[rent] >= 12] == []
    widest = max(m[reach] for _, m in outcomes)
    assert max(m[accuracy] for _, m in outcomes if m[reach] == widest) < 5, "the widest reach is not accurate"
    paid = [m for _, m in outcomes if m[rent] >= 12]
    assert paid and max(m[accuracy] for m in paid) < max(m[accuracy] for _, m in outcomes)
    for ending in every_path().per_ending:
        assert any(m[rent] < 12 for e, m in outcomes if e == ending), f"{ending}: the rent is always paid"


def _after(choices: list[str]) -> GameState:
    state = start(story(), PART, 0)
    for choice in choices:
        state = choose(story(), state, choice)
    return state


def test_one_headline_is_accurate_and_cruel_and_one_is_kind_and_misleading() -> None:
    tested = _after(["first", "neutral", "whole"])

    def kept(headline: str) -> GameState:
        return _after(["first", "neutral", "whole", headline, "winner"])

    asleep, lonely = kept("asleep"), kept("lonely")
    assert (
        asleep.vars["accuracy"] == tested.vars["accuracy"] and asleep.vars["privacy"] < tested.vars["privacy"]
    )
    assert (
        lonely.vars["accuracy"] < tested.vars["accuracy"] and lonely.vars["privacy"] == tested.vars["privacy"]
    )


def test_the_framing_is_seen_from_outside() -> None:
    """The family's kitchen, roll call and the week on Laurel Bend are in every run, and
    what they show depends on the writer's framing."""
    outside = {"p3-kitchen", "p3-rollcall", "p3-laurel"}
    texts = []
    for choices in (
        ["first", "suspense", "fear", "asleep", "winner", "face", "leave", "stand"],
        ["boone", "neutral", "whole", "gap", "winner", "catch", "follow", "down"],
    ):
        state, shown = start(story(), PART, 0), []
        for choice in [*choices, None]:
            shown += present(story(), state).blocks
            if choice is not None:
                state = choose(story(), state, choice)
        assert outside <= {b.scene for b in shown}
        texts.append(" ".join(b.text for b in shown if b.scene in outside))
    cruel, careful = texts
    assert "staff board" in cruel and "staff board" not in careful
    assert "takes a picture" in cruel and "takes a picture" not in careful


def test_values_carried_from_part_two_show_and_never_fail() -> None:
    """Started after part two, ``asked_request`` and ``missed_call`` may arrive true."""
    s = story()
    assert set(s.part(PART).carry) == {"missed_call", "asked_request"}
    base = start(s, PART, 0)
    after_part_two = {"asked_request": True, "missed_call": True, "posted": True}
    carried = start(s, PART, 0, carried=after_part_two)
    assert carried.vars["asked_request"] and carried.vars["missed_call"]
    assert carried.vars["posted"] is False, "only the variables listed in carry come across"
    letter = present(s, choose(s, choose(s, carried, "first"), "neutral"))
    assert any("let families like ours breathe" in b.text for b in letter.blocks)
    plain = present(s, choose(s, choose(s, base, "first"), "neutral"))
    assert not any("let families like ours breathe" in b.text for b in plain.blocks)
    seen_bettina = False
    for seed in range(200):
        rng, state = random.Random(seed), start(s, PART, seed, carried=after_part_two)
        while not present(s, state).is_ending:
            view = present(s, state)
            seen_bettina |= any("Bettina Cruz" in b.text for b in view.blocks)
            state = choose(s, state, rng.choice([c for c in view.choices if c.enabled]).id)
        seen_bettina |= any("Bettina Cruz" in b.text for b in present(s, state).blocks)
    assert seen_bettina


def test_seeded_random_runs_all_end() -> None:
    s = story()
    for seed in range(300):
        rng, state, steps = random.Random(seed), start(s, PART, seed), 0
        while not present(s, state).is_ending:
            enabled = [c for c in present(s, state).choices if c.enabled]
            assert enabled, f"dead end at {state.scene} (seed {seed})"
            state = choose(s, state, rng.choice(enabled).id)
            steps += 1
            assert steps <= 12
