"""Parts one and two of the bundled story, Patrol Day, checked through the engine.

These are issue 13's promises (the second draft): it loads cleanly and the checker, which
walks every reachable state (part two from its own start and from every set of values part
one can carry into it), finds nothing; the seed's own yard moves always reach the family's
message; each meter is read in at least two places; every decision has a question for the
room; a run of either part reads 1,500-2,500 words on average and meets 5-7 decisions,
and 3-4 on the 45-minute route; no ending is the fallback of more than 35% of a part's
paths. Every path is walked, merged where two paths reach a state the story cannot tell
apart, so the bounds hold for every run, not only for typical ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

import pytest
from story_shared import bundled_check, bundled_story

from patrolday.engine import (
    Cond,
    GameState,
    Interp,
    Parts,
    Scene,
    Seq,
    Step,
    Story,
    choose,
    is_unlocked,
    present,
    replay,
    start,
)
from patrolday.tooling.findings import CheckReport
from patrolday.tooling.states import StateSpace

PARTS = ("patrol", "footage")
FOLDERS = ("/part1/", "/part2/")
PILLARS = ("voice", "respect", "neutrality", "trust")
METERS = (*PILLARS, "calls", "worry")
# The family's message to the department, in the parents' own words (part one, `viral`).
FAMILY_MESSAGE = "Whoever that officer is, you rock."
# The seed's yard: stop, call the boy over, ask for the ball, play, leave on time. What
# Gail is doing is the one thing the report does not say, so the seed's officer waves.
SEED_MOVES = {
    "front-yard": "stop",
    "yard-tessa": "stop",
    "yard-stop": "call-over",
    "call-over": "ask-ball",
    "gail-films": "wave",
    "yard-goodbye": "go-now",
}


def story() -> Story:
    return bundled_story()


def report() -> CheckReport:
    return bundled_check()


def mine() -> list[Scene]:
    """The scenes of parts one and two (part three has its own test)."""
    return [sc for sc in story().scenes.values() if any(f in sc.location.file for f in FOLDERS)]


def _words(parts: Parts) -> int:
    total = 0
    for part in parts:
        if isinstance(part, str):
            total += len(part.split())
        elif isinstance(part, Cond):
            total += _words(part.then) + _words(part.otherwise)
        elif isinstance(part, Seq):
            total += sum(_words(b) for b in part.branches)
    return total


# -- every path, merged on what the story can observe -----------------------------------------


class Paths(NamedTuple):
    """Every playthrough from some state on: paths per ending, total words over all paths,
    and the fewest and most words, decisions and short-route pauses on any one path."""

    per_ending: Counter[str]
    total_words: int
    words: tuple[int, int]
    decisions: tuple[int, int]
    short: tuple[int, int]

    @property
    def count(self) -> int:
        return sum(self.per_ending.values())


@cache
def _memo(part: str) -> tuple[dict[object, Paths], object]:
    """One memo per part, shared by every start of it: a state's key holds every variable
    the rest of the part can read, carried ones included, so equal keys have equal futures."""
    return {}, StateSpace(story()).key


def _walk(part: str, carried: dict[str, object] | None = None) -> Paths:
    s = story()
    memo, key = _memo(part)

    def walk(state: GameState) -> Paths:
        k = key(state)
        if k in memo:
            return memo[k]
        view = present(s, state)
        words = sum(len(b.text.split()) for b in view.blocks)
        if view.is_ending:
            out = Paths(Counter({view.scene: 1}), words, (words, words), (0, 0), (0, 0))
        else:
            decision = int("decision" in view.tags)
            short = int(decision and "short" in s.scenes[view.scene].routes)
            kids = [walk(choose(s, state, c.id)) for c in view.choices if c.enabled]
            assert kids, f"dead end at {view.scene}"
            per: Counter[str] = Counter()
            for kid in kids:
                per.update(kid.per_ending)
            n = sum(per.values())
            out = Paths(
                per,
                sum(k.total_words for k in kids) + words * n,
                (min(k.words[0] for k in kids) + words, max(k.words[1] for k in kids) + words),
                (min(k.decisions[0] for k in kids) + decision, max(k.decisions[1] for k in kids) + decision),
                (min(k.short[0] for k in kids) + short, max(k.short[1] for k in kids) + short),
            )
        memo[k] = out
        return out

    return walk(start(s, part, 0, carried=carried))


@cache
def every_path(part: str) -> Paths:
    return _walk(part)


@cache
def carried_into_part_two() -> tuple[tuple[tuple[str, object], ...], ...]:
    """Every set of values the endings of part one carry into part two."""
    s = story()
    names = s.part("footage").carry
    key = StateSpace(s).key
    seen: set[object] = set()
    out: set[tuple[tuple[str, object], ...]] = set()
    todo = [start(s, "patrol", 0)]
    while todo:
        state = todo.pop()
        k = key(state)
        if k in seen:
            continue
        seen.add(k)
        view = present(s, state)
        if view.is_ending:
            out.add(tuple((n, state.vars[n]) for n in names))
        else:
            todo += [choose(s, state, c.id) for c in view.choices if c.enabled]
    return tuple(sorted(out, key=repr))


# -- the checker --------------------------------------------------------------------------------


def test_loads_without_errors_or_warnings() -> None:
    assert story().warnings == ()


def test_exhaustive_check_has_no_findings_and_full_coverage() -> None:
    """No unreached scene, choice or ending, no dead end, no meter pushed out of range, no
    variable set and never read, and no text that no player can ever be shown."""
    result = report()
    assert result.exhaustive
    assert [f"{f.code}: {f.message} ({f.location})" for f in result.findings] == []
    cov = result.coverage
    assert (cov.scenes, cov.endings, cov.choices) == (cov.scenes_total, cov.endings_total, cov.choices_total)


def test_every_ending_has_a_path_that_replays_to_it() -> None:
    for ending, path in report().ending_paths.items():
        steps = [Step(s.scene, s.choice) for s in path.steps]
        final = replay(story(), steps, path.part, preset=dict(path.carried) or None)[-1]
        assert final.scene == ending


# -- size and shape -------------------------------------------------------------------------------


def test_size_and_shape() -> None:
    scenes = mine()
    endings = [sc for sc in scenes if sc.is_ending]
    words = sum(_words(p.parts) for sc in scenes for p in sc.paragraphs)
    assert len(scenes) >= 70
    assert len(endings) >= 12
    assert 13_000 <= words <= 17_000, words
    assert len({e.ending for e in story().endings}) == len(story().endings), "ending titles are distinct"


@pytest.mark.parametrize("part", PARTS)
def test_every_run_fits_a_workshop(part: str) -> None:
    """Issue 13: a part's run reads 1,500-2,500 words and meets 5-7 decisions. Every run
    from the part's own start (for part two, the canon a facilitator plays), not the mean."""
    paths = every_path(part)
    assert paths.words[0] >= 1_500 and paths.words[1] <= 2_500, paths.words
    assert paths.decisions[0] >= 5 and paths.decisions[1] <= 7, paths.decisions


