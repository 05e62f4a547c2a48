"""docs/writing-a-scenario.md is true: a reader who follows it gets the story it promises.

The guide is followed the way a reader would, in a temporary folder: every command in a
fenced ``sh`` block is run through a shell, in order, with ``patrolday`` on the path; a
block under ``<!-- file: PATH -->`` is what the reader types into PATH, so it is written
there; a block under ``<!-- expect: PATH -->`` is what PATH holds at that point (the
scaffold ``patrolday new`` wrote, a transcript ``--record`` wrote), so it is compared; a
block under ``<!-- output -->`` shows what the command just before printed, so each of its
lines must be in that output. At the end the story folder must be exactly the fixture
``tests/stories/valid/scenario-guide``, which passes ``check --strict`` and its transcripts.

Commands that need a person at the keyboard (``play``, anything with ``--watch``) run
too, with their input closed: the player falls back to plain mode and stops at the end of
its input, so the story, the flags and their values are still checked; a watcher that is
still running once it has printed its first verdict is stopped.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tooling_helpers import STORIES

from patrolday.tooling.scaffold import scaffold_files

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "writing-a-scenario.md"
FIXTURE = STORIES / "valid" / "scenario-guide"
STORY = "fifth-street"  # the folder the guide's reader makes
TITLE = "After school on Fifth Street"

BlockKind = Literal["sh", "file", "expect", "output", "other"]
_FENCE = re.compile(r"^(?P<indent> *)```(?P<info>[\w-]*)\s*$")
_MARKER = re.compile(r"^<!-- (?:(?P<kind>file|expect): (?P<path>\S+)|(?P<output>output)) -->$")


@dataclass(frozen=True)
class Block:
    """One fenced block of the guide, with what the comment line above it says it is."""

    kind: BlockKind
    text: str
    line: int  # of the opening fence, for messages
    path: str = ""


def guide_blocks(text: str) -> list[Block]:
    """The guide's fenced blocks in order (indented ones too, as inside a list item)."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, info = opening["indent"], opening["info"]
        end = next(j for j in range(i + 1, len(lines)) if lines[j] == indent + "```")
        body = "\n".join(line[len(indent) :] for line in lines[i + 1 : end]) + "\n"
        above = lines[i - 1].strip() if i else ""
        marker = _MARKER.match(above)
        if marker and marker["kind"]:
            blocks.append(Block(marker["kind"], body, i + 1, marker["path"]))  # type: ignore[arg-type]
        elif marker:
            blocks.append(Block("output", body, i + 1))
        else:
            blocks.append(Block("sh" if info == "sh" else "other", body, i + 1))
        i = end + 1
    return blocks


def commands(block: Block) -> list[str]:
    return [line.strip() for line in block.text.splitlines() if line.strip() and not line.startswith("#")]


def _normal(text: str) -> str:
    """Whitespace (and so line wrapping) and timings ignored."""
    return " ".join(re.sub(r"\d+\.\d+ s\b", "N s", text).split())


def _shell_env(tmp: Path) -> dict[str, str]:
    """A shell where ``patrolday`` is this interpreter's patrolday, its data kept in ``tmp``."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "patrolday"
    wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m patrolday "$@"\n')
    wrapper.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PATROLDAY_") and k != "FORCE_COLOR"}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        NO_COLOR="1",
        COLUMNS="200",
        PATROLDAY_DATA_DIR=str(tmp / "data"),
    )
    return env


def run_as_typed(command: str, cwd: Path, env: dict[str, str]) -> tuple[int | None, str]:
    """Run one command line as a shell would, input closed. Returns the exit status (None
    for a watcher stopped after it had printed and gone quiet) and everything it printed."""
    out = cwd.parent / "out.txt"
    with out.open("w") as sink:
        process = subprocess.Popen(
            ["bash", "-c", command], cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink
        )
        size, quiet_since, deadline = -1, time.monotonic(), time.monotonic() + 90
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
            now_size = out.stat().st_size
            if now_size != size:
                size, quiet_since = now_size, time.monotonic()
            elif "--watch" in command and size > 0 and time.monotonic() - quiet_since > 1.5:
                break
        code = process.poll()
        if code is None:
            process.terminate()
            process.wait(timeout=10)
    printed = out.read_text(encoding="utf-8", errors="replace")
    if code is None and "--watch" not in command:
        raise AssertionError(f"{command!r} did not finish in 90 s:\n{printed}")
    return code, printed


def _tree(folder: Path) -> dict[str, str]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in files}


def test_the_guide_starts_from_what_patrolday_new_writes() -> None:
    shown = {b.path: b.text for b in guide_blocks(GUIDE.read_text("utf-8")) if b.kind == "expect"}
    for name, text in scaffold_files(STORY, TITLE).items():
        assert shown[f"{STORY}/{name}"] == text, f"the guide shows {name} unlike `patrolday new` writes it"


def test_the_guide_runs_the_commands_the_issue_asks_for() -> None:
    typed = [c for b in guide_blocks(GUIDE.read_text("utf-8")) if b.kind == "sh" for c in commands(b)]
    wanted = [
        r"^patrolday new fifth-street --title ",
        r"^patrolday check fifth-street$",
        r"^patrolday check fifth-street --strict$",
        r"^patrolday check fifth-street --watch$",
        r"^patrolday play fifth-street --watch --no-log$",
        r"^patrolday play fifth-street .*--from the-owner --set voice=3$",
        r"^patrolday graph fifth-street$",
        r"^patrolday test fifth-street --record$",
        r"^patrolday test fifth-street$",
        r"^patrolday play fifth-street --workshop --route short$",
        r"^patrolday play fifth-street --workshop --sessions-dir room-1$",
        r"^patrolday report room-1 ",
    ]
    for pattern in wanted:
        assert any(re.search(pattern, c) for c in typed), f"no command in the guide matches {pattern}"
    assert [c for c in typed if not c.startswith("patrolday ")] == []


def test_following_the_guide_builds_the_example_and_every_command_runs(tmp_path: Path) -> None:
    env = _shell_env(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    last: tuple[str, str] | None = None
    ran = 0
    for block in guide_blocks(GUIDE.read_text("utf-8")):
        where = f"docs/writing-a-scenario.md:{block.line}"
        if block.kind == "sh":
            for command in commands(block):
                code, printed = run_as_typed(command, work, env)
                assert "Traceback" not in printed, f"{where}: {command}\n{printed}"
                assert code in (0, None), f"{where}: {command} exited {code}\n{printed}"
                last, ran = (command, printed), ran + 1
        elif block.kind == "file":
            target = work / block.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
        elif block.kind == "expect":
            on_disk = (work / block.path).read_text("utf-8")
            assert on_disk == block.text, f"{where}: {block.path} is not what the guide shows"
        elif block.kind == "output":
            assert last is not None, f"{where}: an output block with no command before it"
            command, printed = last
            for line in block.text.splitlines():
                said = f"{where}: `{command}` did not print {line!r}:\n{printed}"
                assert _normal(line) in _normal(printed), said
    assert ran >= 15
    assert _tree(work / STORY) == _tree(FIXTURE), "the guide's finished story is not the fixture"


def test_the_finished_example_passes_check_strict_and_its_transcripts(cli) -> None:  # type: ignore[no-untyped-def]
    checked = cli("check", str(FIXTURE), "--strict")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "scenes 6/6, choices 11/11, endings 2/2" in checked.stdout
    tested = cli("test", str(FIXTURE))
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "3 of 3 transcripts passed." in tested.stdout
