"""Saves as data: a :class:`GameState` to a JSON-ready dict and back, checked against a story.

Pure: no files here (the player's storage module writes them atomically). A save names
scenes, choices and variables only by id, so it survives prose edits; when the story has
changed, every id the save names must still exist, and a missing one is named.

Loading is a row of small checks, one per field, each raising :class:`SaveError` with what
is wrong. Every collection a save holds is bounded by what the story itself can produce
(a flow no longer than the continuation limit, visit counts only of its scenes, counters
only of its alternatives) and each history step costs one set look-up, so no admitted save
makes loading do more than linear work in its size, however it was edited.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .diagnostics import SaveError
from .expressions import MAX_NUMBER, MAX_STRING, Value, type_of
from .inline import iter_parts
from .invisible import CONTROL
from .model import MAX_CONTINUATIONS, MAX_TUNNEL_DEPTH, Seq, Story
from .runtime import GameState, Snapshot, Step

FORMAT = "patrolday-save"
VERSION = 2  # 2: counters, tunnel stack, random draws and the text snapshots of passed scenes
READS = (1, 2)
MAX_SAVE_BYTES = 5 * 1024 * 1024
MAX_FLOW = MAX_CONTINUATIONS + 1  # scenes a state can have passed through: what the runtime allows


# -- writing ----------------------------------------------------------------------------------


def _delta(env: Snapshot | None, state: GameState) -> dict[str, Any] | None:
    """A snapshot of a passed scene as what differs from the final state (usually little)."""
    if env is None:
        return None
    return {
        "vars": {k: v for k, v in env.vars.items() if state.vars.get(k) != v},
        "visits": {
            k: env.visits.get(k, 0)
            for k in {*env.visits, *state.visits}
            if env.visits.get(k, 0) != state.visits.get(k, 0)
        },
        "unchosen": sorted(state.chosen - env.chosen),
        "counters": {
            k: env.counters.get(k, 0)
            for k in {*env.counters, *state.counters}
            if env.counters.get(k, 0) != state.counters.get(k, 0)
        },
        "draws": env.draws,
    }


@contextmanager
def _bulk() -> Iterator[None]:
    """The cyclic garbage collector paused while a save's many small containers are built.

    A long game's save holds one small list per step (100,000+ under the size cap), and
    each allocation counts toward a collection that walks every live object: reading such a
    save took 1.2 s with the collector and 0.4 s without. These containers form no cycles,
    so nothing is left for the collector to find afterwards; it is resumed as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def state_to_dict(state: GameState) -> dict[str, Any]:
    with _bulk():
        return _state_to_dict(state)


def _state_to_dict(state: GameState) -> dict[str, Any]:
    return {
        "story_id": state.story_id,
        "part": state.part,
        "scene": state.scene,
        "vars": dict(state.vars),
        "visits": dict(state.visits),
        "chosen": sorted(state.chosen),
        "history": [list(step) for step in state.history],
        "flow": list(state.flow),
        "seed": state.seed,
        "counters": dict(state.counters),
        "stack": list(state.stack),
        "draws": state.draws,
        "preset": dict(state.preset),
        "origin": state.origin,
        # What the text of passed scenes (and of a scene whose body runs in text order)
        # saw, so a loaded game shows the same words as before the save.
        "flow_envs": [_delta(env, state) for env in state.flow_envs],
        "entry": _delta(state.entry, state),
    }


