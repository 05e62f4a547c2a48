"""``patrolday report``: numbers in the HTML, Markdown, CSV and terminal view match the logs."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from workshop_helpers import VOTE_STORY, play_log, run_cli

from patrolday.engine import Story


class Collector(HTMLParser):
    """Collects every tag with its attributes, and the text, of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def rows(self, attr: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == "tr" and attr in a]


@pytest.fixture
def workshop(story: Story, tmp_path: Path) -> Path:
    """A mock round: three workshop sessions with different votes, a plain one, one unfinished."""
    folder = tmp_path / "sessions"
    play_log(
        story,
        folder,
        [
            ("stop", {"stop": 7, "wave": 2, "radio": 0}),
            ("walk", {"call": 3, "walk": 6}),
            ("explain-why-you-stopped", {"explain-why-you-stopped": 9}),
        ],
        workshop=True,
    )
    play_log(story, folder, [("wave", {"stop": 3, "wave": 4, "radio": 1})], workshop=True)
    play_log(
        story,
        folder,
        [("stop", {"stop": 5, "wave": 5, "radio": 0}), 0, ("radio", {"stop": 1, "wave": 1, "radio": 8})],
        workshop=True,
    )
    play_log(story, folder, ["stop", "call", "explain-why-you-stopped"], mode="plain")
    play_log(story, folder, ["stop"], mode="served", close=False)
    return folder


