"""``patrolday report --projector`` in real headless Chromium, at a projector's 1280x720.

What a room at the back needs (review section 5): large type, high contrast, one decision
per screen. So: every screen is exactly the window's height and nothing on it is cut off
(the bundled story's widest decision included: four long options and two questions); the
type is never under 28 px; white on black; Page Down moves exactly one screen; each
decision's questions are on its screen with its bars, drawn out of 100%. A screenshot of each
screen is written to the test's folder (``PATROLDAY_SHOTS=DIR`` keeps them, to look at).

Skipped with the reason when Chromium is missing (``.ci/run`` installs it).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from headless_chromium import CHROMIUM
from phone_browser import Phone
from workshop_helpers import TWO_PARTS, play_log, run_cli

from patrolday.bundled import bundled_story_path
from patrolday.engine import load_story
from patrolday.game.playthrough import Playthrough
from patrolday.workshop.sessions import SessionLog

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)
WIDTH, HEIGHT = 1280, 720


def _round(folder: Path) -> None:
    """Two parts of a small story, and the bundled story's Cedar Hollow (four long options)."""
    two = load_story(TWO_PARTS)
    play_log(two, folder, [("stop", {"stop": 6, "drive": 3})], workshop=True, part="patrol")
    play_log(two, folder, [("drive", {"stop": 1, "drive": 8})], workshop=True, part="patrol")
    play_log(two, folder, [("stay", {"go-out": 2, "stay": 7})], workshop=True, part="kitchen")


def _bundled_round(folder: Path) -> None:
    story = load_story(bundled_story_path())
    for votes in ({"hear-both": 5, "caller-first": 2, "ticket": 1, "tessa": 3}, {"tessa": 6, "ticket": 2}):
        log = SessionLog(story, folder, "tui", workshop=True)
        play = Playthrough.new(story, "patrol", at="parking", listeners=[log])
        play.choose(max(votes, key=lambda k: votes[k]), votes=votes)
        log.close()


class Projector(Phone):
    """The phone helper's page tools, on a projector-sized window with a mouse, not a finger."""

    async def __aenter__(self) -> Projector:
        await super().__aenter__()
        await self.send("Emulation.setTouchEmulationEnabled", enabled=False)
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )
        return self

    async def key(self, key: str, code: int) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            await self.send(
                "Input.dispatchKeyEvent", type=kind, key=key, code=key, windowsVirtualKeyCode=code
            )


SCREENS = """(() => [...document.querySelectorAll('section.screen')].map(s => {
  const r = s.getBoundingClientRect();
  const inside = [...s.querySelectorAll('*')].every(e => { const b = e.getBoundingClientRect();
    return b.bottom <= r.bottom + 1 && b.right <= r.right + 1; });
  return {label: s.getAttribute('aria-label'), height: r.height, fits: s.scrollHeight <= s.clientHeight
    && inside, scene: s.dataset.scene || ''}; }))()"""
SMALLEST_TYPE = """(() => Math.min(...[...document.querySelectorAll('body *')]
  .filter(e => e.childNodes.length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => parseFloat(getComputedStyle(e).fontSize))))()"""


async def _look(page: Path, shots: Path) -> dict[str, Any]:
    profile = shots / "profile"
    profile.mkdir(parents=True, exist_ok=True)
    async with Projector(profile) as screen:
        await screen.open(page.as_uri())
        await screen.wait_for("document.readyState === 'complete' && !!document.querySelector('section')")
        screens = await screen.evaluate(SCREENS)
        smallest = await screen.evaluate(SMALLEST_TYPE)
        colours = await screen.evaluate(
            "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
        )
        scrolled = []
        for n in range(len(screens)):
            await screen.screenshot(shots / f"screen-{n + 1}.png")
            scrolled.append(await screen.evaluate("window.scrollY"))
            await screen.key("PageDown", 34)
            await asyncio.sleep(0.4)  # smooth scrolling and the snap settle
        return {"screens": screens, "smallest": smallest, "colours": colours, "scrolled": scrolled}


def _shots(tmp_path: Path, name: str) -> Path:
    keep = os.environ.get("PATROLDAY_SHOTS")
    folder = Path(keep) / name if keep else tmp_path / "shots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("which", ["two-parts", "bundled"])
def test_projector_view_is_one_decision_per_screen_in_large_type(which: str, tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    (_round if which == "two-parts" else _bundled_round)(folder)
    out = tmp_path / "report"
    story = str(TWO_PARTS if which == "two-parts" else bundled_story_path())
    result = run_cli(
        "report",
        str(folder),
        "-o",
        str(out),
        "--story",
        story,
        "--projector",
        "-q",
        sessions=None,
        data=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    page = out / "projector.html"
    html = page.read_text(encoding="utf-8").lower()
    assert "<script" not in html and "http:" not in html and "https:" not in html  # fetches nothing

    seen = asyncio.run(_look(page, _shots(tmp_path, which)))
    screens = seen["screens"]
    decisions = [s for s in screens if s["scene"]]
    assert decisions, screens
    for s in screens:
        assert s["height"] == HEIGHT, s  # one screen each
        assert s["fits"], f"{s['label']} does not fit on one {WIDTH}x{HEIGHT} screen"
    assert seen["smallest"] >= 28, seen["smallest"]
    assert seen["colours"] == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    assert seen["scrolled"] == [HEIGHT * n for n in range(len(screens))]  # Page Down: one screen
    if which == "two-parts":
        assert [s["label"] for s in screens] == [
            "Two Sides",
            "The street",
            "Endings of Part one: The patrol",
            "The kitchen",
            "Endings of Part two: The kitchen",
            "Meters at the end",
        ]


def test_projector_bars_are_out_of_100_percent_beside_the_questions(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    _round(folder)
    out = tmp_path / "report"
    run_cli(
        "report",
        str(folder),
        "-o",
        str(out),
        "--story",
        str(TWO_PARTS),
        "--projector",
        "-q",
        sessions=None,
        data=tmp_path,
    )
    html = (out / "projector.html").read_text(encoding="utf-8")
    street = html.split('data-scene="street"')[1].split("</section>")[0]
    assert "What does the boy see when the car slows down?" in street
    assert 'data-share="50"' in street and "width: 50%" in street  # 1 of 2 sessions: half a bar
    assert "1 of 2 · 7 votes" in street  # 6 + 1 people voted for it
