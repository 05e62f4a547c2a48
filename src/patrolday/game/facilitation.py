"""Facilitator mode's game logic: what-if branches, and heavy scenes summarised.

A facilitator can rewind the room to an earlier decision ("what if we had chosen
otherwise?"), play on, and come back to the path the group really took, votes and all.
That is bookkeeping over a :class:`~.playthrough.Playthrough`, not screen work, so it
lives here and is tested without a screen; facilitator mode's screens only call it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from patrolday.engine import SceneView, Story, TextBlock, journal

from .labels import scene_title
from .playthrough import Event, Playthrough

Votes = Mapping[str, int]


class RewindPoint(NamedTuple):
    """A decision on the current path: the turn to rewind to, its scene's title, the choice made."""

    turn: int
    title: str
    label: str


@dataclass(slots=True)
class WhatIf:
    """The group's path (with each step's votes) and the path a rewind left, to come back to.

    Add it as a listener of the playthrough; it follows starts, steps, undos and loads.
    """

    votes: list[dict[str, int] | None] = field(default_factory=list)  # per turn of the current path
    left: list[tuple[str, dict[str, int] | None]] | None = None  # (choice, votes) of the path left

    def __call__(self, event: Event) -> None:
        if event.kind == "step":
            self.votes.append(dict(event.votes) if event.votes is not None else None)
        elif event.kind == "undo":
            if self.votes:
                self.votes.pop()
        else:  # start, load: a new path
            self.votes = [None] * event.state.turn
            self.left = None

    @property
    def can_come_back(self) -> bool:
        return self.left is not None

    def points(self, story: Story, play: Playthrough) -> list[RewindPoint]:
        """The decisions on the current path, earliest first."""
        out = []
        for turn, entry in enumerate(journal(story, play.state)):
            scene = story.scenes.get(entry.scene)
            if scene is not None and scene.is_decision:
                out.append(RewindPoint(turn, scene_title(story, entry.scene), entry.label))
        return out

    def rewind(self, play: Playthrough, turn: int) -> None:
        """Go back to the decision at ``turn``, remembering the path left (the first time)."""
        if self.left is None:
            votes = self.votes
            steps = enumerate(play.state.history)
            self.left = [(step.choice, votes[i] if i < len(votes) else None) for i, step in steps]
        play.rewind(turn)

    def come_back(self, play: Playthrough) -> bool:
        """Return to the path left by :meth:`rewind`; False if there is none.

        The choices both paths share are kept; the rest of the path left is replayed with
        its votes, so the session log and the debrief show the group's real path again."""
        if self.left is None:
            return False
        saved = self.left
        history = play.state.history
        same = 0
        while same < min(len(history), len(saved)) and history[same].choice == saved[same][0]:
            same += 1
        play.rewind(same)
        for choice, votes in saved[same:]:
            play.choose(choice, votes)
        self.left = None
        return True


SUMMARY_NOTE = "*(Summarised for the group; h shows the full scene.)*"


def summarised(story: Story, view: SceneView) -> SceneView:
    """``view`` with the text of each heavy scene that has a summary replaced by that summary."""
    blocks: list[TextBlock] = []
    done: set[str] = set()
    changed = False
    for block in view.blocks:
        scene = story.scenes.get(block.scene)
        if scene is not None and "heavy" in scene.tags and scene.summary:
            changed = True
            if block.scene not in done:
                done.add(block.scene)
                text = f"{SUMMARY_NOTE} {scene.summary}"
                blocks.append(TextBlock(f"{block.scene}#summary", block.scene, text))
            continue
        blocks.append(block)
    return view._replace(blocks=tuple(blocks)) if changed else view


def pauses_at(story: Story, view: SceneView, route: str | None) -> bool:
    """Whether facilitator mode stops for the room at ``view``: at a decision, and with a
    ``route`` (``--route short``) only at the decisions on that route (``# route: short``)."""
    if "decision" not in view.tags:
        return False
    if route is None:
        return True
    scene = story.scenes.get(view.scene)
    return scene is not None and route in scene.routes


def route_problem(story: Story, route: str | None) -> str:
    """Why ``--route`` cannot be used with ``story`` (with the names it has), or ""."""
    if route is None or any(r.name == route for r in story.routes):
        return ""
    names = [r.name for r in story.routes]
    if not names:
        return f"this story marks no routes, so there is no route '{route}' (play without --route)"
    from difflib import get_close_matches

    close = get_close_matches(route, names, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    listed = ", ".join(f"{r.name} ({r.title})" for r in story.routes)
    return f"no route '{route}' in this story.{hint} Routes: {listed}"
