"""Inline text: ``{expr}``, ``{cond: a | b}``, ``{a|b}``, ``{&a|b}``, ``{!a}``, ``{~a|b}``.

Each ``{...}`` must close on the line where it opens: that keeps error positions exact
and a forgotten ``}`` cannot swallow the rest of a scene.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from .expressions import Compiled, ExpressionError, Scope, compile_expression
from .model import Cond, Interp, Part, Parts, Seq, SeqKind

_SEQ_KINDS: dict[str, SeqKind] = {"&": "cycle", "!": "once", "~": "shuffle"}
TOP = "*"
"""Seq.scene of an alternative at the top of a line: reached once per visit of the scene whose
text it is, so (in a paragraph shown on every entry) it counts by that scene's visits."""
MAX_INLINE_DEPTH = 16  # {...} inside {...}: deep enough for any story, shallow enough for the stack


class InlineError(Exception):
    """A mistake in inline text at a 0-based ``offset`` of the parsed string."""

    def __init__(self, message: str, offset: int, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


def parse_inline(
    text: str, variables: Mapping[str, str], refs: list[tuple[Compiled, int]] | None = None
) -> Parts:
    """Parse a line of prose into parts. ``refs`` collects compiled expressions and their offsets."""
    if "{" not in text and "}" not in text and "\\" not in text:
        return (text,) if text else ()
    collected: list[tuple[Compiled, int]] = [] if refs is None else refs
    memo = variables.inline if isinstance(variables, Scope) else None
    if memo is not None and text in memo:
        parts, cached_refs = memo[text]
        collected.extend(cached_refs)
        return parts  # type: ignore[no-any-return]
    mark = len(collected)
    parts = _parse(text, 0, variables, collected)
    if memo is not None:
        memo[text] = (parts, tuple(collected[mark:]))
    return parts


def _parse(
    text: str, base: int, variables: Mapping[str, str], refs: list[tuple[Compiled, int]], depth: int = 0
) -> Parts:
    parts: list[Part] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            buf.append(text[i + 1])
            i += 2
        elif ch == "{":
            end = _matching(text, i)
            if end < 0:
                raise InlineError(
                    "'{' is not closed on this line", base + i, "close it with '}' or write \\{ for a brace"
                )
            if buf:
                parts.append("".join(buf))
                buf = []
            if depth >= MAX_INLINE_DEPTH:
                raise InlineError(
                    f"'{{...}}' nested deeper than {MAX_INLINE_DEPTH} levels",
                    base + i,
                    "split it into simpler sentences or separate conditions",
                )
            parts.append(_brace(text[i + 1 : end], base + i + 1, variables, refs, depth + 1))
            i = end + 1
        elif ch == "}":
            raise InlineError("'}' without a matching '{'", base + i, "write \\} for a literal brace")
        else:
            buf.append(ch)
            i += 1
    if buf:
        parts.append("".join(buf))
    return tuple(parts)


def _matching(text: str, start: int) -> int:
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _split_top(text: str, sep: str) -> list[tuple[str, int]]:
    """Split on ``sep`` outside nested braces and escapes; returns (piece, offset) pairs."""
    pieces: list[tuple[str, int]] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == sep and depth == 0:
            pieces.append((text[start:i], start))
            start = i + 1
        i += 1
    pieces.append((text[start:], start))
    return pieces


def _condition_colon(text: str) -> int:
    """Offset of the ':' that ends a condition, ignoring quoted text and nested braces."""
    depth = 0
    quoted = False
    for i, ch in enumerate(text):
        if quoted:
            if ch == '"':
                quoted = False
            continue
        if ch == '"':
            quoted = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "|" and depth == 0:
            return -1  # a bar before any colon: this is a sequence
        elif ch == ":" and depth == 0:
            return i
    return -1


def _compile(
    source: str,
    base: int,
    variables: Mapping[str, str],
    expect: str | None,
    refs: list[tuple[Compiled, int]],
) -> Compiled:
    stripped = source.lstrip()
    lead = len(source) - len(stripped)
    try:
        compiled = compile_expression(stripped.rstrip(), variables, expect)
    except ExpressionError as err:
        raise InlineError(err.message, base + lead + err.offset, err.hint) from None
    refs.append((compiled, base + lead))
    return compiled


def _brace(
    inner: str, base: int, variables: Mapping[str, str], refs: list[tuple[Compiled, int]], depth: int = 1
) -> Part:
    if inner[:1] in _SEQ_KINDS:
        kind = _SEQ_KINDS[inner[0]]
        pieces = _split_top(inner[1:], "|")
        if kind == "once" and len(pieces) > 1:
            rewrite = "|".join(p for p, _ in pieces)
            raise InlineError(
                "'{!...}' shows one text once; it takes no '|'",
                base,
                f"for texts shown once each, in turn, write a sequence ending in a blank: {{{rewrite}|}}",
            )
        for p, off in pieces:
            _no_effect(p, base + 1 + off)
        branches = tuple(_parse(p, base + 1 + off, variables, refs, depth) for p, off in pieces)
        return Seq(kind, branches, "", TOP if depth == 1 else "")
    colon = _condition_colon(inner)
    if colon >= 0:
        expr = _compile(inner[:colon], base, variables, "bool", refs)
        pieces = _split_top(inner[colon + 1 :], "|")
        if len(pieces) > 2:
            raise InlineError(
                "a condition has at most two texts: {cond: if true | if false}",
                base + colon + 1 + pieces[2][1] - 1,
                "write \\| for a literal bar",
            )
        for p, off in pieces:
            _no_effect(p, base + colon + 1 + off)
        head, head_at = pieces[0]
        then_text = _lstrip1(head)
        then_at = base + colon + 1 + head_at + len(head) - len(then_text)
        then = _parse(then_text, then_at, variables, refs, depth)
        tail, tail_at = pieces[1] if len(pieces) > 1 else ("", 0)
        tail_at += len(tail) - len(tail.lstrip())  # positions count from the text after the bar
        other = (
            _parse(tail.strip(), base + colon + 1 + tail_at, variables, refs, depth)
            if len(pieces) > 1
            else ()
        )
        return Cond(expr, _trim_end(then) if len(pieces) > 1 else then, other)
    pieces = _split_top(inner, "|")
    if len(pieces) > 1:
        for p, off in pieces:
            _no_effect(p, base + off)
        branches = tuple(_parse(p, base + off, variables, refs, depth) for p, off in pieces)
        return Seq("sequence", branches, "", TOP if depth == 1 else "")
    if not inner.strip():
        raise InlineError("empty '{}'", base, "write an expression, e.g. {trust}, or \\{\\} for braces")
    return Interp(_compile(inner, base, variables, None, refs))


def _no_effect(text: str, at: int) -> None:
    """``{cond: ~ x = 5}`` is ink's conditional logic; here effects live on lines of their own."""
    stripped = text.lstrip()
    if stripped.startswith("~"):
        raise InlineError(
            "effects cannot sit inside {...}",
            at + len(text) - len(stripped),
            "write a conditional block on lines of their own: { condition: / ~ x = 5 / }",
        )


def _lstrip1(text: str) -> str:
    return text[1:] if text.startswith(" ") else text


def _trim_end(parts: Parts) -> Parts:
    if parts and isinstance(parts[-1], str):
        last = parts[-1].rstrip()
        return (*parts[:-1], last) if last else parts[:-1]
    return parts


# -- the one walker over inline text ------------------------------------------------------------
#
# Inline text is a small tree (str | Interp | Cond | Seq). Every reader of it (the runtime
# rendering it, the checker trying its expressions, the story map and the debrief showing
# it without a state, the scene reader numbering its alternatives) goes through the three
# functions below, so a new inline construct is one edit here plus its own meaning.


def branches(part: Part) -> tuple[Parts, ...]:
    """The texts nested in ``part``: a condition's two, an alternative's n, none for the rest."""
    if type(part) is Cond:
        return (part.then, part.otherwise)
    if type(part) is Seq:
        return part.branches
    return ()


def walk(
    parts: Parts,
    visit: Callable[[Part], Parts | tuple[Parts, ...] | None],
    text: Callable[[str], object] | None = None,
) -> None:
    """Read ``parts`` in reading order: each plain string goes to ``text`` (skipped when it is
    None), every other part to ``visit``, which returns the branch to read next (one
    ``Parts``), several (a tuple of them, e.g. :func:`branches` for every branch), or None
    to go no deeper. Nesting is bounded by the parser (MAX_INLINE_DEPTH), so the recursion
    is too. (``text`` is separate so the hot path, rendering, hands strings straight to
    ``list.append``.)
    """
    for part in parts:
        if type(part) is str:
            if text is not None:
                text(part)
            continue
        inner = visit(part)
        if not inner:
            continue
        if type(inner[0]) is tuple:
            for branch in inner:
                walk(branch, visit, text)
        else:
            walk(inner, visit, text)  # type: ignore[arg-type]


def iter_parts(parts: Parts) -> Iterator[Part]:
    """Every part in every branch, in reading order (a static walk: no state needed)."""
    for part in parts:
        yield part
        for branch in branches(part):
            yield from iter_parts(branch)


def expressions(parts: Parts) -> Iterator[Compiled]:
    """Every expression in inline text, in every branch: interpolations and conditions."""
    for part in iter_parts(parts):
        if type(part) is Interp or type(part) is Cond:
            yield part.expr


def plain_text(parts: Parts, interp: Callable[[Interp], str] = lambda part: "") -> str:
    """Inline text without a state: conditions show their "then" text, alternatives their
    first branch, interpolations what ``interp`` makes of them; whitespace collapsed.

    For text shown out of play (the story map, the debrief), where there is no state.
    """
    out: list[str] = []

    def visit(part: Part) -> Parts | None:
        if type(part) is Interp:
            out.append(interp(part))
        elif type(part) is Cond:
            return part.then
        elif type(part) is Seq and part.branches:
            return part.branches[0]
        return None

    walk(parts, visit, out.append)
    return " ".join("".join(out).split())


def number_alternatives(parts: Parts, prefix: str, by_visits: bool) -> tuple[Parts, bool]:
    """``parts`` with its alternatives keyed ``prefix.1``, ``prefix.2``, ... in reading order
    (see Seq.key), and whether any of them needs a counter of its own in the state.

    With ``by_visits`` (a paragraph shown on every entry of its scene), an alternative at the
    top of the text is reached exactly once per visit, so it keeps counting by the scene's
    visits (``Seq.scene == TOP``); when every alternative is such and none is a shuffle (which
    needs its key to seed its deck), ``parts`` is returned as it is, shared with every line of
    the same text. Otherwise a copy is made (``parts`` itself may be shared, and is left
    alone); labels and text inside conditional blocks always count for themselves.
    """
    if by_visits and not _needs_keys(parts):
        return parts, False
    count = 0
    counted = False

    def renumber(items: Parts, top: bool) -> Parts:
        nonlocal count, counted
        out: list[Part] = []
        for part in items:
            if type(part) is Seq:
                count += 1
                by = TOP if top else ""
                counted = counted or not by
                branches = tuple([renumber(b, False) for b in part.branches])
                part = Seq(part.kind, branches, f"{prefix}.{count}", by)
            elif type(part) is Cond:
                part = Cond(part.expr, renumber(part.then, False), renumber(part.otherwise, False))
            out.append(part)
        return tuple(out)

    numbered = renumber(parts, by_visits)
    return (numbered if count else parts), counted


def _needs_keys(parts: Parts) -> bool:
    """Whether some alternative of a paragraph's text needs a key: a shuffle, or one that is
    not at the top (nested in a condition or another alternative)."""
    for part in parts:
        if type(part) is Seq:
            if part.kind == "shuffle" or any(_nested(b) for b in part.branches):
                return True
        elif type(part) is Cond and (_has_seq(part.then) or _has_seq(part.otherwise)):
            return True
    return False


def _nested(parts: Parts) -> bool:
    """Whether ``parts`` (a branch) holds a condition or an alternative."""
    return any(type(p) is not str and type(p) is not Interp for p in parts)


def _has_seq(parts: Parts) -> bool:
    for part in parts:
        if type(part) is Seq:
            return True
        if type(part) is Cond and (_has_seq(part.then) or _has_seq(part.otherwise)):
            return True
    return False
