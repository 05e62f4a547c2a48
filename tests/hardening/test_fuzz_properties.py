"""Hypothesis properties: any input to the three entry points for other people's data ends in
a valid result or the project's own error with a place; never another exception, never a hang.

The contract checks live in ``fuzz/oracles.py`` and are shared with the long campaign
(``python -m fuzz.campaign``); here each property runs a few hundred examples so the suite
stays fast. Inputs are random text, grammar-shaped near-valid text (through
``st.randoms()`` driving ``fuzz/generators.py``) and mutations of the fixture story.
"""

from __future__ import annotations

import json
import random

import pytest
from fuzz import generators as gen
from fuzz import oracles
from fuzz.oracles import ContractBroken
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patrolday.engine import Story

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
rngs = st.randoms(use_true_random=False)
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
format_text = st.text(alphabet=st.sampled_from(list('{}[]()|\\"~-><=!&*+?#/:,. \n\tax1_')), max_size=300)


# -- expressions -----------------------------------------------------------------------------------


@FAST
@given(
    source=st.one_of(any_text, format_text), expect=st.sampled_from([None, "bool", "int", "str"]), rng=rngs
)
def test_compile_expression_on_any_text(source: str, expect: str | None, rng: random.Random) -> None:
    oracles.check_expression(source, expect, rng)


@FAST
@given(rng=rngs, expect=st.sampled_from([None, "bool", "int", "str"]))
def test_compile_and_evaluate_grammar_shaped_expressions(rng: random.Random, expect: str | None) -> None:
    oracles.check_expression(gen.expression_input(rng), expect, rng)


@FAST
@given(rng=rngs, typ=st.sampled_from(["int", "str", "bool"]))
def test_well_typed_expressions_compile_and_evaluate_to_their_type(rng: random.Random, typ: str) -> None:
    source = gen.typed(rng, typ)
    assert oracles.check_expression(source, typ, rng) == "accepted", source


# -- scene files and story folders -----------------------------------------------------------------


@FAST
@given(text=st.one_of(any_text, format_text), rng=rngs)
def test_parse_scene_file_on_any_text(text: str, rng: random.Random) -> None:
    oracles.check_scene_text(text, rng)


@FAST
@given(rng=rngs)
def test_parse_scene_file_on_grammar_shaped_and_mutated_files(rng: random.Random) -> None:
    oracles.check_scene_text(gen.scene_text(rng), rng)


@SLOW
@given(rng=rngs)
def test_load_story_on_generated_folders(rng: random.Random) -> None:
    oracles.check_story_folder(gen.story_files(rng), rng)


@SLOW
@given(rng=rngs)
def test_load_story_on_folders_with_links_pipes_unreadable_parts_and_odd_names(rng: random.Random) -> None:
    oracles.check_odd_folder(gen.odd_folder(rng), rng)


@FAST
@given(rng=rngs)
def test_load_story_on_manifests_nested_thousands_deep(rng: random.Random) -> None:
    files = gen.fixture_texts()
    files["story.toml"] += gen.nested_toml(rng)
    oracles.check_story_folder(files, rng)


def test_the_fixture_story_itself_is_accepted_and_plays() -> None:
    rng = random.Random(0)
    assert oracles.check_story_folder(gen.fixture_texts(), rng) == "accepted"


# -- saves -----------------------------------------------------------------------------------------


@FAST
@given(data=st.one_of(st.binary(max_size=300), any_text), rng=rngs)
def test_load_state_on_any_bytes(story: Story, data: bytes | str, rng: random.Random) -> None:
    oracles.check_save(story, data, rng)


@FAST
@given(rng=rngs)
def test_load_state_on_hand_edited_saves(story: Story, rng: random.Random) -> None:
    doc = oracles.valid_save(story, rng)
    oracles.check_save(story, json.dumps(gen.mutate_document(rng, doc)), rng)


@FAST
@given(rng=rngs)
def test_load_state_on_damaged_save_bytes(story: Story, rng: random.Random) -> None:
    good = json.dumps(oracles.valid_save(story, rng)).encode()
    oracles.check_save(story, gen.mutate_bytes(rng, good), rng)


@FAST
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=20,
    ),
    rng=rngs,
)
def test_load_state_on_any_json_value_in_the_state(story: Story, value: object, rng: random.Random) -> None:
    doc = oracles.valid_save(story, rng)
    doc["state"][rng.choice(gen._STATE_KEYS)] = value
    oracles.check_save(story, doc, rng)


def test_a_good_save_is_accepted(story: Story) -> None:
    rng = random.Random(3)
    assert oracles.check_save(story, json.dumps(oracles.valid_save(story, rng)), rng) == "accepted"


@SLOW
@given(rng=rngs, shape=st.sampled_from(["damaged", "damaged+good backup", "both damaged", "good"]))
def test_save_store_load_never_touches_the_files(story: Story, rng: random.Random, shape: str) -> None:
    good = json.dumps(oracles.valid_save(story, rng)).encode()
    bad = gen.mutate_bytes(rng, good)
    main, backup = {
        "damaged": (bad, None),
        "damaged+good backup": (bad, good),
        "both damaged": (bad, gen.mutate_bytes(rng, good)),
        "good": (good, None),
    }[shape]
    outcome = oracles.check_save_store(story, main, backup)
    if shape in ("good", "damaged+good backup"):
        assert outcome == "accepted"


# -- the checks can fail -----------------------------------------------------------------------------


def test_the_oracle_reports_a_foreign_exception_and_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    import fuzz.oracles as module

    def broken(*args: object, **kwargs: object) -> None:
        raise IndexError("boom")

    monkeypatch.setattr(module, "parse_scene_file", broken)
    with pytest.raises(ContractBroken, match="IndexError"):
        oracles.check_scene_text("=== a ===", random.Random(0))

    def slow(*args: object, **kwargs: object) -> None:
        while True:
            pass

    monkeypatch.setattr(module, "parse_scene_file", slow)
    monkeypatch.setattr(module, "TIME_LIMIT", 0.2)
    with pytest.raises(ContractBroken, match="longer than"), oracles.time_limit(0.2):
        slow()


@SLOW
@given(
    rng=rngs,
    key=st.sampled_from(["flow", "history", "chosen", "visits", "counters", "stack", "flow_envs", "vars"]),
)
def test_load_state_on_saves_with_huge_collections(story: Story, rng: random.Random, key: str) -> None:
    """A save under the 5 MB cap whose one field is as big as fits: refused or read in time."""
    doc = oracles.valid_save(story, rng)
    doc["state"][key] = gen.huge_state_value(rng, key)
    oracles.check_save(story, json.dumps(doc), rng)


# -- session logs and reports (issue 18, items 7, 8, 12, 14) ---------------------------------------


@FAST
@given(rng=rngs)
def test_session_logs_are_checked_and_reports_stay_clean(story: Story, rng: random.Random) -> None:
    from fuzz import session_logs

    session_logs.check_session_log(session_logs.session_log_input(story, rng), story, rng)
