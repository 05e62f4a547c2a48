"""Facilitator mode (``play --workshop --lang es``) in Spanish, through Pilot: the content note,
the question, the timer, the vote, pause, rewind, the room's join screen and the key lines.
The facilitator is addressed as *usted*; each test also looks for the English that used to be
on these screens. A snapshot at 80x24 checks that the longer Spanish is never cut."""

from __future__ import annotations

import re
from pathlib import Path

from patrolday.engine import load_story
from patrolday.game.card import StorySource
from patrolday.game.options import PlayOptions, RoomOptions, WorkshopOptions
from patrolday.i18n import use_language
from patrolday.tui.screens.parts import PartsScreen
from patrolday.tui.widgets.keys import KeyLine
from patrolday.tui.widgets.menu import Menu
from patrolday.tui.workshop.app import WorkshopApp
from patrolday.tui.workshop.room import JoinScreen
from patrolday.tui.workshop.screens import (
    ContentNoteScreen,
    DebriefScreen,
    PauseScreen,
    QuestionScreen,
    RewindScreen,
    TimerLengthScreen,
    VoteScreen,
)
from patrolday.workshop.sessions import SessionLog
from tui.helpers import notices, screen_text

FACILITATED = Path(__file__).parent.parent / "stories" / "translation" / "facilitated"
SIZE = (100, 34)
APP = Path(__file__).parent / "snapshot_workshop_es.py"
TWO_PARTS = Path(__file__).parent.parent / "stories" / "workshop" / "two-parts"


def spanish_workshop(tmp_path: Path, **workshop: object) -> WorkshopApp:
    use_language("es")
    story = StorySource.open(FACILITATED, "es").load()
    log = SessionLog(story, tmp_path / "sessions", "tui", workshop=True)
    options = PlayOptions(data_dir=tmp_path / "data", seed=0, workshop=WorkshopOptions(**workshop))  # type: ignore[arg-type]
    return WorkshopApp(story, options, log=log)


def assert_none_of(text: str, *english: str) -> None:
    found = [e for e in english if re.search(rf"(?<!\w){re.escape(e)}(?!\w)", text)]  # whole words
    assert found == [], f"English on a Spanish screen: {found}\n{text}"


async def until(pilot, check, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.05)):
        if check():
            await pilot.pause()
            return
        await pilot.pause(0.05)
    assert check(), pilot.app.screen_stack


async def keys(pilot, *pressed: str) -> None:  # type: ignore[no-untyped-def]
    for key in pressed:
        await pilot.press(key)
        await pilot.pause(0.05)


def key_line(app: WorkshopApp) -> str:
    return " ".join(f"{k} {d}" for k, d in app.screen.query_one(KeyLine).items)


async def to_the_question(app: WorkshopApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: isinstance(app.screen, ContentNoteScreen) and bool(app.screen.query(".hint")))
    text = screen_text(app)
    assert "Antes de empezar" in text and "Aviso sobre el contenido:" in text
    assert "Léaselo al grupo." in text and "enter continuar" in text
    assert "Este juego queda registrado" in text  # the session log is said, as plain mode says it
    assert_none_of(text, "Before you start", "Content note", "Read this to the group", "continue", "logged")
    await keys(pilot, "enter")
    await until(pilot, lambda: not isinstance(app.screen, ContentNoteScreen))
    await keys(pilot, "n")
    await until(pilot, lambda: isinstance(app.screen, PartsScreen))
    await keys(pilot, "1")
    await until(pilot, lambda: isinstance(app.screen, QuestionScreen) and bool(app.screen.query(".hint")))


