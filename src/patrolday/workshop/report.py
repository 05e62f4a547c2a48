"""Aggregate session logs into a summary, and write it as Markdown or CSV.

After a round, a facilitator wants the room's picture: at each decision, how often each
option was taken (a 92/8 split means an option was an obvious "right answer"); which
endings were reached; where the meters ended. :func:`summarise` computes that as plain
frozen data, one :class:`StorySummary` per story in the logs; :mod:`.report_html` and
:mod:`.report_terminal` draw it. Pure: no I/O, no UI imports.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from patrolday.engine import Story
from patrolday.game.labels import choice_label, ending_name, meter_scale, scene_title

from .sessions import final_path

Log = Mapping[str, Any]

ONE_SIDED_SHARE = 0.9
"""An option taken this often (or more) at a decision is flagged as an obvious choice."""
ONE_SIDED_MIN_MADE = 5
"""...but only once the decision was made this many times: 3 of 3 says little."""


@dataclass(frozen=True, slots=True)
class OptionCount:
    id: str
    label: str
    taken: int  # times taken on a final path
    offered: int  # times it was on offer when this decision was made
    votes: int  # votes it got, summed over sessions that counted votes
    tried: int  # times taken and then undone ("what if we had...")


@dataclass(frozen=True, slots=True)
class DecisionSummary:
    scene: str
    title: str
    made: int  # times this decision was made on a final path
    voted: int  # of those, how many had votes counted
    options: tuple[OptionCount, ...]

    def share(self, option: OptionCount) -> float:
        return option.taken / self.made if self.made else 0.0

    @property
    def one_sided(self) -> OptionCount | None:
        """The option taken at least :data:`ONE_SIDED_SHARE` of the time, once the decision
        was made :data:`ONE_SIDED_MIN_MADE` times or more (None otherwise).

        Why flag it: workshop practice says a 92/8 split marks an obvious "right answer",
        which teaches little; the facilitator may want to ask the room why, or the author
        to make the other options more tempting.
        """
        if self.made < ONE_SIDED_MIN_MADE or len(self.options) < 2:
            return None
        top = max(self.options, key=lambda o: o.taken)
        return top if self.share(top) >= ONE_SIDED_SHARE else None

    def one_sided_note(self) -> str:
        """The flag in words, for every report format; "" when the split is not one-sided."""
        top = self.one_sided
        if top is None:
            return ""
        return (
            f"One-sided: “{top.label}” was taken {pct(top.taken, self.made)} of the time. "
            "An obvious right answer teaches little: ask the room why, or make the others more tempting."
        )


@dataclass(frozen=True, slots=True)
class EndingCount:
    id: str | None  # None: sessions that stopped before any ending
    title: str
    count: int


@dataclass(frozen=True, slots=True)
class MeterSummary:
    name: str
    label: str
    min: int
    max: int
    count: int
    mean: float
    low: int
    high: int
    start: int | None
    distribution: tuple[tuple[int, int], ...]  # (value, sessions), ascending by value


@dataclass(frozen=True, slots=True)
class StorySummary:
    story_id: str
    title: str
    labelled: bool  # labels come from the story (else ids)
    sessions: int
    completed: int
    workshop: int
    modes: tuple[tuple[str, int], ...]
    first: str
    last: str
    versions: int  # distinct content hashes: >1 means the story changed between sessions
    decisions: tuple[DecisionSummary, ...]
    endings: tuple[EndingCount, ...]
    meters: tuple[MeterSummary, ...]
    meters_basis: str  # which sessions the meter figures cover, in words


def summarise(logs: Sequence[Log], stories: Mapping[str, Story] | None = None) -> list[StorySummary]:
    """One summary per story id in ``logs`` (in order of first appearance)."""
    groups: dict[str, list[Log]] = defaultdict(list)
    for log in logs:
        groups[str(log["story"].get("id", "?"))].append(log)
    return [_summarise_story(sid, group, (stories or {}).get(sid)) for sid, group in groups.items()]


def _decision_steps(logs: Sequence[Log]) -> bool:
    return any(s.get("decision") for log in logs for s in log.get("steps", []) if s.get("kind") == "choice")


def _summarise_story(story_id: str, logs: Sequence[Log], story: Story | None) -> StorySummary:
    only_decisions = _decision_steps(logs)
    made: Counter[str] = Counter()
    voted: Counter[str] = Counter()
    taken: Counter[tuple[str, str]] = Counter()
    offered: Counter[tuple[str, str]] = Counter()
    votes: Counter[tuple[str, str]] = Counter()
    tried: Counter[tuple[str, str]] = Counter()
    first_turn: dict[str, int] = {}
    order: dict[str, list[str]] = defaultdict(list)

    def note_option(scene: str, choice: str) -> None:
        if choice not in order[scene]:
            order[scene].append(choice)

    for log in logs:
        for step in log.get("steps", []):
            if step.get("kind") != "choice" or (only_decisions and not step.get("decision")):
                continue
            scene, choice = str(step["scene"]), str(step["choice"])
            first_turn[scene] = min(first_turn.get(scene, 10**9), int(step.get("turn", 0)))
            for option in [*step.get("offered", []), choice]:
                note_option(scene, str(option))
            if step.get("undone"):
                tried[scene, choice] += 1
                continue
            made[scene] += 1
            taken[scene, choice] += 1
            for option in step.get("offered", []):
                offered[scene, str(option)] += 1
            if step.get("votes") is not None:
                voted[scene] += 1
                for option, count in step["votes"].items():
                    votes[scene, str(option)] += int(count)

    decisions = []
    for scene in sorted(first_turn, key=lambda s: (first_turn[s], s)):
        ids = _story_order(story, scene, order[scene])
        options = tuple(
            OptionCount(
                cid,
                choice_label(story, scene, cid),
                taken[scene, cid],
                offered[scene, cid],
                votes[scene, cid],
                tried[scene, cid],
            )
            for cid in ids
        )
        decisions.append(
            DecisionSummary(scene, scene_title(story, scene), made[scene], voted[scene], options)
        )

    ending_counts = Counter(log.get("ending") for log in logs)
    endings = tuple(
        EndingCount(eid, ending_name(story, eid) if eid else "not finished (stopped before an ending)", n)
        for eid, n in sorted(ending_counts.items(), key=lambda kv: (kv[0] is None, -kv[1], kv[0] or ""))
    )
    finished = [log for log in logs if log.get("ending")]
    basis_logs = finished or list(logs)
    basis = (
        f"the {len(finished)} session{'s' if len(finished) != 1 else ''} that reached an ending"
        if finished
        else f"all {len(logs)} sessions where they stopped (none reached an ending)"
    )
    modes = Counter(str(log.get("mode", "?")) for log in logs)
    starts = sorted(str(log.get("started_at") or "") for log in logs)
    return StorySummary(
        story_id=story_id,
        title=story.title if story is not None else story_id,
        labelled=story is not None,
        sessions=len(logs),
        completed=len(finished),
        workshop=sum(1 for log in logs if log.get("workshop")),
        modes=tuple(sorted(modes.items())),
        first=starts[0] if starts else "",
        last=starts[-1] if starts else "",
        versions=len({log["story"].get("content_hash") for log in logs}),
        decisions=tuple(decisions),
        endings=endings,
        meters=_meters(basis_logs, story),
        meters_basis=basis,
    )


def _story_order(story: Story | None, scene: str, seen: list[str]) -> list[str]:
    """Options in the story's order when known (the order players saw), else first-seen order."""
    if story is None or scene not in story.scenes:
        return list(seen)
    known = [c.id for c in story.scenes[scene].choices if c.id in seen]
    return known + [c for c in seen if c not in known]


