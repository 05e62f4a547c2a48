"""Meters as a player reads them: fine bars of a fixed size, whole labels, and change colours
that follow which way is good for each meter (Pilot, and the bar drawing itself)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color

from patrolday.engine import MeterView, Story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.widgets.meters import meter_bar

from .helpers import screen_text, settle


def _bar(value: int, low: int = 0, high: int = 10) -> str:
    return meter_bar(MeterView("m", "M", value, low, high)).plain


def test_every_step_of_a_ten_point_meter_draws_a_different_bar() -> None:
    bars = [_bar(v) for v in range(11)]
    assert len(set(bars)) == 11, bars
    assert len({len(b) for b in bars}) == 1  # always the same number of cells


def test_a_low_value_of_a_wide_meter_still_shows_and_a_high_one_is_not_full() -> None:
    assert _bar(2, 0, 30).strip("░ ") != "", _bar(2, 0, 30)
    assert _bar(0, 0, 30).strip("░ ") == ""
    assert _bar(29, 0, 30) != _bar(30, 0, 30)


def _rows(app: PatroldayApp) -> list[str]:
    return [line for line in screen_text(app).splitlines() if "Trust" in line or "Calls waiting" in line]


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40), (160, 45)])
async def test_labels_are_never_cut_and_the_bar_keeps_its_size(
    demo_story: Story, data_dir: Path, size: tuple[int, int]
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        text = "\n".join(_rows(app))
        assert "Calls waiting" in text and "…" not in text, text
        meters = app.screen.query_one("#meters")
        drawn = meters.rows(meters.size.width)  # type: ignore[attr-defined]
        cells = {len([ch for ch in line.plain if ch in "█▉▊▋▌▍▎▏░"]) for line in drawn}
        assert cells <= {4, 8}, cells  # 4 cells a bar, one or two bars a row


def _colour_of(app: PatroldayApp, text: str) -> Color | None:
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if segment.text.strip() == text and segment.style is not None:
                return segment.style.color
    raise AssertionError(f"{text!r} is not on screen:\n{screen_text(app)}")


async def test_a_change_is_green_when_it_is_good_news_and_orange_when_bad(
    demo_story: Story, data_dir: Path
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        good = Color.parse(app.theme_variables["success"])
        bad = Color.parse(app.theme_variables["warning"])
        await pilot.press("1")  # head out now: calls waiting -1 (good = "down")
        await settle(pilot)
        assert _colour_of(app, "-1") == good
        await pilot.press("u", "2")  # finish the coffee: calls waiting +1
        await settle(pilot)
        assert _colour_of(app, "+1") == bad
        await pilot.press("1")  # stop and play catch: trust +2 (good = "up")
        await settle(pilot)
        assert _colour_of(app, "+2") == good


async def test_the_meaning_of_a_change_is_also_in_words(demo_story: Story, data_dir: Path) -> None:
    """Colour is not the only sign: the ending says which way is better for each meter."""
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for key in ("1", "1", "1"):
            await pilot.press(key)
            await settle(pilot)
        text = screen_text(app)
        assert "fewer is better" in text or "lower is better" in text, text
        assert "higher is better" in text, text
