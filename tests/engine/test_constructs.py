"""Every construct of docs/story-format.md, played through the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from patrolday.engine import (
    InvalidChoice,
    StoryError,
    StoryRuntimeError,
    choose,
    choose_number,
    is_unlocked,
    load_story,
    present,
    replay,
    start,
)
from storyfactory import write_story

VARS = """
[vars.trust]
initial = 2
label = "Trust"
min = 0
max = 5

[vars.met]
initial = false

[vars.name]
initial = "Dana"
"""


def load(tmp_path: Path, scenes: dict[str, str], **kw):  # type: ignore[no-untyped-def]
    return load_story(write_story(tmp_path / "s", scenes, variables=kw.pop("variables", VARS), **kw))


def texts(view) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.text for b in view.blocks]


def labels(view) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.label for c in view.choices]


def test_paragraphs_join_lines_and_keep_emphasis(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            A boy throws a *football*
            straight up.

            **Again.**
            # ending: Done
            """
        },
    )
    view = present(story, start(story))
    assert texts(view) == ["A boy throws a *football* straight up.", "**Again.**"]
    assert [b.key for b in view.blocks] == ["start#1", "start#2"]


def test_choice_goes_to_its_target_and_history_records_ids(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            Here.
            * [Go left] -> left
            * (right-way) [Go right] -> right
            === left ===
            # ending: Left
            Left.
            === right ===
            # ending: Right
            Right.
            """
        },
    )
    state = start(story)
    assert [(c.id, c.key) for c in present(story, state).choices] == [
        ("go-left", "start/go-left"),
        ("right-way", "start/right-way"),
    ]
    after = choose(story, state, "right-way")
    assert after.scene == "right"
    assert [(s.scene, s.choice) for s in after.history] == [("start", "right-way")]
    assert present(story, after).ending == "Right"
    assert state.scene == "start", "choose must not change the old state"


def test_hidden_and_disabled_conditions(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            Door.
            * {trust >= 3} [Hidden until trusted] -> end
            * {trust >= 3 else "She does not know you yet."} [Knock] -> end
            * {trust >= 1} {not met} [Both conditions] -> end
            * [Leave] -> end
            === end ===
            # ending: End
            """
        },
    )
    view = present(story, start(story))
    assert labels(view) == ["Knock", "Both conditions", "Leave"]
    knock = view.choices[0]
    assert (knock.enabled, knock.reason) == (False, "She does not know you yet.")
    with pytest.raises(InvalidChoice, match="She does not know you yet"):
        choose(story, start(story), "knock")


def test_once_only_and_sticky_choices(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            Hub.
            * [Once] -> start
            + [Sticky] -> start
            * [Leave] -> end
            === end ===
            # ending: End
            """
        },
    )
    state = choose(story, start(story), "once")
    assert labels(present(story, state)) == ["Sticky", "Leave"]
    state = choose(story, state, "sticky")
    state = choose(story, state, "sticky")
    assert labels(present(story, state)) == ["Sticky", "Leave"]
    assert state.visits["start"] == 4


def test_fallback_is_taken_when_no_choice_is_available(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            Router.
            * {trust >= 5} [Only when trusted] -> good
            * {trust >= 2} -> good
            * -> bad
            === good ===
            # ending: Good
            Good.
            === bad ===
            # ending: Bad
            Bad.
            """
        },
    )
    state = start(story)
    assert state.scene == "good"
    assert state.flow == ("start",)
    assert texts(present(story, state)) == ["Router.", "Good."]


def test_divert_continues_and_shows_both_texts(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            First.
            -> second
            === second ===
            Second.
            * [Go] -> end
            === end ===
            # ending: End
            """
        },
    )
    view = present(story, start(story))
    assert view.scene == "second"
    assert texts(view) == ["First.", "Second."]


def test_effects_set_add_subtract_on_every_type(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            * [Act] ~ trust += 2, met = true, name = name + " Ortiz" -> next
            === next ===
            ~ trust -= 1
            {name} {met: met | not met} {trust}
            -> end
            === end ===
            # ending: End
            """
        },
    )
    state = choose(story, start(story), "act")
    assert dict(state.vars) == {"trust": 3, "met": True, "name": "Dana Ortiz"}
    assert texts(present(story, state))[0] == "Dana Ortiz met 3"


