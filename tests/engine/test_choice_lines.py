"""Choice lines have a fast path (one regex) and a careful scanner; they must agree exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from patrolday.engine.diagnostics import Location
from patrolday.engine.expressions import Scope
from patrolday.engine.scenes import ParsedFile, _choice, _choice_scan, _Draft, _LineError

TYPES = {"trust": "int", "met": "bool", "name": "str"}

ids = st.sampled_from(["", "(ask) ", "(call-2) ", "(Bad) "])
conds = st.lists(
    st.sampled_from(["{trust >= 2}", "{met}", '{trust > 1 else "Not yet."}', "{visited(yard)}", "{trust +}"]),
    max_size=2,
).map(lambda xs: " ".join(xs) + (" " if xs else ""))
labels = st.sampled_from(["[Go]", "[Ask {name}]", "[Call him over]", "[]", "[Say {trust >= 2: hi}]", ""])
effects = st.sampled_from(
    ["", " ~ trust += 1", " ~ met = true, trust -= 2", " ~ name = name + trust", " ~ bogus = 1"]
)
targets = st.sampled_from([" -> yard", "-> yard", " -> Yard", "", " -> yard // note"])


def outcome(fn, line: str, scope: Scope):  # type: ignore[no-untyped-def]
    draft = _Draft("start", Location("a.md", 1, 1))
    out = ParsedFile([], [], [], set())
    try:
        choice = fn(draft, line, 1, "a.md", 1, scope, out)
    except _LineError as err:
        return ("error", err.message, err.column)
    return ("ok", choice, [(r.target, loc) for r, loc in out.refs], sorted(out.variables_written))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["*", "+"]), ids, conds, labels, effects, targets)
def test_fast_path_and_scanner_agree(
    sigil: str, cid: str, cond: str, label: str, eff: str, target: str
) -> None:
    line = f"{sigil} {cid}{cond}{label}{eff}{target}"
    fast = outcome(_choice, line, Scope(TYPES))
    slow = outcome(_choice_scan, line, Scope(TYPES))
    assert fast == slow, line
