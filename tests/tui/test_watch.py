"""``play --watch`` in the full-screen player: an edit saved while playing shows at once (Pilot)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from patrolday.engine import load_story
from patrolday.game.card import StorySource
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.live import EDITED, EditErrorsScreen

from .helpers import scene_id, screen_text, settle

WALK = Path(__file__).parent.parent / "stories" / "valid" / "walk"


async def _until(pilot, check, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.05)):
        if check():
            await settle(pilot)
            return
        await asyncio.sleep(0.05)
        await pilot.pause()
    assert check(), screen_text(pilot.app)


async def test_edits_show_at_once_and_keep_the_place(tmp_path: Path, data_dir: Path) -> None:
    story = tmp_path / "walk"
    shutil.copytree(WALK, story)
    scenes = story / "scenes" / "walk.md"
    text = scenes.read_text()
    app = PatroldayApp(
        StorySource.of(load_story(story)), PlayOptions(data_dir=data_dir, seed=0, watch=True, part="main")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")  # check the yard
        await settle(pilot)
        assert scene_id(app) == "yard" and app.game.view().turn == 1
        await asyncio.sleep(0.3)  # the watcher is running

        scenes.write_text(
            text.replace("A boy is throwing a football up to himself.", "A girl bounces a ball.")
        )
        await _until(pilot, lambda: "A girl bounces a ball." in screen_text(app))
        assert scene_id(app) == "yard" and app.game.view().turn == 1 and app.game.can_undo
        assert EDITED.strip() in screen_text(app)  # the changed scene is marked

        scenes.write_text(text.replace("-> street", "-> streeeet", 1))  # broken
        await _until(pilot, lambda: isinstance(app.screen, EditErrorsScreen))
        assert "unknown scene 'streeeet'" in screen_text(app) and "walk.md:" in screen_text(app)
        scenes.write_text(text)  # fixed
        await _until(pilot, lambda: not isinstance(app.screen, EditErrorsScreen))
        assert "A boy is throwing a football up to himself." in screen_text(app)

    assert app.return_code in (None, 0)


async def test_a_removed_choice_on_the_path_is_reported(tmp_path: Path, data_dir: Path) -> None:
    story = tmp_path / "walk"
    shutil.copytree(WALK, story)
    scenes = story / "scenes" / "walk.md"
    text = scenes.read_text()
    app = PatroldayApp(
        StorySource.of(load_story(story)), PlayOptions(data_dir=data_dir, seed=0, watch=True, part="main")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("1", "1"):  # check the yard, call him over
            await pilot.press(key)
            await settle(pilot)
        assert scene_id(app) == "street" and app.game.view().turn == 2
        await asyncio.sleep(0.3)
        scenes.write_text(text.replace("+ [Check the yard]", "+ (look) [Check the yard]"))  # its id changes
        await _until(pilot, lambda: app.game.view().turn == 0)
        assert scene_id(app) == "street"  # the nearest point of the path that still exists
        notes = " ".join(n.message for n in app._notifications)
        assert "The choice 'check-the-yard' in scene 'street' is gone" in notes


async def test_a_logged_game_keeps_following_edits_that_remove_scenes_and_meters(
    tmp_path: Path, data_dir: Path
) -> None:
    from patrolday.workshop.sessions import SessionLog

    story = tmp_path / "walk"
    shutil.copytree(WALK, story)
    scenes = story / "scenes" / "walk.md"
    manifest = story / "story.toml"
    text, toml = scenes.read_text(), manifest.read_text()
    loaded = load_story(story)
    log = SessionLog(loaded, tmp_path / "sessions", "tui")
    options = PlayOptions(data_dir=data_dir, seed=0, watch=True, part="main")
    app = PatroldayApp(StorySource.of(loaded), options, listeners=[log])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")  # check the yard
        await settle(pilot)
        await asyncio.sleep(0.3)
        # Take out the scene "reyes" (and the choice leading to it) and the meter "calls".
        edited = text.replace("* {trust >= 3} [Visit Mrs. Reyes] -> reyes\n", "")
        edited = edited.replace("=== reyes ===\n# ending: Neighbours\nShe has a story to tell you.\n", "")
        edited = edited.replace(" ~ calls += 1", "").replace(
            '{calls < 3 else "Too many calls waiting."} ', ""
        )
        edited = edited.replace("~ calls -= 1, note", "~ note")
        scenes.write_text(edited)
        start = toml.index("[vars.calls]")
        end = toml.index("[vars.", start + 1)
        manifest.write_text(toml[:start] + toml[end:])
        await _until(pilot, lambda: "Calls" not in screen_text(app) and app.story.scenes.get("reyes") is None)
        scenes.write_text(edited.replace("A boy is throwing a football up to himself.", "A boy waits."))
        await _until(pilot, lambda: "A boy waits." in screen_text(app))
        assert not any(n.severity == "error" for n in app._notifications)
    log.close()
    assert not log.error


async def test_the_meter_changes_stay_on_screen_after_a_reload(tmp_path: Path, data_dir: Path) -> None:
    story = tmp_path / "walk"
    shutil.copytree(WALK, story)
    scenes = story / "scenes" / "walk.md"
    text = scenes.read_text()
    app = PatroldayApp(
        StorySource.of(load_story(story)), PlayOptions(data_dir=data_dir, seed=0, watch=True, part="main")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")  # check the yard: calls +1
        await settle(pilot)
        assert "+1" in screen_text(app)
        await asyncio.sleep(0.3)
        scenes.write_text(text.replace("A boy is throwing a football up to himself.", "A girl waves."))
        await _until(pilot, lambda: "A girl waves." in screen_text(app))
        assert "+1" in screen_text(app), screen_text(app)


async def test_an_edited_ending_is_marked_like_a_scene(tmp_path: Path, data_dir: Path) -> None:
    from patrolday.tui.screens.ending import EndingScreen

    story = tmp_path / "walk"
    shutil.copytree(WALK, story)
    scenes = story / "scenes" / "walk.md"
    text = scenes.read_text()
    app = PatroldayApp(
        StorySource.of(load_story(story)), PlayOptions(data_dir=data_dir, seed=0, watch=True, part="main")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, scene in (("1", "yard"), ("1", "street"), ("1", "yard"), ("1", "street"), ("3", "reyes")):
            await pilot.press(key)
            await settle(pilot)
            assert scene_id(app) == scene
        assert isinstance(app.screen, EndingScreen)
        await asyncio.sleep(0.3)
        scenes.write_text(text.replace("She has a story to tell you.", "She has two stories."))
        await _until(pilot, lambda: "She has two stories." in screen_text(app))
        assert EDITED.strip() in screen_text(app)
