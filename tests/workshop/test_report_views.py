"""What a facilitator projects after a round (issue 15, review section 5, W7): bars out of 100%,
each decision's questions beside how the room voted, parts apart with their own endings,
"made once", and "taken" (sessions) told apart from "votes" (people). Every format is read
as the user gets it: the CLI's files and its terminal output."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from workshop_helpers import TWO_PARTS, VOTE_STORY, play_log, run_cli

from patrolday.engine import Story, load_story
from patrolday.workshop.report_html import BAR_SPACE


@pytest.fixture(scope="module")
def two_parts() -> Story:
    return load_story(TWO_PARTS)


def _report(folder: Path, tmp_path: Path, story: Path, *extra: str) -> tuple[str, str, str]:
    out = tmp_path / "report"
    result = run_cli(
        "report", str(folder), "-o", str(out), "--story", str(story), *extra, sessions=None, data=tmp_path
    )
    assert result.returncode == 0, result.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    markdown = (out / "report.md").read_text(encoding="utf-8")
    return html, markdown, result.stdout


@pytest.fixture
def round_of_two_parts(two_parts: Story, tmp_path: Path) -> Path:
    """Part one played three times (two took "stop"), part two once: a decision made once."""
    folder = tmp_path / "sessions"
    play_log(two_parts, folder, [("stop", {"stop": 6, "drive": 3})], workshop=True, part="patrol")
    play_log(two_parts, folder, [("stop", {"stop": 5, "drive": 4})], workshop=True, part="patrol")
    play_log(two_parts, folder, [("drive", {"stop": 1, "drive": 8})], workshop=True, part="patrol")
    play_log(two_parts, folder, [("stay", {"go-out": 2, "stay": 7})], workshop=True, part="kitchen")
    return folder


class Svg(HTMLParser):
    """The bars (``rect``) of each decision's chart, by the section's scene."""

    def __init__(self) -> None:
        super().__init__()
        self.scene = ""
        self.bars: dict[str, list[float]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and found.get("data-scene"):
            self.scene = str(found["data-scene"])
        if tag == "rect" and self.scene:
            self.bars.setdefault(self.scene, []).append(float(found["width"] or 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.scene = ""


def test_bars_are_drawn_out_of_100_percent_not_out_of_the_top_option(
    round_of_two_parts: Path, tmp_path: Path
) -> None:
    """At the street "stop" was taken 2 of 3 times: two thirds of a bar, not a full one (the
    review: 33% drew as full width, the same as 50% elsewhere)."""
    html, _, terminal = _report(round_of_two_parts, tmp_path, TWO_PARTS)
    svg = Svg()
    svg.feed(html)
    stop, drive = svg.bars["street"]
    assert stop == pytest.approx(BAR_SPACE * 2 / 3, abs=1)
    assert drive == pytest.approx(BAR_SPACE / 3, abs=1)
    stay = svg.bars["kitchen"][1]
    assert stay == pytest.approx(BAR_SPACE, abs=1)  # 1 of 1: the only full bar
    # The terminal's bars are 20 characters for 100%: 67% is 13 of them.
    line = next(x for x in terminal.splitlines() if "Stop and say hello" in x)
    assert re.search(r"(?<!#)#{13}(?!#)", line), line


def test_each_decision_shows_its_discussion_questions_beside_the_vote(
    round_of_two_parts: Path, tmp_path: Path
) -> None:
    html, markdown, terminal = _report(round_of_two_parts, tmp_path, TWO_PARTS)
    street = html.split('data-scene="street"')[1].split("</section>")[0]
    assert "What does the boy see when the car slows down?" in street
    assert "Who on this street would call it in, and why?" in street
    section = markdown.split("### The street")[1].split("###")[0]
    assert "What does the boy see when the car slows down?" in section
    assert "What does his mother know that the officer does not?" in terminal


def test_parts_are_apart_and_each_lists_its_own_endings(round_of_two_parts: Path, tmp_path: Path) -> None:
    html, markdown, terminal = _report(round_of_two_parts, tmp_path, TWO_PARTS)
    for text in (html, markdown, terminal):
        one, two = text.index("Part one: The patrol"), text.index("Part two: The kitchen")
        assert one < text.index("The street") < two < text.index("The kitchen", two + 10)
        # each part's endings under that part, shared out of that part's sessions
        assert one < text.index("Hello") < two
        assert two < text.index("At the window")
    assert "On the porch" not in terminal  # an ending nobody reached is not listed
    part_two = markdown.split("Part two: The kitchen", 1)[1]
    assert "| At the window | 1 | 100% |" in part_two
    assert "| Hello |" not in part_two


def test_made_once_reads_once(round_of_two_parts: Path, tmp_path: Path) -> None:
    html, markdown, terminal = _report(round_of_two_parts, tmp_path, TWO_PARTS)
    for text in (html, markdown, terminal):
        assert "1 times" not in text and "1 time." not in text
        assert "made once" in text.lower()
        assert "made 3 times" in text.lower()


def test_taken_counts_sessions_and_votes_count_people(round_of_two_parts: Path, tmp_path: Path) -> None:
    """Side by side, "taken 2" and "votes 12" mean different things: every format says which."""
    html, markdown, terminal = _report(round_of_two_parts, tmp_path, TWO_PARTS)
    for text in (html, markdown, " ".join(terminal.split())):
        assert "“taken” counts sessions" in text
        assert "“votes” counts people" in text


def test_a_story_without_parts_has_no_part_headings(story: Story, tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    play_log(story, folder, [("stop", {"stop": 6, "wave": 2, "radio": 1}), "walk"], workshop=True)
    html, markdown, terminal = _report(folder, tmp_path, VOTE_STORY)
    assert "Part " not in markdown and "Part " not in terminal
    assert "<h2>Decisions</h2>" in html
