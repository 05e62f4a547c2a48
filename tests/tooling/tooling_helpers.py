"""Helpers for the tooling tests: fixture folders and running the CLI as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STORIES = Path(__file__).parent.parent / "stories"
DEFECTS = STORIES / "defects"
CLEAN = STORIES / "checked" / "clean"


def run_cli(
    *args: str, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``patrolday ARGS`` in a fresh interpreter, as a user's shell would run it."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "patrolday", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )
