"""Load a story folder into an immutable :class:`Story`, or raise one :class:`StoryError`.

The engine's only reader of the file system, and it only reads. A load is four steps,
each its own function: the manifest (:func:`_read_manifest`), the scene files
(:func:`_read_scenes`, through :mod:`.story_files`' safe reads), the cross-file checks
(:mod:`.references`), and the :class:`Story` (:func:`_assemble`). Every diagnostic is
collected, so an author sees all mistakes in one run; only problems that would make the
rest noise (an unreadable manifest, a story past its size limits) stop early.
"""

from __future__ import annotations

import gc
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .diagnostics import Diagnostic, Location, Severity, StoryError
from .expressions import Ref, Scope
from .facilitation import facilitation_warnings
from .manifest import Manifest, ParsedManifest, parse_manifest
from .model import Scene, Story
from .references import check_references
from .story_files import (
    SCENE_DIR,
    Folder,
    Refused,
    display,
    inside,
    lexists,
    open_regular,
    outside,
    read_and_close,
    scene_files,
    unreadable,
)
from .text_refusals import refused_characters

MANIFEST = "story.toml"
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_SCENES = 50_000
MAX_STORY_BYTES = 64 * 1024 * 1024  # all scene files together
MAX_FILES = 10_000


def _position(diag: Diagnostic) -> tuple[bool, str, int, int]:
    """Sort key: the manifest first (other mistakes often follow from it), then file by file."""
    loc = diag.location
    return (not loc.file.endswith(MANIFEST), loc.file, loc.line, loc.column)


def _decode(data: bytes, shown: str, diags: list[Diagnostic]) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        column = err.start - (before.rfind(b"\n") + 1) + 1
        diags.append(
            Diagnostic(
                Location(shown, line, column),
                f"file is not UTF-8 text (byte 0x{data[err.start]:02x})",
                "save the file as UTF-8 in your editor",
                code="encoding",
            )
        )
        return None
    return text.removeprefix("\ufeff")


