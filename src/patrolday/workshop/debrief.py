"""The debrief after a session: the path taken, the roads not taken, the meters, and questions.

Facilitators debrief right after play with What? / So what? / Now what? (Kolb's cycle),
showing the path against the alternatives and how the room split. This module builds
that from a session log and the story, as plain data (:class:`Debrief`) and as printable
plain text (:func:`format_debrief`): no colour, no layout that carries meaning, so it can
be printed, pasted or read by a screen reader. Pure: no I/O, no UI imports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from patrolday.engine import Story, plain_text
from patrolday.engine.model import Parts

from .sessions import final_path

GENERIC_WHAT = "What happened? Retell the path in a few sentences, before anyone judges it."
GENERIC_NOW_WHAT = (
    "What would you do the same way, or differently, on a real street or in a real kitchen tomorrow?",
    "What would make the option you wanted easier to take: time, staffing, training, a neighbour?",
    "Which road not taken would you try next time, and what do you expect it would change?",
)


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: str
    taken: bool
    votes: int | None  # None when no votes were counted at this step


@dataclass(frozen=True, slots=True)
class PathStep:
    """One choice on the final path."""

    turn: int
    scene: str
    title: str
    decision: bool
    choice: str
    label: str
    options: tuple[Option, ...]  # everything offered, the taken one included
    notes: tuple[str, ...]  # the story's facilitator notes for this scene

    @property
    def votes_total(self) -> int | None:
        counted = [o.votes for o in self.options if o.votes is not None]
        return sum(counted) if counted else None

    @property
    def others(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if not o.taken)


@dataclass(frozen=True, slots=True)
class MeterSeries:
    """A meter's value at the start and after each choice on the final path."""

    name: str
    label: str
    min: int
    max: int
    values: tuple[int, ...]

    @property
    def change(self) -> int:
        return self.values[-1] - self.values[0] if self.values else 0


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    source: str = ""  # the scene title it comes from, or "" for a general prompt


@dataclass(frozen=True, slots=True)
class Debrief:
    story_title: str
    session_id: str
    ending: str | None
    ending_title: str | None
    path: tuple[PathStep, ...]
    meters: tuple[MeterSeries, ...]
    detours: int  # choices taken and then undone ("what if we had...")
    what: tuple[Question, ...]
    so_what: tuple[Question, ...]
    now_what: tuple[Question, ...]


# -- labels ------------------------------------------------------------------------------------


def _plain(parts: Parts) -> str:
    """Static text of inline parts, without a game state: conditions show their "then" text,
    sequences their first branch, interpolations are left out."""
    return plain_text(parts)


def choice_label(story: Story | None, scene: str, choice: str) -> str:
    """The label of ``scene/choice`` in the story, or the id when unknown (story changed or absent)."""
    if story is not None and scene in story.scenes:
        for option in story.scenes[scene].choices:
            if option.id == choice and option.label is not None:
                return _plain(option.label) or choice
    return choice


def meter_scale(story: Story | None, name: str, low: int, high: int) -> tuple[str, int, int]:
    """A meter's label and range from the story, or ``name`` and the given range without one
    (a log can be read without its story; its numbers then set the scale)."""
    if story is not None:
        try:
            var = story.variable(name)
        except KeyError:
            return name, low, high
        return var.label or name, var.min or 0, var.max or high
    return name, low, high


def scene_title(story: Story | None, scene: str) -> str:
    if story is not None and scene in story.scenes:
        found = story.scenes[scene]
        return found.ending or found.title or scene
    return scene


# -- building ----------------------------------------------------------------------------------


def build_debrief(log: Mapping[str, Any], story: Story | None = None) -> Debrief:
    """The debrief for one session log; ``story`` (the same story) resolves labels and questions."""
    steps = final_path(log)
    path = tuple(_path_step(story, s) for s in steps)
    meters = _meter_series(log, steps, story)
    ending = log.get("ending")
    ending_title = scene_title(story, ending) if ending else None
    detours = sum(1 for s in log.get("steps", []) if s.get("kind") == "choice" and s.get("undone"))
    title = story.title if story is not None else str(log.get("story", {}).get("id", "?"))
    return Debrief(
        story_title=title,
        session_id=str(log.get("session_id", "")),
        ending=ending,
        ending_title=ending_title,
        path=path,
        meters=meters,
        detours=detours,
        what=_what(path, ending_title, "the group" if log.get("workshop") else "you"),
        so_what=_so_what(story, path, meters),
        now_what=tuple(Question(q) for q in GENERIC_NOW_WHAT),
    )


def _path_step(story: Story | None, step: Mapping[str, Any]) -> PathStep:
    scene = str(step["scene"])
    taken = str(step["choice"])
    votes: Mapping[str, int] | None = step.get("votes")
    offered = list(step.get("offered") or [])
    if taken not in offered:
        offered.append(taken)
    options = tuple(
        Option(
            cid,
            choice_label(story, scene, cid),
            cid == taken,
            (int(votes.get(cid, 0)) if votes is not None else None),
        )
        for cid in offered
    )
    found = story.scenes.get(scene) if story is not None else None
    return PathStep(
        turn=int(step.get("turn", 0)),
        scene=scene,
        title=scene_title(story, scene),
        decision=bool(step.get("decision")),
        choice=taken,
        label=choice_label(story, scene, taken),
        options=options,
        notes=found.notes if found is not None else (),
    )


