"""``patrolday sessions``: list the logs, and delete them (only them) after asking."""

from __future__ import annotations

from pathlib import Path

from workshop_helpers import play_log, run_cli

from patrolday.engine import Story


def _folder(story: Story, tmp_path: Path) -> Path:
    folder = tmp_path / "sessions"
    play_log(story, folder, ["stop", "walk", "explain-why-you-stopped"], mode="plain")
    play_log(story, folder, [("wave", {"wave": 4, "stop": 1})], workshop=True)
    (folder / "notes.json").write_text('{"mine": "keep me"}', encoding="utf-8")
    (folder / "readme.txt").write_text("keep me too", encoding="utf-8")
    return folder


def test_list_shows_each_log_and_leaves_other_files(story: Story, tmp_path: Path) -> None:
    folder = _folder(story, tmp_path)
    result = run_cli("sessions", "--dir", str(folder), sessions=None, data=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Session logs in" in result.stdout and ": 2" in result.stdout
    assert "end-catch" in result.stdout and "end-drive" in result.stdout
    assert "tui workshop" in result.stdout and "plain" in result.stdout
    assert "not a session log, left alone: notes.json" in result.stdout


def test_delete_asks_and_no_keeps_everything(story: Story, tmp_path: Path) -> None:
    folder = _folder(story, tmp_path)
    before = sorted(p.name for p in folder.iterdir())
    result = run_cli("sessions", "--delete", "--dir", str(folder), sessions=None, data=tmp_path, stdin="n\n")
    assert result.returncode == 1
    assert "Delete 2 session logs" in result.stdout and "Nothing deleted." in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == before


def test_delete_yes_removes_only_session_logs(story: Story, tmp_path: Path) -> None:
    folder = _folder(story, tmp_path)
    result = run_cli("sessions", "--delete", "--dir", str(folder), sessions=None, data=tmp_path, stdin="y\n")
    assert result.returncode == 0, result.stderr
    assert "Deleted 2 session logs" in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["notes.json", "readme.txt"]


def test_delete_with_yes_flag_does_not_ask_and_uses_env_folder(story: Story, tmp_path: Path) -> None:
    folder = _folder(story, tmp_path)
    result = run_cli("sessions", "--delete", "--yes", sessions=folder, data=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "[y/N]" not in result.stdout
    assert not list(folder.glob("*-*-*-*-*.json"))
    again = run_cli("sessions", "--delete", "--yes", sessions=folder, data=tmp_path)
    assert "No session logs to delete" in again.stdout


def test_empty_or_missing_folder(tmp_path: Path) -> None:
    result = run_cli("sessions", "--dir", str(tmp_path / "nowhere"), sessions=None, data=tmp_path)
    assert result.returncode == 0 and "Session logs in" in result.stdout and ": 0" in result.stdout