def test_part_two_fits_a_workshop_whatever_part_one_carried() -> None:
    carried = carried_into_part_two()
    assert len(carried) >= 20, "part one's yard moves reach part two in many forms"
    for values in carried:
        paths = _walk("footage", dict(values))
        assert paths.decisions[0] >= 5 and paths.decisions[1] <= 7, (values, paths.decisions)
        assert paths.short[0] >= 3 and paths.short[1] <= 4, (values, paths.short)
        assert 1_200 <= paths.total_words / paths.count <= 2_500, (values, paths.total_words / paths.count)


@pytest.mark.parametrize("part", PARTS)
def test_no_ending_is_the_fallback_of_more_than_35_percent_of_paths(part: str) -> None:
    paths = every_path(part)
    shares = {e: n / paths.count for e, n in paths.per_ending.items()}
    assert max(shares.values()) <= 0.35, shares
    assert set(shares) == {
        sc.id for sc in mine() if sc.is_ending and (sc.location.file.find(FOLDERS[PARTS.index(part)]) >= 0)
    }


# -- the workshop --------------------------------------------------------------------------------


def test_every_decision_has_a_question_and_route_tags_only_decisions() -> None:
    decisions = [sc for sc in mine() if sc.is_decision]
    assert len(decisions) >= 20
    assert [sc.id for sc in decisions if not sc.questions] == []
    assert [sc.id for sc in mine() if sc.routes and not sc.is_decision] == []


@pytest.mark.parametrize("part", PARTS)
def test_the_short_route_pauses_three_or_four_times_on_every_run(part: str) -> None:
    assert "short" in {r.name for r in story().routes}
    assert every_path(part).short[0] >= 3 and every_path(part).short[1] <= 4


def test_every_ending_has_a_question_for_the_debrief() -> None:
    assert [sc.id for sc in mine() if sc.is_ending and not sc.questions] == []


def test_heavy_scenes_have_summaries_and_the_content_note_names_them() -> None:
    heavy = [sc for sc in mine() if "heavy" in sc.tags]
    assert {sc.id for sc in heavy} >= {"p2-curtis", "park-memory", "p2-comments"}
    assert all(sc.summary for sc in heavy)
    note = story().content_note
    assert "gunpoint" in note and "skippable" in note


# -- the seed ------------------------------------------------------------------------------------


