"""The report as Markdown (``report.md``): the same tables as the HTML, for pasting and printing.

Markdown previewers (editors, wikis, code forges) often let raw HTML through, so no text
reaches the file as markup: ``<``, ``>`` and ``&`` become entities, which every Markdown
shows as the characters themselves, and the characters that make Markdown syntax
(``|`` would break a table row, ``[...]`` would make a link, ``*``/``_`` emphasis) are
escaped with a backslash.
"""

from __future__ import annotations

from collections.abc import Sequence

from patrolday.i18n import _, ngettext

from .log_format import printable
from .report import TAKEN_AND_VOTES, PartSummary, StorySummary, pct, short_time, times

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_SYNTAX = "\\|*_`[]#!~"


def md(text: object) -> str:
    """Text safe as Markdown inline text and inside a table cell: one line, no raw HTML, no syntax."""
    out = []
    for char in printable(text):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _SYNTAX:
            out.append("\\" + char)
        else:
            out.append(char)
    return " ".join("".join(out).split())


def to_markdown(summaries: Sequence[StorySummary], generated_at: str) -> str:
    """The whole report as one Markdown document."""
    out: list[str] = []
    for s in summaries:
        out += ["# " + _("Workshop report: {title}").format(title=md(s.title)), ""]
        modes = ", ".join(f"{md(m)} {n}" for m, n in s.modes)
        out += [
            "- "
            + _("Sessions: {count} ({completed} reached an ending; {workshop} in workshop mode)").format(
                count=s.sessions, completed=s.completed, workshop=s.workshop
            ),
            "- " + _("Modes: {modes}").format(modes=modes),
            "- "
            + _("First session started: {first}; last: {last} (UTC)").format(
                first=md(short_time(s.first)), last=md(short_time(s.last))
            ),
            "- " + _("Report made: {time} (UTC)").format(time=md(short_time(generated_at))),
        ]
        if s.versions > 1:
            out.append(
                "- "
                + _("Note: the story changed between sessions ({count} versions in these logs).").format(
                    count=s.versions
                )
            )
        if not s.labelled:
            out.append("- " + _("Labels are ids: pass `--story STORY` to show the story's own words."))
        if any(d.voted for d in s.decisions):
            out += ["", f"_{md(_(TAKEN_AND_VOTES))}_"]
        if not s.decisions:
            out += ["", _("No decisions were made in these sessions.")]
        for part in s.parts:
            out += _part(part, s.has_parts)
        out += ["## " + _("Meters at the end"), "", _("Over {basis}.").format(basis=md(s.meters_basis)), ""]
        if s.meters:
            names = (_("meter"), _("start"), _("mean"), _("lowest"), _("highest"), _("range"))
            out += ["| " + " | ".join(map(md, names)) + " |", "|---|---:|---:|---:|---:|---:|"]
            for m in s.meters:
                start = "-" if m.start is None else str(m.start)
                out.append(
                    f"| {md(m.label)} | {start} | {m.mean:.1f} | {m.low} | {m.high} | {m.min}-{m.max} |"
                )
        else:
            out.append(_("This story has no meters."))
        out.append("")
    return "\n".join(out)


def _part(part: PartSummary, headed: bool) -> list[str]:
    """One part's decisions (each with its questions) and its endings; without parts, the
    same under plain "Decisions" and "Endings" headings."""
    level = "###" if headed else "##"
    out = [""]
    if headed:
        played = ngettext(
            "{count} session played this part.", "{count} sessions played this part.", part.sessions
        ).format(count=part.sessions)
        out += [f"## {md(part.title)}", "", played, ""]
    out += [f"{level} " + _("Decisions"), ""] if part.decisions else []
    for d in part.decisions:
        made = (
            _("Made {times}; votes counted {voted}.").format(times=times(d.made), voted=times(d.voted))
            if d.voted
            else _("Made {times}.").format(times=times(d.made))
        )
        out += [f"{level}# {md(d.title)}", "", made, ""]
        if d.questions:
            out += [_("Discussion questions:"), ""] + [f"- {md(q)}" for q in d.questions] + [""]
        if d.one_sided_note():
            out += [f"> {md(d.one_sided_note())}", ""]
        names = (_("option"), _("taken"), _("share"), _("votes"), _("tried, then undone"))
        out += ["| " + " | ".join(map(md, names)) + " |", "|---|---:|---:|---:|---:|"]
        for o in d.options:
            votes = str(o.votes) if d.voted else "-"
            out.append(f"| {md(o.label)} | {o.taken} | {pct(o.taken, d.made)} | {votes} | {o.tried} |")
        out.append("")
    title = _("Endings of {part}").format(part=md(part.title)) if headed else _("Endings")
    heads = (_("ending"), _("sessions"), _("share"))
    out += [f"{level} {title}", "", "| " + " | ".join(map(md, heads)) + " |", "|---|---:|---:|"]
    for e in part.endings:
        out.append(f"| {md(e.title)} | {e.count} | {pct(e.count, part.sessions)} |")
    out.append("")
    return out
