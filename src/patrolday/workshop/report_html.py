"""The self-contained HTML report: one file, inline CSS and inline SVG, no script, no URL.

A facilitator opens it from a USB stick on a projector in a room with no network, so it
must not fetch anything: no JavaScript, no fonts, no CDN, no links out. Charts are SVG
drawn here; every chart has a table beside it with the same numbers (for screen
readers, for printing, and because colour alone never carries meaning). Every piece of
text is passed through :func:`html.escape`. Rows carry ``data-*`` attributes with the raw
numbers so tests (and anyone else) can read the figures back without scraping prose.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .report import DecisionSummary, MeterSummary, StorySummary, pct, short_time

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


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def bar_chart(rows: Sequence[tuple[str, int, str]], title: str, width: int = 720) -> str:
    """Horizontal bars: each row is (label, value, note shown after the bar)."""
    top = max((v for _, v, _ in rows), default=0)
    row_h, bar_h, left = 46, 18, 8
    height = row_h * len(rows) + 8
    usable = width - left - 150
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{_e(title)}"><title>{_e(title)}</title>'
    ]
    for i, (label, value, note) in enumerate(rows):
        y = 4 + i * row_h
        length = max(round(usable * value / top) if top else 0, 2)
        colour = BAR_TOP if top and value == top else BAR
        parts.append(f'<text x="{left}" y="{y + 14}" font-size="15" fill="{INK}">{_e(label)}</text>')
        parts.append(
            f'<rect x="{left}" y="{y + 20}" width="{length}" height="{bar_h}" rx="3" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{left + length + 8}" y="{y + 34}" font-size="15" fill="{INK}">{_e(note)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def histogram(meter: MeterSummary, width: int = 720, height: int = 170) -> str:
    """Sessions per end value across the meter's whole range, with the mean and start marked."""
    values = list(range(meter.min, meter.max + 1)) if meter.max - meter.min <= 40 else []
    counts = dict(meter.distribution)
    if not values:
        values = [v for v, _ in meter.distribution]
    top = max(counts.values(), default=1)
    left, right, base = 30, 20, height - 40
    step = (width - left - right) / max(len(values), 1)
    title = (
        f"{meter.label} at the end: mean {meter.mean:.1f}, lowest {meter.low}, highest {meter.high}, "
        f"range {meter.min} to {meter.max}"
    )
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{_e(title)}"><title>{_e(title)}</title>',
        f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{MUTED}"/>',
    ]
    for i, value in enumerate(values):
        x = left + i * step
        count = counts.get(value, 0)
        bar = (base - 30) * count / top if top else 0
        if count:
            parts.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{base - bar:.1f}" width="{step * 0.7:.1f}" '
                f'height="{bar:.1f}" fill="{BAR}"/>'
            )
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{base - bar - 5:.1f}" font-size="14" '
                f'text-anchor="middle" fill="{INK}">{count}</text>'
            )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{base + 18}" font-size="13" text-anchor="middle" '
            f'fill="{MUTED}">{value}</text>'
        )

    def x_of(value: float) -> float:
        if not values:
            return left
        return left + (value - values[0]) * step + step / 2

    mean_x = x_of(meter.mean)
    parts.append(
        f'<line x1="{mean_x:.1f}" y1="12" x2="{mean_x:.1f}" y2="{base}" stroke="{INK}" '
        f'stroke-width="2" stroke-dasharray="5 4"/>'
        f'<text x="{mean_x + 5:.1f}" y="14" font-size="13" fill="{INK}">mean {meter.mean:.1f}</text>'
    )
    if meter.start is not None:
        sx = x_of(meter.start)
        parts.append(
            f'<path d="M{sx - 7:.1f},{base + 36} L{sx + 7:.1f},{base + 36} L{sx:.1f},{base + 24} Z" '
            f'fill="{MUTED}"/><text x="{sx + 10:.1f}" y="{base + 36}" font-size="12" '
            f'fill="{MUTED}">start {meter.start}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _decision(d: DecisionSummary) -> str:
    rows = [(o.label, o.taken, f"{o.taken} ({pct(o.taken, d.made)})") for o in d.options]
    chart = bar_chart(rows, f"{d.title}: how often each option was taken, out of {d.made}")
    voted = f"; votes were counted {d.voted} time{'s' if d.voted != 1 else ''}" if d.voted else ""
    head = "<tr><th>option</th><th class=n>taken</th><th class=n>share</th>"
    head += "<th class=n>votes</th>" if d.voted else ""
    head += "<th class=n>tried, then undone</th></tr>"
    note = d.one_sided_note()
    flag = f'<p class="one-sided" role="note"><strong>{_e(note)}</strong></p>' if note else ""
    body = []
    for o in d.options:
        votes = f"<td class=n>{o.votes}</td>" if d.voted else ""
        body.append(
            f'<tr data-scene="{_e(d.scene)}" data-option="{_e(o.id)}" data-taken="{o.taken}" '
            f'data-offered="{o.offered}" data-votes="{o.votes}" data-tried="{o.tried}">'
            f"<td>{_e(o.label)}</td><td class=n>{o.taken}</td><td class=n>{pct(o.taken, d.made)}</td>"
            f"{votes}<td class=n>{o.tried}</td></tr>"
        )
    return (
        f'<section class="decision" data-scene="{_e(d.scene)}" data-made="{d.made}">'
        f"<h3>{_e(d.title)}</h3><p>Made {d.made} time{'s' if d.made != 1 else ''}{voted}.</p>"
        f"{flag}{chart}<table>{head}{''.join(body)}</table></section>"
    )


def _story(s: StorySummary, generated_at: str) -> str:
    out = [f"<h1>Workshop report: {_e(s.title)}</h1>"]
    modes = ", ".join(f"{_e(m)} {n}" for m, n in s.modes)
    out.append(
        f'<ul class="facts" data-story="{_e(s.story_id)}" data-sessions="{s.sessions}" '
        f'data-completed="{s.completed}" data-workshop="{s.workshop}">'
        f"<li><strong>{s.sessions}</strong>sessions</li>"
        f"<li><strong>{s.completed}</strong>reached an ending</li>"
        f"<li><strong>{s.workshop}</strong>in workshop mode</li>"
        f"<li><strong>{len(s.decisions)}</strong>decisions</li></ul>"
        f"<p>Modes: {modes}. Sessions started from {_e(short_time(s.first))} to {_e(short_time(s.last))} "
        f"(UTC). Report made {_e(short_time(generated_at))} (UTC).</p>"
    )
    if s.versions > 1:
        out.append(
            f'<p class="note">The story changed between these sessions ({s.versions} versions): '
            "compare with care.</p>"
        )
    if not s.labelled:
        out.append(
            '<p class="note">Options are shown by id: run <code>patrolday report --story STORY</code> '
            "to show the story's own words.</p>"
        )
    out.append("<h2>Decisions</h2>")
    if not s.decisions:
        out.append("<p>No decisions were made in these sessions.</p>")
    out.extend(_decision(d) for d in s.decisions)
    out.append("<h2>Endings</h2>")
    rows = [(e.title, e.count, f"{e.count} ({pct(e.count, s.sessions)})") for e in s.endings]
    out.append(bar_chart(rows, f"Endings reached, out of {s.sessions} sessions"))
    out.append("<table><tr><th>ending</th><th class=n>sessions</th><th class=n>share</th></tr>")
    for e in s.endings:
        out.append(
            f'<tr data-ending="{_e(e.id or "")}" data-count="{e.count}"><td>{_e(e.title)}</td>'
            f"<td class=n>{e.count}</td><td class=n>{pct(e.count, s.sessions)}</td></tr>"
        )
    out.append("</table>")
    out.append(f"<h2>Meters at the end</h2><p>Over {_e(s.meters_basis)}.</p>")
    if not s.meters:
        out.append("<p>This story has no meters.</p>")
    else:
        out.append(
            "<table><tr><th>meter</th><th class=n>start</th><th class=n>mean</th>"
            "<th class=n>lowest</th><th class=n>highest</th><th class=n>range</th></tr>"
        )
        for m in s.meters:
            start = "-" if m.start is None else str(m.start)
            out.append(
                f'<tr data-meter="{_e(m.name)}" data-mean="{m.mean:.4f}" data-low="{m.low}" '
                f'data-high="{m.high}" data-count="{m.count}"><td>{_e(m.label)}</td><td class=n>{start}</td>'
                f"<td class=n>{m.mean:.1f}</td><td class=n>{m.low}</td><td class=n>{m.high}</td>"
                f"<td class=n>{m.min}-{m.max}</td></tr>"
            )
        out.append("</table>")
        for m in s.meters:
            out.append(f"<h3>{_e(m.label)}</h3>{histogram(m)}")
    return "\n".join(out)


def to_html(summaries: Sequence[StorySummary], generated_at: str) -> str:
    """The whole report as one HTML document with nothing to fetch."""
    title = "Workshop report: " + ", ".join(s.title for s in summaries) if summaries else "Workshop report"
    body = "\n<hr>\n".join(_story(s, generated_at) for s in summaries) or "<p>No session logs.</p>"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n"
        "<footer>Made by patrolday from anonymous session logs: ids, counts and times only, "
        "no names and no free text. This file fetches nothing and works offline.</footer>\n"
        "</body></html>\n"
    )
