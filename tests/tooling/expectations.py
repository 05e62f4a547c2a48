"""Reading the ``expected.txt`` of a defect fixture.

Each unindented line is ``file:line: code`` (the finding's place and kind, paths relative
to the story folder); an indented ``~ text`` line under it is text its message must hold.
"""

from __future__ import annotations

from pathlib import Path


def read_expected(case: Path) -> list[tuple[str, str | None]]:
    items: list[tuple[str, str | None]] = []
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("    ~ "):
            items[-1] = (items[-1][0], line.removeprefix("    ~ "))
        elif line.strip():
            items.append((line.strip(), None))
    return items