def test_meters_are_clamped_to_their_range(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            + [Up] ~ trust += 4 -> start
            + [Down] ~ trust -= 9 -> start
            * [End] -> end
            === end ===
            # ending: End
            """
        },
    )
    state = choose(story, start(story), "up")
    assert state.vars["trust"] == 5
    state = choose(story, state, "down")
    assert state.vars["trust"] == 0
    meter = present(story, state).meters[0]
    assert (meter.name, meter.label, meter.value, meter.min, meter.max) == ("trust", "Trust", 0, 0, 5)


def test_inline_conditions_with_and_without_else(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            A{trust >= 2: B} C {met: yes | no}.
            + [Again] ~ trust = 0, met = true -> start
            * [End] -> end
            === end ===
            # ending: End
            """
        },
    )
    state = start(story)
    assert texts(present(story, state)) == ["AB C no."]
    state = choose(story, state, "again")
    assert texts(present(story, state)) == ["A C yes."]


def test_sequences_cycles_once_and_shuffle_follow_visits(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            {one|two|three} {&a|b} {!new}
            + [Again] -> start
            * [End] -> end
            === end ===
            # ending: End
            """
        },
    )
    state = start(story)
    seen = []
    for _ in range(4):
        seen.append(texts(present(story, state))[0])
        state = choose(story, state, "again")
    assert seen == ["one a new", "two b", "three a", "three b"]


def test_shuffle_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {"a.md": "=== start ===\n# ending: E\n{~a|b|c|d|e|f|g|h}\n"},
    )
    picks = {texts(present(story, start(story, seed=s)))[0] for s in range(40)}
    assert picks <= set("abcdefgh") and len(picks) > 3
    assert texts(present(story, start(story, seed=7))) == texts(present(story, start(story, seed=7)))


def test_visits_visited_and_chosen_in_expressions(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            Visits: {visits(start)}. {visited(radio): Radio checked.}
            + {not visited(radio)} [Radio] -> radio
            * {chosen(radio/back)} [Leave] -> end
            === radio ===
            Static.
            * (back) [Back] -> start
            === end ===
            # ending: End
            """
        },
    )
    state = start(story)
    assert texts(present(story, state)) == ["Visits: 1."]
    assert labels(present(story, state)) == ["Radio"]
    state = choose(story, choose(story, state, "radio"), "back")
    assert texts(present(story, state)) == ["Visits: 2. Radio checked."]
    assert labels(present(story, state)) == ["Leave"]


def test_endings_tags_title_and_facilitator_notes(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            // a comment is ignored
            === start ===
            # decision heavy
            # title: The yard
            # summary: The officer stops.
            ? What would the parents think?
            ?? Point out the camera.
            Text.
            // another comment
            * [Go] -> end
            === end ===
            # ending: Caught on camera
            Epilogue.
            """
        },
    )
    view = present(story, start(story))
    assert view.tags == {"decision", "heavy"}
    assert view.title == "The yard"
    assert view.summary == "The officer stops."
    assert view.questions == ("What would the parents think?",)
    assert view.notes == ("Point out the camera.",)
    assert texts(view) == ["Text."]
    end = present(story, choose(story, start(story), "go"))
    assert (end.ending, end.is_ending, end.choices) == ("Caught on camera", True, ())
    assert [s.id for s in story.endings] == ["end"]


def test_several_files_and_subfolders(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "one.md": "=== start ===\nOne.\n-> middle\n",
            "deep/er/two.md": "=== middle ===\nTwo.\n-> end\n=== end ===\n# ending: E\nThree.\n",
        },
    )
    assert texts(present(story, start(story))) == ["One.", "Two.", "Three."]
    assert story.scenes["middle"].location.file.endswith("scenes/deep/er/two.md")


def test_parts_start_elsewhere_and_unlock(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {"a.md": "=== start ===\n# ending: A\nA.\n=== kitchen ===\n# ending: K\nK.\n"},
        extra="""
        [[parts]]
        id = "patrol"
        title = "Part one"
        start = "start"

        [[parts]]
        id = "footage"
        title = "Part two"
        start = "kitchen"
        unlock_after = "any"
        """,
    )
    assert start(story, "footage").scene == "kitchen"
    assert start(story).part == "patrol"
    assert not is_unlocked(story, "footage", set())
    assert is_unlocked(story, "footage", {"start"})
    assert is_unlocked(story, "patrol", set())


def test_choose_number_and_replay_match_choose(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            * [A] -> mid
            * [B] -> mid
            === mid ===
            * [C] -> end
            === end ===
            # ending: E
            """
        },
    )
    by_number = choose_number(story, choose_number(story, start(story), 2), 1)
    states = replay(story, by_number.history)
    assert states[-1] == by_number
    assert [s.scene for s in states] == ["start", "mid", "end"]
    with pytest.raises(InvalidChoice, match="no option 5"):
        choose_number(story, start(story), 5)


