"""Cross-file checks: every scene, choice and route a story names exists, and nothing loops forever.

The scene parser sees one file at a time, so a target in another file, a start scene
named in the manifest or a ``visited(x)`` in an expression can only be checked once
every file is read. Each check here reads the parsed scenes (and the manifest) and adds
diagnostics with the place of the name; none touches a file.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

from .diagnostics import Diagnostic, Location
from .expressions import Ref
from .manifest import ParsedManifest
from .model import RETURN, Scene

Scenes = Mapping[str, Scene]


def check_references(
    manifest: ParsedManifest, scenes: Scenes, refs: Sequence[tuple[Ref, Location]], diags: list[Diagnostic]
) -> None:
    if not scenes:  # the reason is reported already (no files, no scenes, or errors in them)
        return
    _starts_and_unlocks(manifest, scenes, diags)
    for scene in scenes.values():
        _targets(scene, scenes, diags)
        _way_on(scene, diags)
    for ref, where in refs:
        _expression_ref(ref, where, scenes, diags)
    _routes(manifest, scenes, diags)
    _continuation_loops(scenes, diags)


def unknown_scene(name: str, scenes: Scenes, where: Location, what: str = "scene") -> Diagnostic:
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
    return Diagnostic(where, f"unknown {what} '{name}'", hint, code="unknown-target")


def _close_fast(name: str, scenes: Scenes) -> list[str]:
    """Did-you-mean among thousands of scenes: only those sharing the first three letters."""
    return difflib.get_close_matches(name, [s for s in scenes if s[:3] == name[:3]], n=1)


def _starts_and_unlocks(manifest: ParsedManifest, scenes: Scenes, diags: list[Diagnostic]) -> None:
    if manifest.start and manifest.start not in scenes:
        where = manifest.start_location or Location(manifest.file)
        diags.append(unknown_scene(manifest.start, scenes, where, "start scene"))
    for part in manifest.parts:
        if part.start not in scenes:
            diags.append(unknown_scene(part.start, scenes, part.location, "start scene"))
        for ending in part.unlock_after or ():
            if ending != "any" and (ending not in scenes or not scenes[ending].is_ending):
                message = f"unlock_after names '{ending}', which is not an ending"
                hint = 'list ending scene ids, or write "any"'
                diags.append(Diagnostic(part.location, message, hint, code="not-an-ending"))


def _targets(scene: Scene, scenes: Scenes, diags: list[Diagnostic]) -> None:
    """Where the scene's choices lead (tunnels on the way included)."""
    for choice in scene.choices:
        for name in (*choice.via, choice.target):
            if name not in scenes and name != RETURN:
                diags.append(unknown_scene(name, scenes, choice.target_location))
    _continuation(scene, scenes, diags)


def _continuation(scene: Scene, scenes: Scenes, diags: list[Diagnostic]) -> None:
    """Where ``-> target`` (and its tunnels) leads, and that it is not beside labelled choices."""
    where = scene.divert_location or scene.location
    for name in scene.divert_via:
        if name not in scenes:
            diags.append(unknown_scene(name, scenes, where))
    if scene.divert is None:
        return
    if scene.divert not in scenes and scene.divert != RETURN:
        diags.append(unknown_scene(scene.divert, scenes, where))
    if any(c.label is not None for c in scene.choices):
        message = "a scene with choices cannot also continue with '->'"
        diags.append(Diagnostic(where, message, "make it a fallback choice: * -> " + scene.divert))


def _way_on(scene: Scene, diags: list[Diagnostic]) -> None:
    if scene.is_ending and (scene.choices or scene.divert):
        hint = "an ending has no choices; remove them or the '# ending:' tag"
        diags.append(Diagnostic(scene.location, f"ending '{scene.id}' has a way on", hint))


def _expression_ref(ref: Ref, where: Location, scenes: Scenes, diags: list[Diagnostic]) -> None:
    """``visited(x)``, ``visits(x)``, ``chosen(x/y)``: the scene, and the choice in it."""
    if ref.kind == "scene":
        if ref.target not in scenes:
            diags.append(unknown_scene(ref.target, scenes, where))
        return
    sid, _, cid = ref.target.partition("/")
    if sid not in scenes:
        diags.append(unknown_scene(sid, scenes, where))
        return
    ids = [c.id for c in scenes[sid].choices]
    if cid not in ids:
        close = difflib.get_close_matches(cid, ids, n=1)
        hint = f"did you mean '{sid}/{close[0]}'?" if close else f"choices of '{sid}': " + ", ".join(ids)
        diags.append(Diagnostic(where, f"unknown choice '{ref.target}'", hint, code="unknown-choice"))


def _routes(manifest: ParsedManifest, scenes: Scenes, diags: list[Diagnostic]) -> None:
    """``# route: NAME`` names a route the manifest declares."""
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


def _continuation_loops(scenes: Scenes, diags: list[Diagnostic]) -> None:
    """Scenes that always continue into each other with no choice would play forever."""
    following = _always_followed_by(scenes)
    for cycle in _cycles(following):
        where = scenes[cycle[0]]
        diags.append(
            Diagnostic(
                where.divert_location or where.location,
                "these scenes continue into each other forever: " + " -> ".join(cycle),
                "give one of them a choice, or a condition that ends the loop",
                code="loop",
            )
        )


def _always_followed_by(scenes: Scenes) -> dict[str, str]:
    """Scene -> the scene that always comes next without the player choosing."""
    following: dict[str, str] = {}
    for scene in scenes.values():
        if scene.divert and scene.divert in scenes and not scene.choices:
            following[scene.id] = scene.divert
        elif scene.choices and all(c.fallback for c in scene.choices):
            first = scene.choices[0]
            if not first.conditions and first.sticky and first.target in scenes:
                following[scene.id] = first.target
    return following


def _cycles(following: dict[str, str]) -> list[list[str]]:
    """Each cycle in a graph where every node has at most one successor, as [a, b, ..., a]."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    cycles: list[list[str]] = []
    for start in following:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in following and state.get(node, 0) == 0:
            state[node] = 1
            path.append(node)
            node = following[node]
        if node is not None and state.get(node) == 1 and node in path:
            cycles.append([*path[path.index(node) :], node])
        for seen in path:
            state[seen] = 2
    return cycles
