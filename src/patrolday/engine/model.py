"""The immutable story model: what the loader builds and the runtime reads.

Everything here is a frozen dataclass or a tuple, so a loaded :class:`Story` can be
shared freely (between the TUI, the plain player, the checker and tests) and never
changes under anyone. Everything that changes while playing lives in
:class:`patrolday.engine.runtime.GameState` instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal, NamedTuple

from .diagnostics import Diagnostic, Location
from .expressions import Compiled, Value

MAX_CONTINUATIONS = 100
"""Automatic continuations in a row before the runtime calls it a loop (the loader's
checks and the runtime share it; here, so playing never imports the loader)."""

MAX_TUNNEL_DEPTH = 32
"""Tunnels (``-> side -> next``) open at once: deep enough for a side scene inside a side
scene, shallow enough that a story calling itself stops with a clear error."""

RETURN = "->->"
"""The target of ``->->``: go back to the scene on top of the return stack. Never a scene id."""

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


SeqKind = Literal["sequence", "cycle", "once", "shuffle"]


@dataclass(frozen=True, slots=True)
class Seq:
    """``{a|b}`` (sequence), ``{&a|b}`` (cycle), ``{!a}`` (once), ``{~a|b}`` (shuffle).

    ``key`` names this alternative in ``GameState.counters`` (how often it was reached):
    ``scene#N.k`` in paragraph N, ``scene/choice.k`` in a label, k counting the
    alternatives of that text in reading order. The parser leaves it empty (parsed text is
    shared between identical lines); the scene reader numbers each paragraph's own copy.
    """

    kind: SeqKind
    branches: tuple[Parts, ...]
    key: str = ""
    # "*" (inline.TOP) when the alternative is reached exactly once per visit of its scene (at
    # the top of a paragraph shown on every entry): it then counts by that scene's visits, with
    # no counter of its own in the state. "" : it counts for itself, in GameState.counters.
    scene: str = ""


Part = str | Interp | Cond | Seq
Parts = tuple[Part, ...]


class TextBlock(NamedTuple):
    """A paragraph as shown: its stable key (``scene#N``), the scene it came from, the text.

    A NamedTuple like the other views (see runtime.SceneView): built per frame.
    ``heading``: set on the first block of a scene with a title that text flowed into
    (see SceneView.title), so front ends start a headed section there. ``tags``: the
    paragraph's line tags (never part of the text)."""

    key: str
    scene: str
    text: str
    heading: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of prose; ``key`` (``scene#N``) is its stable identity for translations."""

    key: str
    parts: Parts
    location: Location
    static: TextBlock | None = None  # the finished block when the paragraph has no {...}: no work per view
    tags: tuple[str, ...] = ()  # end-of-line `# speaker: mum` tags of its lines, for front ends


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


class ChoiceKind(Enum):
    """What a choice line is: the sigil (``*`` once, ``+`` sticky) and whether it has a label."""

    ONCE = "once"  # * [Label] -> x: gone from this scene once taken
    STICKY = "sticky"  # + [Label] -> x: always offered
    FALLBACK = "fallback"  # * -> x: taken by itself when nothing else is available, once
    STICKY_FALLBACK = "sticky-fallback"  # + -> x: the same, every time

    @property
    def sticky(self) -> bool:
        return self in (ChoiceKind.STICKY, ChoiceKind.STICKY_FALLBACK)

    @property
    def fallback(self) -> bool:
        return self in (ChoiceKind.FALLBACK, ChoiceKind.STICKY_FALLBACK)

    @staticmethod
    def of(sticky: bool, fallback: bool) -> ChoiceKind:
        if fallback:
            return ChoiceKind.STICKY_FALLBACK if sticky else ChoiceKind.FALLBACK
        return ChoiceKind.STICKY if sticky else ChoiceKind.ONCE


@dataclass(frozen=True, slots=True)
class Choice:
    """Something the player can pick, or (a fallback, no label) taken automatically.

    ``target`` is where the story goes (or :data:`RETURN`); ``via`` are tunnel scenes
    (``-> side -> target``) played first, each returning with ``->->``.
    """

    id: str
    key: str  # "scene-id/choice-id": what saves and logs store
    kind: ChoiceKind
    label: Parts | None  # None exactly for the fallback kinds
    target: str
    conditions: tuple[Condition, ...]
    effects: tuple[Effect, ...]
    location: Location
    target_location: Location
    via: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # `# pillar: voice` at the end of the line, for front ends

    @property
    def sticky(self) -> bool:
        return self.kind.sticky

    @property
    def fallback(self) -> bool:
        return self.kind.fallback


class ChoiceView(NamedTuple):
    """An option as shown. ``number`` is 1-based among the shown options. (Defined with
    the model so that a scene whose options never change holds them ready-made: see
    ``Scene.static_choices``.)

    ``tags``: the choice line's tags (``# pillar: voice``), never part of the label.
    ``kind``: what the line is; a fallback appears only as the ``Continue`` option."""

    number: int
    id: str
    key: str
    label: str
    enabled: bool = True
    reason: str = ""
    tags: tuple[str, ...] = ()
    kind: ChoiceKind = ChoiceKind.ONCE


@dataclass(frozen=True, slots=True)
class Block:
    """A conditional block on lines of its own: ``{ cond:`` ... ``- else:`` ... ``}``.

    The first branch whose condition holds (None: ``else``) runs, in text order with the
    rest of the scene: its effects run and its text shows."""

    branches: tuple[tuple[Compiled | None, tuple[Item, ...]], ...]
    location: Location


Item = Paragraph | Effect | Block
"""One step of a scene body in text order (see Scene.body)."""


_STICKY = ChoiceKind.STICKY


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
    divert: str | None = None  # a scene id or RETURN
    divert_location: Location | None = None
    divert_via: tuple[str, ...] = ()  # tunnel scenes of `-> side -> divert`
    has_fallback: bool = False  # any unlabelled choice: only then can the scene flow on by itself
    dynamic_text: bool = False  # any paragraph with {...}: only then does its text depend on the state
    alternatives: bool = False  # any {a|b} in its text or labels: only then are counters touched
    # The body in text order, when order matters (a conditional block, or an effect after text
    # that depends on the state): the runtime then runs it item by item, and `paragraphs` /
    # `entry_effects` are every paragraph / effect line of the scene, for tools. Otherwise ()
    # and the entry effects run before the text.
    body: tuple[Item, ...] = ()
    routes: tuple[str, ...] = ()  # the story's routes this decision is on (``# route: short, full``)
    routes_location: Location | None = None  # where the first ``# route:`` line names them
    # What every view of this scene shows, when that cannot depend on the state: computed
    # from the fields above (so ``dataclasses.replace``, as translation does, recomputes it),
    # never compared. A player sees the same scene many times and a checker many more, and
    # for a scene of plain text and unconditional sticky options the runtime then builds
    # nothing per view. None: the runtime works it out for each state.
    static_blocks: tuple[TextBlock, ...] | None = field(default=None, init=False, compare=False, repr=False)
    static_choices: tuple[ChoiceView, ...] | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Run once per scene per load (10,000 times for a large story): plain loops, no
        # helper calls.
        if not self.body:
            blocks = tuple([p.static for p in self.paragraphs])
            if None not in blocks:
                object.__setattr__(self, "static_blocks", blocks)
        views: list[ChoiceView] = []
        for c in self.choices:
            label = c.label
            if label is None:
                continue  # a fallback: never offered while a sticky option is
            # Shown and enabled in every state, with this label: sticky, unconditional,
            # and a label the loader finished as one plain string.
            if c.kind is not _STICKY or c.conditions or len(label) != 1 or type(label[0]) is not str:
                return
            views.append(ChoiceView(len(views) + 1, c.id, c.key, label[0], True, "", c.tags, c.kind))
        if views:
            object.__setattr__(self, "static_choices", tuple(views))

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
    # The choice keys a step records in GameState.chosen: once-only choices and fallbacks
    # (they hide once taken) and every choice a ``chosen()`` names. Taking any other choice
    # changes nothing the story can read, and recording it would copy a growing set on every
    # step. None (a Story built by hand): every choice.
    remembered: frozenset[str] | None = None

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
