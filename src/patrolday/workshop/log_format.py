"""The shape of a session log: declared once as types, checked against the JSON Schema on reading.

A session folder is other people's data: logs are copied between laptops, edited by hand
or cut short, and anyone who can write into the folder can put a file there that tries to
crash ``patrolday report`` or to make it print escape codes. So a log is used only after
it has passed :func:`parse_log`, which checks it against ``docs/session-log.schema.json``
(the same file the docs point to, shipped inside the package). Past that point the code
may rely on the types below: every field present, of its type, within its limits; ids are
ids, times are times, meters are integers within the engine's range.

Why the schema and not a hand-written check? The schema is already the documented
contract for anyone who reads logs with other tools, so making it the check too means
the documentation cannot drift from what patrolday accepts. The ``TypedDict`` classes give
the same shape to the type checker; a test keeps the two in step.

The writer (:class:`patrolday.workshop.sessions.SessionLog`, on the play path) imports
only this module's types: ``jsonschema`` is imported the first time a log is *read*.
"""

from __future__ import annotations

import json
import re
from functools import cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypedDict, cast

from patrolday.i18n import _

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

FORMAT: Literal["patrolday-session"] = "patrolday-session"
SCHEMA_VERSION = 1
Mode = Literal["tui", "plain", "served"]
MODES: tuple[Mode, ...] = ("tui", "plain", "served")
MoveKind = Literal["undo", "load"]
StepKind = Literal["choice", "undo", "load"]
MAX_LOG_BYTES = 20 * 1024 * 1024  # a generous cap when reading: real logs are a few KB


class StoryRef(TypedDict):
    id: str
    content_hash: str
    part: str | None


class _StartPointFields(TypedDict):
    scene: str
    meters: dict[str, int]
    at: str


class StartPoint(_StartPointFields, total=False):
    seed: int  # the game's seed (logs written before it was recorded have none)


class RoomCounts(TypedDict):
    """How a workshop room voted at one decision: counts only (``votes`` is their sum)."""

    devices: int  # devices that had joined the room by this decision
    phones: dict[str, int]  # votes from phones, per choice id
    hands: dict[str, int]  # raised hands the facilitator counted, per choice id


class _ChoiceStepFields(TypedDict):
    kind: Literal["choice"]
    turn: int
    scene: str
    decision: bool
    choice: str
    offered: list[str]
    votes: dict[str, int] | None
    to: str
    meters: dict[str, int]
    at: str
    undone: bool


class ChoiceStep(_ChoiceStepFields, total=False):
    room: RoomCounts  # only at a decision voted on in a room (``--room``)


class MoveStep(TypedDict):
    """An undo (back one choice) or a load (a save resumed: the session starts there)."""

    kind: MoveKind
    turn: int
    to: str
    meters: dict[str, int]
    at: str


Step = ChoiceStep | MoveStep


class SessionLogDoc(TypedDict):
    format: Literal["patrolday-session"]
    schema_version: int
    session_id: str
    patrolday_version: str
    story: StoryRef
    mode: Mode
    workshop: bool
    started_at: str
    updated_at: str | None
    ended_at: str | None
    start: StartPoint | None
    steps: list[Step]
    scene: str | None
    meters: dict[str, int]
    ending: str | None


