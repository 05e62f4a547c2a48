"""The self-contained HTML report: one file, inline CSS and inline SVG, no script, no URL.

A facilitator opens it from a USB stick on a projector in a room with no network, so it
must not fetch anything: no JavaScript, no fonts, no CDN, no links out. Charts are SVG
drawn here; every chart has a table beside it with the same numbers (for screen
readers, for printing, and because colour alone never carries meaning). Rows carry
``data-*`` attributes with the raw numbers so tests (and anyone else) can read the figures
back without scraping prose.

The page is a Jinja2 template (``templates/report.html.j2``) with autoescape on, so every
value is escaped by default rather than by discipline; this module only works out the
charts' geometry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from patrolday.i18n import _, current_language, ngettext

from .report import (
    TAKEN_AND_VOTES,
    DecisionSummary,
    MeterSummary,
    PartSummary,
    StorySummary,
    pct,
    short_time,
    times,
)

if TYPE_CHECKING:
    import jinja2

BAR = "#2f6f9f"
BAR_TOP = "#1d4e74"
INK = "#1b1b1b"
MUTED = "#5c5c5c"

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
  background: #fff; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; font-size: 1.15rem;
  line-height: 1.45; }
h1 { font-size: 2rem; margin-bottom: .25rem; }
h2 { font-size: 1.5rem; border-bottom: 2px solid #ddd; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.2rem; margin: 1.8rem 0 .4rem; }
.facts { display: flex; flex-wrap: wrap; gap: .6rem 2rem; padding: 0; list-style: none; color: #333; }
.facts strong { font-size: 1.6rem; display: block; color: #1b1b1b; }
.note { background: #fff6d6; border-left: 4px solid #c99a00; padding: .4rem .8rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; min-width: 24rem; }
th, td { text-align: left; padding: .25rem .8rem .25rem 0; border-bottom: 1px solid #e4e4e4; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; }
.decision { break-inside: avoid; }
footer { margin-top: 3rem; color: #5c5c5c; font-size: .95rem; }
@media print { body { margin: 0; font-size: 11pt; } h2 { break-after: avoid; } }
"""


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    note: str
    x: int
    y: int
    length: int
    colour: str


@dataclass(frozen=True, slots=True)
class BarChart:
    title: str
    width: int
    height: int
    bar_height: int
    bars: tuple[Bar, ...]


CHART_WIDTH = 720
BAR_LEFT = 8
BAR_SPACE = CHART_WIDTH - BAR_LEFT - 150
"""The length of a bar at 100% (the rest of the chart holds the note after the bar)."""


def bar_chart(rows: Sequence[tuple[str, int, str]], title: str, whole: int) -> BarChart:
    """Horizontal bars out of ``whole`` (100%): each row is (label, value, note after the bar).

    Out of the whole, not out of the largest value: a third draws as a third in every chart,
    so bars compare across decisions (scaled to the top option, 33% drew as a full bar)."""
    top = max((v for _, v, _ in rows), default=0)
    row_h = 46
    bars = tuple(
        Bar(
            label,
            note,
            BAR_LEFT,
            4 + i * row_h,
            max(round(BAR_SPACE * min(value, whole) / whole) if whole else 0, 2),
            BAR_TOP if top and value == top else BAR,
        )
        for i, (label, value, note) in enumerate(rows)
    )
    return BarChart(title, CHART_WIDTH, row_h * len(rows) + 8, 18, bars)


@dataclass(frozen=True, slots=True)
class Column:
    value: int
    count: int
    x: float
    middle: float
    bar: float


@dataclass(frozen=True, slots=True)
class Histogram:
    title: str
    width: int
    height: int
    left: int
    right: int
    base: int
    column_width: float
    columns: tuple[Column, ...]
    mean: float
    mean_x: float
    start: int | None
    start_x: float | None


def histogram(meter: MeterSummary, width: int = 720, height: int = 170) -> Histogram:
    """Sessions per end value across the meter's whole range, with the mean and start marked."""
    values = list(range(meter.min, meter.max + 1)) if meter.max - meter.min <= 40 else []
    counts = dict(meter.distribution)
    if not values:
        values = [v for v, _ in meter.distribution]
    top = max(counts.values(), default=1)
    left, right, base = 30, 20, height - 40
    step = (width - left - right) / max(len(values), 1)

    def x_of(value: float) -> float:
        return left + (value - values[0]) * step + step / 2 if values else left

    columns = tuple(
        Column(
            value,
            counts.get(value, 0),
            left + i * step + step * 0.15,
            left + i * step + step / 2,
            (base - 30) * counts.get(value, 0) / top if top else 0,
        )
        for i, value in enumerate(values)
    )
    title = _("{meter} at the end: mean {mean}, lowest {low}, highest {high}, range {min} to {max}").format(
        meter=meter.label,
        mean=f"{meter.mean:.1f}",
        low=meter.low,
        high=meter.high,
        min=meter.min,
        max=meter.max,
    )
    return Histogram(
        title,
        width,
        height,
        left,
        width - right,
        base,
        step * 0.7,
        columns,
        meter.mean,
        x_of(meter.mean),
        meter.start,
        x_of(meter.start) if meter.start is not None else None,
    )


