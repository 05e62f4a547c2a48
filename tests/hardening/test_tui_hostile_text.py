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

from rich.segment import Segment

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
        # No cell of the scene carries an action or a link: a clickable cell would have
        # "@click" in its style's meta, a hyperlink a link. Then click exactly where the
        # markup is shown, in the prose and in the option, and nothing happens.
        targets: list[tuple[int, int]] = []
        for y in range(app.screen.region.height):
            x = 0
            row = ""
            for segment in _screen_line(app, y):
                style = segment.style
                if style is not None:
                    assert "@click" not in (style.meta or {}), (y, segment.text)
                    assert not style.link, (y, segment.text)
                row += segment.text
                x += segment.cell_length
            for literal in ("[@click", "[link="):
                at = row.find(literal)
                if at >= 0:
                    targets.append((at + 1, y))
        assert len(targets) >= 3, targets  # the two in the prose and the one in the option
        for x, y in targets:
            await pilot.click(offset=(x, y))
            await pilot.pause()
            assert app.is_running, f"a click on story text at {x},{y} ran an action"
        assert opened == []


def _screen_line(app: PatroldayApp, y: int) -> list[Segment]:
    """The segments of screen row ``y``, as the compositor drew them (public Widget API)."""
    out = []
    x = 0
    width = app.screen.region.width
    while x < width:
        try:
            widget, _ = app.screen.get_widget_at(x, y)
        except Exception:  # no widget there
            x += 1
            continue
        region = widget.region
        strip = widget.render_line(y - region.y + widget.scroll_offset.y)
        cropped = strip.crop(x - region.x, region.right - region.x)
        out.extend(cropped)
        x = region.right if region.right > x else x + 1
    return out


def _svg_text(svg: str) -> str:
    """The characters of an exported SVG screenshot, one screen line per text row."""
    import html
    import re

    rows: dict[str, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text[^>]*\sx="([\d.]+)"\s+y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(m.group(2), []).append((float(m.group(1)), html.unescape(m.group(3))))
    return "\n".join("".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items()))
