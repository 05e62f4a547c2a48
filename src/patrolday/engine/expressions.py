"""The story expression language: parsed once into a typed tree, run as closures.

Why not Python's ``eval`` or ``ast``? A story file is data written by someone else; it
must never reach the interpreter. This module is a whitelist: integer/boolean/string
literals, declared variables, ``+ - * / %``, comparisons, ``and``/``or``/``not``,
parentheses, three read-only functions about the play so far (``visited``, ``visits``,
``chosen``), ``min``/``max``, and ``random(lo, hi)``, which asks the environment for the next
number of the game's seeded stream (so the checker can supply every outcome instead).

Each expression is parsed into a small typed syntax tree (:data:`Node`) that is kept on
the :class:`Compiled` result, because tools need to know *what* an expression does, not
only its value: which variables it reads, which scenes' visit counts it compares with
which constants, whether it can fail while playing. The checker's state merging rests on
those facts, so they come from the parser's own tree, never from re-reading the source.

The tree is then compiled to closures, so a step still costs a call or two per
expression. Chains of one operator (``a + b + c``, ``x and y and z``) are one n-ary
node that runs in a loop: a chain of thousands of operands neither recurses while it is
parsed nor while it runs. Nesting (brackets, ``not``, unary minus) is what recurses, and
it is limited to :data:`MAX_DEPTH`.

Public pieces: :func:`compile_expression`, :class:`Compiled`, the node classes,
:func:`walk`, :class:`ExpressionError`, :class:`EvaluationError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, cast

Value = bool | int | str
ExprType = Literal["int", "bool", "str"]
"""The three types of the language; a variable's type comes from its initial value."""
ArithOp = Literal["+", "-", "*", "/", "%"]
CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]
LogicOp = Literal["and", "or"]
CallName = Literal["visited", "visits", "chosen"]
FuncName = Literal["min", "max", "random"]
RefKind = Literal["scene", "choice"]

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
    def random(self, lo: int, hi: int) -> int:
        """A number in ``lo..hi`` from the game's seeded stream (the engine's, or the checker's)."""
        ...


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

    kind: RefKind
    target: str
    offset: int


# -- the syntax tree ------------------------------------------------------------------------------
# Every node knows its type and the offset of its first character in the source. Chains of one
# precedence level are n-ary (``operands`` and, for arithmetic, the ``ops`` between them), so
# the depth of a tree is bounded by the nesting limit, not by the length of a line.


@dataclass(frozen=True, slots=True)
class Const:
    """A literal: a number, ``true``/``false`` or a quoted text (already unescaped)."""

    value: Value
    type: ExprType
    offset: int


@dataclass(frozen=True, slots=True)
class Var:
    """A declared variable, read."""

    name: str
    type: ExprType
    offset: int


@dataclass(frozen=True, slots=True)
class Call:
    """``visited(scene)``, ``visits(scene)`` or ``chosen(scene/choice)``: facts about the play so far."""

    name: CallName
    arg: str
    offset: int
    arg_offset: int

    @property
    def type(self) -> ExprType:
        return "int" if self.name == "visits" else "bool"


@dataclass(frozen=True, slots=True)
class Func:
    """``min(a, b, ...)``, ``max(a, b, ...)``: numbers in, a number out; ``random(lo, hi)``: a
    number in ``lo..hi`` drawn from the game's seeded stream (:meth:`Env.random`)."""

    name: FuncName
    args: tuple[Node, ...]
    offset: int
    type: ExprType = "int"


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node
    offset: int
    type: ExprType = "bool"


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Node
    offset: int
    type: ExprType = "int"


@dataclass(frozen=True, slots=True)
class Logic:
    """``a and b and ...`` or ``a or b or ...``: evaluated left to right, stopping early."""

    op: LogicOp
    operands: tuple[Node, ...]
    offset: int
    type: ExprType = "bool"


@dataclass(frozen=True, slots=True)
class Arith:
    """Numbers joined by operators of one precedence: ``ops[i]`` sits between operands i and i+1."""

    operands: tuple[Node, ...]
    ops: tuple[ArithOp, ...]
    offset: int
    type: ExprType = "int"


@dataclass(frozen=True, slots=True)
class Concat:
    """Texts joined with ``+``."""

    operands: tuple[Node, ...]
    offset: int
    type: ExprType = "str"


@dataclass(frozen=True, slots=True)
class Compare:
    op: CompareOp
    left: Node
    right: Node
    offset: int
    type: ExprType = "bool"


