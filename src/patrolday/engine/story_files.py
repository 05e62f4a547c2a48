"""The files of a story folder, read safely: nothing outside the folder, nothing but regular files.

A story is someone else's folder, often unpacked from a zip, so anything a file system
can hold may be in it: symlinks out of the folder, links that lead nowhere or to
themselves, named pipes (reading one would block forever), files and folders the player
may not read. Each is refused with a diagnostic that names the path and says what to do;
none raises. Only regular files are read, through one descriptor that is checked
(``fstat``) before it is read, so a file cannot turn into a pipe between the check and
the read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from .diagnostics import Diagnostic, Location

SCENE_DIR = "scenes"
SCENE_SUFFIX = ".md"
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class Refused(Exception):
    """A file that cannot be used, with the diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class Folder(NamedTuple):
    """A story folder: as the author gave it (paths are shown relative to it) and resolved."""

    given: Path
    root: Path  # what "inside the story folder" is measured against
    prefix: str | None  # how ``given`` is shown, when a path under it is shown as prefix/rest

    @classmethod
    def at(cls, given: Path) -> Folder:
        # Showing the folder once and joining saves a relpath per file (10,000 files: a second);
        # it gives the same text unless the working directory is inside the story.
        try:
            cwd = os.getcwd()
        except OSError:  # the working directory is gone: display() shows paths as given
            return cls(given, given.resolve(), str(given))
        prefix = None if inside(cwd, Path(os.path.abspath(given))) else display(given)
        return cls(given, given.resolve(), prefix)

    def shown(self, path: Path) -> str:
        """``path`` (inside ``root``) as the author would type it: ``display(given / rest)``."""
        rest = path.relative_to(self.root)
        if self.prefix is None:
            return display(self.given / rest)
        return str(rest) if self.prefix == "." else os.path.join(self.prefix, rest)


def display(path: Path) -> str:
    """Paths as the author would type them: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except (ValueError, OSError):  # another drive; or the working directory is gone
        return str(path)
    return str(path) if rel.startswith("..") else rel


def inside(real: str, root: Path) -> bool:
    base = str(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def outside(path: Path) -> Diagnostic:
    return Diagnostic(
        Location(display(path)),
        "refused: this leads outside the story folder (through a symlink)",
        "copy the file into the story folder instead of linking to it",
        code="outside",
    )


def unreadable(path: Path, shown: str, err: OSError) -> Diagnostic:
    """Why a path could not be opened, in the author's words, with what to do about it."""
    if err.errno == errno.ELOOP:
        message = "cannot be read: it is a loop of symlinks that never reaches a file"
        hint = "replace the link with the file it should lead to"
    elif err.errno == errno.ENOENT and os.path.islink(path):
        message = "cannot be read: it links to something that does not exist"
        hint = "restore the file it links to, or remove the link"
    elif err.errno in (errno.EACCES, errno.EPERM):
        message = "cannot be read: permission denied"
        hint = f"make it readable (chmod a+r {shown}), or copy the story into a folder of your own"
    elif err.errno == errno.ENOENT:
        message = "cannot be read: it disappeared while the story was loading"
        hint = "load the story again"
    else:
        message = f"cannot be read: {(err.strerror or str(err)).lower()}"
        hint = "check the file (copy the story again if it came from a zip)"
    return Diagnostic(Location(shown), message, hint, code="unreadable")


def open_regular(path: Path, shown: str, what: str) -> tuple[int, int]:
    """An open descriptor on ``path`` and its size, if it is a regular file. Raises :class:`Refused`.

    The caller closes the descriptor (``read_and_close``). ``O_NONBLOCK``: opening a named
    pipe must not wait for a writer; it is refused a moment later by ``fstat``.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as err:
        raise Refused(unreadable(path, shown, err)) from None
    try:
        info = os.fstat(fd)
    except OSError as err:
        os.close(fd)
        raise Refused(unreadable(path, shown, err)) from None
    if not stat.S_ISREG(info.st_mode):  # a pipe or device would block the read forever
        os.close(fd)
        hint = f"{what} must be ordinary text files"
        raise Refused(Diagnostic(Location(shown), "refused: not a regular file", hint, code="not-a-file"))
    return fd, info.st_size


def read_and_close(fd: int, path: Path, shown: str) -> bytes:
    """Everything in an open regular file. Raises :class:`Refused` if reading fails."""
    try:
        with open(fd, "rb", closefd=True) as handle:
            return handle.read()
    except OSError as err:
        raise Refused(unreadable(path, shown, err)) from None


def lexists(path: Path, shown: str) -> bool:
    """Whether anything (a file, a link, even a broken one) is at ``path``. Raises :class:`Refused`
    when that cannot be known (a folder on the way that may not be searched)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as err:
        raise Refused(unreadable(path, shown, err)) from None
    return True


def scene_files(folder: Folder, diags: list[Diagnostic]) -> list[Path]:
    """Every ``*.md`` under ``scenes/``, sorted, refusing what resolves outside the story.

    A folder that cannot be listed is an error, not a gap: its scenes would be missing.
    """
    scene_root = folder.root / SCENE_DIR
    if not _is_dir(scene_root):
        shown = display(scene_root)
        hint = f"create {shown}/ and put scene files (*.md) in it"
        diags.append(
            Diagnostic(Location(shown), f"no '{SCENE_DIR}' folder in the story", hint, code="no-scenes")
        )
        return []
    files: list[Path] = []
    for dirpath, filenames in _walk(scene_root, folder, diags):
        for name in sorted(filenames):
            if not name.endswith(SCENE_SUFFIX) or name.startswith("."):
                continue
            path = Path(dirpath) / name
            if not inside(os.path.realpath(path), folder.root):
                diags.append(outside(path))
                continue
            files.append(path)
    return files


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _walk(scene_root: Path, folder: Folder, diags: list[Diagnostic]) -> Iterator[tuple[str, list[str]]]:
    """(folder, file names) for each folder under ``scene_root`` once, links followed inside the story."""

    def cannot_list(err: OSError) -> None:
        path = Path(err.filename) if err.filename else scene_root
        shown = folder.shown(path) if inside(str(path), folder.root) else display(path)
        diag = unreadable(path, shown, err)
        if err.errno in (errno.EACCES, errno.EPERM):
            diag = Diagnostic(
                diag.location,
                "cannot read this folder: permission denied, so its scenes are missing",
                f"make it readable (chmod a+rx {shown}), or copy the story into a folder of your own",
                code="unreadable",
            )
        diags.append(diag)

    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(scene_root, onerror=cannot_list, followlinks=True):
        real = os.path.realpath(dirpath)
        if not inside(real, folder.root) or real in seen:
            if not inside(real, folder.root):
                diags.append(outside(Path(dirpath)))
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames.sort()
        yield dirpath, filenames
