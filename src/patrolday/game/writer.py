"""One background thread for a game's files: the autosave and the session log.

Why: a file write here is JSON, fsync, rename and an fsync of the folder, a few
milliseconds, and a choice has 16 ms to reach the screen. Both the autosave and the
session log are written after every choice, so both are handed to one thread, which
writes them in the order they were asked for. Crash safety does not change: each write
is atomic (:func:`patrolday.game.storage.write_atomic`), so a killed process leaves every
file as of some earlier write, never half of one. Readers of those files call
:meth:`FileWriter.flush` first, and so does the front end before the process exits.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor


class FileWriter:
    """Run file writes on one thread, in order. Created idle: the thread starts on the first write."""

    def __init__(self, name: str = "patrolday-files") -> None:
        self._name = name
        self._pool: ThreadPoolExecutor | None = None
        self._last: Future[None] | None = None

    def submit(self, write: Callable[[], None]) -> None:
        """Queue ``write``; it must catch its own errors (it runs where nobody can see them)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
        self._last = self._pool.submit(write)

    def flush(self) -> None:
        """Wait until every write asked for so far is done (one thread: the last one)."""
        last, self._last = self._last, None
        if last is not None:
            last.result()

    def close(self) -> None:
        """Flush, then stop the thread (a later :meth:`submit` starts a new one)."""
        self.flush()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


class Immediate(FileWriter):
    """A writer that writes at once, on the caller's thread (scripted runs, tests, tools)."""

    def submit(self, write: Callable[[], None]) -> None:
        write()