Node = Const | Var | Call | Func | Not | Neg | Logic | Arith | Concat | Compare


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of ``node``, in source order."""
    if isinstance(node, Logic | Arith | Concat):
        return node.operands
    if isinstance(node, Compare):
        return (node.left, node.right)
    if isinstance(node, Func):
        return node.args
    if isinstance(node, Not | Neg):
        return (node.operand,)
    return ()


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree in source order (pre-order), without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


# -- what a tool needs to know ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VisitRead:
    """A read of a scene's visit count, and how much of the count the expression can tell apart.

    ``cap`` is the count from which on all counts look alike: ``visited(x)`` tells 0 from
    "1 or more" (cap 1); ``visits(x) >= 3`` compares with a constant, so 4, 5, ... all
    behave like 4 (cap 4, one past the constant). ``None``: the exact count matters (it is
    used in arithmetic, printed, or compared with something that is not a constant).
    """

    scene: str
    cap: int | None
    compared_to: int | None = None  # the constant a visits(x) is compared with, if any


def _visit_reads(tree: Node) -> tuple[VisitRead, ...]:
    compared: dict[int, int] = {}  # id(Call node) -> the constant it is compared with
    for node in walk(tree):
        if type(node) is Compare:
            for call, other in ((node.left, node.right), (node.right, node.left)):
                if type(call) is Call and call.name == "visits" and type(other) is Const:
                    compared[id(call)] = int(other.value)
    reads: list[VisitRead] = []
    for node in walk(tree):
        if type(node) is Call and node.name != "chosen":
            if node.name == "visited":
                reads.append(VisitRead(node.arg, 1))
            elif id(node) in compared:
                constant = compared[id(node)]
                reads.append(VisitRead(node.arg, max(constant + 1, 0), constant))
            else:
                reads.append(VisitRead(node.arg, None))
    return tuple(reads)


def _can_fail(tree: Node) -> bool:
    """Whether evaluating ``tree`` can raise :class:`EvaluationError` for some values.

    Arithmetic can leave the number range, division and remainder can meet a zero, and
    joined text can grow past its limit; reading, comparing and logic cannot fail.
    Dividing by a non-zero constant can do neither (the result is smaller than the input).
    """
    for node in walk(tree):
        if type(node) is Concat:
            return True
        if type(node) is Func and node.name == "random" and not all(type(a) is Const for a in node.args):
            return True  # the bounds may come out upside down
        if type(node) is Arith:
            for op, right in zip(node.ops, node.operands[1:], strict=True):
                if op in ("+", "-", "*"):
                    return True
                if not (type(right) is Const and right.value != 0):
                    return True
    return False


@dataclass(frozen=True, slots=True)
class Compiled:
    """A checked expression: its tree, its closure, its type, and what it reads."""

    source: str
    type: ExprType
    fn: Fn = field(repr=False, compare=False)
    variables: frozenset[str] = frozenset()
    refs: tuple[Ref, ...] = ()
    tree: Node | None = field(default=None, repr=False, compare=False)
    can_fail: bool = False  # see _can_fail: only then is it worth evaluating in every state
    visit_reads: tuple[VisitRead, ...] = ()
    draws: bool = False  # it calls random(): its value is not a function of the state alone

    def __call__(self, env: Env) -> Value:
        value: Value = self.fn(env)
        return value

    def visit_caps(self) -> dict[str, int | None]:
        """For each scene whose visits this reads: the cap that keeps its behaviour (see VisitRead)."""
        caps: dict[str, int | None] = {}
        for read in self.visit_reads:
            if read.scene in caps:
                old = caps[read.scene]
                caps[read.scene] = None if old is None or read.cap is None else max(old, read.cap)
            else:
                caps[read.scene] = read.cap
        return caps


# -- tokens and parser ------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<int>\d+)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|[-+*/%<>()=,])
    """,
    re.VERBOSE,
)
_ARG = re.compile(r'\s*(?:"([^"\n]*)"|([A-Za-z0-9_][A-Za-z0-9_\-/]*))\s*')
_KEYWORDS = {"and", "or", "not", "true", "false"}
_FUNCTIONS: dict[str, RefKind] = {"visited": "scene", "visits": "scene", "chosen": "choice"}
_MATH = ("min", "max", "random")  # functions of numbers; a declared variable of that name still works
_TYPE_NAMES: dict[str, str] = {"int": "a number", "bool": "true/false", "str": "text"}
_DEPTH_HINT = "split it into simpler conditions, or remove extra brackets"
_COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=")


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


