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

from patrolday.engine import Story
from patrolday.game.labels import choice_label, ending_name, meter_scale, scene_title
from patrolday.i18n import N_, _, current_language, ngettext

from .log_format import ChoiceStep, SessionLogDoc, printable
from .sessions import final_path

GENERIC_WHAT = N_("What happened? Retell the path in a few sentences, before anyone judges it.")
GENERIC_NOW_WHAT = (
    N_("What would you do the same way, or differently, on a real street or in a real kitchen tomorrow?"),
    N_("What would make the option you wanted easier to take: time, staffing, training, a neighbour?"),
    N_("Which road not taken would you try next time, and what do you expect it would change?"),
)
"""The debrief's general prompts, in English here; shown in the interface's language (``_``)."""


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: str
    taken: bool
    votes: int | None  # None when no votes were counted at this step


@dataclass(frozen=True, slots=True)
class DebriefStep:
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
    path: tuple[DebriefStep, ...]
    meters: tuple[MeterSeries, ...]
    detours: int  # choices taken and then undone ("what if we had...")
    what: tuple[Question, ...]
    so_what: tuple[Question, ...]
    now_what: tuple[Question, ...]


# -- building ----------------------------------------------------------------------------------


def build_debrief(log: SessionLogDoc, story: Story | None = None) -> Debrief:
    """The debrief for one checked session log (:func:`~patrolday.workshop.sessions.read_log`);
    ``story`` (the same story) resolves labels and questions."""
    steps = final_path(log)
    path = tuple(_path_step(story, s) for s in steps)
    meters = _meter_series(log, steps, story)
    ending = log["ending"]
    ending_title = ending_name(story, ending) if ending else None
    detours = sum(1 for s in log["steps"] if s["kind"] == "choice" and s["undone"])
    title = story.title if story is not None else log["story"]["id"]
    return Debrief(
        story_title=title,
        session_id=log["session_id"],
        ending=ending,
        ending_title=ending_title,
        path=path,
        meters=meters,
        detours=detours,
        what=_what(path, ending_title, bool(log["workshop"])),
        so_what=_so_what(story, path, meters, ending),
        now_what=tuple(Question(_(q)) for q in GENERIC_NOW_WHAT),
    )


def _path_step(story: Story | None, step: ChoiceStep) -> DebriefStep:
    scene = step["scene"]
    taken = step["choice"]
    votes = step["votes"]
    offered = list(step["offered"])
    if taken not in offered:
        offered.append(taken)
    options = tuple(
        Option(
            cid,
            choice_label(story, scene, cid),
            cid == taken,
            (votes.get(cid, 0) if votes is not None else None),
        )
        for cid in offered
    )
    found = story.scenes.get(scene) if story is not None else None
    return DebriefStep(
        turn=step["turn"],
        scene=scene,
        title=scene_title(story, scene),
        decision=step["decision"],
        choice=taken,
        label=choice_label(story, scene, taken),
        options=options,
        notes=found.notes if found is not None else (),
    )


def _meter_series(
    log: SessionLogDoc, steps: Sequence[ChoiceStep], story: Story | None
) -> tuple[MeterSeries, ...]:
    start = log["start"]["meters"] if log["start"] is not None else {}
    snapshots: list[Mapping[str, int]] = [start, *[s["meters"] for s in steps]]
    names = list(start) or list(log["meters"])
    series = []
    for name in names:
        label, low, high = meter_scale(story, name, 0, max((s.get(name, 0) for s in snapshots), default=0))
        values = tuple(s.get(name, 0) for s in snapshots)
        series.append(MeterSeries(name, label, low, high, values))
    return tuple(series)


def _votes_phrase(step: DebriefStep) -> str:
    total = step.votes_total
    taken = next(o for o in step.options if o.taken)
    if total is None or taken.votes is None:
        return ""
    return " " + ngettext("({taken} of {total} vote)", "({taken} of {total} votes)", total).format(
        taken=taken.votes, total=total
    )


def _at(title: str) -> str:
    """ "At Cedar Hollow Road"; a title that is already a place phrase ("At the curb", "On the
    porch", "In the kitchen") is used as it is, never "At At the curb". That test reads English:
    in another language the title is quoted after the translation's own phrase ("En la escena
    “...”"), which never doubles."""
    english = current_language() == "en"
    if english and title.lower().startswith(("at ", "on ", "in ", "by ", "outside ", "inside ")):
        return title[0].upper() + title[1:]
    return _("At {title}").format(title=title)


def _what(path: Sequence[DebriefStep], ending_title: str | None, group: bool) -> tuple[Question, ...]:
    """What happened, step by step. Whole sentences for the group and for one player, not a
    "who" slotted in: in Spanish the verb changes with it ("el grupo escogió", "escogiste")."""
    out = [Question(_(GENERIC_WHAT))]
    for step in path:
        if not step.decision:
            continue
        sentence = (
            _(
                "{at}, the group chose \u201c{label}\u201d{votes}. "
                "What else was on the table, and what made this one win?"
            )
            if group
            else _(
                "{at}, you chose \u201c{label}\u201d{votes}. "
                "What else was on the table, and what made this one win?"
            )
        )
        text = sentence.format(at=_at(step.title), label=step.label, votes=_votes_phrase(step))
        out.append(Question(text, step.title))
    if ending_title:
        out.append(
            Question(
                _("The story ended with \u201c{ending}\u201d. Is that the ending you expected?").format(
                    ending=ending_title
                )
            )
        )
    return tuple(out)


