"""``patrolday check --watch``: a save re-checks the story and prints only what changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from test_cli import ROOT

CLEAN = ROOT / "stories" / "checked" / "clean"


def _read_until(proc: subprocess.Popen[bytes], needle: str, seen: list[str], timeout: float = 20) -> None:
    """Read the process's output (unbuffered: os.read, so select() sees every byte) until a
    line holds ``needle``; ``seen`` collects the lines."""
    import select

    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    deadline = time.monotonic() + timeout
    while not any(needle in line for line in seen):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise AssertionError(f"never saw {needle!r}; got: {''.join(seen)}")
        chunk = os.read(fd, 65536).decode()
        if not chunk:
            raise AssertionError(f"check --watch ended before {needle!r}: {''.join(seen)}")
        seen.extend(chunk.splitlines(keepends=True))


def test_a_broken_save_is_reported_then_its_fix(tmp_path: Path) -> None:
    story = tmp_path / "clean"
    shutil.copytree(CLEAN, story)
    scene = story / "scenes" / "patrol.md"
    good = scene.read_text()
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "patrolday", "check", "--watch", str(story)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    seen: list[str] = []
    try:
        _read_until(proc, "Loads; no warnings.", seen)
        _read_until(proc, "Watching", seen)
        scene.write_text(good.replace("-> yard", "-> yardx", 1))
        _read_until(proc, "error: unknown scene 'yardx'", seen)
        _read_until(proc, "did you mean 'yard'", seen)  # its hint, as `check` gives it
        scene.write_text(good)
        _read_until(proc, "(fixed)", seen)
        _read_until(proc, "Loads; no warnings.", seen[-1:])
        scene.write_text(good + "\n")  # a save that changes nothing that matters
        _read_until(proc, "no change in the findings", seen)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
