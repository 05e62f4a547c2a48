"""Aggregate session logs into a summary: plain frozen data that each report format draws.

After a round, a facilitator wants the room's picture: at each decision, how often each
option was taken (a 92/8 split means an option was an obvious "right answer"); which
endings were reached; where the meters ended. :func:`summarise` computes that, one
:class:`StorySummary` per story in the logs. One module per format draws it:
:mod:`.report_markdown`, :mod:`.report_html`, :mod:`.report_terminal`, and
:mod:`.report_csv` (which lists the steps themselves). Pure: no I/O, no UI imports.

Every string a summary takes from a log passes through
:func:`~patrolday.workshop.log_format.printable` here, on the way in, so no format has to
remember to strip escape codes; each format still escapes for its own syntax (HTML,
Markdown, spreadsheet formulas).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from patrolday.engine import Story
from patrolday.game.labels import choice_label, ending_name, meter_scale, scene_title
from patrolday.i18n import N_, _, ngettext

from .log_format import SessionLogDoc, printable

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
    questions: tuple[str, ...] = ()  # the story's discussion questions (``?`` lines) for it
    part: str | None = None  # the part whose sessions made it (None: a story without parts)

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
        return _(
            "One-sided: “{option}” was taken {share} of the time. "
            "An obvious right answer teaches little: ask the room why, or make the others more tempting."
        ).format(option=top.label, share=pct(top.taken, self.made))


@dataclass(frozen=True, slots=True)
class EndingCount:
    id: str | None  # None: sessions that stopped before any ending
    title: str
    count: int
    part: str | None = None  # the part those sessions played


@dataclass(frozen=True, slots=True)
class PartSummary:
    """One part of the story as the sessions that played it: its decisions and its endings.

    Parts are reported apart because they are different stories for the room (the same
    afternoon from the patrol car, then from the kitchen): an ending's share is out of the
    sessions of its own part, not of the whole round."""

    id: str | None  # None: the story has no parts (or the logs do not say)
    title: str  # "" when there are no parts: the formats then draw no part heading
    sessions: int
    decisions: tuple[DecisionSummary, ...]
    endings: tuple[EndingCount, ...]


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
    parts: tuple[PartSummary, ...] = ()  # the decisions and endings again, part by part

    @property
    def has_parts(self) -> bool:
        """Whether the formats head each part (a story without parts draws none)."""
        return any(p.title for p in self.parts)


def summarise(
    logs: Sequence[SessionLogDoc], stories: Mapping[str, Story] | None = None
) -> list[StorySummary]:
    """One summary per story id in ``logs`` (checked logs, in order of first appearance)."""
    groups: dict[str, list[SessionLogDoc]] = defaultdict(list)
    for log in logs:
        groups[log["story"]["id"]].append(log)
    return [_summarise_story(sid, group, (stories or {}).get(sid)) for sid, group in groups.items()]


def _decision_steps(logs: Sequence[SessionLogDoc]) -> bool:
    return any(s["kind"] == "choice" and s["decision"] for log in logs for s in log["steps"])


def _summarise_story(story_id: str, logs: Sequence[SessionLogDoc], story: Story | None) -> StorySummary:
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

    scene_part: dict[str, str | None] = {}
    for log in logs:
        for step in log["steps"]:
            if step["kind"] != "choice" or (only_decisions and not step["decision"]):
                continue
            scene, choice = step["scene"], step["choice"]
            scene_part.setdefault(scene, log["story"]["part"])
            first_turn[scene] = min(first_turn.get(scene, step["turn"]), step["turn"])
            for option in [*step["offered"], choice]:
                note_option(scene, option)
            if step["undone"]:
                tried[scene, choice] += 1
                continue
            made[scene] += 1
            taken[scene, choice] += 1
            for option in step["offered"]:
                offered[scene, option] += 1
            if step["votes"] is not None:
                voted[scene] += 1
                for option, count in step["votes"].items():
                    votes[scene, option] += count

    decisions = []
    for scene in sorted(first_turn, key=lambda s: (first_turn[s], s)):
        ids = _story_order(story, scene, order[scene])
        options = tuple(
            OptionCount(
                printable(cid),
                printable(choice_label(story, scene, cid)),
                taken[scene, cid],
                offered[scene, cid],
                votes[scene, cid],
                tried[scene, cid],
            )
            for cid in ids
        )
        found = story.scenes.get(scene) if story is not None else None
        part = scene_part.get(scene)
        decisions.append(
            DecisionSummary(
                printable(scene),
                printable(scene_title(story, scene)),
                made[scene],
                voted[scene],
                options,
                tuple(printable(q) for q in found.questions) if found is not None else (),
                printable(part) if part is not None else None,
            )
        )

    endings = _endings(logs, story)
    finished = [log for log in logs if log["ending"]]
    basis_logs = finished or list(logs)
    basis = (
        ngettext(
            "the {count} session that reached an ending",
            "the {count} sessions that reached an ending",
            len(finished),
        ).format(count=len(finished))
        if finished
        else ngettext(
            "the {count} session where it stopped (it reached no ending)",
            "all {count} sessions where they stopped (none reached an ending)",
            len(logs),
        ).format(count=len(logs))
    )
    modes = Counter(log["mode"] for log in logs)
    starts = sorted(log["started_at"] for log in logs)
    return StorySummary(
        story_id=printable(story_id),
        title=printable(story.title if story is not None else story_id),
        labelled=story is not None,
        sessions=len(logs),
        completed=len(finished),
        workshop=sum(1 for log in logs if log["workshop"]),
        modes=tuple((printable(m), n) for m, n in sorted(modes.items())),
        first=printable(starts[0]) if starts else "",
        last=printable(starts[-1]) if starts else "",
        versions=len({log["story"]["content_hash"] for log in logs}),
        decisions=tuple(decisions),
        endings=endings,
        meters=_meters(basis_logs, story),
        meters_basis=basis,
        parts=_parts(logs, story, tuple(decisions)),
    )


def _endings(logs: Sequence[SessionLogDoc], story: Story | None) -> tuple[EndingCount, ...]:
    """Endings reached (most reached first, unfinished last), each with its sessions' part."""
    counts = Counter((log["story"]["part"], log["ending"]) for log in logs)
    return tuple(
        EndingCount(
            printable(eid) if eid else None,
            printable(ending_name(story, eid)) if eid else _("not finished (stopped before an ending)"),
            n,
            printable(part) if part is not None else None,
        )
        for (part, eid), n in sorted(
            counts.items(), key=lambda kv: (kv[0][1] is None, -kv[1], kv[0][1] or "")
        )
    )


