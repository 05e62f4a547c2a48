"""Helpers for the workshop tests: the fixture story, running the CLI, and making logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from patrolday.engine import Story
from patrolday.game.playthrough import Playthrough
from patrolday.workshop.sessions import SessionLog

ROOT = Path(__file__).parent.parent
VOTE_STORY = ROOT / "stories" / "workshop" / "vote-story"
TWO_PARTS = ROOT / "stories" / "workshop" / "two-parts"
SCHEMA = ROOT.parent / "docs" / "session-log.schema.json"


def run_cli(
    *args: str, sessions: Path | None, data: Path, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m patrolday ARGS`` as a user runs it, with its folders in the test's tmp dir."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "110", "PATROLDAY_DATA_DIR": str(data)}
    env.pop("FORCE_COLOR", None)
    env.pop("PATROLDAY_SESSIONS_DIR", None)
    if sessions is not None:
        env["PATROLDAY_SESSIONS_DIR"] = str(sessions)
    return subprocess.run(
        [sys.executable, "-m", "patrolday", *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=cwd,
    )


def play_log(
    story: Story,
    folder: Path,
    moves: Sequence[str | tuple[str, Mapping[str, int]] | int],
    *,
    mode: str = "tui",
    workshop: bool = False,
    close: bool = True,
    part: str | None = None,
) -> dict[str, Any]:
    """Play ``moves`` through a Playthrough with a SessionLog and return the written log.

    A move is a choice id, ``(choice id, votes)``, or an int: rewind to that turn.
    """
    log = SessionLog(story, folder, mode, workshop=workshop)
    play = Playthrough.new(story, part, listeners=[log])
    for move in moves:
        if isinstance(move, int):
            play.rewind(move)
        elif isinstance(move, tuple):
            play.choose(move[0], votes=move[1])
        else:
            play.choose(move)
    if close:
        log.close()
    return json.loads(log.path.read_text(encoding="utf-8"))
