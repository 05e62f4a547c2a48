"""The story expression language: parsed and type-checked once, run as closures.

Why not Python's ``eval`` or ``ast``? A story file is data written by someone else; it
must never reach the interpreter. This module is a whitelist: integer/boolean/string
literals, declared variables, ``+ - * / %``, comparisons, ``and``/``or``/``not``,
parentheses, and three read-only functions about the play so far. Each expression
compiles to a closure tree at load time, so a step costs a few Python calls.

Public pieces: :func:`compile_expression`, :class:`Compiled`, :class:`ExpressionError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

Value = bool | int | str

MAX_NUMBER = 1_000_000_000_000
MAX_DEPTH = 32
MAX_STRING = 10_000


class Env(Protocol):
    """What an expression may read: variables, visit counts, and choices taken."""

    @property
    def vars(self) -> Mapping[str, Value]: ...
    @property
    def visits(self) -> Mapping[str, int]: ...
    @property
    def chosen(self) -> frozenset[str]: ...


Fn = Callable[[Env], Any]


class ExpressionError(Exception):
    """A mistake in an expression, at ``offset`` characters into its source."""

    def __init__(self, message: str, offset: int, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


class EvaluationError(Exception):
    """A value went wrong while playing (division by zero, number too large)."""


@dataclass(frozen=True, slots=True)
class Ref:
    """A scene or choice named inside an expression, for the loader to resolve."""

    kind: str  # "scene" or "choice"
    target: str
    offset: int


@dataclass(frozen=True, slots=True)
class Compiled:
    """A checked expression: its closure, its type, and what it reads."""

    source: str
    type: str  # "int", "bool" or "str"
    fn: Fn = field(repr=False, compare=False)
    variables: frozenset[str] = frozenset()
    refs: tuple[Ref, ...] = ()

    def __call__(self, env: Env) -> Value:
        value: Value = self.fn(env)
        return value


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<int>\d+)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|[-+*/%<>()=])
    """,
    re.VERBOSE,
)
_ARG = re.compile(r'\s*(?:"([^"\n]*)"|([A-Za-z0-9_][A-Za-z0-9_\-/]*))\s*')
_KEYWORDS = {"and", "or", "not", "true", "false"}
_FUNCTIONS = {"visited": ("scene", "bool"), "visits": ("scene", "int"), "chosen": ("choice", "bool")}
_TYPE_NAMES = {"int": "a number", "bool": "true/false", "str": "text"}
_DEPTH_HINT = "split it into simpler conditions, or remove extra brackets"


class Scope(dict[str, str]):
    """Declared variable types (name -> type) plus memos for one story load.

    Stories repeat the same small expressions (``trust += 1``, ``met``) hundreds of times;
    compiling each distinct source once keeps loading fast and shares one closure tree
    instead of allocating thousands. Compiled expressions are immutable, so sharing is safe.
    """

    __slots__ = ("compiled", "effects", "inline")

    def __init__(self, types: Mapping[str, str]) -> None:
        super().__init__(types)
        self.compiled: dict[tuple[str, str | None], Compiled] = {}
        self.inline: dict[str, tuple[Any, tuple[tuple[Compiled, int], ...]]] = {}
        self.effects: dict[str, Any] = {}


