"""Snapshots of the player at 80x24 and 60x20, all through snapshot_app.py.

Review changes in snapshot_report.html before accepting them with --snapshot-update.
"""

from __future__ import annotations

APP = "snapshot_app.py"
TO_ENDING = ["n", "enter", "_", "1", "_", "1", "_", "2", "_"]


def test_title(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The content note alone, first."""
    assert snap_compare(APP, terminal_size=(80, 24))


def test_title_at_60x20(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, terminal_size=(60, 20))


def test_title_menu(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, press=["enter", "_"], terminal_size=(80, 24))


def test_title_menu_at_60x20(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, press=["enter", "_"], terminal_size=(60, 20))


def test_parts_menu_with_a_locked_part(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, press=["n"], terminal_size=(80, 24))


def test_scene_with_an_unavailable_option_and_a_moved_meter(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, press=["n", "enter", "_", "1", "_"], terminal_size=(80, 24))


def test_scene_at_60x20(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, press=["n", "enter", "_", "1", "_"], terminal_size=(60, 20))


def test_scene_with_more_below_at_60x14(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, press=["n", "enter", "_", "1", "_"], terminal_size=(60, 14))


def test_journal(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, press=["n", "enter", "_", "2", "_", "1", "_", "j", "_"], terminal_size=(80, 24))


def test_ending(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, press=TO_ENDING, terminal_size=(80, 24))


def test_ending_at_60x20(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, press=TO_ENDING, terminal_size=(60, 20))


def test_help(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APP, press=["n", "enter", "_", "question_mark", "_"], terminal_size=(80, 24))
