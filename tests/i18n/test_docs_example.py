"""The translation example in docs/story-format.md is true: its scene gives its msgid, and its
reordered Spanish msgstr is used as written."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from translating import cli

from patrolday.engine import load_story, present, start

DOC = Path(__file__).parent.parent.parent / "docs" / "story-format.md"


def test_the_documented_entry_is_what_translate_writes_and_the_engine_reads(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    scene = re.search(r"```\n(=== porch ===\n.*?)```", text, re.S)
    entry = re.search(r'msgctxt "porch#1"\nmsgid "(.*)"\nmsgstr "(.*)"\n', text)
    assert scene is not None and entry is not None
    story = tmp_path / "porch"
    (story / "scenes").mkdir(parents=True)
    manifest = '[story]\nid = "p"\ntitle = "P"\nstart = "porch"\n'
    manifest += '[vars.trust]\ninitial = 2\nlabel = "Trust"\nmin = 0\nmax = 10\n'
    (story / "story.toml").write_text(manifest, encoding="utf-8")
    (story / "scenes" / "porch.md").write_text(scene.group(1), encoding="utf-8")
    assert cli("translate", str(story), "--lang", "es").returncode == 0
    po = polib.pofile(str(story / "locales" / "es.po"))
    written = po.find("porch#1", by="msgctxt")
    assert written.msgid == entry.group(1)
    assert written.occurrences == [("scenes/porch.md", "2")]
    written.msgstr = entry.group(2)
    po.save()
    spanish = load_story(story, "es")
    assert present(spanish, start(spanish)).blocks[0].text == (
        "Confianza: 2. La señora Reyes saluda desde el porche."
    )
