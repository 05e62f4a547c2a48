"""The expression language: examples, errors with offsets, and Hypothesis properties.

The main property is differential: random well-typed expression trees are printed as
source, compiled, run, and compared with a tiny reference evaluator written directly
over the tree. Any precedence, associativity or type rule the compiler gets wrong shows
up as a disagreement.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patrolday.engine.expressions import (
    MAX_DEPTH,
    EvaluationError,
    ExpressionError,
    compile_expression,
)

TYPES = {"trust": "int", "calls": "int", "met": "bool", "late": "bool", "name": "str"}
ENV = SimpleNamespace(
    vars={"trust": 3, "calls": -2, "met": True, "late": False, "name": "Dana"},
    visits={"yard": 2},
    chosen=frozenset({"yard/call"}),
)


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 3 - 2", 5),
        ("-7 / 2", -4),
        ("7 % 3", 1),
        ("trust >= 3 and not late", True),
        ("met or 1 / 0 == 1", True),  # short-circuit: the division never runs
        ('name + "!" == "Dana!"', True),
        ("visited(yard) and visits(yard) == 2", True),
        ("visited(house)", False),
        ("chosen(yard/call)", True),
        ("not not met", True),
        ("true != false", True),
    ],
)
def test_examples(source: str, value: object) -> None:
    assert compile_expression(source, TYPES)(ENV) == value


@pytest.mark.parametrize(
    ("source", "offset", "fragment"),
    [
        ("trust +", 7, "expected a value"),
        ("trust > ", 8, "expected a value"),
        ("(trust", 6, "expected ')'"),
        ("trust = 2", 6, "use '=='"),
        ("trust && met", 6, "unexpected character"),
        ("met < late", 4, "cannot order"),
        ("trust == met", 6, "cannot compare"),
        ("not trust", 0, "needs true/false"),
        ("1 < 2 < 3", 6, "chained"),
        ("visits(yard", 11, "expected ')'"),
        ('"open', 0, "unterminated"),
        ("99999999999999999", 0, "larger than"),
        ("tust > 1", 0, "unknown variable"),
        ("trust 2", 6, "unexpected"),
    ],
)
def test_errors_point_at_the_offset(source: str, offset: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, TYPES)
    assert fragment in caught.value.message
    assert caught.value.offset == offset


def test_conditions_must_be_boolean() -> None:
    with pytest.raises(ExpressionError, match="expected true/false"):
        compile_expression("trust + 1", TYPES, expect="bool")


def test_nesting_is_limited() -> None:
    deep = "(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5)
    with pytest.raises(ExpressionError, match="nested deeper"):
        compile_expression(deep, TYPES)
    compile_expression("(" * 10 + "1" + ")" * 10, TYPES)


def test_runtime_errors_are_evaluation_errors() -> None:
    with pytest.raises(EvaluationError, match="division by zero"):
        compile_expression("trust / (calls + 2)", TYPES)(ENV)
    with pytest.raises(EvaluationError, match="out of range"):
        compile_expression("999999999999 * 999999999999", TYPES)(ENV)


def test_nothing_reaches_python() -> None:
    for hostile in ["__import__('os')", "trust.__class__", "[1]", "lambda: 1", "trust if met else 1", "a[0]"]:
        with pytest.raises(ExpressionError):
            compile_expression(hostile, TYPES)


# -- differential property -------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    op: str
    args: tuple[object, ...]
    type: str


def _lit(t: str) -> st.SearchStrategy[Node]:
    if t == "int":
        return st.integers(0, 50).map(lambda v: Node("lit", (v,), "int"))
    if t == "bool":
        return st.booleans().map(lambda v: Node("lit", (v,), "bool"))
    return st.sampled_from(["", "a", "Dana", "x y"]).map(lambda v: Node("lit", (v,), "str"))


def _var(t: str) -> st.SearchStrategy[Node]:
    return st.sampled_from([n for n, ty in TYPES.items() if ty == t]).map(lambda n: Node("var", (n,), t))


@cache
def _leaf(t: str) -> st.SearchStrategy[Node]:
    options = [_lit(t), _var(t)]
    if t == "bool":
        options.append(st.sampled_from(["yard", "house"]).map(lambda s: Node("visited", (s,), "bool")))
    if t == "int":
        options.append(st.sampled_from(["yard", "house"]).map(lambda s: Node("visits", (s,), "int")))
    return st.one_of(options)


@cache
def _tree(t: str, depth: int) -> st.SearchStrategy[Node]:
    if depth == 0:
        return _leaf(t)
    sub = lambda ty: _tree(ty, depth - 1)  # noqa: E731
    options = [_leaf(t)]
    if t == "int":
        options += [
            st.tuples(st.sampled_from(["+", "-", "*"]), sub("int"), sub("int")).map(
                lambda a: Node(a[0], (a[1], a[2]), "int")
            ),
            sub("int").map(lambda a: Node("neg", (a,), "int")),
            st.tuples(st.sampled_from(["min", "max"]), st.lists(sub("int"), min_size=2, max_size=4)).map(
                lambda a: Node(a[0], tuple(a[1]), "int")
            ),
        ]
    if t == "str":
        options.append(st.tuples(sub("str"), sub("str")).map(lambda a: Node("+", a, "str")))
    if t == "bool":
        options += [
            st.tuples(st.sampled_from(["and", "or"]), sub("bool"), sub("bool")).map(
                lambda a: Node(a[0], (a[1], a[2]), "bool")
            ),
            sub("bool").map(lambda a: Node("not", (a,), "bool")),
            st.tuples(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), sub("int"), sub("int")).map(
                lambda a: Node(a[0], (a[1], a[2]), "bool")
            ),
            st.tuples(st.sampled_from(["==", "!="]), sub("str"), sub("str")).map(
                lambda a: Node(a[0], (a[1], a[2]), "bool")
            ),
        ]
    return st.one_of(options)


def source(node: Node) -> str:
    """Print fully parenthesised, so the printed source has one meaning."""
    a = node.args
    if node.op == "lit":
        v = a[0]
        return (
            ("true" if v else "false")
            if isinstance(v, bool)
            else (f'"{v}"' if isinstance(v, str) else str(v))
        )
    if node.op == "var":
        return str(a[0])
    if node.op in ("visited", "visits"):
        return f"{node.op}({a[0]})"
    if node.op == "neg":
        return f"-({source(a[0])})"  # type: ignore[arg-type]
    if node.op == "not":
        return f"not ({source(a[0])})"  # type: ignore[arg-type]
    if node.op in ("min", "max"):
        return f"{node.op}(" + ", ".join(source(x) for x in a) + ")"  # type: ignore[arg-type]
    return f"({source(a[0])}) {node.op} ({source(a[1])})"  # type: ignore[arg-type]


def reference(node: Node) -> object:
    a = node.args
    if node.op == "lit":
        return a[0]
    if node.op == "var":
        return ENV.vars[a[0]]
    if node.op == "visited":
        return ENV.visits.get(a[0], 0) > 0
    if node.op == "visits":
        return ENV.visits.get(a[0], 0)
    if node.op == "neg":
        return -reference(a[0])  # type: ignore[arg-type,operator]
    if node.op == "not":
        return not reference(a[0])  # type: ignore[arg-type]
    if node.op in ("min", "max"):
        values = [reference(x) for x in a]  # type: ignore[arg-type]
        return min(values) if node.op == "min" else max(values)  # type: ignore[type-var]
    left, right = reference(a[0]), reference(a[1])  # type: ignore[arg-type]
    ops = {
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "*": lambda x, y: x * y,
        "and": lambda x, y: x and y,
        "or": lambda x, y: x or y,
        "<": lambda x, y: x < y,
        "<=": lambda x, y: x <= y,
        ">": lambda x, y: x > y,
        ">=": lambda x, y: x >= y,
        "==": lambda x, y: x == y,
        "!=": lambda x, y: x != y,
    }
    return ops[node.op](left, right)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["int", "bool", "str"]).flatmap(lambda t: _tree(t, 4)))
def test_compiled_expressions_agree_with_a_reference_evaluator(node: Node) -> None:
    compiled = compile_expression(source(node), TYPES)
    assert compiled.type == node.type
    try:
        expected = reference(node)
    except Exception:  # pragma: no cover - the reference never fails on these trees
        raise
    if isinstance(expected, int) and not isinstance(expected, bool) and abs(expected) > 10**12:
        with pytest.raises(EvaluationError):
            compiled(ENV)
        return
    assert compiled(ENV) == expected


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list('trustmed ()+-*/%<>=!"andornot0123456789visited_')), max_size=40)
)
def test_any_text_compiles_or_fails_with_an_offset(text: str) -> None:
    try:
        compiled = compile_expression(text, TYPES)
    except ExpressionError as err:
        assert 0 <= err.offset <= len(text)
        return
    with contextlib.suppress(EvaluationError):
        compiled(ENV)


# -- the syntax tree and the facts it records (issue 11, "Structure") -------------------------


def test_compiled_expressions_keep_a_typed_tree() -> None:
    from patrolday.engine.expressions import Arith, Compare, Const, Logic, Var

    compiled = compile_expression("trust + 1 >= 3 and met", TYPES)
    tree = compiled.tree
    assert isinstance(tree, Logic) and tree.op == "and" and tree.type == "bool"
    compare, met = tree.operands
    assert isinstance(compare, Compare) and compare.op == ">="
    assert isinstance(compare.left, Arith) and compare.left.ops == ("+",)
    assert isinstance(compare.right, Const) and compare.right.value == 3
    assert isinstance(met, Var) and met.name == "met" and met.type == "bool"
    assert compiled.type == "int" or compiled.type == "bool"


def test_variables_and_references_come_from_the_tree_in_source_order() -> None:
    compiled = compile_expression(
        'visits(yard) > 2 and chosen(yard/call) or name == "x" and visited(front-yard)', TYPES
    )
    assert compiled.variables == frozenset({"name"})
    assert [(r.kind, r.target, r.offset) for r in compiled.refs] == [
        ("scene", "yard", 7),
        ("choice", "yard/call", 28),
        ("scene", "front-yard", 66),
    ]


@pytest.mark.parametrize(
    ("source", "caps"),
    [
        ("visited(yard)", {"yard": 1}),
        ("visits(yard) >= 3", {"yard": 4}),
        ("3 <= visits(yard)", {"yard": 4}),
        ("visits(yard) == 0", {"yard": 1}),
        ("visits(yard) > -5", {"yard": 0}),
        ("not (visits(yard) < 2) and visited(house)", {"yard": 3, "house": 1}),
        ("visits(yard) >= trust", {"yard": None}),  # compared with a variable: exact count
        ("visits(yard) + 1 > 2", {"yard": None}),  # arithmetic: exact count
        ("visits(yard) > 2 or visits(yard) > 7", {"yard": 8}),
        ("visits(yard) > 2 or visits(yard) * 2 > 7", {"yard": None}),
        ('"visits(yard) > 2" == name', {}),  # text that looks like a call is text
    ],
)
def test_visit_caps_come_from_the_tree(source: str, caps: dict[str, int | None]) -> None:
    assert compile_expression(source, TYPES).visit_caps() == caps


@pytest.mark.parametrize(
    ("source", "can_fail"),
    [
        ("trust", False),
        ("trust >= 3 and not met", False),
        ("visits(yard)", False),
        ('name == "a + b - c * d / e"', False),  # operators inside text are text
        ("visited(front-yard)", False),  # a '-' inside a scene id is not a minus
        ("-trust", False),
        ("trust / 2", False),  # a non-zero constant divisor cannot fail
        ("trust % 7", False),
        ("trust / calls", True),
        ("trust % (calls - calls)", True),
        ("trust + 1", True),  # can leave the number range
        ("trust * 2", True),
        ('name + "!"', True),  # can grow past the text limit
        ("met or trust + 1 > 2", True),
    ],
)
def test_whether_evaluation_can_fail_comes_from_the_tree(source: str, can_fail: bool) -> None:
    assert compile_expression(source, TYPES).can_fail is can_fail


def test_expression_types_are_literals() -> None:
    import typing

    from patrolday.engine.expressions import ExprType

    assert set(typing.get_args(ExprType)) == {"int", "bool", "str"}


# -- long flat chains (issue 18, item 1) --------------------------------------------------------

CHAINS = [
    ("+", "trust", "int", 3 * 3000),
    ("-", "trust", "int", 3 - 3 * 2999),
    ("*", "1", "int", 1),
    ("/", "trust", "int", 0),
    ("%", "trust", "int", 0),
    ("and", "met", "bool", True),
    ("or", "late", "bool", False),
    ("+", '"a"', "str", "a" * 3000),
]


@pytest.mark.parametrize(("op", "operand", "typ", "value"), CHAINS, ids=[f"{c[0]} {c[1]}" for c in CHAINS])
def test_a_long_flat_chain_compiles_and_runs_without_recursion(
    op: str, operand: str, typ: str, value: object
) -> None:
    source = f" {op} ".join([operand] * 3000)
    compiled = compile_expression(source, TYPES)
    assert compiled.type == typ
    assert compiled(ENV) == value


def test_a_long_chain_keeps_left_to_right_semantics() -> None:
    # 10 - 1 - 1 - ... is (((10 - 1) - 1) - ...), and mixed + and - keep their order.
    source = "10" + " - 1" * 2000 + " + 3" * 1000
    assert compile_expression(source, TYPES)(ENV) == 10 - 2000 + 3000
    # Each step is range-checked as before: the chain fails as soon as a partial result leaves it.
    with pytest.raises(EvaluationError, match="out of range"):
        compile_expression(" + ".join(["999999999999"] * 2000), TYPES)(ENV)
    assert compile_expression("7 * 3 / 2 % 4", TYPES)(ENV) == ((7 * 3) // 2) % 4


def test_a_long_boolean_chain_still_short_circuits() -> None:
    source = " or ".join(["late"] * 1500 + ["met"] + ["1 / 0 == 1"] * 1500)
    assert compile_expression(source, TYPES)(ENV) is True
    source = " and ".join(["met"] * 1500 + ["late"] + ["1 / 0 == 1"] * 1500)
    assert compile_expression(source, TYPES)(ENV) is False


# -- min() and max() (issue 11) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("min(trust, 2)", 2),
        ("max(trust, 2)", 3),
        ("min(trust, calls)", -2),
        ("max(1, 5, trust, 4)", 5),
        ("min(trust + 10, 12) * 2", 24),
        ("max(visits(yard), visits(house)) == 2", True),
        ("min(max(trust, 0), 10)", 3),  # the usual clamp
        ("max(-1, -5)", -1),
    ],
)
def test_min_and_max(source: str, value: object) -> None:
    assert compile_expression(source, TYPES)(ENV) == value


@pytest.mark.parametrize(
    ("source", "offset", "fragment"),
    [
        ("min(trust)", 0, "at least two"),
        ("max()", 4, "expected a value"),
        ("max(trust, met)", 11, "needs numbers"),
        ('min("a", "b")', 4, "needs numbers"),
        ("max(trust, 2", 12, "expected ',' or ')'"),
        ("max(trust 2)", 10, "expected ',' or ')'"),
        ("max", 0, "is a function"),
    ],
)
def test_min_and_max_errors(source: str, offset: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, TYPES)
    assert fragment in caught.value.message
    assert caught.value.offset == offset


def test_min_and_max_are_in_the_tree_and_cannot_fail() -> None:
    from patrolday.engine.expressions import Func

    compiled = compile_expression("max(trust, calls, 0)", TYPES)
    assert isinstance(compiled.tree, Func) and compiled.tree.name == "max"
    assert len(compiled.tree.args) == 3
    assert compiled.variables == frozenset({"trust", "calls"})
    assert compiled.can_fail is False
    assert compile_expression("max(visits(yard), 1) > 2", TYPES).visit_caps() == {"yard": None}


def test_a_variable_may_still_be_called_min() -> None:
    types = {**TYPES, "min": "int"}
    env = SimpleNamespace(vars={**ENV.vars, "min": 4}, visits={}, chosen=frozenset())
    assert compile_expression("min + 1", types)(env) == 5
    assert compile_expression("min(min, 2)", types)(env) == 2


def test_a_long_max_runs_without_recursion() -> None:
    source = "max(" + ", ".join(str(i % 97) for i in range(3000)) + ")"
    assert compile_expression(source, TYPES)(ENV) == 96


def test_min_and_max_in_effects_conditions_and_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The comma between arguments is not the comma between effects."""
    from patrolday.engine import choose, load_story, present, start
    from storyfactory import write_story

    root = write_story(
        tmp_path,
        {
            "a.md": """
            === start ===
            Trust {max(trust, 0)} of {min(10, trust + 5)}.
            * {max(trust, 1) >= 1} [Lower] ~ trust = max(trust - 5, 0), met = true -> end
            === end ===
            # ending: End
            Now {trust}, {met}.
            """
        },
        variables="[vars.trust]\ninitial = 3\n\n[vars.met]\ninitial = false\n",
    )
    story = load_story(root)
    view = present(story, start(story))
    assert view.blocks[0].text == "Trust 3 of 8."
    end = present(story, choose(story, start(story), view.choices[0].id))
    assert end.blocks[0].text == "Now 0, true."


