"""Plain mode (the screen-reader path) as a user meets it: a subprocess, piped input, words out.

Issue 16 items 9-11: after an ending plain mode offers what the full-screen player offers
(the parts now open, undo, quit); meters are said only when they change, in words; wrapped
lines hang under their item, save times read as dates, and the prompt names every key.
"""

from __future__ import annotations

import re
from pathlib import Path

from test_cli import WALK, run

from storyfactory import write_story

PARTS_MANIFEST = """
[vars.trust]
initial = 4
label = "Trust"
min = 0
max = 10

[vars.calls]
initial = 5
label = "Calls waiting"
min = 0
max = 12
good = "down"

[vars.met]
initial = false

[[parts]]
id = "walk"
title = "Part one: The walk"
start = "start"
meters = ["trust", "calls"]

[[parts]]
id = "talk"
title = "Part two: The talk"
start = "kitchen"
unlock_after = "any"
carry = ["met"]
meters = ["trust"]
"""

PARTS_SCENES = {
    "a.md": """
    === start ===
    A boy throws a ball.
    * [Stop and say hello] ~ met = true, trust += 1 -> yard
    * [Drive on] ~ calls -= 2 -> yard

    === yard ===
    The ball comes down.
    * [Finish the shift] -> end-one

    === end-one ===
    # ending: The shift ends
    You drive home.

    === kitchen ===
    {met: The camera saw the officer stop.|The camera saw a car go by.}
    * [Close the laptop] -> end-two

    === end-two ===
    # ending: The kitchen
    It is late.
    """
}


def two_parts(tmp_path: Path) -> Path:
    return write_story(tmp_path / "story", PARTS_SCENES, variables=PARTS_MANIFEST, title="Two parts")


def plain(story: Path, data: Path, stdin: str, *args: str) -> str:
    done = run("play", "--plain", "--no-log", "--data-dir", str(data), *args, str(story), stdin=stdin)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


# -- item 9: after an ending ----------------------------------------------------------------------


def test_after_an_ending_plain_mode_says_part_two_is_unlocked_and_starts_it_carrying_on(
    tmp_path: Path,
) -> None:
    # part one: stop (met = true), finish; then the menu: 2 starts part two, which carries `met`
    out = plain(two_parts(tmp_path), tmp_path / "data", "1\n1\n2\n1\nq\n")
    after = out.split("THE END: The shift ends", 1)[1]
    assert "Part two is now unlocked: The talk." in after
    assert "  1. Start part one: The walk" in after
    assert "  2. Start part two: The talk, carrying on from how part one ended" in after
    assert "The camera saw the officer stop." in after  # carried over, as the TUI's New game does
    assert "THE END: The kitchen" in after


def test_the_first_screen_says_the_story_has_parts_and_which_one_starts(tmp_path: Path) -> None:
    out = plain(two_parts(tmp_path), tmp_path / "data", "q\n")
    assert "This story has two parts; after an ending you can start any part that is open." in out
    assert "Starting part one: The walk." in out.split("A boy throws a ball.")[0]


def test_after_an_ending_undo_goes_back_to_the_last_choice_and_q_quits(tmp_path: Path) -> None:
    out = plain(two_parts(tmp_path), tmp_path / "data", "2\n1\nu\n1\nu\nq\n")
    after = out.split("THE END: The shift ends", 1)[1]
    assert "u undo the last choice" in after
    assert "Undone: back one choice." in after
    assert "  1. Finish the shift" in after  # back in the yard, before the ending
    assert after.count("THE END: The shift ends") == 1  # reached again after the undo
    assert out.rstrip().endswith("Goodbye.")


def test_a_locked_part_is_listed_with_what_opens_it(tmp_path: Path) -> None:
    story = write_story(
        tmp_path / "story",
        PARTS_SCENES,
        variables=PARTS_MANIFEST.replace('unlock_after = "any"', 'unlock_after = ["end-two"]'),
    )
    out = plain(story, tmp_path / "data", "1\n1\nq\n")
    after = out.split("THE END: The shift ends", 1)[1]
    assert "now unlocked" not in after
    assert "  2. (locked) Start part two: The talk. Reach the ending “The kitchen” first." in after


def test_the_unlock_is_said_once_not_after_every_ending(tmp_path: Path) -> None:
    data = tmp_path / "data"
    story = two_parts(tmp_path)
    first = plain(story, data, "1\n1\nq\n")
    assert "Part two is now unlocked" in first
    again = plain(story, data, "1\n1\nq\n")  # a second game: part two was already open
    assert "now unlocked" not in again
    assert "  2. Start part two: The talk" in again


