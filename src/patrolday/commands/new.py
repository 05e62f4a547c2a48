"""``patrolday new DIR``: scaffold a story folder that passes ``check --strict``.

The files are written into a temporary folder beside DIR and moved into place in one
rename, so an interrupted run never leaves a half-made story; an existing non-empty
folder is never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new",
        help="start a new story folder from a small example",
        description=(
            "Create DIR with a story.toml manifest and a scene file: a small workshop scenario (two "
            "decisions with questions for the group, two meters, a short route, two endings) with "
            "comments that teach the format. DIR must not exist or be empty."
        ),
    )
    parser.add_argument("folder", metavar="DIR", help="the folder to create")
    parser.add_argument("--title", help="the story's title (default: from the folder name)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import shutil  # here, not at the top: every command's module is imported to build the parser
    import tempfile

    from patrolday.tooling.scaffold import scaffold_files

    target = Path(args.folder)
    if target.exists() and not target.is_dir():
        print(f"patrolday: {target} exists and is not a folder; choose another name.", file=sys.stderr)
        return 1
    if target.is_dir() and any(target.iterdir()):
        print(
            f"patrolday: {target} already exists and is not empty; nothing was written.\n"
            "    hint: choose a new folder name, e.g. patrolday new my-story",
            file=sys.stderr,
        )
        return 1
    parent = target.resolve().parent
    if not parent.is_dir():
        print(f"patrolday: folder {parent} does not exist; create it first.", file=sys.stderr)
        return 1
    files = scaffold_files(target.resolve().name, args.title)
    staging = Path(tempfile.mkdtemp(prefix=".patrolday-new-", dir=parent))
    try:
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if target.is_dir():
            target.rmdir()  # empty, checked above
        os.replace(staging, target)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"patrolday: could not create {target}: {err.strerror or err}", file=sys.stderr)
        return 1
    print(f"Created {target}/ with story.toml and scenes/opening.md.")
    print(f"Next: patrolday check {target}   then   patrolday play {target}")
    return 0
