"""``play --from SCENE --set NAME=VALUE`` in the full-screen player: the first game begins there."""

from __future__ import annotations

from pathlib import Path

from patrolday.engine import load_story, parse_preset
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp

from .helpers import scene_id, screen_text, settle

WALK = load_story(Path(__file__).parent.parent / "stories" / "valid" / "walk")


async def test_the_first_game_begins_at_the_scene_with_the_values_given(data_dir: Path) -> None:
    options = PlayOptions(
        data_dir=data_dir, seed=0, origin="yard", preset=parse_preset(WALK, ["trust=3", "met=true"])
    )
    app = PatroldayApp(WALK, options)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert scene_id(app) == "yard"
        assert "He waves at you." in screen_text(app)
        assert app.game.play is not None and app.game.play.state.vars["trust"] == 3
        await pilot.press("3")  # drive on
        await settle(pilot)
        assert scene_id(app) == "street"
        app.action_title()
        await settle(pilot)
        await pilot.press("n")  # a new game from the title is a normal game again
        await settle(pilot)
        assert scene_id(app) == "street" and app.game.play is not None
        assert app.game.play.state.origin == "" and app.game.play.state.vars["trust"] != 3
