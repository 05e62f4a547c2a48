"""Scene files: prose-first text with choices, conditions and effects inline.

A pure function of (file text, declared variable types) to scenes and diagnostics; the
loader does the file system and cross-file checks. Parsing is line by line: the first
characters of a line decide what it is, so a scene reads like a page of a book and every
mistake has an exact line and column.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Location
from .expressions import Compiled, ExpressionError, Ref, Scope, compile_expression
from .inline import InlineError, parse_inline
from .model import Choice, Condition, Effect, Paragraph, Parts, Scene, TextBlock

MAX_LINE = 10_000
MAX_CHOICES = 100  # per scene: more is no longer a decision a player can read
SCENE_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_EFFECT = re.compile(r"\s*(?P<var>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<op>\+=|-=|=(?!=))\s*")
_CHOICE_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# First characters that make a line more than prose (or need the careful path).
_SPECIAL_START = frozenset("#?~-*+=/ \t\r\ufeff")


@dataclass(slots=True)
class _Draft:
    """A scene being read; frozen into a :class:`Scene` at the end."""

    id: str
    location: Location
    title: str | None = None
    ending: str | None = None
    tags: set[str] = field(default_factory=set)
    summary: str | None = None
    questions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    para_parts: list[Parts] = field(default_factory=list)
    para_loc: Location | None = None
    para_plain: bool = True  # every line so far is plain text: join without merging parts
    effects: list[Effect] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    choice_ids: set[str] = field(default_factory=set)
    divert: str | None = None
    divert_location: Location | None = None
    routes: list[str] = field(default_factory=list)
    routes_location: Location | None = None

    def close_paragraph(self) -> None:
        if not self.para_parts:
            return
        assert self.para_loc is not None
        key = f"{self.id}#{len(self.paragraphs) + 1}"
        if self.para_plain:
            text = " ".join([p[0] for p in self.para_parts])  # type: ignore[misc]
            if "  " in text or "\t" in text or "\r" in text:
                text = " ".join(text.split())
            block = TextBlock(key, self.id, text)
            self.paragraphs.append(Paragraph(key, (text,), self.para_loc, block if block.text else None))
            self.para_parts = []
            self.para_loc = None
            return
        joined: list[object] = []
        for i, parts in enumerate(self.para_parts):
            if i:
                joined.append(" ")
            joined.extend(parts)
        merged: list[object] = []
        for part in joined:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] = merged[-1] + part
            else:
                merged.append(part)
        self.paragraphs.append(Paragraph(key, tuple(merged), self.para_loc))  # type: ignore[arg-type]
        self.para_parts = []
        self.para_loc = None
        self.para_plain = True

    def freeze(self) -> Scene:
        self.close_paragraph()
        return Scene(
            id=self.id,
            location=self.location,
            title=self.title,
            ending=self.ending,
            tags=frozenset(self.tags),
            summary=self.summary,
            questions=tuple(self.questions),
            notes=tuple(self.notes),
            paragraphs=tuple(self.paragraphs),
            entry_effects=tuple(self.effects),
            choices=tuple(self.choices),
            divert=self.divert,
            divert_location=self.divert_location,
            has_fallback=any(c.label is None for c in self.choices),
            dynamic_text=any(p.static is None for p in self.paragraphs),
            routes=tuple(self.routes),
            routes_location=self.routes_location,
        )


@dataclass(slots=True)
class ParsedFile:
    scenes: list[Scene]
    diagnostics: list[Diagnostic]
    refs: list[tuple[Ref, Location]]  # scenes/choices named in expressions, to resolve later
    variables_written: set[str]


class _LineError(Exception):
    def __init__(self, message: str, column: int, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column  # 1-based
        self.hint = hint


@functools.lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """A choice id from its label: lowercase words joined by '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:48].rstrip("-") or "choice"