async def test_the_question_the_timer_and_the_notes_in_spanish(tmp_path: Path) -> None:
    app = spanish_workshop(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_question(app, pilot)
        await pilot.pause(0.1)
        text = screen_text(app)
        for spanish in (
            "Decisión: La esquina",
            "Primero, hablen del tema",
            "¿Qué pensará el niño cuando la patrulla baja la velocidad?",
            "Notas para quien facilita (n las oculta)",
            "Aquí nadie es el malo.",
            "Temporizador: apagado (t lo inicia en 3:00)",
            "r muestra las opciones",
        ):
            assert spanish in text, spanish
        assert_none_of(
            text,
            "Decision:",
            "Talk about it first",
            "Facilitator notes",
            "Discussion timer",
            "reveals the options",
            "reveal the options",
            "pauses everything",
        )
        line = key_line(app)
        assert "r Mostrar las opciones" in line and "espacio Leer la escena" in line and "p Pausa" in line
        assert_none_of(line, "Reveal", "Timer", "Notes", "Read the scene", "Pause")
        await keys(pilot, "t")
        assert "corriendo (t lo pausa)" in screen_text(app)
        await keys(pilot, "t")
        assert "en pausa (t lo reanuda)" in screen_text(app)
        await keys(pilot, "n")
        assert "Notas ocultas (n las muestra)." in notices(app)
        assert_none_of(notices(app), "Facilitator notes")
        await keys(pilot, "space")
        assert "Leyendo la escena: espacio trae de vuelta la decisión" in screen_text(app)
        assert_none_of(screen_text(app), "Reading the scene")
        await keys(pilot, "space", "L")
        await until(pilot, lambda: isinstance(app.screen, TimerLengthScreen))
        text = screen_text(app)
        assert "Duración del temporizador" in text and "Minutos (5)" in text and "esc cancelar" in text
        assert_none_of(text, "Discussion timer length", "Minutes", "enter set", "cancel")
        await keys(pilot, "escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await keys(pilot, "p")
        await until(pilot, lambda: isinstance(app.screen, PauseScreen))
        assert "En pausa" in screen_text(app) and "Presione p para seguir." in screen_text(app)
        assert_none_of(screen_text(app), "Paused", "Press p to resume")


async def test_the_vote_the_debrief_keys_and_rewind_in_spanish(tmp_path: Path) -> None:
    app = spanish_workshop(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_question(app, pilot)
        await keys(pilot, "r")
        await until(pilot, lambda: isinstance(app.screen, VoteScreen) and bool(app.screen.query(".hint")))
        await keys(pilot, "1", "1", "2")
        text = screen_text(app)
        for spanish in (
            "Votación: La esquina",
            "Parar la patrulla",
            "2 votos",
            "más votos",
            "3 votos contados.",
            "(no disponible: Todavía no conoces a la familia.)",
            "Presione el número de una opción una vez por cada mano levantada",
            "Enter cierra la votación",
        ):
            assert spanish in text, spanish
        assert_none_of(
            text, "Vote:", " votes", "most votes", "counted", "unavailable", "Press an option", "Enter closes"
        )
        line = key_line(app)
        assert "1-9 Mano" in line and "v Escribir los conteos" in line and "enter Cerrar la votación" in line
        assert_none_of(line, "Hand", "Type counts", "Close the vote", "No vote")
        await keys(pilot, "v")
        assert app.screen.query_one("#counts-input").placeholder.startswith("manos en el orden")  # type: ignore[attr-defined]
        app.screen.query_one("#counts-input").value = "2 2"  # type: ignore[attr-defined]
        await keys(pilot, "enter", "enter")
        status = screen_text(app)
        assert "Empate: 1 y 2 tienen 2 votos cada una. Presione 1 o 2 para tomar una." in status
        assert_none_of(status, "Tie:", "have 2 votes", "to take one")
        await keys(pilot, "1")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert "Se tomó la opción 1 (2 de 4 votos)." in notices(app)
        assert_none_of(notices(app), "Taken: option")
        line = key_line(app)
        assert "esc Volver al final" in line and "f Guardar como texto" in line
        assert_none_of(line, "Back to the ending", "What if", "Save as text")
        await keys(pilot, "w")
        await until(pilot, lambda: isinstance(app.screen, RewindScreen))
        box = app.screen.query_one("#rewind-box")  # the debrief under it is another module's text
        text = " ".join(
            [
                str(box.border_title),
                str(box.border_subtitle),
                *(i.label for i in app.screen.query_one(Menu).items),
            ]
        )
        assert "¿Y si hubiéramos...?" in text and "el grupo escogió: Parar la patrulla" in text
        assert_none_of(text, "What if we had", "the group chose", "go there", "cancel")
        await keys(pilot, "escape", "b")
        assert "No hay un camino anterior al que volver." in notices(app)
        await keys(pilot, "h")
        assert "Escenas difíciles: solo el resumen." in notices(app)
        assert_none_of(notices(app), "Heavy scenes", "There is no earlier path")


async def test_the_room_in_spanish(tmp_path: Path) -> None:
    app = spanish_workshop(tmp_path, room=RoomOptions(port=0))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ContentNoteScreen))
        await keys(pilot, "enter")
        await until(
            pilot, lambda: isinstance(app.screen, JoinScreen) and bool(app.screen.query("#join-count"))
        )
        text = screen_text(app)
        for spanish in (
            "Únete a la sala desde tu teléfono",
            "Escanea el código o abre",
            "Código de la sala:",
            "0 teléfonos conectados a la sala.",
            "Solo esta computadora puede unirse",
        ):
            assert spanish in text, spanish
        assert_none_of(
            text, "Join the room", "Scan the code", "Room code", "phones joined", "Only this computer"
        )
        assert app.room_host is not None
        line = str(app.room_host.line())
        assert "Teléfonos:" in line and "código" in line and "0 se unieron, 0 conectados ahora" in line
        assert_none_of(line, "Phones", "joined", "connected now")


def test_the_question_in_spanish_at_80x24(snap_compare, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("NO_COLOR", "TEXTUAL_THEME", "PATROLDAY_EXIT_AFTER_FIRST_FRAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATROLDAY_DATA_DIR", str(tmp_path / "data"))
    assert snap_compare(str(APP), press=["enter", "_", "n", "_", "1", "_", "_"], terminal_size=(80, 24))


def test_the_vote_in_spanish_at_80x24(snap_compare, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("NO_COLOR", "TEXTUAL_THEME", "PATROLDAY_EXIT_AFTER_FIRST_FRAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATROLDAY_DATA_DIR", str(tmp_path / "data"))
    keys = ["enter", "_", "n", "_", "1", "_", "_", "r", "_", "1", "1", "2", "_"]
    assert snap_compare(str(APP), press=keys, terminal_size=(80, 24))


async def test_without_a_content_note_a_notification_says_the_session_is_logged(tmp_path: Path) -> None:
    use_language("es")
    story = load_story(TWO_PARTS)  # no content note
    log = SessionLog(story, tmp_path / "sessions", "tui", workshop=True)
    app = WorkshopApp(
        story, PlayOptions(data_dir=tmp_path / "data", seed=0, workshop=WorkshopOptions()), log=log
    )
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "Este juego queda registrado" in notices(app))
        assert str(tmp_path / "sessions") in notices(app)