def test_a_story_in_one_part_offers_a_new_game_undo_and_quit(tmp_path: Path) -> None:
    out = plain(WALK, tmp_path / "data", "1\n1\n2\n3\n1\nq\n")
    after = out.split("THE END: Mixed", 1)[1]
    assert "  1. Play again from the start" in after
    assert after.count("The street, 1 time.") == 1  # the new game began


# -- item 10: meters in words, only when they change -----------------------------------------------


def test_meters_are_said_once_then_only_their_changes_in_words(tmp_path: Path) -> None:
    out = plain(two_parts(tmp_path), tmp_path / "data", "2\nm\nq\n")
    assert out.count("Meters: Trust 4 of 10, Calls waiting 5 of 12.") == 1  # at the start
    assert "Calls waiting down 2 (better), now 3 of 12." in out
    assert "Trust" not in out.split("Calls waiting down 2", 1)[1].split("Meters:", 1)[0]  # unchanged
    assert "m\nMeters: Trust 4 of 10, Calls waiting 3 of 12.\n" in out  # m: the full list, now


def test_a_rise_says_up_and_an_unchanged_scene_says_nothing_about_meters(tmp_path: Path) -> None:
    out = plain(two_parts(tmp_path), tmp_path / "data", "1\nq\n")
    assert "Trust up 1, now 5 of 10." in out
    assert not re.search(r"\d+/\d+", out)  # never the old "Trust: 4/10" line


# -- item 11: hanging indent, dates, the prompt ----------------------------------------------------


def test_a_wrapped_option_hangs_under_its_first_word(tmp_path: Path) -> None:
    long_reason = "Every east-side unit is already holding calls, so nobody else can take it today."
    label = "Ask dispatch to give it to another unit, and watch his throw"
    story = write_story(
        tmp_path / "story",
        {
            "a.md": f"""
            === start ===
            The radio crackles.
            * {{false else "{long_reason}"}} [{label}] -> end
            * [Go] -> end
            === end ===
            # ending: Done
            """
        },
    )
    done = run("play", "--plain", "--no-log", str(story), stdin="q\n")
    lines = done.stdout.splitlines()
    first = next(i for i, text in enumerate(lines) if text.startswith("  1. (unavailable) Ask dispatch"))
    rest = lines[first + 1 : next(i for i in range(first, len(lines)) if lines[i].startswith("  2. "))]
    assert rest, "the option should wrap at 100 columns"
    for text in rest:
        assert text.startswith("     ") and not text[5:].startswith(" "), repr(text)
    assert " ".join(t.strip() for t in [lines[first], *rest]).endswith(long_reason)
    assert all(text == text.rstrip() for text in lines)  # no trailing spaces from wrapping


def test_a_wrapped_line_of_the_path_goes_in_further_than_the_line(tmp_path: Path) -> None:
    label = "Have Tessa work the two cold reports on the laptop while you drive, and say nothing at all"
    story = write_story(
        tmp_path / "story",
        {"a.md": f"=== start ===\nMain Street.\n* [{label}] -> end\n=== end ===\n# ending: Done\n"},
    )
    done = run("play", "--plain", "--no-log", str(story), stdin="1\nq\n")
    lines = done.stdout.splitlines()
    first = lines.index(next(t for t in lines if t.startswith("  Start: Have Tessa")))
    assert lines[first + 1].startswith("    ") and lines[first + 1].strip() in label


def test_emphasis_in_an_option_is_not_read_as_stars(tmp_path: Path) -> None:
    story = write_story(
        tmp_path / "story",
        {"a.md": "=== start ===\nThe clip.\n* [Name it *Micah, September*] -> end\n=== end ===\n"},
    )
    out = run("play", "--plain", "--no-log", str(story), stdin="1\nq\n").stdout
    assert "  1. Name it Micah, September" in out and "  Start: Name it Micah, September" in out
    assert "*" not in out


def test_the_save_list_says_dates_as_people_read_them(tmp_path: Path) -> None:
    out = plain(WALK, tmp_path / "data", "1\ns first\nl\nq\n")
    listed = next(text for text in out.splitlines() if text.startswith("  first: "))
    assert not re.search(r"\d{4}-\d\d-\d\dT", listed), listed
    assert re.search(r"saved (today|yesterday|on \w+ \d+ \w+ \d{4}) at \d{1,2}:\d\d", listed), listed


def test_the_prompt_names_every_key(tmp_path: Path) -> None:
    out = plain(WALK, tmp_path / "data", "q\n")
    prompt = next(text for text in out.splitlines() if text.startswith("Choose "))
    assert prompt.startswith("Choose 1 or 2 (")
    for word in ("u undo", "m meters", "s save", "l load", "h help", "q quit"):
        assert word in prompt, prompt
