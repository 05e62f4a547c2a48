"""The ``patrolday`` command line: argparse over the modules in :mod:`patrolday.commands`.

argparse is in the standard library and imports in a few milliseconds, which keeps
``patrolday --help`` instant; each command imports its heavy parts only when it runs.
User mistakes exit with a message and code 1 (or 2 for usage), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from patrolday import __version__
from patrolday.commands import COMMANDS

DESCRIPTION = """\
Play Patrol Day, a retelling of a true patrol day in Summerville, SC, or check,
test and map stories of your own. With no command, plays the bundled story."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="patrolday",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"patrolday {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        import_module(f"patrolday.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")):
        args_list = ["play", *args_list]
    args = parser.parse_args(args_list)
    from patrolday.engine import PatroldayError  # the lazy face loads only engine.diagnostics

    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        from patrolday.i18n import _

        print("\n" + _("Interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except PatroldayError as err:
        print(f"patrolday: {err}", file=sys.stderr)
        return 1