def test_every_route_that_makes_the_seeds_yard_moves_reaches_the_familys_message() -> None:
    """Whatever happened at Cedar Hollow, Azalea Park, on Main Street or with the trainee:
    call the boy over, ask for the ball, play, wave at Gail, leave on time, and the
    family writes. Walks every such path (merged as the checker merges states)."""
    s = story()
    key = StateSpace(s).key
    seen: set[object] = set()
    reached = 0
    todo = [start(s, "patrol", 0)]
    while todo:
        state = todo.pop()
        k = key(state)
        if k in seen:
            continue
        seen.add(k)
        view = present(s, state)
        if view.scene == "viral":
            assert FAMILY_MESSAGE in " ".join(b.text for b in view.blocks)
            reached += 1
            continue
        assert not view.is_ending, f"a seed route ended at {view.scene} before the family wrote"
        options = [c for c in view.choices if c.enabled]
        wanted = SEED_MOVES.get(view.scene)
        if wanted is not None:
            options = [c for c in options if c.id == wanted]
            assert options, f"the seed's move {wanted} is not available at {view.scene}"
        todo += [choose(s, state, c.id) for c in options]
    assert reached >= 100


def test_the_family_message_is_the_same_words_in_every_part() -> None:
    """Part three quotes the note as the department posted it; parts one and two show it."""
    texts = {
        sc.id: " ".join(str(p) for para in sc.paragraphs for p in _strings(para.parts))
        for sc in story().scenes.values()
    }
    holders = {sid for sid, t in texts.items() if FAMILY_MESSAGE in t}
    assert {"viral", "p2-morning", "p3-letter"} <= holders


def _strings(parts: Parts) -> Iterator[str]:
    for part in parts:
        if isinstance(part, str):
            yield part
        elif isinstance(part, Cond):
            yield from _strings(part.then)
            yield from _strings(part.otherwise)
        elif isinstance(part, Seq):
            for branch in part.branches:
                yield from _strings(branch)


# -- meters -------------------------------------------------------------------------------------


def _reads(story: Story) -> dict[str, set[tuple[str, str]]]:
    """For each variable: the (scene, how) places that read it, following assignments, so a
    meter summed up into a derived flag is read wherever the flag is. ``how`` is "gate"
    for a choice's condition (including a router's fallback), "text" for inline text."""
    direct: dict[str, set[tuple[str, str]]] = {}
    feeds: dict[str, set[str]] = {}  # variable -> variables assigned from expressions reading it

    def note(var: str, scene: str, how: str) -> None:
        direct.setdefault(var, set()).add((scene, how))

    def text(parts: Parts, scene: str) -> None:
        for part in parts:
            if isinstance(part, Interp):
                for v in part.expr.variables:
                    note(v, scene, "text")
            elif isinstance(part, Cond):
                for v in part.expr.variables:
                    note(v, scene, "text")
                text(part.then, scene)
                text(part.otherwise, scene)
            elif isinstance(part, Seq):
                for branch in part.branches:
                    text(branch, scene)

    for sc in story.scenes.values():
        for para in sc.paragraphs:
            text(para.parts, sc.id)
        effects = list(sc.entry_effects)
        for choice in sc.choices:
            effects += choice.effects
            for cond in choice.conditions:
                for v in cond.expr.variables:
                    note(v, sc.id, "gate")
            if choice.label:
                text(choice.label, sc.id)
        for effect in effects:
            for v in effect.expr.variables - {effect.var}:
                feeds.setdefault(v, set()).add(effect.var)
    out: dict[str, set[tuple[str, str]]] = {}
    for var in {v.name for v in story.variables}:
        places: set[tuple[str, str]] = set()
        todo, done = [var], set()
        while todo:
            v = todo.pop()
            if v in done:
                continue
            done.add(v)
            places |= direct.get(v, set())
            todo += feeds.get(v, ())
        out[var] = places
    return out


@pytest.mark.parametrize("meter", METERS)
def test_each_meter_is_read_in_two_places_and_gates_something(meter: str) -> None:
    places = _reads(story())[meter]
    assert len({scene for scene, _ in places}) >= 2, places
    assert any(how == "gate" for _, how in places), f"{meter} never opens, closes or routes anything"


def test_worry_is_a_belief_not_a_score() -> None:
    worry = story().variable("worry")
    assert worry.good == "neither"
    assert story().variable("calls").good == "down"


# -- parts and carry-over ---------------------------------------------------------------------


def test_parts_unlock_in_order() -> None:
    s = story()
    assert [p.id for p in s.parts] == ["patrol", "footage", "headline"]
    assert not is_unlocked(s, "footage", set())
    assert is_unlocked(s, "footage", {"end-other-calls"})


