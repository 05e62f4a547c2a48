"""``story.toml``: parsed with the standard library's ``tomllib``, then checked by hand.

TOML gives authors a well-known, forgiving syntax and us a well-kept parser; this module
only turns its tables into checked values and precise diagnostics. Positions inside the
manifest come from a light scan of its lines (tomllib does not report them for values).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostic, Location
from .expressions import MAX_NUMBER, MAX_STRING, type_of
from .invisible import CONTROL, HINT, describe
from .model import StoryPart, Variable

VAR_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
STORY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
_STORY_KEYS = {"id", "title", "authors", "start", "version", "blurb", "content_note", "credits", "language"}
_VAR_KEYS = {"initial", "label", "min", "max", "description"}
_PART_KEYS = {"id", "title", "start", "unlock_after", "meters"}


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
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line, col = _toml_position(err)
        message = str(err).split(" (at ")[0]
        hint = "check quotes and brackets; text values need double quotes"
        if "twice" in message or "overwrite" in message:
            hint = "each key and each [table] may appear once: merge or remove the repeated one"
        out.diagnostics.append(
            Diagnostic(
                Location(file, line, col),
                f"story.toml is not valid TOML: {message}",
                hint,
                code="toml",
            )
        )
        return out
    pos = _Positions(text, file)
    _check_text_values(data, pos, out)
    story = data.get("story")
    if not isinstance(story, dict):
        out.diagnostics.append(
            Diagnostic(
                Location(file, 1, 1),
                "story.toml has no [story] table",
                "start it with [story] and id, title, start",
            )
        )
        story = {}
    for key in story:
        if key not in _STORY_KEYS:
            out.diagnostics.append(
                Diagnostic(pos.at("story", key), f"unknown key 'story.{key}'", _suggest(key, _STORY_KEYS))
            )
    for key in data:
        if key not in ("story", "vars", "parts"):
            out.diagnostics.append(
                Diagnostic(
                    pos.at(key),
                    f"unknown table [{key}]",
                    "the manifest has [story], [vars.NAME] and [[parts]]",
                )
            )

    def text_field(key: str, required: bool = False) -> str:
        value = story.get(key, "")
        if not isinstance(value, str):
            out.diagnostics.append(Diagnostic(pos.at("story", key), f"story.{key} must be text in quotes"))
            return ""
        if required and not value.strip():
            out.diagnostics.append(
                Diagnostic(
                    pos.at("story", key), f"story.{key} is missing", f'add {key} = "..." under [story]'
                )
            )
        return value.strip()

    out.id = text_field("id", required=True)
    if out.id and not STORY_ID.match(out.id):
        out.diagnostics.append(
            Diagnostic(
                pos.at("story", "id"), f"story id '{out.id}' may only use letters, digits, '-' and '_'"
            )
        )
    out.title = text_field("title", required=True)
    out.start = text_field("start", required=True)
    out.start_location = pos.at("story", "start")
    out.blurb = text_field("blurb")
    out.content_note = text_field("content_note")
    out.credits = text_field("credits")
    out.version = (
        text_field("version") if not isinstance(story.get("version"), (int, float)) else str(story["version"])
    )
    out.language = text_field("language") or "en"
    authors = story.get("authors", [])
    if isinstance(authors, str):
        authors = [authors]
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        out.diagnostics.append(
            Diagnostic(pos.at("story", "authors"), 'authors must be a list: ["Name", "Name"]')
        )
        authors = []
    out.authors = tuple(authors)
    _variables(data.get("vars", {}), pos, out)
    _parts(data.get("parts"), pos, out)
    if out.parts and out.start and out.parts[0].start != out.start:
        out.diagnostics.append(
            Diagnostic(
                out.start_location or pos.at("story", "start"),
                "story.start must be the start of the first [[parts]]",
                f'set start = "{out.parts[0].start}"',
            )
        )
    return out


def _check_text_values(data: dict[str, Any], pos: _Positions, out: ParsedManifest) -> None:
    """Text values written with TOML escapes (``"\\u001b"``) can still hold control characters.

    The raw file is checked by the loader; this checks what the escapes decode to, and
    keeps any text a player sees (and every variable's text) within :data:`MAX_STRING`.
    """
    tables: list[tuple[str, Any]] = [("story", data.get("story"))]
    if isinstance(data.get("vars"), dict):
        tables += [(f"vars.{name}", spec) for name, spec in data["vars"].items()]
    if isinstance(data.get("parts"), list):
        tables += [(f"parts#{n}", spec) for n, spec in enumerate(data["parts"])]
    for table, values in tables:
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            texts = value if isinstance(value, list) else [value]
            for text in texts:
                if not isinstance(text, str):
                    continue
                bad = CONTROL.search(text)
                if bad is not None:
                    out.diagnostics.append(
                        Diagnostic(
                            pos.at(table, key),
                            f"'{key}' holds an invisible control character {describe(bad.group()[0])}",
                            HINT,
                            code="control",
                        )
                    )
                elif len(text) > MAX_STRING:
                    out.diagnostics.append(
                        Diagnostic(
                            pos.at(table, key),
                            f"'{key}' is longer than {MAX_STRING:,} characters",
                            "shorten it; long text belongs in scenes",
                            code="too-long",
                        )
                    )


def _suggest(key: str, options: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(options), n=1)
    return f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(sorted(options))


def _variables(table: Any, pos: _Positions, out: ParsedManifest) -> None:
    if not isinstance(table, dict):
        out.diagnostics.append(Diagnostic(pos.at("vars"), "[vars] must hold one table per variable"))
        return
    for name, spec in table.items():
        where = f"vars.{name}"
        loc = pos.at(where)
        if not VAR_NAME.match(name) or name in ("and", "or", "not", "true", "false"):
            out.diagnostics.append(
                Diagnostic(
                    loc,
                    f"variable name '{name}' is not allowed",
                    "use letters, digits and _, starting with a letter",
                )
            )
            continue
        if not isinstance(spec, dict):
            out.diagnostics.append(
                Diagnostic(
                    pos.at("vars", name),
                    f"variable '{name}' must be a table",
                    f"write [vars.{name}] then initial = ...",
                )
            )
            continue
        for key in spec:
            if key not in _VAR_KEYS:
                out.diagnostics.append(
                    Diagnostic(
                        pos.at(where, key),
                        f"unknown key '{key}' for variable '{name}'",
                        _suggest(key, _VAR_KEYS),
                    )
                )
        if "initial" not in spec:
            out.diagnostics.append(
                Diagnostic(
                    loc, f"variable '{name}' has no initial value", 'add initial = 0 (or true, or "text")'
                )
            )
            continue
        initial = spec["initial"]
        if not isinstance(initial, (bool, int, str)):
            out.diagnostics.append(
                Diagnostic(
                    pos.at(where, "initial"),
                    f"variable '{name}': initial must be a whole number, true/false or text",
                )
            )
            continue
        if isinstance(initial, int) and not isinstance(initial, bool) and abs(initial) > MAX_NUMBER:
            out.diagnostics.append(
                Diagnostic(pos.at(where, "initial"), f"variable '{name}': number out of range")
            )
            continue
        label = spec.get("label")
        lo, hi = spec.get("min"), spec.get("max")
        vtype = type_of(initial)
        if label is not None:
            if not isinstance(label, str) or not label.strip():
                out.diagnostics.append(
                    Diagnostic(pos.at(where, "label"), f"variable '{name}': label must be text")
                )
                label = None
            elif vtype != "int":
                out.diagnostics.append(
                    Diagnostic(
                        pos.at(where, "label"),
                        f"variable '{name}': only numbers can be meters",
                        "remove label, or make initial a number",
                    )
                )
                label = None
            elif not (_is_int(lo) and _is_int(hi)):
                out.diagnostics.append(
                    Diagnostic(
                        loc, f"meter '{name}' needs whole-number min and max", "add min = 0 and max = 10"
                    )
                )
                label = None
            elif lo > hi or not lo <= initial <= hi:  # type: ignore[operator]
                out.diagnostics.append(
                    Diagnostic(
                        pos.at(where, "initial"), f"meter '{name}': initial {initial} is outside {lo}..{hi}"
                    )
                )
        elif lo is not None or hi is not None:
            out.diagnostics.append(
                Diagnostic(
                    loc, f"variable '{name}' has min/max but no label", 'add label = "..." to make it a meter'
                )
            )
        description = spec.get("description", "")
        out.variables.append(
            Variable(
                name=name,
                initial=initial,
                type=vtype,
                location=loc,
                label=label.strip() if isinstance(label, str) else None,
                min=lo if label else None,
                max=hi if label else None,
                description=description if isinstance(description, str) else "",
            )
        )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parts(table: Any, pos: _Positions, out: ParsedManifest) -> None:
    if table is None:
        return
    if not isinstance(table, list):
        out.diagnostics.append(Diagnostic(pos.at("parts"), "parts must be written as [[parts]] tables"))
        return
    seen: set[str] = set()
    for n, spec in enumerate(table):
        where = f"parts#{n}"
        loc = pos.at(where)
        if not isinstance(spec, dict):
            continue
        for key in spec:
            if key not in _PART_KEYS:
                out.diagnostics.append(
                    Diagnostic(
                        pos.at(where, key), f"unknown key '{key}' in [[parts]]", _suggest(key, _PART_KEYS)
                    )
                )
        pid, title, start = spec.get("id"), spec.get("title"), spec.get("start")
        if not (isinstance(pid, str) and isinstance(title, str) and isinstance(start, str)) or not (
            pid and title and start
        ):
            out.diagnostics.append(
                Diagnostic(
                    loc,
                    "each [[parts]] needs id, title and start",
                    'add id = "...", title = "...", start = "scene-id"',
                )
            )
            continue
        if pid in seen:
            out.diagnostics.append(Diagnostic(pos.at(where, "id"), f"part id '{pid}' is used twice"))
        seen.add(pid)
        unlock = spec.get("unlock_after")
        unlock_after: tuple[str, ...] | None
        if unlock is None:
            unlock_after = None
        elif unlock == "any":
            unlock_after = ("any",)
        elif isinstance(unlock, list) and unlock and all(isinstance(u, str) for u in unlock):
            unlock_after = tuple(unlock)
        else:
            out.diagnostics.append(
                Diagnostic(
                    pos.at(where, "unlock_after"), 'unlock_after must be "any" or a list of ending ids'
                )
            )
            unlock_after = None
        meters = spec.get("meters")
        shown: tuple[str, ...] | None = None
        if meters is not None:
            declared = {v.name for v in out.variables if v.is_meter}
            if not isinstance(meters, list) or not all(isinstance(m, str) for m in meters):
                out.diagnostics.append(
                    Diagnostic(pos.at(where, "meters"), 'meters must be a list of meter names: ["trust"]')
                )
            else:
                for name in meters:
                    if name not in declared:
                        out.diagnostics.append(
                            Diagnostic(
                                pos.at(where, "meters"),
                                f"part '{pid}' shows meter '{name}', which is not a declared meter",
                                "meters are [vars.NAME] with a label, min and max",
                            )
                        )
                shown = tuple(meters)
        out.parts.append(StoryPart(pid, title, start, unlock_after, loc, shown))


def _toml_position(err: tomllib.TOMLDecodeError) -> tuple[int, int]:
    lineno = getattr(err, "lineno", None)
    colno = getattr(err, "colno", None)
    if isinstance(lineno, int) and isinstance(colno, int):
        return lineno, colno
    m = re.search(r"at line (\d+), column (\d+)", str(err))
    return (int(m.group(1)), int(m.group(2))) if m else (1, 1)
