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
from typing import NamedTuple

from .diagnostics import Diagnostic, Location
from .expressions import Compiled, ExpressionError, Ref, Scope, compile_expression
from .inline import InlineError, number_alternatives, parse_inline
from .model import (
    RETURN,
    Block,
    Choice,
    ChoiceKind,
    Condition,
    Effect,
    Item,
    Paragraph,
    Part,
    Parts,
    Scene,
    TextBlock,
)

MAX_LINE = 10_000
MAX_CHOICES = 100  # per scene: more is no longer a decision a player can read
SCENE_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_EFFECT = re.compile(r"\s*(?P<var>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<op>\+=|-=|=(?!=))\s*")
_CHOICE_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# First characters that make a line more than prose (or need the careful path).
_SPECIAL_START = frozenset("#?~-*+=/<{} \t\r\ufeff")
# ink statements that have no patrolday form: refused where they stand, with the patrolday way.
_INK_STATEMENTS = {
    "VAR": "declare variables in story.toml under [vars.NAME]",
    "CONST": "declare it in story.toml under [vars.NAME] and never change it",
    "LIST": "use one true/false variable per item, declared in story.toml",
    "INCLUDE": "every .md file under scenes/ is read; no INCLUDE is needed",
    "EXTERNAL": "a story cannot call out; front ends read the state instead",
}
_INK_PREFIXES = tuple(f"{word} " for word in _INK_STATEMENTS)
_INK_FIRST = frozenset(word[0] for word in _INK_STATEMENTS)
MAX_BLOCK_DEPTH = 8  # conditional blocks inside conditional blocks


@dataclass(slots=True)
class _BlockDraft:
    """A conditional block being read: its branches so far (condition, items)."""

    location: Location
    branches: list[tuple[Compiled | None, list[Item]]] = field(default_factory=list)
    has_else: bool = False


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
    para_tags: list[str] = field(default_factory=list)
    para_alternatives: bool = False  # a line of the paragraph may hold {a|b} or {!a}
    effects: list[Effect] = field(default_factory=list)
    body: list[Item] = field(default_factory=list)
    blocks: list[_BlockDraft] = field(default_factory=list)  # open conditional blocks, innermost last
    ordered: bool = False  # text order matters: a block, or an effect after state-dependent text
    alternatives: bool = False
    choices: list[Choice] = field(default_factory=list)
    choice_ids: set[str] = field(default_factory=set)
    divert: str | None = None
    divert_location: Location | None = None
    divert_via: tuple[str, ...] = ()

    def items(self) -> list[Item]:
        """Where the next paragraph or effect goes: the open block's branch, or the body."""
        if not self.blocks:
            return self.body
        branches = self.blocks[-1].branches
        if not branches:  # its branch line was an error (reported there): keep reading into one
            branches.append((None, []))
        return branches[-1][1]

    def add_paragraph(self, para: Paragraph) -> None:
        self.paragraphs.append(para)
        self.items().append(para)
        self.para_parts = []
        self.para_loc = None
        self.para_tags = []

    routes: list[str] = field(default_factory=list)
    routes_location: Location | None = None

    def close_paragraph(self) -> None:
        if not self.para_parts:
            return
        assert self.para_loc is not None
        key = f"{self.id}#{len(self.paragraphs) + 1}"
        tags = tuple(self.para_tags)
        if self.para_plain:
            text = " ".join([p[0] for p in self.para_parts])  # type: ignore[misc]
            if "  " in text or "\t" in text or "\r" in text:
                text = " ".join(text.split())
            block = TextBlock(key, self.id, text, None, tags)
            self.add_paragraph(Paragraph(key, (text,), self.para_loc, block if block.text else None, tags))
            return
        joined: list[Part] = []
        for i, parts in enumerate(self.para_parts):
            if i:
                joined.append(" ")
            joined.extend(parts)
        merged: list[Part] = []
        for part in joined:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] = merged[-1] + part
            else:
                merged.append(part)
        joined_parts = tuple(merged)
        parts = joined_parts
        if self.para_alternatives:
            parts, counted = number_alternatives(joined_parts, key, not self.blocks)
            self.para_alternatives = False
            self.alternatives = self.alternatives or counted
        self.add_paragraph(Paragraph(key, parts, self.para_loc, None, tags))
        self.para_plain = True

    def is_ordered(self) -> bool:
        """Whether text order matters: a block, or an effect after state-dependent text."""
        if not self.effects and len(self.body) == len(self.paragraphs):
            return False  # only paragraphs: nothing can run between them
        dynamic = False
        for item in self.body:
            if type(item) is Block:
                return True
            if type(item) is Paragraph:
                dynamic = dynamic or item.static is None
            elif dynamic:
                return True
        return False

    def freeze(self) -> Scene:
        self.close_paragraph()
        self.ordered = self.is_ordered()
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
            divert_via=self.divert_via,
            has_fallback=any(c.label is None for c in self.choices),
            dynamic_text=any(p.static is None for p in self.paragraphs),
            alternatives=self.alternatives,
            body=tuple(self.body) if self.ordered else (),
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


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """A choice id from its label: lowercase words joined by '-'."""
    slug = _NOT_SLUG.sub("-", text.lower()).strip("-")
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
            and "#" not in line
            and "<" not in line
            and "->" not in line
            and len(line) <= MAX_LINE
            and (line[0] not in _INK_FIRST or not line.startswith(_INK_PREFIXES))
            and not scene.blocks
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
                _close_blocks(scene, out)
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
        _close_blocks(scene, out)
        out.scenes.append(scene.freeze())
    out.scenes = [s for s in out.scenes if s.id]
    return out


