"""What the checker reports: findings with a place, paths that lead somewhere, coverage.

Plain frozen dataclasses with ``to_json`` so ``check --json`` and the Rich output read the
same facts, and tests can compare them without parsing text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from patrolday.engine import Location, Value

# Finding codes, in the order the report lists them.
UNREACHED_SCENE = "unreached-scene"
UNAVAILABLE_CHOICE = "unavailable-choice"
DEAD_END = "dead-end"
UNREACHED_ENDING = "unreached-ending"
UNREAD_VARIABLE = "unread-variable"
UNWRITTEN_VARIABLE = "unwritten-variable"
METER_RANGE = "meter-range"
NO_WAY_OUT = "no-way-out"
RUNTIME_ERROR = "runtime-error"
UNSHOWN_TEXT = "unshown-text"
FALLBACK_USED_UP = "fallback-used-up"

CODES = (
    RUNTIME_ERROR,
    UNREACHED_SCENE,
    UNREACHED_ENDING,
    UNAVAILABLE_CHOICE,
    DEAD_END,
    FALLBACK_USED_UP,
    NO_WAY_OUT,
    UNSHOWN_TEXT,
    METER_RANGE,
    UNREAD_VARIABLE,
    UNWRITTEN_VARIABLE,
)


@dataclass(frozen=True, slots=True)
class PathStep:
    """One choice on a path: the scene it was taken in, its id, and its label as shown."""

    scene: str
    choice: str
    label: str

    def to_json(self) -> dict[str, str]:
        return {"scene": self.scene, "choice": self.choice, "label": self.label}


@dataclass(frozen=True, slots=True)
class StoryPath:
    """A playthrough from a part's start: replayable with
    ``engine.replay(story, steps, part, preset=dict(carried))``.

    ``carried``: the values the part began with when it was started after a game of the
    part before (its ``carry`` list), as (name, value) pairs; empty for a part's own start.
    """

    part: str
    steps: tuple[PathStep, ...] = ()
    carried: tuple[tuple[str, Value], ...] = ()

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"part": self.part, "steps": [s.to_json() for s in self.steps]}
        if self.carried:
            out["carried"] = dict(self.carried)
        return out

    def describe(self) -> str:
        """Labels joined by arrows, e.g. ``Promise him -> Let people finish``."""
        carried = ""
        if self.carried:
            values = ", ".join(f"{name} = {_literal(value)}" for name, value in self.carried)
            carried = f"(carried from the part before: {values}) "
        if not self.steps:
            return carried + "(at the start)"
        return carried + " -> ".join(step.label or step.choice for step in self.steps)


def _literal(value: Value) -> str:
    """A value as a story writes it: ``true``, ``3``, ``"knock"``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    return str(value)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the checker found: a warning with a place, a hint, and (often) a path."""

    code: str
    message: str
    location: Location
    hint: str = ""
    path: StoryPath | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "severity": "warning",
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }
        if self.path is not None:
            out["path"] = self.path.to_json()
        return out


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the story the check saw; the denominators are everything the story has."""

    scenes: int
    scenes_total: int
    choices: int
    choices_total: int
    endings: int
    endings_total: int

    def to_json(self) -> dict[str, int]:
        return {
            "scenes": self.scenes,
            "scenes_total": self.scenes_total,
            "choices": self.choices,
            "choices_total": self.choices_total,
            "endings": self.endings,
            "endings_total": self.endings_total,
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The result of :func:`patrolday.tooling.explore.check_story`.

    ``exhaustive`` is True only when every reachable state was explored; otherwise
    ``limit`` says which limit stopped the search (too many states, or too much memory),
    ``runs`` random playthroughs filled in and findings that need the whole state space
    (loops with no way out) were not looked for.
    """

    findings: tuple[Finding, ...]
    coverage: Coverage
    states: int
    seconds: float
    exhaustive: bool
    max_states: int
    runs: int = 0
    seed: int = 0
    ending_paths: dict[str, StoryPath] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    limit: str | None = None  # "states" or "memory": the limit that stopped the search, if one did

    def to_json(self) -> dict[str, object]:
        return {
            "exhaustive": self.exhaustive,
            "states": self.states,
            "max_states": self.max_states,
            "limit": self.limit,
            "random_runs": self.runs,
            "seed": self.seed,
            "seconds": round(self.seconds, 4),
            "coverage": self.coverage.to_json(),
            "endings": {k: v.to_json() for k, v in self.ending_paths.items()},
            "findings": [f.to_json() for f in self.findings],
            "notes": list(self.notes),
        }
