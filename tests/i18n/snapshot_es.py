"""The player in Spanish for the snapshot tests: the interface's catalog and the story's."""

from __future__ import annotations

from pathlib import Path

from patrolday.game.card import StorySource
from patrolday.game.options import PlayOptions
from patrolday.i18n import use_language
from patrolday.tui.app import PatroldayApp

use_language("es")
FOLDER = Path(__file__).parent.parent / "stories" / "translation" / "complete"
app = PatroldayApp(StorySource.open(FOLDER, "es"), PlayOptions(seed=0, autosave=False))

if __name__ == "__main__":
    app.run()
