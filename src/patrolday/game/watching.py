"""Watch a story folder and reload the story whenever one of its files is saved.

Used by ``patrolday play --watch`` and ``patrolday check --watch``. The watching is
watchfiles' (inotify, FSEvents or ReadDirectoryChangesW under the hood, not a polling loop
of ours); this module only decides which changes matter (the manifest and scene files) and
turns each burst of saves into one load of the story: a :class:`Story`, or the
:class:`StoryError` with every diagnostic when the edit broke it. An editor's save often
writes, renames and touches a file within milliseconds, so changes are debounced briefly.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

from patrolday.engine import Story, StoryError, load_story

DEBOUNCE_MS = 20
"""How long a burst of file events may last and still count as one save (an editor writes
a temporary file, renames it and touches it within a few milliseconds). 20 ms spans that;
40 ms measured twice as slow from save to frame (benchmarks/watch_bench.py) for no gain."""


def story_file(path: str) -> bool:
    """Whether a changed path can change the story: the manifest or a scene file."""
    name = Path(path).name
    return name == "story.toml" or (name.endswith(".md") and not name.startswith(".#"))


def load(folder: Path, language: str | None = None) -> Story | StoryError:
    """The story as it is on disk now (in ``language``, as :func:`load_story` reads it), or
    what is wrong with it."""
    try:
        return load_story(folder, language)
    except StoryError as err:
        return err


def watch(
    folder: Path,
    stop: threading.Event | None = None,
    ready: Callable[[], None] | None = None,
    language: str | None = None,
) -> Iterator[Story | StoryError]:
    """Each time the story's files change: the story reloaded (blocking; ``stop`` ends it),
    in ``language`` (the one the game is played in: ``play --lang es --watch`` stays Spanish).
    ``ready`` is called once the folder is being watched: a save from then on is seen."""
    from watchfiles import watch as watch_files

    for changes in watch_files(
        folder,
        watch_filter=lambda _change, path: story_file(path),
        debounce=DEBOUNCE_MS,
        step=10,
        stop_event=stop,
        rust_timeout=100,
        yield_on_timeout=True,  # an empty set: the first one says the watch has begun
    ):
        if not changes:
            if ready is not None:
                ready()
                ready = None
            continue
        yield load(folder, language)


async def awatch(folder: Path, stop: asyncio.Event | None = None) -> AsyncIterator[set[tuple[int, str]]]:
    """The changes to the story's files, for an event loop (the caller loads the story in a
    thread, so a large story never stalls a frame)."""
    from watchfiles import awatch as watch_files

    async for changes in watch_files(
        folder,
        watch_filter=lambda _change, path: story_file(path),
        debounce=DEBOUNCE_MS,
        step=10,
        stop_event=stop,
        rust_timeout=500,
        yield_on_timeout=False,
    ):
        yield {(int(change), path) for change, path in changes}
