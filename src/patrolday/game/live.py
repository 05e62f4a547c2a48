"""Live preview: the story reloaded while a game is played, the player's place kept.

An author edits a scene with ``patrolday play --watch`` running beside the editor. When a
file of the story is saved, the front end reloads the story and hands it here: the path
played so far is replayed onto the edited story with the rules that let a save survive
edits (same scenes, same choice ids), so the player stays where they were and sees the new
text. Where the path no longer exists, the replay stops at the last point that does and
says what is gone. The scenes whose text changed are named, so the author sees the edit
landed. Nothing here watches files: :mod:`patrolday.game.watching` does that.
"""

from __future__ import annotations

from dataclasses import dataclass

from patrolday.engine import (
    Effect,
    GameState,
    InvalidChoice,
    Item,
    Paragraph,
    PatroldayError,
    Scene,
    Story,
    StoryRuntimeError,
    choose,
    start,
    static_text,
)


@dataclass(frozen=True, slots=True)
class Replayed:
    """The path replayed onto an edited story: the states (for undo), notes, what changed."""

    states: list[GameState]
    notes: tuple[str, ...]
    changed: frozenset[str]  # ids of scenes whose text or options changed (or are new)
    removed: frozenset[str]  # ids of scenes the edit took out


def replay_onto(old: Story, new: Story, state: GameState) -> Replayed:
    """``state``'s path as far as it still goes in ``new``."""
    notes: list[str] = []
    part = state.part if any(p.id == state.part for p in new.parts) else None
    if part is None:
        notes.append(f"The part '{state.part}' is gone: back to the start of the story.")
    origin = state.origin if state.origin in new.scenes else None
    if state.origin and origin is None:
        notes.append(f"The scene '{state.origin}' this game began at is gone: back to the part's start.")
    try:
        states = [start(new, part, state.seed, preset=dict(state.preset) or None, at=origin)]
    except PatroldayError as err:
        states = [start(new, part, state.seed)]
        notes.append(f"This game cannot begin as it did ({err}): back to the part's start.")
    if part is not None and (not state.origin or origin is not None):
        for step in state.history:
            current = states[-1]
            if current.scene != step.scene:
                notes.append(f"The path no longer passes scene '{step.scene}': stopped at '{current.scene}'.")
                break
            try:
                states.append(choose(new, current, step.choice))
            except InvalidChoice:
                notes.append(f"The choice '{step.choice}' in scene '{step.scene}' is gone: stopped there.")
                break
            except StoryRuntimeError as err:
                notes.append(f"Taking '{step.choice}' now fails ({err}): stopped before it.")
                break
    return Replayed(
        states, tuple(notes), changed_scenes(old, new), frozenset(set(old.scenes) - set(new.scenes))
    )


def changed_scenes(old: Story, new: Story) -> frozenset[str]:
    """Scenes of ``new`` whose text, options or way on differ from ``old``'s (or that are new)."""
    return frozenset(
        sid
        for sid, scene in new.scenes.items()
        if sid not in old.scenes or _print(scene) != _print(old.scenes[sid])
    )


def _print(scene: Scene) -> tuple[object, ...]:
    """What an author's edit changes, without where it sits in its file (line numbers move)."""
    return (
        scene.title,
        scene.ending,
        tuple(sorted(scene.tags)),
        scene.summary,
        scene.questions,
        scene.notes,
        tuple(static_text(p.parts, expressions=True) for p in scene.paragraphs),
        tuple(
            (
                c.id,
                static_text(c.label, expressions=True) if c.label else "",
                c.target,
                tuple(x.expr.source for x in c.conditions),
                tuple(e.expr.source for e in c.effects),
            )
            for c in scene.choices
        ),
        tuple(f"{e.var}{e.op}{e.expr.source}" for e in scene.entry_effects),
        scene.divert,
        tuple(_item(i) for i in scene.body),
    )


def _item(item: Item) -> object:
    """A body item's shape in text order: paragraphs by text, effects by source, blocks by
    their conditions and branches (a moved line or a changed condition is an edit)."""
    if isinstance(item, Paragraph):
        return static_text(item.parts, expressions=True)
    if isinstance(item, Effect):
        return f"{item.var}{item.op}{item.expr.source}"
    return tuple(
        (cond.source if cond is not None else None, tuple(_item(i) for i in items))
        for cond, items in item.branches
    )
