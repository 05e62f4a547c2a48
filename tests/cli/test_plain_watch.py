"""``patrolday play --plain --watch``: an author's saves reach a plain-mode game at once (issue 19).

The player runs as a subprocess with its input kept open, as at a terminal: the test types
a choice, edits a scene file, and reads what the player prints, without restarting it.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from test_cli import WALK


class Running:
    """A plain-mode player with its input open: type lines, wait for text."""

    def __init__(self, *args: str, data: Path) -> None:
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "PATROLDAY_DATA_DIR": str(data)}
        env.pop("FORCE_COLOR", None)
        env.pop("PATROLDAY_SESSIONS_DIR", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "patrolday", "play", "--plain", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.out = ""
        self.chunks: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while chunk := self.proc.stdout.read(1):
            self.chunks.put(chunk)

    def type(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def wait_for(self, text: str, after: int = 0, timeout: float = 20.0) -> str:
        """Everything printed since ``after`` once ``text`` is in it."""
        end = time.monotonic() + timeout
        while text not in self.out[after:]:
            try:
                self.out += self.chunks.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"{text!r} never came; printed so far:\n{self.out}") from None
        return self.out[after:]

    def close(self) -> tuple[int, str]:
        self.type("q")
        code = self.proc.wait(timeout=20)
        assert self.proc.stderr is not None
        return code, self.proc.stderr.read()


def test_plain_watch_reloads_keeps_the_place_and_keeps_the_last_good_version(tmp_path: Path) -> None:
    story = tmp_path / "walk"
    shutil.copytree(WALK, story)
    scenes = story / "scenes" / "walk.md"
    text = scenes.read_text(encoding="utf-8")
    player = Running("--watch", "--no-log", "--seed", "0", str(story), data=tmp_path / "data")
    try:
        player.wait_for("Watching the story's files")
        player.wait_for("Choose 1 or 2")
        mark = len(player.out)
        player.type("1")  # check the yard
        player.wait_for("A boy is throwing a football up to himself.", mark)
        player.wait_for("Choose 1 or 2", mark)

        mark = len(player.out)
        scenes.write_text(
            text.replace("A boy is throwing a football up to himself.", "A girl bounces a ball.")
        )
        player.wait_for("A girl bounces a ball.", mark)
        said = player.wait_for("Choose 1 or 2", mark)
        assert "The story was saved and reloaded." in said and "Edited: Yard." in said
        assert "  1. Call him over" in said  # still in the yard, the new text shown

        mark = len(player.out)
        scenes.write_text(text.replace("-> street", "-> streeeet", 1))  # a broken edit
        said = player.wait_for("unknown scene 'streeeet'", mark)
        assert "The edit does not load yet (1 error)" in said and "walk.md:" in said
        player.wait_for("Choose 1 or 2", mark)
        mark = len(player.out)
        player.type("1")  # the last good version plays on: call him over
        player.wait_for("The street, 2 times.", mark)
        player.wait_for("Choose 1 or 2", mark)

        mark = len(player.out)
        scenes.write_text(text.replace("+ [Check the yard]", "+ (look) [Check the yard]"))  # its id changes
        player.wait_for("reloaded", mark)
        said = player.wait_for("Choose 1 or 2", mark)
        assert "The choice 'check-the-yard' in scene 'street' is gone: stopped there." in said
        assert "The street, 1 time." in said  # the nearest point of the path that still exists
    finally:
        code, errors = player.close()
    assert code == 0, errors
    assert "Traceback" not in errors


def test_plain_without_watch_does_not_follow_edits(tmp_path: Path) -> None:
    story = tmp_path / "walk"
    shutil.copytree(WALK, story)
    player = Running("--no-log", str(story), data=tmp_path / "data")
    try:
        player.wait_for("Choose 1 or 2")
        assert "Watching" not in player.out
    finally:
        code, _ = player.close()
    assert code == 0
