"""The report in the terminal (Rich): the same figures as the HTML, as tables with text bars.

Bars are ``#`` characters next to the numbers, never colour alone, so the view survives
``NO_COLOR``, ``TERM=dumb`` and screen readers. Every cell and title is a ``Text``, never a
plain string, because Rich reads plain strings as markup: a label such as ``[link=...]``
from someone's story would otherwise become a hidden terminal hyperlink.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .report import StorySummary, pct, short_time

BAR_WIDTH = 20


def _bar(value: int, top: int) -> str:
    return "#" * (round(BAR_WIDTH * value / top) if top else 0)


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
        for d in s.decisions:
            table = Table(
                title=Text(f"{d.title} (made {d.made} times)"), title_justify="left", show_edge=False
            )
            table.add_column("option")
            table.add_column("taken", justify="right")
            table.add_column("share", justify="right")
            if d.voted:
                table.add_column("votes", justify="right")
            table.add_column("", no_wrap=True)
            top = max((o.taken for o in d.options), default=0)
            for o in d.options:
                cells = [o.label, str(o.taken), pct(o.taken, d.made)]
                if d.voted:
                    cells.append(str(o.votes))
                table.add_row(*map(Text, cells), Text(_bar(o.taken, top)))
            console.print()
            console.print(table)
            if d.one_sided_note():
                console.print(Text(d.one_sided_note(), style="bold"))
        endings = Table(title="Endings", title_justify="left", show_edge=False)
        endings.add_column("ending")
        endings.add_column("sessions", justify="right")
        endings.add_column("share", justify="right")
        endings.add_column("", no_wrap=True)
        top = max((e.count for e in s.endings), default=0)
        for e in s.endings:
            endings.add_row(*map(Text, (e.title, str(e.count), pct(e.count, s.sessions), _bar(e.count, top))))
        console.print()
        console.print(endings)
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
