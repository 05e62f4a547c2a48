"""The report in the terminal (Rich): the same figures as the HTML, as tables with text bars.

Bars are ``#`` characters next to the numbers, never colour alone, so the view survives
``NO_COLOR``, ``TERM=dumb`` and screen readers. A bar is drawn out of 100% (the sessions
that made the decision), never out of the most-taken option, so bars compare across
decisions. Every cell and title is a ``Text``, never a plain string, because Rich reads
plain strings as markup: a label such as ``[link=...]`` from someone's story would
otherwise become a hidden terminal hyperlink.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .report import TAKEN_AND_VOTES, DecisionSummary, PartSummary, StorySummary, pct, short_time, times

BAR_WIDTH = 20
"""Characters for 100%."""


def _bar(value: int, whole: int) -> str:
    """``value`` of ``whole`` as ``#`` out of :data:`BAR_WIDTH` characters, the rest ``.``, so
    the 100% mark shows (one session is never drawn as none)."""
    filled = min(round(BAR_WIDTH * value / whole), BAR_WIDTH) if whole else 0
    if value and not filled:
        filled = 1
    return "#" * filled + "." * (BAR_WIDTH - filled)


def print_summary(console: Console, summaries: Sequence[StorySummary]) -> None:
    for s in summaries:
        console.print(Text(f"Workshop report: {s.title}", style="bold"))
        console.print(
            Text(
                f"{s.sessions} sessions, {s.completed} reached an ending, {s.workshop} in workshop mode; "
                f"started {short_time(s.first)} to {short_time(s.last)} (UTC)"
            )
        )
        if s.versions > 1:
            console.print(Text(f"Note: the story changed between sessions ({s.versions} versions)."))
        if any(d.voted for d in s.decisions):
            console.print(Text(TAKEN_AND_VOTES))
        for part in s.parts:
            _print_part(console, part)
        if s.meters:
            meters = Table(
                title=Text(f"Meters at the end (over {s.meters_basis})"),
                title_justify="left",
                show_edge=False,
            )
            for name in ("meter", "start", "mean", "lowest", "highest", "range"):
                meters.add_column(name, justify="left" if name == "meter" else "right")
            for m in s.meters:
                start = "-" if m.start is None else str(m.start)
                figures = (m.label, start, f"{m.mean:.1f}", str(m.low), str(m.high), f"{m.min}-{m.max}")
                meters.add_row(*map(Text, figures))
            console.print()
            console.print(meters)
        console.print()


def _print_part(console: Console, part: PartSummary) -> None:
    if part.title:
        console.print()
        console.print(
            Text(
                f"== {part.title} ({part.sessions} session{'s' if part.sessions != 1 else ''}) ==",
                style="bold",
            )
        )
    for d in part.decisions:
        console.print()
        console.print(_decision_table(d))
        if d.questions:
            console.print(Text("Questions for the room:"))
        for question in d.questions:
            console.print(Text(f"  - {question}"))
        if d.one_sided_note():
            console.print(Text(d.one_sided_note(), style="bold"))
    title = f"Endings of {part.title}" if part.title else "Endings"
    endings = Table(title=Text(title), title_justify="left", show_edge=False)
    endings.add_column("ending")
    endings.add_column("sessions", justify="right")
    endings.add_column("share", justify="right")
    endings.add_column("", no_wrap=True)
    for e in part.endings:
        row = (e.title, str(e.count), pct(e.count, part.sessions), _bar(e.count, part.sessions))
        endings.add_row(*map(Text, row))
    console.print()
    console.print(endings)


def _decision_table(d: DecisionSummary) -> Table:
    table = Table(title=Text(f"{d.title} (made {times(d.made)})"), title_justify="left", show_edge=False)
    table.add_column("option")
    table.add_column("taken", justify="right")
    table.add_column("share", justify="right")
    if d.voted:
        table.add_column("votes", justify="right")
    table.add_column("", no_wrap=True)
    for o in d.options:
        cells = [o.label, str(o.taken), pct(o.taken, d.made)]
        if d.voted:
            cells.append(str(o.votes))
        table.add_row(*map(Text, cells), Text(_bar(o.taken, d.made)))
    return table
