"""The plain line player: numbered text in, numbered text out.

This is the accessible path (Textual does not support screen readers), so it is a
first-class player and everything it prints is words a screen reader can say: no
spinners, no rules or bullets, no colour-only meaning, wrapped lines indented under their
item (so the rest of an option never reads as a new one), meters said only when they
move ("Trust up 1, now 4 of 10"), and after an ending the same next steps as the
full-screen player (the parts now open, undo, quit). ``NO_COLOR`` and ``TERM=dumb`` are
respected by Rich. It works with piped input and with scripted choices. All game logic
is the engine's and :class:`~patrolday.game.game.Game`'s; this module reads lines and
prints views.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

from patrolday.engine import MeterView, SaveError, SceneView, Story, StoryError, StoryRuntimeError
from patrolday.game.game import Game
from patrolday.game.labels import scene_title
from patrolday.game.options import PlayOptions
from patrolday.game.playthrough import Listener
from patrolday.game.spoken import (
    carried_note,
    meter_changes,
    meter_list,
    spoken_time,
    start_label,
    starting_sentence,
    unlocked_sentence,
)
from patrolday.i18n import N_, ngettext, tr
from patrolday.prose import prose, safe

HELP = N_(
    "Type the number of an option and press Enter. "
    "Other commands: u undoes the last choice, m says the meters, h is this help, q quits."
)
SAVE_HELP = N_(
    "Saving: s NAME saves the game under NAME; l lists your saves; l NAME loads one "
    "(l autosave resumes the game saved after your last choice)."
)
NUMBERS = {
    2: N_("two"),
    3: N_("three"),
    4: N_("four"),
    5: N_("five"),
    6: N_("six"),
    7: N_("seven"),
    8: N_("eight"),
    9: N_("nine"),
}  # said in words: a listener hears "three parts"
INDENT = "     "  # under the text of "  1. ": where a wrapped option or list line goes on


def line(text: str, style: str = "") -> Text:
    """A line of output. Story text passes through :func:`safe` even though the loader already
    refuses control characters: the player should not depend on every caller having checked."""
    return Text(safe(text), style=style)


def _lines(stream: TextIO) -> Iterator[str]:
    while True:
        got = stream.readline()
        if not got:
            return
        yield got.rstrip("\r\n")


def make_console(file: TextIO | None = None) -> Console:
    """The console plain mode writes to. Rich takes ``TERM=dumb`` to mean 80 columns whatever
    the terminal is, so a narrower dumb terminal broke every long line mid-word: there the
    width is asked of the terminal (``COLUMNS``, then the terminal itself, else 80)."""
    out = file or sys.stdout
    width = height = None
    if os.environ.get("TERM") == "dumb":  # Rich uses a given size only when both are given
        width, height = shutil.get_terminal_size((80, 24))
    return Console(file=out, highlight=False, emoji=False, soft_wrap=False, width=width, height=height)


def sentence(text: str) -> str:
    """``text`` ending as a sentence does, so a reason can follow it in words (a spaced dash
    there was read aloud as "dash", and began the next line when the line wrapped)."""
    text = text.rstrip()
    return text if text[-1:] in '.?!…”’")' else text + "."


def say(console: Console, text: str | Text, style: str = "", *, lead: str = "", hang: str = "") -> None:
    """Print ``text`` wrapped to the console, without trailing spaces; ``lead`` starts the
    first line and ``hang`` every later one (an option's "  2. " and the spaces under it)."""
    body = text if isinstance(text, Text) else line(text, style)
    width = max(20, console.width - len(hang))
    wrapped = body.wrap(console, width) if body.plain else [Text()]
    for n, part in enumerate(wrapped):
        part.rstrip()
        prefix = Text(lead if n == 0 else hang, style=style)
        console.print(prefix + part, soft_wrap=True)


def item(console: Console, lead: str, text: str | Text, style: str = "") -> None:
    """One numbered or listed line, its wrapped rest hanging under its text (an unnumbered
    line's rest goes in further than the line, so it never reads as the next one)."""
    say(console, text, style, lead=lead, hang=" " * max(len(lead), len(INDENT) - 1))


def print_view(console: Console, story: Story, view: SceneView, before: Sequence[MeterView] | None) -> None:
    """Print one view: text, what the meters did, then numbered options (or the ending's name).

    ``before``: the meters last said (None: say them all, as at the start of a game)."""
    console.print()
    if view.title:
        say(console, view.title, "bold")
    for block in view.blocks:
        if block.heading:
            say(console, block.heading, "bold")
        if block.text:
            say(console, prose(block.text))
            console.print()
    _say_meters(console, story, view.meters, before)
    if view.is_ending:
        console.print()
        say(console, tr("THE END: {ending}").format(ending=view.ending), "bold")
        return
    for option in view.choices:
        if option.enabled:
            item(console, f"  {option.number}. ", prose(option.label))
        else:
            said = prose(tr("(unavailable)") + f" {sentence(option.label)} {option.reason}")
            said.stylize("dim")
            item(console, f"  {option.number}. ", said, "dim")
    if view.is_dead_end:
        say(console, tr("The story has no way on from here (a dead end in this story)."))


def _say_meters(
    console: Console, story: Story, meters: Sequence[MeterView], before: Sequence[MeterView] | None
) -> None:
    if not meters:
        return
    if before is None or {m.name for m in before} != {m.name for m in meters}:
        say(console, meter_list(meters), "dim")
        return
    for sentence in meter_changes(story, before, meters):
        say(console, sentence, "dim")


def play_plain(
    story: Story,
    options: PlayOptions,
    stdin: TextIO | None = None,
    console: Console | None = None,
    listeners: list[Listener] | None = None,
    *,
    saves: bool = True,
    logged: Path | None = None,
) -> int:
    """Play ``story`` until quit or the end of input. Returns the exit code.

    Scripted runs (``options.choices``) and ``saves=False`` keep their saves and progress in a
    scratch folder deleted at the end: they never touch a player's files, yet play exactly as
    a game does (an ending unlocks the next part, which starts carrying on). ``logged``: the
    folder this game's session log goes to, said on the first screen."""
    console = console or make_console()
    stream = stdin or sys.stdin
    scripted = options.choices is not None
    inputs: Iterator[str] = iter([str(n) for n in options.choices or ()]) if scripted else _lines(stream)
    echo = scripted or not stream.isatty()
    with ExitStack() as stack:
        if saves and not scripted:
            root, own = _save_root(options), True
        else:
            root, own = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="patrolday-"))), False
        _title(console, story, logged, own)
        from patrolday.game.writer import Immediate

        # Written at once: a line player waits for the next line anyway.
        game = Game(story, root, listeners, autosave=options.autosave and own, writer=Immediate())
        player = PlainPlayer(console, game, options, inputs, scripted=scripted, echo=echo, saves=own)
        try:
            if not player.begin():
                return 1
            if options.watch:
                stack.callback(player.follow_edits(Path(story.root)))
            return player.loop()
        finally:
            game.flush()
    return 0  # pragma: no cover (the with block returns)


