"""``story.toml``: parsed with the standard library's ``tomllib``, then checked by hand.

TOML gives authors a well-known, forgiving syntax and us a well-kept parser; this module
only turns its tables into checked values and precise diagnostics. Positions inside the
manifest come from a light scan of its lines (tomllib does not report them for values).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from .diagnostics import Diagnostic, Location, Severity
from .expressions import MAX_NUMBER, MAX_STRING, Value, type_of
from .invisible import CONTROL, HINT, INVISIBLE, INVISIBLE_HINT, describe
from .model import MeterDirection, Route, StoryPart, Variable

VAR_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
STORY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
_STORY_KEYS = {"id", "title", "authors", "start", "version", "blurb", "content_note", "credits", "language"}
ROUTE_NAME = STORY_ID
_VAR_KEYS = {"initial", "label", "min", "max", "description", "good"}
_PART_KEYS = {"id", "title", "start", "unlock_after", "meters", "carry"}
_ROUTE_KEYS = {"title", "description"}
_TABLES = ("story", "vars", "parts", "routes")
_TABLES_HINT = "the manifest has [story], [vars.NAME], [routes.NAME] and [[parts]]"
_DIRECTIONS: tuple[MeterDirection, ...] = ("up", "down", "neither")
_KEYWORDS = ("and", "or", "not", "true", "false")


@dataclass(frozen=True, slots=True)
class Manifest:
    """A story's ``story.toml``, checked: what a title screen, a part menu or a catalogue needs.

    Read by :func:`patrolday.engine.read_manifest` without the scenes, so a front end can
    draw a title before (or without) loading a whole story. ``parts`` are the parts the
    loaded story will have: the declared ``[[parts]]``, or one part called ``main`` that
    starts at ``start``. Whether the start scenes exist is only known once the scenes
    load (:func:`patrolday.engine.load_story` checks it).
    """

    id: str
    title: str
    start: str
    root: str  # the story folder, resolved
    authors: tuple[str, ...] = ()
    blurb: str = ""
    content_note: str = ""
    credits: str = ""
    version: str = ""
    language: str = "en"
    variables: tuple[Variable, ...] = ()
    parts: tuple[StoryPart, ...] = ()
    routes: tuple[Route, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()  # what is odd but does not stop the story


@dataclass(slots=True)
class ParsedManifest:
    """The manifest while it is being checked: values found so far and every diagnostic."""

    file: str = ""
    id: str = ""
    title: str = ""
    start: str = ""
    start_location: Location | None = None
    authors: tuple[str, ...] = ()
    blurb: str = ""
    content_note: str = ""
    credits: str = ""
    version: str = ""
    language: str = "en"
    variables: list[Variable] = field(default_factory=list)
    parts: list[StoryPart] = field(default_factory=list)  # as declared: maybe none
    routes: list[Route] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def story_parts(self) -> tuple[StoryPart, ...]:
        """The parts the story has: those declared, or one part ``main`` that starts at ``start``."""
        if self.parts:
            return tuple(self.parts)
        where = self.start_location or Location(self.file)
        return (StoryPart("main", self.title, self.start, None, where),)

    def finish(self, root: str) -> Manifest:
        """The checked manifest as the engine's face hands it out."""
        return Manifest(
            id=self.id,
            title=self.title,
            start=self.start,
            root=root,
            authors=self.authors,
            blurb=self.blurb,
            content_note=self.content_note,
            credits=self.credits,
            version=self.version,
            language=self.language,
            variables=tuple(self.variables),
            parts=self.story_parts(),
            routes=tuple(self.routes),
            warnings=tuple(d for d in self.diagnostics if d.severity is Severity.WARNING),
        )


