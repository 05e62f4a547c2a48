"""What the player's own screens share: typed access to the app that shows them.

Textual types ``Screen.app`` as any ``App``; the scene, ending and title screens call the
player's navigation (``choose``, ``show_view``, the game), so they need it as a
:class:`~patrolday.tui.app.PatroldayApp`. One property here instead of a cast per screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from patrolday.tui.app import PatroldayApp


class PlayerScreen(Screen[None]):
    """A full screen of the player (not a dialog)."""

    @property
    def player(self) -> PatroldayApp:
        """The app showing this screen: always a :class:`PatroldayApp` (or facilitator mode's)."""
        return cast("PatroldayApp", self.app)
