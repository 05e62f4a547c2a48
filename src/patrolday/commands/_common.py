"""Helpers shared by commands: the story argument and printing load errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from patrolday.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from patrolday.engine import Story, StoryError


def add_story_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "story",
        nargs="?",
        default=None,
        metavar="STORY",
        help="a story folder (default: the bundled Patrol Day story)",
    )


def story_path(value: str | None) -> Path:
    if value is None:
        from patrolday.bundled import bundled_story_path

        return bundled_story_path()
    return Path(value)


def add_language_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        metavar="LANG",
        default=None,
        help="show the story in this language, from its catalog locales/LANG.po (e.g. es); "
        "default: PATROLDAY_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG); "
        "the story's own words where a text is not translated",
    )


def use_interface_language(args: argparse.Namespace) -> None:
    """Show patrolday's own words in the language asked for (see patrolday.i18n), before any
    screen module is imported: their key bindings are made at import."""
    from patrolday.i18n import use_language

    use_language(language(args))


def language(args: argparse.Namespace) -> str | None:
    """The language asked for: ``--lang``, else the environment (see patrolday.game.language)."""
    import os

    from patrolday.game.language import chosen_language

    return chosen_language(getattr(args, "lang", None), os.environ)


def load_or_report(value: str | None, language: str | None = None) -> Story | None:
    """Load a story (in ``language``, if given), or print every diagnostic to stderr and return None."""
    from patrolday.engine import StoryError, load_story

    try:
        return load_story(story_path(value), language)
    except StoryError as err:
        report_story_error(err)
        return None


PLAYER_DIAGNOSTICS = (
    N_("no such folder"),
    N_("give the path of a story folder"),
    N_("not a story folder"),
    N_("a story is a folder with story.toml and scenes/"),
)
"""The loader's words a player meets when the folder named is not a story at all (a typo):
said in the interface's language here. The rest of the loader's diagnostics are for the
story's author and stay in English, as the engine writes them."""


def report_story_error(err: StoryError) -> None:
    """Every diagnostic (file:line:column, what is wrong, how to fix it), then a count, on stderr."""
    errors = [d for d in err.diagnostics if d.severity.value == "error"]
    lines = []
    for d in err.diagnostics:
        if d.message in PLAYER_DIAGNOSTICS and d.location.line <= 0:
            line = f"{d.location}: {d.severity.value}: {_(d.message)}"
            lines.append(line + (f"\n    hint: {_(d.hint)}" if d.hint else ""))
        else:
            lines.append(d.format())
    print("\n".join(lines), file=sys.stderr)
    print(
        "\n"
        + ngettext(
            "{count} error: the story cannot be played until it is fixed (see docs/story-format.md).",
            "{count} errors: the story cannot be played until they are fixed (see docs/story-format.md).",
            len(errors),
        ).format(count=len(errors)),
        file=sys.stderr,
    )


def load_part_or_report(
    value: str | None, part: str | None, route: str | None = None, language: str | None = None
) -> tuple[Story | None, int]:
    """Load a story for playing and check ``--part`` and ``--route``: (story, 0), or (None, exit
    code) after printing what is wrong. Shared by ``play`` and ``serve`` so both refuse alike."""
    story = load_or_report(value, language)
    if story is None:
        return None, 1
    if not part_exists(part, [p.id for p in story.parts]):
        return None, 2
    from patrolday.game.facilitation import route_problem

    problem = route_problem(story, route)
    if problem:
        print(f"patrolday: {problem}", file=sys.stderr)
        return None, 2
    return story, 0


def part_exists(part: str | None, parts: list[str]) -> bool:
    """Whether ``--part`` names one of ``parts`` (or was not given); says so on stderr if not."""
    if part is None or part in parts:
        return True
    print(
        _("patrolday: no part '{part}' in this story (parts: {parts})").format(
            part=part, parts=", ".join(parts)
        ),
        file=sys.stderr,
    )
    return False