def _meters(logs: Sequence[Log], story: Story | None) -> tuple[MeterSummary, ...]:
    names: list[str] = []
    for log in logs:
        for name in log.get("meters") or {}:
            if name not in names:
                names.append(name)
    out = []
    for name in names:
        values = [int(log["meters"][name]) for log in logs if name in (log.get("meters") or {})]
        starts = {int((log.get("start") or {}).get("meters", {}).get(name, 0)) for log in logs}
        label, low, high = meter_scale(story, name, min(values), max(values))
        out.append(
            MeterSummary(
                name=name,
                label=label,
                min=low,
                max=high,
                count=len(values),
                mean=sum(values) / len(values),
                low=min(values),
                high=max(values),
                start=starts.pop() if len(starts) == 1 else None,
                distribution=tuple(sorted(Counter(values).items())),
            )
        )
    return tuple(out)


# -- Markdown ----------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell: no column breaks, no raw HTML tags."""
    for char in "\\|<>*_`[]":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def short_time(stamp: str) -> str:
    """``2026-11-25T00:25:00+00:00`` as ``2026-11-25 00:25`` (all times in logs are UTC)."""
    return stamp.replace("T", " ")[:16] if stamp else "-"


def pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def to_markdown(summaries: Sequence[StorySummary], generated_at: str) -> str:
    out: list[str] = []
    for s in summaries:
        out += [f"# Workshop report: {_md(s.title)}", ""]
        out += [
            f"- Sessions: {s.sessions} ({s.completed} reached an ending; {s.workshop} in workshop mode)",
            "- Modes: " + ", ".join(f"{m} {n}" for m, n in s.modes),
            f"- First session started: {short_time(s.first)}; last: {short_time(s.last)} (UTC)",
            f"- Report made: {short_time(generated_at)} (UTC)",
        ]
        if s.versions > 1:
            out.append(f"- Note: the story changed between sessions ({s.versions} versions in these logs).")
        if not s.labelled:
            out.append("- Labels are ids: pass `--story STORY` to show the story's own words.")
        out += ["", "## Decisions", ""]
        if not s.decisions:
            out.append("No decisions were made in these sessions.")
        for d in s.decisions:
            voted = f"; votes counted {d.voted} time{'s' if d.voted != 1 else ''}" if d.voted else ""
            out += [f"### {_md(d.title)}", "", f"Made {d.made} time{'s' if d.made != 1 else ''}{voted}.", ""]
            if d.one_sided_note():
                out += [f"> {_md(d.one_sided_note())}", ""]
            out += ["| option | taken | share | votes | tried, then undone |", "|---|---:|---:|---:|---:|"]
            for o in d.options:
                votes = str(o.votes) if d.voted else "-"
                out.append(f"| {_md(o.label)} | {o.taken} | {pct(o.taken, d.made)} | {votes} | {o.tried} |")
            out.append("")
        out += ["## Endings", "", "| ending | sessions | share |", "|---|---:|---:|"]
        for e in s.endings:
            out.append(f"| {_md(e.title)} | {e.count} | {pct(e.count, s.sessions)} |")
        out += ["", "## Meters at the end", "", f"Over {s.meters_basis}.", ""]
        if s.meters:
            out += ["| meter | start | mean | lowest | highest | range |", "|---|---:|---:|---:|---:|---:|"]
            for m in s.meters:
                start = "-" if m.start is None else str(m.start)
                out.append(
                    f"| {_md(m.label)} | {start} | {m.mean:.1f} | {m.low} | {m.high} | {m.min}-{m.max} |"
                )
        else:
            out.append("This story has no meters.")
        out.append("")
    return "\n".join(out)


