"""Data-driven: each folder in tests/stories/valid with an ``expected.json`` loads into what it says.

The file holds what the manifest additions give the model (routes and the decisions on
them, each meter's good direction, what each part carries) and the warnings the load
reports, as ``patrolday check`` prints them (paths relative to the story folder).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from patrolday.engine import Story, load_story, read_manifest

VALID = Path(__file__).parent.parent / "stories" / "valid"
CASES = sorted(p.name for p in VALID.iterdir() if (p / "expected.json").is_file())


def summary(story: Story) -> dict[str, object]:
    return {
        "routes": {r.name: [r.title, r.description] for r in story.routes},
        "scene_routes": {s.id: list(s.routes) for s in story.scenes.values() if s.routes},
        "good": {v.name: v.good for v in story.meters},
        "carry": {p.id: list(p.carry) for p in story.parts},
        "warnings": [d.format().split("\n") for d in story.warnings],
    }


def test_there_are_cases() -> None:
    assert "routes-and-carry" in CASES


@pytest.mark.parametrize("name", CASES)
def test_valid_story_loads_into_what_expected_json_says(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(VALID / name)
    expected = json.loads(Path("expected.json").read_text("utf-8"))
    assert summary(load_story(".")) == expected


@pytest.mark.parametrize("name", CASES)
def test_the_manifest_alone_gives_the_same_routes_meters_and_parts(name: str) -> None:
    story = load_story(VALID / name)
    manifest = read_manifest(VALID / name)
    assert (manifest.routes, manifest.variables, manifest.parts) == (
        story.routes,
        story.variables,
        story.parts,
    )
    assert set(manifest.warnings) <= set(story.warnings)