def test_division_by_zero_is_a_runtime_error_naming_the_line(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            * [Divide] ~ trust = 10 / (trust - 2) -> end
            === end ===
            # ending: E
            """
        },
    )
    state = start(story)
    with pytest.raises(StoryRuntimeError, match=r"a\.md:2:.*division by zero"):
        choose(story, state, "divide")
    assert state.scene == "start"


def test_label_with_inline_text(tmp_path: Path) -> None:
    story = load(tmp_path, {"a.md": "=== start ===\n* [Ask {name}] -> end\n=== end ===\n# ending: E\n"})
    assert labels(present(story, start(story))) == ["Ask Dana"]


def test_escaped_braces_and_bars_are_literal(tmp_path: Path) -> None:
    story = load(tmp_path, {"a.md": "=== start ===\n# ending: E\nA \\{b\\} c \\| d | e\n"})
    assert texts(present(story, start(story))) == ["A {b} c | d | e"]


def test_states_are_immutable_and_json_shaped(tmp_path: Path) -> None:
    story = load(tmp_path, {"a.md": "=== start ===\n* [Go] ~ trust += 1 -> end\n=== end ===\n# ending: E\n"})
    state = start(story)
    with pytest.raises(TypeError):
        state.vars["trust"] = 9  # type: ignore[index]
    with pytest.raises(AttributeError):
        state.scene = "end"  # type: ignore[misc]


def test_flowed_text_renders_with_the_state_it_was_entered_with(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            * [Go] -> first
            === first ===
            {visited(second): Already seen. | Not yet.} Trust {trust}.
            -> second
            === second ===
            ~ trust += 2
            Trust {trust}.
            -> end
            === end ===
            # ending: E
            """
        },
    )
    view = present(story, choose(story, start(story), "go"))
    assert texts(view) == ["Not yet. Trust 2.", "Trust 4."]


def test_a_part_can_show_only_its_own_meters(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {"a.md": "=== start ===\n# ending: A\n=== kitchen ===\n# ending: K\n"},
        variables=VARS + '\n[vars.worry]\ninitial = 5\nlabel = "Worry"\nmin = 0\nmax = 10\n',
        extra="""
        [[parts]]
        id = "patrol"
        title = "Part one"
        start = "start"
        meters = ["trust"]

        [[parts]]
        id = "footage"
        title = "Part two"
        start = "kitchen"
        meters = ["worry"]
        """,
    )
    assert [m.name for m in present(story, start(story)).meters] == ["trust"]
    assert [m.name for m in present(story, start(story, "footage")).meters] == ["worry"]


def test_journal_renders_labels_as_they_were_when_chosen(tmp_path: Path) -> None:
    from patrolday.engine import journal

    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            # title: The street
            + [Call {name} (trust {trust})] ~ trust += 1, name = "Sam" -> start
            * [Leave] -> end
            === end ===
            # ending: E
            """
        },
    )
    state = choose(
        story,
        choose(story, choose(story, start(story), "call-name-trust-trust"), "call-name-trust-trust"),
        "leave",
    )
    entries = journal(story, state)
    assert [(e.title, e.label) for e in entries] == [
        ("The street", "Call Dana (trust 2)"),
        ("The street", "Call Sam (trust 3)"),
        ("The street", "Leave"),
    ]


def test_a_trace_reports_fallbacks_taken_and_values_before_the_clamp(tmp_path: Path) -> None:
    from patrolday.engine import Trace

    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            * [Push] ~ trust += 9 -> router
            === router ===
            * {trust >= 5} -> end
            * -> start
            === end ===
            # ending: E
            """
        },
    )
    trace = Trace()
    state = choose(story, start(story), "push", trace)
    assert state.scene == "end" and state.vars["trust"] == 5
    assert [(e.var, raw, bounds) for e, raw, bounds in trace.overflows] == [("trust", 11, (0, 5))]
    assert [c.key for c in trace.fallbacks] == ["router/to-end"]
    assert choose(story, start(story), "push") == state, "tracing does not change the result"


# -- conditional blocks: effects and text in text order ----------------------------------------


