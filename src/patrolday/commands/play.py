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
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from patrolday.game.options import PlayOptions, WorkshopOptions
from patrolday.i18n import N_, _

from ._common import (
    add_language_argument,
    add_story_argument,
    language,
    load_part_or_report,
    part_exists,
    report_story_error,
    story_path,
    use_interface_language,
)
from ._room import room_options, room_problem, warn_about_room
from ._sessions import (
    add_session_arguments,
    close_session_log,
    new_session_log,
    open_session_log,
    session_log_folder,
)

if TYPE_CHECKING:
    from patrolday.engine import Story
    from patrolday.game.playthrough import Listener
    from patrolday.game.writer import FileWriter
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
    add_language_argument(parser)
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="seed for shuffled text and random numbers (default: a new one each game, kept in its saves)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep saves (DIR/saves) and endings reached (DIR/progress) in DIR "
        "(default: $PATROLDAY_DATA_DIR, else your user data folder)",
    )
    # The old name of --data-dir: it never held only saves, so it was renamed; still accepted.
    parser.add_argument("--save-dir", dest="data_dir", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument(
        "--theme", metavar="NAME", help="full-screen colour theme: high-contrast, or any Textual theme name"
    )
    authors = parser.add_argument_group("writing a story (for authors)")
    authors.add_argument(
        "--watch",
        action="store_true",
        help="reload the story whenever one of its files is saved, keeping your place",
    )
    authors.add_argument(
        "--from", dest="origin", metavar="SCENE", help="begin at this scene instead of the part's start"
    )
    authors.add_argument(
        "--set",
        dest="preset",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a variable before the first scene (repeat for more): --set trust=3 --set met=true",
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
        return N_("output is not a terminal")
    if not sys.stdin.isatty():
        return N_("input is not a terminal")
    return None


def options_from(
    args: argparse.Namespace, choices: tuple[int, ...] | None = None, *, plain: bool = False
) -> PlayOptions:
    """The one place the command line's arguments become what a player is given."""
    workshop = None
    if args.workshop:
        workshop = WorkshopOptions(
            timer_minutes=args.timer,
            hide_meters=args.hide_meters,
            projector=args.projector,
            summarise_heavy=args.summarise_heavy,
            route=args.route,
            room=room_options(args),
        )
    return PlayOptions(
        part=args.part,
        seed=args.seed,
        data_dir=Path(args.data_dir) if args.data_dir else None,
        theme=args.theme,
        workshop=workshop,
        choices=choices,
        # The full-screen player always autosaves; a line player only at a terminal (piped
        # input may save and load on request but never replaces the autosave).
        autosave=choices is None and (not plain or sys.stdin.isatty()),
        served=args.served,
        watch=args.watch,
        origin=args.origin,
        preset=args.preset_values,
    )


def _start_anywhere(story: Story, args: argparse.Namespace) -> int:
    """Check ``--from`` and ``--set`` against the story (0, or 2 after saying what is wrong);
    without ``--part``, ``--from`` plays in the first part whose start leads to the scene."""
    from patrolday.engine import PresetError, parse_preset, scene_problem

    if args.origin is not None:
        problem = scene_problem(story, args.origin)
        if problem:
            print(f"patrolday: --from {args.origin}: {problem}", file=sys.stderr)
            return 2
        if args.part is None:
            args.part = _part_leading_to(story, args.origin)
    try:
        args.preset_values = parse_preset(story, args.preset)
    except PresetError as err:
        print(f"patrolday: --set: {err}", file=sys.stderr)
        return 2
    return 0


def _part_leading_to(story: Story, scene: str) -> str | None:
    from patrolday.tooling.graph import story_graph

    targets: dict[str, set[str]] = {}
    for edge in story_graph(story).edges:
        targets.setdefault(edge.source, set()).add(edge.target)
    for part in story.parts:
        seen, todo = {part.start}, [part.start]
        while todo:
            for nxt in targets.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        if scene in seen:
            return part.id
    return None


def run(args: argparse.Namespace) -> int:
    use_interface_language(args)
    problem = room_problem(args)
    if problem:
        print(f"patrolday: {problem}", file=sys.stderr)
        return 2 if not args.workshop else 1
    args.preset_values = {}
    testing = args.origin is not None or bool(args.preset)
    reason = wants_plain(args)
    if reason is None:
        try:
            from patrolday.tui.app import run_app
        except ImportError:
            reason = N_("the full-screen player is not installed")
        else:
            if not args.workshop and not testing:
                return _run_player(args, run_app)
    story, code = load_part_or_report(
        args.story, args.part, args.route if args.workshop else None, language(args)
    )
    if story is None:
        return code
    code = _start_anywhere(story, args) if testing else 0
    if code:
        return code
    if reason is None:
        return _run_full_screen(story, args, run_app)
    if reason != "requested":
        print(_("patrolday: playing in plain mode ({reason}).").format(reason=_(reason)), file=sys.stderr)
    from patrolday.plain import play_plain

    choices = None
    if args.choices is not None:
        try:
            choices = tuple(int(x) for x in args.choices.replace(" ", "").split(",") if x)
        except ValueError:
            print(_("patrolday: --choices takes option numbers, e.g. --choices 1,2,1"), file=sys.stderr)
            return 2
    # Decided before --workshop is dropped below: a facilitator's run logs as they expect.
    folder = session_log_folder(args)
    if args.workshop:  # facilitator mode (questions, votes, debrief) lives in the full-screen player
        print(
            _(
                "patrolday: --workshop needs the full-screen player; plain mode plays without questions "
                "or votes, and without the room (see `patrolday debrief` for a session's debrief)."
            )
            if args.room
            else _(
                "patrolday: --workshop needs the full-screen player; plain mode plays without questions "
                "or votes (see `patrolday debrief` for a session's debrief)."
            ),
            file=sys.stderr,
        )
        args.workshop = False
        args.room = False
    # Scripted runs never touch saves; piped input may save and load on request but does
    # not replace the player's autosave (PlayOptions.autosave is off without a terminal).
    options = options_from(args, choices, plain=True)
    from patrolday.game.writer import Immediate

    writer = Immediate()  # a line player waits for input anyway: write at once, in order
    mode = "served" if args.served else "plain"
    log = None if folder is None else new_session_log(story, folder, args, mode, writer)
    try:
        return play_plain(story, options, listeners=[log] if log else None, logged=folder)
    finally:
        close_session_log(log)


def _run_player(args: argparse.Namespace, run_app: Callable[..., int]) -> int:
    """The Textual player: the title is drawn from the manifest and the scenes load just
    after it (see patrolday.game.card); their errors are printed once the screen is back."""
    from patrolday.engine import StoryError
    from patrolday.game.card import StorySource

    try:
        source = StorySource.open(story_path(args.story), language(args))
    except StoryError as err:
        report_story_error(err)
        return 1
    if not part_exists(args.part, list(source.card.parts)):
        return 2
    folder = session_log_folder(args)  # checked now: nothing may print once the screen is taken
    logs: list[SessionLog] = []
    writer = _writer()

    def listeners_for(story: Story) -> list[Listener]:
        if folder is None:
            return []
        logs.append(new_session_log(story, folder, args, "served" if args.served else "tui", writer))
        return [logs[-1]]

    try:
        options = replace(options_from(args), logged=folder)  # the title screen says it is logged
        return run_app(source, options, listeners_for=listeners_for, writer=writer)
    except StoryError as err:
        report_story_error(err)
        return 1
    finally:
        for log in logs:
            close_session_log(log)


def _run_full_screen(story: Story, args: argparse.Namespace, run_app: Callable[..., int]) -> int:
    """The Textual player (or facilitator mode with ``--workshop``), with its session log."""
    writer = _writer()
    log = open_session_log(story, args, "served" if args.served else "tui", writer)
    try:
        if args.workshop:
            from patrolday.tui.workshop.app import run_workshop_app

            if not args.served:
                warn_about_room(args)

            return run_workshop_app(story, options_from(args), log, writer)
        options = replace(options_from(args), logged=log.folder if log else None)
        return run_app(story, options, listeners=[log] if log else None, writer=writer)
    finally:
        close_session_log(log)


def _writer() -> FileWriter:
    """One background writer for the autosave and the session log of a full-screen game."""
    from patrolday.game.writer import FileWriter

    return FileWriter()
