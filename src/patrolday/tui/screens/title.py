"""The title screen: what the story is, what it contains, and where to begin.

The content note is shown before anything else can start, as workshop practice asks: a
story with a note opens on the note alone (its title, the note, and "enter: go on"), which
fits whole at 60x20; Enter then shows the blurb and the menu. The keys n, c and l work from
the note too (it was on screen, whole). Menu items each have a key; the screen asks the app
to act and never touches the game. PgDn/space and PgUp scroll the text above the menu.
"""

from __future__ import annotations

from pathlib import Path
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
        Binding(
            "pagedown,space", "scroll_text(1)", N_("Scroll the text down"), key_display="PgDn", show=False
        ),
        Binding("pageup", "scroll_text(-1)", N_("Scroll the text up"), key_display="PgUp", show=False),
    ]

    def compose(self) -> ComposeResult:
        story = self.player.card  # the scenes may still be loading: the card is the manifest's
        note_first = self._note_first()
        # Statics straight in the scroll (no inner container): each new widget class mounted
        # makes Textual parse all CSS again, and the title is the first frame.
        with VerticalScroll(id="title-scroll"):
            yield Static(Content(safe(story.title)), id="story-title")
            if story.authors:
                yield Static(
                    Content(_("by {authors}").format(authors=", ".join(safe(a) for a in story.authors))),
                    id="authors",
                )
            if story.content_note:
                yield Static(
                    Content.assemble((_("Content note: "), "bold"), _para(story.content_note)),
                    id="content-note",
                )
            if story.blurb:
                blurb = Static(Content(_para(story.blurb)), id="blurb")
                blurb.display = not note_first
                yield blurb
            logged = self.player.options.logged
            if logged is not None:  # nobody is recorded without knowing (plain mode says it too)
                yield Static(Content(self._logged_line(logged)), id="logged")
        yield Menu(self._note_items() if note_first else self._items(), id="title-menu")
        # The menu shows its own keys; one line names the rest (a Footer costs ~30 ms of start-up).
        yield Static(
            Content.assemble(("f2", "bold"), " " + _("contrast") + "  ", ("^p", "bold"), " " + _("commands")),
            id="title-keys",
        )

    def _logged_line(self, folder: Path) -> str:
        """That this game writes a session log; a browser's player (``serve``) is not told the
        server's folders."""
        if self.player.options.served:
            return _(
                "This game is logged: an anonymous session log (choices, meters and times, no names) "
                "is kept for the facilitator."
            )
        return _(
            "This game is logged: an anonymous session log (choices, meters and times, no names) "
            "goes to {folder}. Play with --no-log to keep no log."
        ).format(folder=folder)

    def _note_first(self) -> bool:
        return bool(self.player.card.content_note) and not self.player.content_note_read

    def _note_items(self) -> list[MenuItem]:
        """The note read first, with the language switch beside it: a reader may need the
        note itself in their language."""
        return [MenuItem("read", _("I have read the note: go on"), "enter"), *self._language_items()]

    def _language_items(self) -> list[MenuItem]:
        if len(self.player.card.languages) < 2:  # offered only when the story has a translation
            return []
        name = language_name(self.player.card.language)
        return [MenuItem("language", _("Language: {name}").format(name=name), "g")]

    def _items(self) -> list[MenuItem]:
        resumes = self.player.autosave_label()
        has_save = resumes is not None
        note = (
            _("no autosave yet")
            if resumes is None
            else _("resumes at {place}").format(place=resumes)
            if resumes
            else ""
        )
        items = [
            MenuItem("new", _("New game"), "n"),
            MenuItem("continue", _("Continue"), "c", has_save, note),
            MenuItem("load", _("Load a saved game"), "l"),
            *self._language_items(),
        ]
        return [*items, MenuItem("help", _("Help and keys"), "?"), MenuItem("quit", _("Quit"), "q")]

    def focus_menu(self) -> None:
        self.query_one(Menu).focus()

    def key_g(self) -> None:
        """The language switch's key (a key method, not a binding: help lists bindings, and the
        switch is there only for a story with a translation)."""
        self.player.action_switch_language()

    def on_screen_resume(self) -> None:
        """Coming back to the title: Continue may have become possible, or moved on."""
        menu = self.query_one(Menu)
        if self._note_first():
            menu.focus()
            return
        self._show_menu()

    def _show_menu(self) -> None:
        """The note has been read: the blurb and the whole menu."""
        self.player.content_note_read = True
        for blurb in self.query("#blurb"):
            blurb.display = True
        menu = self.query_one(Menu)
        items = self._items()
        if items != menu.items:
            menu.set_items(items)
        menu.focus()

    def action_scroll_text(self, pages: int) -> None:
        scroll = self.query_one("#title-scroll", VerticalScroll)
        step = max(1, scroll.scrollable_content_region.height - 1) * pages
        scroll.scroll_to(y=scroll.scroll_y + step, animate=False)

    @on(MenuPicked)
    def _picked(self, event: MenuPicked) -> None:
        if event.item_id == "read":
            self._show_menu()
            self.query_one("#title-scroll", VerticalScroll).scroll_home(animate=False)
            return
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
