"""Build small story folders on disk for tests: a manifest and scene files from strings."""

from __future__ import annotations

import textwrap
from pathlib import Path

MANIFEST = """\
[story]
id = "{id}"
title = "{title}"
start = "{start}"
"""


def write_story(
    root: Path,
    scenes: dict[str, str],
    *,
    start: str = "start",
    variables: str = "",
    extra: str = "",
    story_id: str = "fixture",
    title: str = "Fixture",
) -> Path:
    """Write ``story.toml`` and ``scenes/<name>`` files (dedented) under ``root``; return root."""
    root.mkdir(parents=True, exist_ok=True)
    manifest = MANIFEST.format(id=story_id, title=title, start=start) + textwrap.dedent(extra)
    manifest += "\n" + textwrap.dedent(variables)
    (root / "story.toml").write_text(manifest, encoding="utf-8")
    for name, text in scenes.items():
        path = root / "scenes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root