def type_of(value: Value) -> ExprType:
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
    """Recursive descent over tokens; each method returns a typed node.

    Only nesting recurses (brackets, ``not``, unary minus), and :data:`MAX_DEPTH` caps it;
    each precedence level collects its operands in a loop.
    """

    def __init__(self, source: str, variables: Mapping[str, str]) -> None:
        self.source = source
        self.variables = variables
        self.tokens: list[_Token] = []
        self.i = 0
        self.depth = 0

    # -- tokens -----------------------------------------------------------------------------
    def _scan(self) -> None:
        pos = 0
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

    def _deeper(self, offset: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"expression nested deeper than {MAX_DEPTH} levels", offset, _DEPTH_HINT)

    # -- grammar ----------------------------------------------------------------------------
    def parse(self) -> Node:
        self._scan()
        if self.peek().kind == "end":
            raise ExpressionError("empty expression", 0, "write a condition such as trust >= 2")
        node = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            hint = "did you mean '==' ?" if tok.text == "=" else "join conditions with 'and' / 'or'"
            raise ExpressionError(f"unexpected {tok.text!r}", tok.offset, hint)
        return node

    def expr(self) -> Node:
        self._deeper(self.peek().offset)
        try:
            return self.logic("or")
        finally:
            self.depth -= 1

    def _bool_operand(self, typ: ExprType, offset: int, op: str) -> None:
        if typ != "bool":
            raise ExpressionError(
                f"'{op}' needs true/false on both sides, got {_TYPE_NAMES[typ]}",
                offset,
                "compare first, e.g. trust > 0",
            )

    def logic(self, op: LogicOp) -> Node:
        """``or`` binds looser than ``and``; both collect their operands in one n-ary node."""
        start = self.peek().offset
        first = self.logic("and") if op == "or" else self.not_()
        operands = [first]
        while self.peek().kind == "name" and self.peek().text == op:
            self.take()
            self._bool_operand(first.type, start, op)
            roff = self.peek().offset
            right = self.logic("and") if op == "or" else self.not_()
            self._bool_operand(right.type, roff, op)
            operands.append(right)
        if len(operands) == 1:
            return first
        return Logic(op, tuple(operands), start)

    def not_(self) -> Node:
        tok = self.peek()
        if tok.kind == "name" and tok.text == "not":
            self.take()
            self._deeper(tok.offset)
            try:
                operand = self.not_()
            finally:
                self.depth -= 1
            self._bool_operand(operand.type, tok.offset, "not")
            return Not(operand, tok.offset)
        return self.comparison()

    def comparison(self) -> Node:
        start = self.peek().offset
        left = self.sum_()
        tok = self.peek()
        if tok.kind == "op" and tok.text in _COMPARE_OPS:
            self.take()
            right = self.sum_()
            if left.type != right.type:
                raise ExpressionError(
                    f"cannot compare {_TYPE_NAMES[left.type]} with {_TYPE_NAMES[right.type]}",
                    tok.offset,
                    "both sides of a comparison must have the same type",
                )
            if tok.text not in ("==", "!=") and left.type == "bool":
                raise ExpressionError(f"'{tok.text}' cannot order true/false", tok.offset)
            nxt = self.peek()
            if nxt.kind == "op" and nxt.text in _COMPARE_OPS:
                raise ExpressionError("comparisons cannot be chained", nxt.offset, "write a < b and b < c")
            return Compare(cast(CompareOp, tok.text), left, right, start)
        if tok.kind == "op" and tok.text == "=":
            raise ExpressionError("'=' sets a value; use '==' to compare", tok.offset, "write ==")
        return left

    def sum_(self) -> Node:
        start = self.peek().offset
        first = self.term()
        operands = [first]
        ops: list[ArithOp] = []
        typ = first.type
        while self.peek().kind == "op" and self.peek().text in ("+", "-"):
            op = self.take()
            right = self.term()
            if op.text == "+" and typ == right.type == "str":
                operands.append(right)
                ops.append("+")
                continue
            if typ != "int" or right.type != "int":
                raise ExpressionError(
                    f"'{op.text}' needs numbers, got {_TYPE_NAMES[typ]} and {_TYPE_NAMES[right.type]}",
                    op.offset,
                    "'+' joins two texts; other arithmetic is for numbers",
                )
            operands.append(right)
            ops.append(cast(ArithOp, op.text))
        if len(operands) == 1:
            return first
        if typ == "str":
            return Concat(tuple(operands), start)
        return Arith(tuple(operands), tuple(ops), start)

    def term(self) -> Node:
        start = self.peek().offset
        first = self.unary()
        operands = [first]
        ops: list[ArithOp] = []
        while self.peek().kind == "op" and self.peek().text in ("*", "/", "%"):
            op = self.take()
            right = self.unary()
            if first.type != "int" or right.type != "int":
                raise ExpressionError(f"'{op.text}' needs numbers", op.offset)
            operands.append(right)
            ops.append(cast(ArithOp, op.text))
        if len(operands) == 1:
            return first
        return Arith(tuple(operands), tuple(ops), start)

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind == "op" and tok.text == "-":
            self.take()
            self._deeper(tok.offset)
            try:
                operand = self.unary()
            finally:
                self.depth -= 1
            if operand.type != "int":
                raise ExpressionError("'-' needs a number", tok.offset)
            if type(operand) is Const:  # a negative literal is a constant (and compares as one)
                return Const(-int(operand.value), "int", tok.offset)
            return Neg(operand, tok.offset)
        return self.atom()

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "int":
            value = int(tok.text) if len(tok.text) <= 16 else MAX_NUMBER + 1
            if value > MAX_NUMBER:
                raise ExpressionError(f"number larger than {MAX_NUMBER:,}", tok.offset)
            return Const(value, "int", tok.offset)
        if tok.kind == "str":
            return Const(_unescape(tok.text[1:-1]), "str", tok.offset)
        if tok.kind == "name":
            if tok.text in ("true", "false"):
                return Const(tok.text == "true", "bool", tok.offset)
            if tok.text in _FUNCTIONS:
                return self.call(tok)
            if tok.text in _MATH and self.peek().kind == "op" and self.peek().text == "(":
                return self.func(tok)
            if tok.text in _KEYWORDS:
                raise ExpressionError(f"'{tok.text}' needs something before it", tok.offset)
            if tok.text in _MATH and tok.text not in self.variables:
                hint = f"write {tok.text}(a, b), e.g. {tok.text}(trust, 3)"
                raise ExpressionError(f"'{tok.text}' is a function", tok.offset, hint)
            if tok.text not in self.variables:
                import difflib

                close = difflib.get_close_matches(tok.text, list(self.variables), n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "declare it in story.toml under [vars." + tok.text + "]"
                )
                raise ExpressionError(f"unknown variable '{tok.text}'", tok.offset, hint)
            return Var(tok.text, cast(ExprType, self.variables[tok.text]), tok.offset)
        if tok.kind == "op" and tok.text == "(":
            inner = self.expr()
            self.expect_op(")")
            return inner
        found = repr(tok.text) if tok.text else "the end of the expression"
        raise ExpressionError(f"expected a value but found {found}", tok.offset)

    def call(self, name_tok: _Token) -> Node:
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
        if _FUNCTIONS[name_tok.text] == "choice" and "/" not in arg:
            raise ExpressionError(
                "chosen() names a choice as scene-id/choice-id", arg_offset, f"write chosen(scene/{arg})"
            )
        return Call(cast(CallName, name_tok.text), arg, name_tok.offset, arg_offset)

    def func(self, name_tok: _Token) -> Node:
        """``min(...)`` / ``max(...)``: two or more numbers, separated by commas."""
        name = name_tok.text
        self.take()  # "("
        args: list[Node] = []
        while True:
            arg_offset = self.peek().offset
            arg = self.expr()
            if arg.type != "int":
                raise ExpressionError(f"'{name}' needs numbers, got {_TYPE_NAMES[arg.type]}", arg_offset)
            args.append(arg)
            tok = self.peek()
            if tok.kind == "op" and tok.text == ",":
                self.take()
                continue
            if tok.kind == "op" and tok.text == ")":
                self.take()
                break
            found = repr(tok.text) if tok.text else "the end"
            raise ExpressionError(f"expected ',' or ')' but found {found}", tok.offset)
        if name == "random":
            return _random(args, name_tok.offset)
        if len(args) < 2:
            raise ExpressionError(
                f"{name}() needs at least two numbers", name_tok.offset, f"write {name}(trust, 3)"
            )
        return Func(cast(FuncName, name), tuple(args), name_tok.offset)


