"""The plain line player: numbered text in, numbered text out.

This is the accessible path (Textual does not support screen readers), so it is a
first-class player: no spinners, no colour-only meaning, instant text, ``NO_COLOR`` and
``TERM=dumb`` respected by Rich. It works with piped input and with scripted choices.
All game logic is the engine's; this module reads lines and prints views.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.text import Text

from patrolday.engine import GameState, SaveError, SceneView, Story, StoryRuntimeError, journal
from patrolday.game.options import PlayOptions
from patrolday.game.playthrough import Listener, Playthrough
from patrolday.prose import prose, safe

if TYPE_CHECKING:
    from patrolday.game.game import Game

HELP = (
    "Type the number of an option and press Enter. "
    "Other commands: u = undo the last choice, m = show meters, h = help, q = quit."
)
SAVE_HELP = (
    "Saving: s NAME saves the game under NAME; l lists your saves; l NAME loads one "
    "(l autosave resumes the game saved after your last choice)."
)


def line(text: str, style: str = "") -> Text:
    """A line of output. Story text passes through :func:`safe` even though the loader already
    refuses control characters: the player should not depend on every caller having checked."""
    return Text(safe(text), style=style)


def _lines(stream: TextIO) -> Iterator[str]:
    while True:
        line = stream.readline()
        if not line:
            return
        yield line.rstrip("\r\n")


def make_console(file: TextIO | None = None) -> Console:
    return Console(file=file or sys.stdout, highlight=False, emoji=False, soft_wrap=False)


def print_view(console: Console, story: Story, view: SceneView) -> None:
    """Print one view: text, then meters, then numbered options."""
    console.print()
    if view.title:
        console.print(line(view.title, style="bold"))
    for block in view.blocks:
        if block.heading:
            console.print(line(block.heading, style="bold"))
        if block.text:
            console.print(prose(block.text))
            console.print()
    if view.meters:
        console.print(line("  ".join(f"{m.label}: {m.value}/{m.max}" for m in view.meters), style="dim"))
    if view.is_ending:
        console.print()
        console.print(line(f"THE END: {view.ending}", style="bold"))
        return
    for option in view.choices:
        if option.enabled:
            console.print(line(f"  {option.number}. {option.label}"))
        else:
            console.print(
                line(f"  {option.number}. (unavailable) {option.label} - {option.reason}", style="dim")
            )
    if view.is_dead_end:
        console.print(line("The story has no way on from here (a dead end in this story)."))


def play_plain(
    story: Story,
    options: PlayOptions,
    stdin: TextIO | None = None,
    console: Console | None = None,
    listeners: list[Listener] | None = None,
    *,
    saves: bool = True,
) -> int:
    """Play ``story`` until an ending, end of input, or quit. Returns the exit code.

    Scripted runs (``options.choices``) and ``saves=False`` never touch save files."""
    console = console or make_console()
    stream = stdin or sys.stdin
    scripted = options.choices is not None
    inputs: Iterator[str] = iter([str(n) for n in options.choices or ()]) if scripted else _lines(stream)
    echo = scripted or not stream.isatty()
    save_root = _save_root(options) if saves and not scripted else None

    console.print(line(story.title, style="bold"))
    if story.content_note:
        console.print(line("Content note: " + " ".join(story.content_note.split())))
    console.print(line(HELP, style="dim"))
    game = None
    seed = options.seed_now()
    try:
        play, game = _begin(story, options, seed, save_root, listeners, console)
    except StoryRuntimeError as err:  # the first scene itself fails (`check` warns of it)
        console.print(line(f"The story cannot start: {err}"))
        console.print(line("This is a mistake in the story: patrolday check shows where."))
        return 1
    try:
        return _loop(console, story, play, game, inputs, scripted, echo)
    finally:
        if game is not None:
            game.flush()


def _begin(
    story: Story,
    options: PlayOptions,
    seed: int,
    save_root: Path | None,
    listeners: list[Listener] | None,
    console: Console,
) -> tuple[Playthrough, Game | None]:
    """The game to play: with saves (a :class:`Game`) or, for scripted runs, without."""
    game = None
    if save_root is not None:
        from patrolday.game.game import Game
        from patrolday.game.writer import Immediate

        # Written at once: a line player waits for the next line anyway.
        game = Game(story, save_root, listeners, autosave=options.autosave, writer=Immediate())
        console.print(line(SAVE_HELP, style="dim"))
        game.new_game(options.part, seed, preset=options.preset, at=options.origin)
        if game.has_autosave() and options.autosave:
            console.print(line("A game was saved after your last choice: type l autosave to resume it."))
        assert game.play is not None
        return game.play, game
    play = Playthrough.new(story, options.part, seed, listeners, preset=options.preset, at=options.origin)
    return play, None


def _save_root(options: PlayOptions) -> Path:
    if options.data_dir is not None:
        return options.data_dir
    from patrolday.game.storage import default_data_dir

    return default_data_dir()


def _loop(
    console: Console,
    story: Story,
    play: Playthrough,
    game: Game | None,
    inputs: Iterator[str],
    scripted: bool,
    echo: bool,
) -> int:
    shown = True
    print_view(console, story, play.view())
    while True:
        if game is not None and game.play is not None:
            play = game.play
        view = play.view()
        if not shown:
            print_view(console, story, view)
            shown = True
        if view.is_ending or view.is_dead_end:
            _summary(console, story, play.state)
            return 0
        console.print(line(f"Choose 1-{len(view.choices)} (u undo, h help, q quit): "), end="")
        try:
            typed = next(inputs).strip()
        except StopIteration:
            console.print()
            console.print(line("(end of scripted choices)" if scripted else "(end of input)"))
            return 0
        answer = typed.lower()
        if echo:
            console.print(line(typed))
        if answer in ("q", "quit", "exit"):
            console.print(line("Goodbye."))
            return 0
        if answer in ("h", "help", "?"):
            console.print(line(HELP))
            if game is not None:
                console.print(line(SAVE_HELP))
            continue
        command, _, name = typed.partition(" ")
        command = command.lower()
        if command in ("s", "save", "l", "load") and game is not None:
            if _save_or_load(console, game, command[0], name.strip()):
                shown = False
            continue
        if answer in ("m", "meters"):
            console.print(
                line("  ".join(f"{m.label}: {m.value}/{m.max}" for m in view.meters) or "No meters.")
            )
            continue
        if answer in ("u", "undo"):
            if play.undo():
                console.print(line("Undone: back one choice."))
                shown = False
            else:
                console.print(line("Nothing to undo yet."))
            continue
        if not answer.isdigit():
            console.print(line(f"Please type a number from 1 to {len(view.choices)}, or h for help."))
            continue
        number = int(answer)
        picked = next((c for c in view.choices if c.number == number), None)
        if picked is None:
            console.print(line(f"There is no option {number}. Pick 1 to {len(view.choices)}."))
            continue
        if not picked.enabled:
            console.print(line(f"That option is unavailable: {picked.reason}"))
            continue
        try:
            play.choose(picked.id)
        except StoryRuntimeError as err:
            console.print(line(f"The story hit an error here and cannot go on this way: {err}"))
            continue
        shown = False


def _save_or_load(console: Console, game: Game, command: str, name: str) -> bool:
    """``s NAME``, ``l`` or ``l NAME``; True when a loaded game should be shown."""
    if command == "s":
        if not name:
            console.print(line("Type s and a name for the save, for example: s before the yard"))
            return False
        try:
            path = game.save(name)
        except (OSError, SaveError) as err:
            console.print(line(f"The game was not saved: {err}"))
            return False
        console.print(line(f"Saved as {name!r} ({path.parent})."))
        return False
    if not name:
        slots = game.slots()
        if not slots:
            console.print(line("There are no saves yet."))
        for slot in slots:
            detail = slot.label or slot.problem
            when = f" ({slot.saved_at})" if slot.saved_at else ""
            console.print(line(f"  {slot.name}{': ' + detail if detail else ''}{when}"))
        return False
    try:
        loaded = game.load(name)
    except SaveError as err:
        try:
            exists = game.saves.path(name).exists()
        except SaveError:
            exists = False
        kept = " The file was left as it is." if exists else ""
        console.print(line(f"This save cannot be loaded: {str(err).rstrip('.')}.{kept}"))
        return False
    for note in loaded.notes:
        console.print(line(note))
    console.print(line(f"Loaded {name!r}."))
    return True


def _summary(console: Console, story: Story, state: GameState) -> None:
    count = len(state.history)
    console.print()
    console.print(line(f"Your path: {count} choice{'s' if count != 1 else ''}.", style="bold"))
    for entry in journal(story, state):
        console.print(line(f"  - {entry.title}: {entry.label}"))
