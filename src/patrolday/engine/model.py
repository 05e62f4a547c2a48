"""The immutable story model: what the loader builds and the runtime reads.

Everything here is a frozen dataclass or a tuple, so a loaded :class:`Story` can be
shared freely (between the TUI, the plain player, the checker and tests) and never
changes under anyone. Everything that changes while playing lives in
:class:`patrolday.engine.runtime.GameState` instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from .diagnostics import Diagnostic, Location
from .expressions import Compiled, Value

MAX_CONTINUATIONS = 100
"""Automatic continuations in a row before the runtime calls it a loop (the loader's
checks and the runtime share it; here, so playing never imports the loader)."""

# -- inline text -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interp:
    """``{expr}``: the value of an expression."""

    expr: Compiled


@dataclass(frozen=True, slots=True)
class Cond:
    """``{cond: then | else}``."""

    expr: Compiled
    then: Parts
    otherwise: Parts


@dataclass(frozen=True, slots=True)
class Seq:
    """``{a|b}`` (sequence), ``{&a|b}`` (cycle), ``{!a}`` (once), ``{~a|b}`` (shuffle)."""

    kind: str  # "sequence", "cycle", "once", "shuffle"
    branches: tuple[Parts, ...]


Part = str | Interp | Cond | Seq
Parts = tuple[Part, ...]


class TextBlock(NamedTuple):
    """A paragraph as shown: its stable key (``scene#N``), the scene it came from, the text.

    A NamedTuple like the other views (see runtime.SceneView): built per frame."""

    key: str
    scene: str
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of prose; ``key`` (``scene#N``) is its stable identity for translations."""

    key: str
    parts: Parts
    location: Location
    static: TextBlock | None = None  # the finished block when the paragraph has no {...}: no work per view


# -- structure --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Effect:
    """``name = expr``, ``name += expr`` or ``name -= expr``."""

    var: str
    op: str
    expr: Compiled
    location: Location


@dataclass(frozen=True, slots=True)
class Condition:
    """A guard on a choice. With a ``reason``, failing shows the choice disabled instead of hiding it."""

    expr: Compiled
    reason: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class Choice:
    """Something the player can pick, or (with no label) a fallback taken automatically."""

    id: str
    key: str  # "scene-id/choice-id": what saves and logs store
    label: Parts | None
    target: str
    conditions: tuple[Condition, ...]
    effects: tuple[Effect, ...]
    sticky: bool
    location: Location
    target_location: Location

    @property
    def fallback(self) -> bool:
        return self.label is None


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    location: Location
    title: str | None = None
    ending: str | None = None  # the ending's title; None for other scenes
    tags: frozenset[str] = frozenset()
    summary: str | None = None
    questions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    entry_effects: tuple[Effect, ...] = ()
    choices: tuple[Choice, ...] = ()
    divert: str | None = None
    divert_location: Location | None = None
    has_fallback: bool = False  # any unlabelled choice: only then can the scene flow on by itself
    dynamic_text: bool = False  # any paragraph with {...}: only then does its text depend on the state
    routes: tuple[str, ...] = ()  # the story's routes this decision is on (``# route: short, full``)
    routes_location: Location | None = None  # where the first ``# route:`` line names them

    @property
    def is_ending(self) -> bool:
        return self.ending is not None

    @property
    def is_decision(self) -> bool:
        return "decision" in self.tags


MeterDirection = Literal["up", "down", "neither"]
"""Which way a meter moving is good news (``good = "down"`` for worry): front ends colour by it."""


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    initial: Value
    type: str
    location: Location
    label: str | None = None
    min: int | None = None
    max: int | None = None
    description: str = ""
    good: MeterDirection = "up"  # meters only; "up" for every other variable

    @property
    def is_meter(self) -> bool:
        return self.label is not None


@dataclass(frozen=True, slots=True)
class StoryPart:
    """A part of the story with its own start (e.g. the same day seen from the other side)."""

    id: str
    title: str
    start: str
    unlock_after: tuple[str, ...] | None  # None: always open; ("any",) or ending ids
    location: Location
    meters: tuple[str, ...] | None = None  # meters shown in this part; None: all of them
    carry: tuple[str, ...] = ()  # variables that keep their value from the end of the previous part


@dataclass(frozen=True, slots=True)
class Route:
    """A named way through the story's decisions (say, a 45-minute class).

    A decision scene joins a route with ``# route: NAME``; facilitator mode can pause only
    at the decisions of one route.
    """

    name: str
    title: str
    description: str
    location: Location


@dataclass(frozen=True, slots=True)
class Story:
    """A loaded, checked story. Immutable; built only by :func:`patrolday.engine.load_story`."""

    id: str
    title: str
    start: str
    root: str
    content_hash: str
    authors: tuple[str, ...] = ()
    blurb: str = ""
    content_note: str = ""
    credits: str = ""
    version: str = ""
    language: str = "en"
    variables: tuple[Variable, ...] = ()
    scenes: Mapping[str, Scene] = field(default_factory=dict)
    parts: tuple[StoryPart, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()  # what did not stop loading
    bounds: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # meter ranges
    part_meters: Mapping[str, tuple[Variable, ...]] = field(default_factory=dict)  # shown per part
    routes: tuple[Route, ...] = ()

    @property
    def meters(self) -> tuple[Variable, ...]:
        return tuple(v for v in self.variables if v.is_meter)

    @property
    def endings(self) -> tuple[Scene, ...]:
        return tuple(s for s in self.scenes.values() if s.is_ending)

    def variable(self, name: str) -> Variable:
        for var in self.variables:
            if var.name == name:
                return var
        raise KeyError(name)

    def part(self, part_id: str) -> StoryPart:
        for part in self.parts:
            if part.id == part_id:
                return part
        raise KeyError(part_id)

    def route(self, name: str) -> Route:
        for route in self.routes:
            if route.name == name:
                return route
        raise KeyError(name)
