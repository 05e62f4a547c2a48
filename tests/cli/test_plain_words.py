"""Every line plain mode prints is words, over every ending of every part (issue 16 item 12).

Plain mode is what a screen reader reads aloud, line by line. A line that is only
punctuation ("-----", "•", "[ ]"), begins with a mark a reader voices ("dash Every
east-side unit..."), or holds box drawing, bars or raw numbers-with-slashes is noise to
a listener. The bundled story's golden transcripts reach every ending of all its parts;
each is played here through ``patrolday play --plain`` with piped input, ``NO_COLOR``,
``TERM=dumb`` and 80 columns, followed by the after-ending menu, undo, the help, the
meters and the save list, and every line printed is checked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from patrolday.bundled import bundled_story_path
from patrolday.engine import Story, load_story, present, start
from patrolday.engine import choose as take
from patrolday.tooling.transcripts import Transcript, load_transcripts

STORY_DIR = bundled_story_path()

# A line must begin as speech begins: a letter, a digit, or an opening quote or bracket
# followed by one; and it must hold a letter or a digit.
SPEECH_START = re.compile(r"^[\w“‘\"'(]")
WORD = re.compile(r"[^\W_]")  # a letter or a digit ("3:12:40 p.m." is said)
# Marks with no spoken meaning: box drawing, block elements and bars, bullets, arrows, geometric shapes.
DECORATION = re.compile(r"[\u2500-\u25ff\u2022\u2023\u2043\u2190-\u21ff\u2b00-\u2bff\u00b7]")
RUNS = re.compile(r"([-=*_~#+|/\\])\1{2,}|\.{4,}")  # "---", "===", "...." (an ellipsis is a pause)
ESCAPE = re.compile(r"\x1b")
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:")
FRACTION = re.compile(r"\b\d+/\d+\b")  # "Trust: 4/10" reads "4 slash 10"


def not_words(text: str) -> list[str]:
    """The lines of ``text`` a screen reader would not read as words, each with why."""
    bad = []
    for raw in text.splitlines():
        spoken = raw.strip()
        if not spoken:
            continue
        for why, fails in (
            ("starts with a mark", not SPEECH_START.match(spoken)),
            ("holds no letter or digit", not WORD.search(spoken)),
            ("decoration", bool(DECORATION.search(spoken))),
            ("a rule of repeated marks", bool(RUNS.search(spoken))),
            ("an escape code", bool(ESCAPE.search(raw))),
            ("a raw timestamp", bool(ISO_TIME.search(spoken))),
            ("numbers with a slash", bool(FRACTION.search(spoken))),
            ("trailing space", raw != raw.rstrip()),
        ):
            if fails:
                bad.append(f"{why}: {raw!r}")
    return bad


def test_the_checker_finds_what_a_reader_would_stumble_on() -> None:
    fine = "The street, 1 time.\n  1. Check the yard\n“Most of them are nice.”\n(end of input)\n3:12 p.m."
    assert not_words(fine) == []
    noises = (
        "-----",
        "  • Trust",
        "- Every east-side unit",
        "[ ]",
        "Trust: 4/10",
        "│ box │",
        "*son.*",
        "....",
    )
    for noise in (*noises, "a "):
        assert not_words(noise), noise


def numbers(story: Story, script: Transcript) -> list[int]:
    """The transcript's choices as the option numbers a player types."""
    state = start(story, script.part, script.seed)
    out = []
    for step in script.lines:
        if step.kind != "choose":
            continue
        view = present(story, state)
        picked = next(c for c in view.choices if step.value in (c.id, c.key, str(c.number)))
        out.append(picked.number)
        state = take(story, state, picked.id)
    return out


def plain_run(data: Path, stdin: str, *args: str) -> str:
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": "80",
        "PATROLDAY_DATA_DIR": str(data),
    }
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "patrolday", "play", "--no-log", "--seed", "0", *args, str(STORY_DIR)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def scripts() -> dict[str, list[Transcript]]:
    """The transcripts that start a part as written (not those that ``set:`` values), by part."""
    by_part: dict[str, list[Transcript]] = {}
    for script in load_transcripts(STORY_DIR / "tests"):
        if not script.preset and not script.origin:
            by_part.setdefault(script.part or "patrol", []).append(script)
    return by_part


def test_the_transcripts_reach_every_ending_of_every_part() -> None:
    story = load_story(STORY_DIR)
    reached = {
        line.value for group in scripts().values() for s in group for line in s.lines if line.kind == "end"
    }
    assert reached == {sid for sid, scene in story.scenes.items() if scene.is_ending}


@pytest.mark.parametrize("part", ["patrol", "footage", "headline"])
def test_every_plain_line_is_words_through_every_ending(part: str, tmp_path: Path) -> None:
    story = load_story(STORY_DIR)
    group = scripts()[part]
    index = next(i for i, p in enumerate(story.parts) if p.id == part)
    # Piped input, as a screen-reader user's session runs: help, the meters, a save and the
    # save list on the way; at each ending, undo and come back, then start the part again
    # from the after-ending menu (a fresh data folder: nothing carries over, as written).
    games: list[str] = []
    for n, script in enumerate(group):
        moves = [str(x) for x in numbers(story, script)]
        if n == 0:
            moves[1:1] = ["h", "m", "s first", "l", "nonsense", "99"]
        games.append("\n".join([*moves, "u", moves[-1]]))
    out = ""
    if part == "headline":  # opened by part two's endings: each game starts from the command line
        for game in games:
            out += plain_run(tmp_path / "data", game + "\nq\n", "--part", part)
    else:
        menu = str(index + 1)
        out = plain_run(tmp_path / "data", f"\n{menu}\n".join(games) + "\nq\n", "--part", part)
    for script in group:
        ending = next(line.value for line in script.lines if line.kind == "end")
        assert f"THE END: {story.scenes[ending].ending}" in out, ending
    assert "What next?" in out and "Undone: back one choice." in out
    assert not_words(out) == [], "\n".join(not_words(out))
