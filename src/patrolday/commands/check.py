"""``patrolday check [STORY]``: load and validate a story, then explore every state it can reach.

Load errors stop here (exit 1), as before. A story that loads is then checked deeply by
:func:`patrolday.tooling.explore.check_story` and every finding is printed with its
file:line and, where it helps, the path of choices that leads to it. Rich is imported
only inside :func:`run`, so ``--json`` output and ``--help`` stay cheap and the tooling
core stays free of UI code.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ._common import add_story_argument, load_or_report, story_path

if TYPE_CHECKING:
    from rich.console import Console

    from patrolday.engine import Story
    from patrolday.tooling.findings import CheckReport, Finding


def register(sub: argparse._SubParsersAction) -> None:
    from patrolday.tooling.defaults import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STATES, DEFAULT_RUNS

    parser = sub.add_parser(
        "check",
        help="check a story for mistakes, dead ends and unreachable scenes",
        description=(
            "Load a story folder and report every mistake as file:line:column (exit 1 on errors). "
            "Then explore every reachable state and warn about scenes, choices and endings never "
            "reached, dead ends, loops with no way out, meters leaving their range, unused "
            "variables and runtime errors; print coverage and the shortest path to each ending."
        ),
    )
    add_story_argument(parser)
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    parser.add_argument(
        "--lang",
        metavar="LANG",
        default=None,
        help="check the story's translation into LANG (locales/LANG.po) instead: missing, fuzzy, "
        "obsolete and broken translations, and coverage (see docs/translating.md)",
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    parser.add_argument(
        "--max-states",
        type=_positive,
        default=DEFAULT_MAX_STATES,
        metavar="N",
        help=f"explore at most N states, then play random runs instead (default {DEFAULT_MAX_STATES:,})",
    )
    parser.add_argument(
        "--max-memory",
        type=_positive,
        default=DEFAULT_MAX_MEMORY_MB,
        metavar="MB",
        help="stop exploring when it has used MB megabytes, then play random runs instead "
        f"(default {DEFAULT_MAX_MEMORY_MB:,})",
    )
    parser.add_argument(
        "--runs",
        type=_positive,
        default=DEFAULT_RUNS,
        metavar="N",
        help=f"random playthroughs when the state space is too large (default {DEFAULT_RUNS:,})",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for random playthroughs (default 0)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="structural checks only (no state exploration): for very large stories",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="keep running: check again each time a story file is saved, and print only what changed",
    )
    parser.set_defaults(run=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _deep_check(story: Story, args: argparse.Namespace) -> tuple[CheckReport | None, list[Finding]]:
    from patrolday.tooling import analysis
    from patrolday.tooling.explore import check_story

    if args.quick:
        return None, analysis.structural_findings(story)
    report = check_story(
        story, max_states=args.max_states, runs=args.runs, seed=args.seed, max_memory_mb=args.max_memory
    )
    return report, list(report.findings)


def run(args: argparse.Namespace) -> int:
    if args.lang is not None:
        return _run_translation(args, args.lang)
    if args.watch:
        from ._watch_check import run_watch

        return run_watch(args, story_path(args.story), lambda story: _deep_check(story, args)[1])
    if args.json:
        return _run_json(args)
    story = load_or_report(args.story)
    if story is None:
        return 1
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())  # whole lines for grep
    for warning in story.warnings:
        print(warning.format(), file=sys.stderr)
    choices = sum(len(s.choices) for s in story.scenes.values())
    print(
        f"{story.title}: {_count(len(story.scenes), 'scene')}, {_count(len(story.endings), 'ending')}, "
        f"{_count(choices, 'choice')}, {_count(len(story.variables), 'variable')} - "
        + ("no errors" if not story.warnings else f"no errors, {len(story.warnings)} warnings")
    )
    report, findings = _deep_check(story, args)
    _print_findings(console, findings)
    if report is not None:
        _print_report(console, story, report)
    else:
        console.print("Structural checks only (--quick): conditions were not evaluated.")
    warnings = len(story.warnings) + len(findings)
    if warnings:
        verdict = "fails" if args.strict else "passes with warnings"
        console.print(f"\n[bold]{warnings} warning{'s' if warnings != 1 else ''}[/]: the check {verdict}.")
    else:
        console.print("\n[bold green]No warnings.[/]")
    return 1 if args.strict and warnings else 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _print_findings(console: Console, findings: list[Finding]) -> None:
    from rich.markup import escape

    for finding in findings:
        console.print(
            f"[bold]{escape(str(finding.location))}[/]: [yellow]warning[/]: {escape(finding.message)} "
            f"[dim]\\[{finding.code}][/]"
        )
        if finding.hint:
            console.print(f"    hint: {escape(finding.hint)}")
        if finding.path is not None:
            console.print(f"    path ({escape(finding.path.part)}): {escape(finding.path.describe())}")


def _print_report(console: Console, story: Story, report: CheckReport) -> None:
    from rich.markup import escape

    cov = report.coverage
    how = (
        "every reachable state"
        if report.exhaustive
        else f"[yellow]not exhaustive[/]: {_limit(report)}, then {report.runs:,} random runs"
    )
    console.print(
        f"\n[bold]Coverage[/] ({how}): scenes {cov.scenes}/{cov.scenes_total}, "
        f"choices {cov.choices}/{cov.choices_total}, endings {cov.endings}/{cov.endings_total}; "
        f"{report.states:,} states explored in {report.seconds:.2f} s"
    )
    for note in report.notes:
        console.print(f"  note: {escape(note)}")
    if report.ending_paths:
        shortest = "Shortest path" if report.exhaustive else "A path"
        console.print(f"\n[bold]{shortest} to each ending[/]")
        for ending_id, path in report.ending_paths.items():
            scene = story.scenes[ending_id]
            console.print(
                f"  [bold]{escape(scene.ending or ending_id)}[/] ({escape(ending_id)}, "
                f"{escape(str(scene.location))}), part {escape(path.part)}, "
                f"{len(path.steps)} choice{'s' if len(path.steps) != 1 else ''}:"
            )
            console.print(f"    {escape(path.describe())}")


def _limit(report: CheckReport) -> str:
    return "the memory limit" if report.limit == "memory" else f"{report.max_states:,} states"


def _run_json(args: argparse.Namespace) -> int:
    import json  # here: every command's module is imported to build the parser

    from patrolday.engine import StoryError, load_story

    try:
        story = load_story(story_path(args.story))
    except StoryError as err:
        print(json.dumps({"ok": False, "diagnostics": [d.to_json() for d in err.diagnostics]}, indent=2))
        return 1
    report, findings = _deep_check(story, args)
    diagnostics = [w.to_json() for w in story.warnings]
    diagnostics += [f.to_json() for f in findings]
    out: dict[str, object] = {
        "ok": True,
        "story": story.id,
        "scenes": len(story.scenes),
        "endings": len(story.endings),
        "diagnostics": diagnostics,
    }
    if report is not None:
        out["check"] = {k: v for k, v in report.to_json().items() if k != "findings"}
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 1 if args.strict and diagnostics else 0


def _run_translation(args: argparse.Namespace, language: str) -> int:
    """``check --lang``: the story's own load errors first, then the catalog's findings and coverage."""
    import json

    from patrolday.tooling.translation_check import check_translation

    story = load_or_report(args.story)
    if story is None:
        return 1
    given = str(story_path(args.story))
    report = check_translation(story, language, given)
    if args.json:
        document = {
            "language": language,
            "catalog": report.catalog,
            "texts": report.total,
            "translated": report.translated,
            "fuzzy": report.fuzzy,
            "missing": report.missing,
            "broken": report.broken,
            "obsolete": report.obsolete,
            "coverage": round(report.coverage, 1),
            "findings": [d.to_json() for d in report.findings],
        }
        print(json.dumps(document, indent=2))
    else:
        for finding in report.findings:
            print(finding.format())
        print(
            f"{report.catalog}: {_count(report.total, 'text')}, {report.translated} translated "
            f"({report.coverage:.1f}% coverage), {report.fuzzy} fuzzy, {report.missing} missing, "
            f"{report.broken} broken, {report.obsolete} obsolete - "
            f"{_count(report.errors, 'error')}, {_count(report.warnings, 'warning')}"
        )
    if report.errors or (args.strict and report.warnings):
        return 1
    return 0