def _parts(
    logs: Sequence[SessionLogDoc], story: Story | None, decisions: tuple[DecisionSummary, ...]
) -> tuple[PartSummary, ...]:
    """The decisions and endings part by part, in the story's order of parts (then any part
    the story no longer has, then sessions that name none). One untitled part when the
    story has no parts (the loader gives such a story one part, named after it): the formats
    then draw the report as before, without part headings."""
    sessions = Counter(printable(log["story"]["part"]) if log["story"]["part"] else None for log in logs)
    endings = _endings(logs, story)
    known = [p.id for p in story.parts] if story is not None else []
    ids = list(dict.fromkeys([*(p for p in known if p in sessions), *sessions]))
    if len(known) <= 1 and len(ids) <= 1:  # no parts, or one: nothing to set apart
        return (PartSummary(None, "", len(logs), decisions, endings),)

    def title(part: str | None) -> str:
        if part is None:
            return _("Sessions that name no part")
        if story is not None and part in known:
            return printable(story.part(part).title)
        return _("Part {part}").format(part=part)

    return tuple(
        PartSummary(
            part,
            title(part),
            sessions[part],
            tuple(d for d in decisions if d.part == part),
            tuple(e for e in endings if e.part == part),
        )
        for part in ids
    )


def _story_order(story: Story | None, scene: str, seen: list[str]) -> list[str]:
    """Options in the story's order when known (the order players saw), else first-seen order."""
    if story is None or scene not in story.scenes:
        return list(seen)
    known = [c.id for c in story.scenes[scene].choices if c.id in seen]
    return known + [c for c in seen if c not in known]


def _meters(logs: Sequence[SessionLogDoc], story: Story | None) -> tuple[MeterSummary, ...]:
    names: list[str] = []
    for log in logs:
        for name in log["meters"]:
            if name not in names:
                names.append(name)
    out = []
    for name in names:
        values = [log["meters"][name] for log in logs if name in log["meters"]]
        starts = {log["start"]["meters"].get(name, 0) if log["start"] else 0 for log in logs}
        label, low, high = meter_scale(story, name, min(values), max(values))
        out.append(
            MeterSummary(
                name=printable(name),
                label=printable(label),
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


# -- small formatting shared by every format ---------------------------------------------------


def short_time(stamp: str) -> str:
    """``2026-11-25T00:25:00+00:00`` as ``2026-11-25 00:25`` (all times in logs are UTC)."""
    return stamp.replace("T", " ")[:16] if stamp else "-"


def pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def times(n: int) -> str:
    """``once``, ``twice``, ``3 times``: how a person says it ("made 1 times" reads wrong)."""
    return {1: _("once"), 2: _("twice")}.get(n) or ngettext("{count} time", "{count} times", n).format(
        count=n
    )


TAKEN_AND_VOTES = N_(
    "“taken” counts sessions: each time a group (or a player) made this decision, one option "
    "was taken. “votes” counts people: every vote cast in the room, added up over the sessions "
    "that counted votes."
)
"""Said beside every table that shows both columns: "taken 2" next to "votes 12" is not a typo.
In English here; the formats show it in the interface's language, ``_(TAKEN_AND_VOTES)``."""
