"""Benchmark ``play --watch``: from a story file saved to the new frame on screen.

Issue 19's target: under 150 ms median for the bundled story on a 2-core machine. The
bundled story is copied to a temporary folder and played in the full-screen player (Pilot,
80x24) with ``--watch``; a few choices in, one scene file is rewritten N times (its text
changed a little each time, as an author's save would). Each sample is the time from just
before the write to the ``SceneRendered`` message of the frame that shows the edited text
(stamped right after that frame is drawn). For scale it also prints, in the same run, how
long loading the story takes on its own (``load_story``), the floor of any reload.

Run: ``.venv/bin/python benchmarks/watch_bench.py [--saves 20] [STORY]``.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


async def save_to_frame(story_dir: Path, saves: int) -> list[float]:
    from patrolday.engine import load_story
    from patrolday.game.card import StorySource
    from patrolday.game.options import PlayOptions
    from patrolday.tui.app import PatroldayApp
    from patrolday.tui.messages import SceneRendered
    from patrolday.tui.screens.scene import SceneScreen

    rendered: list[float] = []

    class Timed(PatroldayApp):
        def on_scene_rendered(self, message: SceneRendered) -> None:
            rendered.append(message.drawn_at)

    story = load_story(story_dir)
    first = story.parts[0].id if story.parts else None
    samples: list[float] = []
    with tempfile.TemporaryDirectory() as data:
        app = Timed(StorySource.of(story), PlayOptions(data_dir=Path(data), part=first, seed=0, watch=True))
        async with app.run_test(size=(80, 24)) as pilot:
            await _until(pilot, lambda: bool(rendered))
            for _ in range(2):  # a couple of choices in, as an author testing a scene would be
                screen = app.screen
                if isinstance(screen, SceneScreen) and screen.view is not None and screen.view.choices:
                    count = len(rendered)
                    await pilot.press("1")
                    await _until(pilot, lambda c=count: len(rendered) > c)  # type: ignore[misc]
            await asyncio.sleep(0.5)  # the watcher is running
            scene = app.game.view().scene
            path = Path(app.story.scenes[scene].location.file)
            text = path.read_text(encoding="utf-8")
            for n in range(saves):
                count = len(rendered)
                edited = (
                    text.replace(f"=== {scene} ===", f"=== {scene} ===\n// edit {n}", 1)
                    + f"\nEdit number {n}.\n"
                )
                started = time.perf_counter()
                path.write_text(edited, encoding="utf-8")
                await _until(pilot, lambda c=count: len(rendered) > c, timeout=10)  # type: ignore[misc]
                samples.append(rendered[count] - started)
                await asyncio.sleep(0.15)  # let the editor's burst settle, as between real saves
    return samples


def load_floor(story_dir: Path, runs: int) -> float:
    from patrolday.engine import load_story

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        load_story(story_dir)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


async def _until(pilot, condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out waiting for a frame")
        await pilot.pause(0.002)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "story", nargs="?", default=str(ROOT / "story"), help="story folder (default: bundled)"
    )
    parser.add_argument("--saves", type=int, default=20, help="saves to time (default 20)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "story"
        shutil.copytree(args.story, copy)
        samples = asyncio.run(save_to_frame(copy, args.saves))
        floor = load_floor(copy, 7)
    samples.sort()
    median = statistics.median(samples)
    print(f"play --watch, save to new frame ({len(samples)} saves, {Path(args.story).name}, 80x24):")
    print(
        f"  median {median * 1000:.0f} ms, p90 {samples[int(len(samples) * 0.9)] * 1000:.0f} ms, "
        f"max {samples[-1] * 1000:.0f} ms  (target median < 150 ms: {'met' if median < 0.150 else 'MISSED'})"
    )
    print(f"  load_story alone, median of 7: {floor * 1000:.0f} ms (ratio {median / floor:.2f}x)")


if __name__ == "__main__":
    main()