def parse_scene_file(
    text: str, file: str, variables: Mapping[str, str], meters: Mapping[str, tuple[int, int]] | None = None
) -> ParsedFile:
    """Parse one scene file. Never raises for bad input: problems become diagnostics."""
    out = ParsedFile([], [], [], set())
    scene: _Draft | None = None
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        # Fast path: plain prose, the most common line in any story.
        if (
            scene is not None
            and line
            and line[0] not in _SPECIAL_START
            and "{" not in line
            and "}" not in line
            and "\\" not in line
            and len(line) <= MAX_LINE
        ):
            stripped = line.rstrip()
            if scene.para_loc is None:
                scene.para_loc = Location(file, number, 1)
            scene.para_parts.append((stripped,))
            continue
        if len(line) > MAX_LINE:
            out.diagnostics.append(
                Diagnostic(
                    Location(file, number, 1),
                    f"line is longer than {MAX_LINE:,} characters",
                    "split it into shorter lines",
                )
            )
            continue
        stripped = line.strip()
        indent = 0 if not line or line[0] not in " \t" else len(line) - len(line.lstrip())
        if stripped.startswith("//"):
            continue
        if stripped.startswith("==="):
            if scene is not None:
                out.scenes.append(scene.freeze())
            scene = _header(stripped, file, number, indent, out)
            continue
        if not stripped:
            if scene is not None:
                scene.close_paragraph()
            continue
        if scene is None:
            out.diagnostics.append(
                Diagnostic(
                    Location(file, number, indent + 1),
                    "text before the first scene header",
                    "start the file with a header such as === front-yard ===",
                )
            )
            scene = _Draft("", Location(file, number, 1))  # keep going, so later mistakes are reported too
            continue
        try:
            _line(scene, stripped, indent + 1, file, number, variables, out)
        except _LineError as err:
            out.diagnostics.append(Diagnostic(Location(file, number, err.column), err.message, err.hint))
    if scene is not None:
        out.scenes.append(scene.freeze())
    out.scenes = [s for s in out.scenes if s.id]
    return out


def _header(stripped: str, file: str, number: int, indent: int, out: ParsedFile) -> _Draft | None:
    loc = Location(file, number, indent + 1)
    scene_id = _header_id(stripped)
    if not scene_id:
        out.diagnostics.append(
            Diagnostic(
                loc, "a scene header needs an id", "write === scene-id === (lowercase letters, digits, -)"
            )
        )
        return _Draft("", loc)
    if not SCENE_ID.match(scene_id):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", scene_id.lower()).strip("-")[:40] or "scene"
        shown = scene_id if len(scene_id) <= 60 else scene_id[:57] + "..."
        out.diagnostics.append(
            Diagnostic(
                Location(file, number, indent + stripped.index(scene_id) + 1),
                f"scene id '{shown}' may only use lowercase letters, digits and '-'",
                f"rename it, e.g. === {suggestion} ===",
            )
        )
        return _Draft("", loc)
    return _Draft(scene_id, loc)


def _header_id(stripped: str) -> str:
    """The id in ``=== id ===`` (the closing ``===`` is optional); "" when there is none.

    Plain string work: the regular expression this replaces backtracked quadratically on a
    long run of '=', so one 10,000-character header line took seconds.
    """
    body = stripped[3:].strip()
    closing = body.rstrip("=")
    if len(body) - len(closing) >= 3:
        body = closing.rstrip()
    return body


def _line(
    scene: _Draft,
    s: str,
    col: int,
    file: str,
    number: int,
    variables: Mapping[str, str],
    out: ParsedFile,
) -> None:
    first = s[0]
    if first == "#":
        _tags(scene, s, col, file, number)
        return
    if s.startswith("??"):
        scene.notes.append(s[2:].strip())
        return
    if first == "?":
        scene.questions.append(s[1:].strip())
        return
    if first == "~":
        scene.effects.extend(_effects(s[1:], col + 1, file, number, variables, out))
        return
    if s.startswith("->"):
        if scene.divert is not None:
            raise _LineError("a scene can continue to only one place", col, "remove one of the '->' lines")
        target, tcol = _target(s[2:], col + 2)
        scene.divert = target
        scene.divert_location = Location(file, number, tcol)
        return
    if first in "*+" and (len(s) == 1 or s[1] in " \t{([-"):
        scene.close_paragraph()
        if len(scene.choices) >= MAX_CHOICES:
            raise _LineError(
                f"more than {MAX_CHOICES} choices in scene '{scene.id}'",
                col,
                "split the decision over two scenes, or route with fallback choices",
            )
        scene.choices.append(_choice(scene, s, col, file, number, variables, out))
        return
    refs: list[tuple[Compiled, int]] = []
    try:
        parts = parse_inline(s, variables, refs)
    except InlineError as err:
        raise _LineError(err.message, col + err.offset, err.hint) from None
    _collect(refs, file, number, col, out)
    if scene.para_loc is None:
        scene.para_loc = Location(file, number, col)
    if len(parts) != 1 or type(parts[0]) is not str:
        scene.para_plain = False
    scene.para_parts.append(parts)


