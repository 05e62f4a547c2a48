"""The title is drawn from the manifest; the scenes load just after the first frame."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from patrolday.engine import StoryError
from patrolday.game.card import StorySource, TitleCard
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.title import TitleScreen

from .conftest import DEMO
from .helpers import scene_id, screen_text, settle


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The demo story with a mistyped divert: the manifest is fine, a scene file is not."""
    folder = tmp_path / "broken"
    shutil.copytree(DEMO, folder)
    scenes = folder / "scenes" / "patrol.md"
    scenes.write_text(scenes.read_text("utf-8").replace("-> catch\n", "-> catchh\n", 1), "utf-8")
    return folder


def test_opening_reads_only_the_manifest() -> None:
    source = StorySource.open(DEMO)
    assert not source.loaded
    assert source.card == TitleCard(
        "tui-demo",
        "Catch on Maple Street",
        source.card.authors,
        source.card.blurb,
        source.card.content_note,
        ("patrol", "kitchen"),
    )
    story = source.load()
    assert source.loaded and source.load() is story
    assert TitleCard.of(story) == source.card


def test_a_broken_manifest_is_reported_as_the_loader_reports_it(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(DEMO, folder)
    (folder / "story.toml").write_text('[story]\ntitle = "x"\nstrat = "briefing"\n', "utf-8")
    with pytest.raises(StoryError) as opened:
        StorySource.open(folder)
    from patrolday.engine import load_story

    with pytest.raises(StoryError) as loaded:
        load_story(folder)
    assert opened.value.diagnostics == loaded.value.diagnostics


def test_scene_errors_wait_for_the_load(broken: Path) -> None:
    source = StorySource.open(broken)
    assert source.card.title == "Catch on Maple Street"
    with pytest.raises(StoryError, match="catchh"):
        source.load()


async def test_the_title_shows_before_the_scenes_load_and_a_new_game_loads_them(data_dir: Path) -> None:
    app = PatroldayApp(StorySource.open(DEMO), PlayOptions(data_dir=data_dir, seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        assert "Catch on Maple Street" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")  # part one
        await settle(pilot)
        assert scene_id(app) == "briefing"


async def test_a_story_whose_scenes_fail_closes_the_app_with_the_errors(broken: Path, data_dir: Path) -> None:
    app = PatroldayApp(StorySource.open(broken), PlayOptions(data_dir=data_dir, seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.load_error is not None
    assert any("catchh" in d.message for d in app.load_error.diagnostics)
    assert app.return_code == 1


def test_patrolday_play_prints_the_scene_errors_once_the_screen_is_back(broken: Path, tmp_path: Path) -> None:
    """Through the real command on a pseudo-terminal (the full-screen path)."""
    master, slave = pty.openpty()
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "PATROLDAY_DATA_DIR": str(tmp_path / "data"),
        "PATROLDAY_EXIT_AFTER_FIRST_FRAME": "loaded",
    }
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "patrolday", "play", str(broken), "--no-log"],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(slave)
    output = b""
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        try:
            output += os.read(master, 65536)
        except OSError:
            break
    code = process.wait(timeout=30)
    stderr = process.stderr.read().decode() if process.stderr else ""
    os.close(master)
    assert code == 1
    assert f"{broken / 'scenes' / 'patrol.md'}:" in stderr
    assert "unknown scene 'catchh'" in stderr and "did you mean 'catch'?" in stderr
    assert "Traceback" not in stderr
