"""Plain mode in Spanish on the bundled story, through ``play --plain --lang es`` as a
screen-reader user would run it: the words plain mode says about a story in parts (how many
there are, the part starting, the parts an ending opens, the after-ending menu with its
carry-over) and about saves are Spanish too, not only the scene's. The one-part fixture of
test_spanish_interface.py never meets them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from patrolday.bundled import bundled_story_path
from patrolday.engine import choose, load_story, present, start
from patrolday.tooling.transcripts import load_transcripts

STORY = bundled_story_path()


def _numbers(name: str) -> list[int]:
    """The option numbers that play the English transcript ``name`` (numbers, as a player types)."""
    story = load_story(STORY)
    (script,) = [t for t in load_transcripts(STORY / "tests") if Path(t.name).name == name]
    state, out = start(story, script.part, script.seed), []
    for line in script.lines:
        if line.kind == "choose":
            option = next(c for c in present(story, state).choices if c.id == line.value)
            out.append(option.number)
            state = choose(story, state, option.id)
    return out


def test_plain_mode_speaks_spanish_about_parts_and_saves_to_an_ending(tmp_path: Path) -> None:
    typed = ["s antes", "l", *map(str, _numbers("end-ours.transcript")), "9", "q"]
    env = {
        k: v for k, v in os.environ.items() if k not in ("PATROLDAY_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    env.update(NO_COLOR="1", COLUMNS="200", PATROLDAY_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "patrolday",
            "play",
            "--plain",
            "--lang",
            "es",
            "--part",
            "footage",
            "--no-log",
        ],
        input="\n".join(typed) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    for spanish in (
        "Esta historia tiene tres partes; después de un final puedes empezar cualquier parte que esté "
        "abierta.",
        "Empieza “Segunda parte: El video”.",
        "Se guardó como 'antes'",
        "antes: La cocina, 9:40 p.m.",
        ", guardado hoy a las ",
        "FIN: Solo nuestro",
        "Ya está abierta “Tercera parte: El titular”.",
        "¿Y ahora qué?",
        "1. Empezar “Primera parte: La patrulla”",
        "3. Empezar “Tercera parte: El titular”, siguiendo de cómo terminó la segunda parte",
        "No hay opción 9. Escoge del 1 al 3.",
        "Adiós.",
    ):
        assert spanish in out, spanish
    for english in (
        "This story has",
        "Starting",
        "unlocked",
        "Start ",
        "carrying on",
        "Saved as",
        "saved today",
    ):
        assert english not in out, english
