"""Session logs: one anonymous JSON file per session, rewritten atomically after each event.

Participants may be minors, and residents may not want their choices traced to them, so
a log holds ids, numbers and times only: a random session id (uuid4), the story's id and
content hash, the mode, and for each step the scene id, the choice id, the ids offered,
anonymous vote counts and the meters after. No names, no free text, no host or user
details. The schema is ``docs/session-log.schema.json``; ``docs/workshops.md`` explains it.

Each session writes its own file (named by its id), so any number of participants can
play at once in the same folder without clobbering each other; the whole file is
rewritten with :func:`patrolday.game.storage.write_atomic` after every event, so a killed
process leaves the log as of its last step, never half a file.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from patrolday import __version__
from patrolday.engine import GameState, Story
from patrolday.game.playthrough import Event
from patrolday.game.storage import default_data_dir, now_iso, write_atomic
from patrolday.game.writer import FileWriter, Immediate
from patrolday.i18n import _

from .log_format import (
    FORMAT,
    MAX_LOG_BYTES,
    MODES,
    SCHEMA_VERSION,
    ChoiceStep,
    LogProblem,
    RoomCounts,
    SessionLogDoc,
    Step,
    looks_like_log,
    parse_log,
)

ENV_DIR = "PATROLDAY_SESSIONS_DIR"


def sessions_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where session logs go: ``override`` (``--sessions-dir``), else ``PATROLDAY_SESSIONS_DIR``,
    else ``sessions/`` in the user data folder."""
    if override:
        return Path(override)
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    return default_data_dir() / "sessions"


def _meters(story: Story, state: GameState) -> dict[str, int]:
    """The meters the part shows, as the view shows them (read from the state: presenting the
    whole scene again for its meters cost a log more than its write)."""
    values = state.vars
    return {v.name: int(values[v.name]) for v in story.part_meters.get(state.part, ())}


