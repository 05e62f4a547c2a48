"""How plain mode says things that the full-screen player draws: meters, dates, parts.

Plain mode is the screen-reader path, so what the full-screen player shows as bars,
colours and ``2026-12-01 19:17`` must be a sentence read aloud: a meter only when it moved
("Trust up 1, now 4 of 10"), a save's time as people say it ("today at 19:20"), and a
part by its name ("Part two is now unlocked: The footage"). No Rich and no UI here, so
the wording is tested on its own and any front end may use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from patrolday.engine import MeterView, Story
from patrolday.i18n import _

from .labels import part_name


def meter_value(meter: MeterView) -> str:
    """ "4 of 10" (a meter from 0), or "4, from -5 to 5"."""
    if meter.min == 0:
        return _("{value} of {max}").format(value=meter.value, max=meter.max)
    return _("{value}, from {min} to {max}").format(value=meter.value, min=meter.min, max=meter.max)


def meter_list(meters: Sequence[MeterView]) -> str:
    """Every meter in one sentence: "Meters: Trust 4 of 10, Calls waiting 5 of 12." """
    if not meters:
        return _("No meters.")
    return _("Meters: {meters}.").format(meters=", ".join(f"{m.label} {meter_value(m)}" for m in meters))


def meter_changes(story: Story, before: Sequence[MeterView], after: Sequence[MeterView]) -> list[str]:
    """One sentence per meter that moved: "Trust up 1, now 4 of 10."

    The direction is said as up or down, which is what the number did. A meter whose
    manifest says ``good = "down"`` (calls waiting) adds "(better)" or "(worse)", because
    there "up" is bad news and the full-screen player's colour says so; for meters where up
    is good the word would only repeat "up", and for ``good = "neither"`` it would be wrong.
    """
    old = {m.name: m.value for m in before}
    out = []
    for meter in after:
        was = old.get(meter.name)
        if was is None or was == meter.value:
            continue
        delta = meter.value - was
        way = _("up") if delta > 0 else _("down")
        verdict = ""
        if _good(story, meter.name) == "down":
            verdict = " " + (_("(better)") if delta < 0 else _("(worse)"))
        out.append(
            _("{meter} {way} {amount}{verdict}, now {value}.").format(
                meter=meter.label, way=way, amount=abs(delta), verdict=verdict, value=meter_value(meter)
            )
        )
    return out


def _good(story: Story, name: str) -> str:
    try:
        return story.variable(name).good
    except KeyError:
        return "up"


def spoken_time(iso: str, now: datetime | None = None) -> str:
    """An ISO timestamp as people read it, in local time: "today at 19:20", "yesterday at
    8:05", "on Tuesday 1 December 2026 at 19:20"; the text itself if it is not a time."""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    when = when.astimezone() if when.tzinfo is not None else when
    now = now or datetime.now(when.tzinfo)
    clock = f"{when.hour}:{when.minute:02d}"
    days = (now.date() - when.date()).days
    if days == 0:
        return _("today at {clock}").format(clock=clock)
    if days == 1:
        return _("yesterday at {clock}").format(clock=clock)
    return f"on {when:%A} {when.day} {when:%B %Y} at {clock}"


def unlocked_sentence(title: str) -> str:
    """ "Part two: The footage" -> "Part two is now unlocked: The footage." (in the interface's
    language: a translation words it around the whole title, which it cannot lower-case)"""
    head, colon, rest = title.partition(":")
    if colon and rest.strip():
        return _("{part} is now unlocked: {name}.").format(part=head.strip(), name=rest.strip())
    return _("{title} is now unlocked.").format(title=title)


def _in_sentence(title: str) -> str:
    """An English part title in mid-sentence: "Part two: The footage" -> "part two: The footage"."""
    return title[:1].lower() + title[1:] if title[:5].lower() == "part " else title


def start_label(title: str) -> str:
    """The menu's words for starting a part: "Start part two: The footage"."""
    return _("Start {part}").format(part=_in_sentence(title))


def starting_sentence(title: str | None) -> str:
    """What plain mode says as a part begins: "Starting part two: The footage."; with no
    title (a story in one part), "Starting again." """
    if title is None:
        return _("Starting again.")
    return _("Starting {part}.").format(part=_in_sentence(title))


def carried_note(story: Story, part: str) -> str:
    """ ", carrying on from how part one ended" for a part that carries values from the one before."""
    parts = story.parts
    index = next((i for i, p in enumerate(parts) if p.id == part), 0)
    if index == 0:
        return ""
    return _(", carrying on from how {part} ended").format(part=part_name(parts[index - 1].title))
