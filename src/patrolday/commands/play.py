"""``patrolday play``: the Textual player in a terminal, or the plain line player.

Plain mode is chosen explicitly (``--plain``), or automatically when standard output is
not a terminal or ``TERM=dumb``: screen readers, pipes and dumb terminals get numbered
text instead of a failure.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import add_story_argument, load_part_or_report, part_exists, report_story_error, story_path
from ._sessions import (
    add_session_arguments,
    close_session_log,
    new_session_log,
    open_session_log,
    session_log_folder,
)

if TYPE_CHECKING:
    from patrolday.engine import Story
    from patrolday.playthrough import Listener
    from patrolday.workshop.sessions import SessionLog


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "play",
        help="play a story (the default command)",
        description="Play a story in the terminal. Uses plain line mode when output is not a terminal.",
    )
    add_story_argument(parser)
    parser.add_argument("--plain", action="store_true", help="plain numbered text (screen readers, pipes)")
    parser.add_argument(
        "--choices",
        metavar="N,N,...",
        help="play these option numbers in order, then stop (scripted runs; implies --plain)",
    )
    parser.add_argument("--part", metavar="ID", help="start at this part of the story (e.g. footage)")
    parser.add_argument("--seed", type=int, default=0, help="seed for shuffled text (default 0)")
    parser.add_argument(
        "--save-dir",
        metavar="DIR",
        help="keep saves and progress in DIR (default: your user data folder, or $PATROLDAY_DATA_DIR)",
    )
    parser.add_argument(
        "--theme", metavar="NAME", help="full-screen colour theme: high-contrast, or any Textual theme name"
    )
    add_session_arguments(parser)
    parser.set_defaults(run=run)


def wants_plain(args: argparse.Namespace) -> str | None:
    """Why this run should be plain, or None for the Textual player."""
    if args.plain or args.choices is not None:
        return "requested"
    if args.served:  # run by `patrolday serve`: the browser is the terminal, though stdio are pipes
        return None
    if os.environ.get("TERM") == "dumb":
        return "TERM=dumb"
    if not sys.stdout.isatty():
        return "output is not a terminal"
    if not sys.stdin.isatty():
        return "input is not a terminal"
    return None


def run(args: argparse.Namespace) -> int:
    reason = wants_plain(args)
    if reason is None:
        try:
            from patrolday.tui.app import run_app
        except ImportError:
            reason = "the full-screen player is not installed"
        else:
            if not args.workshop:
                return _run_player(args, run_app)
    story, code = load_part_or_report(args.story, args.part)
    if story is None:
        return code
    if reason is None:
        return _run_full_screen(story, args, run_app)
    if reason != "requested":
        print(f"patrolday: playing in plain mode ({reason}).", file=sys.stderr)
    from patrolday.plain import PlainOptions, play_plain

    choices = None
    if args.choices is not None:
        try:
            choices = [int(x) for x in args.choices.replace(" ", "").split(",") if x]
        except ValueError:
            print("patrolday: --choices takes option numbers, e.g. --choices 1,2,1", file=sys.stderr)
            return 2
    if args.workshop:  # facilitator mode (questions, votes, debrief) lives in the full-screen player
        print(
            "patrolday: --workshop needs the full-screen player; plain mode plays without questions "
            "or votes (see `patrolday debrief` for a session's debrief).",
            file=sys.stderr,
        )
        args.workshop = False
    log = open_session_log(story, args, "served" if args.served else "plain")
    try:
        return play_plain(
            story,
            PlainOptions(
                choices=choices,
                part=args.part,
                seed=args.seed,
                # Scripted runs never touch saves; piped input may save and load on request
                # but does not replace the player's autosave.
                save_root=None if choices is not None else _save_root(args),
                autosave=sys.stdin.isatty(),
            ),
            listeners=[log] if log else None,
        )
    finally:
        close_session_log(log)


def _save_root(args: argparse.Namespace) -> Path:
    if args.save_dir:
        return Path(args.save_dir)
    from patrolday.storage import default_data_dir

    return default_data_dir()


def _run_player(args: argparse.Namespace, run_app: Callable[..., int]) -> int:
    """The Textual player: the title is drawn from the manifest and the scenes load just
    after it (see patrolday.tui.source); their errors are printed once the screen is back."""
    from patrolday.engine import StoryError
    from patrolday.tui.source import StorySource

    try:
        source = StorySource.open(story_path(args.story))
    except StoryError as err:
        report_story_error(err)
        return 1
    if not part_exists(args.part, list(source.card.parts)):
        return 2
    folder = session_log_folder(args)  # checked now: nothing may print once the screen is taken
    logs: list[SessionLog] = []

    def listeners_for(story: Story) -> list[Listener]:
        if folder is None:
            return []
        logs.append(new_session_log(story, folder, args, "served" if args.served else "tui"))
        return [logs[-1]]

    try:
        return run_app(source, args, listeners_for=listeners_for)
    except StoryError as err:
        report_story_error(err)
        return 1
    finally:
        for log in logs:
            close_session_log(log)


def _run_full_screen(story: Story, args: argparse.Namespace, run_app: Callable[..., int]) -> int:
    """The Textual player (or facilitator mode with ``--workshop``), with its session log."""
    log = open_session_log(story, args, "served" if args.served else "tui")
    try:
        if args.workshop:
            from patrolday.tui.workshop.app import run_workshop_app

            return run_workshop_app(story, args, log)
        return run_app(story, args, listeners=[log] if log else None)
    finally:
        close_session_log(log)
