"""The title screen: what the story is, what it contains, and where to begin.

The content note is shown before anything else can start, as workshop practice asks.
Menu items each have a key; the screen asks the app to act and never touches the game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from patrolday.game.language import language_name
from patrolday.i18n import N_, _
from patrolday.tui.clean import safe
from patrolday.tui.messages import MenuPicked
from patrolday.tui.screens.base import PlayerScreen
from patrolday.tui.widgets.menu import Menu, MenuItem

if TYPE_CHECKING:
    pass


def _para(text: str) -> str:
    return " ".join(safe(text).split())


class TitleScreen(PlayerScreen):
    """The first frame. Its styles (title.tcss) are read with the app's (see PatroldayApp.CSS_PATH)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "app.new_game", N_("New game")),
        Binding("c", "app.continue_game", N_("Continue")),
        Binding("l", "app.load", N_("Load")),
        Binding("question_mark,f1", "app.help", N_("Help"), key_display="?"),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def compose(self) -> ComposeResult:
        story = self.player.card  # the scenes may still be loading: the card is the manifest's
        # Statics straight in the scroll (no inner container): each new widget class mounted
        # makes Textual parse all CSS again, and the title is the first frame.
        with VerticalScroll(id="title-scroll"):
            yield Static(Content(safe(story.title)), id="story-title")
            if story.authors:
                yield Static(
                    Content(_("by {authors}").format(authors=", ".join(safe(a) for a in story.authors))),
                    id="authors",
                )
            if story.blurb:
                yield Static(Content(_para(story.blurb)), id="blurb")
            if story.content_note:
                yield Static(
                    Content.assemble((_("Content note: "), "bold"), _para(story.content_note)),
                    id="content-note",
                )
        yield Menu(self._items(), id="title-menu")
        # The menu shows its own keys; one line names the rest (a Footer costs ~30 ms of start-up).
        yield Static(
            Content.assemble(("f2", "bold"), " " + _("contrast") + "  ", ("^p", "bold"), " " + _("commands")),
            id="title-keys",
        )

    def _items(self) -> list[MenuItem]:
        has_save = self.player.has_autosave()
        items = [
            MenuItem("new", _("New game"), "n"),
            MenuItem("continue", _("Continue"), "c", has_save, "" if has_save else _("no autosave yet")),
            MenuItem("load", _("Load a saved game"), "l"),
        ]
        if len(self.player.card.languages) > 1:  # the story has a translation: offer the next language
            items.append(
                MenuItem(
                    "language",
                    _("Language: {name}").format(name=language_name(self.player.card.language)),
                    "g",
                )
            )
        return [*items, MenuItem("help", _("Help and keys"), "?"), MenuItem("quit", _("Quit"), "q")]

    def key_g(self) -> None:
        """The language switch's key (a key method, not a binding: help lists bindings, and the
        switch is there only for a story with a translation)."""
        self.player.action_switch_language()

    def on_screen_resume(self) -> None:
        """Coming back to the title: Continue may have become possible."""
        menu = self.query_one(Menu)
        if menu.get_item("continue").enabled != self.player.has_autosave():
            menu.set_items(self._items())
        menu.focus()

    @on(MenuPicked)
    def _picked(self, event: MenuPicked) -> None:
        actions = {
            "new": self.player.action_new_game,
            "continue": self.player.action_continue_game,
            "load": self.player.action_load,
            "help": self.player.action_help,
            "language": self.player.action_switch_language,
            "quit": self.player.exit,
        }
        action = actions.get(event.item_id)
        if action is not None:
            self.call_next(action)
