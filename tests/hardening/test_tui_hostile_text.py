"""The Textual player meets hostile story text: markup shows literally and runs nothing.

Textual reads ``[@click=app.quit]`` in markup as "quit when clicked", and Rich reads
``[link=...]`` as a hidden hyperlink. Story text must never be read as markup: the scene
shows those characters as written, clicking them does nothing, and a Markdown link never
opens by itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("patrolday.tui.app")

from patrolday.engine import load_story
from patrolday.game.options import PlayOptions
from patrolday.tui.app import PatroldayApp

MANIFEST = """[story]
id = "hostile-tui"
title = "Hostile"
start = "a"
"""

SCENE = """=== a ===
Press [@click=app.quit]x[/] now.

Visit [link=https://evil.example]y[/] or [bold]z[/bold].

Read [the report](https://evil.example/report).

* [Take [@click=app.quit]this[/]] -> b

=== b ===
# ending: The end
Done.
"""


@pytest.fixture
def hostile_story(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "story"
    (root / "scenes").mkdir(parents=True)
    (root / "story.toml").write_text(MANIFEST, "utf-8")
    (root / "scenes" / "a.md").write_text(SCENE, "utf-8")
    return load_story(root)


async def test_markup_in_a_scene_is_shown_literally_and_runs_nothing(hostile_story, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = PatroldayApp(hostile_story, PlayOptions(data_dir=tmp_path / "data", seed=0))
    opened: list[str] = []
    app.open_url = lambda url, **kwargs: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        shot = app.export_screenshot()
        # The SVG escapes text; the literal characters are there, not interpreted.
        for literal in ("[@click=app.quit]x[/]", "[link=https://evil.example]y[/]", "[bold]z[/bold]"):
            assert literal.replace("&", "&amp;") in _svg_text(shot), literal
        # Click along the story text where the markup sits (not the options, not the footer).
        from patrolday.tui.widgets.story_text import ProseView, StoryText

        clicked = 0
        for widget in [*app.screen.query(StoryText), *app.screen.query(ProseView)]:
            region = widget.region
            for y in range(region.y, region.bottom):
                for x in range(region.x, min(region.right, region.x + 48), 4):
                    if app.screen.get_widget_at(x, y)[0] is not widget:
                        continue
                    await pilot.click(offset=(x, y))
                    clicked += 1
                    assert app.is_running, f"a click on story text at {x},{y} ran an action"
        assert clicked >= 12
        assert opened == []


def _svg_text(svg: str) -> str:
    """The characters of an exported SVG screenshot, one screen line per text row."""
    import html
    import re

    rows: dict[str, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text[^>]*\sx="([\d.]+)"\s+y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(m.group(2), []).append((float(m.group(1)), html.unescape(m.group(3))))
    return "\n".join("".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items()))
