"""The Textual player: :class:`PatroldayApp` and :func:`run_app`, which ``patrolday play`` calls.

The app is a thin shell. The game lives in a :class:`Game` (playthrough, saves,
endings reached), which calls the engine; screens render the :class:`SceneView` it returns
and report what the player asked for. The app's job is navigation between screens and
turning errors into messages.

Start-up is kept close to a bare Textual app: only the title screen is imported before the
first frame; the scene screen (and the Markdown parser behind it) loads on first use.

Extension points, for the workshop (facilitator) mode and other front ends:

* ``listeners``: extra :class:`Playthrough` listeners, added to every game started or loaded
  (e.g. a session log); ``run_app(..., listeners=[...])`` passes them through.
* ``decision_hooks``: async callables ``hook(app, view)`` run at a decision scene after the
  text is shown and before the options appear (e.g. to push a voting screen and wait).
* :meth:`PatroldayApp.choose` takes ``votes`` and passes them to the playthrough's events.

What the command line asked for arrives as one :class:`~patrolday.game.options.PlayOptions`.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from patrolday.engine import PatroldayError, SaveError, StoryError, StoryRuntimeError
from patrolday.game.card import StorySource
from patrolday.game.options import PlayOptions
from patrolday.game.storage import autosave_exists
from patrolday.game.writer import FileWriter
from patrolday.i18n import N_, _, use_language
from patrolday.tui.screens.title import TitleScreen
from patrolday.tui.themes import HIGH_CONTRAST, high_contrast, resolve_theme

if TYPE_CHECKING:
    # The runtime (and the model under it) load with the scenes, after the first frame.
    from patrolday.engine import MeterView, SceneView, Story
    from patrolday.game.game import Game
    from patrolday.game.playthrough import Listener
    from patrolday.tui.screens.ending import EndingScreen
    from patrolday.tui.screens.scene import SceneScreen

STORY_BUG = N_("This is a mistake in the story, not in your game: `patrolday check` shows where.")

TEXTUAL_COMMANDS = {
    "Theme": (N_("Theme"), N_("Change the colour theme")),
    "Quit": (N_("Quit"), N_("Close patrolday")),
    "Maximize": (N_("Maximize"), N_("Maximize the focused part of the screen")),
    "Minimize": (N_("Minimize"), N_("Back to the normal size")),
    "Screenshot": (N_("Screenshot"), N_("Save an SVG picture of the screen")),
}
"""Textual's own palette commands, by their English title: what each says in the palette."""

DecisionHook = Callable[["PatroldayApp", "SceneView"], Awaitable[None] | None]

EXIT_AFTER_FIRST_FRAME = "PATROLDAY_EXIT_AFTER_FIRST_FRAME"
"""Environment variable for the start-up benchmark: quit as soon as the first frame is
drawn, or with ``loaded``, once the scenes have loaded after it."""


