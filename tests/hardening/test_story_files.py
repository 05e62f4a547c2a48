"""Story folders that are broken as files, not as text: each problem is a diagnostic, never a traceback.

Dangling symlinks, symlink loops, files and folders that cannot be read, a TOML manifest
nested thousands deep, and file names that hold terminal escape codes. Each is reported
with the path (shown safely) and a hint, and ``patrolday check`` exits 1 without a
traceback.

Permissions: these tests run as root here, and root reads any file whatever its mode. So
the unreadable cases are tested twice: in this process by making ``os.open`` (files) or
``os.scandir`` (folders) raise ``PermissionError`` for one path, exactly what the kernel
does for a user without the right; and for real, with mode-000 files and folders, in a
subprocess run as the user ``nobody`` through ``setpriv`` (skipped where that is not
possible). No ``os.setuid`` in the test process.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from patrolday.engine import Diagnostic, StoryError, load_story, read_manifest

MANIFEST = """[story]
id = "files"
title = "Files"
start = "a"
"""
SCENE = "=== a ===\n# ending: A\n"


def story(root: Path, scenes: dict[str, str] | None = None, manifest: str = MANIFEST) -> Path:
    (root / "scenes").mkdir(parents=True)
    (root / "story.toml").write_text(manifest, "utf-8")
    for name, text in (scenes if scenes is not None else {"a.md": SCENE}).items():
        path = root / "scenes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def errors(root: Path) -> list[Diagnostic]:
    with pytest.raises(StoryError) as caught:
        load_story(root)
    return [d for d in caught.value.diagnostics if d.severity.value == "error"]


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "patrolday", "check", str(root)], capture_output=True, text=True, timeout=60
    )


# -- links that lead nowhere ----------------------------------------------------------------------


def test_a_dangling_symlink_among_the_scenes_is_a_diagnostic(tmp_path: Path) -> None:
    root = story(tmp_path / "s")
    (root / "scenes" / "dangle.md").symlink_to(root / "scenes" / "gone.md")
    [diag] = errors(root)
    assert diag.location.file.endswith("dangle.md")
    assert "links to something that does not exist" in diag.message
    assert diag.hint


def test_a_loop_of_symlinks_among_the_scenes_is_a_diagnostic_for_each(tmp_path: Path) -> None:
    root = story(tmp_path / "s")
    (root / "scenes" / "l1.md").symlink_to(root / "scenes" / "l2.md")
    (root / "scenes" / "l2.md").symlink_to(root / "scenes" / "l1.md")
    diags = errors(root)
    assert sorted(Path(d.location.file).name for d in diags) == ["l1.md", "l2.md"]
    assert all("loop of symlinks" in d.message and d.hint for d in diags)


def test_a_dangling_symlink_as_the_manifest_says_so(tmp_path: Path) -> None:
    root = story(tmp_path / "s")
    (root / "story.toml").unlink()
    (root / "story.toml").symlink_to(root / "elsewhere.toml")
    diags = errors(root)
    assert diags[0].location.file.endswith("story.toml")
    assert "links to something that does not exist" in diags[0].message


def test_a_pipe_or_a_folder_as_the_manifest_is_refused_as_not_a_file(tmp_path: Path) -> None:
    fifo = story(tmp_path / "fifo")
    (fifo / "story.toml").unlink()
    os.mkfifo(fifo / "story.toml")
    folder = story(tmp_path / "folder")
    (folder / "story.toml").unlink()
    (folder / "story.toml").mkdir()
    for root in (fifo, folder):
        [diag] = errors(root)
        assert diag.location.file.endswith("story.toml")
        assert diag.message == "refused: not a regular file"


def test_check_reports_a_dangling_symlink_without_a_traceback(tmp_path: Path) -> None:
    root = story(tmp_path / "s")
    (root / "scenes" / "dangle.md").symlink_to(root / "scenes" / "gone.md")
    result = check(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "dangle.md" in result.stderr and "hint:" in result.stderr


# -- files and folders that cannot be read (simulated in this process) ------------------------------


@pytest.fixture
def refuse(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """Paths added to the set behave as unreadable: opening or listing them raises EACCES."""
    refused: set[str] = set()
    real_open, real_scandir = os.open, os.scandir

    def fake_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.path.realpath(path) in refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    def fake_scandir(path="."):  # type: ignore[no-untyped-def]
        if os.path.realpath(path) in refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    yield refused


def test_an_unreadable_scene_file_is_a_diagnostic(tmp_path: Path, refuse: set[str]) -> None:
    root = story(tmp_path / "s", {"a.md": SCENE, "locked.md": "=== b ===\n# ending: B\n"})
    refuse.add(str((root / "scenes" / "locked.md").resolve()))
    [diag] = errors(root)
    assert diag.location.file.endswith("locked.md")
    assert "cannot be read: permission denied" in diag.message
    assert "chmod" in diag.hint


def test_an_unreadable_manifest_is_a_diagnostic(tmp_path: Path, refuse: set[str]) -> None:
    root = story(tmp_path / "s")
    refuse.add(str((root / "story.toml").resolve()))
    [diag] = errors(root)
    assert diag.location.file.endswith("story.toml")
    assert "cannot be read: permission denied" in diag.message
    with pytest.raises(StoryError, match="permission denied"):
        read_manifest(root)


def test_an_unreadable_folder_of_scenes_is_an_error_not_a_silent_gap(
    tmp_path: Path, refuse: set[str]
) -> None:
    root = story(tmp_path / "s", {"a.md": "=== a ===\n-> b\n", "sub/b.md": "=== b ===\n# ending: B\n"})
    refuse.add(str((root / "scenes" / "sub").resolve()))
    [diag] = [d for d in errors(root) if d.code == "unreadable"]
    assert diag.location.file.endswith("sub")
    assert "cannot read this folder: permission denied" in diag.message
    assert "chmod" in diag.hint


# -- the same, for real, as an unprivileged user -----------------------------------------------------


def _can_run_as_nobody() -> bool:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    probe = [*_AS_NOBODY, sys.executable, "-c", "import patrolday.engine"]
    return subprocess.run(probe, capture_output=True, timeout=60).returncode == 0


_AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


@pytest.mark.skipif(not _can_run_as_nobody(), reason="needs root, setpriv and a Python that nobody can run")
@pytest.mark.parametrize("locked", ["scenes/b.md", "story.toml", "scenes/sub"])
def test_check_as_nobody_reports_what_it_cannot_read(locked: str) -> None:
    # pytest's tmp_path lives in a folder only root may enter: make one nobody can reach.
    with tempfile.TemporaryDirectory(prefix="patrolday-perm-") as tmp:
        os.chmod(tmp, 0o755)
        root = Path(tmp) / "s"
        story(
            root,
            {
                "a.md": "=== a ===\n-> b\n",
                "b.md": "=== b ===\n-> c\n",
                "sub/c.md": "=== c ===\n# ending: C\n",
            },
        )
        for path in [root, *root.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        os.chmod(root / locked, 0)
        result = subprocess.run(
            [*_AS_NOBODY, sys.executable, "-m", "patrolday", "check", str(root)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "HOME": tmp},
        )
        os.chmod(root / locked, stat.S_IRWXU)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert Path(locked).name in result.stderr and "permission denied" in result.stderr
    assert "hint:" in result.stderr


# -- TOML nested thousands deep --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "what"),
    [("[" * 5000 + "]" * 5000, "arrays"), ("{a=" * 3000 + "1" + "}" * 3000, "inline tables")],
    ids=["arrays", "inline-tables"],
)
def test_deeply_nested_toml_is_refused_at_the_first_level_too_deep(
    tmp_path: Path, value: str, what: str
) -> None:
    root = story(tmp_path / "s", manifest=MANIFEST + f"zz = {value}\n")
    [diag] = errors(root)
    assert diag.location.file.endswith("story.toml")
    assert (diag.location.line, diag.location.column) == (5, 6 + 32 * (1 if what == "arrays" else 3))
    assert "nested deeper than 32 levels" in diag.message
    assert diag.hint
    with pytest.raises(StoryError, match="nested deeper"):
        read_manifest(root)


def test_toml_nesting_up_to_the_limit_and_brackets_in_text_are_fine(tmp_path: Path) -> None:
    deep = "[" * 32 + "]" * 32
    text = '"' + "[{" * 500 + '"'
    literal = "'''" + "[" * 100 + "'''"
    manifest = MANIFEST + f"blurb = {text}\ncredits = {literal}\n# {'[' * 100}\n[vars.deep]\ninitial = 1\n"
    root = story(tmp_path / "s", manifest=manifest + f"description = {deep}\n")
    # Only the type of 'description' is wrong: the nesting itself is allowed.
    [diag] = errors(root)
    assert diag.message == "variable 'deep': description must be text in quotes"


def test_check_reports_deep_toml_without_a_traceback(tmp_path: Path) -> None:
    root = story(tmp_path / "s", manifest=MANIFEST + "zz = " + "[" * 5000 + "]" * 5000 + "\n")
    result = check(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert "nested deeper than 32 levels" in result.stderr


# -- names that hold escape codes ------------------------------------------------------------------

HOSTILE_NAME = "x\n\x1b[31mRED\x1b]0;TITLE\x07\x1b]52;c;cHduZWQ=\x07.md"


def test_escape_codes_in_a_scene_file_name_never_reach_the_terminal(tmp_path: Path) -> None:
    root = story(tmp_path / "s", {"a.md": SCENE, HOSTILE_NAME: "=== b ===\n# ending: B\nBye {oops}.\n"})
    result = check(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for raw in ("\x1b", "\x07", "\x9b"):
        assert raw not in result.stderr
    # The name is shown with its invisible characters written out, on one line with its place.
    [line] = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert "x\\n\\x1b[31mRED\\x1b]0;TITLE\\x07\\x1b]52;c;cHduZWQ=\\x07.md:3:6: error:" in line


def test_a_bidi_override_in_a_file_name_is_shown_written_out(tmp_path: Path) -> None:
    root = story(tmp_path / "s", {"a.md": SCENE, "gpj.\u202eexe.md": "=== b ===\nBye {oops}.\n"})
    result = check(root)
    assert "\u202e" not in result.stderr
    assert "gpj.\\u202eexe.md:2:" in result.stderr


def test_every_diagnostic_is_printed_safely_whatever_its_parts_hold() -> None:
    from patrolday.engine import Location

    diag = Diagnostic(Location("a\x1b[2J.md", 3, 4), "unknown table [\x1b]0;x\x07]", "hint \u202e")
    printed = diag.format()
    assert "\x1b" not in printed and "\x07" not in printed and "\u202e" not in printed
    assert printed.startswith("a\\x1b[2J.md:3:4: error: unknown table [\\x1b]0;x\\x07]")
    assert str(StoryError([diag])).startswith("a\\x1b[2J.md:3:4")
    assert diag.to_json()["file"] == "a\x1b[2J.md"  # tools get the real path; JSON escapes it


def test_a_toml_key_written_with_escapes_is_printed_safely(tmp_path: Path) -> None:
    root = story(tmp_path / "s", manifest=MANIFEST + '\n["\\u001b]0;owned\\u0007"]\nx = 1\n')
    [diag] = errors(root)
    assert "\x1b" in diag.message  # the record keeps what the file says ...
    assert "\x1b" not in diag.format() and "\\x1b]0;owned\\x07" in diag.format()  # ... printing does not


@pytest.mark.parametrize("where", ["inside", "the story", "in scenes", "outside"])
def test_paths_are_shown_as_relpath_would_show_them_wherever_the_player_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    from patrolday.engine.story_files import Folder, display

    root = story(tmp_path / "work" / "s", {"a.md": SCENE, "sub/b.md": SCENE})
    cwd = {"inside": tmp_path / "work", "the story": root, "in scenes": root / "scenes", "outside": tmp_path}[
        where
    ]
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(cwd if where != "outside" else tmp_path / "elsewhere")
    for given in (root, Path(os.path.relpath(root))):
        folder = Folder.at(given)
        for file in (folder.root / "scenes" / "a.md", folder.root / "scenes" / "sub" / "b.md"):
            assert folder.shown(file) == display(given / file.relative_to(folder.root))
