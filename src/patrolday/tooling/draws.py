"""random() in the checker: the worlds a view can show, and the outcomes of a step.

The runtime draws random numbers from a stream keyed by the game's seed: a view (present)
peeks at draw number ``draws`` without taking it; a step takes that one and the next ones.
The checker does not follow one seed: it explores every outcome. A state is shown once per
distinct value of the peeked draw (:class:`Peek`, one per "world"), and a step is run once
per combination of the raw numbers it draws (:class:`Script`, fed through ``Trace.draw``),
the peeked draw keeping its world's number. Raw numbers are enumerated modulo the ranges
asked for: raw numbers that agree modulo every range give the same values.
"""

from __future__ import annotations

from patrolday.engine import GameState, roll

MAX_DRAWS = 4_096  # outcomes of random() looked at in one state, or in one step, before giving up


class Peek:
    """A state as shown in one "world" of random numbers: a view's ``random()`` peeks at draw
    number ``draws``, and here that raw number is ``raw`` (the step that follows draws it
    again, with the same raw number). Records the ranges asked, to know how many worlds there
    are: raw numbers that agree modulo every range asked give the same view."""

    __slots__ = ("asked", "chosen", "counters", "draws", "raw", "scene", "seed", "stack", "vars", "visits")

    def __init__(self, state: GameState, raw: int) -> None:
        self.scene, self.vars, self.visits = state.scene, state.vars, state.visits
        self.chosen, self.counters, self.seed = state.chosen, state.counters, state.seed
        self.draws, self.stack = state.draws, state.stack
        self.raw = raw
        self.asked: set[int] = set()

    def random(self, lo: int, hi: int) -> int:
        self.asked.add(hi - lo + 1)
        return roll(self.raw, lo, hi)


class Script:
    """The raw numbers of one run of a step, as ``Trace.draw``: the world's for the draw a view
    peeked at, then the next combination of the others (depth first, an odometer whose wheels
    are the draws in the order they are made, each as wide as its range)."""

    def __init__(self, peeked: int, world: int | None) -> None:
        self.peeked, self.world = peeked, world
        self.wheels: list[list[int]] = []  # [range, raw] of each free draw, in the order made
        self.made = 0

    def __call__(self, index: int, lo: int, hi: int) -> int:
        if self.world is not None and index == self.peeked:
            return self.world
        k = self.made
        self.made += 1
        if k < len(self.wheels):
            return self.wheels[k][1]
        self.wheels.append([hi - lo + 1, 0])
        return 0

    def advance(self) -> bool:
        """On to the next combination; False when every one has been run."""
        wheels = self.wheels
        del wheels[self.made :]
        while wheels and wheels[-1][1] + 1 >= wheels[-1][0]:
            wheels.pop()
        if not wheels:
            return False
        wheels[-1][1] += 1
        return True


class TooManyDraws(Exception):
    """More outcomes of random() than the checker looks at (MAX_DRAWS)."""
