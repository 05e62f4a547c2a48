"""What the command line asked of a game, as one typed value.

``patrolday play`` and ``patrolday serve`` parse their arguments once and build a
:class:`PlayOptions`; the Textual player, facilitator mode and the plain player take it
and never see ``argparse`` (so a front end's options are checked by the type checker, and
a new option is one field here plus its flag in ``commands/play.py``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `patrolday --help` builds PlayOptions' parser: it must import no engine
    from patrolday.engine import Value


@dataclass(frozen=True, slots=True)
class RoomOptions:
    """The workshop room (``--room``): participants vote from their phones (see ``workshop/room``)."""

    host: str = "127.0.0.1"  # where the room listens; loopback unless --host (phones need the network)
    port: int = 8100
    max_devices: int = 200  # phones that may join
    read_along: bool = False  # send the scene's text to the phones too
    public_url: str | None = None  # the address phones are told (None: made from host and port)
    code: str | None = None  # the room code (None: a new one); ``serve`` passes its own
    secret: bytes | None = None  # signs device tokens (None: a new one); ``serve`` passes its own


@dataclass(frozen=True, slots=True)
class WorkshopOptions:
    """Facilitator mode (``--workshop``): how decisions are run for a room."""

    timer_minutes: float | None = None  # each discussion starts a timer of this length; None: off
    hide_meters: bool = False  # meters hidden until the debrief
    projector: bool = False  # high contrast, bold text, wider margins
    summarise_heavy: bool = False  # a heavy scene's summary instead of its text
    route: str | None = None  # pause only at this route's decisions; None: at every decision
    room: RoomOptions | None = None  # phones vote in a room when set

    @property
    def timer_seconds(self) -> float | None:
        return self.timer_minutes * 60 if self.timer_minutes else None


@dataclass(frozen=True, slots=True)
class PlayOptions:
    """One run of a player. The defaults are a player's defaults: the bundled story's first
    part, a seed from the clock, saves in the user data folder."""

    part: str | None = None  # start this part at once; None: the title screen (or the first part)
    seed: int | None = None  # shuffles and random numbers; None: from the clock (see :meth:`seed_now`)
    data_dir: Path | None = None  # saves (DIR/saves) and progress live here; None: the user data folder
    theme: str | None = None  # full-screen colour theme
    workshop: WorkshopOptions | None = None  # facilitator mode when set
    choices: tuple[int, ...] | None = None  # plain mode: play these option numbers, then stop
    autosave: bool = True  # save to "autosave" after every choice (off for piped input)
    served: bool = False  # run by ``patrolday serve`` for one browser
    watch: bool = False  # ``--watch``: reload the story whenever one of its files is saved
    origin: str | None = None  # ``--from SCENE``: the first game begins at this scene (authors)
    preset: Mapping[str, Value] = field(default_factory=dict)  # ``--set``: checked values, first game
    logged: Path | None = None  # the folder this run's session log goes to, said on the title screen

    def seed_now(self) -> int:
        """The seed for a new game: the one given, else one from the clock, so two games differ
        (the seed is kept in the saved state and the session log, so a replay is exact)."""
        if self.seed is not None:
            return self.seed
        return time.time_ns() // 1000 % 2**31