def _random(args: list[Node], offset: int) -> Func:
    if len(args) != 2:
        raise ExpressionError(
            "random() takes two numbers, the lowest and the highest", offset, "write random(1, 6)"
        )
    lo, hi = args
    if type(lo) is Const and type(hi) is Const:
        message = _range_error(int(lo.value), int(hi.value))
        if message:
            raise ExpressionError(message, offset, "write the lowest number first, e.g. random(1, 6)")
    return Func("random", (lo, hi), offset)


def _range_error(lo: int, hi: int) -> str:
    if lo > hi:
        return f"random({lo}, {hi}): the lowest value is above the highest"
    if hi - lo > MAX_NUMBER:
        return f"random({lo}, {hi}) spans more than {MAX_NUMBER:,}"
    return ""


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


# -- from tree to closures --------------------------------------------------------------------------
# The common shapes get a closure of their own (a variable compared with a constant is one call,
# not three), so keeping the tree costs nothing at play time. Recursion here follows the tree's
# depth, which the parser bounds; chains run in loops.


def _out_of_range(value: int) -> EvaluationError:
    return EvaluationError(f"number {value} is out of range (±{MAX_NUMBER:,})")


def _apply(op: ArithOp, left: int, right: int) -> int:
    """One arithmetic step with the language's limits (the same checks at every step of a chain)."""
    if op == "+":
        value = left + right
    elif op == "-":
        value = left - right
    elif op == "*":
        if left and right and abs(left) > MAX_NUMBER // abs(right):
            raise EvaluationError(f"{left} * {right} is out of range (±{MAX_NUMBER:,})")
        return left * right
    elif op == "/":
        if right == 0:
            raise EvaluationError("division by zero")
        return left // right
    else:
        if right == 0:
            raise EvaluationError("remainder of division by zero")
        return left % right
    if -MAX_NUMBER <= value <= MAX_NUMBER:
        return value
    raise _out_of_range(value)


