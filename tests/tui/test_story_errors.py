"""A story that fails while playing: the player says so in a dialog, it never crashes."""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import load_story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.message import MessageScreen
from patrolday.tui.screens.title import TitleScreen
from storyfactory import write_story

from .helpers import screen_text, settle


async def test_a_runtime_error_in_the_start_scene_is_a_message_not_a_crash(tmp_path: Path) -> None:
    story = load_story(
        write_story(
            tmp_path / "story",
            {
                "a.md": """
                === start ===
                ~ n = 10 / zero
                You will not see this.
                * [On] -> end

                === end ===
                # ending: Done
                Fin.
                """
            },
            variables="[vars.zero]\ninitial = 0\n[vars.n]\ninitial = 1\n",
        )
    )
    app = PatroldayApp(story, PlayOptions(data_dir=tmp_path / "data", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        text = screen_text(app)
        assert "The story cannot start" in text and "division by zero" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)  # back at the title, still running
        assert not app.game.playing
    assert app.return_code in (None, 0)