def load_story(path: str | os.PathLike[str], language: str | None = None) -> Story:
    """Read, check and compile the story in folder ``path`` (or its ``story.toml``).

    With ``language`` (``es``, ``es_US``), the story's text is taken from its catalog
    ``locales/LANG.po`` (see :mod:`.catalog`), entry by entry: an entry that is missing,
    fuzzy, or fails the checks the source passes shows the source text instead. A language
    without a catalog, or the story's own, gives the story as written. Never raises for a
    catalog's problems (``patrolday check --lang`` reports them).

    The cyclic garbage collector is paused while loading: a load allocates hundreds of
    thousands of long-lived, acyclic objects, and full collections over them cost a third
    of the load time for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        story = _load(path)
    finally:
        if enabled:
            gc.enable()
    if language is None or language == story.language:
        return story
    return translated(story, language, path)[0]


def translated(
    story: Story, language: str, given: str | os.PathLike[str] | None = None
) -> tuple[Story, list[Diagnostic]]:
    """``story`` in ``language`` from its catalog, and what is wrong with the catalog (its file
    problems, then each translation that could not be used)."""
    from .catalog import read_catalog
    from .translation import translate_story

    if given is not None and Path(given).name == MANIFEST:
        given = Path(given).parent
    catalog = read_catalog(story.root, language, given)
    if catalog.path is None:
        return story, catalog.diagnostics
    result, problems = translate_story(story, catalog.translations(), language)
    return result, catalog.diagnostics + problems


def read_manifest(path: str | os.PathLike[str], language: str | None = None) -> Manifest:
    """Read and check only the manifest of the story in folder ``path`` (or its ``story.toml``).

    With ``language``, the title screen's texts come from the story's catalog for it, as in
    :func:`load_story`.

    What a title screen or a catalogue needs, without the cost of the scenes. The file
    rules are the loader's own (inside the folder, size, UTF-8, no control characters).
    Raises :class:`StoryError` with the manifest's diagnostics if it has any error: the
    same ones, in the same order, that :func:`load_story` reports for it. Checks that need
    the scenes (does the start scene exist?) are left to :func:`load_story`.
    """
    folder = _open_folder(path)
    diags: list[Diagnostic] = []
    manifest = _read_manifest(folder, diags)
    if manifest is None or any(d.severity is Severity.ERROR for d in diags):
        raise StoryError(sorted(diags, key=_position))
    finished = manifest.finish(str(folder.root))
    if language is None or language == finished.language:
        return finished
    from .catalog import read_catalog
    from .translation import translate_manifest

    catalog = read_catalog(folder.root, language)
    if catalog.path is None:
        return finished
    return translate_manifest(finished, catalog.translations(), language)


def _open_folder(path: str | os.PathLike[str]) -> Folder:
    given = Path(path)
    try:
        if given.name == MANIFEST and given.is_file():
            given = given.parent
        if not given.exists():
            raise StoryError(
                [Diagnostic(Location(str(path)), "no such folder", "give the path of a story folder")]
            )
        if not given.is_dir():
            hint = f"a story is a folder with {MANIFEST} and {SCENE_DIR}/"
            raise StoryError([Diagnostic(Location(str(path)), "not a story folder", hint)])
        return Folder.at(given)
    except (OSError, RuntimeError) as err:  # a folder on the way that may not be searched; a link loop
        oserror = err if isinstance(err, OSError) else OSError(40, "a loop of symlinks")
        raise StoryError([unreadable(given, str(path), oserror)]) from None


def _read_manifest(
    folder: Folder, diags: list[Diagnostic], digest: hashlib._Hash | None = None
) -> ParsedManifest | None:
    """The parsed manifest, its problems added to ``diags``; None when there is none.

    Raises :class:`StoryError` at once for problems that make every other report noise.
    """
    manifest_path = folder.root / MANIFEST
    shown_manifest = display(folder.given / MANIFEST)
    try:
        raw = _manifest_bytes(folder, manifest_path, shown_manifest)
    except Refused as refused:
        raise StoryError([refused.diagnostic]) from None
    if raw is None:
        diags.append(
            Diagnostic(
                Location(shown_manifest),
                f"no {MANIFEST} in this folder",
                f"create {MANIFEST} with [story] id, title and start (patrolday new DIR makes one)",
                code="no-manifest",
            )
        )
        return None
    if digest is not None:
        digest.update(b"story.toml\0" + raw + b"\0")
    text = _decode(raw, shown_manifest, diags)
    if text is None:
        raise StoryError(diags)
    diags.extend(refused_characters(raw, text, shown_manifest, names=False))  # values: parse_manifest
    manifest = parse_manifest(text, shown_manifest)
    diags.extend(manifest.diagnostics)
    if any(d.code == "toml" for d in manifest.diagnostics):
        # Without a readable manifest every variable looks undeclared: report the cause only.
        raise StoryError(diags)
    return manifest


def _manifest_bytes(folder: Folder, path: Path, shown: str) -> bytes | None:
    """The manifest's bytes; None if there is no file. Raises :class:`Refused` (or
    :class:`StoryError` for a link out of the folder)."""
    if not lexists(path, shown):
        return None
    if not inside(os.path.realpath(path), folder.root):
        raise StoryError([outside(folder.given / MANIFEST)])
    fd, size = open_regular(path, shown, MANIFEST)
    if size > MAX_FILE_BYTES:
        os.close(fd)
        raise Refused(
            Diagnostic(
                Location(shown),
                f"{MANIFEST} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB",
                "a manifest holds a title, a start and variables; move long text into scenes",
                code="too-large",
            )
        )
    return read_and_close(fd, path, shown)


def _load(path: str | os.PathLike[str]) -> Story:
    folder = _open_folder(path)
    diags: list[Diagnostic] = []
    digest = hashlib.sha256()
    manifest = _read_manifest(folder, diags, digest)
    if manifest is None:
        scene_files(folder, diags)  # what is wrong with the scenes too, while the author is at it
        raise StoryError(diags)
    reading = _read_scenes(folder, manifest, diags, digest)
    check_references(manifest, reading.scenes, reading.refs, diags)
    policy = facilitation_warnings(reading.scenes, manifest.routes)
    if any(d.severity is Severity.ERROR for d in diags):
        raise StoryError(sorted(diags + policy, key=_position))
    warnings = [d for d in diags if d.severity is Severity.WARNING] + policy
    return _assemble(folder, manifest, reading, sorted(warnings, key=_position))


@dataclass(slots=True)
class _Reading:
    """What reading the scene files gathers."""

    folder: Folder
    diags: list[Diagnostic]
    digest: hashlib._Hash  # of every file, in order: what saves check the story against
    meters: dict[str, tuple[int, int]]
    scenes: dict[str, Scene] = field(default_factory=dict)
    refs: list[tuple[Ref, Location]] = field(default_factory=list)  # names in expressions, for later
    total: int = 0  # bytes of scene files so far


def _read_scenes(
    folder: Folder, manifest: ParsedManifest, diags: list[Diagnostic], digest: hashlib._Hash
) -> _Reading:
    # Imported here: read_manifest (the title screen's first frame) needs no scene parser.
    from .scenes import parse_scene_file

    files = scene_files(folder, diags)
    if len(files) > MAX_FILES:
        where = Location(display(folder.given / SCENE_DIR))
        diags.append(
            Diagnostic(
                where,
                f"more than {MAX_FILES:,} scene files",
                "put several scenes in one file",
                code="too-many-files",
            )
        )
        raise StoryError(diags)
    types = Scope({v.name: v.type for v in manifest.variables})
    meters = {
        v.name: (v.min, v.max)
        for v in manifest.variables
        if v.is_meter and v.min is not None and v.max is not None  # the manifest requires both
    }
    reading = _Reading(folder, diags, digest, meters)
    for file in files:
        shown = folder.shown(file)
        source = _scene_source(file, shown, reading)
        if source is None:
            continue
        parsed = parse_scene_file(source, shown, types, meters)
        diags.extend(parsed.diagnostics)
        reading.refs.extend(parsed.refs)
        _add_scenes(parsed.scenes, reading)
    _nothing_found(files, reading)
    return reading


def _scene_source(file: Path, shown: str, reading: _Reading) -> str | None:
    """The decoded, checked text of one scene file; None (with the reason) when it cannot be used."""
    try:
        fd, size = open_regular(file, shown, "scene files")
    except Refused as refused:
        reading.diags.append(refused.diagnostic)
        return None
    reading.total += size
    if reading.total > MAX_STORY_BYTES:
        os.close(fd)
        message = f"the scene files add up to more than {MAX_STORY_BYTES // 1024 // 1024} MB"
        hint = "a story this large is not supported; split it into several stories"
        reading.diags.append(Diagnostic(Location(shown), message, hint, code="too-large"))
        raise StoryError(reading.diags)
    if size > MAX_FILE_BYTES:
        os.close(fd)
        message = f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB"
        reading.diags.append(Diagnostic(Location(shown), message, "split it into several scene files"))
        return None
    try:
        data = read_and_close(fd, file, shown)
    except Refused as refused:
        reading.diags.append(refused.diagnostic)
        return None
    reading.digest.update(str(file.relative_to(reading.folder.root)).encode() + b"\0" + data + b"\0")
    source = _decode(data, shown, reading.diags)
    if source is not None:
        reading.diags.extend(refused_characters(data, source, shown))
    return source


def _add_scenes(parsed: list[Scene], reading: _Reading) -> None:
    """Scenes of one file into the story's: ids are unique across files, and there is a limit."""
    scenes = reading.scenes
    for scene in parsed:
        if scene.id in scenes:
            hint = f"first defined at {scenes[scene.id].location}; rename one of them"
            reading.diags.append(
                Diagnostic(scene.location, f"scene id '{scene.id}' is used twice", hint, code="duplicate")
            )
            continue
        scenes[scene.id] = scene
        if len(scenes) > MAX_SCENES:
            reading.diags.append(
                Diagnostic(scene.location, f"more than {MAX_SCENES:,} scenes", "split the story")
            )
            raise StoryError(reading.diags)


