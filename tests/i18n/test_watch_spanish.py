"""``play --watch --lang es`` in the full-screen player: a save reloads the story in the
language the game is played in, not in the story's own (Pilot)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from translating import SPANISH, cli, fill, tiny_copy

from patrolday.game.card import StorySource
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from tui.helpers import screen_text, settle


async def test_a_save_keeps_the_game_in_spanish(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    cli("translate", str(story), "--lang", "es")
    fill(story / "locales" / "es.po", SPANISH)
    app = PatroldayApp(
        StorySource.open(story, "es"), PlayOptions(data_dir=tmp_path / "data", seed=0, watch=True)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "Un niño lanza un balón" in screen_text(app)
        await asyncio.sleep(0.3)  # the watcher is running
        scene = next((story / "scenes").glob("*.md"))
        scene.write_text(scene.read_text() + "\n")  # an edit that changes no text
        for _ in range(200):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if "Reloaded" in " ".join(n.message for n in app._notifications):
                break
        await settle(pilot)
        text = screen_text(app)
        assert "Un niño lanza un balón" in text, text
        assert "A boy" not in text
