"""Files the player writes: save slots, the autosave, and which endings a player has seen.

No Textual or Rich here; the TUI, the plain player and the workshop tools share it. Every
write is atomic (temp file in the same folder, fsync, rename) and keeps the previous
version as ``NAME.bak``, so a killed process leaves either the old file or the new one,
never half of one. Nothing here ever deletes or overwrites a file it could not read.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from patrolday.engine import GameState, SaveError, Story, load_state, save_document
from patrolday.i18n import _

AUTOSAVE = "autosave"
_SLOT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,39}\Z")


def default_data_dir() -> Path:
    """The platform's user data folder for patrolday (``PATROLDAY_DATA_DIR`` overrides it)."""
    override = os.environ.get("PATROLDAY_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path("patrolday", appauthor=False)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes, *, backup: bool = True, shared: bool = False) -> None:
    """Write ``data`` to ``path`` so that a crash at any moment leaves a whole file.

    With ``backup``, the file being replaced survives as ``path.bak``: it is hard-linked
    (or copied) there before the new file is renamed into place. The file is private
    (0600, as the temporary file is made) unless ``shared``: files meant to be handed on
    (reports) get the mode the user's umask gives any new file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_temporaries(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        if shared:
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and path.exists():
            bak = path.with_name(path.name + ".bak")
            link = path.with_name(f".{path.name}.{os.getpid()}.bak.tmp")
            with contextlib.suppress(FileNotFoundError):
                link.unlink()
            try:
                os.link(path, link)
            except OSError:
                link.write_bytes(path.read_bytes())
            os.replace(link, bak)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


STALE_AFTER_SECONDS = 60.0
"""A temporary file of ours this old was left by a write that was killed (a write takes
milliseconds); younger ones may belong to another process writing the same slot now."""


def sweep_stale_temporaries(path: Path, now: float | None = None) -> list[Path]:
    """Remove what killed writes of ``path`` left behind (``.NAME.*.tmp``); returns them.

    Only our own temporary names next to ``path`` are touched, and only stale ones.
    """
    cutoff = (time.time() if now is None else now) - STALE_AFTER_SECONDS
    removed = []
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and not leftover.is_symlink() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                removed.append(leftover)
    return removed


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True, slots=True)
class SlotInfo:
    """What the Load screen lists about a slot, read without the story."""

    name: str
    path: Path
    saved_at: str = ""
    label: str = ""
    scene: str = ""
    problem: str = ""  # non-empty when the file cannot be read as a save


def slot_name_problem(name: str) -> str:
    """Why ``name`` cannot be a slot name, or "" if it can."""
    if not _SLOT.match(name):
        return _("use 1-40 letters, digits, spaces, '-' or '_', starting with a letter or digit")
    return ""


class SaveStore:
    """Save slots for one story, in ``root/saves/<story id>/``."""

    def __init__(self, root: Path, story_id: str) -> None:
        self.folder = root / "saves" / story_id
        self.story_id = story_id

    def path(self, slot: str) -> Path:
        problem = slot_name_problem(slot)
        if problem:
            raise SaveError(f"bad slot name {slot!r}: {problem}")
        return self.folder / f"{slot}.json"

    def save(self, story: Story, state: GameState, slot: str, label: str = "") -> Path:
        document = save_document(story, state, label=label, saved_at=now_iso())
        path = self.path(slot)
        set_aside_if_unreadable(path)
        write_atomic(path, json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8"))
        return path

    def load(self, story: Story, slot: str) -> tuple[GameState, list[str]]:
        """Load a slot, falling back to its backup. Raises SaveError; never deletes anything."""
        path = self.path(slot)
        bak = path.with_name(path.name + ".bak")
        if not path.exists() and not bak.exists():
            raise SaveError(f"there is no save called {slot!r}")
        first_error: SaveError | None = None
        for candidate, note in ((path, ""), (bak, "the save was damaged, so its backup was loaded")):
            if not candidate.exists():
                continue
            try:
                state, notes = load_state(story, _read(candidate))
            except SaveError as err:
                first_error = first_error or err
                continue
            if note:
                notes.insert(0, f"{note} (the damaged file {path.name} was left as it is)")
            return state, notes
        assert first_error is not None
        raise SaveError(f"{path}: {first_error}")

    def slots(self) -> list[SlotInfo]:
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob("*.json")):
            name = path.stem
            try:
                doc = json.loads(_read(path))
                state = doc["state"]
                out.append(
                    SlotInfo(
                        name,
                        path,
                        str(doc.get("saved_at", "")),
                        str(doc.get("label", "")),
                        str(state["scene"]),
                    )
                )
            except (SaveError, ValueError, KeyError, TypeError, RecursionError):
                out.append(SlotInfo(name, path, problem=_("damaged or not a patrolday save")))
        return out


def set_aside_if_unreadable(path: Path) -> Path | None:
    """Move a slot file that is not a patrolday save to ``NAME.unreadable-N``; return where.

    Why: saving makes the current file the slot's ``.bak``. If that file is damaged or
    foreign, it would replace the last good backup, and the player's only readable copy
    would be gone without anyone being asked. Kept aside, nothing is lost.
    """
    if not path.is_file():
        return None
    try:
        doc = json.loads(_read(path))
        if isinstance(doc, dict) and doc.get("format") == "patrolday-save":
            return None
    except (SaveError, ValueError, RecursionError):
        pass
    for n in range(1, 10_000):
        aside = path.with_name(f"{path.name}.unreadable-{n}")
        try:
            os.link(path, aside)  # fails if `aside` exists: never overwrites
        except FileExistsError:
            continue
        except OSError:
            os.replace(path, aside)  # no hard links here; `aside` did not exist a moment ago
            return aside
        path.unlink()
        return aside
    raise SaveError(f"{path} is not a readable save and there is no free name to keep it aside")


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(5 * 1024 * 1024 + 1)
    except OSError as err:
        raise SaveError(f"cannot read {path}: {err.strerror}") from None
    return data


class Progress:
    """A player's progress in one story: the endings reached (they unlock later parts), and,
    per part, the values its last finished game ended with that a later part carries on."""

    def __init__(self, root: Path, story_id: str) -> None:
        self.path = root / "progress" / f"{story_id}.json"

    def _read(self) -> dict[str, Any]:
        try:
            data: Any = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def endings(self) -> frozenset[str]:
        endings = self._read().get("endings", [])
        if not isinstance(endings, list):
            return frozenset()
        return frozenset(e for e in endings if isinstance(e, str))

    def carried(self, part: str) -> dict[str, Any]:
        """What the last finished game of ``part`` ended with (unchecked: the engine checks it)."""
        carried = self._read().get("carried", {})
        values = carried.get(part, {}) if isinstance(carried, dict) else {}
        return dict(values) if isinstance(values, dict) else {}

    def record(
        self, ending: str, part: str | None = None, values: Mapping[str, object] | None = None
    ) -> None:
        """``ending`` was reached, at the end of a game of ``part`` that ended with ``values``."""
        data = self._read()
        seen = self.endings()
        found = data.get("carried")
        carried: dict[str, Any] = found if isinstance(found, dict) else {}
        if ending in seen and (part is None or carried.get(part) == dict(values or {})):
            return
        payload: dict[str, Any] = {"endings": sorted(seen | {ending})}
        if part is not None and values:
            carried = {**carried, part: dict(values)}
        if carried:
            payload["carried"] = carried
        write_atomic(self.path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def autosave_exists(root: Path, story_id: str) -> bool:
    """Whether ``story_id`` has an autosave (or its backup) under ``root``: what Continue
    needs to know, answered before the story's scenes are loaded."""
    path = SaveStore(root, story_id).path(AUTOSAVE)
    return path.exists() or path.with_name(path.name + ".bak").exists()
