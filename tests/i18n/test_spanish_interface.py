"""The player's own words in Spanish: plain mode through a subprocess, and TUI snapshots of the
title and a scene at 80x24 (Spanish runs longer than English: nothing may be cut)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from patrolday.i18n import use_language

COMPLETE = Path(__file__).parent.parent / "stories" / "translation" / "complete"
APP = Path(__file__).parent / "snapshot_es.py"


@pytest.fixture
def snapshot_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    for name in ("NO_COLOR", "TEXTUAL_THEME", "PATROLDAY_EXIT_AFTER_FIRST_FRAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATROLDAY_DATA_DIR", str(tmp_path / "data"))
    yield
    use_language(None)  # the snapshot app chose Spanish for this process


def test_plain_mode_speaks_spanish(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(NO_COLOR="1", PATROLDAY_LANG="es", PATROLDAY_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "patrolday", "play", str(COMPLETE), "--plain"],
        input="3\n1\nq\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for spanish in (
        "Aviso sobre el contenido: Contacto policial con un niño.",
        "Escribe el número de una opción y presiona Enter.",
        "Medidores: Confianza 2 de 10.",
        "(no disponible) Parar y hablar. Todavía no te conoce.",
        "Escoge del 1 al 3 (u deshacer, m medidores",
        "Confianza sube 1, ahora 3 de 10.",
        "FIN: Otra llamada",
        "Tu camino: 2 decisiones.",
        "¿Y ahora qué?",
        "Jugar otra vez desde el principio",
    ):
        assert spanish in " ".join(out.split()), spanish
    english_words = ("Content note", "Type the number", "Meters:", "unavailable", "Choose ", "THE END")
    for english in (*english_words, "What next"):
        assert english not in out, english


def test_title_in_spanish_at_80x24(snap_compare, snapshot_environment) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(str(APP), terminal_size=(80, 24))


def test_scene_in_spanish_at_80x24(snap_compare, snapshot_environment) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(str(APP), press=["n", "_"], terminal_size=(80, 24))