def _nothing_found(files: list[Path], reading: _Reading) -> None:
    """No scene at all is worth saying, unless errors in the files already explain it."""
    where = Location(display(reading.folder.given / SCENE_DIR))
    if files and not reading.scenes and not any(d.severity is Severity.ERROR for d in reading.diags):
        reading.diags.append(
            Diagnostic(where, "no scenes found", "start a scene with === scene-id ===", code="empty")
        )
    elif not files and os.path.isdir(reading.folder.root / SCENE_DIR):
        hint = "add a file such as scenes/opening.md"
        reading.diags.append(Diagnostic(where, "no scene files (*.md) in the story", hint, code="empty"))


def _assemble(
    folder: Folder, manifest: ParsedManifest, reading: _Reading, warnings: list[Diagnostic]
) -> Story:
    parts = manifest.story_parts()
    meters = tuple(v for v in manifest.variables if v.is_meter)
    return Story(
        id=manifest.id,
        title=manifest.title,
        start=manifest.start,
        root=str(folder.root),
        content_hash=reading.digest.hexdigest(),
        authors=manifest.authors,
        blurb=manifest.blurb,
        content_note=manifest.content_note,
        credits=manifest.credits,
        version=manifest.version,
        language=manifest.language,
        variables=tuple(manifest.variables),
        scenes=MappingProxyType(reading.scenes),
        parts=parts,
        warnings=tuple(warnings),
        bounds=MappingProxyType(reading.meters),
        routes=tuple(manifest.routes),
        remembered=frozenset(
            [c.key for s in reading.scenes.values() for c in s.choices if not c.sticky]
            + [ref.target for ref, _ in reading.refs if ref.kind == "choice"]
        ),
        part_meters=MappingProxyType(
            {
                part.id: tuple(v for v in meters if part.meters is None or v.name in part.meters)
                for part in parts
            }
        ),
    )
