"""Story text in another language: the units a translator translates, keyed by stable ids.

Every piece of text a player or a facilitator can see has a stable id (a paragraph is
``scene#N``, a choice label ``scene/choice``, see :func:`translatable_units`). A catalog
maps ids to translated text; :func:`translate_story` builds a Story whose text is the
translation and whose structure (scenes, choices, conditions, effects, ids) is the
source's own, so saves and session logs, which hold only ids, work in any language.

Why inline text is translated whole, in the story's own ``{...}`` syntax: a sentence such
as ``{trust >= 2: She waves. | She looks away.}`` cut into fragments cannot be translated
(word order differs between languages). So a translator sees the paragraph as the author
wrote it and writes it again, moving the ``{...}`` parts where the language needs them and
translating only the text inside them. The translation is then parsed by the same parser
as the source, and must keep the same ``{...}`` parts (:func:`structure_problems`): the
same expressions and conditions, the same alternatives in the same order (their order
numbers the counters that saves keep). A translation that fails any check is not used:
the source text shows instead, and ``patrolday check --lang`` says why.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from .diagnostics import Diagnostic, Location
from .expressions import Scope
from .inline import InlineError, branches, iter_parts, number_alternatives, parse_inline
from .invisible import CONTROL, HINT, INVISIBLE, INVISIBLE_HINT, describe
from .manifest import Manifest
from .model import (
    Block,
    Choice,
    Cond,
    Condition,
    Interp,
    Item,
    Paragraph,
    Parts,
    Scene,
    Seq,
    Story,
    TextBlock,
)

KINDS = {
    "title": "the story's title",
    "blurb": "the story's blurb on the title screen",
    "content_note": "the content note shown before the story starts",
    "credits": "the credits",
    "meter": "a meter's name, shown next to its bar",
    "meter-help": "a line of help for a meter",
    "part": "the title of a part of the story",
    "route": "a facilitator's route, as it is picked",
    "route-help": "a line on what a facilitator's route is for",
    "scene-title": "a scene's title",
    "ending": "an ending's title",
    "summary": "a summary shown instead of a difficult scene a facilitator skips",
    "question": "a discussion question for facilitators",
    "note": "a note for facilitators",
    "paragraph": "a paragraph of the story",
    "choice": "an option the player picks",
    "reason": "why an option cannot be picked (shown next to it, greyed out)",
}
"""What each kind of unit is, in words a translator reads as the entry's comment."""

_NAMES = frozenset(
    {"title", "meter", "part", "route", "scene-title", "ending", "summary", "choice", "reason"}
)
"""Kinds a player tells apart by how they look: invisible characters are refused there (see
engine.invisible), as they are in the source."""


class Unit(NamedTuple):
    """One translatable text: its stable id (a catalog's ``msgctxt``), its English as a
    translator sees it (``msgid``; inline text in ``{...}`` syntax), where it is written."""

    id: str
    english: str
    location: Location
    kind: str
    inline: bool = False  # holds {...}: a translation must keep the same {...} parts
    parts: Parts = ()  # the source's inline text (paragraphs and labels), for explaining its {...}

    @property
    def is_name(self) -> bool:
        return self.kind in _NAMES


class Translation(NamedTuple):
    """A translated text and where it is written (the catalog's ``msgstr``): ``positions``
    holds the place of each character, when known, so a problem is reported at its column."""

    text: str
    location: Location
    positions: tuple[Location, ...] = ()
    source: str | None = None  # the English it translates (msgid); None: not known

    def at(self, offset: int) -> Location:
        if 0 <= offset < len(self.positions):
            return self.positions[offset]
        return self.location


# -- the source, as a translator reads it ------------------------------------------------------


def source_text(parts: Parts) -> str:
    """Inline text written back in the story's ``{...}`` syntax: what a translator translates.

    Parsing the result gives ``parts`` again (literal braces, bars and backslashes are
    escaped), so the English of a unit does not depend on how the author spaced it."""
    return "".join(_source(part, top=True) for part in parts)