class SessionLog:
    """A :class:`~patrolday.game.playthrough.Playthrough` listener that keeps one session's log.

    Every event (start, step, undo, load) is appended and the file is rewritten. An undo
    is logged as an ``undo`` step and marks the step it took back as ``undone``, so the
    log shows the honest path (including "what if we had..." detours) and the final path.
    """

    def __init__(
        self,
        story: Story,
        folder: Path | None,
        mode: str,
        workshop: bool = False,
        session_id: str | None = None,
        writer: FileWriter | None = None,
    ) -> None:
        """``folder=None`` keeps the log in memory only (``--no-log``: the debrief still works).
        ``writer`` does the file writes (default: at once, on the caller's thread); a front end
        passes its game's background writer so a choice never waits for the disk."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.writer = writer if writer is not None else Immediate()
        self.story = story
        self.folder = Path(folder) if folder is not None else None
        self.mode = mode
        self.workshop = workshop
        self.closed = False
        self.error = ""  # set when the log could not be written; the game goes on regardless
        self._room_next: RoomCounts | None = None
        self._begin(session_id)

    def note_room(self, devices: int, phones: Mapping[str, int], hands: Mapping[str, int]) -> None:
        """How the room voted, for the next choice step (facilitator mode with ``--room`` calls
        this just before it takes the group's pick). Counts only: the room hands over no device."""
        self._room_next = {
            "devices": int(devices),
            "phones": _clean_votes(phones) or {},
            "hands": _clean_votes(hands) or {},
        }

    def _begin(self, session_id: str | None = None) -> None:
        self.session_id = session_id or str(uuid.uuid4())
        self.path = self.folder / f"{self.session_id}.json" if self.folder is not None else None
        self.doc: SessionLogDoc = {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "session_id": self.session_id,
            "patrolday_version": __version__,
            "story": {"id": self.story.id, "content_hash": self.story.content_hash, "part": None},
            "mode": self.mode,
            "workshop": self.workshop,
            "started_at": now_iso(),
            "updated_at": None,
            "ended_at": None,
            "start": None,
            "steps": [],
            "scene": None,
            "meters": {},
            "ending": None,
        }

    # -- the listener -------------------------------------------------------------------------

    def __call__(self, event: Event) -> None:
        if event.story is not None and event.story is not self.story:
            self.story = event.story  # the story was edited (play --watch): read states against it
        state = event.state
        meters = _meters(self.story, state)
        now = now_iso()
        steps: list[Step] = self.doc["steps"]
        if event.kind in ("start", "load") and self.doc["start"] is not None:
            # A new or loaded game in the same program run (the full-screen player's New game,
            # Load): a new session, in a new file; the finished one gets its end time.
            self.close()
            self.closed = False
            self._begin()
            steps = self.doc["steps"]
        if event.kind == "start":
            self.doc["story"]["part"] = state.part
            self.doc["start"] = {"scene": state.scene, "meters": meters, "at": now, "seed": state.seed}
        elif event.kind == "step":
            assert event.previous is not None
            scene = self.story.scenes[event.previous.scene]
            room, self._room_next = self._room_next, None
            step: ChoiceStep = {
                "kind": "choice",
                "turn": state.turn,
                "scene": event.previous.scene,
                "decision": scene.is_decision,
                "choice": event.choice,
                "offered": list(event.offered),
                "votes": _clean_votes(event.votes),
                "to": state.scene,
                "meters": meters,
                "at": now,
                "undone": False,
            }
            if room is not None and event.votes is not None:
                step["room"] = room
            steps.append(step)
        elif event.kind == "undo":
            for earlier in reversed(steps):
                if earlier["kind"] == "choice" and not earlier["undone"]:
                    earlier["undone"] = True
                    break
            steps.append({"kind": "undo", "turn": state.turn, "to": state.scene, "meters": meters, "at": now})
        elif event.kind == "load":
            # A resumed save: its earlier choices were made in another session, so only the
            # point it resumes from is recorded.
            self.doc["story"]["part"] = state.part
            self.doc["start"] = {"scene": state.scene, "meters": meters, "at": now, "seed": state.seed}
            steps.append({"kind": "load", "turn": state.turn, "to": state.scene, "meters": meters, "at": now})
        else:  # an event kind this version does not know: record nothing rather than guess
            return
        self.doc["scene"] = state.scene
        self.doc["meters"] = meters
        ending = self.story.scenes[state.scene].is_ending
        self.doc["ending"] = state.scene if ending else None
        self.doc["ended_at"] = now if ending else None
        self.doc["updated_at"] = now
        self.write()

    def close(self) -> None:
        """The session is over (ending, quit or end of input): stamp ``ended_at`` and write."""
        if self.closed:
            return
        self.closed = True
        if self.doc["start"] is None:  # nothing was played: leave no empty log behind
            return
        self.doc["ended_at"] = self.doc["ended_at"] or now_iso()
        self.write()
        self.writer.flush()

    def write(self) -> None:
        """Rewrite the file. A full disk or a removed folder must not stop a workshop, so a
        failure is kept in :attr:`error` (for the front end to mention) and logging stops."""
        if self.error or self.path is None:
            return
        # Serialised now (the document changes with the next event); written by the writer.
        data = json.dumps(self.doc, indent=1, ensure_ascii=False).encode("utf-8")
        path = self.path

        def write() -> None:
            try:
                write_atomic(path, data, backup=False)
            except OSError as err:
                self.error = f"could not write the session log {path}: {err.strerror or err}"

        self.writer.submit(write)


def _clean_votes(votes: Mapping[str, int] | None) -> dict[str, int] | None:
    if votes is None:
        return None
    out: dict[str, int] = {}
    for key, value in votes.items():
        count = int(value)
        if count < 0:
            raise ValueError(f"a vote count cannot be negative ({key}: {count})")
        out[str(key)] = count
    return out


# -- reading logs back -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogFile:
    """A file in a sessions folder: the checked log, or why it is not one (``problem``).

    ``marked`` says whether the file carries a session log's marks even when it failed the
    check (a damaged or hand-edited log): ``patrolday sessions --delete`` removes those too."""

    path: Path
    doc: SessionLogDoc | None
    problem: str = ""
    marked: bool = True


def read_log(path: Path) -> SessionLogDoc:
    """Read and check one session log; raises :class:`LogProblem` (a ValueError) saying why it
    cannot be used. The reason never holds control characters from the file."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_LOG_BYTES + 1)
    except FileNotFoundError:
        raise LogProblem(_("there is no such file")) from None
    except OSError as err:
        raise LogProblem(_("cannot read it ({reason})").format(reason=err.strerror or err)) from None
    return parse_log(data)


def is_session_log(doc: object) -> bool:
    """Whether ``doc`` carries a session log's marks (format, id, steps), valid or not."""
    return looks_like_log(doc)


def _marked(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return looks_like_log(json.loads(handle.read(MAX_LOG_BYTES + 1)))
    except (OSError, ValueError, RecursionError):
        return False


def scan(folder: Path) -> Iterator[LogFile]:
    """Every ``*.json`` file in ``folder`` (logs first by start time, then files that are not logs)."""
    if not folder.is_dir():
        return
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            found.append(LogFile(path, read_log(path)))
        except LogProblem as err:
            found.append(LogFile(path, None, str(err), marked=_marked(path)))
    found.sort(key=lambda f: (f.doc is None, f.doc["started_at"] if f.doc is not None else ""))
    yield from found


def collect(paths: list[Path]) -> tuple[list[tuple[Path, SessionLogDoc]], list[str]]:
    """Logs from files and folders (folders: their ``*.json``). Returns (logs, problems); each
    problem is one line naming the file, safe to print."""
    from .log_format import printable

    logs: list[tuple[Path, SessionLogDoc]] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            for item in scan(path):
                if item.doc is not None:
                    logs.append((item.path, item.doc))
                else:
                    problems.append(
                        printable(
                            _("{path}: skipped: {problem}").format(path=item.path, problem=item.problem)
                        )
                    )
        elif path.exists():
            try:
                logs.append((path, read_log(path)))
            except LogProblem as err:
                problems.append(printable(_("{path}: skipped: {problem}").format(path=path, problem=err)))
        else:
            problems.append(printable(_("{path}: no such file or folder").format(path=path)))
    return logs, problems


def final_path(doc: SessionLogDoc) -> list[ChoiceStep]:
    """The choice steps still in force at the end (undone detours left out), in order."""
    return [s for s in doc["steps"] if s["kind"] == "choice" and not s["undone"]]
