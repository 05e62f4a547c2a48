"""``patrolday test [STORY]``: replay the story's golden transcripts and show where it changed.

Transcripts live in ``STORY/tests/*.transcript`` (format: docs/tooling.md). Each is
replayed through the real runtime; a mismatch prints the failing lines and a unified
diff of the transcript against the story as it plays now. Exit 1 on any failure, or when
there is nothing to test. ``--record`` writes one transcript per reachable ending (the
shortest path the checker finds) for authors to start from; it never overwrites a file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._common import add_story_argument, load_or_report, story_path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "test",
        help="replay a story's golden transcripts (STORY/tests/*.transcript)",
        description=(
            "Replay every STORY/tests/*.transcript and show a diff where the story no longer "
            "matches. Exit 1 on any failure."
        ),
    )
    add_story_argument(parser)
    parser.add_argument(
        "transcripts", nargs="*", metavar="FILE", help="only these transcript files (default: all)"
    )
    parser.add_argument(
        "--record",
        action="store_true",
        help="write a transcript for each reachable ending into STORY/tests/ (never overwrites)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from patrolday.tooling.transcripts import TranscriptError, load_transcripts, parse_transcript

    story = load_or_report(args.story)
    if story is None:
        return 1
    folder = story_path(args.story) / "tests"
    if args.record:
        return _record(story, folder)
    try:
        if args.transcripts:
            transcripts = [parse_transcript(Path(f).read_text(encoding="utf-8"), f) for f in args.transcripts]
        else:
            transcripts = load_transcripts(folder)
    except (TranscriptError, OSError, UnicodeDecodeError) as err:
        print(f"patrolday: {err}", file=sys.stderr)
        return 1
    if not transcripts:
        print(
            f"patrolday: no transcripts in {folder}; nothing was tested.\n"
            f"    hint: patrolday test {args.story or ''} --record writes one per ending to start from",
            file=sys.stderr,
        )
        return 1
    from patrolday.tooling.transcripts import replay_transcript

    failed = 0
    for transcript in transcripts:
        result = replay_transcript(story, transcript)
        if result.passed:
            print(f"PASS {transcript.name}")
            continue
        failed += 1
        print(f"FAIL {transcript.name}")
        for failure in result.failures:
            print(f"  {transcript.name}:{failure.line}: {failure.message}")
        print(_indent(result.diff()))
    total = len(transcripts)
    print(f"\n{total - failed} of {total} transcript{'s' if total != 1 else ''} passed.")
    return 1 if failed else 0


def _indent(text: str) -> str:
    return "".join("    " + line for line in text.splitlines(keepends=True))


def _record(story, folder: Path) -> int:
    from patrolday.tooling.explore import check_story
    from patrolday.tooling.transcripts import record_transcript

    report = check_story(story)
    if not report.ending_paths:
        print("patrolday: no ending is reachable, so there is nothing to record.", file=sys.stderr)
        return 1
    folder.mkdir(exist_ok=True)
    for ending, path in report.ending_paths.items():
        target = folder / f"{ending}.transcript"
        if target.exists():
            print(f"kept     {target} (exists)")
            continue
        title = f"{story.title}: {story.scenes[ending].ending} (shortest path found by patrolday check)"
        target.write_text(record_transcript(story, path, title=title), encoding="utf-8")
        print(f"recorded {target}")
    return 0