def _so_what(
    story: Story | None,
    path: Sequence[DebriefStep],
    meters: Sequence[MeterSeries],
    ending: str | None = None,
) -> tuple[Question, ...]:
    out: list[Question] = []
    seen: set[str] = set()
    for step in path:
        if not step.decision or step.scene in seen or story is None or step.scene not in story.scenes:
            continue
        seen.add(step.scene)
        out.extend(Question(q, step.title) for q in story.scenes[step.scene].questions)
    if story is not None and ending is not None and ending in story.scenes:
        # An ending's own questions: the room meets no pause there, so they are asked here.
        found = story.scenes[ending]
        out.extend(Question(q, found.ending or found.title or ending) for q in found.questions)
    for step in path:
        counted = sorted((o.votes for o in step.options if o.votes is not None), reverse=True)
        # Close: one vote apart, with votes on both sides (1 to 0 is one person, not a split).
        if len(counted) >= 2 and counted[1] > 0 and counted[0] - counted[1] <= 1:
            out.append(
                Question(
                    _(
                        "The vote at \u201c{title}\u201d was close ({most} to {next}). "
                        "What did each side see that the other did not?"
                    ).format(title=step.title, most=counted[0], next=counted[1]),
                    step.title,
                )
            )
    moved = [m for m in meters if m.change]
    if moved:
        biggest = max(moved, key=lambda m: abs(m.change))
        sentence = (
            _(
                "{meter} rose from {start} to {end}. "
                "Which choices moved it, and would the people in the story agree?"
            )
            if biggest.change > 0
            else _(
                "{meter} fell from {start} to {end}. "
                "Which choices moved it, and would the people in the story agree?"
            )
        )
        values = biggest.values
        out.append(Question(sentence.format(meter=biggest.label, start=values[0], end=values[-1])))
    return tuple(out)


# -- plain text --------------------------------------------------------------------------------


def meter_table(meters: Sequence[MeterSeries]) -> list[str]:
    """Meters as a table of numbers: start, then after each choice, then the change."""
    if not meters:
        return []
    width = max(len(m.label) for m in meters)
    steps = len(meters[0].values)
    start = _("start")
    first = max(len(start), 5)
    head = " " * (width + 2) + f"{start:>{first}}" + "".join(f"{i:>4}" for i in range(1, steps))
    head += "  " + _("change")
    lines = [head]
    for m in meters:
        cells = f"{m.values[0]:>{first}}" + "".join(f"{v:>4}" for v in m.values[1:])
        lines.append(f"  {m.label:<{width}}{cells}  {m.change:+d}")
    return lines


def meter_summary(meters: Sequence[MeterSeries], width: int = 20) -> list[str]:
    """Where each meter ended on its own range: one line per meter, a bar and the numbers.

    One line, not a chart of every step: the table above already gives each value, and a
    projector has no room for a dozen near-identical rows per meter. A value outside the
    range (a hand-edited log, or a story whose range changed) is drawn at the end it passed,
    with its real number beside it; the numbers carry the meaning, the bar only shows it."""
    if not meters:
        return []
    name_width = max(len(m.label) for m in meters)
    ranges = [f"{m.min}-{m.max}" for m in meters]
    range_width = max(len(r) for r in ranges)
    value_width = max((len(str(m.values[-1])) for m in meters if m.values), default=1)
    lines = []
    for meter, scale in zip(meters, ranges, strict=True):
        if not meter.values:
            continue
        span = max(meter.max - meter.min, 1)
        end = meter.values[-1]
        filled = min(max(round((end - meter.min) / span * width), 0), width)
        change = f"{meter.change:+d}" if meter.change else _("no change")
        bar = "#" * filled + "." * (width - filled)
        lines.append(
            f"  {meter.label:<{name_width}}  {scale:<{range_width}}  |{bar}|  "
            f"{end:>{max(value_width, 2)}} "
            + _("(started at {start}, {change})").format(start=meter.values[0], change=change)
        )
    return lines


def format_debrief(debrief: Debrief) -> str:
    """The whole debrief as plain text, for the screen, a printer or a screen reader (with no
    control character in it, whatever the log held)."""
    out: list[str] = [_("Debrief: {title}").format(title=debrief.story_title), ""]
    if debrief.ending_title:
        out.append(_("Ending reached: {ending}").format(ending=debrief.ending_title))
    else:
        out.append(_("No ending was reached in this session."))
    if debrief.detours:
        out.append(_("Choices taken and then taken back (what-ifs): {count}").format(count=debrief.detours))
    out += ["", _("THE PATH TAKEN")]
    if not debrief.path:
        out.append("  " + _("(no choices were made)"))
    for n, step in enumerate(debrief.path, 1):
        marker = _("decision") if step.decision else _("choice")
        out.append(f"  {n}. {step.title} ({marker}): {step.label}{_votes_phrase(step)}")
        for other in step.others:
            votes = (
                " - " + ngettext("{count} vote", "{count} votes", other.votes).format(count=other.votes)
                if other.votes is not None
                else ""
            )
            out.append("       " + _("not taken: {option}").format(option=other.label) + votes)
    if debrief.meters:
        out += ["", _("HOW THE METERS MOVED (start, then after each choice)")]
        out += meter_table(debrief.meters)
        out += ["", _("WHERE THE METERS ENDED (on each meter's range)")]
        out += meter_summary(debrief.meters)
    for heading, questions in (
        (_("WHAT?"), debrief.what),
        (_("SO WHAT?"), debrief.so_what),
        (_("NOW WHAT?"), debrief.now_what),
    ):
        out += ["", heading]
        for q in questions:
            source = f" [{q.source}]" if q.source else ""
            out.append(f"  - {q.text}{source}")
    notes = [(s.title, note) for s in debrief.path if s.decision for note in s.notes]
    if notes:
        out += ["", _("FACILITATOR NOTES")]
        seen = set()
        for title, note in notes:
            if (title, note) not in seen:
                seen.add((title, note))
                out.append(f"  - {title}: {note}")
    return printable("\n".join(out) + "\n")
