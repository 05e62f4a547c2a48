"""Help: every key, listed from the screens' own bindings so the list cannot drift."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from patrolday.i18n import N_, _
from patrolday.tui.screens.base import TranslatedKeys

INTRO = N_(
    "Read the scene, then pick what you do: arrow keys and Enter, a number key, or the mouse. "
    "Your game is saved automatically after every choice; Continue on the title screen picks it up. "
    "Every action is also in the command palette (ctrl+p)."
)
OUTRO = N_(
    "Prefer plain text (for a screen reader, say)? Run: patrolday play --plain. "
    "High contrast: patrolday play --theme high-contrast, or f2 here."
)


KEY_NAMES = {"escape": "esc", "question_mark": "?", "pagedown": "PgDn", "pageup": "PgUp"}


def _name(key: str) -> str:
    if key.startswith("ctrl+"):
        return "^" + key.removeprefix("ctrl+")
    return KEY_NAMES.get(key, key)


def _key(binding: Binding) -> str:
    """Every key of the binding ("u, ^z"; "PgDn, space"), the one shown in the footer first."""
    keys = [k.strip() for k in binding.key.split(",")]
    first = binding.key_display or _name(keys[0])
    others = [_name(k) for k in keys[1:]]  # the display, when given, stands for the first key
    return ", ".join([first, *others])


def key_lines(screens: list[tuple[str, type[Screen]]], app_bindings: list[Binding]) -> list[tuple[str, str]]:
    """(heading or key, description) rows from the bindings of ``screens`` and the app."""
    rows: list[tuple[str, str]] = []
    for heading, screen in screens:
        rows.append((heading, ""))
        seen: set[str] = set()
        for binding in screen.BINDINGS:
            if not isinstance(binding, Binding) or binding.description in seen:
                continue
            seen.add(binding.description)
            rows.append((_key(binding), _(binding.description)))
    rows.append((_("Anywhere"), ""))
    for binding in app_bindings:
        rows.append((_key(binding), _(binding.description)))
    return rows


class HelpScreen(TranslatedKeys, ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help {
        width: 90%;
        max-width: 84;
        height: 90%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    #help .para { margin-bottom: 1; }
    #help .heading { text-style: bold; color: $primary; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,f1", "dismiss", N_("Close"), key_display="esc")
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        scroll = VerticalScroll(id="help")
        scroll.border_title = _("Help")
        scroll.border_subtitle = "esc " + _("close")
        with scroll:
            yield Static(_(INTRO), classes="para", markup=False)
            for key, description in self.rows:
                if not description:
                    yield Static(Content(key), classes="heading")
                else:
                    yield Static(Content.assemble((f"{key:>12}", "bold"), "  ", description))
            yield Static(_(OUTRO), classes="para", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#help").focus()