def _title(console: Console, story: Story, logged: Path | None, saves: bool) -> None:
    say(console, story.title, "bold")
    if story.blurb:
        say(console, " ".join(story.blurb.split()))
    if story.content_note:
        say(console, tr("Content note: ") + " ".join(story.content_note.split()))
    if logged is not None:
        say(
            console,
            tr(
                "This game is logged: an anonymous session log (choices, meters and times, no names) "
                "goes to {folder}. Play with --no-log to keep no log."
            ).format(folder=logged),
        )
    say(console, tr(HELP), "dim")
    if saves:
        say(console, tr(SAVE_HELP), "dim")


def _save_root(options: PlayOptions) -> Path:
    if options.data_dir is not None:
        return options.data_dir
    from patrolday.game.storage import default_data_dir

    return default_data_dir()


class PlainPlayer:
    """One plain-mode session: scenes with numbered options, and after an ending a menu of
    what comes next. Holds what was last said (the meters, the parts open) so only news is
    said again."""

    def __init__(
        self,
        console: Console,
        game: Game,
        options: PlayOptions,
        inputs: Iterator[str],
        *,
        scripted: bool,
        echo: bool,
        saves: bool,
    ) -> None:
        self.console = console
        self.game = game
        self.options = options
        self.inputs = inputs
        self.scripted = scripted
        self.echo = echo
        self.saves = saves
        self.said_meters: tuple[MeterView, ...] | None = None
        self.open_parts = self._open()
        self.shown = False
        # Under --watch a reload arrives on the watcher's thread while this one waits for a
        # line: whatever touches the game or prints holds this lock.
        self.lock = threading.RLock()
        self.prompt = ""

    @property
    def story(self) -> Story:
        return self.game.story

    def _open(self) -> frozenset[str]:
        return frozenset(p.id for p in self.game.parts() if p.unlocked)

    def begin(self) -> bool:
        """Start the game the command line asked for; False (after saying why) if it cannot."""
        options = self.options
        try:
            self.game.new_game(options.part, options.seed_now(), preset=options.preset, at=options.origin)
        except StoryRuntimeError as err:  # the first scene itself fails (`check` warns of it)
            say(self.console, tr("The story cannot start: {error}").format(error=err))
            say(self.console, tr("This is a mistake in the story: patrolday check shows where."))
            return False
        if self.saves and options.autosave and self.game.has_autosave():
            say(self.console, tr("A game was saved after your last choice: type l autosave to resume it."))
        parts = self.story.parts
        if len(parts) > 1:  # a listener must learn at once that the story goes on past this part
            playing = next((p for p in parts if p.id == self._part()), parts[0])
            count = tr(NUMBERS[len(parts)]) if len(parts) in NUMBERS else str(len(parts))
            said = tr("This story has {count} parts; after an ending you can start any part that is open.")
            say(self.console, said.format(count=count))
            say(self.console, starting_sentence(playing.title))
        return True

    def _part(self) -> str:
        play = self.game.play
        return play.state.part if play is not None and play.state.part else ""

    def show(self) -> None:
        view = self.game.view()
        print_view(self.console, self.story, view, self.said_meters)
        self.said_meters = view.meters
        if view.is_ending or view.is_dead_end:
            self._after_ending()
        self.shown = True

    # -- the loop --------------------------------------------------------------------------

    def loop(self) -> int:
        while True:
            with self.lock:
                if not self.shown:
                    self.show()
                self._ask()
            try:
                typed = next(self.inputs).strip()
            except StopIteration:
                with self.lock:
                    self.console.print()
                    say(
                        self.console,
                        tr("(end of scripted choices)") if self.scripted else tr("(end of input)"),
                    )
                return 0
            with self.lock:  # the view now: a reload may have come while the player typed
                self.prompt = ""
                view = self.game.view()
                at_end = view.is_ending or view.is_dead_end
                count = len(self._menu()) if at_end else len(view.choices)
                if self.echo:
                    self.console.print(line(typed))
                if self._command(typed, view, count):
                    return 0

    def _ask(self) -> None:
        view = self.game.view()
        at_end = view.is_ending or view.is_dead_end
        count = len(self._menu()) if at_end else len(view.choices)
        self.prompt = self._prompt(count, at_end)
        self.console.print(line(self.prompt), end="")

    # -- live preview (--watch) -------------------------------------------------------------

    def follow_edits(self, folder: Path) -> Callable[[], None]:
        """Reload the story on every save of its files until the returned function is called.

        A good save carries the game on in the edited story (the path replayed as far as it
        still goes, :meth:`Game.reload`) and says the view again; a broken one prints its
        errors and the last good version plays on. Returns once the folder is watched, so a
        save from then on is seen."""
        stop, ready = threading.Event(), threading.Event()
        watcher = threading.Thread(target=self._watch, args=(folder, stop, ready), daemon=True)
        watcher.start()
        ready.wait(5)
        say(self.console, "Watching the story's files: each save reloads it and keeps your place.")

        def end() -> None:
            stop.set()
            watcher.join(2)

        return end

    def _watch(self, folder: Path, stop: threading.Event, ready: threading.Event) -> None:
        from patrolday.game import watching

        for result in watching.watch(folder, stop, ready.set, self.story.language):
            with self.lock:
                try:
                    self._reloaded(result)
                except Exception as err:  # a front end's bug must not end the author's session
                    say(self.console, f"This edit could not be shown ({type(err).__name__}: {err}).")
                    say(self.console, "The next save tries again.")
                if self.prompt:  # the player was asked: ask again under what was said
                    self._ask()

    def _reloaded(self, result: Story | StoryError) -> None:
        console = self.console
        if self.prompt:  # the cursor is after the prompt: the news starts on a line of its own
            console.print()
        if isinstance(result, StoryError):
            errors = [d for d in result.diagnostics if d.severity.value == "error"]
            count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
            say(console, f"The edit does not load yet ({count}); you play on in the last one that loaded.")
            for text in result.format().splitlines():
                say(console, text)
            return
        replayed = self.game.reload(result)
        say(console, "The story was saved and reloaded.")
        for note in replayed.notes:
            say(console, note)
        if replayed.changed:
            names = sorted(scene_title(result, sid) for sid in replayed.changed)
            say(console, "Edited: " + ", ".join(names) + ".")
        if replayed.removed:
            say(console, "Removed: " + ", ".join(sorted(replayed.removed)) + ".")
        if not replayed.changed and not replayed.removed:
            say(console, "No scene's text changed.")
        self.open_parts = self._open()
        self.show()

    def _prompt(self, count: int, at_end: bool) -> str:
        if count == 1:
            numbers = "1"
        elif count == 2:
            numbers = tr("1 or 2")
        else:
            numbers = tr("1 to {count}").format(count=count)
        keys = [tr("u undo the last choice") if at_end else tr("u undo")]
        if not at_end:
            keys.append(tr("m meters"))
        if self.saves:
            keys += [tr("s save"), tr("l load")]
        keys += [tr("h help"), tr("q quit")]
        return tr("Choose {numbers} ({keys}): ").format(numbers=numbers, keys=", ".join(keys))

    def _command(self, typed: str, view: SceneView, count: int) -> bool:
        """Do what the player typed; True when the session is over."""
        console = self.console
        answer = typed.lower()
        if answer in ("q", "quit", "exit"):
            say(console, tr("Goodbye."))
            return True
        if answer in ("h", "help", "?"):
            say(console, tr(HELP))
            if self.saves:
                say(console, tr(SAVE_HELP))
            return False
        command, _, name = typed.partition(" ")
        if command.lower() in ("s", "save", "l", "load") and self.saves:
            if self._save_or_load(command.lower()[0], name.strip()):
                self.shown = False
            return False
        if answer in ("m", "meters"):
            say(console, meter_list(view.meters))
            self.said_meters = view.meters
            return False
        if answer in ("u", "undo"):
            if self.game.undo():
                say(console, tr("Undone: back one choice."))
                self.shown = False
            else:
                say(console, tr("Nothing to undo yet."))
            return False
        if not answer.isdigit():
            say(console, tr("Please type a number from 1 to {count}, or h for help.").format(count=count))
            return False
        if view.is_ending or view.is_dead_end:
            self._start_from_menu(int(answer))
        else:
            self._choose(view, int(answer))
        return False

    def _choose(self, view: SceneView, number: int) -> None:
        picked = next((c for c in view.choices if c.number == number), None)
        if picked is None:
            say(
                self.console,
                tr("There is no option {number}. Pick 1 to {count}.").format(
                    number=number, count=len(view.choices)
                ),
            )
            return
        if not picked.enabled:
            say(self.console, tr("That option is unavailable: {reason}").format(reason=picked.reason))
            return
        try:
            self.game.choose(picked.id)
        except StoryRuntimeError as err:
            say(
                self.console,
                tr("The story hit an error here and cannot go on this way: {error}").format(error=err),
            )
            return
        self.shown = False

    # -- after an ending --------------------------------------------------------------------

    def _menu(self) -> list[tuple[str, str, str]]:
        """After an ending: (part id, words, why locked) per part, as the New game menu offers
        them ("" for why locked when the part is open)."""
        parts = self.game.parts()
        if len(parts) <= 1:
            return [(parts[0].id if parts else "", tr("Play again from the start"), "")]
        out = []
        for part in parts:
            words = start_label(part.title)
            if part.unlocked and self.game.carried_into(part.id) is not None:
                words += carried_note(self.story, part.id)
            out.append((part.id, words, "" if part.unlocked else part.why_locked or tr("locked")))
        return out

    def _after_ending(self) -> None:
        console = self.console
        entries = self.game.journal()
        count = len(entries)
        console.print()
        say(
            console,
            ngettext("Your path: {count} choice.", "Your path: {count} choices.", count).format(count=count),
            "bold",
        )
        for entry in entries:
            item(console, "  ", prose(f"{entry.scene_title}: {entry.choice_label}"))
        now_open = self._open()
        console.print()
        for part in self.game.parts():
            if part.id in now_open - self.open_parts:
                say(console, unlocked_sentence(part.title))
        self.open_parts = now_open
        say(console, tr("What next?"), "bold")
        for number, (_, words, locked) in enumerate(self._menu(), start=1):
            if locked:
                item(
                    console, f"  {number}. ", f"{tr('(locked)')} {sentence(words)} {sentence(locked)}", "dim"
                )
            else:
                item(console, f"  {number}. ", words)

    def _start_from_menu(self, number: int) -> None:
        menu = self._menu()
        if not 1 <= number <= len(menu):
            say(
                self.console,
                tr("There is no option {number}. Pick 1 to {count}.").format(number=number, count=len(menu)),
            )
            return
        part, _, locked = menu[number - 1]
        if locked:
            say(self.console, tr("That part is locked: {reason}.").format(reason=locked))
            return
        try:
            # Picked by the player, so the part carries on from their own game (as the
            # full-screen player's New game menu does); `--part` on the command line does not.
            self.game.new_game(part or None, self.options.seed_now(), carry=True)
        except StoryRuntimeError as err:
            say(self.console, tr("The story cannot start: {error}").format(error=err))
            return
        titles = {p.id: p.title for p in self.story.parts}
        say(self.console, starting_sentence(titles[part] if len(menu) > 1 and part in titles else None))
        self.said_meters = None
        self.shown = False

    # -- saves ------------------------------------------------------------------------------

    def _save_or_load(self, command: str, name: str) -> bool:
        """``s NAME``, ``l`` or ``l NAME``; True when a loaded game should be shown."""
        console, game = self.console, self.game
        if command == "s":
            if not name:
                say(console, tr("Type s and a name for the save, for example: s before the yard"))
                return False
            try:
                path = game.save(name)
            except (OSError, SaveError) as err:
                say(console, tr("The game was not saved: {error}").format(error=err))
                return False
            say(console, tr("Saved as {name} ({folder}).").format(name=repr(name), folder=path.parent))
            return False
        if not name:
            slots = game.slots()
            if not slots:
                say(console, tr("There are no saves yet."))
            for slot in slots:
                detail = slot.label or slot.problem
                when = tr(", saved {when}").format(when=spoken_time(slot.saved_at)) if slot.saved_at else ""
                item(console, "  ", f"{slot.name}{': ' + detail if detail else ''}{when}")
            return False
        try:
            loaded = game.load(name)
        except SaveError as err:
            try:
                exists = game.saves.path(name).exists()
            except SaveError:
                exists = False
            kept = " " + tr("The file was left as it is.") if exists else ""
            said = tr("This save cannot be loaded: {problem}.").format(problem=str(err).rstrip("."))
            say(console, said + kept)
            return False
        for note in loaded.notes:
            say(console, note)
        say(console, tr("Loaded {name}.").format(name=repr(name)))
        return True
