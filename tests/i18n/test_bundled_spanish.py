"""The bundled story in Spanish, on its real catalog (story/locales/es.po).

Every ending is played in English and in Spanish side by side, along the story's golden
transcripts (one per ending): at every step, every text the player meets (the view's
title, each paragraph, each option and its reason, the ending's title, the meters) must be
the Spanish. A text that reads the same in both counts as untranslated English unless the
catalog translates it as itself on purpose (a street name, a time: ``msgstr`` = ``msgid``)."""

from __future__ import annotations

import subprocess
import sys

import polib

from patrolday.bundled import bundled_story_path
from patrolday.engine import SceneView, choose, load_story, parse_preset, present, start
from patrolday.tooling.transcripts import load_transcripts

STORY = bundled_story_path()


def shown(view: SceneView) -> list[tuple[str, str]]:
    """(what, text) for everything a player reads in ``view``."""
    out = [("title", view.title or ""), ("ending", view.ending or "")]
    out += [(f"paragraph {b.key}", b.text) for b in view.blocks]
    out += [(f"heading {b.key}", b.heading or "") for b in view.blocks]
    out += [(f"option {c.key}", c.label) for c in view.choices]
    out += [(f"reason {c.key}", c.reason) for c in view.choices]
    out += [(f"meter {m.name}", m.label) for m in view.meters]
    out += [(f"meter help {m.name}", m.description) for m in view.meters]
    return out


def test_every_ending_reads_in_spanish_with_no_english_line() -> None:
    english = load_story(STORY)
    spanish = load_story(STORY, "es")
    assert spanish.language == "es"
    catalog = polib.pofile(str(STORY / "locales" / "es.po"))
    as_itself = {e.msgid for e in catalog if e.msgstr == e.msgid}
    untranslated: list[str] = []
    endings: set[str] = set()
    transcripts = load_transcripts(STORY / "tests")
    for transcript in transcripts:
        preset = parse_preset(english, [a for a, _ in transcript.preset]) if transcript.preset else None
        states = [
            start(story, transcript.part, transcript.seed, preset=preset, at=transcript.origin)
            for story in (english, spanish)
        ]
        for line in [*transcript.lines, None]:
            en, es = present(english, states[0]), present(spanish, states[1])
            assert en.scene == es.scene  # the same game, word for word in another language
            for (what, en_text), (_, es_text) in zip(shown(en), shown(es), strict=True):
                same = en_text == es_text and en_text not in as_itself
                if same and any(c.isalpha() for c in en_text):
                    untranslated.append(f"{transcript.name}: {en.scene}: {what}: {en_text[:70]}")
            if line is None:
                break
            if line.kind == "choose":
                option = next(c for c in en.choices if line.value in (c.id, str(c.number)))
                states = [choose(english, states[0], option.id), choose(spanish, states[1], option.id)]
        if english.scenes[states[0].scene].is_ending:
            endings.add(states[0].scene)
    assert untranslated == []
    assert endings == {s.id for s in english.endings}  # every ending was played


def test_check_lang_es_reports_full_coverage_and_nothing_broken() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "patrolday", "check", str(STORY), "--lang", "es"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert "(100.0% coverage), 0 fuzzy, 0 missing, 0 broken," in summary and " - 0 errors," in summary
    # obsolete entries (texts the story no longer has) are the translators' to delete: not a gap
