"""Load a story folder into an immutable :class:`Story`, or raise one :class:`StoryError`.

This is the only engine module that touches the file system, and it only reads. It
collects every diagnostic (manifest, each scene file, then cross-file references) so an
author sees all mistakes in one run.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import os
from pathlib import Path
from types import MappingProxyType

from .diagnostics import Diagnostic, Location, Severity, StoryError
from .expressions import Scope
from .facilitation import facilitation_warnings
from .manifest import Manifest, ParsedManifest, parse_manifest
from .model import RETURN, Scene, Story
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
from .text_refusals import control_characters, invisible_in_names

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


def load_story(path: str | os.PathLike[str]) -> Story:
    """Read, check and compile the story in folder ``path`` (or its ``story.toml``).

    The cyclic garbage collector is paused while loading: a load allocates hundreds of
    thousands of long-lived, acyclic objects, and full collections over them cost a third
    of the load time for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(path)
    finally:
        if enabled:
            gc.enable()


def read_manifest(path: str | os.PathLike[str]) -> Manifest:
    """Read and check only the manifest of the story in folder ``path`` (or its ``story.toml``).

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
    return manifest.finish(str(folder.root))


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
        return Folder(given, given.resolve())
    except (OSError, RuntimeError) as err:  # a folder on the way that may not be searched; a link loop
        oserror = err if isinstance(err, OSError) else OSError(40, "a loop of symlinks")
        raise StoryError([unreadable(given, str(path), oserror)]) from None


def _read_manifest(
    folder: Folder, diags: list[Diagnostic], digest: hashlib._Hash | None = None
) -> ParsedManifest | None:
    """The parsed manifest, its problems added to ``diags``; None when there is none.

    Raises :class:`StoryError` at once for problems that make every other report noise.
    """
    given, root = folder
    manifest_path = root / MANIFEST
    shown_manifest = display(given / MANIFEST)
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
    diags.extend(control_characters(text, shown_manifest))
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
    # Imported here: read_manifest (the title screen's first frame) needs no scene parser.
    from .scenes import parse_scene_file

    folder = _open_folder(path)
    given, root = folder
    diags: list[Diagnostic] = []
    digest = hashlib.sha256()
    manifest = _read_manifest(folder, diags, digest)
    if manifest is None:
        scene_files(folder, diags)
        raise StoryError(diags)
    types = Scope({v.name: v.type for v in manifest.variables})
    meters = {
        v.name: (v.min, v.max)
        for v in manifest.variables
        if v.is_meter and v.min is not None and v.max is not None  # the manifest requires both
    }

    scenes: dict[str, Scene] = {}
    refs = []
    written: set[str] = set()
    files = scene_files(folder, diags)
    if len(files) > MAX_FILES:
        diags.append(
            Diagnostic(
                Location(display(given / SCENE_DIR)),
                f"more than {MAX_FILES:,} scene files",
                "put several scenes in one file",
                code="too-many-files",
            )
        )
        raise StoryError(diags)
    total = 0
    for file in files:
        shown = folder.shown(file)
        try:
            fd, size = open_regular(file, shown, "scene files")
        except Refused as refused:
            diags.append(refused.diagnostic)
            continue
        total += size
        if total > MAX_STORY_BYTES:
            os.close(fd)
            diags.append(
                Diagnostic(
                    Location(shown),
                    f"the scene files add up to more than {MAX_STORY_BYTES // 1024 // 1024} MB",
                    "a story this large is not supported; split it into several stories",
                    code="too-large",
                )
            )
            raise StoryError(diags)
        if size > MAX_FILE_BYTES:
            os.close(fd)
            diags.append(
                Diagnostic(
                    Location(shown),
                    f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB",
                    "split it into several scene files",
                )
            )
            continue
        try:
            data = read_and_close(fd, file, shown)
        except Refused as refused:
            diags.append(refused.diagnostic)
            continue
        digest.update(str(file.relative_to(root)).encode() + b"\0" + data + b"\0")
        source = _decode(data, shown, diags)
        if source is None:
            continue
        diags.extend(control_characters(source, shown))
        diags.extend(invisible_in_names(source, shown))
        parsed = parse_scene_file(source, shown, types, meters)
        diags.extend(parsed.diagnostics)
        refs.extend(parsed.refs)
        written |= parsed.variables_written
        for scene in parsed.scenes:
            if scene.id in scenes:
                first = scenes[scene.id].location
                diags.append(
                    Diagnostic(
                        scene.location,
                        f"scene id '{scene.id}' is used twice",
                        f"first defined at {first}; rename one of them",
                        code="duplicate",
                    )
                )
                continue
            scenes[scene.id] = scene
            if len(scenes) > MAX_SCENES:
                diags.append(
                    Diagnostic(scene.location, f"more than {MAX_SCENES:,} scenes", "split the story")
                )
                raise StoryError(diags)
    if files and not scenes and not any(d.severity is Severity.ERROR for d in diags):
        diags.append(
            Diagnostic(
                Location(display(given / SCENE_DIR)),
                "no scenes found",
                "start a scene with === scene-id ===",
                code="empty",
            )
        )
    elif not files and os.path.isdir(root / SCENE_DIR):
        diags.append(
            Diagnostic(
                Location(display(given / SCENE_DIR)),
                "no scene files (*.md) in the story",
                "add a file such as scenes/opening.md",
                code="empty",
            )
        )

    _resolve(manifest, scenes, refs, diags)
    policy = facilitation_warnings(scenes, manifest.routes)
    if any(d.severity is Severity.ERROR for d in diags):
        raise StoryError(sorted(diags + policy, key=_position))
    warnings = [d for d in diags if d.severity is Severity.WARNING] + policy
    parts = manifest.story_parts()
    return Story(
        id=manifest.id,
        title=manifest.title,
        start=manifest.start,
        root=str(root),
        content_hash=digest.hexdigest(),
        authors=manifest.authors,
        blurb=manifest.blurb,
        content_note=manifest.content_note,
        credits=manifest.credits,
        version=manifest.version,
        language=manifest.language,
        variables=tuple(manifest.variables),
        scenes=MappingProxyType(scenes),
        parts=parts,
        warnings=tuple(sorted(warnings, key=_position)),
        bounds=MappingProxyType(meters),
        routes=tuple(manifest.routes),
        part_meters=MappingProxyType(
            {
                part.id: tuple(
                    v
                    for v in manifest.variables
                    if v.is_meter and (part.meters is None or v.name in part.meters)
                )
                for part in parts
            }
        ),
    )


def _unknown_scene(name: str, scenes: dict[str, Scene], loc: Location, what: str = "scene") -> Diagnostic:
    close = (
        difflib.get_close_matches(name, list(scenes), n=1)
        if len(scenes) < 5000
        else _close_fast(name, scenes)
    )
    hint = (
        f"did you mean '{close[0]}'?"
        if close
        else "check the spelling, or add the scene with === " + name + " ==="
    )
    return Diagnostic(loc, f"unknown {what} '{name}'", hint, code="unknown-target")


def _close_fast(name: str, scenes: dict[str, Scene]) -> list[str]:
    prefix = [s for s in scenes if s[:3] == name[:3]]
    return difflib.get_close_matches(name, prefix, n=1)


def _resolve(manifest, scenes: dict[str, Scene], refs, diags: list[Diagnostic]) -> None:  # type: ignore[no-untyped-def]
    if not scenes:
        return
    if manifest.start and manifest.start not in scenes:
        diags.append(_unknown_scene(manifest.start, scenes, manifest.start_location, "start scene"))
    for part in manifest.parts:
        if part.start not in scenes:
            diags.append(_unknown_scene(part.start, scenes, part.location, "start scene"))
        for ending in part.unlock_after or ():
            if ending != "any" and (ending not in scenes or not scenes[ending].is_ending):
                diags.append(
                    Diagnostic(
                        part.location,
                        f"unlock_after names '{ending}', which is not an ending",
                        'list ending scene ids, or write "any"',
                        code="not-an-ending",
                    )
                )
    for scene in scenes.values():
        for choice in scene.choices:
            for name in (*choice.via, choice.target):
                if name not in scenes and name != RETURN:
                    diags.append(_unknown_scene(name, scenes, choice.target_location))
        for name in scene.divert_via:
            if name not in scenes:
                diags.append(_unknown_scene(name, scenes, scene.divert_location or scene.location))
        if scene.divert is not None:
            if scene.divert not in scenes and scene.divert != RETURN:
                diags.append(_unknown_scene(scene.divert, scenes, scene.divert_location or scene.location))
            if any(c.label is not None for c in scene.choices):
                diags.append(
                    Diagnostic(
                        scene.divert_location or scene.location,
                        "a scene with choices cannot also continue with '->'",
                        "make it a fallback choice: * -> " + scene.divert,
                    )
                )
        if scene.is_ending and (scene.choices or scene.divert):
            diags.append(
                Diagnostic(
                    scene.location,
                    f"ending '{scene.id}' has a way on",
                    "an ending has no choices; remove them or the '# ending:' tag",
                )
            )
    for ref, loc in refs:
        if ref.kind == "scene":
            if ref.target not in scenes:
                diags.append(_unknown_scene(ref.target, scenes, loc))
        else:
            sid, _, cid = ref.target.partition("/")
            if sid not in scenes:
                diags.append(_unknown_scene(sid, scenes, loc))
            elif cid not in {c.id for c in scenes[sid].choices}:
                ids = [c.id for c in scenes[sid].choices]
                close = difflib.get_close_matches(cid, ids, n=1)
                hint = (
                    f"did you mean '{sid}/{close[0]}'?" if close else f"choices of '{sid}': " + ", ".join(ids)
                )
                diags.append(Diagnostic(loc, f"unknown choice '{ref.target}'", hint, code="unknown-choice"))
    _unknown_routes(manifest, scenes, diags)
    _continuation_loops(scenes, diags)


def _unknown_routes(manifest: ParsedManifest, scenes: dict[str, Scene], diags: list[Diagnostic]) -> None:
    declared = [route.name for route in manifest.routes]
    for scene in scenes.values():
        for name in scene.routes:
            if name not in declared:
                close = difflib.get_close_matches(name, declared, n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else f'declare it in story.toml: [routes.{name}] with title = "..."'
                )
                where = scene.routes_location or scene.location
                diags.append(Diagnostic(where, f"unknown route '{name}'", hint, code="unknown-route"))


def _continuation_loops(scenes: dict[str, Scene], diags: list[Diagnostic]) -> None:
    """Scenes that always continue into each other with no choice would play forever."""
    nxt: dict[str, str] = {}
    for scene in scenes.values():
        if scene.divert and scene.divert in scenes and not scene.choices:
            nxt[scene.id] = scene.divert
        elif scene.choices and all(c.fallback for c in scene.choices):
            first = scene.choices[0]
            if not first.conditions and first.sticky and first.target in scenes:
                nxt[scene.id] = first.target
    state: dict[str, int] = {}
    for start in nxt:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in nxt and state.get(node, 0) == 0:
            state[node] = 1
            path.append(node)
            node = nxt[node]
        if node is not None and state.get(node) == 1 and node in path:
            cycle = [*path[path.index(node) :], node]
            where = scenes[node]
            diags.append(
                Diagnostic(
                    where.divert_location or where.location,
                    "these scenes continue into each other forever: " + " -> ".join(cycle),
                    "give one of them a choice, or a condition that ends the loop",
                    code="loop",
                )
            )
        for p in path:
            state[p] = 2