class PatroldayApp(App[int]):
    """Play one story. Creating the app reads no files; the save folder is touched on use."""

    TITLE = "patrolday"
    # Absolute paths, so subclasses elsewhere still find them. The title's styles are read
    # with the app's: a screen's own CSS_PATH makes Textual re-parse every stylesheet when
    # the screen first shows (~20 ms), and the title is the first frame.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(__file__).parent / "app.tcss",
        Path(__file__).parent / "screens" / "title.tcss",
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "toggle_contrast", N_("Contrast")),
        Binding("ctrl+p", "command_palette", N_("Commands"), key_display="^p"),
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
    ]

    def __init__(
        self,
        story: Story | StorySource,
        options: PlayOptions | None = None,
        *,
        listeners: list[Listener] | None = None,
        listeners_for: Callable[[Story], list[Listener]] | None = None,
        writer: FileWriter | None = None,
        exit_after_first_frame: bool | str = False,
    ) -> None:
        super().__init__()
        self.options = options if options is not None else PlayOptions()
        self.source = story if isinstance(story, StorySource) else StorySource.of(story)
        self.card = self.source.card
        self._story: Story | None = None
        self.load_error: StoryError | None = None  # the scenes failed to load: the app exits with it
        self._listeners_for = listeners_for
        self.writer = writer if writer is not None else FileWriter()  # the game's files, off the loop
        self.start_part = self.options.part
        self.requested_theme = resolve_theme(self.options.theme)
        self.decision_hooks: list[DecisionHook] = []
        self.edited: frozenset[str] = frozenset()  # --watch: scenes the last reload changed
        self.reload_saved_at = 0.0  # --watch: when the save being shown was seen (benchmarks)
        self._watching: Any = None  # --watch: the task following the story's files
        self.show_meters = True
        self.content_note_read = False  # the title shows the note alone until it is read (or a game starts)
        self.exit_after_first_frame = exit_after_first_frame
        self._previous_theme = "textual-dark"
        self._game: Game | None = None
        self._extra_listeners = list(listeners or [])
        self.title = self.card.title
        if self.source.loaded:
            self.ensure_story()

    # -- set-up -------------------------------------------------------------------------

    @property
    def story(self) -> Story:
        """The whole story; only valid once :meth:`ensure_story` has returned True."""
        if self._story is None:
            raise RuntimeError("the story is not loaded yet: call ensure_story() first")
        return self._story

    def ensure_story(self) -> bool:
        """Load the scenes now if only the manifest was read (see :mod:`.source`).

        Returns False when the story has errors: they are kept in :attr:`load_error` and
        the app exits, so ``patrolday play`` can print them once the terminal is restored.
        """
        if self._story is not None:
            return True
        if self.load_error is not None:
            return False
        try:
            self._story = self.source.load()
        except StoryError as err:
            self.load_error = err
            self.exit(return_code=1)
            return False
        if self._listeners_for is not None:
            self._extra_listeners.extend(self._listeners_for(self._story))
        return True

    def _data_root(self) -> Path:
        from patrolday.game.storage import default_data_dir

        return self.options.data_dir if self.options.data_dir is not None else default_data_dir()

    @property
    def game(self) -> Game:
        """The game and its files, created on first use (so the constructor does no I/O)."""
        if self._game is None:
            from patrolday.game.game import Game

            self._game = Game(self.story, self._data_root(), self._extra_listeners, writer=self.writer)
        return self._game

    def has_autosave(self) -> bool:
        """Whether Continue can resume a game (answered from the files, before the scenes load)."""
        if self._game is not None:
            return self._game.has_autosave()
        return autosave_exists(self._data_root(), self.card.id)

    def autosave_label(self) -> str | None:
        """Where Continue resumes ("Maple Street, after 3 choices"), "" when the autosave does
        not say, None when there is none. Read from the file alone, before the scenes load."""
        if not self.has_autosave():
            return None
        from patrolday.game.storage import AUTOSAVE, SaveStore

        slots = SaveStore(self._data_root(), self.card.id).slots()
        slot = next((s for s in slots if s.name == AUTOSAVE), None)
        return slot.label if slot is not None and not slot.problem else ""

    def get_default_screen(self) -> Screen[Any]:
        """The title is the base of the screen stack: one screen composed and drawn for the
        first frame, not a blank one under it. (Not a MODES entry: Textual re-parses all
        CSS when a mode's screen is set up.)"""
        return TitleScreen()

    def on_mount(self) -> None:
        self.register_theme(high_contrast)
        if self.requested_theme:
            if self.requested_theme in self.available_themes:
                self.theme = self.requested_theme
            else:
                known = ", ".join(["high-contrast", *sorted(self.available_themes)])
                self.notify(
                    _("No theme called '{name}'. Themes: {known}").format(
                        name=self.requested_theme, known=known
                    ),
                    markup=False,
                )
        if self.options.watch:
            import asyncio

            from patrolday.tui.live import follow_edits

            # A task, not a worker: it runs for the app's lifetime, and "wait until the
            # workers are done" (tests, Pilot) must not wait for it.
            self._watching = asyncio.get_running_loop().create_task(follow_edits(self, self.source.folder))
        if self.start_part is not None or self.options.origin is not None:
            self.call_after_refresh(self.start_game, self.start_part, False, True)

    def on_unmount(self) -> None:
        if self._watching is not None:
            self._watching.cancel()

    def on_ready(self) -> None:
        """The first frame is on screen (Textual's Ready): load the scenes now.

        Also the start-up benchmark's marks: ``exit_after_first_frame`` quits here, or, when
        it is ``"loaded"``, once the scenes are loaded too.
        """
        if self.exit_after_first_frame and self.exit_after_first_frame != "loaded":
            self.exit(0)
            return
        self.call_after_refresh(self._load_after_first_frame)

    def _load_after_first_frame(self) -> None:
        if self.ensure_story() and self.exit_after_first_frame == "loaded":
            self.exit(0)

    # -- game actions -------------------------------------------------------------------

    def action_new_game(self) -> None:
        if not self.ensure_story():
            return
        parts = self.game.parts()
        if len(parts) <= 1:
            self.call_later(self.start_game, None)
            return
        from patrolday.tui.screens.parts import PartsScreen

        def picked(part: str | None) -> None:
            if part is not None:  # picked by the player: their own earlier part carries on
                self.call_later(self.start_game, part, True)

        self.push_screen(PartsScreen(parts), picked)

    async def start_game(self, part: str | None, carry: bool = False, as_given: bool = False) -> None:
        """Start ``part``; with ``carry``, from where the player's last game of the part before
        it ended (the manifest's ``carry``); ``--part`` starts it as written (``carry`` off).
        ``as_given``: the game the command line asked for, with its ``--from`` and ``--set``."""
        if not self.ensure_story():
            return
        options = self.options
        preset, at = (options.preset, options.origin) if as_given else (None, None)
        try:
            view = self.game.new_game(part, options.seed_now(), carry=carry, preset=preset, at=at)
        except StoryRuntimeError as err:  # the first scene itself fails (`check` warns of it)
            self.show_message(_("The story cannot start"), f"{err}\n\n{_(STORY_BUG)}", error=True)
            return
        await self.show_view(view)

    def action_continue_game(self) -> None:
        if not self.ensure_story():
            return
        if not self.game.has_autosave():
            self.notify(_("There is no autosave yet: start a new game."), markup=False)
            return
        self.call_later(self.load_slot, "autosave")

    def action_load(self) -> None:
        if not self.ensure_story():
            return
        from patrolday.tui.screens.load import LoadScreen

        def picked(slot: str | None) -> None:
            if slot is not None:
                self.call_later(self.load_slot, slot)

        self.push_screen(LoadScreen(self.game.slots()), picked)

    async def load_slot(self, slot: str) -> None:
        """Load ``slot`` and show it; a damaged or foreign save only shows a message."""
        if not self.ensure_story():
            return
        try:
            loaded = self.game.load(slot)
        except StoryRuntimeError as err:
            self.show_message(_("This save cannot be shown"), f"{err}\n\n{_(STORY_BUG)}", error=True)
            return
        except SaveError as err:
            self.show_message(
                _("This save cannot be loaded"), f"{err}\n\n" + _("The file was left as it is."), error=True
            )
            return
        await self.show_view(loaded.view, ())
        if loaded.notes:
            self.notify("\n".join(loaded.notes), title=_("Loaded"), markup=False, timeout=8)
        else:
            said = _("Loaded the autosave.") if slot == "autosave" else _("Loaded {slot}.").format(slot=slot)
            self.notify(said, markup=False, timeout=3)

    def action_save(self) -> None:
        if not self.game.playing:
            self.notify(_("Start or continue a game first."), markup=False)
            return
        from patrolday.tui.screens.save import SaveScreen

        def picked(slot: str | None) -> None:
            if slot is None:
                return
            try:
                self.game.save(slot)
            except (OSError, SaveError) as err:
                self.show_message(_("The game was not saved"), str(err), error=True)
                return
            # Short, so it stays one line on the heading row (where saves live: docs/player.md).
            self.notify(_("Saved as '{slot}'.").format(slot=slot), markup=False, timeout=4)

        self.push_screen(SaveScreen(self._suggest_slot(), self.game.slots()), picked)

    def _suggest_slot(self) -> str:
        names = {s.name for s in self.game.slots()}
        n = 1
        while _("save {number}").format(number=n) in names:
            n += 1
        return _("save {number}").format(number=n)

    async def choose(
        self, choice_id: str, votes: dict[str, int] | None = None, *, turn: int | None = None
    ) -> None:
        """Take a choice and show what follows; a story error becomes a message.

        ``turn`` is the turn the option was picked at: a key pressed twice quickly must not
        take an option of the next scene that the player has not seen yet.
        """
        if turn is not None and turn != self.game.view().turn:
            return
        try:
            view = self.game.choose(choice_id, votes)
        except StoryRuntimeError as err:
            self.show_message(_("The story cannot go on this way"), str(err), error=True)
            return
        except PatroldayError as err:
            self.notify(str(err), markup=False, severity="warning")
            return
        await self.show_view(view, self.game.previous_meters())
        if self.game.autosave_error:
            self.notify(self.game.autosave_error, markup=False, severity="error", timeout=8)

    def action_undo(self) -> None:
        if not self.game.undo():
            self.notify(_("Nothing to undo: this is where the game began."), markup=False, timeout=3)
            return
        self.call_later(self.show_view, self.game.view(), self.game.previous_meters())

    def action_journal(self) -> None:
        if not self.game.playing:
            return
        from patrolday.game.labels import scene_title
        from patrolday.tui.screens.journal import JournalScreen

        now = scene_title(self.story, self.game.view().scene)
        self.push_screen(JournalScreen(self.game.journal(), now))

    def action_toggle_meters(self) -> None:
        from patrolday.tui.screens.scene import SceneScreen

        self.show_meters = not self.show_meters
        for screen in self.screen_stack:
            if isinstance(screen, SceneScreen):
                screen.set_meters_visible(self.show_meters)
        self.notify(
            _("Meters shown.") if self.show_meters else _("Meters hidden (m shows them)."),
            markup=False,
            timeout=2,
        )

    def action_help(self) -> None:
        from patrolday.tui.screens.ending import EndingScreen
        from patrolday.tui.screens.help import HelpScreen, key_lines
        from patrolday.tui.screens.scene import SceneScreen

        screens: list[tuple[str, type[Screen]]] = [
            (_("Playing a scene"), SceneScreen),
            (_("At an ending"), EndingScreen),
            (_("Title screen"), TitleScreen),
        ]
        self.push_screen(HelpScreen(key_lines(screens, [b for b in self.BINDINGS if isinstance(b, Binding)])))

    def action_switch_language(self) -> None:
        """The title screen's language switch: the story in the next language it has (i18n, #17).

        The folder is read again in that language; a game in progress is in the autosave, ids
        only, so Continue resumes it in the new language. Session logs carry on as they were."""
        languages = self.card.languages
        if len(languages) < 2 or not isinstance(self.screen, TitleScreen):
            return
        here = languages.index(self.card.language) if self.card.language in languages else -1
        language = languages[(here + 1) % len(languages)]
        try:
            source = StorySource.open(self.source.folder, language)
        except StoryError as err:  # the folder changed under us: say so, stay as we are
            self.show_message(_("Language"), str(err), error=True)
            return
        self.source, self.card, self.title = source, source.card, source.card.title
        use_language(language)  # the interface follows (screens drawn from now on)
        self._story, self._game = None, None
        listeners_for, self._listeners_for = self._listeners_for, None  # the logs already listen
        self.ensure_story()
        self._listeners_for = listeners_for
        title = self.screen
        title.refresh(recompose=True)
        self.call_after_refresh(title.focus_menu)  # recomposing drops the focus with the old menu

    def action_title(self) -> None:
        """Back to the title screen (the game stays in the autosave)."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen):
            self.pop_screen()

    def action_toggle_contrast(self) -> None:
        if self.theme == HIGH_CONTRAST:
            self.theme = self._previous_theme
        else:
            self._previous_theme = self.theme
            self.theme = HIGH_CONTRAST

    # -- showing views ------------------------------------------------------------------

    def _play_screen(self) -> SceneScreen | EndingScreen | None:
        from patrolday.tui.screens.ending import EndingScreen
        from patrolday.tui.screens.scene import SceneScreen

        screen = self.screen
        return screen if isinstance(screen, (SceneScreen, EndingScreen)) else None

    def use_story(self, story: Story) -> None:
        """``--watch``: the story was edited and loaded again; games from now on use it."""
        self._story = story
        if self._game is not None and not self._game.playing:
            self._game.story = story

    async def show_view(self, view: SceneView, before: tuple[MeterView, ...] = ()) -> None:
        """Put ``view`` on screen: the scene screen, or the ending screen for an ending."""
        self.content_note_read = True  # a game on screen: its note was read (or the room heard it)
        if self.edited:
            from patrolday.tui.live import mark_edited

            view = mark_edited(self.story, view, self.edited)
        from patrolday.tui.screens.ending import EndingScreen
        from patrolday.tui.screens.scene import SceneScreen

        current = self._play_screen()
        if view.is_ending:
            ending = EndingScreen(view, before)
            await (self.switch_screen(ending) if current is not None else self.push_screen(ending))
            return
        if isinstance(current, SceneScreen):
            await current.show(view, before)
            return
        scene = SceneScreen()
        await (self.switch_screen(scene) if current is not None else self.push_screen(scene))
        await scene.show(view, before)

    def wants_hold(self, view: SceneView) -> bool:
        """Whether the options wait for the decision hooks (workshop mode at a decision)."""
        return bool(self.decision_hooks) and "decision" in view.tags

    async def run_decision_hooks(self, view: SceneView) -> None:
        for hook in list(self.decision_hooks):
            result = hook(self, view)
            if inspect.isawaitable(result):
                await result

    def show_message(self, title: str, body: str, *, error: bool = False) -> None:
        from patrolday.tui.screens.message import MessageScreen

        self.push_screen(MessageScreen(title, body, error=error))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """One notification at a time: the newest replaces the rest, so toasts never stack
        down over the meters and the prose (see app.tcss)."""
        if self._notifications:
            self.clear_notifications()
            # Textual removes a cleared toast but not the holder around it, which kept its
            # row and pushed the new toast down onto the meters.
            for holder in self.screen.query("ToastHolder"):
                holder.remove()
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- command palette ----------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette, in the interface's language (Textual's own commands too)."""
        playing = self._game is not None and self._game.playing
        yield SystemCommand(_("New game"), _("Start the story from the beginning (n)"), self.action_new_game)
        yield SystemCommand(_("Continue"), _("Resume the autosave (c)"), self.action_continue_game)
        yield SystemCommand(_("Load game"), _("Load a saved game (l)"), self.action_load)
        if playing:
            yield SystemCommand(_("Save game"), _("Save under a name (s)"), self.action_save)
            yield SystemCommand(_("Undo"), _("Go back one choice (u)"), self.action_undo)
            yield SystemCommand(_("Journal"), _("The path so far (j)"), self.action_journal)
            yield SystemCommand(
                _("Toggle meters"), _("Show or hide the meters (m)"), self.action_toggle_meters
            )
            yield SystemCommand(_("Back to title"), _("The title screen (esc)"), self.action_title)
        yield SystemCommand(_("Help"), _("Keys and how to play (?)"), self.action_help)
        yield SystemCommand(
            _("High contrast"),
            _("Switch the high-contrast theme on or off (f2)"),
            self.action_toggle_contrast,
        )
        # Textual's "Keys" (its key panel) sat next to our Help, which lists every key already.
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                continue
            words = TEXTUAL_COMMANDS.get(command.title)
            yield command if words is None else command._replace(title=_(words[0]), help=_(words[1]))

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the interface's language."""
        from textual.command import CommandPalette

        # CommandPalette.is_open's test, by hand: it is typed for App[object], this is App[int].
        if self.use_command_palette and not self.screen.has_class("--textual-command-palette"):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))


def run_app(
    story: Story | StorySource,
    options: PlayOptions,
    listeners: list[Listener] | None = None,
    listeners_for: Callable[[Story], list[Listener]] | None = None,
    writer: FileWriter | None = None,
) -> int:
    """Open the full-screen player on ``story`` (called by ``patrolday play``).

    Raises :class:`StoryError` after the app has closed if the scenes of a
    :class:`StorySource` turn out to have errors (the caller prints them).
    """
    exit_mark = os.environ.get(EXIT_AFTER_FIRST_FRAME, "")
    app = PatroldayApp(
        story,
        options,
        listeners=listeners,
        listeners_for=listeners_for,
        writer=writer,
        exit_after_first_frame="loaded" if exit_mark == "loaded" else bool(exit_mark),
    )
    try:
        result = app.run()
    finally:
        app.writer.close()
    if app.load_error is not None:
        raise app.load_error
    return int(app.return_code or result or 0)