def _source(part: object, top: bool) -> str:
    if type(part) is str:
        text = part.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
        return text if top else text.replace("|", "\\|")
    if type(part) is Interp:
        return "{" + part.expr.source + "}"
    if type(part) is Cond:
        then = "".join(_source(p, False) for p in part.then)
        if part.otherwise:
            other = "".join(_source(p, False) for p in part.otherwise)
            return "{" + part.expr.source + ": " + then + " | " + other + "}"
        return "{" + part.expr.source + ": " + then + "}"
    assert type(part) is Seq
    sigil = {"sequence": "", "cycle": "&", "once": "!", "shuffle": "~"}[part.kind]
    texts = ["".join(_source(p, False) for p in branch) for branch in part.branches]
    if not sigil and texts and texts[0][:1] in ("&", "!", "~"):
        texts[0] = "\\" + texts[0]
    return "{" + sigil + "|".join(texts) + "}"


def _has_inline(parts: Parts) -> bool:
    return any(type(p) is not str for p in parts)


def translatable_units(story: Story) -> tuple[Unit, ...]:
    """Every text of ``story`` a player or facilitator can see, in reading order: the
    manifest's texts first, then scene by scene in file order.

    The ids (``msgctxt`` in a catalog) are: ``story.title``, ``story.blurb``,
    ``story.content_note``, ``story.credits``; ``vars.NAME.label`` and
    ``vars.NAME.description`` for meters; ``parts.ID.title``; ``routes.NAME.title`` and
    ``routes.NAME.description``; ``SCENE#title``, ``SCENE#ending``, ``SCENE#summary``,
    ``SCENE#question.N``, ``SCENE#note.N``; ``SCENE#N`` for the Nth paragraph;
    ``SCENE/CHOICE`` for a choice label and ``SCENE/CHOICE#reason`` (``#reason.2``, ...) for
    the reasons shown when it is disabled.
    """
    at = _manifest_positions(story)
    out: list[Unit] = []
    shown = {
        "title": story.title,
        "blurb": story.blurb,
        "content_note": story.content_note,
        "credits": story.credits,
    }
    for field_name, value in shown.items():
        if value:
            out.append(Unit(f"story.{field_name}", value, at("story", field_name), field_name))
    for var in story.meters:
        assert var.label is not None
        out.append(Unit(f"vars.{var.name}.label", var.label, at(f"vars.{var.name}", "label"), "meter"))
        if var.description:
            where = at(f"vars.{var.name}", "description")
            out.append(Unit(f"vars.{var.name}.description", var.description, where, "meter-help"))
    for n, part in enumerate(story.parts):
        where = at(f"parts#{n}", "title")
        if where.line > 0:  # a part written in story.toml, not the one a story without [[parts]] has
            out.append(Unit(f"parts.{part.id}.title", part.title, where, "part"))
    for route in story.routes:
        table = f"routes.{route.name}"
        out.append(Unit(f"{table}.title", route.title, at(table, "title"), "route"))
        if route.description:
            out.append(
                Unit(f"{table}.description", route.description, at(table, "description"), "route-help")
            )
    scenes = sorted(story.scenes.values(), key=lambda s: (s.location.file, s.location.line))
    for scene in scenes:
        out.extend(_scene_units(scene))
    return tuple(out)


def _scene_units(scene: Scene) -> list[Unit]:
    here = scene.location
    out: list[Unit] = []
    if scene.title is not None:
        out.append(Unit(f"{scene.id}#title", scene.title, here, "scene-title"))
    if scene.ending is not None:
        out.append(Unit(f"{scene.id}#ending", scene.ending, here, "ending"))
    if scene.summary is not None:
        out.append(Unit(f"{scene.id}#summary", scene.summary, here, "summary"))
    for n, question in enumerate(scene.questions, start=1):
        out.append(Unit(f"{scene.id}#question.{n}", question, here, "question"))
    for n, note in enumerate(scene.notes, start=1):
        out.append(Unit(f"{scene.id}#note.{n}", note, here, "note"))
    for para in scene.paragraphs:
        if para.parts:
            out.append(
                Unit(
                    para.key,
                    source_text(para.parts),
                    para.location,
                    "paragraph",
                    _has_inline(para.parts),
                    para.parts,
                )
            )
    for choice in scene.choices:
        if choice.label is not None:
            text = source_text(choice.label)
            out.append(
                Unit(choice.key, text, choice.location, "choice", _has_inline(choice.label), choice.label)
            )
        for n, reason in enumerate(_reasons(choice), start=1):
            rid = f"{choice.key}#reason" if n == 1 else f"{choice.key}#reason.{n}"
            out.append(Unit(rid, reason.reason or "", reason.location, "reason"))
    return out


