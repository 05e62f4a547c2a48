"""The optional discussion timer: off by default, pausable, extendable, any length (WCAG 2.2.1).

Running out never moves the game on: it only says time is up, and the group can keep
talking. The clock is passed in (``now``), so the model is pure and testable; the
workshop screens call it once a second.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SECONDS = 180
MAX_SECONDS = 24 * 3600


@dataclass(slots=True)
class DiscussionTimer:
    """A countdown. ``length`` is the set time; it runs only between :meth:`start` and :meth:`pause`."""

    length: float = DEFAULT_SECONDS
    _used: float = 0.0
    _since: float | None = None  # clock reading when it last started; None while stopped

    @property
    def running(self) -> bool:
        return self._since is not None

    def used(self, now: float) -> float:
        return self._used + (now - self._since if self._since is not None else 0.0)

    def remaining(self, now: float) -> float:
        return max(self.length - self.used(now), 0.0)

    def start(self, now: float) -> None:
        if self._since is None:
            self._since = now

    def pause(self, now: float) -> None:
        if self._since is not None:
            self._used += now - self._since
            self._since = None

    def toggle(self, now: float) -> None:
        if self.running:
            self.pause(now)
        else:
            self.start(now)

    def extend(self, seconds: float) -> None:
        """Add (or with a negative number, take away) time; never below what is already used."""
        self.length = min(max(self.length + seconds, 0.0), MAX_SECONDS)

    def set_length(self, seconds: float, now: float) -> None:
        """Start over with a new length (stopped)."""
        self.length = min(max(seconds, 0.0), MAX_SECONDS)
        self._used = 0.0
        self._since = None

    def reset(self) -> None:
        self._used = 0.0
        self._since = None


def clock(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) for a number of seconds, rounded up so 0:00 means done."""
    whole = int(-(-seconds // 1))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_length(text: str) -> float:
    """``"5"`` (minutes), ``"2:30"`` or ``"90s"`` as seconds; raises ValueError with a hint."""
    value = text.strip().lower()
    try:
        if value.endswith("s"):
            seconds = float(value[:-1])
        elif ":" in value:
            minutes, _, secs = value.partition(":")
            seconds = int(minutes) * 60 + int(secs)
        else:
            seconds = float(value) * 60
    except ValueError:
        raise ValueError("type minutes (5), minutes:seconds (2:30) or seconds (90s)") from None
    if not 0 < seconds <= MAX_SECONDS:
        raise ValueError("the timer can be set from 1 second to 24 hours")
    return seconds
