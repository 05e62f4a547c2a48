"""Which language a command shows: ``--lang``, else PATROLDAY_LANG, else LC_ALL / LC_MESSAGES /
LANG (the first one set decides, as in gettext), else the story's own; and what each looks like
from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from translating import SPANISH, cli, fill, tiny_copy

from patrolday.game.language import chosen_language, language_name, normalise


@pytest.mark.parametrize(
    ("value", "code"),
    [("es", "es"), ("es_US.UTF-8", "es_US"), ("es_MX@euro", "es_MX"), ("C", None), ("POSIX", None),
     ("C.UTF-8", None), ("", None), ("../etc", None), ("pt-BR", "pt-BR")],
)  # fmt: skip
def test_locale_names_become_language_codes(value: str, code: str | None) -> None:
    assert normalise(value) == code


def test_the_order_of_the_sources() -> None:
    env = {"PATROLDAY_LANG": "fr", "LC_ALL": "de_DE.UTF-8", "LC_MESSAGES": "it_IT", "LANG": "es_US.UTF-8"}
    assert chosen_language("pt", env) == "pt"
    assert chosen_language(None, env) == "fr"
    assert chosen_language(None, {**env, "PATROLDAY_LANG": ""}) == "de_DE"
    assert chosen_language(None, {"LC_MESSAGES": "it_IT", "LANG": "es_US.UTF-8"}) == "it_IT"
    assert chosen_language(None, {"LANG": "es_US.UTF-8"}) == "es_US"
    assert chosen_language(None, {"LC_ALL": "C", "LANG": "es_US.UTF-8"}) is None  # C decides: no language
    assert chosen_language(None, {}) is None
    assert language_name("es") == "Español" and language_name("es_US") == "Español (es_US)"
    assert language_name("xx") == "xx"


def play(story: Path, *args: str, env: dict[str, str] | None = None) -> str:
    unset = ("PATROLDAY_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [sys.executable, "-m", "patrolday", "play", str(story), "--plain", "--choices", "1", *args],
        capture_output=True, text=True, timeout=120, env={**base, "NO_COLOR": "1", **(env or {})},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_play_takes_the_language_from_the_environment(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    cli("translate", str(story), "--lang", "es")
    fill(story / "locales" / "es.po", SPANISH)
    assert "Su mamá saluda" in play(story, env={"LANG": "es_US.UTF-8"})
    assert "Su mamá saluda" in play(story, env={"PATROLDAY_LANG": "es", "LANG": "en_US.UTF-8"})
    assert "His mother waves" in play(story, "--lang", "en", env={"PATROLDAY_LANG": "es"})
    assert "His mother waves" in play(story, env={"LANG": "fr_FR.UTF-8"})  # no French: as written
    assert "His mother waves" in play(story, env={"LC_ALL": "C"})


def test_debrief_and_report_speak_the_language_of_the_story_and_the_log_stays_ids(tmp_path: Path) -> None:
    story = tiny_copy(tmp_path)
    cli("translate", str(story), "--lang", "es")
    fill(story / "locales" / "es.po", SPANISH)
    sessions = tmp_path / "sessions"
    options = ("--plain", "--lang", "es", "--choices", "3,1", "--sessions-dir", str(sessions))
    played = cli("play", str(story), *options)
    assert played.returncode == 0, played.stderr
    (log,) = sessions.glob("*.json")
    text = log.read_text(encoding="utf-8")
    assert "Pedir" not in text and "Saludar" not in text  # ids only, in any language
    debrief = cli("debrief", str(log), "--story", str(story), "--lang", "es")
    assert debrief.returncode == 0, debrief.stderr
    assert "Final al que se llegó: Otra llamada" in debrief.stdout and "Saludar y seguir" in debrief.stdout
    english = cli("debrief", str(log), "--story", str(story))
    assert "Ending reached: Another call" in english.stdout
    report = cli("report", str(sessions), "--story", str(story), "--lang", "es", "-o", str(tmp_path / "r"))
    assert report.returncode == 0, report.stderr
    assert "Saludar y seguir" in (tmp_path / "r" / "report.md").read_text(encoding="utf-8")


def test_serve_passes_the_language_to_every_browser_game() -> None:
    import argparse

    from patrolday.commands.serve import play_command

    args = argparse.Namespace(
        story=None, part=None, lang="es", no_log=True, sessions_dir=None, workshop=False, room=False
    )
    assert "--lang es" in play_command(args)
