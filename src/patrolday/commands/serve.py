"""``patrolday serve [STORY] [--host 127.0.0.1] [--port 8000]``: play in a web browser.

Participants on laptops or phones open a URL instead of installing Python. It uses
``textual-serve``, which runs ``patrolday play --served ...`` once per browser connection,
so each browser gets its own game and its own session log, exactly like the terminal.

There is no authentication, so it binds to 127.0.0.1 (this computer only) unless told
otherwise, and warns when asked to listen on a wider address. :mod:`patrolday.serving`
checks each websocket's Origin, caps and paces the games, and ends a game whose browser
has gone.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ._common import add_language_argument, add_story_argument, language, load_part_or_report, story_path
from ._sessions import add_session_arguments

MAX_GAMES = 30
"""A class. What 30 games cost on 2 cores (memory, key-to-screen): benchmarks/serve_bench.py and
docs/hardening.md ("serve under load")."""
NEW_GAMES_PER_SECOND = 5.0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="serve the game to web browsers (textual-serve)",
        description="Serve the full-screen player to web browsers: every browser that opens the URL "
        "plays its own game and writes its own anonymous session log. Binds to 127.0.0.1 by default; "
        "there is no password, so only use --host on a network you trust.",
    )
    add_story_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--part", metavar="ID", help="start every browser at this part of the story")
    add_language_argument(parser)
    parser.add_argument(
        "--max-games",
        type=_positive_int,
        default=MAX_GAMES,
        metavar="N",
        help=f"at most N games at once; more browsers are told the server is full (default {MAX_GAMES}, "
        "a class; each game takes about 40 MB)",
    )
    parser.add_argument(
        "--new-games-per-second",
        type=float,
        default=NEW_GAMES_PER_SECOND,
        metavar="RATE",
        help=f"start at most this many new games a second (default {NEW_GAMES_PER_SECOND:g}); "
        "a class that opens the page at once starts over a few seconds",
    )
    parser.add_argument(
        "--screen-host",
        metavar="HOST",
        help="with --workshop --room: the address of the facilitator's page (default 127.0.0.1; "
        "--host is then where the phones' room listens)",
    )
    add_session_arguments(parser, served=True)
    parser.set_defaults(run=run)


def is_loopback(host: str) -> bool:
    import ipaddress  # imports here: every command's module is imported to build the parser

    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def play_command(args: argparse.Namespace) -> str:
    """The command textual-serve runs per browser: this Python, ``play --served`` and the options."""
    import shlex

    from patrolday.workshop.sessions import sessions_dir

    command = [sys.executable, "-m", "patrolday", "play", "--served"]
    if args.story is not None:
        command.append(str(Path(args.story).resolve()))
    if args.part:
        command += ["--part", args.part]
    chosen = language(args)
    if chosen:
        command += ["--lang", chosen]
    if args.no_log:
        command.append("--no-log")
    else:  # resolved here, so every browser's game logs into the folder this command names
        command += ["--sessions-dir", str(sessions_dir(args.sessions_dir).resolve())]
    if args.workshop:
        command.append("--workshop")
        if args.timer:
            command += ["--timer", str(args.timer)]
        if args.route:
            command += ["--route", args.route]
        for flag in ("hide_meters", "projector", "summarise_heavy"):
            if getattr(args, flag):
                command.append("--" + flag.replace("_", "-"))
        if args.room:
            from ._room import room_url

            command += ["--room", "--host", args.host, "--room-port", str(args.room_port)]
            command += ["--room-max", str(args.room_max), "--room-url", room_url(args.host, args.room_port)]
            if args.read_along:
                command.append("--read-along")
    return shlex.join(command)


def _port_problem(host: str, port: int) -> str:
    """Why the server could not listen there, or "" (checked first for a clear message)."""
    import socket

    from patrolday.i18n import _

    if not 0 < port < 65536:
        return _("port {port} is not between 1 and 65535").format(port=port)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        return _("cannot use host {host}: {reason}").format(host=repr(host), reason=err.strerror)
    family, address = infos[0][0], infos[0][4]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as err:
            return _("cannot listen on {host}:{port}: {reason} (try another --port)").format(
                host=host, port=port, reason=err.strerror
            )
    return ""


def run(args: argparse.Namespace) -> int:
    from patrolday.i18n import _

    from ._common import use_interface_language

    use_interface_language(args)
    story, code = load_part_or_report(
        args.story, args.part, args.route if args.workshop else None, language(args)
    )
    if story is None:
        return code
    if not args.new_games_per_second > 0:
        print(_("patrolday: --new-games-per-second must be more than 0"), file=sys.stderr)
        return 2
    if args.room and not args.workshop:
        print(
            _("patrolday: --room needs --workshop (the room votes at the facilitator's decisions)"),
            file=sys.stderr,
        )
        return 2
    if args.screen_host and not args.room:
        print(_("patrolday: --screen-host is for --workshop --room; without it, use --host"), file=sys.stderr)
        return 2
    # With a room, --host is where the phones' room listens; the facilitator's page stays on this
    # computer (--screen-host) and serves one game: the projector's.
    page_host = (args.screen_host or "127.0.0.1") if args.room else args.host
    for host, port in ((page_host, args.port), *([(args.host, args.room_port)] if args.room else [])):
        problem = _port_problem(host, port)
        if problem:
            print(f"patrolday: {problem}", file=sys.stderr)
            return 1
    if args.room and args.room_port == args.port:
        print(_("patrolday: --room-port must differ from --port"), file=sys.stderr)
        return 2
    from patrolday.serving import GuardedServer

    shown_host = f"[{page_host}]" if ":" in page_host else page_host
    url = f"http://{shown_host}:{args.port}"
    if args.room:
        from patrolday.workshop.room.state import show_code

        from ._room import new_room_environment, room_url, warn_about_room

        room = new_room_environment()
        os.environ.update(room)  # handed to the facilitator's game (and to its reloads)
        warn_about_room(args)
        phones = room_url(args.host, args.room_port)
        print(
            _(
                "Room for phones: {url}   room code {code} (also on the facilitator's screen, with a QR code)"
            ).format(url=phones, code=show_code(room["PATROLDAY_ROOM_CODE"]))
        )
    elif not is_loopback(args.host):
        print(
            _(
                "patrolday: WARNING: listening on {host}, so other computers can connect. There is no "
                "password: anyone who can reach this address can play. Use it only on a workshop network "
                "you trust, and stop it (Ctrl+C) when the session ends."
            ).format(host=args.host),
            file=sys.stderr,
        )
        if args.host in ("0.0.0.0", "::"):
            url = f"http://{_lan_address()}:{args.port}"
    print(
        _("Serving {title} ({folder}) at {url}").format(
            title=story.title, folder=story_path(args.story), url=url
        )
    )
    if args.room:
        print(_("Open the facilitator's screen at {url}   (larger text: {url}/?fontsize=28)").format(url=url))
    else:
        print(
            _("Share this address: {url}   (for a projector, larger text: {url}/?fontsize=28)").format(
                url=url
            )
        )
    if not args.no_log:
        from patrolday.workshop.sessions import sessions_dir

        folder = sessions_dir(args.sessions_dir).resolve()
        print(_("Session logs go to {folder} (no names, no free text).").format(folder=folder))
    print(_("Press Ctrl+C to stop."), flush=True)
    server = GuardedServer(
        play_command(args),
        host=page_host,
        port=args.port,
        title=story.title,
        public_url=url,
        loopback=is_loopback(page_host),
        max_games=1 if args.room else args.max_games,  # one room, one facilitator's game
        new_games_per_second=args.new_games_per_second,
    )
    server.serve()
    return 0


def _lan_address() -> str:
    """This computer's address on the local network (no packet is sent), for the URL to share."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET address: only picks the outgoing interface
            return str(probe.getsockname()[0])
        except OSError:
            return socket.gethostname()
