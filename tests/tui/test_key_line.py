"""The key line at the bottom of the scene and the ending: whole entries only, never a
word cut at the edge, and Help always among them (Pilot, at the supported sizes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from patrolday.engine import Story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp

from .helpers import screen_text, settle

SCENE_KEYS = "1-9 Choose u Undo s Save l Load j Journal m Meters ? Help esc Title f2 Contrast ^p Commands"
WORDS = {*SCENE_KEYS.split(), "n", "New", "game", "t"}


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (70, 20)])
@pytest.mark.parametrize("keys", ["1", "112"])
async def test_the_key_line_is_never_cut_mid_word(
    demo_story: Story, data_dir: Path, size: tuple[int, int], keys: str
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        bottom = screen_text(app).splitlines()[-1]
        tokens = bottom.split()
        assert tokens and set(tokens) <= WORDS, bottom
        assert "Help" in tokens, bottom
