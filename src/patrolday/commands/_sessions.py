"""Options shared by the commands that play a story and log it: ``--workshop``, ``--log``...

``play`` (terminal or plain) and ``serve`` (which runs ``play --served`` per browser) all
log sessions the same way, so the flags and the "open a log, warn if it cannot be
written" step live here once.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from patrolday.engine import Story
    from patrolday.game.writer import FileWriter
    from patrolday.workshop.sessions import SessionLog


def add_session_arguments(parser: argparse.ArgumentParser, served: bool = False) -> None:
    """The logging and facilitator flags (``served``: for ``serve``, which passes them on)."""
    parser.add_argument(
        "--workshop",
        action="store_true",
        help="facilitator mode: discussion questions at decisions, group votes, debrief at the end",
    )
    logging = parser.add_mutually_exclusive_group()
    if not served:
        logging.add_argument(
            "--log",
            action="store_true",
            help="write an anonymous session log of this game (facilitator mode and serve always do; "
            "a solo game only with --log or --sessions-dir)",
        )
    logging.add_argument(
        "--no-log", action="store_true", help="do not write an (anonymous) session log for this session"
    )
    parser.add_argument(
        "--sessions-dir",
        metavar="DIR",
        help="folder for session logs (default: $PATROLDAY_SESSIONS_DIR, else 'sessions' in the data folder)",
    )
    workshop = parser.add_argument_group("facilitator mode (with --workshop)")
    workshop.add_argument(
        "--timer",
        type=float,
        metavar="MINUTES",
        help="start each discussion with a timer of this length (default: off; t starts one anyway)",
    )
    workshop.add_argument(
        "--hide-meters", action="store_true", help="hide the meters until the debrief (m shows)"
    )
    workshop.add_argument(
        "--projector", action="store_true", help="projector theme: high contrast, bold text, wider margins"
    )
    workshop.add_argument(
        "--route",
        metavar="NAME",
        help="pause only at the decisions on this route of the story (e.g. short, for a 45-minute class)",
    )
    workshop.add_argument(
        "--summarise-heavy",
        action="store_true",
        help="show the summary instead of scenes marked heavy (h switches while playing)",
    )
    from ._room import add_room_arguments

    add_room_arguments(workshop, served=served)
    if not served:
        # Set by `patrolday serve` for each browser session; not for people to type.
        parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)


def open_session_log(
    story: Story, args: argparse.Namespace, mode: str, writer: FileWriter | None = None
) -> SessionLog | None:
    """A session log for this run, or None with ``--no-log`` or when the folder is unusable.
    ``writer`` writes the file (the game's own writer, so one thread writes all its files)."""
    folder = session_log_folder(args)
    return None if folder is None else new_session_log(story, folder, args, mode, writer)


def logs_by_default(args: argparse.Namespace) -> bool:
    """Whether this run writes a session log unless ``--no-log`` says not to.

    Logs are for facilitators: facilitator mode and ``serve`` (a room of browsers) log, as a
    facilitator expects. A solo player, or a piped or scripted run, is not logged without
    asking (``--log``, or a sessions folder named with ``--sessions-dir`` or
    ``PATROLDAY_SESSIONS_DIR``): nobody should be recorded without knowing, and a
    facilitator's folder should not fill with strangers' empty runs."""
    from patrolday.workshop.sessions import ENV_DIR

    return bool(
        getattr(args, "workshop", False)
        or getattr(args, "served", False)
        or getattr(args, "log", False)
        or getattr(args, "sessions_dir", None)
        or os.environ.get(ENV_DIR)
    )


def session_log_folder(args: argparse.Namespace) -> Path | None:
    """The folder this run's session log goes in, made if need be; None with ``--no-log`` or
    when this run is not logged (see :func:`logs_by_default`), or (after saying why on stderr)
    when it cannot be used. Separate from the log itself so the full-screen player can check
    it before the screen is taken, and log once the story loads."""
    if getattr(args, "no_log", False) or not logs_by_default(args):
        return None
    from patrolday.i18n import _
    from patrolday.workshop.sessions import sessions_dir

    folder = sessions_dir(getattr(args, "sessions_dir", None))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        print(
            _(
                "patrolday: not logging this session: cannot create {folder} ({reason}); "
                "use --sessions-dir DIR or --no-log"
            ).format(folder=folder, reason=err.strerror),
            file=sys.stderr,
        )
        return None
    if folder.exists() and not folder.is_dir():
        print(
            _("patrolday: not logging this session: {folder} is not a folder").format(folder=folder),
            file=sys.stderr,
        )
        return None
    return folder


def new_session_log(
    story: Story, folder: Path, args: argparse.Namespace, mode: str, writer: FileWriter | None = None
) -> SessionLog:
    from patrolday.workshop.sessions import SessionLog

    return SessionLog(story, folder, mode, workshop=bool(getattr(args, "workshop", False)), writer=writer)


def close_session_log(log: SessionLog | None) -> None:
    """Stamp the end of the session, and say so if the log could not be written."""
    if log is None:
        return
    log.close()  # waits for the log's writer: the file is whole on disk before this returns
    if log.error:
        print(f"patrolday: {log.error}", file=sys.stderr)


def story_for_logs(
    story_arg: str | None, story_ids: set[str], language: str | None = None
) -> tuple[Story | None, list[str]]:
    """The story that labels come from: ``--story``, else the bundled story when the logs are of it.

    Returns (story or None, notes for stderr). Without a story, reports and debriefs fall
    back to ids, which is still correct, only less readable.
    """
    from patrolday.engine import StoryError, load_story
    from patrolday.i18n import _

    from ._common import story_path

    notes: list[str] = []
    try:
        story = load_story(story_path(story_arg), language)
    except StoryError as err:
        where = story_arg or _("the bundled story")
        notes.append(
            _("could not load {story} ({count} problems); showing ids instead of labels").format(
                story=where, count=len(err.diagnostics)
            )
        )
        return None, notes
    if story.id not in story_ids:
        if story_arg is not None:
            notes.append(
                _(
                    "{folder} is the story '{id}', but the logs are of {ids}; showing ids instead of labels"
                ).format(folder=story_arg, id=story.id, ids=", ".join(sorted(story_ids)) or _("no story"))
            )
        return None, notes
    return story, notes