def _reasons(choice: Choice) -> list[Condition]:
    return [c for c in choice.conditions if c.reason]


_TABLE = re.compile(r"\[\[\s*([^\]]+?)\s*\]\]|\[\s*([^\]]+?)\s*\]|([A-Za-z0-9_\-\"]+)\s*=")


def _manifest_positions(story: Story) -> Callable[[str, str], Location]:
    """``at(table, key)``: the line of ``key =`` in ``[table]`` of story.toml, for a unit's ``#:``."""
    lines: dict[tuple[str, str], Location] = {}
    tables: dict[str, Location] = {}
    path = Path(story.root) / "story.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    table, arrays = "", Counter[str]()
    for n, line in enumerate(text.splitlines(), start=1):
        m = _TABLE.match(line.strip())
        if m is None:
            continue
        if m.group(1):
            table = f"{m.group(1)}#{arrays[m.group(1)]}"
            arrays[m.group(1)] += 1
            tables[table] = Location("story.toml", n)
        elif m.group(2):
            table = m.group(2).replace('"', "")
            tables[table] = Location("story.toml", n)
        else:
            lines.setdefault((table, m.group(3).strip('"')), Location("story.toml", n))

    def at(table: str, key: str) -> Location:
        return lines.get((table, key)) or tables.get(table) or Location("story.toml", 0)

    return at


def relative_location(story: Story, location: Location) -> Location:
    """``location`` with its file relative to the story folder (``scenes/a.md``), as a catalog's
    ``#:`` references write it: the same wherever the story is opened from."""
    if not os.path.isabs(location.file) and location.file == "story.toml":
        return location
    try:
        rel = os.path.relpath(os.path.realpath(location.file), os.path.realpath(story.root))
    except (ValueError, OSError):
        return location
    if rel.startswith(".."):
        return location
    return location._replace(file=rel.replace(os.sep, "/"))


# -- checking a translation --------------------------------------------------------------------


class Problem(NamedTuple):
    """Why a translation cannot be used: what is wrong, where in its text, how to fix it."""

    message: str
    hint: str
    offset: int = 0  # 0-based, in the translated text
    code: str = "translation"


def _signature(parts: Parts, depth: int = 0) -> list[tuple[str, int]]:
    """The ``{...}`` parts of inline text, each as it must be kept: the expression of a value
    or a condition (with or without an else), the kind and size of an alternative."""
    out: list[tuple[str, int]] = []
    for part in parts:
        if type(part) is Interp:
            out.append(("{" + part.expr.source + "}", depth))
        elif type(part) is Cond:
            shape = " | ..." if part.otherwise else ""
            out.append(("{" + part.expr.source + ": ..." + shape + "}", depth))
        elif type(part) is Seq:
            sigil = {"sequence": "", "cycle": "&", "once": "!", "shuffle": "~"}[part.kind]
            out.append(("{" + sigil + "|".join(["..."] * len(part.branches)) + "}", depth))
        for branch in branches(part):
            out.extend(_signature(branch, depth + 1))
    return out


def _alternatives(parts: Parts) -> list[str]:
    return [sig for sig, _ in _signature(parts) if sig.startswith("{") and ":" not in sig and "..." in sig]


def _markup(text: str) -> tuple[int, int]:
    """How many ``**`` and lone ``*`` (emphasis marks) a text holds."""
    bold = text.count("**")
    return bold, text.replace("**", "").count("*")


