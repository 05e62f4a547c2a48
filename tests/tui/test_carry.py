"""Part two from the parts menu begins where the player's part one ended (Pilot)."""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import load_story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.ending import EndingScreen
from patrolday.tui.screens.parts import PartsScreen

from .helpers import scene_id, screen_text, settle

STORY = load_story(Path(__file__).parent.parent / "stories" / "valid" / "routes-and-carry")


async def test_the_second_part_from_the_menu_carries_the_first_parts_ending(data_dir: Path) -> None:
    app = PatroldayApp(STORY, PlayOptions(data_dir=data_dir, seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PartsScreen)
        await pilot.press("enter")  # part one
        await settle(pilot)
        for key in ("1", "1"):  # stop (met = true), next
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        app.action_title()
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("down", "enter")  # part two, now open
        await settle(pilot)
        assert scene_id(app) == "kitchen"
        assert "The camera saw it all." in screen_text(app)
