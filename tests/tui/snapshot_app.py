"""The one app file every snapshot test drives: the player on the tui-demo story.

Saves go to ``PATROLDAY_DATA_DIR`` (a temporary folder set by conftest.py), so the title
screen always starts with no autosave.
"""

from pathlib import Path

from patrolday.engine import load_story
from patrolday.tui.app import PatroldayApp

app = PatroldayApp(load_story(Path(__file__).parent.parent / "stories" / "tui-demo"))

if __name__ == "__main__":
    app.run()
