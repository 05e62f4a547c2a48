"""The full-screen player's dialogs in Spanish (Textual Pilot): the parts menu and its locked
part, save, load, messages, the command palette and the notifications. What a player meets
must be in the interface's language: each test looks for the Spanish and for the English
that used to be there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input

from patrolday.game.card import StorySource
from patrolday.game.options import PlayOptions
from patrolday.i18n import use_language
from patrolday.tui.app import PatroldayApp
from patrolday.tui.screens.load import LoadScreen
from patrolday.tui.screens.message import MessageScreen
from patrolday.tui.screens.parts import PartsScreen
from patrolday.tui.screens.save import SaveScreen
from patrolday.tui.screens.title import TitleScreen
from tui.helpers import notices, scene_id, screen_text, settle

FACILITATED = Path(__file__).parent.parent / "stories" / "translation" / "facilitated"
SIZE = (100, 30)


def spanish_app(tmp_path: Path, **options: object) -> PatroldayApp:
    use_language("es")
    source = StorySource.open(FACILITATED, "es")
    return PatroldayApp(source, PlayOptions(data_dir=tmp_path / "data", seed=0, **options))  # type: ignore[arg-type]


def assert_none_of(text: str, *english: str) -> None:
    found = [e for e in english if re.search(rf"(?<!\w){re.escape(e)}(?!\w)", text)]  # whole words
    assert found == [], f"English on a Spanish screen: {found}\n{text}"


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def drawn(pilot, words: str, timeout: float = 5.0) -> str:  # type: ignore[no-untyped-def]
    """The screen's text once ``words`` are on it (a dialog's first frame waits for its styles)."""
    for _ in range(int(timeout / 0.05)):
        if words in screen_text(pilot.app):
            break
        await pilot.pause(0.05)
    return screen_text(pilot.app)


async def test_the_parts_menu_and_its_locked_part_in_spanish(tmp_path: Path) -> None:
    app = spanish_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "n")
        assert isinstance(app.screen, PartsScreen)
        text = await drawn(pilot, "bloqueada")
        assert "Juego nuevo" in text
        assert "Primera parte: La patrulla" in text and "Segunda parte: La cocina" in text
        assert "bloqueada: Llega primero a cualquier final de la primera parte" in text
        assert "empezar" in text and "esc cancelar" in text
        assert_none_of(text, "locked", "Reach", "start", "cancel", "New game")
        await press(pilot, "2")  # a locked part's number says why, in Spanish
        assert "bloqueada" in notices(app) and "locked" not in notices(app)
        assert "not available" not in notices(app)


async def test_save_load_and_notifications_in_spanish(tmp_path: Path) -> None:
    app = spanish_app(tmp_path, part="patrol")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert scene_id(app) == "corner"
        await press(pilot, "u")
        assert "Nada que deshacer" in notices(app)
        assert_none_of(notices(app), "Nothing to undo")
        await press(pilot, "m")
        assert "Medidores ocultos" in notices(app)
        await press(pilot, "m")
        await press(pilot, "s")
        assert isinstance(app.screen, SaveScreen)
        text = await drawn(pilot, "Guardar el juego")
        assert "Guardar el juego" in text and "Ponle un nombre" in text
        assert "guardar" in text and "esc cancelar" in text
        assert_none_of(text, "Save game", "Name this save", "enter save", "cancel")
        assert "partida 1" in text  # the suggested name
        name = app.screen.query_one(Input)
        name.value = "autosave"
        await settle(pilot)
        assert "“autosave”" in screen_text(app)
        assert_none_of(screen_text(app), "is kept for Continue", "pick another name")
        name.value = "../x"
        await settle(pilot)
        assert "usa de 1 a 40 letras" in screen_text(app)
        assert_none_of(screen_text(app), "use 1-40 letters")
        name.value = "la esquina"
        await pilot.press("enter")
        await settle(pilot)
        assert "Guardado como “la esquina”." in notices(app)
        assert_none_of(notices(app), "Saved as")
        await press(pilot, "s")
        text = await drawn(pilot, "Partidas guardadas")
        assert "Partidas guardadas (el mismo nombre la reemplaza): la esquina" in text
        assert_none_of(text, "Existing saves", "same name replaces")
        await press(pilot, "escape", "l")
        assert isinstance(app.screen, LoadScreen)
        text = await drawn(pilot, "la esquina")
        assert "Abrir un juego guardado" in text and "enter abrir" in text
        assert "La esquina, tras 0 decisiones" in text  # the save's label, written in Spanish
        assert_none_of(text, "Load game", "after 0 choices", "enter load", "cancel")
        await press(pilot, "enter")
        assert "Se abrió “la esquina”." in notices(app)
        assert_none_of(notices(app), "Loaded")


async def test_an_empty_load_dialog_and_a_message_in_spanish(tmp_path: Path) -> None:
    app = spanish_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "c")
        assert "Todavía no hay nada guardado" in notices(app)
        assert_none_of(notices(app), "There is no autosave")
        await press(pilot, "l")
        text = await drawn(pilot, "Todavía no hay juegos guardados.")
        assert "Todavía no hay juegos guardados." in text
        assert_none_of(text, "There are no saved games", "Press s while playing")
        await press(pilot, "escape")
        folder = tmp_path / "data" / "saves" / "facilitated"
        folder.mkdir(parents=True)
        (folder / "autosave.json").write_text("{broken", encoding="utf-8")
        await press(pilot, "c")
        assert isinstance(app.screen, MessageScreen)
        text = await drawn(pilot, "No se puede abrir")
        assert "No se puede abrir este juego guardado" in text
        assert "El archivo se quedó como estaba." in text and "enter Aceptar" in text
        assert_none_of(text, "This save cannot be loaded", "The file was left as it is", "enter OK")
        await press(pilot, "enter", "l")
        text = await drawn(pilot, "dañado")
        assert "Guardado automático" in text and "dañado, o no es un juego guardado" in text
        assert_none_of(text, "damaged", "Autosave")
        await press(pilot, "escape")
        assert isinstance(app.screen, TitleScreen)


async def test_the_command_palette_in_spanish(tmp_path: Path) -> None:
    app = spanish_app(tmp_path, part="patrol")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = list(app.get_system_commands(app.screen))
        words = " ".join(f"{c.title} {c.help}" for c in commands)
        for spanish in ("Juego nuevo", "Guardar el juego", "Deshacer", "Alto contraste", "Tema", "Salir"):
            assert spanish in words, spanish
        assert_none_of(
            words,
            "Start the story",
            "Resume the autosave",
            "Save under a name",
            "Go back one choice",
            "The path so far",
            "Toggle meters",
            "Keys and how to play",
            "High contrast",
            "Change the current theme",
            "Quit the application",
            "Screenshot",
        )
        await press(pilot, "ctrl+p")
        assert "Buscar comandos" in await drawn(pilot, "Buscar comandos")
        assert_none_of(screen_text(app), "Search for commands")


async def test_the_title_says_the_game_is_logged_in_spanish(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    app = spanish_app(tmp_path, logged=folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "Este juego queda registrado" in text and str(folder) in text
        assert "--no-log" in text
        assert_none_of(text, "This game is logged", "no names")


async def test_a_browsers_title_says_it_is_logged_without_the_servers_folder(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    app = spanish_app(tmp_path, logged=folder, served=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "Este juego queda registrado" in text and "quien facilita" in text
        assert str(folder) not in text


async def test_no_logged_line_when_nothing_is_logged(tmp_path: Path) -> None:
    app = spanish_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "registrado" not in screen_text(app)


def test_play_tells_the_title_screen_where_the_log_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``play --log``: the full-screen player is given the log's folder, to say it on the title."""
    import patrolday.commands.play as play_command
    import patrolday.tui.app as tui_app
    from patrolday.cli import main

    given: list[PlayOptions] = []

    def fake_run_app(source: object, options: PlayOptions, **kwargs: object) -> int:
        given.append(options)
        return 0

    monkeypatch.setattr(play_command, "wants_plain", lambda args: None)  # as if at a terminal
    monkeypatch.setattr(tui_app, "run_app", fake_run_app)
    monkeypatch.setenv("PATROLDAY_DATA_DIR", str(tmp_path / "data"))
    sessions = tmp_path / "sessions"
    assert main(["play", str(FACILITATED), "--log", "--sessions-dir", str(sessions)]) == 0
    assert main(["play", str(FACILITATED)]) == 0
    assert [o.logged for o in given] == [sessions, None]


async def test_the_journal_in_spanish(tmp_path: Path) -> None:
    app = spanish_app(tmp_path, part="patrol")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j")
        text = await drawn(pilot, "Todavía no hay decisiones.")
        assert "Ahora: La esquina" in text and "esc cerrar" in text
        assert_none_of(text, "No choices yet", "Now:", "scroll", "close")


def test_a_narrow_key_line_keeps_help_in_spanish_too() -> None:
    """Help (which lists every key) is kept before any other entry, whatever its language."""
    from textual.binding import Binding

    from patrolday.i18n import N_
    from patrolday.tui.widgets.keys import entries, fitted

    use_language("es")
    bindings = [
        Binding("u", "undo", N_("Undo")),
        Binding("s", "save", N_("Save")),
        Binding("question_mark", "help", N_("Help"), key_display="?"),
        Binding("space", "peek", N_("Read the scene"), key_display="space"),
    ]
    items = entries(bindings)
    assert ("espacio", "Leer la escena") in items
    assert ("?", "Ayuda") in fitted(items, 20)
