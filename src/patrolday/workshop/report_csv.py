"""``sessions.csv``: one row per step of every session, for a spreadsheet.

A spreadsheet evaluates a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or carriage return before one) as a formula, and a formula can fetch a URL or run a
command (``=HYPERLINK(...)``, DDE's ``cmd|...``). Labels come from a story someone else wrote,
so every cell that would be read as a formula is written with a leading ``'``, which
spreadsheets show as text (the OWASP advice for CSV injection). Plain numbers, negative
ones included, stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence

from patrolday.engine import Story
from patrolday.game.labels import choice_label

from .log_format import SessionLogDoc, printable

FIELDS = [
    "session_id",
    "story_id",
    "content_hash",
    "mode",
    "workshop",
    "started_at",
    "session_ending",
    "step",
    "kind",
    "turn",
    "scene",
    "decision",
    "choice",
    "choice_label",
    "undone",
    "offered",
    "votes",
    "to",
    "at",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"-?\d+(\.\d+)?\Z")


def spreadsheet_safe(value: object) -> str:
    """A cell a spreadsheet shows as text: control characters removed, formulas made inert."""
    text = printable("" if value is None else value)
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def to_csv(logs: Sequence[SessionLogDoc], stories: Mapping[str, Story] | None = None) -> str:
    """One row per step of every checked log (choices, undos, loads), meters as extra columns."""
    meter_names: list[str] = []
    for log in logs:
        snapshots = [log["start"]["meters"] if log["start"] else {}, *(s["meters"] for s in log["steps"])]
        for meters in snapshots:
            for name in meters:
                if name not in meter_names:
                    meter_names.append(name)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(f) for f in [*FIELDS, *(f"meter_{m}" for m in meter_names)]])
    for log in logs:
        story = (stories or {}).get(log["story"]["id"])
        for index, step in enumerate(log["steps"], 1):
            row: dict[str, object] = {
                "session_id": log["session_id"],
                "story_id": log["story"]["id"],
                "content_hash": log["story"]["content_hash"],
                "mode": log["mode"],
                "workshop": "yes" if log["workshop"] else "no",
                "started_at": log["started_at"],
                "session_ending": log["ending"] or "",
                "step": index,
                "kind": step["kind"],
                "turn": step["turn"],
                "to": step["to"],
                "at": step["at"],
            }
            if step["kind"] == "choice":
                votes = step["votes"]
                row |= {
                    "scene": step["scene"],
                    "decision": "yes" if step["decision"] else "no",
                    "choice": step["choice"],
                    "choice_label": choice_label(story, step["scene"], step["choice"]),
                    "undone": "yes" if step["undone"] else "no",
                    "offered": ";".join(step["offered"]),
                    "votes": ";".join(f"{k}={v}" for k, v in votes.items()) if votes else "",
                }
            cells = [row.get(field, "") for field in FIELDS]
            cells += [step["meters"].get(name, "") for name in meter_names]
            writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return buffer.getvalue()
