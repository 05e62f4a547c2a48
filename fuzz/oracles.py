"""The contract of each entry point for untrusted data, as checks that raise on a breach.

Every check returns ``"accepted"`` or ``"rejected"`` (rejected cleanly, with the
project's own error and a location) and raises :class:`ContractBroken` for anything else:
another exception type, a diagnostic without a usable place, a hang, a changed save
file, or control characters reaching the text a front end would print.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import random
import signal
import tempfile
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from patrolday.engine import (
    Diagnostic,
    EvaluationError,
    ExpressionError,
    GameState,
    PatroldayError,
    SaveError,
    Severity,
    Story,
    StoryError,
    StoryRuntimeError,
    available_choices,
    choose,
    iter_parts,
    load_state,
    load_story,
    present,
    printable,
    read_manifest,
    render,
    save_document,
    start,
    visible,
)
from patrolday.engine.expressions import MAX_NUMBER, compile_expression  # entry points under test
from patrolday.engine.model import Seq
from patrolday.engine.runtime import Snapshot
from patrolday.engine.scenes import parse_scene_file
from patrolday.game.storage import SaveStore

from .generators import VARIABLES

TIME_LIMIT = 5.0  # seconds of CPU time for one input; far above the slowest honest input


class ContractBroken(AssertionError):
    """An entry point broke its contract; the message says how."""


class _Timeout(BaseException):
    """Raised from the alarm handler; a BaseException so no ``except Exception`` hides it."""


@contextlib.contextmanager
def time_limit(seconds: float = TIME_LIMIT) -> Iterator[None]:
    """Turn a hang into a :class:`ContractBroken` (Unix, main thread; elsewhere a no-op).

    The limit is CPU time of this process (``ITIMER_PROF``), not wall-clock time: on a
    machine shared with other test runs, a wall clock made an honest 3.6 MB save "hang" at
    a load average of 6, and Hypothesis then saw one input draw differently on replay (a
    FlakyStrategyDefinition). Every target here computes; a hang burns CPU and is still caught.
    """

    def fire(signum: int, frame: object) -> None:
        raise _Timeout

    try:
        old = signal.signal(signal.SIGPROF, fire)
    except (ValueError, AttributeError):  # not the main thread, or no SIGPROF
        yield
        return
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    except _Timeout:
        raise ContractBroken(f"took longer than {seconds} s of CPU time (a hang?)") from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def _unexpected(where: str, err: BaseException) -> ContractBroken:
    tb = "".join(traceback.format_exception(err, limit=-6))
    return ContractBroken(f"{where} raised {type(err).__name__}: {err}\n{tb}")


def _check_diagnostic(diag: Diagnostic, lines: Mapping[str, list[str]] | None = None) -> None:
    loc = diag.location
    if not loc.file or not diag.message:
        raise ContractBroken(f"diagnostic without a file or message: {diag!r}")
    if loc.line < 0 or loc.column < 0:
        raise ContractBroken(f"negative position: {diag!r}")
    if lines is not None and loc.file in lines and loc.line > 0:
        text_lines = lines[loc.file]
        if loc.line > len(text_lines):
            raise ContractBroken(f"line {loc.line} is past the end ({len(text_lines)} lines): {diag!r}")
        if loc.column > len(text_lines[loc.line - 1]) + 1:
            raise ContractBroken(f"column {loc.column} is past the end of its line: {diag!r}")


# -- environments for expressions ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Env:
    vars: Mapping[str, Any]
    visits: Mapping[str, int]
    chosen: frozenset[str]

    def random(self, lo: int, hi: int) -> int:
        """What ``random(lo, hi)`` reads in the engine's states (the lowest value, here)."""
        return lo


