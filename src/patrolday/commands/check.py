"""``patrolday check [STORY]``: load and validate a story, print every diagnostic."""

from __future__ import annotations

import argparse
import json
import sys

from ._common import add_story_argument, load_or_report, story_path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "check",
        help="check a story for mistakes",
        description="Load a story folder and report every mistake as file:line:column. Exit 1 on errors.",
    )
    add_story_argument(parser)
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.json:
        return _run_json(args)
    story = load_or_report(args.story)
    if story is None:
        return 1
    for warning in story.warnings:
        print(warning.format(), file=sys.stderr)  # type: ignore[attr-defined]
    choices = sum(len(s.choices) for s in story.scenes.values())
    print(
        f"{story.title}: {len(story.scenes)} scenes, {len(story.endings)} endings, "
        f"{choices} choices, {len(story.variables)} variables - "
        + ("no errors" if not story.warnings else f"no errors, {len(story.warnings)} warnings")
    )
    return 1 if args.strict and story.warnings else 0


def _run_json(args: argparse.Namespace) -> int:
    from patrolday.engine import StoryError, load_story

    try:
        story = load_story(story_path(args.story))
    except StoryError as err:
        print(json.dumps({"ok": False, "diagnostics": [d.to_json() for d in err.diagnostics]}, indent=2))
        return 1
    print(
        json.dumps(
            {
                "ok": True,
                "story": story.id,
                "scenes": len(story.scenes),
                "endings": len(story.endings),
                "diagnostics": [w.to_json() for w in story.warnings],  # type: ignore[attr-defined]
            },
            indent=2,
        )
    )
    return 1 if args.strict and story.warnings else 0
