"""The runtime's shortcuts give exactly what the general code gives.

``present`` hands out a scene's ready-made text and options when they cannot depend on the
state (``Scene.static_blocks`` / ``Scene.static_choices``), and the step functions build
their GameState without the dataclass's __init__ (``runtime._new_state``). Each test here
compares a shortcut with the long way round, so a shortcut that drifts from it fails.
"""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

from patrolday.engine import (
    ChoiceKind,
    GameState,
    SceneView,
    Story,
    choose,
    load_story,
    present,
    runtime,
    start,
)
from patrolday.engine.model import Scene
from storyfactory import write_story

STORY = """\
=== hub ===
The yard is quiet.
+ [Wave] -> hub
+ [Drive on] -> road

=== road ===
{visits(hub) > 2: You waved a lot.} The road.
+ [Back] -> hub
* [Once only] -> hub
+ {false} [Hidden] -> hub
"""


def slow_view(story: Story, state: GameState) -> SceneView:
    """``present`` with every scene's shortcuts taken away."""
    scenes = {k: dataclasses.replace(s) for k, s in story.scenes.items()}
    for scene in scenes.values():
        object.__setattr__(scene, "static_blocks", None)
        object.__setattr__(scene, "static_choices", None)
    return present(dataclasses.replace(story, scenes=scenes), state)


def test_static_choices_are_exactly_what_the_general_code_shows(tmp_path: Path) -> None:
    story = load_story(write_story(tmp_path, {"s.md": STORY}, start="hub"))
    hub, road = story.scenes["hub"], story.scenes["road"]
    assert hub.static_choices is not None and hub.static_blocks is not None
    assert road.static_choices is None  # a once-only and a conditional option
    assert road.static_blocks is None  # text with {...}
    state = start(story)
    for pick in ["wave", "wave", "drive-on", "back", "drive-on", "once-only", "drive-on"]:
        assert present(story, state) == slow_view(story, state)
        state = choose(story, state, pick)
    assert present(story, state) == slow_view(story, state)


def test_a_replaced_scene_recomputes_its_shortcuts(tmp_path: Path) -> None:
    """Translation rebuilds scenes with dataclasses.replace: the ready-made options must
    follow the new labels, not keep the old ones."""
    story = load_story(write_story(tmp_path, {"s.md": STORY}, start="hub"))
    hub = story.scenes["hub"]
    wave = hub.choices[0]
    relabelled = dataclasses.replace(
        hub, choices=(dataclasses.replace(wave, label=("Saludar",)), *hub.choices[1:])
    )
    assert relabelled.static_choices is not None
    assert relabelled.static_choices[0].label == "Saludar"
    once = dataclasses.replace(hub, choices=(dataclasses.replace(wave, kind=ChoiceKind.ONCE),))
    assert once.static_choices is None


def test_new_state_sets_every_field_in_order() -> None:
    fields = [f.name for f in dataclasses.fields(GameState)]
    assert list(inspect.signature(runtime._new_state).parameters) == fields
    values = [f"value-{i}" for i in range(len(fields))]
    built = runtime._new_state(*values)  # type: ignore[arg-type]
    assert [getattr(built, f) for f in fields] == values
    assert type(built) is GameState


def test_shortcut_fields_are_not_part_of_a_scenes_identity() -> None:
    fields = {f.name: f for f in dataclasses.fields(Scene)}
    for name in ("static_blocks", "static_choices"):
        assert not fields[name].init and not fields[name].compare


REMEMBER = """\
=== hub ===
{chosen(hub/ask): You asked already.} The yard.
+ [Wave] -> hub
+ [Ask] -> hub
* [Knock] -> hub
+ [Leave] -> gone

=== gone ===
# ending: Gone
"""


def test_a_step_remembers_only_the_choices_a_story_can_ask_about(tmp_path: Path) -> None:
    """A sticky option that no ``chosen()`` names leaves no trace in ``chosen`` (copying
    that set on every step was the runtime's largest cost on a long game), while once-only
    options and those a ``chosen()`` reads are remembered as before."""
    story = load_story(write_story(tmp_path, {"s.md": REMEMBER}, start="hub"))
    assert story.remembered == {"hub/ask", "hub/knock"}
    state = start(story)
    for pick in ["wave", "ask", "knock", "wave"]:
        state = choose(story, state, pick)
    assert state.chosen == {"hub/ask", "hub/knock"}
    view = present(story, state)
    assert view.blocks[0].text.startswith("You asked already.")
    assert [c.id for c in view.choices] == ["wave", "ask", "leave"]


def test_a_story_built_by_hand_remembers_every_choice(tmp_path: Path) -> None:
    story = load_story(write_story(tmp_path, {"s.md": REMEMBER}, start="hub"))
    by_hand = dataclasses.replace(story, remembered=None)
    state = choose(by_hand, start(by_hand), "wave")
    assert state.chosen == {"hub/wave"}