def _tags(scene: _Draft, s: str, col: int, file: str, number: int) -> None:
    body = s[1:].strip()
    if not body:
        raise _LineError("empty tag line", col, "write a tag such as # decision, or remove the line")
    if ":" in body:
        key, _, value = body.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not value:
            raise _LineError(f"tag '{key}:' needs a value", col, f"write # {key}: ...")
        if key == "ending":
            scene.ending = value
        elif key == "title":
            scene.title = value
        elif key == "summary":
            scene.summary = value
        elif key == "route":
            _routes(scene, value, Location(file, number, col + s.index(value, s.index(":"))))
        else:
            scene.tags.add(f"{key}:{value}")
        return
    scene.tags.update(body.split())


def _routes(scene: _Draft, value: str, where: Location) -> None:
    """``# route: short, full``: the names are checked against the manifest by the loader."""
    names = [name.strip() for name in value.split(",")]
    if not all(names):
        hint = "separate route names with commas: # route: short, full"
        raise _LineError("empty route name in '# route:'", where.column, hint)
    scene.routes.extend(names)
    if scene.routes_location is None:
        scene.routes_location = where


def _collect(refs: list[tuple[Compiled, int]], file: str, number: int, col: int, out: ParsedFile) -> None:
    for compiled, offset in refs:
        for ref in compiled.refs:
            out.refs.append((ref, Location(file, number, col + offset + ref.offset)))


def _expr(
    source: str,
    col: int,
    file: str,
    number: int,
    variables: Mapping[str, str],
    expect: str | None,
    out: ParsedFile,
) -> Compiled:
    stripped = source.strip()
    lead = len(source) - len(source.lstrip())
    try:
        compiled = compile_expression(stripped, variables, expect)
    except ExpressionError as err:
        raise _LineError(err.message, col + lead + err.offset, err.hint) from None
    _collect([(compiled, 0)], file, number, col + lead, out)
    return compiled


def _split_commas(text: str) -> list[tuple[str, int]]:
    if '"' not in text:
        out, offset = [], 0
        for piece in text.split(","):
            out.append((piece, offset))
            offset += len(piece) + 1
        return out
    pieces, start, quoted = [], 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            pieces.append((text[start:i], start))
            start = i + 1
    pieces.append((text[start:], start))
    return pieces


def _effects(
    text: str, col: int, file: str, number: int, variables: Mapping[str, str], out: ParsedFile
) -> list[Effect]:
    """Effects of a ``~`` line or choice; identical texts are parsed once per load (see Scope)."""
    memo = variables.effects if isinstance(variables, Scope) else None
    if memo is not None:
        hit = memo.get(text)
        if hit is not None:
            specs, refs = hit
            for ref, offset in refs:
                out.refs.append((ref, Location(file, number, col + offset)))
            effects = []
            for var, op, compiled, offset in specs:
                out.variables_written.add(var)
                effects.append(Effect(var, op, compiled, Location(file, number, col + offset)))
            return effects
    mark = len(out.refs)
    effects = _parse_effects(text, col, file, number, variables, out)
    if memo is not None:
        memo[text] = (
            [(e.var, e.op, e.expr, e.location.column - col) for e in effects],
            [(ref, loc.column - col) for ref, loc in out.refs[mark:]],
        )
    return effects


