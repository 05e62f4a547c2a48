"""``patrolday --help`` and ``patrolday check`` never load Textual (it costs ~250 ms to import)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DEMO = str(Path(__file__).parent.parent / "stories" / "tui-demo")


def imported_modules(*args: str) -> set[str]:
    """Top-level packages imported by ``python -m patrolday ARGS`` (from ``-X importtime``)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "patrolday", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "patrolday" in names  # the report was read
    return names


@pytest.mark.parametrize("args", [("--help",), ("check", DEMO)], ids=["help", "check"])
def test_command_does_not_import_textual(args: tuple[str, ...]) -> None:
    assert "textual" not in imported_modules(*args)


def test_the_game_session_module_has_no_textual() -> None:
    code = "import sys, patrolday.game.game; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