def _compile_var(name: str) -> Fn:
    return lambda env: env.vars[name]


def _compile_call(node: Call) -> Fn:
    arg = node.arg
    if node.name == "visited":
        return lambda env: env.visits.get(arg, 0) > 0
    if node.name == "visits":
        return lambda env: env.visits.get(arg, 0)
    return lambda env: arg in env.chosen


def _compile_compare(node: Compare) -> Fn:
    op, left, right = node.op, node.left, node.right
    if type(left) is Var and type(right) is Const:
        name = left.name
        c: Any = right.value  # the parser checked that both sides have one type
        if op == "==":
            return lambda env: env.vars[name] == c
        if op == "!=":
            return lambda env: env.vars[name] != c
        if op == "<":
            return lambda env: env.vars[name] < c
        if op == "<=":
            return lambda env: env.vars[name] <= c
        if op == ">":
            return lambda env: env.vars[name] > c
        return lambda env: env.vars[name] >= c
    a = _compile_node(left)
    if type(right) is Const:
        k: Any = right.value
        if op == "==":
            return lambda env: a(env) == k
        if op == "!=":
            return lambda env: a(env) != k
        if op == "<":
            return lambda env: a(env) < k
        if op == "<=":
            return lambda env: a(env) <= k
        if op == ">":
            return lambda env: a(env) > k
        return lambda env: a(env) >= k
    b = _compile_node(right)
    if op == "==":
        return lambda env: a(env) == b(env)
    if op == "!=":
        return lambda env: a(env) != b(env)
    if op == "<":
        return lambda env: a(env) < b(env)
    if op == "<=":
        return lambda env: a(env) <= b(env)
    if op == ">":
        return lambda env: a(env) > b(env)
    return lambda env: a(env) >= b(env)


def _compile_logic(node: Logic) -> Fn:
    fns = tuple(_compile_node(o) for o in node.operands)
    if len(fns) == 2:
        a, b = fns
        if node.op == "and":
            return lambda env: a(env) and b(env)
        return lambda env: a(env) or b(env)
    if node.op == "and":

        def all_of(env: Env) -> bool:
            for fn in fns:  # noqa: SIM110 (a loop is faster than all() over a generator)
                if not fn(env):
                    return False
            return True

        return all_of

    def any_of(env: Env) -> bool:
        for fn in fns:  # noqa: SIM110 (a loop is faster than any() over a generator)
            if fn(env):
                return True
        return False

    return any_of


def _compile_arith(node: Arith) -> Fn:
    first = _compile_node(node.operands[0])
    rest = tuple(zip(node.ops, (_compile_node(o) for o in node.operands[1:]), strict=True))
    if len(rest) == 1:
        op, b = rest[0]
        right = node.operands[1]
        if op in ("+", "-") and type(right) is Const:
            k = int(right.value) if op == "+" else -int(right.value)

            def add_constant(env: Env) -> int:
                value: int = first(env) + k
                if -MAX_NUMBER <= value <= MAX_NUMBER:
                    return value
                raise _out_of_range(value)

            return add_constant
        return _binary(op, first, b)

    def chain(env: Env) -> int:
        value: int = first(env)
        for op, fn in rest:
            value = _apply(op, value, fn(env))
        return value

    return chain