# -- random(lo, hi) (issue 11) ----------------------------------------------------------------------


class _Dice(SimpleNamespace):
    """An Env whose random() returns scripted numbers and records the ranges asked for."""

    def random(self, lo: int, hi: int) -> int:
        self.asked.append((lo, hi))
        return self.script.pop(0)


def dice(*script: int) -> _Dice:
    return _Dice(vars=ENV.vars, visits=ENV.visits, chosen=ENV.chosen, script=list(script), asked=[])


def test_random_asks_the_environment_for_a_number_in_its_range() -> None:
    env = dice(4)
    compiled = compile_expression("random(1, 6) + trust", TYPES)
    assert compiled(env) == 7 and env.asked == [(1, 6)]
    env = dice(2, 5)
    assert compile_expression("random(1, trust) * 10 + random(0, 9)", TYPES)(env) == 25
    assert env.asked == [(1, 3), (0, 9)]
    assert compile_expression("random(1, 100) <= 30", TYPES, "bool")(dice(30)) is True


def test_random_is_marked_in_the_tree_as_a_draw() -> None:
    from patrolday.engine.expressions import Func

    compiled = compile_expression("random(1, 6) >= 5", TYPES)
    assert compiled.draws is True
    assert isinstance(compiled.tree.left, Func) and compiled.tree.left.name == "random"  # type: ignore[union-attr]
    assert compile_expression("max(trust, 6)", TYPES).draws is False
    assert compile_expression("random(1, 6)", TYPES).can_fail is False  # constant, checked range
    assert compile_expression("random(1, trust)", TYPES).can_fail is True  # trust may be 0


