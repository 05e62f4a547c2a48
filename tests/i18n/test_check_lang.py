"""``patrolday check STORY --lang es``: every defect a catalog can have, as file:line:column with a
hint, and the coverage, on fixture stories (tests/stories/translation)."""

from __future__ import annotations

import json
from pathlib import Path

from translating import SPANISH, cli, fill, tiny_copy

DEFECTS = Path(__file__).parent.parent / "stories" / "translation" / "defects"


def finding_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


def test_each_defect_is_reported_where_the_translator_fixes_it() -> None:
    result = cli("check", str(DEFECTS), "--lang", "es")
    assert result.returncode == 1, result.stdout + result.stderr  # broken translations are errors
    out = result.stdout
    lines = finding_lines(out)

    def one(fragment: str) -> str:
        found = [line for line in lines if fragment in line]
        assert len(found) == 1, (fragment, lines)
        return found[0]

    markup = one("yard#1: the emphasis marks")
    assert ": error: " in markup and markup.split(": error")[0].endswith("es.po:55:9")
    renamed = one("yard#2")
    assert ": error: " in renamed and "confianza" in renamed
    assert renamed.split(": error")[0].endswith("es.po:70:14")  # the column of confianza, on its line
    lost = one("yard/ask-met-again-for-the-ball: the translation lost {met: ... | ...}")
    assert ": error: " in lost and lost.split(": error")[0].endswith("es.po:99:9")
    missing = one("yard/stop#reason: not translated")
    assert ": warning: " in missing and missing.split(": warning")[0].endswith("es.po:89:9")
    absent = one("vars.trust.description: not in the catalog yet")
    assert absent.split(": warning")[0].endswith("defects/story.toml:13")
    fuzzy = one("end-talk#1: fuzzy")
    assert ": warning: " in fuzzy
    obsolete = one("yard/honk: obsolete")
    assert ": warning: " in obsolete and obsolete.split(": warning")[0].endswith("es.po:133:12")
    assert len(lines) == 7
    # every finding comes with a hint
    assert out.count("    hint: ") == len(lines)
    summary = out.strip().splitlines()[-1]
    assert "17 texts, 11 translated (64.7% coverage)" in summary
    assert "1 fuzzy, 2 missing, 3 broken, 1 obsolete" in summary


def test_a_complete_catalog_checks_clean_at_full_coverage(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    cli("translate", str(story), "--lang", "es")
    fill(story / "locales" / "es.po", SPANISH)
    result = cli("check", str(story), "--lang", "es", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert finding_lines(result.stdout) == []
    assert "17 translated (100.0% coverage)" in result.stdout


def test_check_lang_json_and_a_missing_catalog(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    none = cli("check", str(story), "--lang", "fr")
    assert none.returncode == 0  # nothing broken, only work left
    assert "no catalog for 'fr'" in none.stdout and "patrolday translate" in none.stdout
    assert cli("check", str(story), "--lang", "fr", "--strict").returncode == 1
    data = json.loads(cli("check", str(DEFECTS), "--lang", "es", "--json").stdout)
    assert data["coverage"] == 64.7 and data["texts"] == 17
    assert {f["code"] for f in data["findings"]} >= {"markup", "inline", "lost-inline", "fuzzy", "obsolete"}
