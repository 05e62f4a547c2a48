"""The plain line player: numbered text in, numbered text out.

This is the accessible path (Textual does not support screen readers), so it is a
first-class player: no spinners, no colour-only meaning, instant text, ``NO_COLOR`` and
``TERM=dumb`` respected by Rich. It works with piped input and with scripted choices.
All game logic is the engine's; this module reads lines and prints views.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.text import Text

from patrolday.engine import GameState, SceneView, Story, StoryRuntimeError, journal
from patrolday.playthrough import Listener, Playthrough
from patrolday.prose import prose, safe

HELP = (
    "Type the number of an option and press Enter. "
    "Other commands: u = undo the last choice, m = show meters, h = help, q = quit."
)


def line(text: str, style: str = "") -> Text:
    """A line of output. Story text passes through :func:`safe` even though the loader already
    refuses control characters: the player should not depend on every caller having checked."""
    return Text(safe(text), style=style)


@dataclass(frozen=True, slots=True)
class PlainOptions:
    choices: list[int] | None = None  # scripted option numbers; None reads from input
    part: str | None = None
    seed: int = 0


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
    options: PlainOptions,
    stdin: TextIO | None = None,
    console: Console | None = None,
    listeners: list[Listener] | None = None,
) -> int:
    """Play ``story`` until an ending, end of input, or quit. Returns the exit code."""
    console = console or make_console()
    stream = stdin or sys.stdin
    scripted = options.choices is not None
    inputs: Iterator[str] = iter([str(n) for n in options.choices]) if scripted else _lines(stream)  # type: ignore[union-attr]
    echo = scripted or not stream.isatty()

    console.print(line(story.title, style="bold"))
    if story.content_note:
        console.print(line("Content note: " + " ".join(story.content_note.split())))
    console.print(line(HELP, style="dim"))
    play = Playthrough.new(story, options.part, options.seed, listeners)
    shown = True
    print_view(console, story, play.view())
    while True:
        view = play.view()
        if not shown:
            print_view(console, story, view)
            shown = True
        if view.is_ending or view.is_dead_end:
            _summary(console, story, play.state)
            return 0
        console.print(line(f"Choose 1-{len(view.choices)} (u undo, h help, q quit): "), end="")
        try:
            answer = next(inputs).strip().lower()
        except StopIteration:
            console.print()
            console.print(line("(end of scripted choices)" if scripted else "(end of input)"))
            return 0
        if echo:
            console.print(line(answer))
        if answer in ("q", "quit", "exit"):
            console.print(line("Goodbye."))
            return 0
        if answer in ("h", "help", "?"):
            console.print(line(HELP))
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


def _summary(console: Console, story: Story, state: GameState) -> None:
    count = len(state.history)
    console.print()
    console.print(line(f"Your path: {count} choice{'s' if count != 1 else ''}.", style="bold"))
    for entry in journal(story, state):
        console.print(line(f"  - {entry.title}: {entry.label}"))