def schema_path() -> Path:
    """The schema: inside the installed package, or in ``docs/`` of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "session-log.schema.json"
    if packaged.is_file():
        return packaged
    return here.parent.parent.parent / "docs" / "session-log.schema.json"


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_path().read_text(encoding="utf-8")))


class LogProblem(ValueError):
    """Why a file is not a usable session log, in one line (without the file name)."""


def _refuse_constant(name: str) -> Any:
    raise LogProblem(_("it holds {name}, which is not a number a session log can have").format(name=name))


def _refuse_float(text: str) -> Any:
    raise LogProblem(
        _("it holds the fraction {number}, and a session log has whole numbers only").format(number=text[:20])
    )


def parse_log(data: bytes) -> SessionLogDoc:
    """The bytes of a file as a checked session log, or :class:`LogProblem` saying why not."""
    if len(data) > MAX_LOG_BYTES:
        raise LogProblem(_("it is too large to be a session log"))
    try:
        doc = json.loads(data, parse_constant=_refuse_constant, parse_float=_refuse_float)
    except RecursionError:
        raise LogProblem(_("it is nested too deeply to be a session log")) from None
    except LogProblem:
        raise
    except (ValueError, UnicodeDecodeError) as err:
        raise LogProblem(
            _("it is not valid JSON ({error})").format(error=printable(str(err))[:120])
        ) from None
    if not looks_like_log(doc):
        raise LogProblem(_("it is not a patrolday session log"))
    if doc["schema_version"] > SCHEMA_VERSION:
        version = str(doc["schema_version"])[:20]
        raise LogProblem(
            _("it was written by a newer patrolday (schema {version}); upgrade to read it").format(
                version=version
            )
        )
    return check_log(doc)


def check_log(doc: object) -> SessionLogDoc:
    """``doc`` if it matches the schema, else :class:`LogProblem` naming the first wrong field."""
    try:
        first = next(islice(_validator().iter_errors(doc), 1), None)
    except RecursionError:  # only a document built in memory can get here: files fail in json.loads
        raise LogProblem(_("it is nested too deeply to be a session log")) from None
    if first is not None:
        raise LogProblem(_("it is not a valid session log: {problem}").format(problem=describe(first)))
    return cast(SessionLogDoc, doc)


def looks_like_log(doc: object) -> bool:
    """Whether ``doc`` carries the marks of a session log (format, schema version, id, steps,
    story), valid or not: cheap, and strict enough to decide what ``sessions --delete`` may remove."""
    return (
        isinstance(doc, dict)
        and doc.get("format") == FORMAT
        and isinstance(doc.get("schema_version"), int)
        and isinstance(doc.get("session_id"), str)
        and isinstance(doc.get("steps"), list)
        and isinstance(doc.get("story"), dict)
    )


# -- saying what is wrong --------------------------------------------------------------------------

_JSON_TYPES = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "text" if isinstance(value, str) else type(value).__name__


def _short(value: object) -> str:
    """A value as it may appear in a message: repr (which shows control characters as escapes),
    cut to a readable length."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def describe(error: ValidationError) -> str:
    """One line: where (``steps[0].meters.trust``) and what is wrong, with nothing from the
    file that could act on a terminal."""
    error = _branch(error)
    where = error.json_path.removeprefix("$").removeprefix(".") or "the top level"
    value: Any = error.instance  # the stubs allow "unset"; a raised error always has them
    expected: Any = error.validator_value
    schema: Any = error.schema
    rule = str(error.validator)
    if rule == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        problem = f"should be {' or '.join(_JSON_TYPES.get(n, n) for n in names)}, not {_kind(value)}"
    elif rule in ("pattern", "format"):
        problem = f"{_short(value)} is not in the form a session log uses there"
    elif rule in ("enum", "const"):
        options = expected if isinstance(expected, list) else [expected]
        problem = f"{_short(value)} should be {' or '.join(map(_short, options))}"
    elif rule in ("minimum", "maximum"):
        problem = f"{_short(value)} is out of range ({rule} {expected:,})"
    elif rule in ("maxItems", "maxProperties", "maxLength"):
        problem = f"has more than {expected:,} {'characters' if rule == 'maxLength' else 'entries'}"
    elif rule == "required":
        missing = [k for k in expected if isinstance(value, dict) and k not in value]
        problem = f"lacks {', '.join(map(_short, missing[:3]))}"
    elif rule == "additionalProperties":
        extra = [k for k in value if k not in (schema.get("properties") or {})]
        problem = f"has a field it should not have: {', '.join(map(_short, extra[:3]))}"
    elif rule == "anyOf" and isinstance(value, dict) and "kind" in value:
        problem = f"has the kind {_short(value['kind'])}; a step is a 'choice', an 'undo' or a 'load'"
    elif rule == "anyOf":
        problem = f"{_short(value)} is none of the shapes allowed there"
    else:
        problem = error.message
    return printable(f"{where} {problem}")[:300]


def _branch(error: ValidationError) -> ValidationError:
    """For a value that matched none of the shapes allowed (``anyOf``), the error inside the
    shape it was meant to have: a step with kind ``undo`` is judged as an undo step, an object
    where "an object or null" is allowed is judged as the object. Shapes it plainly is not
    (another type, another kind) are set aside; if none is left, the ``anyOf`` error itself."""
    while error.validator == "anyOf" and error.context:
        branches: dict[object, list[ValidationError]] = {}
        for inner in error.context:
            branches.setdefault(inner.schema_path[0], []).append(inner)
        meant = [
            errors
            for errors in branches.values()
            if not any(
                (e.validator == "type" and not e.relative_path)
                or (list(e.relative_path) == ["kind"] and e.validator in ("const", "enum"))
                for e in errors
            )
        ]
        if len(meant) != 1:
            return error
        error = meant[0][0]
    return error


# -- the one way text from a log reaches a terminal or a file --------------------------------------


@cache
def _control() -> re.Pattern[str]:
    # The engine's pattern for invisible control characters (C0, DEL, C1, bidi overrides):
    # one definition for story text and for everything else that gets printed.
    from patrolday.engine import CONTROL

    return CONTROL


def printable(text: object) -> str:
    """``text`` without control characters (escape codes, bells, bidi overrides): what any
    value from a session log, or a file name, goes through before it is printed or written.
    Line feeds and tabs stay (callers that need one line have already made one)."""
    return _control().sub("", str(text))
