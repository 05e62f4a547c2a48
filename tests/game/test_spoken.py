"""Plain mode's words for what the full-screen player draws (see patrolday.game.spoken)."""

from __future__ import annotations

from datetime import datetime, timedelta

from patrolday.engine import MeterView
from patrolday.game.spoken import meter_changes, meter_list, spoken_time, start_label, unlocked_sentence


def test_times_are_said_as_today_yesterday_or_the_date() -> None:
    now = datetime(2026, 12, 2, 9, 30).astimezone()
    at = now.replace(hour=19, minute=5) - timedelta(days=1)
    assert spoken_time(now.replace(hour=8, minute=5).isoformat(), now) == "today at 8:05"
    assert spoken_time(at.isoformat(), now) == "yesterday at 19:05"
    assert spoken_time((at - timedelta(days=1)).isoformat(), now) == "on Monday 30 November 2026 at 19:05"
    assert spoken_time("not a time", now) == "not a time"


def test_meters_in_words() -> None:
    from patrolday.bundled import bundled_story_path
    from patrolday.engine import load_story

    story = load_story(bundled_story_path())
    before = (MeterView("trust", "Trust", 4, 0, 10), MeterView("calls", "Calls waiting", 14, 0, 24))
    after = (MeterView("trust", "Trust", 5, 0, 10), MeterView("calls", "Calls waiting", 16, 0, 24))
    assert meter_changes(story, before, after) == [
        "Trust up 1, now 5 of 10.",
        "Calls waiting up 2 (worse), now 16 of 24.",
    ]
    assert meter_changes(story, before, before) == []
    assert meter_list(before) == "Meters: Trust 4 of 10, Calls waiting 14 of 24."
    assert meter_list(()) == "No meters."


def test_parts_in_words() -> None:
    assert unlocked_sentence("Part two: The footage") == "Part two is now unlocked: The footage."
    assert unlocked_sentence("Epilogue") == "Epilogue is now unlocked."
    assert start_label("Part two: The footage") == "Start part two: The footage"
    assert start_label("Epilogue") == "Start Epilogue"
