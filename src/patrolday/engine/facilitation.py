"""Warnings about what facilitators need from a story, which the story plays without.

A decision with no discussion question, a heavy scene with no summary to skip it by, a
scene on a route that facilitator mode would never pause at: none of these stops a
player, so none is an error. They are workshop policy rather than story validity, which
is why they live here and not among the loader's checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .diagnostics import Diagnostic, Location, Severity
from .model import Route, Scene


def facilitation_warnings(scenes: Mapping[str, Scene], routes: Iterable[Route]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for scene in scenes.values():
        out.extend(_scene_warnings(scene))
    out.extend(_routes_without_decisions(scenes, routes))
    return out


def _warning(location: Location, message: str, hint: str, code: str) -> Diagnostic:
    return Diagnostic(location, message, hint, Severity.WARNING, code)


def _scene_warnings(scene: Scene) -> Iterable[Diagnostic]:
    if scene.is_decision and not scene.questions:
        message = f"decision scene '{scene.id}' has no facilitator question"
        yield _warning(scene.location, message, "add a line: ? What would you ...", "no-question")
    if "heavy" in scene.tags and not scene.summary:
        message = f"heavy scene '{scene.id}' has no summary"
        yield _warning(
            scene.location, message, "add # summary: ... so facilitators can skip it", "no-summary"
        )
    if scene.routes and not scene.is_decision:
        message = f"scene '{scene.id}' is on a route but is not a decision"
        hint = "facilitator mode pauses only at decisions: add # decision, or remove the # route: line"
        yield _warning(scene.routes_location or scene.location, message, hint, "route-not-decision")


def _routes_without_decisions(scenes: Mapping[str, Scene], routes: Iterable[Route]) -> Iterable[Diagnostic]:
    joined = {name for scene in scenes.values() if scene.is_decision for name in scene.routes}
    for route in routes:
        if route.name not in joined:
            message = f"route '{route.name}' has no decision scenes: facilitator mode would never pause on it"
            hint = f"add '# route: {route.name}' to the decisions it should pause at"
            yield _warning(route.location, message, hint, "empty-route")
