"""The line-drawn prose and options: keys, mouse and the scrollbar they draw themselves."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.geometry import Offset

from patrolday.engine import ChoiceView, Story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp
from patrolday.tui.widgets.choices import ChoiceList, option_lines
from patrolday.tui.widgets.story_text import ProseView, paragraph

from .helpers import scene_id, screen_text, settle


def test_a_long_option_wraps_under_its_label_not_under_its_number() -> None:
    choice = ChoiceView(
        number=2,
        id="x",
        key="x",
        label="Keep moving. Every call we sit on is somebody waiting.",
        enabled=True,
    )
    lines = [line.plain for line in option_lines(choice, 30)]
    assert lines[0].startswith("2. Keep moving.")
    assert len(lines) > 1
    assert all(line.startswith("   ") and not line.startswith("    ") for line in lines[1:])
    assert all(len(line) <= 30 for line in lines)


def test_an_unavailable_option_says_why_on_its_own_indented_line() -> None:
    choice = ChoiceView(
        number=3, id="x", key="x", label="Knock", enabled=False, reason="Nobody knows you yet."
    )
    assert [line.plain for line in option_lines(choice, 40)] == [
        "3. Knock",
        "   unavailable: Nobody knows you yet.",
    ]


async def _street(app: PatroldayApp, pilot) -> ChoiceList:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("1")
    await settle(pilot)
    assert scene_id(app) == "street"
    return app.screen.query_one(ChoiceList)


async def test_arrows_skip_an_unavailable_option_and_home_end_jump(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        choices = await _street(app, pilot)
        enabled = [c.enabled for c in choices.choices]
        assert enabled == [True, True, False]
        assert choices.highlighted == 0
        await pilot.press("down", "down", "down")
        assert choices.highlighted == 1  # the unavailable third option is never highlighted
        await pilot.press("home")
        assert choices.highlighted == 0
        await pilot.press("end")
        assert choices.highlighted == 1
        await pilot.press("up")
        assert choices.highlighted == 0


async def test_clicking_an_unavailable_option_says_why_and_stays(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        choices = await _street(app, pilot)
        await pilot.click(choices, offset=(6, 3))  # row 0 is the rule, rows 1-2 options 1-2, row 3 option 3
        await settle(pilot)
        assert scene_id(app) == "street"
        assert any("Option 3 is unavailable" in n.message for n in app._notifications)
        assert "unavailable: Nobody on this street" in screen_text(app)  # why, in words, under it


async def test_the_page_keys_and_space_scroll_the_text_while_the_options_keep_the_focus(
    demo_story: Story, data_dir: Path
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(60, 12)) as pilot:
        choices = await _street(app, pilot)
        prose = app.screen.query_one(ProseView)
        assert prose.max_scroll_y > 0
        await pilot.press("pagedown")
        assert prose.scroll_y > 0
        await pilot.press("pageup")
        assert prose.scroll_y == 0
        await pilot.press("space")
        assert prose.scroll_y > 0
        assert app.focused is choices
        assert scene_id(app) == "street"


async def test_the_mouse_wheel_and_the_drawn_scrollbar_scroll_the_text(
    demo_story: Story, data_dir: Path
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(60, 12)) as pilot:
        await _street(app, pilot)
        prose = app.screen.query_one(ProseView)
        assert prose.has_scrollbar
        await _wheel(pilot, prose, events.MouseScrollDown)
        assert prose.scroll_y > 0
        await _wheel(pilot, prose, events.MouseScrollUp)
        assert prose.scroll_y == 0
        bar = Offset(
            prose.content_region.right - 1 - prose.region.x, prose.content_region.bottom - 1 - prose.region.y
        )
        await pilot.click(prose, offset=bar)  # the bottom of the bar: the end of the text
        await settle(pilot)
        assert prose.scroll_y == prose.max_scroll_y
        rows = screen_text(app).splitlines()
        assert "█" in "".join(row[prose.content_region.right - 1] for row in rows)


async def _wheel(pilot, widget, kind) -> None:  # type: ignore[no-untyped-def]
    """One turn of the mouse wheel over ``widget`` (Pilot has no wheel of its own)."""
    widget.post_message(kind(widget, 2, 2, 0, 0, 0, False, False, False))
    await settle(pilot)


async def test_text_that_fits_has_no_scrollbar(demo_story: Story, data_dir: Path) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(100, 40)) as pilot:
        await _street(app, pilot)
        prose = app.screen.query_one(ProseView)
        assert not prose.has_scrollbar
        assert prose.max_scroll_y == 0
        rows = screen_text(app).splitlines()[prose.content_region.y : prose.content_region.bottom]
        assert "█" not in "".join(row[prose.content_region.right - 1] for row in rows)


async def test_the_scenes_the_options_lead_to_are_prepared_while_the_player_reads(
    demo_story: Story, data_dir: Path
) -> None:
    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        prose = app.screen.query_one(ProseView)
        upcoming = app.game.upcoming()
        assert [v.scene for v in upcoming] == ["street", "street"]
        assert set(prose._prepared) == {tuple(b.text for b in upcoming[0].blocks)}
        await pilot.press("1")
        await settle(pilot)
        assert scene_id(app) == "street"
        assert prose.text == "\n\n".join(paragraph(b.text).plain for b in upcoming[0].blocks)
