"""docs/translating.md is true: a translator who follows it, from finding the story folder to an
empty catalog, a check, golden transcripts and the interface in a new language, meets what it
says. French (``fr``) is the new language, on copies in a temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import polib
from translating import cli

import patrolday
from patrolday.bundled import bundled_story_path

DOC = Path(__file__).parent.parent.parent / "docs" / "translating.md"
GUIDE = DOC.read_text(encoding="utf-8")


def _numbers_free(line: str) -> re.Pattern[str]:
    """The documented output line as a pattern: the same words, any numbers."""
    return re.compile(re.sub(r"\d+", r"\\d+", re.escape(line)))


def _shape(text_id: str) -> str:
    """The kind of a text id: ``front-yard/ask#reason.2`` -> ``*/*#reason.N``."""
    head, dot, rest = text_id.partition(".")
    if head in ("vars", "parts", "routes"):
        return f"{head}.*.{rest.split('.', 1)[1]}"
    if head == "story" and dot:
        return text_id
    scene, _, part = text_id.partition("#")
    shape = "*/*" if "/" in scene else "*"
    return shape + ("#" + re.sub(r"\d+", "N", part) if part else "")


def test_check_lang_says_where_the_bundled_story_is() -> None:
    assert "whose last line begins with the path of its Spanish catalog" in GUIDE
    result = cli("check", "--lang", "es")
    assert result.returncode == 0, result.stderr
    catalog = Path(result.stdout.strip().splitlines()[-1].split(": ", 1)[0]).resolve()  # as the shell sees it
    assert catalog.parts[-2:] == ("locales", "es.po")
    assert catalog.parent.parent == bundled_story_path() and (catalog.parent.parent / "story.toml").is_file()


def test_from_an_empty_catalog_to_golden_transcripts_as_the_guide_says(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(bundled_story_path(), story)

    # 1. Make the catalog: the documented command, and output of the documented form
    made = cli("translate", str(story), "--lang", "fr")
    assert made.returncode == 0, made.stderr
    (documented,) = re.findall(r"^story/locales/fr\.po: created;.*$", GUIDE, re.M)
    line = made.stdout.strip().replace(str(story), "story")
    assert _numbers_free(documented).fullmatch(line), (documented, line)
    catalog = story / "locales" / "fr.po"
    po = polib.pofile(str(catalog))
    assert f"{len(po)} entries" in documented  # the number the guide gives is Patrol Day's

    # 2. The guide's table of ids names every kind of id the catalog has, and no other
    table = GUIDE.split("| id | what it is |", 1)[1].split("\n\n", 1)[0]
    named = [i for i in re.findall(r"`([^`]+)`", table) if re.search(r"[.#/]", i)]  # not the bare scene name
    assert {_shape(i) for i in named} == {_shape(e.msgctxt) for e in po}

    # 4. Check it: every entry listed, the summary last, exit 0 but 1 with --strict
    checked = cli("check", str(story), "--lang", "fr")
    assert checked.returncode == 0, checked.stderr
    summary = checked.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"{catalog}: {len(po)} texts, 0 translated (0.0% coverage), 0 fuzzy, ")
    assert cli("check", str(story), "--lang", "fr", "--strict").returncode == 1

    # 8. Golden transcripts in your language: one per transcript of the story, then a changed
    # translation fails the replay
    first = next(e for e in po if e.msgctxt == "roll-call#1")  # "Roll call, 1:45 p.m. The briefing..."
    first.msgstr = first.msgid.replace("Roll call, 1:45 p.m.", "Appel, 13 h 45.")
    po.save()
    recorded = cli("test", str(story), "--record", "--lang", "fr")
    assert recorded.returncode == 0, recorded.stderr
    english = sorted(p.name for p in (story / "tests").glob("*.transcript"))
    assert sorted(p.name for p in (story / "tests" / "fr").glob("*.transcript")) == english
    porch = (story / "tests" / "fr" / "end-porch.transcript").read_text(encoding="utf-8")
    assert "lang: fr\n" in porch and "> Appel, 13 h 45.\n" in porch
    assert cli("test", str(story), "--lang", "fr").returncode == 0
    first.msgstr = first.msgid.replace("Roll call, 1:45 p.m.", "L'appel, 13 h 45.")
    po.save()
    replayed = cli("test", str(story), "--lang", "fr")
    assert replayed.returncode == 1
    assert "text not found" in replayed.stdout and "+> L'appel, 13 h 45." in replayed.stdout


def test_a_new_interface_language_from_the_documented_header(tmp_path: Path) -> None:
    """Section 7: the header alone, then the catalog tool, gives every message to translate, and
    ``--lang fr`` shows a translated one."""
    blocks = [textwrap.dedent(b) for b in re.findall(r"```\n(.*?)```", GUIDE, re.S)]
    (header,) = [b for b in blocks if b.startswith('msgid ""\nmsgstr ""\n"Language: fr')]
    source = tmp_path / "src"
    shutil.copytree(Path(patrolday.__file__).parent, source / "patrolday")
    folder = source / "patrolday" / "locales" / "fr" / "LC_MESSAGES"
    assert "src/patrolday/locales/fr/LC_MESSAGES/" in GUIDE
    folder.mkdir(parents=True)
    (folder / "patrolday.po").write_text(header, encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if k not in ("PATROLDAY_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    env.update(PYTHONPATH=str(source), NO_COLOR="1")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=120)

    tool = run("-m", "patrolday.tooling.interface_catalog")
    assert tool.returncode == 0, tool.stderr
    po = polib.pofile(str(folder / "patrolday.po"))
    spanish = polib.pofile(str(source / "patrolday" / "locales" / "es" / "LC_MESSAGES" / "patrolday.po"))
    assert {e.msgid for e in po} == {e.msgid for e in spanish if not e.obsolete}
    assert f"{folder / 'patrolday.po'}: {len(po)} messages, {len(po)} to translate" in tool.stdout
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    help_line = next(e for e in po if e.msgid.startswith("Type the number of an option"))
    help_line.msgstr = "Tapez le numéro d'une option et appuyez sur Entrée."
    po.save()
    played = run("-m", "patrolday", "play", str(bundled_story_path()), "--plain", "--lang", "fr",
                 "--choices", "1", "--no-log")  # fmt: skip
    assert played.returncode == 0, played.stderr
    assert "Tapez le numéro d'une option" in played.stdout and "Type the number" not in played.stdout
