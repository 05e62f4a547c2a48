"""Helpers for the translation tests: a copy of the tiny story and running the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

TINY = Path(__file__).parent.parent / "stories" / "translation" / "tiny"

SPANISH = {
    "story.title": "El patio",
    "story.blurb": "Un niño, una pelota, una patrulla.",
    "story.content_note": "Contacto policial con un niño.",
    "vars.trust.label": "Confianza",
    "vars.trust.description": "Cuánto confía en ti la familia.",
    "yard#question.1": "¿Qué ve la mamá del niño desde la ventana?",
    "yard#title": "El patio de enfrente",
    "yard#1": "Un niño lanza un balón *bien alto* y lo atrapa.",
    # reordered: the value first, the condition after
    "yard#2": (
        "Confianza: {trust}. {trust >= 2: Su mamá saluda desde el porche. | Su mamá mira desde la puerta.}"
    ),
    "yard/wave": "Saludar y seguir",
    "yard/stop": "Parar y hablar",
    "yard/stop#reason": "Todavía no te conoce.",
    "yard/ask-met-again-for-the-ball": "Pedir {met: otra vez|la pelota}",
    "end-drive#ending": "Otra llamada",
    "end-drive#1": "Sigues manejando. {&La radio chisporrotea.|La radio está callada.}",
    "end-talk#ending": "Una atrapada",
    "end-talk#1": "Te lanza la pelota.",
}


def tiny_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    return folder


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    for name in ("PATROLDAY_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "patrolday", *args], capture_output=True, text=True, timeout=120, env=env
    )


def fill(path: Path, translations: dict[str, str]) -> None:
    """Write translations into a catalog the way a translator's editor would."""
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt in translations:
            entry.msgstr = translations[entry.msgctxt]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()


def entries(path: Path) -> dict[str, polib.POEntry]:
    po = polib.pofile(str(path))
    return {e.msgctxt: e for e in [*po, *po.obsolete_entries()] if e.msgctxt}