# -- CSV ---------------------------------------------------------------------------------------

CSV_FIELDS = [
    "session_id",
    "story_id",
    "content_hash",
    "mode",
    "workshop",
    "started_at",
    "session_ending",
    "step",
    "kind",
    "turn",
    "scene",
    "decision",
    "choice",
    "choice_label",
    "undone",
    "offered",
    "votes",
    "to",
    "at",
]


def to_csv(logs: Sequence[Log], stories: Mapping[str, Story] | None = None) -> str:
    """One row per step of every session (choices, undos, loads), meters as extra columns."""
    meter_names: list[str] = []
    for log in logs:
        for step in [log.get("start") or {}, *log.get("steps", [])]:
            for name in step.get("meters") or {}:
                if name not in meter_names:
                    meter_names.append(name)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS + [f"meter_{m}" for m in meter_names])
    writer.writeheader()
    for log in logs:
        story = (stories or {}).get(str(log["story"].get("id")))
        for index, step in enumerate(log.get("steps", []), 1):
            kind = step.get("kind")
            votes = step.get("votes")
            row = {
                "session_id": log.get("session_id"),
                "story_id": log["story"].get("id"),
                "content_hash": log["story"].get("content_hash"),
                "mode": log.get("mode"),
                "workshop": "yes" if log.get("workshop") else "no",
                "started_at": log.get("started_at"),
                "session_ending": log.get("ending") or "",
                "step": index,
                "kind": kind,
                "turn": step.get("turn"),
                "scene": step.get("scene", ""),
                "decision": ("yes" if step.get("decision") else "no") if kind == "choice" else "",
                "choice": step.get("choice", ""),
                "choice_label": (
                    choice_label(story, str(step["scene"]), str(step["choice"])) if kind == "choice" else ""
                ),
                "undone": ("yes" if step.get("undone") else "no") if kind == "choice" else "",
                "offered": ";".join(step.get("offered", [])),
                "votes": ";".join(f"{k}={v}" for k, v in votes.items()) if votes else "",
                "to": step.get("to", ""),
                "at": step.get("at", ""),
            }
            for name in meter_names:
                row[f"meter_{name}"] = (step.get("meters") or {}).get(name, "")
            writer.writerow(row)
    return buffer.getvalue()


def final_choices(log: Log) -> list[tuple[str, str]]:
    """(scene, choice) pairs on a log's final path: handy for checks and tests."""
    return [(str(s["scene"]), str(s["choice"])) for s in final_path(log)]
