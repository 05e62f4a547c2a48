"""``patrolday play --watch``: the full-screen player follows the author's edits.

A worker on the app's event loop waits for saves of the story's files (watchfiles, see
:mod:`patrolday.game.watching`). For each save the story is loaded again on a thread, so
the screen keeps drawing while it loads, then:

* it loads: the game carries on in the edited story (:meth:`Game.reload`: the path is
  replayed as far as it still goes, and what is gone is said), the current view is shown
  again at once, and scenes whose text changed are marked "edited" in their heading;
* it does not: :class:`EditErrorsScreen` lists every error (file:line:column, hint) over
  the last good version, which stays playable; the next save that loads closes it.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from patrolday.engine import SceneView, Story, StoryError
from patrolday.game.labels import scene_title
from patrolday.tui.clean import safe

if TYPE_CHECKING:
    from patrolday.tui.app import PatroldayApp

EDITED = " · edited"


class EditErrorsScreen(ModalScreen[None]):
    """The errors of the edit just saved, over the last version that loaded."""

    CSS_PATH = Path(__file__).parent / "screens" / "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Keep playing the last good version", key_display="esc")
    ]

    def __init__(self, error: StoryError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        box = VerticalScroll(classes="dialog -error", id="edit-errors")
        box.border_title = "The edit does not load yet"
        box.border_subtitle = "fix and save: this closes · esc keep playing"
        with box:
            yield Static(Content(safe(self.text())), classes="body", id="edit-errors-body")

    def text(self) -> str:
        count = sum(1 for d in self.error.diagnostics if d.severity.value == "error")
        head = f"{count} error{'s' if count != 1 else ''}; you are playing the last version that loaded.\n\n"
        return head + self.error.format()

    def show_error(self, error: StoryError) -> None:
        self.error = error
        self.query_one("#edit-errors-body", Static).update(Content(safe(self.text())))

    def on_mount(self) -> None:
        self.query_one("#edit-errors").focus()


def mark_edited(story: Story, view: SceneView, edited: frozenset[str]) -> SceneView:
    """``view`` with "· edited" in its heading when its scene (or one it flowed through) changed
    (a scene without a title is named as the journal names it)."""
    scenes = {view.scene, *(b.scene for b in view.blocks)}
    if not edited & scenes or (view.title or "").endswith(EDITED):
        return view
    return view._replace(title=(view.title or scene_title(story, view.scene)) + EDITED)


async def follow_edits(app: PatroldayApp, folder: Path) -> None:
    """Run for the app's lifetime: each save of the story reloads it into the game."""
    from patrolday.game import watching

    async for _ in watching.awatch(folder):
        saved_at = time.perf_counter()
        # In the language the game is played in (app.source.language: None is as written).
        result = await asyncio.to_thread(watching.load, folder, app.source.language)
        try:
            await apply(app, result, saved_at)
        except Exception as err:
            app.notify(
                f"This edit could not be shown ({type(err).__name__}: {err}); the next save tries again.",
                title="Reload failed",
                severity="error",
                markup=False,
                timeout=10,
            )


async def apply(app: PatroldayApp, result: object, saved_at: float = 0.0) -> None:
    """Show what one save did: the edited story carried on, or its errors over the last one."""
    if isinstance(result, StoryError):
        screen = next((s for s in app.screen_stack if isinstance(s, EditErrorsScreen)), None)
        if screen is not None:
            screen.show_error(result)
        else:
            await app.push_screen(EditErrorsScreen(result))
        return
    assert isinstance(result, Story)
    while isinstance(app.screen, EditErrorsScreen):
        app.pop_screen()
    app.reload_saved_at = saved_at
    app.use_story(result)
    if not app.game.playing:
        app.notify("The story was reloaded; New game plays the edited version.", markup=False, timeout=4)
        return
    replayed = app.game.reload(result)
    app.edited = replayed.changed
    await app.show_view(app.game.view(), app.game.previous_meters())  # the deltas stay on screen
    notes = list(replayed.notes)
    if replayed.changed:
        names = ", ".join(sorted(replayed.changed)[:6]) + (" ..." if len(replayed.changed) > 6 else "")
        notes.append(f"Edited: {names}.")
    if replayed.removed:
        notes.append("Removed: " + ", ".join(sorted(replayed.removed)) + ".")
    app.notify(
        "\n".join(notes) or "Reloaded: no scene's text changed.", title="Reloaded", markup=False, timeout=6
    )