def _close_blocks(scene: _Draft, out: ParsedFile) -> None:
    """A scene ending inside a conditional block: report the block, keep what it read."""
    while scene.blocks:
        block = scene.blocks[-1]
        out.diagnostics.append(
            Diagnostic(block.location, "this conditional block is not closed", "end it with a line '}'")
        )
        _end_block(scene)


def _end_block(scene: _Draft) -> None:
    scene.close_paragraph()
    block = scene.blocks.pop()
    frozen = Block(tuple((cond, tuple(items)) for cond, items in block.branches), block.location)
    scene.items().append(frozen)


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
    if scene_id.startswith("function "):
        out.diagnostics.append(
            Diagnostic(
                loc,
                "ink functions ('=== function name ===') are not supported",
                "repeat the text with inline {condition: ...}, or go to a shared scene and back:"
                " -> side -> next",
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
    if first == "=":
        raise _LineError(
            "a scene header starts with three '=': === scene-id ===",
            col,
            "write === scene-id === (an ink stitch '= name' is a scene of its own here)",
        )
    if first in "{}-" and _block_line(scene, s, col, file, number, variables, out):
        return
    if scene.blocks and not scene.blocks[-1].branches:
        raise _LineError(
            "a block opened with '{' starts with a branch", col, "write - condition: on the line after '{'"
        )
    if first == "<" and s.startswith("<-"):
        raise _LineError(
            "threads ('<- scene') are not supported",
            col,
            "copy the choices into this scene, or go to a shared scene and back: -> side -> next",
        )
    if first in _INK_FIRST and s.startswith(_INK_PREFIXES):
        word = s.split()[0]
        raise _LineError(f"'{word}' is ink, not patrolday", col, _INK_STATEMENTS[word])
    if first == "?" and s.startswith("??"):
        scene.notes.append(s[2:].strip())
        return
    if first == "?":
        scene.questions.append(s[1:].strip())
        return
    if first == "~":
        scene.close_paragraph()
        effects = _effects(s[1:], col + 1, file, number, variables, out)
        scene.effects.extend(effects)
        scene.items().extend(effects)
        return
    if first == "-" and s.startswith("->"):
        if scene.blocks:
            raise _LineError(
                "a conditional block cannot continue to a scene",
                col,
                "route with fallback choices after the block: * {condition} -> scene-id",
            )
        if scene.divert is not None:
            raise _LineError("a scene can continue to only one place", col, "remove one of the '->' lines")
        route = _route(s, col, file, number)
        if route.tags:
            raise _LineError("a '->' line takes no tags", route.tags_col, "put tags on the scene's '#' lines")
        if route.come_back:
            raise _LineError(
                "a tunnel on a '->' line needs where to go after it",
                col + len(s),
                "write -> side-scene -> next-scene (or put it on a choice to come back to this scene)",
            )
        scene.divert = route.target
        scene.divert_via = route.via
        scene.divert_location = route.location
        return
    if first in "*+" and (len(s) == 1 or s[1] in " \t{([-"):
        if scene.blocks:
            raise _LineError(
                "choices cannot sit inside a conditional block",
                col,
                "put the condition on the choice: * {condition} [Label] -> scene-id",
            )
        scene.close_paragraph()
        if len(scene.choices) >= MAX_CHOICES:
            raise _LineError(
                f"more than {MAX_CHOICES} choices in scene '{scene.id}'",
                col,
                "split the decision over two scenes, or route with fallback choices",
            )
        scene.choices.append(_choice(scene, s, col, file, number, variables, out))
        return
    _prose(scene, s, col, file, number, variables, out)


def _prose(
    scene: _Draft, s: str, col: int, file: str, number: int, variables: Mapping[str, str], out: ParsedFile
) -> None:
    """A line of prose: inline text, then any end-of-line ``# tags`` (kept off the text)."""
    text, tags = _split_tags(s, col)
    _refuse_ink_in_prose(text, col)
    refs: list[tuple[Compiled, int]] = []
    try:
        parts = parse_inline(text, variables, refs)
    except InlineError as err:
        raise _LineError(err.message, col + err.offset, err.hint) from None
    _collect(refs, file, number, col, out)
    if scene.para_loc is None:
        scene.para_loc = Location(file, number, col)
    if len(parts) != 1 or type(parts[0]) is not str:
        scene.para_plain = False
        if "|" in text or "{!" in text or "{&" in text or "{~" in text:  # every alternative's form
            scene.para_alternatives = True
    if tags:
        scene.para_tags.extend(tags)
    if parts:
        scene.para_parts.append(parts)
    elif scene.para_loc is not None and not scene.para_parts:
        scene.para_loc = None


def _split_tags(s: str, col: int) -> tuple[str, list[str]]:
    """``text # tag # key: value`` -> (text, tags). A ``#`` outside braces starts the tags;
    ``\\#`` is a literal one."""
    if "#" not in s:
        return s, []
    depth = 0
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "#" and depth <= 0:
            return s[:i].rstrip(), _parse_tags(s[i:], col + i)
        i += 1
    return s, []


def _parse_tags(text: str, col: int) -> list[str]:
    """``# speaker: mum # loud`` -> ["speaker:mum", "loud"] (the scene tag line's forms)."""
    tags: list[str] = []
    offset = 0
    for piece in text.split("#")[1:]:
        offset = text.index("#", offset) + 1
        body = piece.strip()
        if not body:
            raise _LineError("empty tag", col + offset - 1, "write # speaker: mum, or remove the '#'")
        if ":" in body:
            key, _, value = body.partition(":")
            key, value = key.strip().lower(), value.strip()
            if not key or not value:
                raise _LineError(f"tag '{body}' needs a key and a value", col + offset, "write # key: value")
            tags.append(f"{key}:{value}")
        else:
            tags.extend(body.split())
    return tags


def _refuse_ink_in_prose(text: str, col: int) -> None:
    """ink syntax that would otherwise be shown to the player as prose is an error here."""
    glue = _outside_escapes(text, "<>")
    if glue >= 0:
        raise _LineError(
            "'<>' (ink's glue) is not supported",
            col + glue,
            "lines next to each other already join into one paragraph; remove the '<>'",
        )
    arrow = _outside_escapes(text, "->")
    if arrow >= 0:
        if _inside_braces(text, arrow):
            raise _LineError(
                "'->' cannot sit inside {...}",
                col + arrow,
                "route with fallback choices instead: * {visits(this-scene) >= 3} -> scene-id",
            )
        raise _LineError(
            "'->' in the middle of prose",
            col + arrow,
            "put '-> scene-id' on a line of its own (the text flows on into that scene), or write \\->",
        )


def _outside_escapes(text: str, needle: str) -> int:
    at = text.find(needle)
    while at > 0 and text[at - 1] == "\\":
        at = text.find(needle, at + 1)
    return at


def _inside_braces(text: str, at: int) -> bool:
    depth = 0
    i = 0
    while i < at:
        if text[i] == "\\":
            i += 2
            continue
        depth += (text[i] == "{") - (text[i] == "}")
        i += 1
    return depth > 0


_BLOCK_OPEN = re.compile(r"\{\s*(?P<cond>[^{}]*?)\s*:\s*\Z")
_BRANCH = re.compile(r"-\s*(?P<cond>(?:[^:\"]|\"[^\"]*\")*?)\s*:(?!:)\s*(?P<rest>.*)\Z")


def _block_line(
    scene: _Draft, s: str, col: int, file: str, number: int, variables: Mapping[str, str], out: ParsedFile
) -> bool:
    """Lines of a conditional block: ``{ cond:`` or ``{`` opens, ``- cond:`` / ``- else:``
    starts a branch, ``}`` closes. False for any other line (prose, a divert)."""
    if s == "}":
        if not scene.blocks:
            raise _LineError("'}' without a conditional block to close", col, "write \\} for a literal brace")
        _end_block(scene)
        return True
    opening = s == "{" or (s[0] == "{" and _BLOCK_OPEN.match(s) is not None and _closing(s, 0, "{", "}") < 0)
    if opening:
        if scene.blocks and not scene.blocks[-1].branches:
            raise _LineError(
                "a block opened with '{' starts with a branch",
                col,
                "write - condition: on the line after '{'",
            )
        if len(scene.blocks) >= MAX_BLOCK_DEPTH:
            raise _LineError(
                f"conditional blocks nested deeper than {MAX_BLOCK_DEPTH}", col, "split the scene into scenes"
            )
        scene.close_paragraph()
        block = _BlockDraft(Location(file, number, col))
        if s != "{":
            m = _BLOCK_OPEN.match(s)
            assert m is not None
            cond = _expr(m.group("cond"), col + m.start("cond"), file, number, variables, "bool", out)
            block.branches.append((cond, []))
        scene.blocks.append(block)
        return True
    if s[0] == "-" and scene.blocks and not s.startswith("->"):
        m = _BRANCH.match(s)
        if m is None:
            raise _LineError(
                "a branch of a conditional block is '- condition:' or '- else:'",
                col,
                "write - trust >= 2: (then the text or ~ effects, on this line or the next)",
            )
        block = scene.blocks[-1]
        if block.has_else:
            raise _LineError("a branch after '- else:' can never run", col, "make '- else:' the last branch")
        scene.close_paragraph()
        if m.group("cond") == "else":
            block.has_else = True
            block.branches.append((None, []))
        else:
            cond = _expr(m.group("cond"), col + m.start("cond"), file, number, variables, "bool", out)
            block.branches.append((cond, []))
        rest = m.group("rest")
        if rest:
            _line(scene, rest, col + m.start("rest"), file, number, variables, out)
        return True
    return False


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
    """The effects of a ``~`` list: split at commas outside quotes and brackets (``max(a, b)``)."""
    if '"' not in text and "(" not in text:
        out, offset = [], 0
        for piece in text.split(","):
            out.append((piece, offset))
            offset += len(piece) + 1
        return out
    pieces, start, quoted, depth = [], 0, False, 0
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
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
    if not body:
        raise _LineError("'->' needs a scene id", tcol, "write -> scene-id")
    if body in ("DONE", "END"):
        raise _LineError(
            f"'-> {body}' is ink; a patrolday story ends in an ending scene",
            tcol,
            "go to a scene with a line '# ending: Its title' (it needs no choices)",
        )
    if not SCENE_ID.match(body):
        raise _LineError(
            f"'{body}' is not a scene id", tcol, "scene ids use lowercase letters, digits and '-'"
        )
    return body, tcol


class _Route(NamedTuple):
    """Where ``-> ...`` leads: the target (a scene id or RETURN), tunnel scenes first, and
    whether it ended in a bare ``->`` (come back to the scene it was written in)."""

    target: str
    via: tuple[str, ...]
    location: Location
    come_back: bool
    tags: list[str]
    tags_col: int


def _route(text: str, col: int, file: str, number: int) -> _Route:
    """``-> a``, ``-> a -> b -> c``, ``-> a ->`` or ``->->``, then optional ``# tags`` and
    ``// comment``; ``text`` starts at the first arrow, found at column ``col``."""
    if "#" not in text and "/" not in text and text.count("->") == 1:
        body = text[2:].strip()
        if SCENE_ID.match(body):  # the common line: one arrow, one scene id
            lead = len(text) - 2 - len(text[2:].lstrip())
            return _Route(body, (), Location(file, number, col + 2 + lead), False, [], 0)
    comment = text.find("//")
    if comment >= 0:
        text = text[:comment]
    tags: list[str] = []
    hash_at = text.find("#")
    tags_col = col + hash_at
    if hash_at >= 0:
        tags = _parse_tags(text[hash_at:], col + hash_at)
        text = text[:hash_at]
    text = text.rstrip()
    if text.startswith("->->"):
        if text[4:].strip():
            raise _LineError(
                "nothing may follow '->->'", col + 4, "'->->' returns to where the tunnel was entered"
            )
        return _Route(RETURN, (), Location(file, number, col), False, tags, tags_col)
    pieces = text[2:].split("->")
    come_back = len(pieces) > 1 and not pieces[-1].strip()
    if come_back:
        pieces = pieces[:-1]
    names: list[tuple[str, int]] = []
    offset = col + 2
    for piece in pieces:
        names.append(_target(piece, offset))
        offset += len(piece) + 2
    if len(names) > 1 and len(names) - (0 if come_back else 1) > 8:
        raise _LineError("more than 8 tunnels in one line", col, "split the chain over scenes")
    if come_back:
        return _Route(
            "", tuple(n for n, _ in names), Location(file, number, names[0][1]), True, tags, tags_col
        )
    via = tuple(n for n, _ in names[:-1])
    target, tcol = names[-1]
    return _Route(target, via, Location(file, number, tcol), False, tags, tags_col)


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


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i] in " \t":
        i += 1
    return i


def _choice(
    scene: _Draft,
    s: str,
    col: int,
    file: str,
    number: int,
    variables: Mapping[str, str],
    out: ParsedFile,
) -> Choice:
    """A choice line, read left to right by one scanner (the only grammar of choice lines):

    ``*``/``+``, ``(id)``, ``{condition}`` groups, ``[label]``, ``~ effects``, then the
    route (``-> target``, ``-> side -> target``, ``-> side ->``, ``->->``) and ``# tags``.
    Each piece is found with ``str.find`` when it holds nothing to escape. Stories repeat
    the same head (``* [Drive on] ~ calls += 1``) with different targets, so a head read
    once is reused for the rest of the load (kept with the effect memo, see Scope: a choice
    head starts with ``*`` or ``+``, which no effect text does), with this line's places.
    """
    memo = variables.effects if isinstance(variables, Scope) else None
    at = _find_arrow(s)
    hit = memo.get(s[:at]) if memo is not None and at > 0 else None
    if hit is None:
        mark = len(out.refs)
        head = _choice_head(s, col, file, number, variables, out)
        if memo is not None and head.route_at == at:
            memo[s[:at]] = (head, [(ref, loc.column - col) for ref, loc in out.refs[mark:]])
    else:
        spec, refs = hit
        head = spec.at(file, number, col)
        out.refs.extend((ref, Location(file, number, col + off)) for ref, off in refs)
        out.variables_written.update(e.var for e in head.effects)
    i = head.route_at
    tail = s[i:]
    simple = tail[2:].strip()
    if "#" not in tail and "/" not in tail and "->" not in simple and SCENE_ID.match(simple):
        # The common line: one arrow, one scene id (what _route would say, without the work).
        lead = len(tail) - 2 - len(tail[2:].lstrip())
        route = _Route(simple, (), Location(file, number, col + i + 2 + lead), False, [], 0)
    else:
        route = _route(tail, col + i, file, number)
    target = scene.id if route.come_back else route.target
    return _make_choice(
        scene,
        head.sticky,
        head.explicit_id,
        head.label,
        head.label_text,
        list(head.conditions),
        list(head.effects),
        target,
        route.via,
        tuple(route.tags),
        Location(file, number, col),
        route.location,
        col,
    )


class _Head(NamedTuple):
    """What a choice line says before its route; ``route_at``: where the route starts."""

    sticky: bool
    explicit_id: str | None
    conditions: tuple[Condition, ...]
    label: Parts | None
    label_text: str
    effects: tuple[Effect, ...]
    route_at: int
    col: int  # the column the head was read at (its places are relative to it)

    def at(self, file: str, number: int, col: int) -> _Head:
        """The same head on another line: every place moved there."""
        shift = col - self.col
        conditions = tuple(
            [
                Condition(c.expr, c.reason, Location(file, number, c.location.column + shift))
                for c in self.conditions
            ]
        )
        effects = tuple(
            [
                Effect(e.var, e.op, e.expr, Location(file, number, e.location.column + shift))
                for e in self.effects
            ]
        )
        return _Head(
            self.sticky,
            self.explicit_id,
            conditions,
            self.label,
            self.label_text,
            effects,
            self.route_at,
            col,
        )


def _choice_head(
    s: str,
    col: int,
    file: str,
    number: int,
    variables: Mapping[str, str],
    out: ParsedFile,
) -> _Head:
    sticky = s[0] == "+"
    n = len(s)
    i = 1
    while i < n and s[i] in " \t":
        i += 1
    explicit_id: str | None = None
    if i < n and s[i] == "(":
        end = s.find(")", i)
        if end < 0:
            raise _LineError("'(' of a choice id is not closed", col + i, "write (choice-id)")
        explicit_id = s[i + 1 : end].strip()
        if not _CHOICE_ID.match(explicit_id):
            raise _LineError(
                f"choice id '{explicit_id}' may only use lowercase letters, digits and '-'", col + i + 1
            )
        i = end + 1
        while i < n and s[i] in " \t":
            i += 1
    conditions: list[Condition] = []
    while i < n and s[i] == "{":
        end = s.find("}", i + 1)
        inside = s[i + 1 : end]
        if end < 0 or "{" in inside or "\\" in inside or inside.count('"') % 2:
            end = _closing(s, i, "{", "}")
        if end < 0:
            raise _LineError("'{' of a condition is not closed", col + i, "close it with '}'")
        conditions.append(_condition(s[i + 1 : end], col + i + 1, file, number, variables, out))
        i = end + 1
        while i < n and s[i] in " \t":
            i += 1
    label: Parts | None = None
    label_text = ""
    if i < n and s[i] == "[":
        end = s.find("]", i + 1)
        if end < 0 or "[" in s[i + 1 : end] or "\\" in s[i + 1 : end]:
            end = _closing(s, i, "[", "]")
        if end < 0:
            raise _LineError("'[' of a choice label is not closed", col + i, "close the label with ']'")
        raw = s[i + 1 : end]
        label_text = _plain_label(raw.strip())
        if not label_text:
            raise _LineError("empty choice label", col + i, "write a label, or '* -> target' for a fallback")
        tag_at = _label_tag(raw) if "#" in raw else -1
        if tag_at >= 0:
            raise _LineError(
                "tags go at the end of the choice line, not inside the label",
                col + i + 1 + tag_at,
                "write * [Label] -> scene-id # tag (or \\# for a literal '#')",
            )
        start = i + 1 + (len(raw) - len(raw.lstrip()))
        refs: list[tuple[Compiled, int]] = []
        try:
            label = parse_inline(label_text, variables, refs)
        except InlineError as err:
            raise _LineError(err.message, col + start + err.offset, err.hint) from None
        _collect(refs, file, number, col + start, out)
        i = end + 1
        while i < n and s[i] in " \t":
            i += 1
    elif i < n and not s.startswith("->", i) and s[i] != "~":
        raise _LineError(
            "a choice needs a label in [brackets]", col + i, "write * [What the player does] -> scene-id"
        )
    rest = s[i:]
    arrow = _find_arrow(rest)
    effects: list[Effect] = []
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
        raise _LineError("a choice needs a target", col + n, "end the line with -> scene-id")
    return _Head(sticky, explicit_id, tuple(conditions), label, label_text, tuple(effects), i + arrow, col)


def _label_tag(raw: str) -> int:
    """Offset of an ink-style ``#tag`` inside a label (-1: none); ``\\#`` is literal."""
    at = raw.find("#")
    while at >= 0:
        if (at == 0 or raw[at - 1] in " \t") and at + 1 < len(raw) and raw[at + 1].isalpha():
            return at
        at = raw.find("#", at + 1)
    return -1


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
    via: tuple[str, ...],
    tags: tuple[str, ...],
    location: Location,
    target_location: Location,
    col: int,
) -> Choice:
    if explicit_id is not None:
        cid = explicit_id
        if cid in scene.choice_ids:
            raise _LineError(f"choice id '{cid}' is used twice in scene '{scene.id}'", col + 2)
    else:
        if label is not None:
            base = slugify(label_text)
        elif target == RETURN:
            base = "return"
        else:
            base = f"to-{via[0] if via else target}"
        cid, n = base, 2
        while cid in scene.choice_ids:
            cid, n = f"{base}-{n}", n + 1
    scene.choice_ids.add(cid)
    key = f"{scene.id}/{cid}"
    if label is not None and "{" in label_text:
        label, counted = number_alternatives(label, key, False)
        scene.alternatives = scene.alternatives or counted
    return Choice(  # positional: one per choice line, 30,000 in a large story
        cid,
        key,
        ChoiceKind.of(sticky, label is None),
        label,
        target,
        tuple(conditions),
        tuple(effects),
        location,
        target_location,
        via,
        tags,
    )


def _find_arrow(text: str) -> int:
    """The first ``->`` outside double quotes (-1: none)."""
    at = text.find("->")
    if '"' not in text:
        return at
    while at >= 0 and text.count('"', 0, at) % 2:
        at = text.find("->", at + 1)
    return at


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
