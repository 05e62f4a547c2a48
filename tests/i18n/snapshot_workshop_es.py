"""Facilitator mode in Spanish for the snapshot tests: the interface's catalog and the story's
(tests/stories/translation/facilitated). Nothing is logged, so no folder shows on screen."""

from __future__ import annotations

from pathlib import Path

from patrolday.game.card import StorySource
from patrolday.game.options import PlayOptions, WorkshopOptions
from patrolday.i18n import use_language
from patrolday.tui.workshop.app import WorkshopApp
from patrolday.workshop.sessions import SessionLog

use_language("es")
FOLDER = Path(__file__).parent.parent / "stories" / "translation" / "facilitated"
story = StorySource.open(FOLDER, "es").load()
app = WorkshopApp(
    story,
    PlayOptions(seed=0, autosave=False, workshop=WorkshopOptions()),
    log=SessionLog(story, None, "tui", workshop=True),
)

if __name__ == "__main__":
    app.run()
