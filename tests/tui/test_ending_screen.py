"""The ending screen as a player meets it: it scrolls from the keyboard, says when there is
more below, is centred like a scene, and keeps the "edited" mark of ``--watch`` (Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll

from patrolday.engine import Story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.ending import EndingScreen

from .helpers import screen_text, settle


async def _at_ending(pilot, app: PatroldayApp) -> VerticalScroll:  # type: ignore[no-untyped-def]
    await settle(pilot)
    for key in ("1", "1", "1"):
        await pilot.press(key)
        await settle(pilot)
    assert isinstance(app.screen, EndingScreen)
    return app.screen.query_one("#ending-scroll", VerticalScroll)


@pytest.mark.parametrize("key", ["space", "pagedown", "down", "end"])
async def test_the_ending_scrolls_from_the_keyboard_without_tab(
    demo_story: Story, data_dir: Path, key: str
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(60, 14)) as pilot:
        scroll = await _at_ending(pilot, app)
        assert scroll.max_scroll_y > 0, "the ending should be taller than the screen here"
        assert scroll.scroll_y == 0
        await pilot.press(key)
        await settle(pilot)
        assert scroll.scroll_y > 0, key


async def test_the_ending_says_there_is_more_below_and_which_key_scrolls(
    demo_story: Story, data_dir: Path
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(60, 14)) as pilot:
        scroll = await _at_ending(pilot, app)
        assert "more below" in screen_text(app) and "space" in screen_text(app)
        await pilot.press("end")
        await settle(pilot)
        assert scroll.scroll_y == scroll.max_scroll_y
        assert "more below" not in screen_text(app)
        assert "Where things ended" in screen_text(app)


async def test_the_ending_keeps_its_keys_n_and_t(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await _at_ending(pilot, app)
        await pilot.press("t")
        await settle(pilot)
        assert not isinstance(app.screen, EndingScreen)


async def test_the_ending_is_centred_like_a_scene_on_a_wide_screen(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(140, 40)) as pilot:
        await _at_ending(pilot, app)
        row = next(line for line in screen_text(app).splitlines() if "A good throw" in line)
        left = len(row) - len(row.lstrip())
        assert left >= 20, row
