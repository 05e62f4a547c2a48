"""What the player's own screens share: typed access to the app that shows them.

Textual types ``Screen.app`` as any ``App``; the scene, ending and title screens call the
player's navigation (``choose``, ``show_view``, the game), so they need it as a
:class:`~patrolday.tui.app.PatroldayApp`. One property here instead of a cast per screen.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, cast

from textual.binding import ActiveBinding
from textual.screen import Screen

from patrolday.i18n import _

if TYPE_CHECKING:
    from patrolday.tui.app import PatroldayApp


class TranslatedKeys:
    """The footer's key names in the interface's language (i18n, #17).

    Bindings are class attributes, made when a module is imported, so their descriptions are
    written in English and marked (``N_``); they are translated here, each time the footer
    asks, so a language chosen later (the title screen's switch) shows too."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        chosen = super().active_bindings  # type: ignore[misc]  # Screen's, next in the MRO
        return {
            key: active._replace(binding=replace(active.binding, description=_(active.binding.description)))
            for key, active in chosen.items()
        }


class PlayerScreen(TranslatedKeys, Screen[None]):
    """A full screen of the player (not a dialog)."""

    @property
    def player(self) -> PatroldayApp:
        """The app showing this screen: always a :class:`PatroldayApp` (or facilitator mode's)."""
        return cast("PatroldayApp", self.app)
