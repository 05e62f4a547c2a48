"""``patrolday check --watch``: check again on every save and print only what changed.

An author keeps it running beside the editor. After the first full report, each save of
a story file reloads the story and checks it again; what is printed is the difference: the
findings (or load errors) that are new, marked ``+``, and those the edit fixed, marked
``-``, then one line of totals. A finding is known by its code, message and file, not its
line, so editing text above a warning does not report it as fixed and found again.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from patrolday.engine import Story, StoryError
    from patrolday.tooling.findings import Finding

Key = tuple[str, str, str]  # (code or "error", message, file)


def findings_of(result: Story | StoryError, check: Callable[[Story], list[Finding]]) -> dict[Key, str]:
    """What one load-and-check found, keyed for comparison, with the line to print for each."""
    from patrolday.engine import CONTROL, StoryError

    def clean(text: str) -> str:  # a file name may hold escape codes: never print them raw
        return CONTROL.sub("", text)

    out: dict[Key, str] = {}
    if isinstance(result, StoryError):
        for diag in result.diagnostics:
            key = (diag.severity.value, diag.message, diag.location.file)
            out[key] = clean(diag.format())
        return out
    for diag in result.warnings:
        out[("warning", diag.message, diag.location.file)] = clean(diag.format())
    for finding in check(result):
        key = (finding.code, finding.message, finding.location.file)
        out[key] = clean(f"{finding.location}: warning: {finding.message} [{finding.code}]")
    return out


def changes(before: dict[Key, str], after: dict[Key, str]) -> list[str]:
    """``+ new`` and ``- fixed`` lines, new ones first, each group in file order."""
    new = [f"+ {after[k]}" for k in sorted(set(after) - set(before))]
    fixed = [f"- {before[k].splitlines()[0]} (fixed)" for k in sorted(set(before) - set(after))]
    return [line.replace("\n", "\n    ") for line in new + fixed]


def run_watch(args: argparse.Namespace, folder: Path, check: Callable[[Story], list[Finding]]) -> int:
    from patrolday.game import watching

    before = findings_of(watching.load(folder), check)
    print(_totals(before), flush=True)
    for line in sorted(before.values()):
        print("  " + line.replace("\n", "\n    "), flush=True)

    def ready() -> None:
        print(f"Watching {folder}: every save is checked again (Ctrl+C stops).", flush=True)

    try:
        for result in watching.watch(folder, ready=ready):
            after = findings_of(result, check)
            stamp = time.strftime("%H:%M:%S")
            lines = changes(before, after)
            print(f"\n[{stamp}] {'no change in the findings' if not lines else 'changed:'}", flush=True)
            for line in lines:
                print(f"  {line}", flush=True)
            print(f"  {_totals(after)}", flush=True)
            before = after
    except KeyboardInterrupt:
        print("\nStopped watching.", file=sys.stderr)
    return 0


def _totals(found: dict[Key, str]) -> str:
    errors = sum(1 for k in found if k[0] == "error")
    warnings = len(found) - errors
    if errors:
        return f"{errors} error{'s' if errors != 1 else ''}: the story does not load."
    if warnings:
        return f"Loads; {warnings} warning{'s' if warnings != 1 else ''}."
    return "Loads; no warnings."
