"""Choice lines have one grammar, read by one scanner: what a line says is what it builds.

(There used to be a regex fast path and a careful scanner that had to agree; now there is
one scanner, so this checks it against the pieces each generated line was built from.)
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from patrolday.engine.diagnostics import Location
from patrolday.engine.expressions import Scope
from patrolday.engine.model import RETURN, ChoiceKind
from patrolday.engine.scenes import ParsedFile, _choice, _Draft, _LineError

TYPES = {"trust": "int", "met": "bool", "name": "str"}

ids = st.sampled_from([("", None), ("(ask) ", "ask"), ("(call-2) ", "call-2"), ("(Bad) ", "error")])
conds = st.lists(
    st.sampled_from(
        [
            ("{trust >= 2}", 1),
            ("{met}", 1),
            ('{trust > 1 else "Not yet."}', 1),
            ("{visited(yard)}", 1),
            ("{trust +}", "error"),
        ]
    ),
    max_size=2,
)
labels = st.sampled_from(
    [
        ("[Go]", "Go"),
        ("[Ask {name}]", "dyn"),
        ("[Call him over]", "Call him over"),
        ("[]", "error"),
        ("[Say {trust >= 2: hi}]", "dyn"),
        ("", None),
        ("[one #one]", "error"),
    ]
)
effects = st.sampled_from(
    [
        ("", []),
        (" ~ trust += 1", ["trust"]),
        (" ~ met = true, trust -= 2", ["met", "trust"]),
        (" ~ name = name + trust", "error"),
        (" ~ bogus = 1", "error"),
    ]
)
targets = st.sampled_from(
    [
        (" -> yard", ("yard", ())),
        ("-> yard", ("yard", ())),
        (" -> Yard", "error"),
        ("", "error"),
        (" -> yard // note", ("yard", ())),
        (" -> radio -> yard", ("yard", ("radio",))),
        (" -> radio ->", ("start", ("radio",))),
        (" ->->", (RETURN, ())),
    ]
)
tag_texts = st.sampled_from([("", ()), (" # pillar: voice", ("pillar:voice",)), (" # a # b", ("a", "b"))])


def parse(line: str):  # type: ignore[no-untyped-def]
    draft = _Draft("start", Location("a.md", 1, 1))
    out = ParsedFile([], [], [], set())
    try:
        return _choice(draft, line, 1, "a.md", 1, Scope(TYPES), out), out
    except _LineError as err:
        assert 1 <= err.column <= len(line) + 1, (line, err.column)
        return None, err


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["*", "+"]), ids, conds, labels, effects, targets, tag_texts)
def test_a_choice_line_builds_what_its_pieces_say(sigil, cid, cond, label, eff, target, tags) -> None:  # type: ignore[no-untyped-def]
    groups = " ".join(c for c, _ in cond) + (" " if cond else "")
    line = f"{sigil} {cid[0]}{groups}{label[0]}{eff[0]}{target[0]}{tags[0]}"
    choice, out = parse(line)
    pieces = [cid[1], *(n for _, n in cond), label[1], eff[1], target[1]]
    if "error" in pieces:
        assert choice is None, line
        return
    assert choice is not None, (line, out)
    assert choice.id == (cid[1] or (choice.id))
    assert len(choice.conditions) == len(cond)
    assert choice.kind is ChoiceKind.of(sigil == "+", label[1] is None)
    if label[1] not in (None, "dyn"):
        assert choice.label == (label[1],)
    assert [e.var for e in choice.effects] == eff[1]
    assert (choice.target, choice.via) == target[1]
    assert choice.tags == (() if "//" in target[0] else tags[1])  # a comment runs to the end
    assert sorted(out.variables_written) == sorted(set(eff[1]))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["*", "+"]), ids, conds, labels, effects, targets, tag_texts)
def test_a_head_read_again_from_the_memo_builds_the_same_choice_at_its_own_place(  # type: ignore[no-untyped-def]
    sigil, cid, cond, label, eff, target, tags
) -> None:
    groups = " ".join(c for c, _ in cond) + (" " if cond else "")
    line = f"{sigil} {cid[0]}{groups}{label[0]}{eff[0]}{target[0]}{tags[0]}"
    scope = Scope(TYPES)
    results = []
    for number, col in ((1, 1), (7, 5)):
        draft = _Draft("start", Location("a.md", 1, 1))
        out = ParsedFile([], [], [], set())
        try:
            choice = _choice(draft, line, col, "a.md", number, scope, out)
        except _LineError as err:
            results.append(("error", err.message, err.column - col))
            continue
        shifted = [(r.target, loc.line, loc.column - col) for r, loc in out.refs]
        places = [(c.location.line, c.location.column - col) for c in choice.conditions]
        places += [(e.location.line, e.location.column - col) for e in choice.effects]
        results.append(
            (choice.id, choice.label, choice.target, choice.tags, shifted, places, out.variables_written)
        )
    first, again = results
    if first[0] == "error":
        assert again == first
    else:
        assert first[:4] == again[:4] and first[6] == again[6]
        assert [(t, c) for t, _, c in first[4]] == [(t, c) for t, _, c in again[4]]
        assert all(line == 7 for _, line, _ in again[4]) and all(line == 7 for line, _ in again[5])
        assert [c for _, c in first[5]] == [c for _, c in again[5]]
