"""Hand-edited and hostile session logs (issue 18, items 7, 8, 12, 13, 14).

A session folder is shared between machines and people: a log may be edited by hand, cut
short, or written by someone who wants the facilitator's terminal or spreadsheet to do
something. ``report`` and ``debrief`` must skip a bad log with one line naming the file and
the reason, still report on the rest, and never pass escape codes, raw HTML or spreadsheet
formulas from a log into the terminal or the files they write.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from workshop_helpers import VOTE_STORY, play_log, run_cli

from patrolday.engine import Story

ESC = "\x1b]0;PWN\x07\x1b[31m"
HTML = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
FORMULAS = ('=HYPERLINK("http://127.0.0.1/x","click")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-1+cmd")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation that sets one field, by a dotted path (list indices as numbers)."""

    def apply(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return apply


# Every break from the attack report's F8 row, one field at a time.
BROKEN: dict[str, Callable[[dict[str, Any]], None]] = {
    "step-is-int": _set("steps.0", 1),
    "step-is-text": _set("steps.0", "x"),
    "step-is-null": _set("steps.0", None),
    "step-is-list": _set("steps.0", [1]),
    "start-is-text": _set("start", "corner"),
    "start-scene-int": _set("start.scene", 5),
    "start-meters-list": _set("start.meters", [1]),
    "meters-list": _set("meters", [1]),
    "story-id-int": _set("story.id", 5),
    "content-hash-list": _set("story.content_hash", [1]),
    "part-object": _set("story.part", {"x": 1}),
    "kind-int": _set("steps.0.kind", 7),
    "kind-unknown": _set("steps.0.kind", "teleport"),
    "turn-text": _set("steps.0.turn", "x"),
    "offered-int": _set("steps.0.offered", 5),
    "undone-text": _set("steps.0.undone", "yes"),
    "ending-list": _set("ending", ["x"]),
    "votes-negative": _set("steps.0.votes", {"stop": -5}),
    "votes-text": _set("steps.0.votes", {"stop": "y"}),
    "votes-huge": _set("steps.0.votes", {"stop": 10**100}),
    "meter-nan-text": _set("steps.0.meters.trust", "NaN"),
    "meter-huge": _set("meters.trust", 10**300),
    "meter-float": _set("meters.trust", 2.5),
    "time-with-escape": _set("started_at", "2026-01-01T00:00:00+00:00" + ESC),
    "version-with-escape": _set("patrolday_version", ESC),
    "scene-with-escape": _set("steps.0.scene", "corner" + ESC),
    "choice-with-html": _set("steps.0.choice", HTML),
    "offered-with-formula": _set("steps.0.offered", [FORMULAS[0]]),
    "meter-name-with-escape": _set("meters", {"trust" + ESC: 1}),
    "steps-nested-50000": _set("steps", _nested(50_000)),
}
RAW: dict[str, Callable[[str], str]] = {  # breaks that only exist in the JSON text
    "meter-nan": lambda text: re.sub(r'"trust": 8', '"trust": NaN', text, count=1),
    "meter-infinity": lambda text: re.sub(r'"trust": 8', '"trust": Infinity', text, count=1),
    "meter-1e300": lambda text: re.sub(r'"trust": 8', '"trust": 1e300', text, count=1),
}


@pytest.fixture
def good(story: Story, tmp_path: Path) -> dict[str, Any]:
    """A real workshop log: two choices with votes, an undo, an ending."""
    return play_log(
        story,
        tmp_path / "made",
        [("stop", {"stop": 5, "wave": 2, "radio": 1}), ("walk", {"call": 3, "walk": 6}), 1, "walk"],
        workshop=True,
    )


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(text, encoding="utf-8")
    return path


def _broken_texts(good: dict[str, Any]) -> dict[str, str]:
    out = {}
    for name, mutate in BROKEN.items():
        doc = copy.deepcopy(good)
        mutate(doc)
        try:
            out[name] = json.dumps(doc)
        except RecursionError:  # 50,000 levels: build the text by hand
            out[name] = (
                json.dumps(good)
                .replace('"steps": [', '"steps": ' + "[" * 50_001, 1)
                .replace('], "scene"', "]" * 50_001 + ', "scene"', 1)
            )
    text = json.dumps(good)
    for name, mutate in RAW.items():
        out[name] = mutate(text)
        assert out[name] != text, name
    return out


def _clean(text: str) -> None:
    assert "Traceback" not in text
    assert not CONTROL.search(text.replace("\n", "").replace("\t", "")), repr(CONTROL.search(text))


@pytest.mark.parametrize("name", [*BROKEN, *RAW])
def test_debrief_refuses_a_broken_log_in_one_line(good: dict[str, Any], tmp_path: Path, name: str) -> None:
    path = _write(tmp_path / "logs", name, _broken_texts(good)[name])
    result = run_cli("debrief", str(path), "--story", str(VOTE_STORY), sessions=None, data=tmp_path)
    assert result.returncode == 1, result.stdout
    _clean(result.stdout + result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"patrolday: {path}: "), result.stderr
    assert len(lines[0]) < 400


def test_report_skips_each_broken_log_and_reports_the_rest(good: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    texts = _broken_texts(good)
    for name, text in texts.items():
        _write(folder, name, text)
    _write(folder, good["session_id"], json.dumps(good))
    out = tmp_path / "report"
    result = run_cli(
        "report",
        str(folder),
        "-o",
        str(out),
        "--csv",
        "--story",
        str(VOTE_STORY),
        sessions=None,
        data=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    _clean(result.stdout + result.stderr)
    skipped = [line for line in result.stderr.splitlines() if ": skipped: " in line]
    assert sorted(
        Path(line.split(": skipped: ")[0].removeprefix("patrolday: ")).stem for line in skipped
    ) == sorted(texts)
    assert "Read 1 session log." in result.stdout
    for name in ("report.md", "report.html", "sessions.csv"):
        _clean((out / name).read_text(encoding="utf-8"))
    assert "| Stop the car | 1 | 100% | 5 | 0 |" in (out / "report.md").read_text(encoding="utf-8")


def test_escape_codes_in_a_file_name_do_not_reach_the_terminal(good: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    _write(folder, "x" + ESC, "{not json")
    _write(folder, good["session_id"], json.dumps(good))
    result = run_cli("report", str(folder), "-o", str(tmp_path / "r"), "-q", sessions=None, data=tmp_path)
    assert result.returncode == 0, result.stderr
    _clean(result.stdout + result.stderr)
    assert "skipped: it is not valid JSON" in result.stderr
    debrief = run_cli("debrief", str(next(folder.glob("x*.json"))), sessions=None, data=tmp_path)
    assert debrief.returncode == 1
    _clean(debrief.stdout + debrief.stderr)


def test_report_to_a_folder_that_cannot_be_written_is_a_clear_error(
    good: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "logs"
    _write(folder, good["session_id"], json.dumps(good))
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    for target in ("/proc/patrolday-x", str(blocker / "inside")):
        result = run_cli("report", str(folder), "-o", target, "-q", sessions=None, data=tmp_path)
        assert result.returncode == 1, result.stdout
        assert "Traceback" not in result.stderr
        assert f"patrolday: cannot write the report to {target}" in result.stderr, result.stderr


# -- what a valid log can still carry: labels from a story someone else wrote -----------------


def _hostile_story(tmp_path: Path) -> Path:
    """The vote story with labels that are HTML and spreadsheet formulas (both legal story text)."""
    root = tmp_path / "hostile-story"
    (root / "scenes").mkdir(parents=True)
    (root / "story.toml").write_text((VOTE_STORY / "story.toml").read_text("utf-8"), "utf-8")
    text = (VOTE_STORY / "scenes" / "story.md").read_text("utf-8")
    text = text.replace("Stop the car", "<script>alert(1)</script> Stop the car", 1)
    text = text.replace("Wave and drive on", '=HYPERLINK("http://127.0.0.1/x","Wave")', 1)
    text = text.replace("Walk over", "@SUM(1+1)*cmd|' /C calc'!A0", 1)
    text = text.replace(
        "# title: At the curb", "# title: [link=file:///etc/passwd]At the curb[/link] [bold red]x", 1
    )
    (root / "scenes" / "story.md").write_text(text, "utf-8")
    return root


def test_labels_from_a_story_are_escaped_in_markdown_and_neutral_in_csv(story: Story, tmp_path: Path) -> None:
    from patrolday.engine import load_story

    hostile = _hostile_story(tmp_path)
    shaped = load_story(hostile)
    assert shaped.id == story.id
    folder = tmp_path / "logs"
    play_log(shaped, folder, ["stop", "walk", "explain-why-you-stopped"])
    play_log(shaped, folder, ["wave"])
    out = tmp_path / "report"
    result = run_cli(
        "report",
        str(folder),
        "-o",
        str(out),
        "--csv",
        "--story",
        str(hostile),
        "-q",
        sessions=None,
        data=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "<script" not in md and "&lt;script&gt;" in md
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html
    terminal = run_cli(
        "report", str(folder), "-o", str(out), "--story", str(hostile), sessions=None, data=tmp_path
    )
    assert "[link=file:///etc/passwd]At the curb[/link] [bold red]x" in terminal.stdout  # shown, not obeyed
    rows = list(csv.reader(io.StringIO((out / "sessions.csv").read_text(encoding="utf-8"))))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not (cell.startswith("-") and not re.fullmatch(r"-\d+", cell)), cell
    labels = {row[13] for row in rows[1:]}
    assert '\'=HYPERLINK("http://127.0.0.1/x","Wave")' in labels
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in labels


def test_formula_cells_are_neutralised_and_numbers_are_not() -> None:
    from patrolday.workshop.report_csv import spreadsheet_safe

    for formula in FORMULAS:
        assert spreadsheet_safe(formula) == "'" + formula
    for tricky in ("\t=1+1", "\r=1+1", "\n=1", "=1"):
        assert spreadsheet_safe(tricky).startswith("'")
    for fine in ("stop", "-3", "12", "0", "", "Stop the car", "2026-01-01T00:00:00+00:00"):
        assert spreadsheet_safe(fine) == fine


def test_a_valid_log_with_meters_at_the_engines_limit_draws_in_bounds(
    good: dict[str, Any], tmp_path: Path
) -> None:
    """±10^12 is a legal meter value: the meter's bar clamps it instead of drawing 10^12 '#'s."""
    doc = copy.deepcopy(good)
    doc["steps"][0]["meters"]["trust"] = 10**12
    doc["steps"][-1]["meters"]["voice"] = -(10**12)
    doc["meters"]["trust"] = 10**12
    path = _write(tmp_path / "logs", doc["session_id"], json.dumps(doc))
    result = run_cli("debrief", str(path), "--story", str(VOTE_STORY), sessions=None, data=tmp_path)
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) < 200
    assert re.search(r"\|\.{20}\| +-1000000000000 \(started at", result.stdout), result.stdout
    report = run_cli("report", str(path), "-o", str(tmp_path / "r"), "-q", sessions=None, data=tmp_path)
    assert report.returncode == 0, report.stderr


def test_sessions_lists_a_damaged_log_and_delete_removes_it(good: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    texts = _broken_texts(good)
    _write(folder, "damaged", texts["step-is-int"])
    _write(folder, "escape", texts["scene-with-escape"])
    _write(folder, good["session_id"], json.dumps(good))
    _write(folder, "notes", json.dumps({"mine": True}))
    listing = run_cli("sessions", "--dir", str(folder), sessions=None, data=tmp_path)
    assert listing.returncode == 0, listing.stderr
    _clean(listing.stdout + listing.stderr)
    assert "Session logs in" in listing.stdout and ": 1" in listing.stdout
    assert "a damaged session log, not used by reports: damaged.json" in listing.stdout
    assert "not a session log, left alone: notes.json" in listing.stdout
    deleted = run_cli("sessions", "--dir", str(folder), "--delete", "--yes", sessions=None, data=tmp_path)
    assert deleted.returncode == 0, deleted.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.json"]


def test_report_files_follow_the_umask_and_logs_stay_private(good: dict[str, Any], tmp_path: Path) -> None:
    """Reports are made to be handed on (issue 12): 0644 under umask 022, not 0600. Logs stay 0600."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "logs"
    _write(folder, good["session_id"], json.dumps(good))
    out = tmp_path / "report"
    code = (
        "import os, sys; os.umask(0o022); from patrolday.cli import main; "
        f"sys.exit(main(['report', {str(folder)!r}, '-o', {str(out)!r}, '--csv', '-q']))"
    )
    env = {**os.environ, "PATROLDAY_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
    assert modes == {"report.md": 0o644, "report.html": 0o644, "sessions.csv": 0o644}


def test_the_declared_types_and_the_schema_agree() -> None:
    """The TypedDicts the code relies on and the schema that checks logs name the same fields."""
    from typing import get_args, get_type_hints

    from patrolday.workshop import log_format as lf

    schema = json.loads(lf.schema_path().read_text(encoding="utf-8"))
    defs = schema["$defs"]
    pairs = [
        (lf.SessionLogDoc, schema),
        (lf.StoryRef, schema["properties"]["story"]),
        (lf.StartPoint, schema["properties"]["start"]["anyOf"][0]),
        (lf.ChoiceStep, defs["choice"]),
        (lf.MoveStep, defs["undo"]),
        (lf.RoomCounts, defs["room"]),
    ]
    for typed, part in pairs:
        fields = set(get_type_hints(typed))
        assert fields == set(part["properties"]), typed.__name__
        assert set(typed.__required_keys__) == set(part["required"]), typed.__name__
        assert part["additionalProperties"] is False
    assert list(get_args(lf.MoveKind)) == defs["undo"]["properties"]["kind"]["enum"]
    assert list(get_args(lf.Mode)) == schema["properties"]["mode"]["enum"] == list(lf.MODES)
    assert get_args(get_type_hints(lf.ChoiceStep)["kind"]) == (defs["choice"]["properties"]["kind"]["const"],)
    assert sorted(get_args(lf.StepKind)) == sorted(["choice", *get_args(lf.MoveKind)])