def test_a_conditional_block_runs_effects_and_shows_text_of_its_first_true_branch(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            Trust is {trust}.
            {
            - trust >= 4: She smiles.
            - trust >= 2:
              ~ trust += 1, met = true
              She nods. Trust is now {trust}.
            - else:
              She looks away.
            }
            In the end, trust {trust}, met {met}.
            # ending: E
            """
        },
    )
    state = start(story)
    assert texts(present(story, state)) == [
        "Trust is 2.",
        "She nods. Trust is now 3.",
        "In the end, trust 3, met true.",
    ]
    assert state.vars["trust"] == 3 and state.vars["met"] is True


def test_effects_run_in_text_order(tmp_path: Path) -> None:
    """ink's TestIncrement: ~ x++ / {x} / ~ x-- / {x} in one knot shows 6 then 5."""
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            ~ x += 1
            {x}
            ~ x -= 1
            {x}
            # ending: E
            """
        },
        variables="[vars.x]\ninitial = 5\n",
    )
    assert texts(present(story, start(story))) == ["6", "5"]


def test_a_one_branch_block_with_else_and_nesting(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            { met:
              Hello again.
            - else:
              ~ met = true
              { trust > 1:
                Nice to meet you, {name}.
              }
            }
            + [Again] -> start
            """
        },
    )
    state = start(story)
    assert texts(present(story, state)) == ["Nice to meet you, Dana."]
    assert texts(present(story, choose(story, state, "again"))) == ["Hello again."]


def test_conditional_blocks_survive_a_save_and_flow(tmp_path: Path) -> None:
    import json

    from patrolday.engine import load_state, save_document

    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            Before {trust}.
            { trust < 5:
              ~ trust += 2
            }
            After {trust}.
            -> next
            === next ===
            ~ trust -= 1
            Next {trust}.
            * [Go] -> start
            """
        },
    )
    state = start(story)
    shown = texts(present(story, state))
    assert shown == ["Before 2.", "After 4.", "Next 3."]
    loaded, _ = load_state(story, json.dumps(save_document(story, state)))
    assert texts(present(story, loaded)) == shown


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{ met:\nHi.\n", "not closed"),
        ("{\nHi.\n}\n", "starts with a branch"),
        ("{ met:\n* [Go] -> start\n}\n", "choices cannot sit inside"),
        ("{ met:\n-> start\n}\n", "cannot continue to a scene"),
        ("{\n- else: a\n- met: b\n}\n", "after '- else:'"),
        ("}\n", "without a conditional block"),
        ("{ trust:\nHi.\n}\n", "true/false"),
        ("{\n{\n- met:\nHi.\n}\n}\n", "starts with a branch"),
        ("{\n- trust + 1:\n{ met:\nHi.\n}\n}\n", "true/false"),  # the fuzz campaign's crash
    ],
)
def test_conditional_block_mistakes_are_load_errors(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(StoryError) as err:
        load(tmp_path, {"a.md": "=== start ===\n" + body + "# ending: E\n"})
    assert any(message in d.message for d in err.value.diagnostics), err.value.diagnostics


# -- tunnels: go and come back -------------------------------------------------------------------


TUNNELS = {
    "a.md": """
    === start ===
    At the desk.
    + [Check the radio] -> radio ->
    * [Head out] -> radio -> street
    === radio ===
    ~ trust += 1
    The radio crackles ({visits(radio)}).
    + [Put it down] ->->
    === street ===
    On the street.
    -> briefing -> end
    === briefing ===
    A quick briefing.
    ->->
    === end ===
    # ending: E
    """
}


def test_a_tunnel_returns_to_the_scene_it_was_taken_from(tmp_path: Path) -> None:
    story = load(tmp_path, TUNNELS)
    state = choose(story, start(story), "check-the-radio")
    assert state.scene == "radio" and state.stack == ("start",)
    back = choose(story, state, "put-it-down")
    assert back.scene == "start" and back.stack == ()
    assert texts(present(story, back)) == ["At the desk."]


def test_a_tunnel_with_a_next_scene_and_a_tunnel_divert(tmp_path: Path) -> None:
    story = load(tmp_path, TUNNELS)
    state = choose(story, start(story), "head-out")
    assert (state.scene, state.stack) == ("radio", ("street",))
    end = choose(story, state, "put-it-down")
    assert end.scene == "end" and end.stack == ()
    assert end.flow == ("street", "briefing")
    assert texts(present(story, end)) == ["On the street.", "A quick briefing."]


def test_the_return_stack_round_trips_through_saves_and_undo(tmp_path: Path) -> None:
    import json

    from patrolday.engine import load_state, save_document

    story = load(tmp_path, TUNNELS)
    state = choose(story, start(story), "head-out")
    loaded, _ = load_state(story, json.dumps(save_document(story, state)))
    assert loaded == state and loaded.stack == ("street",)
    assert choose(story, loaded, "put-it-down") == choose(story, state, "put-it-down")


def test_a_tunnel_that_never_returns_deep_enough_stops_with_an_error(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            + [Dig] -> start ->
            """
        },
    )
    state = start(story)
    with pytest.raises(StoryRuntimeError, match="tunnels open at once"):
        for _ in range(40):
            state = choose(story, state, "dig")


