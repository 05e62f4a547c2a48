"""``patrolday debrief SESSION_FILE [--story STORY]``: print one session's debrief as plain text.

The same debrief the workshop player shows at an ending, for printing or for a session
played in plain mode or in a browser. See :mod:`patrolday.workshop.debrief`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "debrief",
        help="print a session's debrief (path, votes, meters, questions)",
        description="Print the debrief of one session log as plain text: the path taken and the "
        "options not taken, how votes split, how the meters moved, and What? / So what? / Now what? "
        "questions from the story's facilitator notes.",
    )
    parser.add_argument(
        "session", metavar="SESSION_FILE", help="a session log (.json) from the sessions folder"
    )
    parser.add_argument(
        "--story", metavar="STORY", help="the story folder the session played (default: the bundled story)"
    )
    from ._common import add_language_argument

    add_language_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ._common import use_interface_language

    use_interface_language(args)  # the debrief's own words; the story's come from its catalog
    from patrolday.i18n import _
    from patrolday.workshop.debrief import build_debrief, format_debrief
    from patrolday.workshop.log_format import LogProblem, printable
    from patrolday.workshop.sessions import read_log

    from ._sessions import story_for_logs

    path = Path(args.session)
    try:
        log = read_log(path)
    except LogProblem as err:  # one line naming the file; the file name may hold escape codes too
        print(printable(f"patrolday: {path}: {err}"), file=sys.stderr)
        return 1
    from ._common import language

    story, notes = story_for_logs(args.story, {log["story"]["id"]}, language(args))
    if story is not None and story.content_hash != log["story"]["content_hash"]:
        notes.append(_("the story has changed since this session was played; some labels may differ"))
    for note in notes:
        print(printable(f"patrolday: {note}"), file=sys.stderr)
    sys.stdout.write(format_debrief(build_debrief(log, story)))
    return 0
