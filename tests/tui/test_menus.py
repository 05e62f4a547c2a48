"""Menus are numbered and number keys pick from them, as in scenes (Pilot)."""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import Story
from patrolday.game.options import PlayOptions
from patrolday.game.storage import Progress
from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.load import LoadScreen
from patrolday.tui.screens.parts import PartsScreen

from .helpers import scene_id, screen_text, settle


async def test_the_part_picker_is_numbered_and_number_keys_pick(demo_story: Story, data_dir: Path) -> None:
    Progress(data_dir, demo_story.id).record("end-catch")  # part two is open
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PartsScreen)
        text = screen_text(app)
        assert "1. Part one: The patrol" in text and "2. Part two: The kitchen" in text, text
        await pilot.press("2")
        await settle(pilot)
        assert scene_id(app) == "kitchen"


async def test_a_locked_part_s_number_says_why(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, seed=0))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, PartsScreen)
        assert any("locked" in n.message for n in app._notifications)


async def test_the_load_dialog_is_numbered_and_number_keys_load(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        app.game.save("alpha")
        await pilot.press("1")  # on to "catch"; the autosave follows
        await settle(pilot)
        app.game.flush()
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LoadScreen)
        text = screen_text(app)
        assert "1. alpha" in text and "2. Autosave" in text, text
        await pilot.press("1")
        await settle(pilot)
        assert scene_id(app) == "street"
