"""Benchmark the Textual player: start-up against a bare Textual app, and choice-to-render time.

1. Cold start. ``python -m patrolday play STORY`` and a bare Textual app that shows one
   ``Static`` are each started in a fresh process on a real pseudo-terminal (80x24), and
   quit as soon as their first frame is drawn (``PATROLDAY_EXIT_AFTER_FIRST_FRAME``, and
   ``on_ready`` -> ``exit`` in the bare app). The wall time from process start to exit is
   measured, alternating the two, median of N runs each. Target: patrolday within 1.2x.
   The first frame is the title, drawn from the manifest; the scenes load right after it
   (``patrolday.game.card``), so the time until they have loaded is printed as well.
   patrolday's modules are byte-compiled first, as ``pip install`` does: in an editable
   install with ``PYTHONDONTWRITEBYTECODE`` set, every start would compile them again.

2. Choice to render. In one process, with Pilot at 80x24, a number key is pressed and the
   time until the next scene's ``SceneRendered`` message (posted after the screen refresh
   that shows it) is taken, over many choices. Target: median within 16 ms (one 60 Hz frame),
   with the session log on as well as off (its writes go to the game's background writer).

Run: ``.venv/bin/python benchmarks/tui_bench.py [--runs 15] [--choices 200] [STORY]``.
It uses the bundled story when it loads, else the tui-demo test story.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tests" / "stories" / "tui-demo"

BARE_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Static("Hello")

    def on_ready(self) -> None:
        self.exit()


Bare().run()
"""


def pick_story(argument: str | None) -> Path:
    from patrolday.engine import StoryError, load_story

    if argument:
        return Path(argument)
    bundled = ROOT / "story"
    try:
        load_story(bundled)
    except StoryError as err:
        print(f"(the bundled story does not load yet: {len(err.diagnostics)} problems; using {DEMO.name})")
        return DEMO
    return bundled


def run_in_pty(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting ``command`` on an 80x24 pseudo-terminal to its exit."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    code = process.wait(timeout=60)
    elapsed = time.perf_counter() - started
    os.close(slave)
    os.close(master)
    reader.join(timeout=2)
    if code != 0:
        raise SystemExit(f"{command} exited with {code}")
    return elapsed


def compile_package() -> None:
    """Byte-compile patrolday (what ``pip install`` does), so no start pays for compiling it."""
    import compileall

    import patrolday

    compileall.compile_dir(Path(patrolday.__file__).parent, quiet=1)


def cold_start(story: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE_APP, "utf-8")
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "PATROLDAY_EXIT_AFTER_FIRST_FRAME": "1",
            "PATROLDAY_DATA_DIR": str(Path(tmp) / "data"),
        }
        env.pop("NO_COLOR", None)
        ours_cmd = [sys.executable, "-m", "patrolday", "play", str(story), "--no-log"]
        bare_cmd = [sys.executable, str(bare)]
        compile_package()
        loaded_env = {**env, "PATROLDAY_EXIT_AFTER_FIRST_FRAME": "loaded"}
        run_in_pty(ours_cmd, env)  # warm the OS file cache once for both
        run_in_pty(bare_cmd, env)
        ours, bare_times, loaded = [], [], []
        for _ in range(runs):
            ours.append(run_in_pty(ours_cmd, env))
            bare_times.append(run_in_pty(bare_cmd, env))
            loaded.append(run_in_pty(ours_cmd, loaded_env))
        engine_cmd = [
            sys.executable,
            "-c",
            "from patrolday.cli import build_parser; from patrolday.engine import load_story; "
            f"build_parser(); load_story({str(story)!r})",
        ]
        engine_times = [run_in_pty(engine_cmd, env) for _ in range(runs)]
    ours_median, bare_median = statistics.median(ours), statistics.median(bare_times)
    engine_median = statistics.median(engine_times)
    print(f"cold start to first frame, median of {runs} runs each (80x24 pty):")
    print(f"  bare Textual app (one Static): {bare_median * 1000:7.1f} ms")
    print(f"  patrolday play ({story.name}):   {ours_median * 1000:7.1f} ms")
    print(f"  patrolday play, until the scenes have loaded too: {statistics.median(loaded) * 1000:7.1f} ms")
    print(f"  of which, without any UI: CLI + engine import + story load: {engine_median * 1000:7.1f} ms")
    ratio = ours_median / bare_median
    print(f"  ratio: {ratio:.2f}x  (target <= 1.20x: {'met' if ratio <= 1.2 else 'MISSED'})")


LOG_MODES = ("no session log", "session log, background writer", "session log, written on the loop")


