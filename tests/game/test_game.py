"""The game session behind the player, without a screen: files, parts, journal, load."""

from __future__ import annotations

import json
from pathlib import Path

from patrolday.engine import Story
from patrolday.game.game import Game
from patrolday.game.playthrough import Event
from patrolday.game.storage import AUTOSAVE


def test_creating_a_session_touches_no_files(demo_story: Story, tmp_path: Path) -> None:
    session = Game(demo_story, tmp_path / "data")
    assert not session.has_autosave()
    assert not (tmp_path / "data").exists()


def test_choices_autosave_and_endings_are_recorded(demo_story: Story, tmp_path: Path) -> None:
    seen: list[str] = []
    session = Game(demo_story, tmp_path, listeners=[lambda e: seen.append(e.kind)])
    session.new_game("patrol")
    session.choose("coffee")
    assert session.has_autosave()
    session.choose("wave")
    assert seen == ["start", "step", "step"]
    assert session.progress.endings() == {"drive-on"}
    assert [p.unlocked for p in session.parts()] == [True, True]


def test_locked_parts_say_how_to_open_them(demo_story: Story, tmp_path: Path) -> None:
    parts = Game(demo_story, tmp_path).parts()
    assert [(p.id, p.unlocked) for p in parts] == [("patrol", True), ("kitchen", False)]
    assert parts[1].why_locked == "Reach any ending of part one first"


def test_the_journal_shows_labels_as_they_were_offered(demo_story: Story, tmp_path: Path) -> None:
    session = Game(demo_story, tmp_path)
    session.new_game()
    session.choose("head-out")
    session.choose("stop")
    entries = session.journal()
    assert [(e.turn, e.scene_title, e.choice_label) for e in entries] == [
        (1, "Briefing", "Head out now"),
        (2, "Maple Street", "Stop and play catch"),
    ]


def test_load_rebuilds_undo_and_falls_back_when_history_no_longer_replays(
    demo_story: Story, tmp_path: Path
) -> None:
    session = Game(demo_story, tmp_path)
    session.new_game()
    session.choose("head-out")
    session.choose("stop")
    session.save("slot")
    loaded = session.load("slot")
    assert loaded.view.scene == "catch" and session.can_undo
    assert len(session._require().states) == 3

    path = session.saves.path("slot")
    document = json.loads(path.read_text("utf-8"))
    document["state"]["history"][0] = ["street", "wave"]  # a history that no longer replays
    path.write_text(json.dumps(document), "utf-8")
    loaded = session.load("slot")
    assert loaded.view.scene == "catch"
    assert not session.can_undo
    assert any("no longer replay" in n for n in loaded.notes)
    assert [e.choice for e in session.journal()] == ["wave", "stop"]


def test_a_failing_autosave_is_reported_not_raised(demo_story: Story, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    session = Game(demo_story, blocker)
    session.new_game()
    session.choose("head-out")
    session.flush()
    assert session.autosave_error.startswith("Autosave failed")
    session._autosave(Event("step", session._require().state))
    session.flush()
    assert not (blocker / "saves" / demo_story.id / f"{AUTOSAVE}.json").exists()
