"""Facilitator mode on a route (``--route short``): the room pauses only at that route's decisions."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_facilitator_tui import until, vote

from cli.test_cli import run
from patrolday.engine import Story, load_story
from patrolday.game.facilitation import pauses_at, route_problem
from patrolday.game.options import PlayOptions, WorkshopOptions
from patrolday.game.playthrough import Playthrough
from patrolday.tui.screens.scene import SceneScreen
from patrolday.tui.workshop.app import WorkshopApp
from patrolday.tui.workshop.screens import QuestionScreen
from patrolday.workshop.sessions import SessionLog
from storyfactory import write_story

ROUTES = """
[routes.short]
title = "45-minute class"
description = "Two decisions."

[routes.long]
title = "Half day"
"""


@pytest.fixture
def story(tmp_path: Path) -> Story:
    root = write_story(
        tmp_path / "story",
        {
            "a.md": """
            === start ===
            # decision
            # route: short, long
            ? First question?
            The yard.
            * [Stop] -> middle
            * [Drive on] -> middle

            === middle ===
            # decision
            # route: long
            ? Second question?
            The kitchen.
            * [Worry] -> last
            * [Laugh] -> last

            === last ===
            # decision
            # route: short
            ? Third question?
            The headline.
            * [Post] -> end
            * [Wait] -> end

            === end ===
            # ending: Done
            Fin.
            """
        },
        extra=ROUTES,
    )
    return load_story(root)


def test_a_route_pauses_only_at_its_decisions(story: Story) -> None:
    play = Playthrough.new(story, seed=0)
    views = [play.view(), play.peek("stop")]
    assert [pauses_at(story, v, None) for v in views] == [True, True]
    assert [pauses_at(story, v, "short") for v in views] == [True, False]
    assert [pauses_at(story, v, "long") for v in views] == [True, True]


def test_an_unknown_route_is_named_with_the_ones_there_are(story: Story) -> None:
    assert route_problem(story, None) == route_problem(story, "short") == ""
    problem = route_problem(story, "shrot")
    assert "no route 'shrot'" in problem and "Did you mean 'short'?" in problem
    assert "short (45-minute class)" in problem and "long (Half day)" in problem


async def test_facilitator_mode_on_the_short_route_skips_the_other_decisions(
    story: Story, tmp_path: Path
) -> None:
    log = SessionLog(story, tmp_path / "sessions", "tui", workshop=True)
    options = PlayOptions(
        data_dir=tmp_path / "data", seed=0, part=story.parts[0].id, workshop=WorkshopOptions(route="short")
    )
    app = WorkshopApp(story, options, log=log)
    async with app.run_test(size=(100, 34)) as pilot:
        await vote(app, pilot, ("1",), then="middle")  # the first decision: question, vote
        # "middle" is not on the short route: its options are there at once, no question.
        await until(pilot, lambda: isinstance(app.screen, SceneScreen) and app.screen.view is not None)
        assert not isinstance(app.screen, QuestionScreen)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))  # "last" is on it again
        assert app.game.view().scene == "last"


def test_play_and_serve_refuse_an_unknown_route(story: Story) -> None:
    for command in ("play", "serve"):
        done = run(command, "--workshop", "--route", "shrot", story.root)
        assert done.returncode == 2, done.stderr
        assert "no route 'shrot' in this story. Did you mean 'short'?" in done.stderr