def test_returning_with_no_tunnel_open_is_a_runtime_error(tmp_path: Path) -> None:
    story = load(tmp_path, {"a.md": "=== start ===\n+ [Back] ->->\n"})
    with pytest.raises(StoryRuntimeError, match="no tunnel to return from"):
        choose(story, start(story), "back")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("-> radio ->", "needs where to go after it"),
        ("->-> start", "nothing may follow"),
        ("* [Go] -> nowhere -> start", "unknown scene 'nowhere'"),
    ],
)
def test_tunnel_mistakes_are_load_errors(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(StoryError) as err:
        load(tmp_path, {"a.md": f"=== start ===\n{line}\n=== radio ===\n->->\n"})
    assert any(message in d.message for d in err.value.diagnostics), err.value.diagnostics


# -- tags on lines and choices -------------------------------------------------------------------


def test_tags_on_lines_and_choices_reach_the_views_and_never_the_text(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            "You okay?" Mrs. Reyes calls. # speaker: Mrs. Reyes
            The boy nods.
            * [Explain why you stopped] -> end # pillar: voice # explains
            * [Drive on] -> end
            === end ===
            # ending: E
            """
        },
    )
    view = present(story, start(story))
    assert [(b.text, b.tags) for b in view.blocks] == [
        ('"You okay?" Mrs. Reyes calls. The boy nods.', ("speaker:Mrs. Reyes",))
    ]
    assert [(c.label, c.tags) for c in view.choices] == [
        ("Explain why you stopped", ("pillar:voice", "explains")),
        ("Drive on", ()),
    ]
    assert story.scenes["start"].choices[0].tags == ("pillar:voice", "explains")


def test_an_escaped_hash_is_text(tmp_path: Path) -> None:
    story = load(tmp_path, {"a.md": "=== start ===\nUnit \\#5 answers.\n# ending: E\n"})
    assert texts(present(story, start(story))) == ["Unit #5 answers."]


# -- ink syntax is refused where it stands, never shown as prose ---------------------------------


@pytest.mark.parametrize(
    ("line", "message", "hint", "column"),
    [
        ("<- choices", "threads", "-> side -> next", 1),
        ("Some <> glue.", "glue", "join into one paragraph", 6),
        ("I waited. {a|b -> leave}", "cannot sit inside {...}", "fallback choices", 16),
        ("I left. -> leave", "in the middle of prose", "line of its own", 9),
        ("{true: ~ x = 5}", "effects cannot sit inside", "conditional block", 8),
        ("== leave ==", "three '='", "=== scene-id ===", 1),
        ("= stitch", "three '='", "scene of its own", 1),
        ("VAR x = 5", "is ink", "story.toml", 1),
        ("* [one #one] -> leave", "tags go at the end", "-> scene-id # tag", 8),
        ("-> DONE", "is ink", "# ending:", 4),
        ("=== function f ===", "functions", "-> side -> next", 1),
    ],
)
def test_ink_syntax_is_a_load_error_at_its_column_with_the_patrolday_way(
    tmp_path: Path, line: str, message: str, hint: str, column: int
) -> None:
    with pytest.raises(StoryError) as err:
        load(tmp_path, {"a.md": f"=== start ===\n{line}\n* [x] -> leave\n=== leave ===\n# ending: E\n"})
    diag = next(d for d in err.value.diagnostics if message in d.message)
    assert hint in diag.hint
    assert (diag.location.line, diag.location.column) == (2, column)


def test_min_and_max_in_effects_and_text(tmp_path: Path) -> None:
    story = load(
        tmp_path,
        {
            "a.md": """
            === start ===
            ~ trust = max(trust - 5, 1), calls = min(calls + 7, 3)
            Trust {trust}, calls {calls}, the larger {max(trust, calls)}.
            # ending: E
            """
        },
        variables=VARS + "\n[vars.calls]\ninitial = 0\n",
    )
    assert texts(present(story, start(story))) == ["Trust 1, calls 3, the larger 3."]
