"""``patrolday test [STORY]``: replay the story's golden transcripts and show where it changed.

Transcripts live in ``STORY/tests/*.transcript``, and those of a translation (``lang: es``)
in ``STORY/tests/es/`` (format: docs/tooling.md). Each is replayed through the real runtime,
in its own language; a mismatch prints the failing lines and a unified diff of the
transcript against the story as it plays now. Exit 1 on any failure, or when there is
nothing to test. ``--record`` writes one transcript per reachable ending (the shortest path
the checker finds) for authors to start from; with ``--lang``, one in that language for
each English transcript (the same path, the same checks), then one per ending still
without. It never overwrites a file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import add_story_argument, load_or_report, story_path

if TYPE_CHECKING:
    from patrolday.engine import Story
    from patrolday.tooling.transcripts import Transcript


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
    parser.add_argument(
        "--lang",
        metavar="LANG",
        default=None,
        help="only the transcripts in this language (STORY/tests/LANG/); with --record, write them "
        "there from the story's catalog locales/LANG.po, along the English transcripts' paths",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from patrolday.engine import valid_language
    from patrolday.tooling.transcripts import TranscriptError, all_transcripts, parse_transcript

    if args.lang is not None and not valid_language(args.lang):
        print(f"patrolday: --lang {args.lang!r} is not a language code (es, es_US, pt-BR)", file=sys.stderr)
        return 2
    story = load_or_report(args.story)
    if story is None:
        return 1
    given = story_path(args.story)
    folder = given / "tests"
    language = None if args.lang == story.language else args.lang
    if args.record:
        return _record(story, folder) if language is None else _record_in(story, folder, language, given)
    try:
        if args.transcripts:
            transcripts = [parse_transcript(Path(f).read_text(encoding="utf-8"), f) for f in args.transcripts]
        else:
            transcripts = all_transcripts(folder)
    except (TranscriptError, OSError, UnicodeDecodeError) as err:
        print(f"patrolday: {err}", file=sys.stderr)
        return 1
    if args.lang is not None:
        wanted = {language} if language else {None, story.language}
        transcripts = [t for t in transcripts if t.language in wanted]
    if not transcripts:
        where = folder / language if language else folder
        lang = f" --lang {language}" if language else ""
        print(
            f"patrolday: no transcripts in {where}; nothing was tested.\n"
            f"    hint: patrolday test{' ' + args.story if args.story else ''} --record{lang} writes one "
            "per ending to start from",
            file=sys.stderr,
        )
        return 1
    from patrolday.tooling.transcripts import replay_all

    failed = 0
    for result in replay_all(story, transcripts, given):
        transcript = result.transcript
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


def _record(story: Story, folder: Path) -> int:
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


def _record_in(story: Story, english: Path, language: str, given: Path) -> int:
    """``--record --lang``: each English transcript followed in ``language`` into
    ``tests/LANG/`` (same name, path and checks), then the checker's path to each ending still
    without one. An English transcript that fails is skipped (exit 1): its path is no longer
    the story's, and a translation of it would pin a mistake."""
    from patrolday.tooling.transcripts import (
        TranscriptError,
        follow_transcript,
        load_transcripts,
        record_transcript,
        story_in,
    )

    told = story_in(story, language, given)
    if isinstance(told, str):
        print(f"patrolday: {told}", file=sys.stderr)
        return 1
    folder = english / language
    code = 0
    reached: set[str] = set()  # endings a transcript in the language already goes to
    try:
        sources = [t for t in load_transcripts(english) if t.language in (None, story.language)]
    except TranscriptError as err:
        print(f"patrolday: {err}", file=sys.stderr)
        return 1
    for transcript in sources:
        target = folder / Path(transcript.name).name
        ending = _ending(story, transcript)
        if target.exists():
            print(f"kept     {target} (exists)")
            reached.add(ending)
            continue
        title = _title(told, ending)
        try:
            text = follow_transcript(story, told, transcript, language, title=title)
        except TranscriptError as err:
            print(
                f"patrolday: skipped {transcript.name}: it does not pass as the story is written ({err}), "
                "so its path may no longer be the story's; fix it first (patrolday test)",
                file=sys.stderr,
            )
            code = 1
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"recorded {target}")
        reached.add(ending)
    missing = [
        s.id for s in story.endings if s.id not in reached and not (folder / f"{s.id}.transcript").exists()
    ]
    if missing:
        from patrolday.tooling.explore import check_story

        for ending, path in check_story(story).ending_paths.items():
            if ending not in missing:
                continue
            target = folder / f"{ending}.transcript"
            folder.mkdir(parents=True, exist_ok=True)
            text = record_transcript(told, path, title=_title(told, ending), language=language)
            target.write_text(text, encoding="utf-8")
            print(f"recorded {target}")
    return code


def _ending(story: Story, transcript: Transcript) -> str:
    """The id of the ending ``transcript`` checks it reaches (its ``end:`` gives an id or a title), or ""."""
    ends = [line.value for line in transcript.lines if line.kind == "end"]
    if not ends:
        return ""
    if ends[-1] in story.scenes:
        return str(ends[-1])
    return next((s.id for s in story.endings if s.ending == ends[-1]), "")


def _title(story: Story, ending: str) -> str:
    """The story's title and, for a transcript that ends at ``ending``, that ending's title."""
    scene = story.scenes.get(ending)
    return f"{story.title}: {scene.ending}" if scene is not None and scene.ending else story.title
