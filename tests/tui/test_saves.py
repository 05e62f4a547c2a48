"""Saving, loading, the autosave and damaged saves, through the player (Pilot)."""

from __future__ import annotations

import json
from pathlib import Path

from patrolday.engine import Story
from patrolday.game.options import PlayOptions
from patrolday.game.storage import AUTOSAVE, SaveStore
from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.load import LoadScreen
from patrolday.tui.screens.message import MessageScreen
from patrolday.tui.screens.save import SaveScreen
from patrolday.tui.screens.title import TitleScreen
from patrolday.tui.widgets.menu import Menu

from .helpers import scene_id, screen_text, settle


async def play_keys(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def test_save_then_load_restores_the_same_state(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await play_keys(pilot, "2")
        assert app.game.play is not None
        saved_state = app.game.play.state
        await play_keys(pilot, "s")
        assert isinstance(app.screen, SaveScreen)
        await pilot.press(*"before the street", "enter")  # typing replaces the suggested name
        await settle(pilot)
        assert (data_dir / "saves" / demo_story.id / "before the street.json").exists()
        await play_keys(pilot, "1", "1")
        assert scene_id(app) == "end-catch"
        await play_keys(pilot, "l")
        assert isinstance(app.screen, LoadScreen)
        assert "before the street" in screen_text(app)
        assert "Maple Street, after 1 choice" in screen_text(app)
        slots = [item.id for item in app.screen.query_one("#load-menu", Menu).items]
        await play_keys(pilot, *["down"] * slots.index("before the street"), "enter")
        assert scene_id(app) == "street"
        assert app.game.play.state == saved_state
        assert app.game.can_undo  # the undo stack was rebuilt from the history
        await play_keys(pilot, "u")
        assert scene_id(app) == "briefing"


async def test_a_bad_slot_name_is_refused_with_a_reason(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await play_keys(pilot, "s")
        await pilot.press(*"../x", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SaveScreen)
        assert "use 1-40 letters" in screen_text(app)
        await play_keys(pilot, "escape")
        assert not (data_dir / "saves").exists()


async def test_the_autosave_follows_every_choice_and_continue_resumes_it(
    demo_story: Story, data_dir: Path
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await play_keys(pilot, "enter")  # past the content note, to the menu
        assert "no autosave yet" in screen_text(app)
        await play_keys(pilot, "n", "enter", "1", "1")
        assert scene_id(app) == "catch"
        await play_keys(pilot, "u")
        await play_keys(pilot, "escape")
        assert isinstance(app.screen, TitleScreen)
        assert "no autosave yet" not in screen_text(app)
    app.game.flush()
    state, _ = SaveStore(data_dir, demo_story.id).load(demo_story, AUTOSAVE)
    assert state.scene == "street"  # the undo was autosaved too

    again = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, seed=0))
    async with again.run_test(size=(80, 24)) as pilot:
        await play_keys(pilot, "c")
        assert scene_id(again) == "street"
        assert again.game.play is not None and again.game.play.state == state


async def test_a_corrupt_save_shows_a_message_and_is_left_untouched(
    demo_story: Story, data_dir: Path
) -> None:
    folder = data_dir / "saves" / demo_story.id
    folder.mkdir(parents=True)
    corrupt = folder / f"{AUTOSAVE}.json"
    corrupt.write_bytes(b'{"format": "patrolday-save", "version": 1, "state": {trunc')
    before = corrupt.read_bytes()
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await play_keys(pilot, "c")
        assert isinstance(app.screen, MessageScreen)
        text = screen_text(app)
        assert "This save cannot be loaded" in text
        assert "not valid JSON" in text
        await play_keys(pilot, "enter")
        assert isinstance(app.screen, TitleScreen)
        await play_keys(pilot, "l")
        assert "damaged" in screen_text(app)
        await play_keys(pilot, "enter")
        assert isinstance(app.screen, MessageScreen)
    assert corrupt.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [f"{AUTOSAVE}.json"]


async def test_a_save_of_another_story_is_refused(demo_story: Story, data_dir: Path) -> None:
    folder = data_dir / "saves" / demo_story.id
    store = SaveStore(data_dir, demo_story.id)
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await play_keys(pilot, "1")
        path = store.save(demo_story, app.game.play.state, "mine")  # type: ignore[union-attr]
        document = json.loads(path.read_text("utf-8"))
        document["story"]["id"] = document["state"]["story_id"] = "another-story"
        foreign = folder / "foreign.json"
        foreign.write_text(json.dumps(document), "utf-8")
        before = foreign.read_bytes()
        await play_keys(pilot, "l")
        slots = [item.id for item in app.screen.query_one("#load-menu", Menu).items]
        await play_keys(pilot, *["down"] * slots.index("foreign"), "enter")
        assert isinstance(app.screen, MessageScreen)
        assert "cannot be loaded" in screen_text(app)
        await play_keys(pilot, "escape")
        assert scene_id(app) == "street"
    assert foreign.read_bytes() == before
