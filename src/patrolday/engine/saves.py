"""Saves as data: a :class:`GameState` to a JSON-ready dict and back, checked against a story.

Pure: no files here (the player's storage module writes them atomically). A save names
scenes, choices and variables only by id, so it survives prose edits; when the story has
changed, every id the save names must still exist, and a missing one is named.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .diagnostics import SaveError
from .expressions import MAX_NUMBER, MAX_STRING, type_of
from .invisible import CONTROL
from .model import Story
from .runtime import GameState, Step

FORMAT = "patrolday-save"
VERSION = 1
MAX_SAVE_BYTES = 5 * 1024 * 1024


def state_to_dict(state: GameState) -> dict[str, Any]:
    return {
        "story_id": state.story_id,
        "part": state.part,
        "scene": state.scene,
        "vars": dict(state.vars),
        "visits": dict(state.visits),
        "chosen": sorted(state.chosen),
        "history": [[s.scene, s.choice] for s in state.history],
        "flow": list(state.flow),
        "seed": state.seed,
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


def _fail(message: str) -> SaveError:
    return SaveError(message)


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _fail(f"{what} is not text")
    return value


def load_state(story: Story, document: bytes | str | Mapping[str, Any]) -> tuple[GameState, list[str]]:
    """Check a save against ``story`` and return its state and notes for the player.

    Raises :class:`SaveError` (never anything else) for a corrupt, foreign or stale save.
    """
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
    if version != VERSION:
        raise _fail(
            f"save format version {version!r} is not supported (this patrolday reads version {VERSION})"
        )
    meta = document.get("story")
    if not isinstance(meta, Mapping):
        raise _fail("the save does not say which story it belongs to")
    sid = meta.get("id")
    if sid != story.id:
        title = meta.get("title") if isinstance(meta.get("title"), str) else sid
        raise _fail(f"this save belongs to another story ({title!r}), not {story.title!r}")
    raw = document.get("state")
    if not isinstance(raw, Mapping):
        raise _fail("the save holds no game state")
    notes: list[str] = []
    missing: list[str] = []
    try:
        scene = _str(raw.get("scene"), "scene")
        part = _str(raw.get("part", story.parts[0].id), "part")
        seed = raw.get("seed", 0)
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise _fail("seed is not a number")
        vars_raw = raw.get("vars", {})
        visits_raw = raw.get("visits", {})
        chosen_raw = raw.get("chosen", [])
        history_raw = raw.get("history", [])
        flow_raw = raw.get("flow", [])
        if not isinstance(vars_raw, Mapping) or not isinstance(visits_raw, Mapping):
            raise _fail("vars/visits are damaged")
        if (
            not isinstance(chosen_raw, list)
            or not isinstance(history_raw, list)
            or not isinstance(flow_raw, list)
        ):
            raise _fail("chosen/history/flow are damaged")
        if scene not in story.scenes:
            missing.append(f"scene '{scene}'")
        if part not in {p.id for p in story.parts}:
            missing.append(f"part '{part}'")
        vars: dict[str, Any] = {}
        declared = {v.name: v for v in story.variables}
        for name, value in vars_raw.items():
            if name not in declared:
                missing.append(f"variable '{name}'")
                continue
            if not isinstance(value, (bool, int, str)) or type_of(value) != declared[name].type:
                raise _fail(f"variable '{name}' has a value of the wrong type")
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
                raise _fail(f"variable '{name}' is out of range")
            bounds = story.bounds.get(name)
            if bounds is not None and isinstance(value, int) and not bounds[0] <= value <= bounds[1]:
                raise _fail(f"meter '{name}' is {value}, outside its range {bounds[0]}..{bounds[1]}")
            if isinstance(value, str) and (len(value) > MAX_STRING or CONTROL.search(value)):
                # What a story prints must stay printable: no escape codes smuggled in by hand.
                raise _fail(f"variable '{name}' holds over-long text or invisible control characters")
            vars[name] = value
        for var in story.variables:
            if var.name not in vars:
                vars[var.name] = var.initial
                notes.append(f"new variable '{var.name}' starts at {var.initial!r}")
        visits: dict[str, int] = {}
        for name, count in visits_raw.items():
            if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_NUMBER:
                raise _fail(f"visit count of '{name}' is damaged")
            if name not in story.scenes:
                missing.append(f"scene '{name}'")
            visits[name] = count
        chosen = set()
        for key in chosen_raw:
            key = _str(key, "a chosen choice")
            if not _choice_exists(story, key):
                missing.append(f"choice '{key}'")
            chosen.add(key)
        history = []
        for item in history_raw:
            if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
                raise _fail("the history is damaged")
            if not _choice_exists(story, f"{item[0]}/{item[1]}"):
                missing.append(f"choice '{item[0]}/{item[1]}'")
            history.append(Step(item[0], item[1]))
        flow = []
        for name in flow_raw:
            name = _str(name, "a scene in the flow")
            if name not in story.scenes:
                missing.append(f"scene '{name}'")
            flow.append(name)
    except SaveError:
        raise
    except Exception as err:  # a hand-edited save can be shaped in ways we did not foresee
        raise _fail(f"the save is damaged ({type(err).__name__})") from None
    if missing:
        unique = list(dict.fromkeys(missing))
        shown = ", ".join(unique[:5]) + (f" and {len(unique) - 5} more" if len(unique) > 5 else "")
        raise _fail(f"this save names parts of the story that no longer exist: {shown}")
    if meta.get("hash") != story.content_hash:
        notes.insert(
            0, "this save was made with an earlier version of this story; every scene it names still exists"
        )
    state = GameState(
        story_id=story.id,
        part=part,
        scene=scene,
        vars=MappingProxyType(vars),
        visits=MappingProxyType(visits),
        chosen=frozenset(chosen),
        history=tuple(history),
        flow=tuple(flow),
        seed=seed,
    )
    return state, notes


def _choice_exists(story: Story, key: str) -> bool:
    sid, _, cid = key.partition("/")
    scene = story.scenes.get(sid)
    return scene is not None and any(c.id == cid for c in scene.choices)