def test_random_with_variable_bounds_fails_cleanly_when_upside_down() -> None:
    env = dice(0)
    env.vars = {**ENV.vars, "trust": 0}
    with pytest.raises(EvaluationError, match="lowest value is above the highest"):
        compile_expression("random(1, trust)", TYPES)(env)


@pytest.mark.parametrize(
    ("source", "offset", "fragment"),
    [
        ("random(6, 1)", 0, "lowest value is above the highest"),
        ("random(0, 1000000000000) + random(-1000000000000, 1)", 27, "spans more than"),
        ("random(1)", 0, "two numbers"),
        ("random(1, 2, 3)", 0, "two numbers"),
        ("random(met, 2)", 7, "needs numbers"),
    ],
)
def test_random_errors_at_load(source: str, offset: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, TYPES)
    assert fragment in caught.value.message
    assert caught.value.offset == offset


def test_random_in_a_story_is_reproducible_from_the_seed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from patrolday.engine import choose, load_story, present, start
    from storyfactory import write_story

    root = write_story(
        tmp_path,
        {
            "a.md": """
            === start ===
            * [Roll] ~ roll = random(1, 6) -> end
            === end ===
            # ending: End
            You rolled {roll}.
            """
        },
        variables="[vars.roll]\ninitial = 0\n",
    )
    story = load_story(root)

    def rolled(seed: int) -> str:
        state = start(story, seed=seed)
        return present(story, choose(story, state, "roll")).blocks[0].text

    texts = [rolled(seed) for seed in range(120)]
    assert texts == [rolled(seed) for seed in range(120)]
    assert set(texts) == {f"You rolled {n}." for n in range(1, 7)}