def _binary(op: ArithOp, a: Fn, b: Fn) -> Fn:
    """``a op b`` as one closure per operator (the common two-operand case; _apply's checks)."""
    if op == "+":

        def add(env: Env) -> int:
            value: int = a(env) + b(env)
            if -MAX_NUMBER <= value <= MAX_NUMBER:
                return value
            raise _out_of_range(value)

        return add
    if op == "-":

        def sub(env: Env) -> int:
            value: int = a(env) - b(env)
            if -MAX_NUMBER <= value <= MAX_NUMBER:
                return value
            raise _out_of_range(value)

        return sub
    if op == "*":

        def mul(env: Env) -> int:
            left, right = a(env), b(env)
            if left and right and abs(left) > MAX_NUMBER // abs(right):
                raise EvaluationError(f"{left} * {right} is out of range (±{MAX_NUMBER:,})")
            product: int = left * right
            return product

        return mul
    return lambda env: _apply(op, a(env), b(env))


def _compile_concat(node: Concat) -> Fn:
    fns = tuple(_compile_node(o) for o in node.operands)
    if len(fns) == 2:
        a, b = fns

        def join_two(env: Env) -> str:
            text: str = a(env) + b(env)
            if len(text) > MAX_STRING:
                raise EvaluationError(f"text longer than {MAX_STRING:,} characters")
            return text

        return join_two

    def join(env: Env) -> str:
        text: str = fns[0](env)
        for fn in fns[1:]:
            text += fn(env)
            if len(text) > MAX_STRING:
                raise EvaluationError(f"text longer than {MAX_STRING:,} characters")
        return text

    return join


def _compile_func(node: Func) -> Fn:
    fns = tuple(_compile_node(a) for a in node.args)
    if node.name == "random":
        low, high = fns

        def draw(env: Env) -> int:
            lo, hi = low(env), high(env)
            message = _range_error(lo, hi)
            if message:
                raise EvaluationError(message)
            return env.random(lo, hi)

        return draw
    pick = min if node.name == "min" else max
    if len(fns) == 2:
        a, b = fns
        return lambda env: pick(a(env), b(env))
    return lambda env: pick([fn(env) for fn in fns])


def _compile_node(node: Node) -> Fn:
    if isinstance(node, Const):
        value = node.value
        return lambda env: value
    if isinstance(node, Var):
        return _compile_var(node.name)
    if isinstance(node, Call):
        return _compile_call(node)
    if isinstance(node, Compare):
        return _compile_compare(node)
    if isinstance(node, Logic):
        return _compile_logic(node)
    if isinstance(node, Func):
        return _compile_func(node)
    if isinstance(node, Not):
        operand = node.operand
        if isinstance(operand, Var):
            name = operand.name
            return lambda env: not env.vars[name]
        inner = _compile_node(operand)
        return lambda env: not inner(env)
    if isinstance(node, Neg):
        negated = _compile_node(node.operand)
        return lambda env: -negated(env)
    if isinstance(node, Arith):
        return _compile_arith(node)
    return _compile_concat(node)


def compile_tree(tree: Node, source: str = "") -> Compiled:
    """A :class:`Compiled` for an already checked tree, with every fact read off the tree."""
    variables = frozenset(n.name for n in walk(tree) if type(n) is Var)
    refs = tuple(Ref(_FUNCTIONS[n.name], n.arg, n.arg_offset) for n in walk(tree) if type(n) is Call)
    return Compiled(
        source,
        tree.type,
        _compile_node(tree),
        variables,
        refs,
        tree,
        _can_fail(tree),
        _visit_reads(tree),
        any(type(n) is Func and n.name == "random" for n in walk(tree)),
    )


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
    tree = _Parser(source, variables).parse()
    if expect is not None and tree.type != expect:
        hint = "compare it, e.g. trust >= 2" if expect == "bool" else ""
        raise ExpressionError(
            f"expected {_TYPE_NAMES[expect]} here, but this is {_TYPE_NAMES[tree.type]}", 0, hint
        )
    compiled = compile_tree(tree, source)
    if memo is not None:
        memo[(source, expect)] = compiled
    return compiled
