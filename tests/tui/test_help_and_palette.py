"""The help lists every key the docs list; the palette has our Help and not Textual's "Keys"."""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import Story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.help import HelpScreen

from .helpers import screen_text, settle


async def test_the_help_lists_space_ctrl_z_and_ctrl_q(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(
            str(static.render()) for static in app.screen.query("#help Static")
        )
        for key in ("space", "^z", "^q"):
            assert key in text, (key, text)


async def test_the_palette_has_no_keys_entry_beside_help(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Help" in titles and "Keys" not in titles, titles
        assert screen_text(app)
