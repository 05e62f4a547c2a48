"""The story's figures for a writer or a facilitator: every path of each part, counted.

For each part and each ending: how many paths reach it (its share), words read per run
(min / median / mean / max), decisions met per run, and pauses on the short (45-minute)
route. With ``--carried``, the same for every set of values the part before can carry in.
Paths are counted by dynamic programming over the checker's state identity (two states
the story cannot tell apart have the same future), so millions of paths cost one step per
state. The story tests (test_story_stats.py) run it, so the figures it prints are the
figures the tests hold the story to.

    .venv/bin/python tests/story/story_stats.py [--carried] [PART ...]
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from patrolday.bundled import bundled_story_path
from patrolday.engine import GameState, Story, choose, load_story, present, start
from patrolday.tooling.states import StateSpace


@dataclass(frozen=True)
class Tally:
    """Over a set of paths: how many reach each ending, and how many paths read each word
    count, meet each number of decisions and pause each number of times on the route."""

    endings: Counter[str]
    words: Counter[int] = field(default_factory=Counter)
    decisions: Counter[int] = field(default_factory=Counter)
    pauses: Counter[int] = field(default_factory=Counter)

    @property
    def paths(self) -> int:
        return sum(self.endings.values())

    def then(self, words: int, decision: int, pause: int) -> Tally:
        """These paths with one more view (of ``words`` words) in front of them."""
        return Tally(
            Counter(self.endings),
            Counter({w + words: n for w, n in self.words.items()}),
            Counter({d + decision: n for d, n in self.decisions.items()}),
            Counter({p + pause: n for p, n in self.pauses.items()}),
        )

    def merge(self, other: Tally) -> Tally:
        return Tally(
            self.endings + other.endings,
            self.words + other.words,
            self.decisions + other.decisions,
            self.pauses + other.pauses,
        )


def _median(counts: Counter[int]) -> int:
    half, seen = sum(counts.values()) / 2, 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= half:
            return value
    raise ValueError("no paths")


@dataclass(frozen=True)
class Figures:
    """One part's paths, from one start: per ending, and over all of them."""

    per_ending: dict[str, Tally]
    states: int

    @property
    def total(self) -> Tally:
        out = Tally(Counter())
        for t in self.per_ending.values():
            out = out.merge(t)
        return out

    def words(self) -> tuple[int, int, float, int]:
        """Fewest, median, mean and most words on any one run."""
        w = self.total.words
        return min(w), _median(w), sum(k * n for k, n in w.items()) / w.total(), max(w)

    def share(self) -> dict[str, float]:
        paths = self.total.paths
        return {e: t.paths / paths for e, t in self.per_ending.items()}


def figures(
    story: Story, part: str, carried: dict[str, object] | None = None, route: str = "short"
) -> Figures:
    """Walk every path of ``part`` from its start (with ``carried`` values, if given)."""
    key: Callable[[GameState], Hashable] = StateSpace(story).key
    memo: dict[Hashable, dict[str, Tally]] = {}

    def walk(state: GameState) -> dict[str, Tally]:
        k = key(state)
        if k in memo:
            return memo[k]
        view = present(story, state)
        words = sum(len(b.text.split()) for b in view.blocks)
        if view.is_ending:
            one = Tally(Counter({view.scene: 1}), Counter({words: 1}), Counter({0: 1}), Counter({0: 1}))
            out = {view.scene: one}
        else:
            decision = int("decision" in view.tags)
            pause = int(bool(decision) and route in story.scenes[view.scene].routes)
            out = {}
            for c in view.choices:
                if not c.enabled:
                    continue
                for ending, t in walk(choose(story, state, c.id)).items():
                    t = t.then(words, decision, pause)
                    out[ending] = out[ending].merge(t) if ending in out else t
            if not out:
                raise RuntimeError(f"dead end at {view.scene}")
        memo[k] = out
        return out

    return Figures(walk(start(story, part, 0, carried=carried)), len(memo))


def carried_starts(story: Story, part: str) -> list[dict[str, object]]:
    """Every set of values the endings of the part before ``part`` can carry into it."""
    names = [p.id for p in story.parts]
    index = names.index(part)
    carry = story.part(part).carry
    if not index or not carry:
        return []
    key = StateSpace(story).key
    seen: set[Hashable] = set()
    out: set[tuple[tuple[str, object], ...]] = set()
    before = names[index - 1]
    todo = [start(story, before, 0)]
    todo += [start(story, before, 0, carried=c) for c in carried_starts(story, before)]
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


def _range(c: Counter[int]) -> str:
    return f"{min(c)}-{max(c)}"


def report(story: Story, part: str, carried: bool = False) -> list[str]:
    """The lines ``story_stats.py`` prints for one part."""
    lines: list[str] = []
    if carried:
        for values in carried_starts(story, part):
            f = figures(story, part, values)
            lo, med, mean, hi = f.words()
            what = ", ".join(f"{k}={v}" for k, v in values.items() if v not in ("", False, 0)) or "(nothing)"
            lines.append(f"   carried {what}: words {lo}-{hi} (median {med}, mean {mean:.0f}), "
                         f"decisions {_range(f.total.decisions)}, short {_range(f.total.pauses)}")
        return lines
    f = figures(story, part)
    lo, med, mean, hi = f.words()
    lines.append(f"== part {part}: {f.total.paths:,} paths, {f.states:,} states")
    lines.append(f"   all: words {lo}-{hi} (median {med}, mean {mean:.0f}), decisions "
                 f"{_range(f.total.decisions)}, short-route pauses {_range(f.total.pauses)}")
    for ending, t in sorted(f.per_ending.items(), key=lambda kv: -kv[1].paths):
        title = story.scenes[ending].ending or ending
        lines.append(f"   {100 * t.paths / f.total.paths:5.1f}%  {title:<26} words {_range(t.words)}, "
                     f"decisions {_range(t.decisions)}, short {_range(t.pauses)}")
    return lines


def main(argv: list[str]) -> int:
    story = load_story(bundled_story_path())
    carried = "--carried" in argv
    parts = [a for a in argv if a != "--carried"] or [p.id for p in story.parts]
    for part in parts:
        print("\n".join(report(story, part, carried)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