def _meter_series(
    log: Mapping[str, Any], steps: Sequence[Mapping[str, Any]], story: Story | None
) -> tuple[MeterSeries, ...]:
    start = (log.get("start") or {}).get("meters") or {}
    snapshots: list[Mapping[str, int]] = [start, *[s.get("meters") or {} for s in steps]]
    names = list(start) or list(log.get("meters") or {})
    series = []
    for name in names:
        label, low, high = meter_scale(
            story, name, 0, max((int(s.get(name, 0)) for s in snapshots), default=0)
        )
        values = tuple(int(s.get(name, 0)) for s in snapshots)
        series.append(MeterSeries(name, label, low, high, values))
    return tuple(series)


def _votes_phrase(step: PathStep) -> str:
    total = step.votes_total
    taken = next(o for o in step.options if o.taken)
    if total is None or taken.votes is None:
        return ""
    return f" ({taken.votes} of {total} votes)"


def _what(path: Sequence[PathStep], ending_title: str | None, who: str) -> tuple[Question, ...]:
    out = [Question(GENERIC_WHAT)]
    for step in path:
        if not step.decision:
            continue
        out.append(
            Question(
                f"At {step.title}, {who} chose \u201c{step.label}\u201d{_votes_phrase(step)}. "
                "What else was on the table, and what made this one win?",
                step.title,
            )
        )
    if ending_title:
        out.append(
            Question(f"The story ended with \u201c{ending_title}\u201d. Is that the ending you expected?")
        )
    return tuple(out)


def _so_what(
    story: Story | None, path: Sequence[PathStep], meters: Sequence[MeterSeries]
) -> tuple[Question, ...]:
    out: list[Question] = []
    seen: set[str] = set()
    for step in path:
        if not step.decision or step.scene in seen or story is None or step.scene not in story.scenes:
            continue
        seen.add(step.scene)
        out.extend(Question(q, step.title) for q in story.scenes[step.scene].questions)
    for step in path:
        counted = sorted((o.votes for o in step.options if o.votes is not None), reverse=True)
        if len(counted) >= 2 and counted[0] > 0 and counted[0] - counted[1] <= 1:
            out.append(
                Question(
                    f"The vote at {step.title} was close ({counted[0]} to {counted[1]}). "
                    "What did each side see that the other did not?",
                    step.title,
                )
            )
    moved = [m for m in meters if m.change]
    if moved:
        biggest = max(moved, key=lambda m: abs(m.change))
        direction = "rose" if biggest.change > 0 else "fell"
        out.append(
            Question(
                f"{biggest.label} {direction} from {biggest.values[0]} to {biggest.values[-1]}. "
                "Which choices moved it, and would the people in the story agree?"
            )
        )
    return tuple(out)


# -- plain text --------------------------------------------------------------------------------


def meter_table(meters: Sequence[MeterSeries]) -> list[str]:
    """Meters as a table of numbers: start, then after each choice, then the change."""
    if not meters:
        return []
    width = max(len(m.label) for m in meters)
    steps = len(meters[0].values)
    head = " " * (width + 2) + "start" + "".join(f"{i:>4}" for i in range(1, steps)) + "  change"
    lines = [head]
    for m in meters:
        cells = f"{m.values[0]:>5}" + "".join(f"{v:>4}" for v in m.values[1:])
        lines.append(f"  {m.label:<{width}}{cells}  {m.change:+d}")
    return lines


def meter_chart(meter: MeterSeries, width: int = 20) -> list[str]:
    """One meter over time as rows of ``#`` (scaled to its range), each with its number."""
    span = max(meter.max - meter.min, 1)
    lines = [f"{meter.label} ({meter.min}-{meter.max})"]
    for i, value in enumerate(meter.values):
        filled = round((value - meter.min) / span * width)
        name = "start" if i == 0 else f"after {i}"
        lines.append(f"  {name:<9}|{'#' * filled}{'.' * (width - filled)}| {value}")
    return lines


def format_debrief(debrief: Debrief) -> str:
    """The whole debrief as plain text, for the screen, a printer or a screen reader."""
    out: list[str] = [f"Debrief: {debrief.story_title}", ""]
    if debrief.ending_title:
        out.append(f"Ending reached: {debrief.ending_title}")
    else:
        out.append("No ending was reached in this session.")
    if debrief.detours:
        out.append(f"Choices taken and then taken back (what-ifs): {debrief.detours}")
    out += ["", "THE PATH TAKEN"]
    if not debrief.path:
        out.append("  (no choices were made)")
    for n, step in enumerate(debrief.path, 1):
        marker = "decision" if step.decision else "choice"
        out.append(f"  {n}. {step.title} ({marker}): {step.label}{_votes_phrase(step)}")
        for other in step.others:
            votes = (
                f" - {other.votes} vote{'s' if other.votes != 1 else ''}" if other.votes is not None else ""
            )
            out.append(f"       not taken: {other.label}{votes}")
    if debrief.meters:
        out += ["", "HOW THE METERS MOVED (start, then after each choice)"]
        out += meter_table(debrief.meters)
        for meter in debrief.meters:
            out.append("")
            out += meter_chart(meter)
    for heading, questions in (
        ("WHAT?", debrief.what),
        ("SO WHAT?", debrief.so_what),
        ("NOW WHAT?", debrief.now_what),
    ):
        out += ["", heading]
        for q in questions:
            source = f" [{q.source}]" if q.source else ""
            out.append(f"  - {q.text}{source}")
    notes = [(s.title, note) for s in debrief.path if s.decision for note in s.notes]
    if notes:
        out += ["", "FACILITATOR NOTES"]
        seen = set()
        for title, note in notes:
            if (title, note) not in seen:
                seen.add((title, note))
                out.append(f"  - {title}: {note}")
    return "\n".join(out) + "\n"
