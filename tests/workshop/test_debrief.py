"""The debrief: path, roads not taken, vote splits, meter chart, What? / So what? / Now what?"""

from __future__ import annotations

import json
from pathlib import Path

from workshop_helpers import VOTE_STORY, play_log, run_cli

from patrolday.engine import Story
from patrolday.workshop.debrief import build_debrief, format_debrief, meter_summary


def _workshop_log(story: Story, tmp_path: Path) -> dict:
    return play_log(
        story,
        tmp_path,
        [
            ("stop", {"stop": 6, "wave": 2, "radio": 1}),
            ("walk", {"call": 4, "walk": 5}),
            1,  # what if we had called him over?
            ("walk", {"call": 4, "walk": 5}),
            "explain-why-you-stopped",
        ],
        workshop=True,
    )


def test_debrief_data(story: Story, tmp_path: Path) -> None:
    debrief = build_debrief(_workshop_log(story, tmp_path), story)
    assert [(s.scene, s.choice) for s in debrief.path] == [
        ("corner", "stop"),
        ("curb", "walk"),
        ("talk", "explain-why-you-stopped"),
    ]
    corner = debrief.path[0]
    assert corner.label == "Stop the car" and corner.votes_total == 9
    assert [(o.label, o.votes) for o in corner.others] == [
        ("Wave and drive on", 2),
        ("Call it in <10-4> & wait", 1),
    ]
    assert debrief.detours == 1
    assert debrief.ending_title == "Catch"
    assert {m.name: m.values for m in debrief.meters} == {"voice": (3, 3, 5, 6), "trust": (5, 7, 8, 8)}
    so_what = [q.text for q in debrief.so_what]
    assert "What might the boy think when the car slows down?" in so_what
    assert "Which approach gives the family the most say?" in so_what
    # a 5-4 vote is close, and the biggest meter change is named
    assert any("close (5 to 4)" in q for q in so_what)
    assert any(q.startswith("Voice rose from 3 to 6") for q in so_what)
    assert any("the group chose \u201cStop the car\u201d (6 of 9 votes)" in q.text for q in debrief.what)


def test_debrief_text(story: Story, tmp_path: Path) -> None:
    text = format_debrief(build_debrief(_workshop_log(story, tmp_path), story))
    for expected in (
        "Ending reached: Catch",
        "1. The corner (decision): Stop the car (6 of 9 votes)",
        "not taken: Wave and drive on - 2 votes",
        "not taken: Call it in <10-4> & wait - 1 vote",
        "2. At the curb (decision): Walk over (5 of 9 votes)",
        "not taken: Call him over - 4 votes",
        "WHAT?",
        "SO WHAT?",
        "NOW WHAT?",
        "FACILITATOR NOTES",
        "The corner: Nobody here is the villain.",
        "  Voice    3   3   5   6  +3",
        "  Trust    5   7   8   8  +3",
    ):
        assert expected in text, expected
    assert "\x1b" not in text  # plain text: printable, no escape codes


def test_meter_summary_is_one_line_per_meter_scaled_to_its_range() -> None:
    """Where each meter ended on its range, one line each (not a 12-row chart per meter: the
    table above already gives every value, and a projector has no room for 65 lines of bars)."""
    from patrolday.workshop.debrief import MeterSeries

    lines = meter_summary(
        [MeterSeries("trust", "Trust", 0, 10, (0, 5, 10)), MeterSeries("calls", "Calls", 0, 20, (6, 6))],
        width=10,
    )
    assert lines == [
        "  Trust  0-10  |##########|  10 (started at 0, +10)",
        "  Calls  0-20  |###.......|   6 (started at 6, no change)",
    ]


def test_debrief_text_is_short_enough_to_project(story: Story, tmp_path: Path) -> None:
    """The meters take a table and one line per meter, no per-step bar chart."""
    text = format_debrief(build_debrief(_workshop_log(story, tmp_path), story))
    assert "after 1  |" not in text
    assert "  Voice  0-10  |############........|   6 (started at 3, +3)" in text


def test_debrief_never_lists_an_unavailable_option_as_not_taken(story: Story, tmp_path: Path) -> None:
    """At the curb "Knock on the door" is closed (the car did not wave): it was never a road
    the group could take, so it is not a road not taken."""
    text = format_debrief(build_debrief(_workshop_log(story, tmp_path), story))
    assert "Knock on the door" not in text


def test_debrief_without_story_falls_back_to_ids(story: Story, tmp_path: Path) -> None:
    text = format_debrief(build_debrief(_workshop_log(story, tmp_path), None))
    assert "1. corner (decision): stop (6 of 9 votes)" in text
    assert "Ending reached: end-catch" in text


def test_debrief_command(story: Story, tmp_path: Path) -> None:
    log = _workshop_log(story, tmp_path)
    path = tmp_path / f"{log['session_id']}.json"
    result = run_cli("debrief", str(path), "--story", str(VOTE_STORY), sessions=None, data=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Debrief: Vote Story" in result.stdout
    assert "Stop the car (6 of 9 votes)" in result.stdout
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    result = run_cli("debrief", str(bad), sessions=None, data=tmp_path)
    assert result.returncode == 1 and "not a patrolday session log" in result.stderr
    assert "Traceback" not in result.stderr


def test_so_what_asks_the_endings_own_questions(tmp_path: Path) -> None:
    """An ending's ``?`` lines are the story's questions for the debrief (issue 13): the
    room meets no pause there, so the debrief is the only place they can be read."""
    from patrolday.engine import load_story

    folder = tmp_path / "story"
    (folder / "scenes").mkdir(parents=True)
    (folder / "story.toml").write_text(
        '[story]\nid = "ending-questions"\ntitle = "Ending questions"\nstart = "yard"\n', encoding="utf-8"
    )
    (folder / "scenes" / "s.md").write_text(
        "=== yard ===\n# decision\n? Stop or not?\nA boy throws a ball.\n* [Stop] -> end-stop\n"
        "* [Drive on] -> end-drive\n\n=== end-stop ===\n# ending: Stopped\n"
        "? Whose minutes were those?\nYou play catch.\n\n=== end-drive ===\n# ending: Drove on\n"
        "? What did driving on spare?\nThe boy keeps throwing.\n",
        encoding="utf-8",
    )
    story = load_story(folder)
    log = play_log(story, tmp_path / "logs", ["stop"], workshop=True)
    so_what = [q.text for q in build_debrief(log, story).so_what]
    assert so_what[:2] == ["Stop or not?", "Whose minutes were those?"]
    assert "What did driving on spare?" not in so_what