def structure_problems(unit: Unit, text: str, variables: Mapping[str, str]) -> list[Problem]:
    """Why ``text`` cannot stand for ``unit`` (empty: it can). The same checks as the source's
    (control and invisible characters, inline parsing), then the structure: the same
    ``{...}`` parts, the same alternatives in the same order, the same emphasis marks."""
    bad = CONTROL.search(text)
    if bad is not None:
        return [
            Problem(f"invisible control character {describe(bad.group()[0])}", HINT, bad.start(), "control")
        ]
    if unit.is_name:
        unseen = INVISIBLE.search(text)
        if unseen is not None:
            message = f"invisible character {describe(unseen.group())} in {KINDS[unit.kind]}"
            return [Problem(message, INVISIBLE_HINT, unseen.start(), "invisible")]
    if unit.kind not in ("paragraph", "choice"):
        return []
    try:
        parts = parse_inline(_one_line(text), variables)
        source = parse_inline(unit.english, variables)
    except InlineError as err:
        hint = err.hint
        if not hint or "story.toml" in hint or "declare" in hint:  # advice for authors, not translators
            hint = "write the {...} parts as the English has them: names and conditions are never translated"
        return [Problem(err.message, hint, err.offset, "inline")]
    problems: list[Problem] = []
    want, got = Counter(s for s, _ in _signature(source)), Counter(s for s, _ in _signature(parts))
    for sig in sorted((want - got).elements()):
        hint = (
            "keep every {...} part of the English (translate the text inside it, not what comes before ':')"
        )
        problems.append(Problem(f"the translation lost {sig}", hint, 0, "lost-inline"))
    for sig in sorted((got - want).elements()):
        where = max(0, text.find(sig.split(":")[0].split("}")[0]))
        hint = "the English has no such part: a changed variable name or condition? Write \\{ for a brace"
        problems.append(
            Problem(f"the translation has {sig}, which the English does not", hint, where, "new-inline")
        )
    if not problems and _alternatives(parts) != _alternatives(source):
        hint = "keep the alternatives ({a|b}, {&a|b}, {!a}, {~a|b}) in the English order"
        problems.append(
            Problem("the alternatives are in a different order than in the English", hint, 0, "order")
        )
    if _markup(_plain(parts)) != _markup(_plain(source)):
        hint = "use as many *italic* and **bold** marks as the English"
        problems.append(Problem("the emphasis marks (* and **) do not match the English", hint, 0, "markup"))
    return problems


def _plain(parts: Parts) -> str:
    return "".join(p for p in iter_parts(parts) if type(p) is str)


def _one_line(text: str) -> str:
    """A translation may wrap lines (a paragraph's source lines join with a space too)."""
    return text.replace("\n", " ")  # one for one: offsets stay those of the translation; shown, runs collapse


# -- building the translated story ------------------------------------------------------------


def translate_manifest(
    manifest: Manifest, translations: Mapping[str, Translation], language: str
) -> Manifest:
    """The title screen's texts of ``manifest`` in ``language`` (title, blurb, content note,
    credits, part titles), each checked as in :func:`translate_story`; the rest as it is."""

    def get(key: str, kind: str, default: str) -> str:
        tr = translations.get(key)
        if tr is None or not tr.text.strip() or not default or tr.source not in (None, default):
            return default
        unit = Unit(key, default, Location(""), kind)
        return default if structure_problems(unit, tr.text, {}) else tr.text.strip()

    title = get("story.title", "title", manifest.title)
    parts = tuple(
        replace(p, title=get(f"parts.{p.id}.title", "part", title if p.title == manifest.title else p.title))
        for p in manifest.parts
    )
    return replace(
        manifest,
        title=title,
        blurb=get("story.blurb", "blurb", manifest.blurb),
        content_note=get("story.content_note", "content_note", manifest.content_note),
        credits=get("story.credits", "credits", manifest.credits),
        language=language,
        parts=parts,
    )


def translate_story(
    story: Story, translations: Mapping[str, Translation], language: str
) -> tuple[Story, list[Diagnostic]]:
    """``story`` with the text of every unit that ``translations`` translates usably, and a
    diagnostic for each translation that was not used (the source text stays there).

    Only text changes: ids, structure, the content hash (what saves are checked against)
    are the source's, so a game saved in one language loads in another."""
    variables = Scope({v.name: v.type for v in story.variables})
    units = {u.id: u for u in translatable_units(story)}
    usable: dict[str, str] = {}
    diags: list[Diagnostic] = []
    for key, tr in translations.items():
        unit = units.get(key)
        if unit is None or not tr.text or (tr.source is not None and tr.source != unit.english):
            continue  # gone, empty, or made for English that has changed since: shows the English
        problems = structure_problems(unit, tr.text, variables)
        for p in problems:
            diags.append(
                Diagnostic(tr.at(p.offset), f"{key}: {p.message} (the English is shown)", p.hint, code=p.code)
            )
        if not problems:
            usable[key] = tr.text if unit.kind in ("paragraph", "choice") else tr.text.strip()
    if not usable:
        return replace(story, language=language), diags
    return _rebuilt(story, usable, variables, language), diags


