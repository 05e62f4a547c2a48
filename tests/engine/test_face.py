"""The engine's package face: one list of public names, imported lazily, and ``read_manifest``.

Everything outside ``engine/`` imports the engine as ``patrolday.engine`` only, so the face
must hold what tooling, workshop tools and front ends need, and the names must be listed
once: the ``TYPE_CHECKING`` block that type checkers read has to say exactly what the
runtime table says, and the package root re-exports the same names.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

import patrolday
import patrolday.engine as engine
from patrolday.engine import Manifest, StoryError, load_story, read_manifest

STORIES = Path(__file__).parent.parent / "stories"
DEMO = STORIES / "tui-demo"
WALK = STORIES / "valid" / "walk"
INVALID = STORIES / "invalid"


def _type_checking_imports() -> dict[str, str]:
    """name -> module, as the face's ``if TYPE_CHECKING:`` block imports them."""
    tree = ast.parse(Path(engine.__file__).read_text("utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.level == 1, ast.unparse(stmt)
                for alias in stmt.names:
                    # "import X as X" is how a type checker learns X is re-exported on purpose
                    assert alias.asname == alias.name, ast.unparse(stmt)
                    found[alias.name] = str(stmt.module)
    return found


def test_the_type_checking_block_lists_exactly_the_runtime_names() -> None:
    assert _type_checking_imports() == engine._LOCATIONS
    assert engine.__all__ == sorted(engine._LOCATIONS)


@pytest.mark.parametrize("name", engine.__all__)
def test_every_public_name_is_the_object_its_module_defines(name: str) -> None:
    module = import_module(f"patrolday.engine.{engine._LOCATIONS[name]}")
    assert getattr(engine, name) is getattr(module, name)


def test_the_package_root_re_exports_exactly_the_engine_face() -> None:
    for name in engine.__all__:
        assert getattr(patrolday, name) is getattr(engine, name)
    assert set(engine.__all__) <= set(dir(patrolday))
    with pytest.raises(AttributeError):
        patrolday.parse_manifest  # noqa: B018  (a private module's name is not on the face)
    with pytest.raises(AttributeError):
        engine.parse_manifest  # noqa: B018


def _engine_modules_after(code: str) -> list[str]:
    probe = code + (
        "\nimport sys\nprint('engine:', *sorted(m for m in sys.modules if m.startswith('patrolday.engine')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return result.stdout.rsplit("engine:", 1)[1].split()


def test_importing_the_face_imports_no_engine_module() -> None:
    assert _engine_modules_after("import patrolday.engine") == ["patrolday.engine"]
    assert _engine_modules_after("from patrolday.engine import PatroldayError") == [
        "patrolday.engine",
        "patrolday.engine.diagnostics",
        "patrolday.engine.invisible",  # how diagnostics print names safely; plain re, nothing else
    ]


def test_help_imports_no_engine() -> None:
    code = "from patrolday.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    assert _engine_modules_after(code) == []


# -- read_manifest ---------------------------------------------------------------------------------


def test_read_manifest_gives_the_title_card_without_the_scenes(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    story = load_story(folder)
    for scene_file in (folder / "scenes").rglob("*.md"):
        scene_file.write_text("=== broken\n* [x] -> nowhere\n", "utf-8")  # scenes are not read
    manifest = read_manifest(folder)
    assert isinstance(manifest, Manifest)
    assert (manifest.id, manifest.title, manifest.start) == (story.id, story.title, story.start)
    assert (manifest.authors, manifest.blurb, manifest.content_note) == (
        story.authors,
        story.blurb,
        story.content_note,
    )
    assert manifest.parts == story.parts
    assert manifest.variables == story.variables
    assert manifest.root == story.root
    assert read_manifest(folder / "story.toml") == manifest


def test_read_manifest_gives_a_story_without_parts_its_one_main_part() -> None:
    manifest = read_manifest(WALK)
    assert [p.id for p in manifest.parts] == [p.id for p in load_story(WALK).parts] == ["main"]
    assert manifest.parts[0].start == manifest.start


def test_a_manifest_record_is_frozen() -> None:
    manifest = read_manifest(WALK)
    with pytest.raises(AttributeError):
        manifest.title = "Other"  # type: ignore[misc]


def _diagnostics(call: object, folder: Path) -> tuple[object, ...]:
    with pytest.raises(StoryError) as caught:
        call(folder)  # type: ignore[operator]
    return caught.value.diagnostics


@pytest.mark.parametrize("name", sorted(p.name for p in INVALID.iterdir() if p.is_dir()))
def test_read_manifest_reports_what_load_story_reports_for_the_manifest(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(INVALID / name)
    with pytest.raises(StoryError) as loaded:
        load_story(".")
    at_manifest = [d for d in loaded.value.diagnostics if d.location.file.endswith("story.toml")]
    needs_scenes = {"unknown-target", "not-an-ending", "empty-route"}  # known once the scenes are read
    expected = [d for d in at_manifest if d.code not in needs_scenes]
    if not any(d.severity.value == "error" for d in expected):
        assert read_manifest(".").id
        return
    assert list(_diagnostics(read_manifest, Path("."))) == expected


def test_read_manifest_of_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoryError, match="no such folder"):
        read_manifest(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoryError, match=r"no story\.toml"):
        read_manifest(tmp_path / "empty")


def test_a_view_s_meters_say_which_way_is_good() -> None:
    """Front ends colour a meter's change by ``good``: the view must carry it."""
    loaded = load_story(DEMO)  # calls waiting: good = "down"
    view = engine.present(loaded, engine.start(loaded, seed=0))
    assert {m.name: m.good for m in view.meters} == {"trust": "up", "calls": "down"}
