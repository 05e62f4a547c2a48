"""The report as Markdown (``report.md``): the same tables as the HTML, for pasting and printing.

Markdown previewers (editors, wikis, code forges) often let raw HTML through, so no text
reaches the file as markup: ``<``, ``>`` and ``&`` become entities, which every Markdown
shows as the characters themselves, and the characters that make Markdown syntax
(``|`` would break a table row, ``[...]`` would make a link, ``*``/``_`` emphasis) are
escaped with a backslash.
"""

from __future__ import annotations

from collections.abc import Sequence

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
        out += [f"# Workshop report: {md(s.title)}", ""]
        out += [
            f"- Sessions: {s.sessions} ({s.completed} reached an ending; {s.workshop} in workshop mode)",
            "- Modes: " + ", ".join(f"{md(m)} {n}" for m, n in s.modes),
            f"- First session started: {md(short_time(s.first))}; last: {md(short_time(s.last))} (UTC)",
            f"- Report made: {md(short_time(generated_at))} (UTC)",
        ]
        if s.versions > 1:
            out.append(f"- Note: the story changed between sessions ({s.versions} versions in these logs).")
        if not s.labelled:
            out.append("- Labels are ids: pass `--story STORY` to show the story's own words.")
        if any(d.voted for d in s.decisions):
            out += ["", f"_{md(TAKEN_AND_VOTES)}_"]
        if not s.decisions:
            out += ["", "No decisions were made in these sessions."]
        for part in s.parts:
            out += _part(part, s.has_parts)
        out += ["## Meters at the end", "", f"Over {md(s.meters_basis)}.", ""]
        if s.meters:
            out += ["| meter | start | mean | lowest | highest | range |", "|---|---:|---:|---:|---:|---:|"]
            for m in s.meters:
                start = "-" if m.start is None else str(m.start)
                out.append(
                    f"| {md(m.label)} | {start} | {m.mean:.1f} | {m.low} | {m.high} | {m.min}-{m.max} |"
                )
        else:
            out.append("This story has no meters.")
        out.append("")
    return "\n".join(out)


def _part(part: PartSummary, headed: bool) -> list[str]:
    """One part's decisions (each with its questions) and its endings; without parts, the
    same under plain "Decisions" and "Endings" headings."""
    level = "###" if headed else "##"
    out = [""]
    if headed:
        sessions = f"{part.sessions} session{'s' if part.sessions != 1 else ''}"
        out += [f"## {md(part.title)}", "", f"{sessions} played this part.", ""]
    out += [f"{level} Decisions", ""] if part.decisions else []
    for d in part.decisions:
        voted = f"; votes counted {times(d.voted)}" if d.voted else ""
        out += [f"{level}# {md(d.title)}", "", f"Made {times(d.made)}{voted}.", ""]
        if d.questions:
            out += ["Discussion questions:", ""] + [f"- {md(q)}" for q in d.questions] + [""]
        if d.one_sided_note():
            out += [f"> {md(d.one_sided_note())}", ""]
        out += ["| option | taken | share | votes | tried, then undone |", "|---|---:|---:|---:|---:|"]
        for o in d.options:
            votes = str(o.votes) if d.voted else "-"
            out.append(f"| {md(o.label)} | {o.taken} | {pct(o.taken, d.made)} | {votes} | {o.tried} |")
        out.append("")
    title = f"Endings of {md(part.title)}" if headed else "Endings"
    out += [f"{level} {title}", "", "| ending | sessions | share |", "|---|---:|---:|"]
    for e in part.endings:
        out.append(f"| {md(e.title)} | {e.count} | {pct(e.count, part.sessions)} |")
    out.append("")
    return out