def _rebuilt(story: Story, text: Mapping[str, str], variables: Scope, language: str) -> Story:
    def get(key: str, default: str) -> str:
        return text.get(key, default)

    variables_out = tuple(
        replace(
            v,
            label=get(f"vars.{v.name}.label", v.label),
            description=get(f"vars.{v.name}.description", v.description),
        )
        if v.label is not None
        else v
        for v in story.variables
    )
    by_name = {v.name: v for v in variables_out}
    title = get("story.title", story.title)
    parts = tuple(  # the one part of a story without [[parts]] is called by the story's title
        replace(p, title=get(f"parts.{p.id}.title", title if p.title == story.title else p.title))
        for p in story.parts
    )
    routes = tuple(
        replace(
            r,
            title=get(f"routes.{r.name}.title", r.title),
            description=get(f"routes.{r.name}.description", r.description),
        )
        for r in story.routes
    )
    scenes = {sid: _scene(scene, text, variables) for sid, scene in story.scenes.items()}
    return replace(
        story,
        title=title,
        blurb=get("story.blurb", story.blurb),
        content_note=get("story.content_note", story.content_note),
        credits=get("story.credits", story.credits),
        language=language,
        variables=variables_out,
        parts=parts,
        routes=routes,
        scenes=MappingProxyType(scenes),
        part_meters=MappingProxyType(
            {pid: tuple(by_name[v.name] for v in meters) for pid, meters in story.part_meters.items()}
        ),
    )


def _scene(scene: Scene, text: Mapping[str, str], variables: Scope) -> Scene:
    sid = scene.id
    if not any(k.startswith((sid + "#", sid + "/")) for k in text) and f"{sid}#title" not in text:
        return scene
    in_body = {id(item) for item in scene.body if type(item) is Paragraph}
    paragraphs: dict[str, Paragraph] = {}
    for para in scene.paragraphs:
        translated = text.get(para.key)
        by_visits = not scene.body or id(para) in in_body
        paragraphs[para.key] = (
            para if translated is None else _paragraph(para, translated, sid, variables, by_visits)
        )
    return replace(
        scene,
        title=text.get(f"{sid}#title", scene.title) if scene.title is not None else None,
        ending=text.get(f"{sid}#ending", scene.ending) if scene.ending is not None else None,
        summary=text.get(f"{sid}#summary", scene.summary) if scene.summary is not None else None,
        questions=tuple(text.get(f"{sid}#question.{n}", q) for n, q in enumerate(scene.questions, start=1)),
        notes=tuple(text.get(f"{sid}#note.{n}", q) for n, q in enumerate(scene.notes, start=1)),
        paragraphs=tuple(paragraphs[p.key] for p in scene.paragraphs),
        body=tuple(_item(item, paragraphs) for item in scene.body),
        choices=tuple(_choice(c, text, variables) for c in scene.choices),
    )


def _paragraph(para: Paragraph, translated: str, scene: str, variables: Scope, by_visits: bool) -> Paragraph:
    parts = parse_inline(_one_line(translated), variables)
    if len(parts) == 1 and type(parts[0]) is str:
        plain = " ".join(parts[0].split())
        return replace(para, parts=(plain,), static=TextBlock(para.key, scene, plain, None, para.tags))
    if any(type(p) is Seq for p in iter_parts(parts)):
        parts, _ = number_alternatives(parts, para.key, by_visits)
    return replace(para, parts=parts, static=None)


def _item(item: Item, paragraphs: Mapping[str, Paragraph]) -> Item:
    if type(item) is Paragraph:
        return paragraphs[item.key]
    if type(item) is Block:
        return replace(
            item,
            branches=tuple(
                (cond, tuple(_item(i, paragraphs) for i in items)) for cond, items in item.branches
            ),
        )
    return item


def _choice(choice: Choice, text: Mapping[str, str], variables: Scope) -> Choice:
    label = choice.label
    translated = text.get(choice.key)
    if label is not None and translated is not None:
        label = parse_inline(_one_line(translated), variables)
        if len(label) == 1 and type(label[0]) is str:
            label = (" ".join(label[0].split()),)
        if any(type(p) is Seq for p in iter_parts(label)):
            label, _ = number_alternatives(label, choice.key, False)
    conditions: list[Condition] = []
    n = 0
    for cond in choice.conditions:
        if cond.reason:
            n += 1
            rid = f"{choice.key}#reason" if n == 1 else f"{choice.key}#reason.{n}"
            cond = replace(cond, reason=text.get(rid, cond.reason))
        conditions.append(cond)
    return replace(choice, label=label, conditions=tuple(conditions))
