"""Session logs and the reports made from them: a generator and the contract checks.

Inputs are real logs of the fixture story (played at random by
:class:`~patrolday.workshop.sessions.SessionLog`, in memory), then hand-edited the ways the
attack report found: fields of the wrong type or missing, unknown step kinds, hostile text
(escape codes, HTML, spreadsheet formulas) in every string, NaN / Infinity / fractions /
huge numbers, deep nesting, byte damage; and valid edits (other ids, meters at the
engine's limits, big vote counts) so that the renderers see odd but legal logs.

The contract (:func:`check_session_log`): reading either gives a checked log or a
:class:`LogProblem` whose reason is one line with no control character; a checked log goes
through the debrief, the aggregation and every report format without any other exception,
and nothing they produce carries a control character (an escape code, a bell, a bidi
override), raw HTML from the input, or a cell a spreadsheet would evaluate.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from typing import Any

from patrolday.engine import CONTROL, Story
from patrolday.game.playthrough import Playthrough
from patrolday.workshop.debrief import build_debrief, format_debrief
from patrolday.workshop.log_format import LogProblem, parse_log
from patrolday.workshop.report import summarise
from patrolday.workshop.report_csv import to_csv
from patrolday.workshop.report_html import to_html
from patrolday.workshop.report_markdown import to_markdown
from patrolday.workshop.sessions import SessionLog

from .generators import json_value, mutate_bytes, pick
from .oracles import ContractBroken, time_limit

HOSTILE = [
    "\x1b]0;PWN\x07",
    "\x1b[31mred",
    "\x9b2J",
    "\u202eevil",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(2)>",
    '=HYPERLINK("http://127.0.0.1/x","click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-1+cmd",
    "\t=1",
    "[link=file:///etc/passwd]x[/link]",
    "a|b*c_d`e[f]g",
    "x" * 20_000,
    "",
]
LEGAL_IDS = ["corner", "a", "Z9", "x-y_z", "9" * 200, "stop"]
_CONTROL = CONTROL  # the engine's one definition of a control character
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"-?\d+(\.\d+)?\Z")


def valid_log(story: Story, rng: random.Random) -> dict[str, Any]:
    """A real log of a random playthrough: choices, undos, sometimes votes."""
    log = SessionLog(story, None, pick(rng, ["tui", "plain", "served"]), workshop=rng.random() < 0.5)
    play = Playthrough.new(story, listeners=[log])
    for _ in range(rng.randrange(0, 12)):
        view = play.view()
        open_choices = [c for c in view.choices if c.enabled]
        if not open_choices:
            break
        if rng.random() < 0.15 and play.can_undo:
            play.undo()
            continue
        choice = pick(rng, open_choices)
        votes = {c.id: rng.randrange(0, 30) for c in open_choices} if log.workshop else None
        play.choose(choice.id, votes=votes)
    log.close()
    return json.loads(json.dumps(log.doc))


def _strings_and_containers(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths to every value in the document."""
    out = [path]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _strings_and_containers(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            out += _strings_and_containers(value, (*path, index))
    return out


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def mutate_log(rng: random.Random, doc: dict[str, Any]) -> dict[str, Any]:
    """Hand-edits: a value replaced (hostile text, a wrong type, a legal odd value), a key
    removed or added, a meter or vote renamed."""
    doc = json.loads(json.dumps(doc))
    for _ in range(rng.randrange(1, 4)):
        paths = _strings_and_containers(doc)[1:]
        if not paths:
            break
        path = pick(rng, paths)
        roll = rng.random()
        if roll < 0.35:
            value: Any = pick(rng, HOSTILE)
        elif roll < 0.55:
            value = json_value(rng)
        elif roll < 0.75:
            value = pick(
                rng,
                [*LEGAL_IDS, 0, -1, 10**12, -(10**12), 10**12 + 1, 10**6, 10**100, True, None, [], {}],
            )
        elif roll < 0.85:
            parent = path[:-1]
            container = doc
            for key in parent:
                container = container[key]
            if isinstance(container, dict):
                container.pop(path[-1], None)
                if rng.random() < 0.5:
                    container[pick(rng, [*HOSTILE[:6], "ghost", "kind"])] = json_value(rng)
            continue
        else:
            value = pick(rng, ["choice", "undo", "load", "teleport", 7, "CHOICE"])
            path = (*path[:-1], "kind") if len(path) > 1 else path
        try:
            _set(doc, path, value)
        except (TypeError, KeyError, IndexError):
            continue
    return doc


def session_log_input(story: Story, rng: random.Random) -> bytes:
    doc = valid_log(story, rng)
    roll = rng.random()
    if roll < 0.15:
        return json.dumps(doc).encode()
    if roll < 0.75:
        return json.dumps(mutate_log(rng, doc), ensure_ascii=rng.random() < 0.5).encode()
    text = json.dumps(doc)
    if roll < 0.82:  # numbers JSON allows Python to read but a log must not hold
        return re.sub(
            r": (\d+)",
            lambda m: ": " + pick(rng, ["NaN", "Infinity", "-Infinity", "1e300", "2.5"]),
            text,
            count=1,
        ).encode()
    if roll < 0.87:
        return text.replace(
            '"steps": [', '"steps": ' + _nested(rng.randrange(50, 60_000)) + ", [", 1
        ).encode()
    return mutate_bytes(rng, text.encode())


def _no_control(where: str, text: str) -> None:
    found = _CONTROL.search(text)
    if found:
        raise ContractBroken(f"{where} carries the control character {found.group()!r}")


def check_session_log(data: bytes, story: Story, rng: random.Random) -> str:
    """``"accepted"`` or ``"rejected"``; :class:`ContractBroken` for anything else."""
    try:
        with time_limit():
            try:
                doc = parse_log(data)
            except LogProblem as err:
                reason = str(err)
                _no_control("the reason a log was skipped", reason)
                if "\n" in reason or len(reason) > 400:
                    raise ContractBroken(f"the reason is not one short line: {reason[:200]!r}") from None
                return "rejected"
            labelled = story if rng.random() < 0.5 else None
            outputs = {"debrief": format_debrief(build_debrief(doc, labelled))}
            summaries = summarise([doc], {story.id: story} if labelled else None)
            outputs["report.md"] = to_markdown(summaries, "2026-01-01T00:00:00+00:00")
            outputs["report.html"] = to_html(summaries, "2026-01-01T00:00:00+00:00")
            outputs["sessions.csv"] = to_csv([doc], {story.id: story} if labelled else None)
            outputs["terminal"] = _terminal(summaries)
    except ContractBroken:
        raise
    except BaseException as err:
        raise ContractBroken(f"session log: unexpected {type(err).__name__}: {err}"[:2000]) from err
    for name, text in outputs.items():
        _no_control(name, text)
    for name in ("report.md", "report.html"):
        lowered = outputs[name].lower()
        if "<script" in lowered or "<img" in lowered:
            raise ContractBroken(f"{name} carries raw HTML from the log")
    for row in csv.reader(io.StringIO(outputs["sessions.csv"])):
        for cell in row:
            if cell.startswith(_FORMULA) and not _NUMBER.match(cell):
                raise ContractBroken(f"sessions.csv has a formula cell: {cell[:60]!r}")
    return "accepted"


def _terminal(summaries: list[Any]) -> str:
    from rich.console import Console

    from patrolday.workshop.report_terminal import print_summary

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, force_terminal=True, color_system=None, legacy_windows=False)
    print_summary(console, summaries)
    return buffer.getvalue()  # no colour system: any escape code in it came from the input
