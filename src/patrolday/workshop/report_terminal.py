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

from patrolday.i18n import _, ngettext

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
        console.print(Text(_("Workshop report: {title}").format(title=s.title), style="bold"))
        console.print(
            Text(
                ngettext("{count} session", "{count} sessions", s.sessions).format(count=s.sessions)
                + ", "
                + _(
                    "{completed} reached an ending, {workshop} in workshop mode; "
                    "started {first} to {last} (UTC)"
                ).format(
                    completed=s.completed,
                    workshop=s.workshop,
                    first=short_time(s.first),
                    last=short_time(s.last),
                )
            )
        )
        if s.versions > 1:
            console.print(
                Text(
                    _("Note: the story changed between sessions ({count} versions).").format(count=s.versions)
                )
            )
        if any(d.voted for d in s.decisions):
            console.print(Text(_(TAKEN_AND_VOTES)))
        for part in s.parts:
            _print_part(console, part)
        if s.meters:
            meters = Table(
                title=Text(_("Meters at the end (over {basis})").format(basis=s.meters_basis)),
                title_justify="left",
                show_edge=False,
            )
            names = (_("meter"), _("start"), _("mean"), _("lowest"), _("highest"), _("range"))
            for i, name in enumerate(names):
                meters.add_column(name, justify="left" if i == 0 else "right")
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
                f"== {part.title} ("
                + ngettext("{count} session", "{count} sessions", part.sessions).format(count=part.sessions)
                + ") ==",
                style="bold",
            )
        )
    for d in part.decisions:
        console.print()
        console.print(_decision_table(d))
        if d.questions:
            console.print(Text(_("Questions for the room:")))
        for question in d.questions:
            console.print(Text(f"  - {question}"))
        if d.one_sided_note():
            console.print(Text(d.one_sided_note(), style="bold"))
    title = _("Endings of {part}").format(part=part.title) if part.title else _("Endings")
    endings = Table(title=Text(title), title_justify="left", show_edge=False)
    endings.add_column(_("ending"))
    endings.add_column(_("sessions"), justify="right")
    endings.add_column(_("share"), justify="right")
    endings.add_column("", no_wrap=True)
    for e in part.endings:
        row = (e.title, str(e.count), pct(e.count, part.sessions), _bar(e.count, part.sessions))
        endings.add_row(*map(Text, row))
    console.print()
    console.print(endings)


def _decision_table(d: DecisionSummary) -> Table:
    title = _("{decision} (made {times})").format(decision=d.title, times=times(d.made))
    table = Table(title=Text(title), title_justify="left", show_edge=False)
    table.add_column(_("option"))
    table.add_column(_("taken"), justify="right")
    table.add_column(_("share"), justify="right")
    if d.voted:
        table.add_column(_("votes"), justify="right")
    table.add_column("", no_wrap=True)
    for o in d.options:
        cells = [o.label, str(o.taken), pct(o.taken, d.made)]
        if d.voted:
            cells.append(str(o.votes))
        table.add_row(*map(Text, cells), Text(_bar(o.taken, d.made)))
    return table