def _logs(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def _expected_taken(logs: list[dict]) -> Counter[tuple[str, str]]:
    return Counter(
        (s["scene"], s["choice"])
        for log in logs
        for s in log["steps"]
        if s["kind"] == "choice" and not s["undone"] and s["decision"]
    )


def test_html_numbers_match_the_logs(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = run_cli(
        "report", str(workshop), "-o", str(out), "--story", str(VOTE_STORY), sessions=None, data=tmp_path
    )
    assert result.returncode == 0, result.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    page = Collector()
    page.feed(html)
    logs = _logs(workshop)

    [facts] = [a for t, a in page.tags if t == "ul" and "data-sessions" in a]
    assert facts["data-sessions"] == str(len(logs)) == "5"
    assert facts["data-completed"] == str(sum(1 for log in logs if log["ending"])) == "4"
    assert facts["data-workshop"] == "3"

    taken = {(r["data-scene"], r["data-option"]): int(r["data-taken"] or 0) for r in page.rows("data-option")}
    expected = _expected_taken(logs)
    assert {k: v for k, v in taken.items() if v} == dict(expected)
    assert (
        taken[("corner", "stop")] == 3 and taken[("corner", "wave")] == 1 and taken[("corner", "radio")] == 1
    )
    # the talk scene is not tagged decision, so it is not in the report
    assert not any(scene == "talk" for scene, _ in taken)

    votes = {(r["data-scene"], r["data-option"]): int(r["data-votes"] or 0) for r in page.rows("data-option")}
    assert votes[("corner", "stop")] == 7 + 3 + 1  # the undone 5-5 vote is not counted
    assert votes[("corner", "wave")] == 2 + 4 + 1
    assert votes[("curb", "walk")] == 6
    tried = {(r["data-scene"], r["data-option"]): int(r["data-tried"] or 0) for r in page.rows("data-option")}
    assert tried[("corner", "stop")] == 1

    endings = {r["data-ending"]: int(r["data-count"] or 0) for r in page.rows("data-ending")}
    assert endings == dict(Counter(log["ending"] or "" for log in logs))

    meters = {r["data-meter"]: r for r in page.rows("data-meter")}
    finished = [log for log in logs if log["ending"]]
    for name in ("voice", "trust"):
        values = [log["meters"][name] for log in finished]
        assert float(meters[name]["data-mean"] or 0) == pytest.approx(sum(values) / len(values))
        assert int(meters[name]["data-low"] or 0) == min(values)
        assert int(meters[name]["data-high"] or 0) == max(values)

    text = " ".join(page.text)
    assert "Stop the car" in text and "At the curb" in text and "Another street" in text
    assert "Call it in <10-4> & wait" in text  # unescaped by the parser: it was escaped in the file
    assert "Call it in &lt;10-4&gt; &amp; wait" in html and "<10-4>" not in html


def test_html_is_self_contained(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    run_cli("report", str(workshop), "-o", str(out), "--story", str(VOTE_STORY), sessions=None, data=tmp_path)
    html = (out / "report.html").read_text(encoding="utf-8")
    page = Collector()
    page.feed(html)
    lowered = html.lower()
    assert "<script" not in lowered and "http:" not in lowered and "https:" not in lowered
    assert "//" not in lowered.replace("<!doctype html>", "")
    assert not [a for t, a in page.tags if t in ("link", "img", "iframe", "object", "embed")]
    assert sum(1 for t, _ in page.tags if t == "svg") >= 4  # two decisions, endings, meters


def test_markdown_and_terminal_view(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = run_cli(
        "report", str(workshop), "-o", str(out), "--story", str(VOTE_STORY), sessions=None, data=tmp_path
    )
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "# Workshop report: Vote Story" in md
    assert "| Stop the car | 3 | 60% | 11 | 1 |" in md
    assert "| Call it in &lt;10-4&gt; &amp; wait | 1 | 20% | 9 | 0 |" in md
    assert "| Catch | 2 | 40% |" in md
    assert "not finished" in md
    assert "Stop the car" in result.stdout and "60%" in result.stdout and "Endings" in result.stdout
    assert "Wrote" in result.stdout


def test_csv_has_one_row_per_step(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = run_cli(
        "report",
        str(workshop),
        "-o",
        str(out),
        "--csv",
        "--story",
        str(VOTE_STORY),
        "-q",
        sessions=None,
        data=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO((out / "sessions.csv").read_text(encoding="utf-8"))))
    logs = _logs(workshop)
    assert len(rows) == sum(len(log["steps"]) for log in logs)
    by_session = Counter(r["session_id"] for r in rows)
    assert by_session == Counter({log["session_id"]: len(log["steps"]) for log in logs})
    first = next(r for r in rows if r["votes"].startswith("stop=7"))
    assert first["votes"] == "stop=7;wave=2;radio=0"
    assert first["choice_label"] == "Stop the car" and first["undone"] == "no"
    assert first["meter_trust"] == "7" and first["meter_voice"] == "3"
    undo = [r for r in rows if r["kind"] == "undo"]
    assert len(undo) == 1 and undo[0]["to"] == "corner"


def test_report_without_story_uses_ids_and_says_so(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = run_cli("report", str(workshop), "-o", str(out), "-q", sessions=None, data=tmp_path)
    assert result.returncode == 0, result.stderr
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "| stop | 3 |" in md and "Labels are ids" in md


def test_report_on_nothing_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_cli(
        "report", str(tmp_path / "empty"), "-o", str(tmp_path / "r"), sessions=None, data=tmp_path
    )
    assert result.returncode == 1 and "no session logs" in result.stderr
    assert not (tmp_path / "r").exists()


def test_a_one_sided_decision_is_flagged_in_every_format(story: Story, tmp_path: Path) -> None:
    """Workshop practice: a 92/8 split marks an obvious right answer. Here 9 of 10 stop."""
    folder = tmp_path / "sessions"
    for _ in range(9):
        play_log(story, folder, ["stop"])
    play_log(story, folder, ["wave"])
    out = tmp_path / "report"
    result = run_cli(
        "report", str(folder), "-o", str(out), "--story", str(VOTE_STORY), sessions=None, data=tmp_path
    )
    flag = "One-sided: “Stop the car” was taken 90% of the time."
    assert flag in (out / "report.md").read_text(encoding="utf-8")
    assert flag in (out / "report.html").read_text(encoding="utf-8")
    assert flag in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("stops", "waves"),
    [(4, 0), (7, 3)],  # too few sessions to say; 70% is a real split
    ids=["four-of-four", "seven-of-ten"],
)
def test_a_split_that_is_not_one_sided_is_not_flagged(
    story: Story, tmp_path: Path, stops: int, waves: int
) -> None:
    from patrolday.workshop.report import summarise

    folder = tmp_path / "sessions"
    for choice, times in (("stop", stops), ("wave", waves)):
        for _ in range(times):
            play_log(story, folder, [choice])
    (summary,) = summarise(_logs(folder), {story.id: story})
    decision = next(d for d in summary.decisions if d.scene == summary.decisions[0].scene)
    assert decision.made == stops + waves
    assert decision.one_sided is None and decision.one_sided_note() == ""
