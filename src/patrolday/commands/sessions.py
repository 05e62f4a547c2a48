"""``patrolday sessions [--list] [--delete] [--yes] [--dir DIR]``: see or remove session logs.

Workshop data may concern minors, so removing it must be easy and safe: ``--delete``
asks first (unless ``--yes``) and only removes files that carry a patrolday session log's
marks (damaged or hand-edited logs included), leaving anything else in the folder alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from patrolday.i18n import _, ngettext

YES = ("y", "yes", "s", "si", "sí")
"""Answers that confirm a deletion: English's, and those of the interface's languages (the
prompt shows the interface's own, ``[y/N]`` or ``[s/N]``)."""


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
    from ._common import add_language_argument

    add_language_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from patrolday.workshop.log_format import printable
    from patrolday.workshop.sessions import final_path, scan, sessions_dir

    from ._common import use_interface_language

    use_interface_language(args)
    folder = sessions_dir(args.dir)
    if folder.exists() and not folder.is_dir():
        print(printable(_("patrolday: {folder} is not a folder").format(folder=folder)), file=sys.stderr)
        return 1
    files = list(scan(folder))
    logs = [f for f in files if f.doc is not None]
    damaged = [f for f in files if f.doc is None and f.marked]  # a log's marks, but not usable
    others = [f for f in files if f.doc is None and not f.marked]
    if args.delete:
        return _delete(folder, [f.path for f in logs + damaged], len(others), args.yes)
    print(printable(_("Session logs in {folder}: {count}").format(folder=folder, count=len(logs))))
    if logs:
        heads = (_("started (UTC)"), _("mode"), _("story"), _("choices"), _("ending"), _("file"))
        print(f"  {heads[0]:<20} {heads[1]:<16} {heads[2]:<20} {heads[3]:>7}  {heads[4]:<22} {heads[5]}")
    for item in logs:
        doc = item.doc
        assert doc is not None
        mode = doc["mode"] + (" workshop" if doc["workshop"] else "")  # the log's own words: data
        started = doc["started_at"].replace("T", " ")[:19]
        line = (
            f"  {started:<20} {mode:<16} {doc['story']['id']:<20} "
            f"{len(final_path(doc)):>7}  {doc['ending'] or _('(none)'):<22} {item.path.name}"
        )
        print(printable(line))
    for item in damaged:
        text = _("  (a damaged session log, not used by reports: {file}: {problem})")
        print(printable(text.format(file=item.path.name, problem=item.problem)))
    for item in others:
        text = _("  (not a session log, left alone: {file}: {problem})")
        print(printable(text.format(file=item.path.name, problem=item.problem)))
    if logs:
        print(printable(_("Report on them: {command}").format(command=f"patrolday report {folder}")))
    return 0


def _delete(folder: Path, paths: list[Path], others: int, yes: bool) -> int:
    from patrolday.workshop.log_format import printable

    if not paths:
        print(printable(_("No session logs to delete in {folder}.").format(folder=folder)))
        return 0
    if not yes:
        question = ngettext(
            "Delete {count} session log in {folder}? This cannot be undone. [y/N] ",
            "Delete {count} session logs in {folder}? This cannot be undone. [y/N] ",
            len(paths),
        )
        print(printable(question.format(count=len(paths), folder=folder)), end="", flush=True)
        answer = sys.stdin.readline().strip().lower()
        if answer not in YES:
            print(_("Nothing deleted."))
            return 1
    deleted = 0
    for path in paths:
        try:
            path.unlink()
            deleted += 1
        except FileNotFoundError:
            pass
        except OSError as err:
            text = _("patrolday: could not delete {path}: {reason}")
            print(printable(text.format(path=path, reason=err.strerror)), file=sys.stderr)
        bak = path.with_name(path.name + ".bak")
        if bak.exists():
            bak.unlink()
    done = ngettext(
        "Deleted {count} session log from {folder}.", "Deleted {count} session logs from {folder}.", deleted
    )
    print(printable(done.format(count=deleted, folder=folder)))
    if others:
        left = ngettext(
            "Left {count} other file there alone (not patrolday session logs).",
            "Left {count} other files there alone (not patrolday session logs).",
            others,
        )
        print(left.format(count=others))
    return 0 if deleted == len(paths) else 1