def save_document(story: Story, state: GameState, label: str = "", saved_at: str = "") -> dict[str, Any]:
    """The JSON document of a save: format, version, the story's identity, and the state."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "story": {"id": story.id, "title": story.title, "hash": story.content_hash},
        "label": label,
        "saved_at": saved_at,
        "state": state_to_dict(state),
    }


# -- reading: the document --------------------------------------------------------------------


def _fail(message: str) -> SaveError:
    return SaveError(message)


def load_state(story: Story, document: bytes | str | Mapping[str, Any]) -> tuple[GameState, list[str]]:
    """Check a save against ``story`` and return its state and notes for the player.

    Raises :class:`SaveError` (never anything else) for a corrupt, foreign or stale save.
    """
    with _bulk():
        return _load_state(story, document)


def _load_state(story: Story, document: bytes | str | Mapping[str, Any]) -> tuple[GameState, list[str]]:
    doc = _document(document)
    meta = _story_meta(story, doc)
    raw = doc.get("state")
    if not isinstance(raw, Mapping):
        raise _fail("the save holds no game state")
    reader = _Reader(story)
    state = reader.state(raw)
    if reader.missing:
        unique = list(dict.fromkeys(reader.missing))
        shown = ", ".join(unique[:5]) + (f" and {len(unique) - 5} more" if len(unique) > 5 else "")
        raise _fail(f"this save names parts of the story that no longer exist: {shown}")
    notes = reader.notes
    if meta.get("hash") != story.content_hash:
        notes.insert(
            0, "this save was made with an earlier version of this story; every scene it names still exists"
        )
    return state, notes


def _document(document: bytes | str | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(document, (bytes, str)):
        if len(document) > MAX_SAVE_BYTES:
            raise _fail("the file is too large to be a patrolday save")
        try:
            document = json.loads(document)
        except (ValueError, RecursionError):
            raise _fail(
                "the file is not a patrolday save (it is not valid JSON; it may be truncated)"
            ) from None
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        raise _fail("the file is not a patrolday save")
    version = document.get("version")
    if version not in READS or isinstance(version, bool):
        raise _fail(
            f"save format version {version!r} is not supported (this patrolday reads version {VERSION})"
        )
    return document


def _story_meta(story: Story, doc: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = doc.get("story")
    if not isinstance(meta, Mapping):
        raise _fail("the save does not say which story it belongs to")
    sid = meta.get("id")
    if sid != story.id:
        title = meta.get("title") if isinstance(meta.get("title"), str) else sid
        raise _fail(f"this save belongs to another story ({title!r}), not {story.title!r}")
    return meta


# -- reading: the state, one field at a time --------------------------------------------------


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise _fail(f"{what} is not text")
    return value


def _count(value: object, what: str, most: int = MAX_NUMBER) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= most:
        raise _fail(f"{what} is damaged")
    return value


def _mapping(raw: Mapping[str, Any], name: str, most: int) -> Mapping[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, Mapping):
        raise _fail(f"{name} is damaged")
    if len(value) > most:
        raise _fail(f"{name} names more than this story has ({len(value):,} > {most:,})")
    return value


def _list(raw: Mapping[str, Any], name: str, most: int) -> list[Any]:
    value = raw.get(name, [])
    if not isinstance(value, list):
        raise _fail(f"{name} is damaged")
    if len(value) > most:
        raise _fail(f"{name} is longer than this story can make it ({len(value):,} > {most:,})")
    return value


def _alternatives(story: Story) -> frozenset[str]:
    """Every alternative key of the story (what ``counters`` may name)."""
    keys: set[str] = set()
    for scene in story.scenes.values():
        if scene.alternatives:
            texts = [p.parts for p in scene.paragraphs] + [c.label for c in scene.choices if c.label]
            for parts in texts:
                keys.update(p.key for p in iter_parts(parts) if isinstance(p, Seq))
    return frozenset(keys)


@dataclass(slots=True)
class _Reader:
    """Reads one saved state against ``story``: what is damaged raises at once; ids the story
    no longer has are collected in ``missing`` (all named together); ``notes`` tell the player
    what was filled in."""

    story: Story
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    choice_keys: frozenset[str] = frozenset()
    alternative_keys: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.choice_keys = frozenset(c.key for s in self.story.scenes.values() for c in s.choices)
        self.alternative_keys = _alternatives(self.story)

    def state(self, raw: Mapping[str, Any]) -> GameState:
        story = self.story
        scene = self.scene(_text(raw.get("scene"), "scene"))
        part = _text(raw.get("part", story.parts[0].id), "part")
        if part not in {p.id for p in story.parts}:
            self.missing.append(f"part '{part}'")
        seed = raw.get("seed", 0)
        if not isinstance(seed, int) or isinstance(seed, bool) or abs(seed) > 2**63:
            raise _fail("seed is not a number")
        vars = self.vars(_mapping(raw, "vars", len(story.variables)), fill=True)
        visits = self.visits(_mapping(raw, "visits", len(story.scenes)))
        chosen = frozenset(self.chosen(_list(raw, "chosen", len(self.choice_keys))))
        history = self.history(_list(raw, "history", MAX_SAVE_BYTES))  # a game's history has no cap
        flow = tuple(self.scene(_text(n, "a scene in the flow")) for n in _list(raw, "flow", MAX_FLOW))
        counters = self.counters(_mapping(raw, "counters", len(self.alternative_keys)))
        stack = tuple(self.scene(_text(n, "a tunnel return")) for n in _list(raw, "stack", MAX_TUNNEL_DEPTH))
        draws = _count(raw.get("draws", 0), "the count of random draws")
        preset = self.vars(_mapping(raw, "preset", len(story.variables)), fill=False)
        origin = raw.get("origin", "")
        origin = self.scene(_text(origin, "the scene the game began at")) if origin else ""
        state = GameState(
            story_id=story.id,
            part=part,
            scene=scene,
            vars=MappingProxyType(vars),
            visits=MappingProxyType(visits),
            chosen=chosen,
            history=history,
            flow=flow,
            seed=seed,
            counters=MappingProxyType(counters),
            stack=stack,
            draws=draws,
            preset=MappingProxyType(preset),
            origin=origin,
        )
        envs = _list(raw, "flow_envs", len(flow))
        return GameState(
            **{f: getattr(state, f) for f in state.__dataclass_fields__ if f not in ("flow_envs", "entry")},
            flow_envs=tuple(self.snapshot(e, state) for e in envs),
            entry=self.snapshot(raw.get("entry"), state),
        )

    def scene(self, name: str) -> str:
        if name not in self.story.scenes:
            self.missing.append(f"scene '{name}'")
        return name

    def vars(self, raw: Mapping[str, Any], fill: bool) -> dict[str, Value]:
        declared = {v.name: v for v in self.story.variables}
        out: dict[str, Value] = {}
        for name, value in raw.items():
            var = declared.get(name)
            if var is None:
                self.missing.append(f"variable '{name}'")
                continue
            out[name] = self.value(var.name, var.type, value)
        if fill:
            for var in self.story.variables:
                if var.name not in out:
                    out[var.name] = var.initial
                    self.notes.append(f"new variable '{var.name}' starts at {var.initial!r}")
        return out

    def value(self, name: str, type_name: str, value: object) -> Value:
        if not isinstance(value, (bool, int, str)) or type_of(value) != type_name:
            raise _fail(f"variable '{name}' has a value of the wrong type")
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise _fail(f"variable '{name}' is out of range")
        bounds = self.story.bounds.get(name)
        if bounds is not None and isinstance(value, int) and not bounds[0] <= value <= bounds[1]:
            raise _fail(f"meter '{name}' is {value}, outside its range {bounds[0]}..{bounds[1]}")
        if isinstance(value, str) and (len(value) > MAX_STRING or CONTROL.search(value)):
            # What a story prints must stay printable: no escape codes smuggled in by hand.
            raise _fail(f"variable '{name}' holds over-long text or invisible control characters")
        return value

    def visits(self, raw: Mapping[str, Any]) -> dict[str, int]:
        out: dict[str, int] = {}
        for name, count in raw.items():
            out[self.scene(name)] = _count(count, f"visit count of '{name}'")
        return out

    def chosen(self, raw: list[Any]) -> list[str]:
        keys = [_text(key, "a chosen choice") for key in raw]
        self.missing.extend(f"choice '{k}'" for k in keys if k not in self.choice_keys)
        return keys

    def history(self, raw: list[Any]) -> tuple[Step, ...]:
        # One pass, no helper calls per step: a history may hold 100,000+ steps under the
        # size cap, and a game reads it back on every load (the fuzz campaign's 5 s budget).
        steps = []
        keys, missing = self.choice_keys, self.missing
        for item in raw:
            if not isinstance(item, list) or len(item) != 2:
                raise _fail("the history is damaged")
            scene, choice = item
            if not isinstance(scene, str) or not isinstance(choice, str):
                raise _fail("the history is damaged")
            key = scene + "/" + choice
            if key not in keys:
                missing.append(f"choice '{key}'")
            steps.append(Step(scene, choice))
        return tuple(steps)

    def counters(self, raw: Mapping[str, Any]) -> dict[str, int]:
        """Counters of alternatives the story still has (an edited paragraph's restart)."""
        known = self.alternative_keys
        return {k: _count(v, f"the counter of '{k}'") for k, v in raw.items() if k in known}

    def snapshot(self, raw: object, state: GameState) -> Snapshot | None:
        """A passed scene's snapshot, saved as what differed from the final state."""
        if raw is None:
            return None
        if not isinstance(raw, Mapping):
            raise _fail("the text snapshots are damaged")
        vars = {**state.vars, **self.vars(_mapping(raw, "vars", len(self.story.variables)), fill=False)}
        visits = {**state.visits, **self.visits(_mapping(raw, "visits", len(self.story.scenes)))}
        unchosen = set(self.chosen(_list(raw, "unchosen", len(state.chosen))))
        if not unchosen <= state.chosen:
            raise _fail("the text snapshots are damaged")
        counters = {
            **state.counters,
            **self.counters(_mapping(raw, "counters", len(self.alternative_keys))),
        }
        draws = _count(raw.get("draws", state.draws), "the count of random draws", state.draws)
        return Snapshot(
            MappingProxyType(vars),
            MappingProxyType({k: v for k, v in visits.items() if v}),
            state.chosen - unchosen,
            MappingProxyType({k: v for k, v in counters.items() if v}),
            state.seed,
            draws,
        )
