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

DEBOUNCE_MS = 40
"""How long a burst of file events may last and still count as one save (editors write a
temporary file, rename it and touch it; 40 ms spans that, and stays well under a frame-ish
reaction an author would notice)."""


def story_file(path: str) -> bool:
    """Whether a changed path can change the story: the manifest or a scene file."""
    name = Path(path).name
    return name == "story.toml" or (name.endswith(".md") and not name.startswith(".#"))


def load(folder: Path) -> Story | StoryError:
    """The story as it is on disk now, or what is wrong with it."""
    try:
        return load_story(folder)
    except StoryError as err:
        return err


def watch(
    folder: Path, stop: threading.Event | None = None, ready: Callable[[], None] | None = None
) -> Iterator[Story | StoryError]:
    """Each time the story's files change: the story reloaded (blocking; ``stop`` ends it).
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
        yield load(folder)


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
