"""Inline text: ``{expr}``, ``{cond: a | b}``, ``{a|b}``, ``{&a|b}``, ``{!a}``, ``{~a|b}``.

Each ``{...}`` must close on the line where it opens: that keeps error positions exact
and a forgotten ``}`` cannot swallow the rest of a scene.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping

from .expressions import Compiled, ExpressionError, Scope, compile_expression
from .model import Cond, Interp, Part, Parts, Seq, SeqKind

_SEQ_KINDS: dict[str, SeqKind] = {"&": "cycle", "!": "once", "~": "shuffle"}
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
        return Seq(kind, branches)
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
        return Seq("sequence", tuple(_parse(p, base + off, variables, refs, depth) for p, off in pieces))
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


def walk(parts: Parts, visit: Callable[[Part], Parts | tuple[Parts, ...] | None]) -> None:
    """Call ``visit`` on each part in reading order and descend into what it returns.

    ``visit`` returns the branch to read next (one ``Parts``), several (a tuple of them,
    e.g. :func:`branches` for every branch), or None to go no deeper. Nesting is bounded
    by the parser (MAX_INLINE_DEPTH), so the recursion is too.
    """
    for part in parts:
        if type(part) is str:
            visit(part)
            continue
        inner = visit(part)
        if not inner:
            continue
        if type(inner[0]) is tuple:
            for branch in inner:
                walk(branch, visit)
        else:
            walk(inner, visit)  # type: ignore[arg-type]


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
        if type(part) is str:
            out.append(part)
        elif type(part) is Interp:
            out.append(interp(part))
        elif type(part) is Cond:
            return part.then
        elif type(part) is Seq and part.branches:
            return part.branches[0]
        return None

    walk(parts, visit)
    return " ".join("".join(out).split())


def number_alternatives(parts: Parts, prefix: str) -> Parts:
    """A copy of ``parts`` whose alternatives are keyed ``prefix.1``, ``prefix.2``, ... in
    reading order (see Seq.key); ``parts`` itself is left alone (it may be shared)."""
    count = 0

    def renumber(items: Parts) -> Parts:
        nonlocal count
        out: list[Part] = []
        for part in items:
            if type(part) is Seq:
                count += 1
                key = f"{prefix}.{count}"
                part = dataclasses.replace(part, key=key, branches=tuple(renumber(b) for b in part.branches))
            elif type(part) is Cond:
                part = dataclasses.replace(part, then=renumber(part.then), otherwise=renumber(part.otherwise))
            out.append(part)
        return tuple(out)

    if not any(type(p) is Seq for p in iter_parts(parts)):
        return parts
    return renumber(parts)
