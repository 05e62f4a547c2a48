"""At 60x20 every option is on screen (none clipped), and the text scrolls instead."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region

from patrolday.engine import Story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.widgets.choices import ChoiceList

from .helpers import scene_id, screen_text, settle


async def test_all_options_are_visible_at_60x20_and_survive_a_resize(
    demo_story: Story, data_dir: Path
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert scene_id(app) == "street"
        for size in ((60, 20), (80, 24), (60, 20)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            choices = app.screen.query_one(ChoiceList)
            assert choices.max_scroll_y == 0, "options should not need scrolling"
            assert Region(0, 0, *size).contains_region(choices.region)
            text = screen_text(app)
            for label in (
                "1. Stop and play catch",
                "2. Wave and drive on",
                "3. Knock on the neighbour's door",
            ):
                assert label in text, (size, label)
            assert "unavailable: Nobody on this street" in text


async def test_long_text_scrolls_and_a_new_scene_starts_at_the_top(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(60, 12)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        scroll = app.screen.query_one("#story-scroll")
        assert scroll.max_scroll_y > 0  # the text is taller than the room left for it
        scroll.scroll_end(animate=False)
        await settle(pilot)
        assert scroll.scroll_y > 0
        await pilot.press("1")
        await settle(pilot)
        assert scene_id(app) == "catch"
        assert scroll.scroll_y == 0


async def test_long_text_is_wrapped_clear_of_the_scrollbar(demo_story: Story, data_dir: Path) -> None:
    """With a scrollbar shown, no line of prose runs under it (a word cut at the edge)."""
    from patrolday.tui.widgets.story_text import ProseView

    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(60, 12)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        prose = app.screen.query_one(ProseView)
        assert prose.has_scrollbar
        region = prose.content_region
        words = set(prose.text.split())
        rows = screen_text(app).splitlines()[region.y : region.bottom]
        assert "more below" in rows[-1]  # the marker's row, not prose
        shown = [w for row in rows[:-1] for w in row[region.x : region.x + prose.text_width].split()]
        assert shown and all(w in words for w in shown), [w for w in shown if w not in words]
        assert prose.text_width == region.width - ProseView.RESERVED_COLUMNS  # a gap, then the bar
        bar = {row[region.right - 1] for row in rows}
        assert bar <= {" ", "█"} and "█" in bar, bar  # the last column is the scrollbar, and only that


async def test_notifications_never_cover_the_options_at_60x20(demo_story: Story, data_dir: Path) -> None:
    from textual.widgets._toast import Toast

    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("m")  # "Meters hidden" appears as a notification
        await settle(pilot)
        toasts = list(app.screen.query(Toast))
        assert toasts, "the notification should be on screen"
        choices = app.screen.query_one(ChoiceList).region
        for toast in toasts:
            assert not toast.region.overlaps(choices), (toast.region, choices)
