"""Group votes: anonymous counts per option, the group's pick, and ties.

Votes are counts, never names (residents may not want to be seen siding with an option).
The option with the most votes is the group's pick; when several share the top count the
facilitator decides, so :func:`leaders` returns all of them and the front end asks.
Pure, so the rules are tested without a screen; facilitator mode's vote screen uses it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

MAX_VOTES = 100_000  # per option: more than any room, small enough to catch a typo


class VoteError(ValueError):
    """Typed counts that cannot be used; the message says how to type them."""


def parse_counts(text: str, options: int) -> list[int]:
    """``"3 5 1"`` (or ``"3,5,1"``) as one count per option, in option order."""
    parts = text.replace(",", " ").split()
    if len(parts) != options:
        raise VoteError(
            f"type {options} count{'s' if options != 1 else ''}, one per option, e.g. {_example(options)}"
        )
    counts = []
    for part in parts:
        if not part.isdigit():
            raise VoteError(f"{part!r} is not a count: use whole numbers 0 or more, e.g. {_example(options)}")
        value = int(part)
        if value > MAX_VOTES:
            raise VoteError(f"{value} votes is more than patrolday accepts ({MAX_VOTES})")
        counts.append(value)
    return counts


def _example(options: int) -> str:
    return " ".join(str(n) for n in (3, 5, 1, 0, 2, 4, 1, 2, 3)[: max(options, 1)])


def leaders(votes: Mapping[str, int], order: Sequence[str]) -> list[str]:
    """The option ids with the most votes (in ``order``); empty when nobody voted."""
    top = max((votes.get(o, 0) for o in order), default=0)
    if top <= 0:
        return []
    return [o for o in order if votes.get(o, 0) == top]


def describe_split(votes: Mapping[str, int], labels: Mapping[str, str], order: Sequence[str]) -> str:
    """``"Stop the car 5, Wave 2, Call it in 1 (8 votes)"``: for notices and screen readers."""
    total = sum(votes.get(o, 0) for o in order)
    parts = ", ".join(f"{labels.get(o, o)} {votes.get(o, 0)}" for o in order)
    return f"{parts} ({total} vote{'s' if total != 1 else ''})"
