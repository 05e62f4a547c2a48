"""The workshop room's flags (``--room``, ``--host``, ``--room-port``...) for ``play`` and ``serve``.

The room is a web server for the participants' phones, so it follows the project's rule
for anything that faces a network: it listens on 127.0.0.1 unless ``--host`` says
otherwise, and then the command says plainly what that means (anyone on the network who
has the code can join). The flags become a :class:`~patrolday.game.options.RoomOptions`
here, once; facilitator mode never sees ``argparse``.

``serve --workshop --room`` runs the facilitator's game as a child process (textual-serve's
model), and a reloaded browser page starts a new child. So ``serve`` makes the room's code
and secret itself and hands them to every child it starts (in the environment, which other
users cannot read, not on the command line, which they can): a reload keeps the room, its
code and its phones.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys

from patrolday.game.options import RoomOptions

ROOM_PORT = 8100
ENV_CODE = "PATROLDAY_ROOM_CODE"
ENV_SECRET = "PATROLDAY_ROOM_SECRET"


def _count(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 5000:
        raise argparse.ArgumentTypeError(f"must be between 1 and 5000, not {value}")
    return value


def add_room_arguments(group: argparse._ArgumentGroup, *, served: bool) -> None:
    """``--room`` and its settings, in the facilitator-mode group; ``served``: for ``serve``,
    whose ``--host`` already exists (and there, too, says where the room listens)."""
    group.add_argument(
        "--room",
        action="store_true",
        help="let participants vote from their own phones: a room page on this computer (see --host); "
        "votes are anonymous counts",
    )
    if not served:
        group.add_argument(
            "--host",
            default="127.0.0.1",
            help="with --room: the address the room listens on (default 127.0.0.1, this computer only; "
            "0.0.0.0 lets phones on the workshop network join)",
        )
    group.add_argument(
        "--room-port",
        type=int,
        default=ROOM_PORT,
        metavar="PORT",
        help=f"with --room: the room's port (default {ROOM_PORT})",
    )
    group.add_argument(
        "--room-max",
        type=_count,
        default=200,
        metavar="N",
        help="with --room: at most N phones may join (default 200)",
    )
    group.add_argument(
        "--read-along",
        action="store_true",
        help="with --room: the phones show the scene's text too, so participants can read along",
    )
    # Set by `patrolday serve` for the facilitator's game it runs; not for people to type.
    group.add_argument("--room-url", help=argparse.SUPPRESS)


def room_url(host: str, port: int) -> str:
    """The address phones are told: this computer's network address when listening on all."""
    from .serve import _lan_address

    if host in ("0.0.0.0", "::"):
        host = _lan_address()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def room_options(args: argparse.Namespace) -> RoomOptions | None:
    """The room the command line asked for, or None."""
    if not getattr(args, "room", False):
        return None
    secret = os.environ.get(ENV_SECRET, "")
    try:
        key = bytes.fromhex(secret) if secret else None
    except ValueError:
        key = None
    code = os.environ.get(ENV_CODE) or None
    return RoomOptions(
        host=args.host,
        port=args.room_port,
        max_devices=args.room_max,
        read_along=args.read_along,
        public_url=args.room_url or room_url(args.host, args.room_port),
        code=code,
        secret=key,
    )


def room_problem(args: argparse.Namespace) -> str:
    """Why the room cannot open as asked (said before the screen is taken), or ""."""
    if not getattr(args, "room", False):
        return ""
    from patrolday.i18n import _

    if not args.workshop:
        return _("--room needs --workshop (the room votes at the facilitator's decisions)")
    if getattr(args, "served", False):
        return ""  # a game run by `serve`: the screen says it if the port is taken
    from .serve import _port_problem

    problem = _port_problem(args.host, args.room_port)
    return problem.replace("--port", "--room-port") if problem else ""


def warn_about_room(args: argparse.Namespace) -> None:
    """Say where the room listens and what that means, on stderr, before the screen is taken."""
    from patrolday.i18n import _

    from .serve import is_loopback

    if not getattr(args, "room", False):
        return
    if is_loopback(args.host):
        print(
            _(
                "patrolday: the room listens on {host}: only this computer can join. To let phones "
                "on the workshop network join, add --host 0.0.0.0."
            ).format(host=args.host),
            file=sys.stderr,
        )
    else:
        print(
            _(
                "patrolday: WARNING: the room listens on {host}: anyone on this network who has "
                "the room code can join and vote. The code is shown on the projector; use a network you "
                "trust, and stop the session when the workshop ends."
            ).format(host=args.host),
            file=sys.stderr,
        )


def new_room_environment() -> dict[str, str]:
    """A room's code and secret for ``serve`` to hand to the game it runs (see module docstring)."""
    from patrolday.workshop.room.state import new_code

    return {ENV_CODE: new_code(), ENV_SECRET: secrets.token_bytes(32).hex()}
