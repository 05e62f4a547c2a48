"""``patrolday sessions [--list] [--delete] [--yes] [--dir DIR]``: see or remove session logs.

Workshop data may concern minors, so removing it must be easy and safe: ``--delete``
asks first (unless ``--yes``) and only removes files that carry a patrolday session log's
marks (damaged or hand-edited logs included), leaving anything else in the folder alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "sessions",
        help="list or delete the anonymous session logs",
        description="List the session logs in the sessions folder (the default), or delete them all.",
    )
    parser.add_argument("--list", action="store_true", help="list the session logs (the default)")
    parser.add_argument("--delete", action="store_true", help="delete every session log in the folder")
    parser.add_argument("--yes", "-y", action="store_true", help="with --delete: do not ask for confirmation")
    parser.add_argument(
        "--dir",
        metavar="DIR",
        help="the sessions folder (default: $PATROLDAY_SESSIONS_DIR, else 'sessions' in the data folder)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from patrolday.workshop.log_format import printable
    from patrolday.workshop.sessions import final_path, scan, sessions_dir

    folder = sessions_dir(args.dir)
    if folder.exists() and not folder.is_dir():
        print(printable(f"patrolday: {folder} is not a folder"), file=sys.stderr)
        return 1
    files = list(scan(folder))
    logs = [f for f in files if f.doc is not None]
    damaged = [f for f in files if f.doc is None and f.marked]  # a log's marks, but not usable
    others = [f for f in files if f.doc is None and not f.marked]
    if args.delete:
        return _delete(folder, [f.path for f in logs + damaged], len(others), args.yes)
    print(printable(f"Session logs in {folder}: {len(logs)}"))
    if logs:
        print(f"  {'started (UTC)':<20} {'mode':<16} {'story':<20} {'choices':>7}  {'ending':<22} file")
    for item in logs:
        doc = item.doc
        assert doc is not None
        mode = doc["mode"] + (" workshop" if doc["workshop"] else "")
        started = doc["started_at"].replace("T", " ")[:19]
        line = (
            f"  {started:<20} {mode:<16} {doc['story']['id']:<20} "
            f"{len(final_path(doc)):>7}  {doc['ending'] or '(none)':<22} {item.path.name}"
        )
        print(printable(line))
    for item in damaged:
        print(printable(f"  (a damaged session log, not used by reports: {item.path.name}: {item.problem})"))
    for item in others:
        print(printable(f"  (not a session log, left alone: {item.path.name}: {item.problem})"))
    if logs:
        print(printable("Report on them: patrolday report " + str(folder)))
    return 0


def _delete(folder: Path, paths: list[Path], others: int, yes: bool) -> int:
    from patrolday.workshop.log_format import printable

    if not paths:
        print(printable(f"No session logs to delete in {folder}."))
        return 0
    noun = "session log" if len(paths) == 1 else "session logs"
    if not yes:
        print(
            printable(f"Delete {len(paths)} {noun} in {folder}? This cannot be undone. [y/N] "),
            end="",
            flush=True,
        )
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            print("Nothing deleted.")
            return 1
    deleted = 0
    for path in paths:
        try:
            path.unlink()
            deleted += 1
        except FileNotFoundError:
            pass
        except OSError as err:
            print(printable(f"patrolday: could not delete {path}: {err.strerror}"), file=sys.stderr)
        bak = path.with_name(path.name + ".bak")
        if bak.exists():
            bak.unlink()
    print(printable(f"Deleted {deleted} {noun} from {folder}."))
    if others:
        print(
            f"Left {others} other file{'s' if others != 1 else ''} there alone (not patrolday session logs)."
        )
    return 0 if deleted == len(paths) else 1
