"""The full-screen player and plain mode offer the same options for the same state."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from patrolday.engine import Story, choose_number, present, start
from patrolday.game.options import PlayOptions
from patrolday.plain import play_plain, sentence
from patrolday.tui.app import PatroldayApp

from .helpers import settle, shown_choices

PATHS = [(), (1,), (2,), (1, 1), (2, 1)]
OPTION = re.compile(r"^  (\d+)\. (\(unavailable\) )?(.*)$")  # plain mode: "label. reason" when unavailable


def plain_options(story: Story, path: tuple[int, ...]) -> list[tuple[int, str, bool]]:
    """(number, label, enabled) of the last options plain mode printed after ``path``."""
    out = io.StringIO()
    console = Console(file=out, width=300, highlight=False, emoji=False, color_system=None)
    play_plain(story, PlayOptions(choices=tuple(path), seed=0), console=console)
    blocks: list[list[tuple[int, str, bool]]] = [[]]
    for line in out.getvalue().splitlines():
        match = OPTION.match(line)
        if match:
            blocks[-1].append((int(match.group(1)), match.group(3), match.group(2) is None))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b][-1]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: "start" if not p else "-".join(map(str, p)))
async def test_tui_and_plain_offer_the_same_options(demo_story: Story, data_dir: Path, path) -> None:  # type: ignore[no-untyped-def]
    state = start(demo_story)
    for number in path:
        state = choose_number(demo_story, state, number)
    engine = present(demo_story, state).choices
    plain = plain_options(demo_story, path)

    app = PatroldayApp(demo_story, PlayOptions(data_dir=data_dir, part="patrol", seed=0))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for number in path:
            await pilot.press(str(number))
            await settle(pilot)
        assert app.game.play is not None and app.game.play.state == state
        tui = shown_choices(app)

    said = [
        (c.number, c.label if c.enabled else f"{sentence(c.label)} {c.reason}", c.enabled)
        for c in engine
    ]
    assert said == plain
    assert len(tui) == len(plain)
    for (prompt, option_id, enabled), choice in zip(tui, engine, strict=True):
        assert option_id == f"choice-{choice.number}"
        assert prompt.splitlines()[0] == f"{choice.number}. {choice.label}"
        assert enabled == choice.enabled
