"""The title screen's language switch (Textual Pilot): offered only when the story has a
translation, and switching shows the title, the menu and then the game in that language."""

from __future__ import annotations

from pathlib import Path

from translating import SPANISH, cli, fill, tiny_copy

from patrolday.game.card import StorySource
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.title import TitleScreen
from tui.helpers import screen_text, settle


async def test_the_switch_goes_to_spanish_and_back(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    cli("translate", str(story), "--lang", "es")
    fill(story / "locales" / "es.po", SPANISH)
    app = PatroldayApp(StorySource.open(story), PlayOptions(data_dir=tmp_path / "data", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "The Yard" in text and "Language: English" in text
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        text = screen_text(app)
        assert "El patio" in text and "Idioma: Español" in text  # the note first, in Spanish too
        await pilot.press("enter")  # the note has been read: the blurb and the whole menu
        await settle(pilot)
        text = screen_text(app)
        assert "Un niño, una pelota, una patrulla." in text
        assert "Idioma: Español" in text and "Juego nuevo" in text  # the interface follows
        await pilot.press("g")
        await settle(pilot)
        assert "The Yard" in screen_text(app) and "Language: English" in screen_text(app)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "Su mamá saluda desde el porche." in screen_text(app)


async def test_no_switch_without_a_translation(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    app = PatroldayApp(StorySource.open(story), PlayOptions(data_dir=tmp_path / "data", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Language" not in screen_text(app)
        await pilot.press("g")
        await settle(pilot)
        assert "The Yard" in screen_text(app)
