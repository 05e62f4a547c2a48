"""One way to name things: the journal, the debrief and the report call a scene the same."""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import Story, load_story
from patrolday.game.labels import choice_label, ending_name, meter_scale, part_name, scene_title, why_locked
from storyfactory import write_story


def _story(tmp_path: Path) -> Story:
    return load_story(
        write_story(
            tmp_path,
            {
                "a.md": """
                === start ===
                # title: Roll call
                Sergeant Pruitt reads the board.
                * (ask) [Ask {calls} questions{calls > 2: , all of them| once}] -> front-yard
                * {calls > 9} [Hidden] -> end

                === front-yard ===
                The boy throws the ball up.
                -> end

                === end ===
                # title: Three days later
                # ending: A Couple of Minutes
                It is quiet.
                """
            },
            variables="""
            [vars.calls]
            initial = 4
            label = "Calls waiting"
            min = 0
            max = 14
            """,
        )
    )


def test_a_scene_is_named_by_its_title_then_its_ending_then_its_id(tmp_path: Path) -> None:
    story = _story(tmp_path)
    assert scene_title(story, "start") == "Roll call"
    assert scene_title(story, "front-yard") == "Front yard"
    assert scene_title(story, "end") == "Three days later"  # a heading: the title
    assert ending_name(story, "end") == "A Couple of Minutes"  # an ending reached: its name
    assert ending_name(story, "start") == "Roll call"
    # A log read without its story, or naming a scene the story no longer has: the id.
    assert scene_title(None, "front-yard") == "front-yard"
    assert ending_name(None, "end") == "end"


def test_an_option_is_named_by_its_label_as_written(tmp_path: Path) -> None:
    story = _story(tmp_path)
    assert choice_label(story, "start", "ask") == "Ask questions, all of them"
    assert choice_label(story, "start", "gone") == "gone"
    assert choice_label(None, "start", "ask") == "ask"


def test_meters_and_parts(tmp_path: Path) -> None:
    story = _story(tmp_path)
    assert meter_scale(story, "calls", 3, 5) == ("Calls waiting", 0, 14)
    assert meter_scale(None, "calls", 3, 5) == ("calls", 3, 5)
    assert meter_scale(story, "unknown", 1, 2) == ("unknown", 1, 2)
    assert part_name("Part two: The footage") == "part two"
    assert part_name("Epilogue") == "“Epilogue”"


def test_a_locked_part_says_which_ending_opens_it(tmp_path: Path) -> None:
    root = write_story(
        tmp_path,
        {"a.md": "=== start ===\n-> end\n=== end ===\n# ending: Done\nFin.\n=== two ===\n-> end\n"},
        extra="""
        [[parts]]
        id = "one"
        title = "Part one: The patrol"
        start = "start"

        [[parts]]
        id = "two"
        title = "Part two: The kitchen"
        start = "two"
        unlock_after = ["end"]

        [[parts]]
        id = "three"
        title = "Part three: The headline"
        start = "two"
        unlock_after = "any"
        """,
    )
    story = load_story(root)
    assert why_locked(story, "two") == "Reach the ending “Done” first"
    assert why_locked(story, "three") == "Reach any ending of part one first"