def decision_chart(d: DecisionSummary) -> BarChart:
    rows = [(o.label, o.taken, f"{o.taken} ({pct(o.taken, d.made)})") for o in d.options]
    title = _("{decision}: how often each option was taken, out of {made}").format(
        decision=d.title, made=d.made
    )
    return bar_chart(rows, title, d.made)


def endings_chart(part: PartSummary) -> BarChart:
    rows = [(e.title, e.count, f"{e.count} ({pct(e.count, part.sessions)})") for e in part.endings]
    title = ngettext(
        "Endings reached, out of {count} session", "Endings reached, out of {count} sessions", part.sessions
    ).format(count=part.sessions)
    return bar_chart(rows, title, part.sessions)


@cache
def _template(name: str = "report.html.j2") -> jinja2.Template:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template(name)


def _title(summaries: Sequence[StorySummary]) -> str:
    if not summaries:
        return _("Workshop report")
    return _("Workshop report: {title}").format(title=", ".join(s.title for s in summaries))


def _words() -> dict[str, object]:
    """What the templates need to speak the interface's language: ``_`` and ``ngettext`` (the
    templates call them with literal English, and ``.format`` the result, so autoescape still
    escapes every value), and the language for ``<html lang>``."""
    return {"_": _, "ngettext": ngettext, "lang": current_language()}


def to_html(summaries: Sequence[StorySummary], generated_at: str) -> str:
    """The whole report as one HTML document with nothing to fetch."""
    return _template().render(
        **_words(),
        title=_title(summaries),
        css=CSS,
        stories=summaries,
        generated_at=generated_at,
        short_time=short_time,
        pct=pct,
        decision_chart=decision_chart,
        endings_chart=endings_chart,
        meter_histogram=histogram,
        times=times,
        taken_and_votes=_(TAKEN_AND_VOTES),
        ink=INK,
        muted=MUTED,
        bar=BAR,
    )


PROJECTOR_CSS = """
:root { color-scheme: dark; }
html { scroll-snap-type: y mandatory; }
* { box-sizing: border-box; }
body { margin: 0; background: #000; color: #fff; line-height: 1.2;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: max(28px, min(3vw, 4.2vh)); }
.screen { min-height: 100vh; padding: 3vh 4vw; scroll-snap-align: start;
  display: flex; flex-direction: column; gap: 1.6vh; }
h1 { font-size: 2.2em; margin: auto 0 0; }
h2 { font-size: 1.5em; margin: 0; }
p, ul, ol, table { margin: 0; }
.big { font-size: 1.3em; }
.hint, .part { color: #e6e6e6; }
.questions { padding-left: 1.1em; }
.questions li { margin: .15em 0; }
.bars { list-style: none; padding: 0; display: flex; flex-direction: column; gap: 1.4vh; }
.bars li { display: grid; grid-template-columns: minmax(0, 1fr) 26% 8.5em; column-gap: .8em;
  align-items: center; }
.label { font-weight: 700; }
.track { display: block; height: 1em; border: 2px solid #fff; }
.fill { display: block; height: 100%; background: #ffd400; }
.figure { text-align: right; font-variant-numeric: tabular-nums; }
.figure b { display: block; font-size: 1.3em; line-height: 1.05; }
.one-sided { border-left: .3em solid #ffd400; padding-left: .6em; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: .2em 1em .2em 0; border-bottom: 2px solid #777; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
@media print { html { scroll-snap-type: none; } .screen { break-after: page; } }
"""
"""White on black with a yellow bar (contrast well over 7:1), type that grows with the window
and never drops under 28 px, one screen per decision: read from the back of a room. A screen
that holds more than the window (a decision with many long options) grows rather than cut
anything off."""


def share(value: int, whole: int) -> int:
    """``value`` out of ``whole`` as a whole percentage, for a bar's width (0 when nothing)."""
    return min(round(100 * value / whole), 100) if whole else 0


def _option_rows(d: DecisionSummary) -> list[tuple[str, int, str]]:
    rows = []
    for o in d.options:
        extra = _("{count} of {whole}").format(count=o.taken, whole=d.made)
        if d.voted:
            extra += " · " + ngettext("{count} vote", "{count} votes", o.votes).format(count=o.votes)
        rows.append((o.label, o.taken, extra))
    return rows


def _ending_rows(part: PartSummary) -> list[tuple[str, int, str]]:
    return [
        (e.title, e.count, _("{count} of {whole}").format(count=e.count, whole=part.sessions))
        for e in part.endings
    ]


def to_projector_html(summaries: Sequence[StorySummary], generated_at: str) -> str:
    """The report for a projector: one decision per screen, large type, high contrast; one
    file with nothing to fetch, like :func:`to_html`."""
    return _template("projector.html.j2").render(
        **_words(),
        title=_title(summaries),
        css=PROJECTOR_CSS,
        stories=summaries,
        generated_at=generated_at,
        pct=pct,
        share=share,
        option_rows=_option_rows,
        ending_rows=_ending_rows,
        taken_and_votes=_(TAKEN_AND_VOTES),
    )
