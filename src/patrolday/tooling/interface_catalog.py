"""The interface's own words for translators: every ``_()`` string in the package, and the
shipped catalogs (``patrolday/locales/LANG/LC_MESSAGES/patrolday.po``) kept in step with them.

What xgettext would do, in a few lines of ``ast`` so no tool outside Python is needed: a
call to ``_``, ``tr`` or ``N_`` with a literal string, or to ``ngettext`` with two, is a
message; so is ``_("...")`` or ``ngettext("...", "...", n)`` in a Jinja2 template (``*.j2``:
the workshop reports and the room's page call them with double-quoted English).
``python -m patrolday.tooling.interface_catalog`` adds new messages to every
catalog (empty, for translating), marks changed ones fuzzy and sets aside those no longer
used, with the same rules as ``patrolday translate`` (see patrolday.tooling.catalogs).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parent.parent
LOCALES = PACKAGE / "locales"
SINGULAR = frozenset({"_", "tr", "N_"})
PLURAL = frozenset({"ngettext"})
_QUOTED = r'"((?:[^"\\]|\\.)*)"'
TEMPLATE_SINGULAR = re.compile(r"\b_\(\s*" + _QUOTED + r"\s*\)")
TEMPLATE_PLURAL = re.compile(r"\bngettext\(\s*" + _QUOTED + r"\s*,\s*" + _QUOTED + r"\s*,")


def _calls(tree: ast.AST) -> Iterator[tuple[ast.Call, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            yield node, node.func.id


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def extract(package: Path = PACKAGE) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """Every message in the package's modules, with where it is used (file, line)."""
    found: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        where = str(path.relative_to(package.parent))
        for call, name in _calls(tree):
            if name in SINGULAR and call.args:
                text = _literal(call.args[0])
                if text:
                    found.setdefault((text, ""), []).append((where, call.lineno))
            elif name in PLURAL and len(call.args) >= 2:
                one, many = _literal(call.args[0]), _literal(call.args[1])
                if one and many:
                    found.setdefault((one, many), []).append((where, call.lineno))
    for path in sorted(package.rglob("*.j2")):
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(package.parent))
        for match in TEMPLATE_SINGULAR.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault((_unquote(match[1]), ""), []).append((where, line))
        for match in TEMPLATE_PLURAL.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault((_unquote(match[1]), _unquote(match[2])), []).append((where, line))
    return found


def _unquote(text: str) -> str:
    """A template's double-quoted string as the text it stands for (Jinja2 reads the same
    escapes as Python)."""
    value = ast.literal_eval(f'"{text}"')
    return value if isinstance(value, str) else text


def update(po: polib.POFile, messages: dict[tuple[str, str], list[tuple[str, int]]]) -> polib.POFile:
    """``po`` with an entry for every message: kept, added empty, or set aside as obsolete."""
    old = {(e.msgid, e.msgid_plural or ""): e for e in po}
    out = polib.POFile(wrapwidth=79)
    out.header, out.metadata = po.header, po.metadata
    for (msgid, plural), uses in messages.items():
        entry = old.pop((msgid, plural), None)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgid_plural=plural or "", msgstr="")
            if plural:
                entry.msgstr_plural = {0: "", 1: ""}
        entry.occurrences = [(file, str(line)) for file, line in uses]
        if "{" in msgid and not entry.comment:
            entry.comment = "Keep the {names} in braces as they are: the program fills them in."
        out.append(entry)
    for entry in old.values():
        if entry.msgstr or any(entry.msgstr_plural.values()):
            entry.obsolete = True
            out.append(entry)
    return out


def main() -> int:
    messages = extract()
    for path in sorted(LOCALES.glob("*/LC_MESSAGES/patrolday.po")):
        po = update(polib.pofile(str(path), wrapwidth=79), messages)
        po.save(str(path))
        todo = [e for e in po if not e.obsolete and not (e.msgstr or any(e.msgstr_plural.values()))]
        print(f"{path}: {len(po)} messages, {len(todo)} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
