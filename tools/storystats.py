"""Walk every path of a part of the bundled story through the engine and count.

For each part and each ending: how many paths reach it (its share), words read per run
(min / mean / max), decisions met per run and short-route pauses per run. Paths are
counted by dynamic programming over the checker's state identity (two states the story
cannot tell apart have the same future), so millions of paths cost one step per state.

    .venv/bin/python tools/storystats.py [PART ...]
"""

from __future__ import annotations

import sys
from typing import NamedTuple

from patrolday.bundled import bundled_story_path
from patrolday.engine import Story, choose, load_story, present, start
from patrolday.tooling.states import StateSpace

sys.setrecursionlimit(10_000)


class Tally(NamedTuple):
    """Over a set of paths: how many, total words, and min/max of words, decisions, route pauses."""

    paths: int
    words: int
    wmin: int
    wmax: int
    dmin: int
    dmax: int
    rmin: int
    rmax: int

    def then(self, words: int, dec: int, rte: int) -> Tally:
        """These paths with one more view (of ``words`` words) in front of them."""
        return Tally(self.paths, self.words + words * self.paths, self.wmin + words, self.wmax + words,
                     self.dmin + dec, self.dmax + dec, self.rmin + rte, self.rmax + rte)

    def merge(self, other: Tally) -> Tally:
        return Tally(self.paths + other.paths, self.words + other.words, min(self.wmin, other.wmin),
                     max(self.wmax, other.wmax), min(self.dmin, other.dmin), max(self.dmax, other.dmax),
                     min(self.rmin, other.rmin), max(self.rmax, other.rmax))


def scene_routes(story: Story, scene_id: str) -> frozenset[str]:
    """The routes a scene joins (``# route: a, b``), read from the model or, before the loader
    knew routes, from the raw tag."""
    scene = story.scenes[scene_id]
    routes = getattr(scene, "routes", None)
    if routes is not None:
        return frozenset(routes)
    out: set[str] = set()
    for tag in scene.tags:
        if tag.startswith("route:"):
            out |= {r.strip() for r in tag[len("route:"):].split(",")}
    return frozenset(out)


def carried_starts(story: Story, part: str) -> list[dict[str, object]]:
    """Every set of values the endings of the part before ``part`` carry into it."""
    names = [p.id for p in story.parts]
    index = names.index(part)
    carry = story.part(part).carry
    if not index or not carry:
        return []
    key = StateSpace(story).key
    seen: set[object] = set()
    out: set[tuple[tuple[str, object], ...]] = set()
    todo = [start(story, names[index - 1], 0)]
    todo += [start(story, names[index - 1], 0, carried=c) for c in carried_starts(story, names[index - 1])]
    while todo:
        state = todo.pop()
        k = key(state)
        if k in seen:
            continue
        seen.add(k)
        view = present(story, state)
        if view.is_ending:
            out.add(tuple((n, state.vars[n]) for n in carry))
            continue
        todo += [choose(story, state, c.id) for c in view.choices if c.enabled]
    return [dict(c) for c in sorted(out, key=repr)]


def tally(story: Story, part: str, route: str = "short", carry: dict | None = None) -> tuple[dict[str, Tally], int]:
    """Per ending, a Tally over every path of ``part``; and the number of distinct states."""
    key = StateSpace(story).key
    memo: dict[object, dict[str, Tally]] = {}

    def walk(state) -> dict[str, Tally]:  # type: ignore[no-untyped-def]
        k = key(state)
        if k in memo:
            return memo[k]
        view = present(story, state)
        words = sum(len(b.text.split()) for b in view.blocks)
        dec = int(view.is_ending is False and "decision" in view.tags)
        rte = int(bool(dec) and route in scene_routes(story, view.scene))
        if view.is_ending:
            out = {view.scene: Tally(1, words, words, words, 0, 0, 0, 0)}
        else:
            out = {}
            for c in view.choices:
                if c.enabled:
                    for ending, t in walk(choose(story, state, c.id)).items():
                        t = t.then(words, dec, rte)
                        out[ending] = out[ending].merge(t) if ending in out else t
            if not out:
                raise RuntimeError(f"dead end at {view.scene}")
        memo[k] = out
        return out

    return walk(start(story, part, 0, carried=carry)), len(memo)


def report(story: Story, part: str, carried: bool = False) -> None:
    if carried:
        for c in carried_starts(story, part):
            ends, _ = tally(story, part, carry=c)
            total = None
            for t in ends.values():
                total = t if total is None else total.merge(t)
            assert total is not None
            what = ", ".join(f"{k}={v}" for k, v in c.items() if v not in ("", False))
            print(f"   carried {what}: words {total.wmin}-{total.wmax} (mean {total.words / total.paths:.0f}), "
                  f"decisions {total.dmin}-{total.dmax}, short {total.rmin}-{total.rmax}, "
                  f"endings {sorted(story.scenes[e].ending for e in ends)}")
        return
    ends, states = tally(story, part)
    total = None
    for t in ends.values():
        total = t if total is None else total.merge(t)
    assert total is not None
    print(f"== part {part}: {total.paths:,} paths, {states:,} states")
    print(f"   all: words {total.wmin}-{total.wmax} (mean {total.words / total.paths:.0f}), "
          f"decisions {total.dmin}-{total.dmax}, short-route pauses {total.rmin}-{total.rmax}")
    for ending, t in sorted(ends.items(), key=lambda kv: -kv[1].paths):
        print(f"   {100 * t.paths / total.paths:5.1f}%  {story.scenes[ending].ending:<26} words {t.wmin}-{t.wmax} "
              f"(mean {t.words / t.paths:.0f}), decisions {t.dmin}-{t.dmax}, short {t.rmin}-{t.rmax}")


if __name__ == "__main__":
    s = load_story(bundled_story_path())
    args = sys.argv[1:]
    carried = "--carried" in args
    for p in [a for a in args if a != "--carried"] or [p.id for p in s.parts]:
        report(s, p, carried)
