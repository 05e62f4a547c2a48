"""Small helpers for the player's Pilot tests: read what is on screen, wait for a scene."""

from __future__ import annotations

from textual.pilot import Pilot

from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.ending import EndingScreen
from patrolday.tui.screens.scene import SceneScreen
from patrolday.tui.widgets.choices import ChoiceList


async def settle(pilot: Pilot) -> None:
    """Let queued navigation and Markdown updates finish."""
    for _ in range(3):
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def scene_id(app: PatroldayApp) -> str | None:
    screen = app.screen
    if isinstance(screen, SceneScreen) and screen.view is not None:
        return screen.view.scene
    if isinstance(screen, EndingScreen):
        return screen.view.scene
    return None


def shown_choices(app: PatroldayApp) -> list[tuple[str, str, bool]]:
    """(prompt text, option id, enabled) as the choice list holds them."""
    choices = app.screen.query_one(ChoiceList)
    return [
        (choices.option_text(index), f"choice-{choice.number}", choice.enabled)
        for index, choice in enumerate(choices.choices)
    ]


def screen_text(app: PatroldayApp) -> str:
    """The characters on screen now, one line per row (what a player would read)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notices(app: PatroldayApp) -> str:
    """The messages of the notifications (toasts) shown so far and not yet expired."""
    return "\n".join(n.message for n in app._notifications)
