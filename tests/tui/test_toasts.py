"""Notifications sit on the heading row, one line, clear of the meters, the prose and the
options, at 80x24 and 60x20 (Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from patrolday.engine import Story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp

from .helpers import settle


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize("keys", [["m"], ["m", "m"], ["s", "enter"]])
async def test_a_toast_covers_only_the_heading_row(
    demo_story: Story, data_dir: Path, size: tuple[int, int], keys: list[str]
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        toasts = list(app.screen.query(Toast))
        assert toasts, "a notification should be on screen"
        covered = [app.screen.query_one(q).region for q in ("#meters", "#story-scroll", "#choices")]
        for toast in toasts:
            assert toast.region.height == 1, (toast.region, str(toast.render()))
            for region in covered:
                assert not toast.region.overlaps(region), (toast.region, region)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_unavailable_option_toast_is_one_line(
    demo_story: Story, data_dir: Path, size: tuple[int, int]
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("3")  # unavailable: its reason is under it
        await settle(pilot)
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 1 and toasts[0].region.height == 1, [t.region for t in toasts]
        assert not toasts[0].region.overlaps(app.screen.query_one("#meters").region)
