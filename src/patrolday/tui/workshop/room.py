"""The room on the projector: how to join (address, code, QR code) and the count of phones.

The room itself (:mod:`patrolday.workshop.room`) has no screen; this module starts its
web server on the app's event loop and draws what the room needs on the projector. The
QR code is drawn dark on light whatever the theme, so a camera reads it; the address and
the code are always there as text too.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from patrolday.game.options import RoomOptions
from patrolday.i18n import N_, _, ngettext
from patrolday.workshop.room.qr import qr_lines
from patrolday.workshop.room.scenes import StoryVersions
from patrolday.workshop.room.state import Change, Room, new_code, show_code
from patrolday.workshop.room.web import RoomServer

from .screens import CSS_PATH, with_bold

if TYPE_CHECKING:
    from patrolday.engine import GameState, SceneView, Story

LOOPBACK_NOTE = N_(
    "Only this computer can join: the room listens on 127.0.0.1. To let phones join, quit and start "
    "again with --host 0.0.0.0 on the workshop's network."
)
OPEN_NOTE = N_(
    "Anyone on this network who has the code can join. Votes are counts: no names are asked or kept."
)


class RoomHost:
    """The room and its web server, for one facilitator-mode session."""

    def __init__(self, options: RoomOptions, story: Story | None = None) -> None:
        # The story in its other languages, for phones that switch to one (issue 17).
        self.versions = StoryVersions(story) if story is not None else None
        self.room = Room(
            code=options.code or new_code(),
            secret=options.secret or secrets.token_bytes(32),
            max_devices=options.max_devices,
        )
        self.options = options
        self.server = RoomServer(
            self.room,
            host=options.host,
            port=options.port,
            public_url=options.public_url or "",
            loopback=_is_loopback(options.host),
            languages=self.versions.languages if self.versions is not None else (),
        )
        self.error = ""

    @property
    def url(self) -> str:
        """The address phones open (the room code is typed, or comes with :attr:`join_url`)."""
        return self.server.public_url

    @property
    def join_url(self) -> str:
        """The QR code's address: the code rides in the fragment, which no server or log sees."""
        return f"{self.url}/#code={self.room.code}"

    @property
    def loopback(self) -> bool:
        return self.server.loopback

    async def start(self) -> bool:
        try:
            await self.server.start()
        except OSError as err:
            self.error = _("The room could not open on {address}: {reason}").format(
                address=f"{self.options.host}:{self.options.port}", reason=err.strerror
            )
            return False
        if self.versions is not None:
            self.versions.start()  # read in the background while the join screen shows
        return True

    def other_views(self, story: Story, state: GameState | None) -> dict[str, SceneView]:
        """This moment in the story's other languages (for :func:`decision_for`)."""
        if self.versions is None or state is None:
            return {}
        return self.versions.views(story, state)

    def other_endings(self, story: Story, scene: str) -> dict[str, str]:
        """The ending's title in the story's other languages."""
        return self.versions.endings(story, scene) if self.versions is not None else {}

    async def stop(self) -> None:
        await self.server.stop()

    def line(self) -> Content:
        """One line for the facilitator's dialogs: where to join, the code, how many phones
        joined and how many have the page open now (a phone that left cannot vote)."""
        joined = self.room.devices
        return Content.assemble(
            (_("Phones: "), "bold"),
            f"{self.url}  ",
            (_("code") + " ", "bold"),
            (show_code(self.room.code), "bold reverse"),
            "  · "
            + _("{joined} joined, {connected} connected now").format(
                joined=joined, connected=self.room.connected
            ),
        )


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class JoinScreen(ModalScreen[None]):
    """How to join: the QR code, the address and the code, large; how many phones have joined."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,o,space", "dismiss", N_("Continue"), key_display="enter")
    ]

    def __init__(self, host: RoomHost) -> None:
        super().__init__()
        self.host = host

    def compose(self) -> ComposeResult:
        box = Vertical(classes="workshop-dialog", id="join-box")
        box.border_title = _("Join the room from your phone")
        box.border_subtitle = _("enter continue")
        with box, Horizontal(id="join-row"):
            yield Static(Content("\n".join(qr_lines(self.host.join_url))), id="join-qr")
            with Vertical(id="join-text"):
                yield Static(
                    with_bold(_("Scan the code, or open {address} on your phone."), "address", self.host.url),
                    id="join-url",
                )
                yield Static(
                    Content.assemble(
                        (_("Room code: "), "bold"), (show_code(self.host.room.code), "bold reverse")
                    ),
                    id="join-code",
                )
                yield Static(id="join-count")
                yield Static(
                    _(LOOPBACK_NOTE if self.host.loopback else OPEN_NOTE), classes="hint", id="join-note"
                )

    def on_mount(self) -> None:
        self.host.room.listeners.append(self._changed)
        self._count()

    def on_unmount(self) -> None:
        if self._changed in self.host.room.listeners:
            self.host.room.listeners.remove(self._changed)

    def _changed(self, change: Change) -> None:
        if change.kind == "join":
            self.call_later(self._count)

    def _count(self) -> None:
        n = self.host.room.devices
        self.query_one("#join-count", Static).update(
            ngettext("{count} phone joined.", "{count} phones joined.", n).format(count=n)
        )
