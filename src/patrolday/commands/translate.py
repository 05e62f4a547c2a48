"""``patrolday translate STORY --lang es``: create or update the story's translation catalog.

The catalog is ``STORY/locales/LANG.po`` (GNU gettext), one entry per text with its stable
id as ``msgctxt``; updating follows msgmerge (see :mod:`patrolday.tooling.catalogs` and
docs/translating.md). The story must load without errors: a catalog of a broken story
would carry its mistakes to every translator. The file is replaced in one rename, never
left half-written.
"""

from __future__ import annotations

import argparse
import sys

from ._common import add_story_argument, load_or_report, story_path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "translate",
        help="create or update a story's translation catalog (locales/LANG.po)",
        description=(
            "Write STORY/locales/LANG.po, one entry per text a player or facilitator sees, keyed by "
            "its stable id (msgctxt). Run it again after editing the story: new texts are added, "
            "translations kept, entries whose English changed marked fuzzy, removed ones obsolete. "
            "See docs/translating.md."
        ),
    )
    add_story_argument(parser)
    parser.add_argument("--lang", required=True, metavar="LANG", help="the language code, e.g. es or pt_BR")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from patrolday.engine import valid_language

    language = args.lang
    if not valid_language(language):
        hint = "letters, with an optional region: es, es_US, pt-BR"
        print(f"patrolday: '{language}' is not a language code ({hint})", file=sys.stderr)
        return 2
    story = load_or_report(args.story)
    if story is None:
        return 1
    if language == story.language:
        print(
            f"patrolday: the story is written in '{language}'; give the language to translate into",
            file=sys.stderr,
        )
        return 2
    from patrolday.tooling.catalogs import update_catalog, write_catalog

    folder = story_path(args.story)
    if folder.name == "story.toml":
        folder = folder.parent
    path = folder / "locales" / f"{language}.po"
    existing: str | None = None
    if path.exists():
        try:
            existing = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            print(f"patrolday: {path}: cannot read the catalog ({err})", file=sys.stderr)
            return 1
    try:
        po, changes = update_catalog(story, language, existing)
    except ValueError as err:
        print(f"patrolday: {path}: not a valid PO file ({err}); fix it or move it away", file=sys.stderr)
        return 1
    try:
        write_catalog(path, po)
    except OSError as err:
        print(f"patrolday: {path}: cannot write the catalog ({err.strerror})", file=sys.stderr)
        return 1
    total = len([e for e in po if not e.obsolete])
    done = total - changes.untranslated - changes.fuzzy
    verb = "updated" if existing is not None else "created"
    print(
        f"{path}: {verb}; {total} entries, {done} translated ({100 * done // max(total, 1)}%), "
        f"{changes.fuzzy} fuzzy, {changes.untranslated} untranslated; "
        f"{changes.added} new, {changes.obsolete} newly obsolete"
    )
    return 0
