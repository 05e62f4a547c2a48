"""The title screen at the supported sizes: the content note is read in full before anything
starts, Continue says where it resumes, and the text scrolls from the keyboard (Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from patrolday.engine import Story, load_story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.title import TitleScreen
from patrolday.tui.widgets.menu import Menu

from .helpers import scene_id, screen_text, settle

STORY = Path(__file__).parent.parent.parent / "story"


@pytest.fixture(scope="module")
def real_story() -> Story:
    return load_story(STORY)


def _words(text: str) -> list[str]:
    return [w.strip("█▌▐ ") for w in text.split() if w.strip("█▌▐ ")]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_whole_content_note_is_on_screen_first(
    real_story: Story, data_dir: Path, size: tuple[int, int]
) -> None:
    app = PatroldayApp(real_story, PlayOptions(data_dir=data_dir))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        note = app.screen.query_one("#content-note", Static)
        scroll = app.screen.query_one("#title-scroll")
        assert scroll.region.contains_region(note.region), (note.region, scroll.region)
        shown = " ".join(_words(screen_text(app)))
        assert " ".join(_words(real_story.content_note)) in shown, shown


async def test_enter_goes_on_from_the_note_to_the_menu(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "New game" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        assert "New game" in screen_text(app) and "Content note" in screen_text(app)
        assert app.screen.query_one(Menu).get_item("new").enabled


async def test_the_title_text_scrolls_from_the_keyboard(real_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(real_story, PlayOptions(data_dir=data_dir))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        scroll = app.screen.query_one("#title-scroll")
        assert scroll.max_scroll_y > 0
        await pilot.press("pagedown")
        await settle(pilot)
        assert scroll.scroll_y > 0


async def test_continue_says_where_it_resumes(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert scene_id(app) == "street"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        text = screen_text(app)
        assert "Continue" in text and "Maple Street, after 1 choice" in text, text