def random_env(rng: random.Random, variables: Mapping[str, str] = VARIABLES) -> Env:
    """Declared variables with values of their type, at the edges of the allowed range too."""
    values: dict[str, Any] = {}
    for name, typ in variables.items():
        if typ == "int":
            values[name] = rng.choice([0, 1, -1, 7, MAX_NUMBER, -MAX_NUMBER, MAX_NUMBER // 2, 3])
        elif typ == "bool":
            values[name] = rng.random() < 0.5
        else:
            values[name] = rng.choice(["", "Dana", "x" * 10_000, "{not markup}"])
    visits = {s: rng.randrange(4) for s in ("curb", "yard", "catch", "a") if rng.random() < 0.5}
    chosen = frozenset(k for k in ("curb/wave", "catch/leave") if rng.random() < 0.5)
    return Env(values, visits, chosen)


def evaluate(expr: Any, env: Env) -> Any:
    """Run a compiled expression: its value, or None if it failed the allowed way."""
    try:
        return expr(env)
    except EvaluationError:
        return None
    except Exception as err:
        raise _unexpected(f"evaluating {expr.source!r}", err) from None


# -- expressions ------------------------------------------------------------------------------------


def check_expression(source: str, expect: str | None, rng: random.Random) -> str:
    """compile_expression: a Compiled or an ExpressionError inside the source; then evaluate."""
    with time_limit():
        try:
            compiled = compile_expression(source, VARIABLES, expect)
        except ExpressionError as err:
            if not 0 <= err.offset <= len(source):
                raise ContractBroken(
                    f"offset {err.offset} outside the expression ({len(source)} chars)"
                ) from None
            if not err.message:
                raise ContractBroken("ExpressionError without a message") from None
            return "rejected"
        except Exception as err:
            raise _unexpected(f"compile_expression({source!r})", err) from None
        if expect is not None and compiled.type != expect:
            raise ContractBroken(f"asked for {expect}, got {compiled.type}")
        for _ in range(3):
            value = evaluate(compiled, random_env(rng))
            if value is None:
                continue
            kind = {bool: "bool", int: "int", str: "str"}.get(type(value))
            if kind != compiled.type:
                raise ContractBroken(f"{source!r} is typed {compiled.type} but gave {value!r}")
            if kind == "int" and abs(value) > MAX_NUMBER:
                raise ContractBroken(f"{source!r} gave {value}, outside ±{MAX_NUMBER}")
    return "accepted"


# -- scene files ------------------------------------------------------------------------------------


def check_scene_text(text: str, rng: random.Random) -> str:
    """parse_scene_file never raises; every diagnostic points inside the file."""
    file = "scenes/fuzz.md"
    with time_limit():
        try:
            parsed = parse_scene_file(text, file, VARIABLES, {"trust": (0, 5)})
        except Exception as err:
            raise _unexpected("parse_scene_file", err) from None
        lines = {file: [line.rstrip("\r") for line in text.split("\n")]}
        for diag in parsed.diagnostics:
            _check_diagnostic(diag, lines)
        env = random_env(rng)
        for scene in parsed.scenes:
            for para in scene.paragraphs:
                _render(para.parts, env, scene.id, para.location)
            for choice in scene.choices:
                if choice.label is not None:
                    _render(choice.label, env, scene.id, choice.location)
                for cond in choice.conditions:
                    evaluate(cond.expr, env)
                for eff in choice.effects:
                    evaluate(eff.expr, env)
    errors = [d for d in parsed.diagnostics if d.severity is Severity.ERROR]
    return "rejected" if errors else "accepted"


def _render(parts: Any, env: Env, scene: str, location: Any) -> None:
    for visit in (1, 2, 5):
        try:
            keys = {p.key for p in iter_parts(parts) if isinstance(p, Seq)}
            counted = Snapshot(env.vars, env.visits, env.chosen, dict.fromkeys(keys, visit), 7)
            render(parts, counted, location)
        except StoryRuntimeError:
            pass
        except Exception as err:
            raise _unexpected("render", err) from None


# -- story folders ----------------------------------------------------------------------------------


def write_story(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8", newline="")


def check_story_folder(files: Mapping[str, str], rng: random.Random) -> str:
    """load_story on a generated folder: a Story that plays, or a StoryError with places."""
    with tempfile.TemporaryDirectory(prefix="patrolday-fuzz-") as tmp:
        root = Path(tmp) / "story"
        write_story(root, files)
        with time_limit():
            try:
                story = load_story(root)
            except StoryError as err:
                if not err.diagnostics:
                    raise ContractBroken("StoryError without diagnostics") from None
                lines = {str(root / name): text.split("\n") for name, text in files.items()}
                for diag in err.diagnostics:
                    _check_diagnostic(diag, lines)
                return "rejected"
            except Exception as err:
                raise _unexpected("load_story", err) from None
            play_randomly(story, rng)
    return "accepted"


def _make_odd(root: Path, spec: Mapping[str, Any]) -> None:
    """Write the files, then the links and pipes over them (a link may replace a file)."""
    write_story(root, spec["files"])
    (root.parent / "outside.md").write_text("=== secret ===\n# ending: S\nA secret.\n", "utf-8")
    for name, target in spec["links"]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_file():
            path.unlink()
        if not path.exists():
            path.symlink_to(target if target.startswith(("/", "..")) else root / target)
    for name in spec["fifos"]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_file():
            path.unlink()
        if not path.exists():
            os.mkfifo(path)


@contextlib.contextmanager
def unreadable(paths: list[Path]) -> Iterator[None]:
    """Opening or listing these paths fails with EACCES, as it would for a user without the right.

    Simulated (``os.open`` and ``os.scandir`` patched) rather than ``chmod 000``: the campaign
    often runs as root, whom file modes do not stop.
    """
    refused = {os.path.realpath(p) for p in paths}
    real_open, real_scandir = os.open, os.scandir

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.path.realpath(path) in refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    def fake_scandir(path: Any = ".") -> Any:
        if os.path.realpath(path) in refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    os.open, os.scandir = fake_open, fake_scandir  # type: ignore[assignment]  # restored below
    try:
        yield
    finally:
        os.open, os.scandir = real_open, real_scandir  # type: ignore[assignment]


def _check_printed(diag: Diagnostic) -> None:
    """What a terminal gets: one line (plus its hint), no control or invisible character."""
    lines = diag.format().split("\n")
    if len(lines) != (2 if diag.hint else 1):
        raise ContractBroken(f"a diagnostic prints on {len(lines)} lines: {diag.format()!r}")
    for line in lines:
        if visible(line) != line:
            raise ContractBroken(f"a diagnostic prints an invisible character: {line!r}")


def check_odd_folder(spec: Mapping[str, Any], rng: random.Random) -> str:
    """load_story and read_manifest on a folder with links, pipes, unreadable parts and odd names:
    a Story that plays, or a StoryError whose diagnostics have places and print safely."""
    with tempfile.TemporaryDirectory(prefix="patrolday-fuzz-") as tmp:
        root = Path(tmp) / "story"
        _make_odd(root, spec)
        outcome = "accepted"
        with time_limit(), unreadable([root / name for name in spec["unreadable"]]):
            for entry in (read_manifest, load_story):
                try:
                    loaded = entry(root)
                except StoryError as err:
                    if not err.diagnostics:
                        raise ContractBroken(f"{entry.__name__}: StoryError without diagnostics") from None
                    for diag in err.diagnostics:
                        _check_diagnostic(diag)
                        _check_printed(diag)
                    _check_printed_error(err)
                    outcome = "rejected"
                except Exception as err:
                    raise _unexpected(entry.__name__, err) from None
        if outcome == "accepted" and isinstance(loaded, Story):
            play_randomly(loaded, rng)
    return outcome


def _check_printed_error(err: StoryError) -> None:
    for line in [*str(err).split("\n"), *err.format().split("\n")]:
        if visible(line) != line:
            raise ContractBroken(f"a StoryError prints an invisible character: {line!r}")


def check_view_text(story: Story, state: GameState) -> None:
    """What a front end would print: never control characters, whatever the story or save held."""
    try:
        view = present(story, state)
    except StoryRuntimeError:
        return
    texts = [b.text for b in view.blocks] + [c.label for c in view.choices] + [c.reason for c in view.choices]
    texts += [view.title or "", view.ending or "", story.title, story.content_note, story.blurb]
    texts += [m.label for m in view.meters]
    for text in texts:
        if printable(text) != text:
            raise ContractBroken(f"control character reaches the screen: {text[:80]!r}")


def play_randomly(story: Story, rng: random.Random, steps: int = 25) -> None:
    """Walk each part by random available choices; only the engine's own errors may stop it."""
    for part in story.parts:
        try:
            state = start(story, part.id, seed=rng.randrange(100))
        except StoryRuntimeError:
            continue
        except Exception as err:
            raise _unexpected(f"start(part={part.id})", err) from None
        walk(story, state, rng, steps)


def walk(story: Story, state: GameState, rng: random.Random, steps: int = 25) -> None:
    for _ in range(steps):
        try:
            check_view_text(story, state)
            doc = save_document(story, state)
            again, _ = load_state(story, json.dumps(doc))
            if again != state:
                raise ContractBroken(f"save round trip changed the state: {state} -> {again}")
            options = available_choices(story, state)
            if not options:
                return
            state = choose(story, state, rng.choice(options).id)
        except StoryRuntimeError:
            return
        except ContractBroken:
            raise
        except Exception as err:
            raise _unexpected("playing", err) from None


# -- saves ------------------------------------------------------------------------------------------


def check_save(story: Story, data: bytes | str | Mapping[str, Any], rng: random.Random) -> str:
    """load_state: a state that plays, or a SaveError with a message."""
    with time_limit():
        try:
            state, notes = load_state(story, data)
        except SaveError as err:
            if not str(err):
                raise ContractBroken("SaveError without a message") from None
            return "rejected"
        except Exception as err:
            raise _unexpected("load_state", err) from None
        if not all(isinstance(n, str) for n in notes):
            raise ContractBroken(f"notes are not text: {notes!r}")
        walk(story, state, rng, steps=5)
    return "accepted"


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
    }


def check_save_store(story: Story, main: bytes | None, backup: bytes | None) -> str:
    """SaveStore.load: loads the slot or its backup, or a SaveError; never touches the files."""
    with tempfile.TemporaryDirectory(prefix="patrolday-fuzz-") as tmp:
        store = SaveStore(Path(tmp), story.id)
        store.folder.mkdir(parents=True)
        path = store.path("slot")
        if main is not None:
            path.write_bytes(main)
        if backup is not None:
            path.with_name(path.name + ".bak").write_bytes(backup)
        before = _snapshot(store.folder)
        with time_limit():
            try:
                store.load(story, "slot")
                outcome = "accepted"
            except SaveError as err:
                if not str(err):
                    raise ContractBroken("SaveError without a message") from None
                outcome = "rejected"
            except Exception as err:
                raise _unexpected("SaveStore.load", err) from None
            try:
                listed = store.slots()
            except Exception as err:
                raise _unexpected("SaveStore.slots", err) from None
        if [s.name for s in listed] != (["slot"] if main is not None else []):
            raise ContractBroken(f"slots() listed {listed!r}")
        if _snapshot(store.folder) != before:
            raise ContractBroken("loading changed or deleted a file in the save folder")
    return outcome


def valid_save(story: Story, rng: random.Random) -> dict[str, Any]:
    """The save document of a state reached by a short random walk."""
    state = start(story, rng.choice(story.parts).id, seed=rng.randrange(5))
    for _ in range(rng.randrange(6)):
        options = available_choices(story, state)
        if not options:
            break
        try:
            state = choose(story, state, rng.choice(options).id)
        except PatroldayError:
            break
    return save_document(story, state, label="fuzz", saved_at="2024-01-01T00:00:00+00:00")


# -- the checker's memory (issue 18 item 2) ----------------------------------------------------------

CHECKER_BASE_BYTES = 16 * 1024 * 1024
CHECKER_BYTES_PER_STATE = 4 * 1024  # measured: about 0.5 KB a state; 14 KB+ before compaction


def check_checker(files: Mapping[str, str], rng: random.Random) -> str:
    """check_story on a story with a large state space, under small limits: it ends in time,
    its memory stays within a budget per state explored, its report is consistent and every
    path it shows replays."""
    import tracemalloc

    from patrolday.engine import Step, replay
    from patrolday.tooling.explore import check_story

    with tempfile.TemporaryDirectory(prefix="patrolday-fuzz-") as tmp:
        root = Path(tmp) / "story"
        write_story(root, files)
        try:
            story = load_story(root)
        except StoryError:
            return "rejected"
        max_states = rng.choice([200, 1_000, 3_000])
        with time_limit(30.0):
            tracemalloc.start()
            try:
                base = tracemalloc.get_traced_memory()[0]
                report = check_story(story, max_states=max_states, runs=10, seed=rng.randrange(100))
                peak = tracemalloc.get_traced_memory()[1] - base
            except Exception as err:
                raise _unexpected("check_story", err) from None
            finally:
                tracemalloc.stop()
        budget = CHECKER_BASE_BYTES + CHECKER_BYTES_PER_STATE * report.states
        if peak > budget:
            raise ContractBroken(
                f"check used {peak / 1e6:.1f} MB for {report.states:,} states (budget {budget / 1e6:.1f} MB)"
            )
        if report.exhaustive != (report.limit is None):
            raise ContractBroken(f"exhaustive={report.exhaustive} but limit={report.limit}")
        if report.limit == "states" and len(report.notes) != 1:
            raise ContractBroken("a search stopped by the state limit must say so in a note")
        paths = [f.path for f in report.findings if f.path is not None and f.code != "runtime-error"]
        # A path gives the choices, not the numbers drawn on the way (docs/tooling.md): with
        # random() in the story, replaying it from a seed may take another branch.
        draws = any("random(" in text for text in files.values())
        for path in [] if draws else [*paths, *report.ending_paths.values()]:
            try:
                replay(story, [Step(s.scene, s.choice) for s in path.steps], path.part)
            except Exception as err:
                raise ContractBroken(f"a path the checker shows does not replay: {err}") from None
    return "accepted"