async def choice_latency(story_path: Path, choices: int, seed: int = 1) -> None:
    """Choice to frame, without a session log and with one (issue 12: logging must not cost
    frame time), plus the old way of writing it on the event loop, for comparison. The same
    seeded paths in each mode; modes alternate in rounds so machine noise hits them alike."""
    rounds = 4
    samples: dict[str, list[float]] = {mode: [] for mode in LOG_MODES}
    for r in range(rounds):
        for mode in LOG_MODES:
            samples[mode] += await _time_choices(story_path, max(choices // rounds, 10), seed + r, mode)
    print(f"choice key to next scene rendered (Pilot, 80x24, {sum(map(len, samples.values()))} choices):")
    plain = statistics.median(samples[LOG_MODES[0]])
    for mode in LOG_MODES:
        got = sorted(samples[mode])
        median = statistics.median(got)
        p90 = got[int(len(got) * 0.9)]
        print(
            f"  {mode:34s} median {median * 1000:5.1f} ms, p90 {p90 * 1000:5.1f} ms, "
            f"max {got[-1] * 1000:6.1f} ms, ratio to no log {median / plain:.2f}x"
        )
    logged = statistics.median(samples[LOG_MODES[1]])
    print(f"  target median <= 16 ms with the session log on: {'met' if logged <= 0.016 else 'MISSED'}")
    floor = await bare_key_latency(min(choices, 100))
    print(f"  same measurement on a bare Textual app rewriting one Static: median {floor * 1000:.1f} ms")


async def _time_choices(story_path: Path, choices: int, seed: int, mode: str) -> list[float]:
    from patrolday.engine import load_story
    from patrolday.game.options import PlayOptions
    from patrolday.game.writer import FileWriter, Immediate
    from patrolday.tui.app import PatroldayApp
    from patrolday.tui.messages import SceneRendered
    from patrolday.tui.screens.ending import EndingScreen
    from patrolday.tui.screens.scene import SceneScreen
    from patrolday.workshop.sessions import SessionLog

    story = load_story(story_path)
    rendered: list[float] = []

    class Timed(PatroldayApp):
        def on_scene_rendered(self, message: SceneRendered) -> None:
            rendered.append(message.drawn_at)  # stamped when posted, right after the frame

    rng = random.Random(seed)
    samples: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        first = story.parts[0].id if story.parts else None
        writer = FileWriter()
        listeners = []
        if mode != LOG_MODES[0]:
            log_writer = writer if mode == LOG_MODES[1] else Immediate()
            listeners.append(SessionLog(story, Path(tmp) / "sessions", "tui", writer=log_writer))
        options = PlayOptions(data_dir=Path(tmp), part=first, seed=0)
        app = Timed(story, options, listeners=listeners, writer=writer)
        async with app.run_test(size=(80, 24)) as pilot:
            await _until(pilot, lambda: bool(rendered))
            while len(samples) < choices:
                screen = app.screen
                if not isinstance(screen, SceneScreen) or screen.view is None:
                    app.game.new_game(first)
                    count = len(rendered)
                    await app.show_view(app.game.view())
                    await _until(pilot, lambda c=count: len(rendered) > c)  # type: ignore[misc]
                    continue
                options = [c for c in screen.view.choices if c.enabled and c.number <= 9]
                if not options:
                    app.game.new_game(first)
                    await app.show_view(app.game.view())
                    continue
                option = rng.choice(options)
                count = len(rendered)
                started = time.perf_counter()
                await pilot.press(str(option.number))
                await _until(pilot, lambda c=count: len(rendered) > c or isinstance(app.screen, EndingScreen))  # type: ignore[misc]
                if len(rendered) > count:  # transitions to the ending screen are not timed
                    samples.append(rendered[count] - started)
        writer.close()
    return samples


async def bare_key_latency(presses: int) -> float:
    """The same measurement on a bare Textual app whose key press rewrites one Static: the floor."""
    from textual.app import App, ComposeResult
    from textual.message import Message
    from textual.widgets import Static

    class Rendered(Message):
        pass

    rendered: list[float] = []

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("", id="text")

        def on_key(self) -> None:
            self.query_one("#text", Static).update(f"Scene {len(rendered)}\n\n" + "Some prose. " * 60)
            self.call_after_refresh(self.post_message, Rendered())

        def on_rendered(self, message: Rendered) -> None:
            rendered.append(time.perf_counter())

    samples = []
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(presses):
            count = len(rendered)
            started = time.perf_counter()
            await pilot.press("1")
            await _until(pilot, lambda c=count: len(rendered) > c)  # type: ignore[misc]
            samples.append(rendered[count] - started)
    return statistics.median(samples)


async def _until(pilot, condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out waiting for a scene to render")
        await pilot.pause(0.001)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("story", nargs="?", help="story folder (default: bundled, else the tui-demo story)")
    parser.add_argument("--runs", type=int, default=15, help="cold starts of each app (default 15)")
    parser.add_argument("--choices", type=int, default=200, help="choices to time (default 200)")
    parser.add_argument("--skip-start", action="store_true", help="only time choices")
    args = parser.parse_args()
    story = pick_story(args.story)
    if not args.skip_start:
        cold_start(story, args.runs)
    asyncio.run(choice_latency(story, args.choices))


if __name__ == "__main__":
    main()