def test_part_two_is_the_players_own_yard_or_says_it_is_the_canon() -> None:
    s = story()

    def first_text(carried: dict[str, object] | None) -> tuple[str, str]:
        view = present(s, start(s, "footage", 0, carried=carried))
        return view.scene, " ".join(b.text for b in view.blocks)

    scene, text = first_text(None)
    assert scene == "p2-kitchen" and "doorbell camera saw it in the story it retells" in text
    scene, text = first_text({"yard": "drive"})
    assert "In part one you drove on" in text
    scene, text = first_text({"yard": "walk", "played_catch": True, "gail": "cross", "explained_stop": True})
    assert scene == "p2-kitchen" and "other side of the minutes you played" in text
    assert "Don't worry if you see the camera" in text, "Gail's text from part one arrives in part two"
    scene, _ = first_text({"yard": "knock", "played_catch": True, "mom": "talked", "mom_move": "listen"})
    assert scene == "p2-knock"
    woken = {"yard": "call", "played_catch": True, "gail": "ignore", "mom": "talked", "mom_move": "joke"}
    scene, text = first_text(woken)
    assert scene == "p2-woken" and "arm" in text


def test_manifest_has_content_note_and_credits() -> None:
    s = story()
    assert s.content_note.strip()
    assert "three parts" in s.blurb and "three parts" in s.content_note
    assert "Summerville" in s.credits


# -- continuity across the parts -------------------------------------------------------------

# Part one up to the mother coming out, then her "One," and the officer's answer.
TO_THE_MOTHER = [
    "properly", "listen", "hear-both", "explain", "job", "reports",
    "stop", "call-over", "ask-ball", "ignore", "explain",
]


def _play(part: str, ids: list[str], carried: dict[str, object] | None = None) -> GameState:
    s = story()
    state = start(s, part, 0, carried=carried)
    for i in ids:
        state = choose(s, state, i)
    return state


def _text_until_ending_or(state: GameState, stop_at: str, pick: dict[str, str]) -> str:
    """Play on from ``state`` (the first enabled choice unless ``pick`` names one) and
    return the text of the view at scene ``stop_at``."""
    s = story()
    while True:
        view = present(s, state)
        if view.scene == stop_at:
            return " ".join(b.text for b in view.blocks)
        assert not view.is_ending, f"ended at {view.scene} before {stop_at}"
        enabled = [c.id for c in view.choices if c.enabled]
        state = choose(s, state, pick.get(view.scene, enabled[0]))


def test_the_long_one_is_remembered_only_where_it_was_thrown() -> None:
    """Renee's "One," then the officer's "another day": the letter (part one) and her
    night (part two) must not say she let him throw the long one."""
    s = story()
    pick = {"shift-brandt": "tell"}
    thrown = _text_until_ending_or(_play("patrol", [*TO_THE_MOTHER, "long", "cant"]), "viral", pick)
    assert "I'm glad I let him throw the long one" in thrown
    not_thrown_state = _play("patrol", [*TO_THE_MOTHER, "another-day"])
    not_thrown = _text_until_ending_or(not_thrown_state, "viral", pick)
    assert "I'm the one who came out barefoot" in not_thrown
    assert "long one" not in not_thrown
    assert "long_one" in s.part("footage").carry
    base = {"yard": "call", "played_catch": True, "gail": "ignore", "mom": "talked", "mom_move": "explain"}
    night = " ".join(b.text for b in present(s, start(s, "footage", 0, carried=base)).blocks)
    assert "You let him throw the long one" not in night and "another day" in night
    thrown_night = present(s, start(s, "footage", 0, carried={**base, "long_one": True}))
    assert "You let him throw the long one" in " ".join(b.text for b in thrown_night.blocks)


def test_the_cruiser_reaches_the_curb_at_the_same_minute_whatever_the_officer_does_next() -> None:
    """The doorbell camera's timestamps are one afternoon: the cruiser stops at 3:12:40, the
    knock comes after it, and 17A (nine minutes out at the curb) is reached at 3:20 at the
    earliest, not before the yard."""
    s = story()
    knock = {"yard": "knock", "played_catch": True, "mom": "talked", "mom_move": "explain"}
    knock_view = present(s, start(s, "footage", 0, carried=knock))
    assert "3:13" in knock_view.title
    watched = choose(s, start(s, "footage", 0, carried=knock), "watch")
    footage = _text_until_ending_or(watched, "p2-wes-knock", {})
    assert "3:12:40, a cruiser at the curb" in footage
    to_17a = ["properly", "listen", "hear-both", "explain", "job", "reports", "drive", "queue"]
    drove = _play("patrol", to_17a)
    at_17a = " ".join(b.text for b in present(s, drove).blocks)
    assert "She called at 3:11. It's 3:20 when you pull up." in at_17a


def test_the_letter_is_sent_thursday_night_in_every_part() -> None:
    """Part two sends the family's message at 11:04 on Thursday night; part one's Friday
    must not say it was written that morning."""
    s = story()
    viral = s.scenes["viral"]
    text = " ".join(str(p) for par in viral.paragraphs for p in par.parts)
    assert "Late last night the boy's parents wrote" in text
    assert "This morning the boy's parents wrote" not in text