def type_of(value: Value) -> str:
    """The expression type of a Python value (``bool`` before ``int``: bool is an int)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return "str"


@dataclass(slots=True)
class _Token:
    kind: str
    text: str
    offset: int


class _Parser:
    """Recursive descent over tokens; each method returns (fn, type)."""

    def __init__(self, source: str, variables: Mapping[str, str]) -> None:
        self.source = source
        self.variables = variables
        self.pos = 0  # character offset into source for the function-argument scanner
        self.tokens: list[_Token] = []
        self.i = 0
        self.depth = 0
        self.used: set[str] = set()
        self.refs: list[Ref] = []

    # -- tokens -----------------------------------------------------------------------------
    def _scan_from(self, offset: int) -> None:
        self.tokens = self.tokens[: self.i]
        pos = offset
        src = self.source
        while pos < len(src):
            m = _TOKEN.match(src, pos)
            if m is None:
                ch = src[pos]
                hint = ""
                if ch == "!":
                    hint = "write 'not x' for negation and '!=' for 'not equal'"
                elif ch in "&|":
                    hint = "write 'and' / 'or'"
                elif ch == "'":
                    hint = 'text is written in double quotes: "like this"'
                elif ch == '"':
                    raise ExpressionError("unterminated text", pos, 'close it with "')
                raise ExpressionError(f"unexpected character {ch!r}", pos, hint)
            kind = m.lastgroup or ""
            if kind != "ws":
                self.tokens.append(_Token(kind, m.group(), pos))
            pos = m.end()
            if kind == "name" and m.group() in _FUNCTIONS:
                pos = self._scan_argument(pos)
        self.tokens.append(_Token("end", "", len(src)))

    def _scan_argument(self, pos: int) -> int:
        """After a function name: ``(`` and the raw argument as one "arg" token.

        Scene ids contain '-', which the token scanner reads as minus, so the argument is
        read raw here, once (re-scanning the rest after every call made long lines quadratic).
        """
        src = self.source
        paren = pos
        while paren < len(src) and src[paren].isspace():
            paren += 1
        if paren >= len(src) or src[paren] != "(":
            return pos
        self.tokens.append(_Token("op", "(", paren))
        m = _ARG.match(src, paren + 1)
        if m is None or (m.group(1) is None and m.group(2) is None):
            return paren + 1
        arg = m.group(1) if m.group(1) is not None else m.group(2)
        self.tokens.append(_Token("arg", arg, m.start(1) if m.group(1) is not None else m.start(2)))
        return m.end()

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect_op(self, text: str) -> _Token:
        tok = self.peek()
        if tok.kind != "op" or tok.text != text:
            found = repr(tok.text) if tok.text else "the end"
            raise ExpressionError(f"expected '{text}' but found {found}", tok.offset)
        return self.take()

    # -- grammar ----------------------------------------------------------------------------
    def parse(self) -> tuple[Fn, str]:
        self._scan_from(0)
        if self.peek().kind == "end":
            raise ExpressionError("empty expression", 0, "write a condition such as trust >= 2")
        fn, typ = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            hint = "did you mean '==' ?" if tok.text == "=" else "join conditions with 'and' / 'or'"
            raise ExpressionError(f"unexpected {tok.text!r}", tok.offset, hint)
        return fn, typ

    def expr(self) -> tuple[Fn, str]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"expression nested deeper than {MAX_DEPTH} levels", self.peek().offset, _DEPTH_HINT
            )
        try:
            return self.or_()
        finally:
            self.depth -= 1

    def _bool_operand(self, typ: str, offset: int, op: str) -> None:
        if typ != "bool":
            raise ExpressionError(
                f"'{op}' needs true/false on both sides, got {_TYPE_NAMES[typ]}",
                offset,
                "compare first, e.g. trust > 0",
            )

    def or_(self) -> tuple[Fn, str]:
        start = self.peek().offset
        left, typ = self.and_()
        while self.peek().kind == "name" and self.peek().text == "or":
            self.take()
            self._bool_operand(typ, start, "or")
            roff = self.peek().offset
            right, rtyp = self.and_()
            self._bool_operand(rtyp, roff, "or")
            left = _or(left, right)
        return left, typ

    def and_(self) -> tuple[Fn, str]:
        start = self.peek().offset
        left, typ = self.not_()
        while self.peek().kind == "name" and self.peek().text == "and":
            self.take()
            self._bool_operand(typ, start, "and")
            roff = self.peek().offset
            right, rtyp = self.not_()
            self._bool_operand(rtyp, roff, "and")
            left = _and(left, right)
        return left, typ

    def not_(self) -> tuple[Fn, str]:
        tok = self.peek()
        if tok.kind == "name" and tok.text == "not":
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ExpressionError(
                    f"expression nested deeper than {MAX_DEPTH} levels", tok.offset, _DEPTH_HINT
                )
            try:
                operand, typ = self.not_()
            finally:
                self.depth -= 1
            self._bool_operand(typ, tok.offset, "not")
            return (lambda env: not operand(env)), "bool"
        return self.comparison()

    def comparison(self) -> tuple[Fn, str]:
        start = self.peek().offset
        left, ltyp = self.sum_()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            right, rtyp = self.sum_()
            if ltyp != rtyp:
                raise ExpressionError(
                    f"cannot compare {_TYPE_NAMES[ltyp]} with {_TYPE_NAMES[rtyp]}",
                    tok.offset,
                    "both sides of a comparison must have the same type",
                )
            if tok.text not in ("==", "!=") and ltyp == "bool":
                raise ExpressionError(f"'{tok.text}' cannot order true/false", tok.offset)
            nxt = self.peek()
            if nxt.kind == "op" and nxt.text in ("==", "!=", "<", "<=", ">", ">="):
                raise ExpressionError("comparisons cannot be chained", nxt.offset, "write a < b and b < c")
            return _COMPARE[tok.text](left, right), "bool"
        if tok.kind == "op" and tok.text == "=":
            raise ExpressionError("'=' sets a value; use '==' to compare", tok.offset, "write ==")
        del start
        return left, ltyp

    def sum_(self) -> tuple[Fn, str]:
        left, ltyp = self.term()
        while self.peek().kind == "op" and self.peek().text in ("+", "-"):
            op = self.take()
            right, rtyp = self.term()
            if op.text == "+" and ltyp == rtyp == "str":
                left = _concat(left, right)
                continue
            if ltyp != "int" or rtyp != "int":
                raise ExpressionError(
                    f"'{op.text}' needs numbers, got {_TYPE_NAMES[ltyp]} and {_TYPE_NAMES[rtyp]}",
                    op.offset,
                    "'+' joins two texts; other arithmetic is for numbers",
                )
            left = _add(left, right) if op.text == "+" else _sub(left, right)
        return left, ltyp

    def term(self) -> tuple[Fn, str]:
        left, ltyp = self.unary()
        while self.peek().kind == "op" and self.peek().text in ("*", "/", "%"):
            op = self.take()
            right, rtyp = self.unary()
            if ltyp != "int" or rtyp != "int":
                raise ExpressionError(f"'{op.text}' needs numbers", op.offset)
            left = _ARITH[op.text](left, right)
        return left, ltyp

    def unary(self) -> tuple[Fn, str]:
        tok = self.peek()
        if tok.kind == "op" and tok.text == "-":
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ExpressionError(
                    f"expression nested deeper than {MAX_DEPTH} levels", tok.offset, _DEPTH_HINT
                )
            try:
                operand, typ = self.unary()
            finally:
                self.depth -= 1
            if typ != "int":
                raise ExpressionError("'-' needs a number", tok.offset)
            return (lambda env: -operand(env)), "int"
        return self.atom()

    def atom(self) -> tuple[Fn, str]:
        tok = self.take()
        if tok.kind == "int":
            value = int(tok.text) if len(tok.text) <= 16 else MAX_NUMBER + 1
            if value > MAX_NUMBER:
                raise ExpressionError(f"number larger than {MAX_NUMBER:,}", tok.offset)
            return _const(value), "int"
        if tok.kind == "str":
            text = _unescape(tok.text[1:-1])
            return _const(text), "str"
        if tok.kind == "name":
            if tok.text in ("true", "false"):
                return _const(tok.text == "true"), "bool"
            if tok.text in _FUNCTIONS:
                return self.call(tok)
            if tok.text in _KEYWORDS:
                raise ExpressionError(f"'{tok.text}' needs something before it", tok.offset)
            if tok.text not in self.variables:
                import difflib

                close = difflib.get_close_matches(tok.text, list(self.variables), n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "declare it in story.toml under [vars." + tok.text + "]"
                )
                raise ExpressionError(f"unknown variable '{tok.text}'", tok.offset, hint)
            self.used.add(tok.text)
            name = tok.text
            return (lambda env: env.vars[name]), self.variables[name]
        if tok.kind == "op" and tok.text == "(":
            inner, typ = self.expr()
            self.expect_op(")")
            return inner, typ
        found = repr(tok.text) if tok.text else "the end of the expression"
        raise ExpressionError(f"expected a value but found {found}", tok.offset)

    def call(self, name_tok: _Token) -> tuple[Fn, str]:
        paren = self.peek()
        if paren.kind != "op" or paren.text != "(":
            raise ExpressionError(
                f"'{name_tok.text}' is a function", name_tok.offset, f"write {name_tok.text}(scene-id)"
            )
        self.take()
        arg_tok = self.peek()
        if arg_tok.kind != "arg":
            raise ExpressionError(
                f"{name_tok.text}() needs a scene id", paren.offset + 1, f"write {name_tok.text}(front-yard)"
            )
        self.take()
        arg, arg_offset = arg_tok.text, arg_tok.offset
        close = self.peek()
        if close.kind != "op" or close.text != ")":
            raise ExpressionError(f"expected ')' after {name_tok.text}({arg}", close.offset)
        self.take()
        kind, typ = _FUNCTIONS[name_tok.text]
        if kind == "choice" and "/" not in arg:
            raise ExpressionError(
                "chosen() names a choice as scene-id/choice-id", arg_offset, f"write chosen(scene/{arg})"
            )
        self.refs.append(Ref(kind, arg, arg_offset))
        if name_tok.text == "visited":
            return (lambda env: env.visits.get(arg, 0) > 0), typ
        if name_tok.text == "visits":
            return (lambda env: env.visits.get(arg, 0)), typ
        return (lambda env: arg in env.chosen), typ


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _const(value: Value) -> Fn:
    return lambda env: value


def _check(value: int) -> int:
    if -MAX_NUMBER <= value <= MAX_NUMBER:
        return value
    raise EvaluationError(f"number {value} is out of range (±{MAX_NUMBER:,})")


def _or(a: Fn, b: Fn) -> Fn:
    return lambda env: a(env) or b(env)


def _and(a: Fn, b: Fn) -> Fn:
    return lambda env: a(env) and b(env)


def _add(a: Fn, b: Fn) -> Fn:
    return lambda env: _check(a(env) + b(env))


def _sub(a: Fn, b: Fn) -> Fn:
    return lambda env: _check(a(env) - b(env))


def _mul(a: Fn, b: Fn) -> Fn:
    def run(env: Env) -> int:
        left, right = a(env), b(env)
        if left and right and abs(left) > MAX_NUMBER // abs(right):
            raise EvaluationError(f"{left} * {right} is out of range (±{MAX_NUMBER:,})")
        product: int = left * right
        return product

    return run


def _div(a: Fn, b: Fn) -> Fn:
    def run(env: Env) -> int:
        right = b(env)
        if right == 0:
            raise EvaluationError("division by zero")
        quotient: int = a(env) // right
        return quotient

    return run


def _mod(a: Fn, b: Fn) -> Fn:
    def run(env: Env) -> int:
        right = b(env)
        if right == 0:
            raise EvaluationError("remainder of division by zero")
        remainder: int = a(env) % right
        return remainder

    return run


def _concat(a: Fn, b: Fn) -> Fn:
    def run(env: Env) -> str:
        text: str = a(env) + b(env)
        if len(text) > MAX_STRING:
            raise EvaluationError(f"text longer than {MAX_STRING:,} characters")
        return text

    return run


_ARITH = {"*": _mul, "/": _div, "%": _mod}
_COMPARE: dict[str, Callable[[Fn, Fn], Fn]] = {
    "==": lambda a, b: lambda env: a(env) == b(env),
    "!=": lambda a, b: lambda env: a(env) != b(env),
    "<": lambda a, b: lambda env: a(env) < b(env),
    "<=": lambda a, b: lambda env: a(env) <= b(env),
    ">": lambda a, b: lambda env: a(env) > b(env),
    ">=": lambda a, b: lambda env: a(env) >= b(env),
}


def compile_expression(source: str, variables: Mapping[str, str], expect: str | None = None) -> Compiled:
    """Parse and type-check ``source`` against declared ``variables`` (name -> type).

    ``expect`` ("bool", "int" or "str") demands a result type, as conditions demand
    true/false. Raises :class:`ExpressionError` with an offset into ``source``.
    """
    memo = variables.compiled if isinstance(variables, Scope) else None
    if memo is not None:
        hit = memo.get((source, expect))
        if hit is not None:
            return hit
    parser = _Parser(source, variables)
    fn, typ = parser.parse()
    if expect is not None and typ != expect:
        hint = "compare it, e.g. trust >= 2" if expect == "bool" else ""
        raise ExpressionError(f"expected {_TYPE_NAMES[expect]} here, but this is {_TYPE_NAMES[typ]}", 0, hint)
    compiled = Compiled(source, typ, fn, frozenset(parser.used), tuple(parser.refs))
    if memo is not None:
        memo[(source, expect)] = compiled
    return compiled