def _parse_effects(
    text: str, col: int, file: str, number: int, variables: Mapping[str, str], out: ParsedFile
) -> list[Effect]:
    effects = []
    for piece, offset in _split_commas(text):
        pcol = col + offset
        m = _EFFECT.match(piece)
        if not piece.strip():
            raise _LineError("empty effect", pcol, "write ~ name = value, name += 1")
        if m is None:
            lead = len(piece) - len(piece.lstrip())
            raise _LineError(
                f"cannot read the effect '{piece.strip()}'",
                pcol + lead,
                "write name = value, name += 1 or name -= 1",
            )
        var, op = m.group("var"), m.group("op")
        vcol = pcol + m.start("var")
        if var not in variables:
            import difflib

            close = difflib.get_close_matches(var, list(variables), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"declare it in story.toml under [vars.{var}]"
            raise _LineError(f"unknown variable '{var}'", vcol, hint)
        rest = piece[m.end() :]
        if not rest.strip():
            raise _LineError(f"'{var} {op}' needs a value", pcol + len(piece), f"write {var} {op} 1")
        compiled = _expr(rest, pcol + m.end(), file, number, variables, None, out)
        vtype = variables[var]
        if op in ("+=", "-=") and vtype != "int":
            raise _LineError(
                f"'{op}' needs a number, but '{var}' holds {_NAMES[vtype]}", vcol, f"write {var} = ..."
            )
        if compiled.type != vtype:
            raise _LineError(
                f"'{var}' holds {_NAMES[vtype]}, but this value is {_NAMES[compiled.type]}",
                pcol + m.end(),
                "the type of a variable comes from its initial value in story.toml",
            )
        out.variables_written.add(var)
        effects.append(Effect(var, op, compiled, Location(file, number, vcol)))
    return effects


_NAMES = {"int": "a number", "bool": "true/false", "str": "text"}


def _target(text: str, col: int) -> tuple[str, int]:
    body = text.strip()
    lead = len(text) - len(text.lstrip())
    tcol = col + lead
    if "//" in body:
        body = body.split("//", 1)[0].rstrip()
    if not body:
        raise _LineError("'->' needs a scene id", tcol, "write -> scene-id")
    if not SCENE_ID.match(body):
        raise _LineError(
            f"'{body}' is not a scene id", tcol, "scene ids use lowercase letters, digits and '-'"
        )
    return body, tcol


def _closing(s: str, start: int, open_ch: str, close_ch: str) -> int:
    depth, quoted, i = 0, False, start
    while i < len(s):
        ch = s[i]
        if ch == "\\" and not quoted:
            i += 2
            continue
        if ch == '"' and open_ch == "{":
            quoted = not quoted
        elif not quoted:
            if ch == open_ch:
                depth += 1
            elif ch == close_ch:
                depth -= 1
                if depth == 0:
                    return i
        i += 1
    return -1


_CHOICE_FAST = re.compile(
    r"""[*+][ \t]*
    (?:\((?P<id>[^()]*)\)[ \t]*)?
    (?P<conds>(?:\{[^{}"]*(?:"[^"\n]*"[^{}"]*)*\}[ \t]*)*)
    (?:\[(?P<label>[^\[\]\\]+)\][ \t]*)?
    (?:~(?P<effects>[^>"/]*?))?
    ->[ \t]*(?P<target>[a-z0-9][a-z0-9-]*)[ \t]*\Z""",
    re.VERBOSE,
)
_COND_GROUP = re.compile(r"""\{((?:[^{}"]|"[^"\n]*")*)\}""")


def _choice(
    scene: _Draft,
    s: str,
    col: int,
    file: str,
    number: int,
    variables: Mapping[str, str],
    out: ParsedFile,
) -> Choice:
    """A choice line. Common shapes take one regex; anything else the careful scanner below."""
    m = _CHOICE_FAST.match(s)
    if m is None:
        return _choice_scan(scene, s, col, file, number, variables, out)
    explicit_id = m.group("id")
    if explicit_id is not None:
        explicit_id = explicit_id.strip()
        if not _CHOICE_ID.match(explicit_id):
            raise _LineError(
                f"choice id '{explicit_id}' may only use lowercase letters, digits and '-'",
                col + m.start("id"),
            )
    conds = m.group("conds")
    conditions = (
        [
            _condition(c.group(1), col + m.start("conds") + c.start(1), file, number, variables, out)
            for c in _COND_GROUP.finditer(conds)
        ]
        if conds
        else []
    )
    label: Parts | None = None
    label_text = ""
    if m.group("label") is not None:
        label_text = _plain_label(m.group("label").strip())
        if not label_text:
            raise _LineError("empty choice label", col + m.start("label") - 1)
        refs: list[tuple[Compiled, int]] = []
        start = m.start("label") + (len(m.group("label")) - len(m.group("label").lstrip()))
        try:
            label = parse_inline(label_text, variables, refs)
        except InlineError as err:
            raise _LineError(err.message, col + start + err.offset, err.hint) from None
        _collect(refs, file, number, col + start, out)
    effects: list[Effect] = []
    if m.group("effects") is not None:
        effects = _effects(m.group("effects"), col + m.start("effects"), file, number, variables, out)
    return _make_choice(
        scene,
        s[0] == "+",
        explicit_id,
        label,
        label_text,
        conditions,
        effects,
        m.group("target"),
        Location(file, number, col),
        Location(file, number, col + m.start("target")),
        col,
    )


def _plain_label(text: str) -> str:
    """A label without inline text is final: collapse its whitespace once, here, so showing
    it costs nothing (labels with ``{...}`` keep their columns for error messages)."""
    if "{" in text or "\\" in text or ("  " not in text and "\t" not in text):
        return text
    return " ".join(text.split())


def _make_choice(
    scene: _Draft,
    sticky: bool,
    explicit_id: str | None,
    label: Parts | None,
    label_text: str,
    conditions: list[Condition],
    effects: list[Effect],
    target: str,
    location: Location,
    target_location: Location,
    col: int,
) -> Choice:
    if explicit_id is not None:
        cid = explicit_id
        if cid in scene.choice_ids:
            raise _LineError(f"choice id '{cid}' is used twice in scene '{scene.id}'", col + 2)
    else:
        base = slugify(label_text) if label is not None else f"to-{target}"
        cid, n = base, 2
        while cid in scene.choice_ids:
            cid, n = f"{base}-{n}", n + 1
    scene.choice_ids.add(cid)
    return Choice(
        id=cid,
        key=f"{scene.id}/{cid}",
        label=label,
        target=target,
        conditions=tuple(conditions),
        effects=tuple(effects),
        sticky=sticky,
        location=location,
        target_location=target_location,
    )


def _choice_scan(
    scene: _Draft,
    s: str,
    col: int,
    file: str,
    number: int,
    variables: Mapping[str, str],
    out: ParsedFile,
) -> Choice:
    sticky = s[0] == "+"
    i = 1
    explicit_id: str | None = None
    conditions: list[Condition] = []
    label: Parts | None = None
    label_text = ""

    def skip_ws(j: int) -> int:
        while j < len(s) and s[j] in " \t":
            j += 1
        return j

    i = skip_ws(i)
    if i < len(s) and s[i] == "(":
        end = s.find(")", i)
        if end < 0:
            raise _LineError("'(' of a choice id is not closed", col + i, "write (choice-id)")
        explicit_id = s[i + 1 : end].strip()
        if not _CHOICE_ID.match(explicit_id):
            raise _LineError(
                f"choice id '{explicit_id}' may only use lowercase letters, digits and '-'", col + i + 1
            )
        i = skip_ws(end + 1)
    while i < len(s) and s[i] == "{":
        end = _closing(s, i, "{", "}")
        if end < 0:
            raise _LineError("'{' of a condition is not closed", col + i, "close it with '}'")
        conditions.append(_condition(s[i + 1 : end], col + i + 1, file, number, variables, out))
        i = skip_ws(end + 1)
    if i < len(s) and s[i] == "[":
        end = _closing(s, i, "[", "]")
        if end < 0:
            raise _LineError("'[' of a choice label is not closed", col + i, "close the label with ']'")
        label_text = _plain_label(s[i + 1 : end].strip())
        if not label_text:
            raise _LineError("empty choice label", col + i, "write a label, or '* -> target' for a fallback")
        refs: list[tuple[Compiled, int]] = []
        try:
            label = parse_inline(label_text, variables, refs)
        except InlineError as err:
            raise _LineError(err.message, col + i + 1 + err.offset, err.hint) from None
        _collect(refs, file, number, col + i + 1, out)
        i = skip_ws(end + 1)
    elif i < len(s) and not s.startswith("->", i) and s[i] != "~":
        raise _LineError(
            "a choice needs a label in [brackets]", col + i, "write * [What the player does] -> scene-id"
        )
    effects: list[Effect] = []
    rest = s[i:]
    arrow = _find_arrow(rest)
    if rest.startswith("~"):
        effect_text = rest[1:arrow] if arrow >= 0 else rest[1:]
        effects = _effects(effect_text, col + i + 1, file, number, variables, out)
    elif rest and arrow != 0:
        raise _LineError(
            f"unexpected {rest.split()[0]!r} after the label",
            col + i,
            "effects start with '~', the target with '->'",
        )
    if arrow < 0:
        raise _LineError("a choice needs a target", col + len(s), "end the line with -> scene-id")
    target, tcol = _target(rest[arrow + 2 :], col + i + arrow + 2)
    return _make_choice(
        scene,
        sticky,
        explicit_id,
        label,
        label_text,
        conditions,
        effects,
        target,
        Location(file, number, col),
        Location(file, number, tcol),
        col,
    )


def _find_arrow(text: str) -> int:
    quoted = False
    for i in range(len(text) - 1):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "-" and text[i + 1] == ">":
            return i
    return -1


_ELSE = re.compile(r"(?<=\s)else\s+(?=\")")  # not \s+else: that backtracks on long blank runs


def _condition(
    inner: str, col: int, file: str, number: int, variables: Mapping[str, str], out: ParsedFile
) -> Condition:
    reason: str | None = None
    expr_text = inner
    matches = list(_ELSE.finditer(inner))
    m = matches[-1] if matches else None
    if m is not None:
        tail = inner[m.end() :].strip()
        if len(tail) < 2 or not tail.endswith('"'):
            raise _LineError("the reason after 'else' must be in double quotes", col + m.end())
        reason = tail[1:-1]
        expr_text = inner[: m.start()]
    elif re.search(r"\belse\b", inner):
        raise _LineError(
            "write the reason after 'else' in double quotes",
            col + inner.index("else"),
            '{trust >= 2 else "She does not know you yet."}',
        )
    compiled = _expr(expr_text, col, file, number, variables, "bool", out)
    return Condition(compiled, reason, Location(file, number, col))
