"""``patrolday report SESSION_FILES_OR_DIR [-o OUTDIR] [--csv] [--projector] [--story STORY]``.

Aggregates session logs into ``report.md`` and a self-contained ``report.html`` (plus
``sessions.csv`` with ``--csv``, and ``projector.html``, one decision per screen in large
type, with ``--projector``), and prints the same summary in the terminal: what a
facilitator puts on the projector after a round.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report",
        help="summarise session logs as Markdown, offline HTML and CSV",
        description="Aggregate session logs (files, or folders of them) into report.md and a "
        "self-contained report.html that works offline, and print the summary. "
        "With no path, reads the sessions folder.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="SESSION_FILES_OR_DIR",
        help="session logs or folders of them (default: the sessions folder)",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUTDIR", default="patrolday-report", help="folder to write into"
    )
    parser.add_argument("--csv", action="store_true", help="also write sessions.csv, one row per step")
    parser.add_argument(
        "--projector",
        action="store_true",
        help="also write projector.html: one decision per screen, large type, white on black "
        "(Page Down moves on)",
    )
    parser.add_argument(
        "--story", metavar="STORY", help="the story folder, for labels (default: the bundled story)"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="do not print the summary")
    from ._common import add_language_argument

    add_language_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ._common import use_interface_language

    use_interface_language(args)  # the report's own words; the story's come from its catalog
    from patrolday.game.storage import now_iso, write_atomic
    from patrolday.i18n import _, ngettext
    from patrolday.plain import make_console
    from patrolday.workshop.log_format import printable
    from patrolday.workshop.report import summarise
    from patrolday.workshop.report_csv import to_csv
    from patrolday.workshop.report_html import to_html, to_projector_html
    from patrolday.workshop.report_markdown import to_markdown
    from patrolday.workshop.report_terminal import print_summary
    from patrolday.workshop.sessions import collect, sessions_dir

    from ._sessions import story_for_logs

    paths = [Path(p) for p in args.paths] or [sessions_dir(None)]
    found, problems = collect(paths)
    for problem in problems:  # one line per file that is not a usable log, already printable
        print(f"patrolday: {problem}", file=sys.stderr)
    if not found:
        print(
            _("patrolday: no session logs to report on (play with `patrolday play` first)"), file=sys.stderr
        )
        return 1
    logs = [doc for _, doc in found]
    ids = {log["story"]["id"] for log in logs}
    from ._common import language

    story, notes = story_for_logs(args.story, ids, language(args))
    for note in notes:
        print(printable(f"patrolday: {note}"), file=sys.stderr)
    stories = {story.id: story} if story is not None else {}
    summaries = summarise(logs, stories)
    generated = now_iso()
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        print(
            printable(
                _("patrolday: {path} exists and is not a folder; choose another with -o").format(path=out)
            ),
            file=sys.stderr,
        )
        return 1
    files = {"report.md": to_markdown(summaries, generated), "report.html": to_html(summaries, generated)}
    if args.projector:
        files["projector.html"] = to_projector_html(summaries, generated)
    if args.csv:
        files["sessions.csv"] = to_csv(logs, stories)
    written = []
    for name, text in files.items():
        try:  # a report is meant to be shared: it gets the user's usual file mode, not 0600
            write_atomic(out / name, text.encode("utf-8"), backup=False, shared=True)
        except OSError as err:
            reason = err.strerror or type(err).__name__
            message = _("patrolday: cannot write the report to {path}: {reason}").format(
                path=out, reason=reason
            )
            print(printable(message), file=sys.stderr)
            return 1
        written.append(out / name)
    if not args.quiet:
        print_summary(make_console(), summaries)
    done = ngettext(
        "Read {count} session log. Wrote {files}", "Read {count} session logs. Wrote {files}", len(logs)
    )
    print(printable(done.format(count=len(logs), files=", ".join(map(str, written)))))
    return 0
