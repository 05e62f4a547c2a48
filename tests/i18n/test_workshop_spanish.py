"""The facilitator's reports and debrief in Spanish (issue 17), as a facilitator runs them: a
log recorded in English (logs hold ids only) read back with ``--lang es`` shows the
interface's words AND the story's text in Spanish; and the errors a facilitator meets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from patrolday.engine import Story, load_story
from patrolday.game.playthrough import Playthrough
from patrolday.workshop.sessions import SessionLog

COMPLETE = Path(__file__).parent.parent / "stories" / "translation" / "complete"


def run(*args: str, tmp_path: Path, lang: str | None = "es") -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "PATROLDAY_LANG")
    }
    env.update(NO_COLOR="1", COLUMNS="110", PATROLDAY_DATA_DIR=str(tmp_path / "data"))
    env["PATROLDAY_SESSIONS_DIR"] = str(tmp_path / "sessions")
    extra = ("--lang", lang) if lang else ()
    return subprocess.run(
        [sys.executable, "-m", "patrolday", *args, *extra],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.fixture(scope="module")
def english() -> Story:
    return load_story(COMPLETE)


def english_log(story: Story, folder: Path) -> Path:
    """A workshop session played in English: the room voted 5 to 3 to wave and drive on."""
    log = SessionLog(story, folder, "tui", workshop=True)
    play = Playthrough.new(story, None, listeners=[log])
    play.choose("wave", votes={"wave": 5, "ask-met-again-for-the-ball": 4})
    log.close()
    return log.path


def flat(text: str) -> str:
    return " ".join(text.split())


def test_debrief_in_spanish_from_an_english_log(english: Story, tmp_path: Path) -> None:
    path = english_log(english, tmp_path / "logs")
    assert json.loads(path.read_text(encoding="utf-8"))["story"]["id"] == "tiny"
    result = run("debrief", str(path), "--story", str(COMPLETE), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    out = flat(result.stdout)
    for spanish in (
        "Reflexión final: El patio",  # the story's title from its catalog
        "Final al que se llegó: Otra llamada",
        "EL CAMINO QUE SE TOMÓ",
        "El patio de enfrente (decisión): Saludar y seguir (5 de 9 votos)",
        "no se tomó: Pedir otra vez - 4 votos",
        "¿QUÉ PASÓ?",
        "el grupo escogió “Saludar y seguir”",
        "¿Qué ve la mamá del niño desde la ventana?",  # the story's own question
        "¿Y AHORA QUÉ?",
    ):
        assert spanish in out, spanish
    for english_word in ("Debrief", "THE PATH TAKEN", "not taken", "votes)", "WHAT?", "Wave and drive on"):
        assert english_word not in out, english_word
    assert "has changed since" not in result.stderr  # the translation is the same story


def test_debrief_stays_english_without_lang(english: Story, tmp_path: Path) -> None:
    path = english_log(english, tmp_path / "logs")
    result = run("debrief", str(path), "--story", str(COMPLETE), tmp_path=tmp_path, lang=None)
    assert result.returncode == 0, result.stderr
    assert "Debrief: The Yard" in result.stdout and "Wave and drive on (5 of 9 votes)" in result.stdout


def test_report_in_spanish_from_an_english_log(english: Story, tmp_path: Path) -> None:
    path = english_log(english, tmp_path / "logs")
    out_dir = tmp_path / "report"
    result = run(
        "report", str(path), "--story", str(COMPLETE), "-o", str(out_dir), "--projector", tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    terminal = flat(result.stdout)
    for spanish in (
        "Informe del taller: El patio",
        "Saludar y seguir",
        "Finales",
        "Se leyó 1 registro de sesión",
    ):
        assert spanish in terminal, spanish
    assert "Workshop report" not in terminal and "Endings" not in terminal
    markdown = (out_dir / "report.md").read_text(encoding="utf-8")
    html = (out_dir / "report.html").read_text(encoding="utf-8")
    projector = (out_dir / "projector.html").read_text(encoding="utf-8")
    assert "# Informe del taller: El patio" in markdown and "## Decisiones" in markdown
    assert "Saludar y seguir" in markdown and "Otra llamada" in markdown
    assert '<html lang="es">' in html and "Informe del taller: El patio" in html
    assert "Finales" in html and "Medidores al final" in html
    assert '<html lang="es">' in projector and "Av Pág" in projector
    for text in (markdown, html, projector):
        for english_word in (
            "Workshop report",
            "Decisions",
            "Endings",
            "Meters at the end",
            "Wave and drive on",
        ):
            assert english_word not in text, english_word


def test_a_missing_log_is_reported_in_spanish(tmp_path: Path) -> None:
    result = run("debrief", str(tmp_path / "nowhere.json"), tmp_path=tmp_path)
    assert result.returncode == 1
    assert "no existe" in result.stderr and "Traceback" not in result.stderr
    result = run("report", str(tmp_path / "empty"), tmp_path=tmp_path)
    assert result.returncode == 1
    assert "no hay registros de sesión" in result.stderr


def test_a_missing_story_folder_is_reported_in_spanish(tmp_path: Path) -> None:
    result = run("play", str(tmp_path / "no-story"), "--plain", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "no se puede jugar" in result.stderr, result.stderr
    assert "no existe esa carpeta" in result.stderr and "no such folder" not in result.stderr


def test_a_port_in_use_is_reported_in_spanish(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", str(COMPLETE), "--port", str(port), "--no-log", tmp_path=tmp_path)
    assert result.returncode == 1
    assert (
        f"no se puede escuchar en 127.0.0.1:{port}" in result.stderr and "pruebe otro --port" in result.stderr
    )


def test_the_catalog_tool_reads_the_report_templates() -> None:
    """The reports' templates call _() and ngettext() themselves: their words reach the catalog."""
    from patrolday.tooling.interface_catalog import extract

    messages = extract()
    where = messages[("Page Down for the next screen.", "")]
    assert [file for file, _ in where] == ["patrolday/workshop/templates/projector.html.j2"]
    assert ("{count} session played this part.", "{count} sessions played this part.") in messages
    assert ("Options are shown by id: run {command} to show the story's own words.", "") in messages


def test_the_sessions_command_lists_and_deletes_in_spanish(english: Story, tmp_path: Path) -> None:
    """``patrolday sessions`` is where a facilitator removes a workshop's data: it must say
    what it will delete in the facilitator's language, and take the Spanish "s" for yes."""
    english_log(english, tmp_path / "sessions")
    listed = run("sessions", tmp_path=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "Registros de sesión en" in listed.stdout and "decisiones" in listed.stdout
    assert "Session logs in" not in listed.stdout
    kept = subprocess.run(
        [
            sys.executable,
            "-m",
            "patrolday",
            "sessions",
            "--delete",
            "--dir",
            str(tmp_path / "sessions"),
            "--lang",
            "es",
        ],
        input="n\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "¿Borrar 1 registro de sesión" in kept.stdout and "No se borró nada." in kept.stdout
    assert kept.returncode == 1
    gone = subprocess.run(
        [
            sys.executable,
            "-m",
            "patrolday",
            "sessions",
            "--delete",
            "--dir",
            str(tmp_path / "sessions"),
            "--lang",
            "es",
        ],
        input="s\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert gone.returncode == 0, gone.stderr
    assert "Se borró 1 registro de sesión" in gone.stdout
    assert not list((tmp_path / "sessions").glob("*.json"))