class _Positions:
    """Find the line of ``key =`` inside ``[table]`` so diagnostics point somewhere useful."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.index: dict[tuple[str, str], tuple[int, int]] = {}
        self.tables: dict[str, int] = {}
        self.array_tables: dict[str, list[int]] = {}
        table = ""
        for n, line in enumerate(text.splitlines(), start=1):
            s = line.strip()
            m = re.match(r"\[\[\s*([^\]]+?)\s*\]\]", s)
            if m:
                table = f"{m.group(1)}#{len(self.array_tables.setdefault(m.group(1), []))}"
                self.array_tables[m.group(1)].append(n)
                self.tables[table] = n
                continue
            m = re.match(r"\[\s*([^\]]+?)\s*\]", s)
            if m:
                table = m.group(1).replace('"', "")
                self.tables[table] = n
                continue
            m = re.match(r"([A-Za-z0-9_\-\"]+)\s*=", s)
            if m:
                key = m.group(1).strip('"')
                self.index.setdefault((table, key), (n, line.index(m.group(1)) + 1))

    def at(self, table: str, key: str | None = None) -> Location:
        if key is not None and (table, key) in self.index:
            line, col = self.index[(table, key)]
            return Location(self.file, line, col)
        return Location(self.file, self.tables.get(table, 1), 1 if table in self.tables else 0)


def parse_manifest(text: str, file: str) -> ParsedManifest:
    """Parse and check manifest text. Never raises for bad input."""
    out = ParsedManifest(file)
    data = _toml(text, file, out)
    if data is None:
        return out
    check = _Check(_Positions(text, file), out)
    _check_text_values(data, check)
    story = _story_table(data, check)
    _unknown_keys(story, _STORY_KEYS, "story", check, lambda key: f"unknown key 'story.{key}'")
    _unknown_tables(data, check)
    _story_fields(story, check)
    _variables(data.get("vars", {}), check)
    _parts(data.get("parts"), check)
    _first_part_starts_the_story(check)
    _routes(data.get("routes"), check)
    return out


@dataclass(slots=True)
class _Check:
    """What every check below needs: where keys sit, and where to put what is wrong."""

    pos: _Positions
    out: ParsedManifest

    def at(self, table: str, key: str | None = None) -> Location:
        return self.pos.at(table, key)

    def error(self, location: Location, message: str, hint: str = "", code: str = "") -> None:
        self.out.diagnostics.append(Diagnostic(location, message, hint, code=code))

    def warning(self, location: Location, message: str, hint: str, code: str) -> None:
        self.out.diagnostics.append(Diagnostic(location, message, hint, Severity.WARNING, code))


def _toml(text: str, file: str, out: ParsedManifest) -> dict[str, Any] | None:
    """The TOML tables, or None (with the one diagnostic that says why) if the text is not TOML."""
    too_deep = _nesting_past_limit(text)
    if too_deep is not None:
        out.diagnostics.append(_too_deep(file, *too_deep))
        return None
    try:
        return tomllib.loads(text)
    except RecursionError:  # the scan above should have caught it; a traceback must never be the answer
        out.diagnostics.append(_too_deep(file, 1, 1))
        return None
    except tomllib.TOMLDecodeError as err:
        line, col = _toml_position(err)
        message = str(err).split(" (at ")[0]
        hint = "check quotes and brackets; text values need double quotes"
        if "twice" in message or "overwrite" in message:
            hint = "each key and each [table] may appear once: merge or remove the repeated one"
        out.diagnostics.append(
            Diagnostic(
                Location(file, line, col), f"story.toml is not valid TOML: {message}", hint, code="toml"
            )
        )
        return None


MAX_TOML_DEPTH = 32
"""Arrays and inline tables nested in one another, at most. A manifest needs two or three
levels; tomllib parses nesting by recursion, so thousands of levels would raise a
RecursionError instead of a diagnostic."""
_TOML_TOKENS = re.compile(r"\"\"\"|'''|[\"'#\[\]{}]")
_BASIC_STRING_END = re.compile(r'(?:[^"\\\n]|\\.)*(?:"|\n|$)')
_MULTILINE_BASIC_END = re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""', re.DOTALL)


def _nesting_past_limit(text: str) -> tuple[int, int] | None:
    """(line, column) of the first ``[`` or ``{`` nested past :data:`MAX_TOML_DEPTH` (outside
    strings and comments), or None. A scan of the text before tomllib sees it."""
    if text.count("[") + text.count("{") <= MAX_TOML_DEPTH:  # nearly every manifest
        return None
    depth, i = 0, 0
    while (m := _TOML_TOKENS.search(text, i)) is not None:
        token, i = m.group(), m.end()
        if token in "[{":
            depth += 1
            if depth > MAX_TOML_DEPTH:
                start = text.rfind("\n", 0, m.start()) + 1
                return text.count("\n", 0, start) + 1, m.start() - start + 1
        elif token in "]}":
            depth = max(depth - 1, 0)
        else:
            i = _past(text, token, i)
    return None


def _past(text: str, token: str, i: int) -> int:
    """Where the comment or string that ``token`` opened (just before ``i``) ends.

    Close enough to TOML for counting brackets: a text that is not valid TOML is reported
    by tomllib anyway, and anything this scan misses is caught as a RecursionError.
    """
    if token == "#" or token == "'":  # a comment, or a literal string: both end on their line
        newline = text.find("\n", i)
        close = text.find("'", i, len(text) if newline < 0 else newline) if token == "'" else -1
        end = close + 1 if close >= 0 else newline
    elif token == "'''":
        close = text.find("'''", i)
        end = close + 3 if close >= 0 else -1
    else:
        m = (_MULTILINE_BASIC_END if token == '"""' else _BASIC_STRING_END).match(text, i)
        end = m.end() if m else -1
    return len(text) if end < 0 else end


def _too_deep(file: str, line: int, column: int) -> Diagnostic:
    return Diagnostic(
        Location(file, line, column),
        f"story.toml has values nested deeper than {MAX_TOML_DEPTH} levels",
        "a manifest needs a list of names at most: flatten the value, or remove it",
        code="toml",
    )


def _check_text_values(data: dict[str, Any], check: _Check) -> None:
    """Text values written with TOML escapes (``"\\u001b"``) can still hold control characters.

    The raw file is checked by the loader; this checks what the escapes decode to, and
    keeps any text a player sees (and every variable's text) within :data:`MAX_STRING`.
    """
    for table, values in _tables(data):
        for key, value in values.items():
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    _check_text(text, table, key, check)


def _tables(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each table that holds text, with the name :class:`_Positions` knows it by."""
    tables: list[tuple[str, Any]] = [("story", data.get("story"))]
    if isinstance(data.get("vars"), dict):
        tables += [(f"vars.{name}", spec) for name, spec in data["vars"].items()]
    if isinstance(data.get("parts"), list):
        tables += [(f"parts#{n}", spec) for n, spec in enumerate(data["parts"])]
    if isinstance(data.get("routes"), dict):
        tables += [(f"routes.{name}", spec) for name, spec in data["routes"].items()]
    return [(name, values) for name, values in tables if isinstance(values, dict)]


def _check_text(text: str, table: str, key: str, check: _Check) -> None:
    bad = CONTROL.search(text)
    unseen = INVISIBLE.search(text) if _names_a_thing(table, key) else None
    if bad is not None:
        message = f"'{key}' holds an invisible control character {describe(bad.group()[0])}"
        check.error(check.at(table, key), message, HINT, code="control")
    elif unseen is not None:
        message = f"'{key}' holds an invisible character {describe(unseen.group())}"
        check.error(check.at(table, key), message, INVISIBLE_HINT, code="invisible")
    elif len(text) > MAX_STRING:
        message = f"'{key}' is longer than {MAX_STRING:,} characters"
        check.error(check.at(table, key), message, "shorten it; long text belongs in scenes", code="too-long")


def _names_a_thing(table: str, key: str) -> bool:
    """Titles and meter labels: what players tell apart by how it looks (see engine.invisible)."""
    return key == "title" or (key == "label" and table.startswith("vars."))


def _suggest(key: str, options: Iterable[str], known: str = "known keys") -> str:
    close = difflib.get_close_matches(key, sorted(options), n=1)
    return f"did you mean '{close[0]}'?" if close else f"{known}: " + ", ".join(sorted(options))


def _unknown_keys(
    spec: dict[str, Any], known: set[str], table: str, check: _Check, message: Callable[[str], str]
) -> None:
    for key in spec:
        if key not in known:
            check.error(check.at(table, key), message(key), _suggest(key, known))


def _is_text(value: object) -> TypeGuard[str]:
    """Text with something in it."""
    return isinstance(value, str) and bool(value)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


# -- [story] ----------------------------------------------------------------------------------


def _story_table(data: dict[str, Any], check: _Check) -> dict[str, Any]:
    story = data.get("story")
    if isinstance(story, dict):
        return story
    check.error(
        Location(check.out.file, 1, 1),
        "story.toml has no [story] table",
        "start it with [story] and id, title, start",
    )
    return {}


def _unknown_tables(data: dict[str, Any], check: _Check) -> None:
    for key in data:
        if key not in _TABLES:
            check.error(check.at(key), f"unknown table [{key}]", _TABLES_HINT)


def _story_fields(story: dict[str, Any], check: _Check) -> None:
    out = check.out
    out.id = _text(story, "id", check, required=True)
    if out.id and not STORY_ID.match(out.id):
        check.error(check.at("story", "id"), f"story id '{out.id}' may only use letters, digits, '-' and '_'")
    out.title = _text(story, "title", check, required=True)
    out.start = _text(story, "start", check, required=True)
    out.start_location = check.at("story", "start")
    out.blurb = _text(story, "blurb", check)
    out.content_note = _text(story, "content_note", check)
    out.credits = _text(story, "credits", check)
    version = story.get("version")
    out.version = str(version) if isinstance(version, (int, float)) else _text(story, "version", check)
    out.language = _text(story, "language", check) or "en"
    out.authors = _authors(story, check)


def _text(story: dict[str, Any], key: str, check: _Check, required: bool = False) -> str:
    value = story.get(key, "")
    if not isinstance(value, str):
        check.error(check.at("story", key), f"story.{key} must be text in quotes")
        return ""
    if required and not value.strip():
        check.error(check.at("story", key), f"story.{key} is missing", f'add {key} = "..." under [story]')
    return value.strip()


def _authors(story: dict[str, Any], check: _Check) -> tuple[str, ...]:
    authors = story.get("authors", [])
    if isinstance(authors, str):
        return (authors,)
    if isinstance(authors, list) and all(isinstance(a, str) for a in authors):
        return tuple(authors)
    check.error(check.at("story", "authors"), 'authors must be a list: ["Name", "Name"]')
    return ()


# -- [vars.NAME] ------------------------------------------------------------------------------


def _variables(table: Any, check: _Check) -> None:
    if not isinstance(table, dict):
        check.error(check.at("vars"), "[vars] must hold one table per variable")
        return
    for name, spec in table.items():
        variable = _variable(name, spec, check)
        if variable is not None:
            check.out.variables.append(variable)


def _variable(name: str, spec: Any, check: _Check) -> Variable | None:
    where = f"vars.{name}"
    if not VAR_NAME.match(name) or name in _KEYWORDS:
        hint = "use letters, digits and _, starting with a letter"
        check.error(check.at(where), f"variable name '{name}' is not allowed", hint)
        return None
    if not isinstance(spec, dict):
        hint = f"write [vars.{name}] then initial = ..."
        check.error(check.at("vars", name), f"variable '{name}' must be a table", hint)
        return None
    _unknown_keys(spec, _VAR_KEYS, where, check, lambda key: f"unknown key '{key}' for variable '{name}'")
    initial = _initial(name, spec, check)
    if initial is None:
        return None
    label, low, high = _meter(name, spec, initial, check)
    description = spec.get("description", "")
    if not isinstance(description, str):
        check.error(check.at(where, "description"), f"variable '{name}': description must be text in quotes")
    good = _good(name, spec, check)
    return Variable(
        name=name,
        initial=initial,
        type=type_of(initial),
        location=check.at(where),
        label=label,
        min=low,
        max=high,
        description=description if isinstance(description, str) else "",
        good=good if label is not None else "up",
    )


def _initial(name: str, spec: dict[str, Any], check: _Check) -> Value | None:
    where = f"vars.{name}"
    if "initial" not in spec:
        hint = 'add initial = 0 (or true, or "text")'
        check.error(check.at(where), f"variable '{name}' has no initial value", hint)
        return None
    initial = spec["initial"]
    if not isinstance(initial, (bool, int, str)):
        message = f"variable '{name}': initial must be a whole number, true/false or text"
        check.error(check.at(where, "initial"), message)
        return None
    if _is_int(initial) and abs(initial) > MAX_NUMBER:
        check.error(check.at(where, "initial"), f"variable '{name}': number out of range")
        return None
    return initial


_NOT_A_METER: tuple[None, None, None] = (None, None, None)


def _meter(
    name: str, spec: dict[str, Any], initial: Value, check: _Check
) -> tuple[str | None, int | None, int | None]:
    """(label, min, max) if the variable is a meter, else three Nones."""
    where = f"vars.{name}"
    label, low, high = spec.get("label"), spec.get("min"), spec.get("max")
    if label is None:
        if low is not None or high is not None:
            hint = 'add label = "..." to make it a meter'
            check.error(check.at(where), f"variable '{name}' has min/max but no label", hint)
        return _NOT_A_METER
    if not isinstance(label, str) or not label.strip():
        check.error(check.at(where, "label"), f"variable '{name}': label must be text")
        return _NOT_A_METER
    if isinstance(initial, (bool, str)):
        hint = "remove label, or make initial a number"
        check.error(check.at(where, "label"), f"variable '{name}': only numbers can be meters", hint)
        return _NOT_A_METER
    if not (_is_int(low) and _is_int(high)):
        check.error(
            check.at(where), f"meter '{name}' needs whole-number min and max", "add min = 0 and max = 10"
        )
        return _NOT_A_METER
    if low > high or not low <= initial <= high:
        check.error(check.at(where, "initial"), f"meter '{name}': initial {initial} is outside {low}..{high}")
    return label.strip(), low, high


def _good(name: str, spec: dict[str, Any], check: _Check) -> MeterDirection:
    """``good = "up" | "down" | "neither"``: which way the meter moving is good news."""
    where = f"vars.{name}"
    good = spec.get("good")
    if good is None:
        return "up"
    if "label" not in spec:
        hint = "remove good, or make the variable a meter with label, min and max"
        check.error(check.at(where, "good"), f"variable '{name}': only meters have a good direction", hint)
        return "up"
    for direction in _DIRECTIONS:
        if good == direction:
            return direction
    shown = good if isinstance(good, str) else repr(good)
    hint = (
        _suggest(shown, _DIRECTIONS, "write one of")
        if isinstance(good, str)
        else 'write "up", "down" or "neither"'
    )
    check.error(check.at(where, "good"), f'meter \'{name}\': good must be "up", "down" or "neither"', hint)
    return "up"


# -- [[parts]] --------------------------------------------------------------------------------


def _parts(table: Any, check: _Check) -> None:
    if table is None:
        return
    if not isinstance(table, list):
        check.error(check.at("parts"), "parts must be written as [[parts]] tables")
        return
    seen: set[str] = set()
    for n, spec in enumerate(table):
        if not isinstance(spec, dict):
            continue
        previous = check.out.parts[-1] if check.out.parts else None
        part = _part(f"parts#{n}", spec, seen, previous, check)
        if part is not None:
            check.out.parts.append(part)


def _part(
    where: str, spec: dict[str, Any], seen: set[str], previous: StoryPart | None, check: _Check
) -> StoryPart | None:
    _unknown_keys(spec, _PART_KEYS, where, check, lambda key: f"unknown key '{key}' in [[parts]]")
    pid, title, start = spec.get("id"), spec.get("title"), spec.get("start")
    if not (_is_text(pid) and _is_text(title) and _is_text(start)):
        hint = 'add id = "...", title = "...", start = "scene-id"'
        check.error(check.at(where), "each [[parts]] needs id, title and start", hint)
        return None
    if pid in seen:
        check.error(check.at(where, "id"), f"part id '{pid}' is used twice")
    seen.add(pid)
    unlock_after = _unlock_after(where, spec, check)
    meters = _part_meters(where, pid, spec, check)
    carry = _carry(where, pid, spec, previous, check)
    return StoryPart(pid, title, start, unlock_after, check.at(where), meters, carry)


def _unlock_after(where: str, spec: dict[str, Any], check: _Check) -> tuple[str, ...] | None:
    unlock = spec.get("unlock_after")
    if unlock is None:
        return None
    if unlock == "any":
        return ("any",)
    if isinstance(unlock, list) and unlock and all(isinstance(u, str) for u in unlock):
        return tuple(unlock)
    check.error(check.at(where, "unlock_after"), 'unlock_after must be "any" or a list of ending ids')
    return None


def _part_meters(where: str, pid: str, spec: dict[str, Any], check: _Check) -> tuple[str, ...] | None:
    meters = spec.get("meters")
    if meters is None:
        return None
    if not isinstance(meters, list) or not all(isinstance(m, str) for m in meters):
        check.error(check.at(where, "meters"), 'meters must be a list of meter names: ["trust"]')
        return None
    declared = {v.name for v in check.out.variables if v.is_meter}
    for name in meters:
        if name not in declared:
            check.error(
                check.at(where, "meters"),
                f"part '{pid}' shows meter '{name}', which is not a declared meter",
                "meters are [vars.NAME] with a label, min and max",
            )
    return tuple(meters)


def _carry(
    where: str, pid: str, spec: dict[str, Any], previous: StoryPart | None, check: _Check
) -> tuple[str, ...]:
    """``carry = ["trust"]``: declared variables whose values the previous part's game hands on."""
    carry = spec.get("carry")
    if carry is None:
        return ()
    at = check.at(where, "carry")
    if not isinstance(carry, list) or not all(isinstance(c, str) for c in carry):
        check.error(at, 'carry must be a list of variable names: ["trust"]')
        return ()
    if previous is None:
        hint = "remove carry: the first part starts from the initial values"
        check.error(at, f"part '{pid}' is the first part: there is no part before it to carry from", hint)
        return ()
    declared = [v.name for v in check.out.variables]
    for n, name in enumerate(carry):
        _carried(name, name in carry[:n], declared, pid, previous, at, check)
    return tuple(name for name in dict.fromkeys(carry) if name in declared)


def _carried(
    name: str, again: bool, declared: list[str], pid: str, previous: StoryPart, at: Location, check: _Check
) -> None:
    """One name in ``carry``: declared, listed once; a meter the previous part shows."""
    if again:
        check.error(at, f"part '{pid}' carries '{name}' twice", "list each variable once")
    elif name not in declared:
        hint = _suggest(name, declared, "declared variables") if declared else "declare it as [vars.NAME]"
        check.error(at, f"part '{pid}' carries '{name}', which is not a declared variable", hint)
    elif _unshown_meter(name, previous, check):
        check.warning(
            at,
            f"part '{pid}' carries meter '{name}', which part '{previous.id}' does not show",
            f"add '{name}' to the meters of part '{previous.id}', or do not carry it",
            "carry-unshown-meter",
        )


def _unshown_meter(name: str, part: StoryPart, check: _Check) -> bool:
    """A meter the part does not show: carrying it on from there is probably a slip."""
    is_meter = any(v.name == name and v.is_meter for v in check.out.variables)
    return is_meter and part.meters is not None and name not in part.meters


def _first_part_starts_the_story(check: _Check) -> None:
    out = check.out
    if out.parts and out.start and out.parts[0].start != out.start:
        check.error(
            out.start_location or check.at("story", "start"),
            "story.start must be the start of the first [[parts]]",
            f'set start = "{out.parts[0].start}"',
        )


# -- [routes.NAME] ---------------------------------------------------------------------------


def _routes(table: Any, check: _Check) -> None:
    if table is None:
        return
    if not isinstance(table, dict):
        hint = 'write [routes.short] then title = "45-minute class"'
        check.error(check.at("", "routes"), "[routes] must hold one table per route", hint)
        return
    for name, spec in table.items():
        route = _route(name, spec, check)
        if route is not None:
            check.out.routes.append(route)


def _route(name: str, spec: Any, check: _Check) -> Route | None:
    where = f"routes.{name}"
    if not ROUTE_NAME.match(name):
        hint = "scenes name it in '# route: NAME', so keep it to one word"
        check.error(check.at(where), f"route name '{name}' may only use letters, digits, '-' and '_'", hint)
        return None
    if not isinstance(spec, dict):
        hint = f'write [routes.{name}] then title = "..."'
        check.error(check.at("routes", name), f"route '{name}' must be a table", hint)
        return None
    _unknown_keys(spec, _ROUTE_KEYS, where, check, lambda key: f"unknown key '{key}' for route '{name}'")
    title = spec.get("title")
    if not isinstance(title, str) or not title.strip():
        hint = 'add title = "45-minute class": facilitators pick a route by its title'
        check.error(
            check.at(where, "title" if "title" in spec else None), f"route '{name}' needs a title", hint
        )
        return None
    description = spec.get("description", "")
    if not isinstance(description, str):
        check.error(check.at(where, "description"), f"route '{name}': description must be text in quotes")
        description = ""
    return Route(name, title.strip(), description.strip(), check.at(where))


def _toml_position(err: tomllib.TOMLDecodeError) -> tuple[int, int]:
    lineno = getattr(err, "lineno", None)
    colno = getattr(err, "colno", None)
    if isinstance(lineno, int) and isinstance(colno, int):
        return lineno, colno
    m = re.search(r"at line (\d+), column (\d+)", str(err))
    return (int(m.group(1)), int(m.group(2))) if m else (1, 1)
