"""Playing the demo story with the keyboard, as a player meets it (Pilot)."""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import Story
from patrolday.game.options import PlayOptions
from patrolday.game.storage import Progress
from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.ending import EndingScreen
from patrolday.tui.screens.help import HelpScreen
from patrolday.tui.screens.journal import JournalScreen
from patrolday.tui.screens.parts import PartsScreen
from patrolday.tui.screens.scene import SceneScreen
from patrolday.tui.screens.title import TitleScreen
from patrolday.tui.widgets.menu import Menu
from patrolday.tui.widgets.meters import MeterPanel

from .helpers import notices, scene_id, screen_text, settle, shown_choices


async def test_title_to_an_ending_with_keys_only(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        assert "Catch on Maple Street" in screen_text(app)
        assert "Content note" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PartsScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert scene_id(app) == "briefing"
        for expected in ("street", "catch", "end-catch"):
            await pilot.press("1")
            await settle(pilot)
            assert scene_id(app) == expected
        assert isinstance(app.screen, EndingScreen)
        text = screen_text(app)
        assert "A good throw" in text
        assert "Maple Street: Stop and play catch" in text
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
    assert Progress(data_dir, demo_story.id).endings() == {"end-catch"}


async def test_arrow_keys_and_enter_choose_the_highlighted_option(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert scene_id(app) == "briefing"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.game.play is not None
        assert app.game.play.state.history[-1].choice == "coffee"


async def test_the_mouse_chooses_an_option(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        choices = app.screen.query_one("#choices")
        await pilot.click(choices, offset=(5, 2))  # row 0 is the rule; row 2 is option 2
        await settle(pilot)
        assert scene_id(app) == "street"
        assert app.game.play is not None
        assert app.game.play.state.history[-1].choice == "coffee"


async def test_undo_goes_back_one_choice_each_time(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = shown_choices(app)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert scene_id(app) == "catch"
        await pilot.press("u", "ctrl+z")
        await settle(pilot)
        assert scene_id(app) == "briefing"
        assert shown_choices(app) == first
        assert app.game.play is not None
        assert app.game.play.state.history == ()
        await pilot.press("u")
        await settle(pilot)
        assert scene_id(app) == "briefing"
        assert "Nothing to undo" in notices(app)


async def test_an_unavailable_option_says_why_and_does_not_advance(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert scene_id(app) == "street"
        prompts = shown_choices(app)
        assert prompts[2][2] is False
        assert "unavailable: Nobody on this street knows you yet." in prompts[2][0]
        assert all("Go back" not in p for p, _, _ in prompts)  # a hidden option stays hidden
        await pilot.press("3")
        await settle(pilot)
        assert scene_id(app) == "street"
        assert "Option 3 is unavailable" in notices(app)


async def test_meters_show_what_a_choice_moved_and_can_be_hidden(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")  # calls -= 1
        await settle(pilot)
        panel = app.screen.query_one(MeterPanel)
        assert panel.deltas["calls"] == -1 and panel.deltas["trust"] == 0
        bold = {s.text.strip() for s in panel.render_line(0)._segments if s.style and s.style.bold}
        assert {"2", "-1"} <= bold  # the moved meter's value and change are in bold, not colour alone
        assert "Calls waiting" in screen_text(app) and " 2 -1" in screen_text(app)
        await pilot.press("m")
        await settle(pilot)
        assert not app.screen.query_one("#meters").display
        assert "Calls waiting" not in screen_text(app)
        await pilot.press("m")
        await settle(pilot)
        assert app.screen.query_one("#meters").display


async def test_the_journal_lists_the_path_so_far(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        text = screen_text(app)
        assert "1. Briefing" in text and "You chose: Finish the coffee first" in text
        assert "Now: Another street" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)


async def test_a_later_part_is_locked_until_an_ending(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        menu = app.screen.query_one(Menu)
        assert not menu.get_item("kitchen").enabled
        assert "locked: Reach any ending of part one first" in screen_text(app)
        await pilot.press("enter", "2", "2")  # part one, then wave and drive on: an ending
        await settle(pilot)
        assert scene_id(app) == "drive-on"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PartsScreen)
        assert app.screen.query_one(Menu).get_item("kitchen").enabled
        await pilot.press("down", "enter")
        await settle(pilot)
        assert scene_id(app) == "kitchen"


async def test_help_and_the_command_palette_offer_the_same_actions(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Undo" in screen_text(app)
        listed = {description for _, description in app.screen.rows}
        assert {"Undo", "Save", "Load", "Journal", "Meters", "Contrast", "New game", "Continue"} <= listed
        await pilot.press("escape")
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {
            "Undo",
            "Save game",
            "Load game",
            "Journal",
            "Toggle meters",
            "Help",
            "High contrast",
        } <= titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Journal")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)


async def test_high_contrast_theme_by_option_and_key(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, theme="high-contrast", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "patrolday-high-contrast"
        await pilot.press("f2")
        assert app.theme != "patrolday-high-contrast"
        await pilot.press("f2")
        assert app.theme == "patrolday-high-contrast"


async def test_no_color_is_respected_and_meaning_is_in_words(
    demo_story: Story, data_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        await pilot.press("1")
        await settle(pilot)
        text = screen_text(app)
        assert "unavailable: Nobody on this street knows you yet." in text
        assert " 2 -1" in text  # the meter change is written, not only coloured
