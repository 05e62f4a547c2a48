"""A scene whose text does not fit says so, with the key that scrolls, and a resize lays the
current scene out as a new one would be (Pilot)."""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import Story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.widgets.story_text import ProseView

from .helpers import scene_id, screen_text, settle


async def test_a_long_text_says_more_below_until_the_end_is_shown(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(60, 14)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        prose = app.screen.query_one(ProseView)
        assert prose.max_scroll_y > 0
        assert "more below" in screen_text(app) and "space" in screen_text(app)
        for _ in range(5):
            await pilot.press("space")
            await settle(pilot)
        assert prose.scroll_y == prose.max_scroll_y
        assert "more below" not in screen_text(app)
        assert "(https://example.org/league)." in screen_text(app)  # the last words were shown


async def test_a_text_that_fits_has_no_marker(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert scene_id(app) == "street"
        assert "more below" not in screen_text(app)


def _indent(app: PatroldayApp, words: str) -> int:
    row = next(line for line in screen_text(app).splitlines() if words in line)
    return len(row) - len(row.lstrip())


async def test_after_a_resize_the_scene_is_laid_out_as_a_new_one(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        resized = _indent(app, "A boy of about nine")
        await pilot.press("u", "1")  # the same scene, shown afresh at this size
        await settle(pilot)
        assert _indent(app, "A boy of about nine") == resized > 20
