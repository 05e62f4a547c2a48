"""The room's state: who may vote, the decision on offer, one vote per device, the tally.

No server and no screen: the aiohttp app (:mod:`.web`) and facilitator mode's screens
call these methods and draw the result, so every rule (a vote for an option not on
offer, a forged token, a vote after close, a wrong code) is tested here directly and
again over the wire.

Anonymity is structural. A device is a random id that exists only in memory, to allow
one vote per device per decision and a change of mind; nothing here asks for, or could
hold, a name. What leaves the room for the session log is a :class:`Tally`: counts per
option from phones, counts of raised hands, devices joined. Never an id or a token.

A device's token (its cookie) is ``ID.MAC``: a random id and an HMAC of it under this
room's secret. So a token from another session, or one made up, is refused without a
table lookup; and a facilitator-mode process that restarts with the same secret (a
reloaded ``serve`` page) still knows the phones that joined it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .limits import KeyedLimiter

CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
"""No 0/O/Q-lookalikes beyond Q, no 1/I/L, 2/Z, 5/S, 6/G, 8/B: read off a projector, typed on a phone."""
CODE_LENGTH = 6
MAX_DEVICES = 200
"""Default cap on phones in one room (``--room-max``)."""
WRONG_CODES_PER_ADDRESS = (1 / 12, 5)
"""(per second, burst): five wrong codes at once from one address, then one every 12 s."""
WRONG_CODES_IN_ALL = (2.0, 60)
"""(per second, burst) for every address together: a 6-character code would take years."""

Phase = Literal["waiting", "question", "open", "closed", "result", "ended"]
ChangeKind = Literal["public", "vote", "join", "hands"]
JoinProblem = Literal["wrong-code", "too-many-tries", "full"]
VoteProblem = Literal["not-joined", "stale", "not-open", "not-offered"]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def show_code(code: str) -> str:
    """``ACD-EFH``: the code as the projector shows it (the dash is optional when typed)."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_code(text: str) -> str:
    """What a participant typed, as a code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.upper() if ch not in " -\t")[:64]


class JoinRefused(Exception):
    def __init__(self, reason: JoinProblem, retry_after: float = 0.0) -> None:
        super().__init__(reason)
        self.reason: JoinProblem = reason
        self.retry_after = retry_after


class VoteRejected(Exception):
    def __init__(self, reason: VoteProblem) -> None:
        super().__init__(reason)
        self.reason: VoteProblem = reason


@dataclass(frozen=True, slots=True)
class RoomOption:
    id: str
    number: int
    label: str


@dataclass(frozen=True, slots=True)
class Wording:
    """A decision's words in another language than the projector's, for a phone that reads it
    (the page's language switch): the same options, by id, with their labels in that language."""

    title: str
    questions: tuple[str, ...]
    labels: Mapping[str, str]  # option id -> label
    text: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Decision:
    """What the phones are shown at one decision (only the options that can be taken).

    No questions: the page asks its own default question, in the phone's language."""

    title: str
    questions: tuple[str, ...]
    options: tuple[RoomOption, ...]
    text: tuple[str, ...] = ()  # the scene's paragraphs, when the facilitator lets phones read along
    versions: Mapping[str, Wording] = field(default_factory=dict, compare=False, hash=False)

    def option(self, option_id: str) -> RoomOption | None:
        return next((o for o in self.options if o.id == option_id), None)

    def words(
        self, language: str | None
    ) -> tuple[str, tuple[str, ...], tuple[str, ...], list[dict[str, Any]]]:
        """(title, questions, text, options) in ``language`` where the story has them, else as
        the projector shows them. An option the translation lacks keeps its label."""
        version = self.versions.get(language) if language else None
        if version is None:
            return self.title, self.questions, self.text, _options(self)
        options = [dict(o, label=version.labels.get(o["id"], o["label"])) for o in _options(self)]
        return version.title, version.questions, version.text, options


@dataclass(frozen=True, slots=True)
class Tally:
    """How the room voted: phones and raised hands per option (kept apart), and devices joined."""

    order: tuple[str, ...]
    phones: Mapping[str, int]
    hands: Mapping[str, int]
    devices: int  # devices that joined the room so far
    voted: int  # devices that voted at this decision

    def total(self, option_id: str) -> int:
        return self.phones.get(option_id, 0) + self.hands.get(option_id, 0)

    def totals(self) -> dict[str, int]:
        return {o: self.total(o) for o in self.order}

    @property
    def hands_counted(self) -> int:
        return sum(self.hands.values())


@dataclass(frozen=True, slots=True)
class Change:
    """Told to the room's listeners. ``public``: every phone's view changed (a new phase);
    ``vote``/``join``/``hands``: only the projector's tally (and the voter's own view)."""

    kind: ChangeKind
    version: int


@dataclass(slots=True)
class Room:
    """One workshop session's room. Create a new one per session: a new code, a new secret."""

    code: str = field(default_factory=new_code)
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    max_devices: int = MAX_DEVICES
    clock: Callable[[], float] = time.monotonic
    phase: Phase = "waiting"
    decision: Decision | None = None
    serial: int = 0  # one per decision offered; a vote names the serial it was cast at
    taken: str | None = None  # the option the group took, once settled
    ending: str = ""  # the ending's title, once the story has ended
    endings: Mapping[str, str] = field(default_factory=dict)  # that title in the story's other languages
    version: int = 0
    connected: int = 0  # devices with the page open now (the web server says); never logged
    listeners: list[Callable[[Change], None]] = field(default_factory=list)
    _devices: set[str] = field(default_factory=set)
    _known: dict[str, str] = field(default_factory=dict)  # token -> device, for tokens already checked
    _votes: dict[str, str] = field(default_factory=dict)  # device id -> option id, this decision only
    _hands: dict[str, int] = field(default_factory=dict)
    _closed_tally: Tally | None = None
    _previous: dict[str, Any] | None = None  # the last settled decision, shown under the next question
    _previous_decision: Decision | None = None  # ...and its words, for a phone in another language
    _wrong_by_address: KeyedLimiter = field(default_factory=lambda: KeyedLimiter(*WRONG_CODES_PER_ADDRESS))
    _wrong_in_all: KeyedLimiter = field(default_factory=lambda: KeyedLimiter(*WRONG_CODES_IN_ALL))

    # -- joining ----------------------------------------------------------------------------

    def join(self, typed_code: str, address: str) -> str:
        """A new device's token for the right code; :class:`JoinRefused` otherwise.

        Wrong codes are limited per address and in all; while either limit is reached every
        attempt is refused, the right code too (or the limit would tell a guesser when they
        hit it)."""
        now = self.clock()
        for limiter, key in ((self._wrong_by_address, address), (self._wrong_in_all, "*")):
            if not limiter.has_token(key, now):
                raise JoinRefused("too-many-tries", limiter.retry_after(key, now))
        if not hmac.compare_digest(normalise_code(typed_code).encode(), self.code.encode()):
            self._wrong_by_address.allow(address, now)
            self._wrong_in_all.allow("*", now)
            raise JoinRefused("wrong-code")
        if len(self._devices) >= self.max_devices:
            raise JoinRefused("full")
        device = secrets.token_urlsafe(16)
        self._devices.add(device)
        self._changed("join")
        return f"{device}.{self._mac(device)}"

    def device(self, token: str | None) -> str | None:
        """The device id behind a token this room issued, else None (forged, another session's,
        or the room is full and this is a device it has not seen)."""
        known = self._known.get(token) if token else None
        if known is not None:
            return known
        if not token or len(token) > 100 or token.count(".") != 1:
            return None
        device, mac = token.split(".")
        if not device or not hmac.compare_digest(mac, self._mac(device)):
            return None
        if device not in self._devices:  # issued by this room before a restart
            if len(self._devices) >= self.max_devices:
                return None
            self._devices.add(device)
            self._changed("join")
        self._known[token] = device  # checked once: the next message from this phone skips the MAC
        return device

    def _mac(self, device: str) -> str:
        digest = hmac.new(self.secret, f"{self.code}:{device}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:18]).decode()

    @property
    def devices(self) -> int:
        return len(self._devices)

    def set_connected(self, count: int) -> None:
        """How many devices have the page open now. A phone that left has still joined, but the
        projector should not have the room wait for its vote, so it shows both."""
        if count != self.connected:
            self.connected = count
            self._changed("join")

    # -- the facilitator's side ---------------------------------------------------------------

    def offer(self, decision: Decision) -> int:
        """A new decision: phones show its question (the options stay hidden until :meth:`reveal`).

        How the room voted at the decision before stays on the phones under the new question
        (the story often goes straight on to the next decision)."""
        self._keep_previous()
        self.serial += 1
        self.decision = decision
        self.phase = "question"
        self.taken = None
        self._votes.clear()
        self._hands = {o.id: 0 for o in decision.options}
        self._closed_tally = None
        self._changed("public")
        return self.serial

    def reveal(self) -> None:
        if self.decision is not None and self.phase == "question":
            self.phase = "open"
            self._changed("public")

    def add_hands(self, option_id: str, delta: int) -> None:
        """Raised hands for ``option_id`` (people without a phone), counted by the facilitator."""
        if self.decision is None or self.decision.option(option_id) is None or self.phase != "open":
            return
        self._hands[option_id] = max(self._hands.get(option_id, 0) + delta, 0)
        self._changed("hands")

    def set_hands(self, counts: Mapping[str, int]) -> None:
        """All the raised hands at once. Also once the vote is closed (the phones' votes are
        fixed then, but the facilitator may still recount the hands, say to settle a tie)."""
        if self.decision is None or self.phase not in ("open", "closed"):
            return
        hands = {o.id: max(int(counts.get(o.id, 0)), 0) for o in self.decision.options}
        if hands == self._hands:
            return
        self._hands = hands
        if self._closed_tally is not None:
            self._closed_tally = replace(self._closed_tally, hands=dict(hands))
        self._changed("hands")

    def close(self) -> Tally:
        """No more votes: the tally is fixed (a vote that arrives now is refused)."""
        if self.phase == "open":
            self._closed_tally = self.tally()
            self.phase = "closed"
            self._changed("public")
        return self.tally()

    def settle(self, option_id: str) -> None:
        """The group took ``option_id`` (by the vote, a tie broken, or the facilitator's pick)."""
        if self.decision is None or self.phase in ("result", "ended", "waiting"):
            return
        if self.phase == "open":
            self.close()
        self.phase = "result"
        self.taken = option_id
        self._changed("public")

    def end(self, ending_title: str, other_languages: Mapping[str, str] | None = None) -> None:
        """The story ended at ``ending_title`` (``other_languages``: that title by language)."""
        self._keep_previous()
        self.phase = "ended"
        self.ending = ending_title
        self.endings = dict(other_languages or {})
        self.decision = None
        self._changed("public")

    def wait(self) -> None:
        """Between decisions (after a rewind, say): phones show "waiting" again."""
        if self.phase != "waiting":
            self._keep_previous()
            self.phase = "waiting"
            self.decision = None
            self._changed("public")

    # -- the participant's side ---------------------------------------------------------------

    def vote(self, token: str | None, serial: object, option_id: object) -> int:
        """Count (or change) this device's vote at decision ``serial``; the room's new version.

        Raises :class:`VoteRejected`, and counts nothing, for a token this room did not
        issue, a decision that is no longer on offer, a vote before the options are shown
        or after the vote closed, and an option that is not on offer."""
        device = self.device(token)
        if device is None:
            raise VoteRejected("not-joined")
        if not isinstance(serial, int) or isinstance(serial, bool) or serial != self.serial:
            raise VoteRejected("stale")
        if self.phase != "open" or self.decision is None:
            raise VoteRejected("not-open")
        if not isinstance(option_id, str) or self.decision.option(option_id) is None:
            raise VoteRejected("not-offered")
        if self._votes.get(device) != option_id:
            self._votes[device] = option_id
            self._changed("vote")
        return self.version

    def vote_of(self, token: str | None) -> str | None:
        device = self.device(token)
        return self._votes.get(device) if device is not None else None

    def tally(self) -> Tally:
        if self._closed_tally is not None:
            return self._closed_tally
        order = tuple(o.id for o in self.decision.options) if self.decision else ()
        phones = Counter(self._votes.values())
        return Tally(
            order,
            {o: phones.get(o, 0) for o in order},
            {o: self._hands.get(o, 0) for o in order},
            len(self._devices),
            len(self._votes),
        )

    def view(self, token: str | None, language: str | None = None) -> dict[str, Any]:
        """What this device's page shows now, as JSON-ready data (no other device's vote);
        the story's words in ``language`` where the decision carries them (see :class:`Wording`)."""
        out: dict[str, Any] = {"type": "state", "phase": self.phase, "serial": self.serial}
        decision = self.decision
        if self.phase in ("waiting", "question", "ended") and self._previous is not None:
            out["previous"] = self._previous
            if (
                language
                and self._previous_decision is not None
                and language in self._previous_decision.versions
            ):
                title, _, _, options = self._previous_decision.words(language)
                out["previous"] = dict(self._previous, title=title, options=options)
        if self.phase == "ended":
            out["ending"] = self.endings.get(language, self.ending) if language else self.ending
            return out
        if decision is None:
            return out
        title, questions, text, options = decision.words(language)
        out["title"] = title
        out["questions"] = list(questions)
        out["text"] = list(text)
        if self.phase == "question":
            return out
        out["options"] = options
        out["mine"] = self.vote_of(token)
        if self.phase in ("closed", "result"):
            out["tally"] = _rows(self.tally())
        if self.phase == "result" and self.taken is not None:
            out["taken"] = self.taken
        return out

    def _keep_previous(self) -> None:
        """Keep the settled decision (if the room is at its result) to show under the next."""
        settled = self.phase == "result"
        self._previous = self._result_view() if settled else None
        self._previous_decision = self.decision if settled and self._previous is not None else None

    def _result_view(self) -> dict[str, Any] | None:
        """The settled decision, as the phones show it under the next one."""
        if self.decision is None or self.taken is None:
            return None
        return {
            "title": self.decision.title,
            "options": _options(self.decision),
            "tally": _rows(self.tally()),
            "taken": self.taken,
        }

    def _changed(self, kind: ChangeKind) -> None:
        self.version += 1
        change = Change(kind, self.version)
        for listener in list(self.listeners):
            listener(change)


def _options(decision: Decision) -> list[dict[str, Any]]:
    return [{"id": o.id, "number": o.number, "label": o.label} for o in decision.options]


def _rows(tally: Tally) -> list[dict[str, Any]]:
    return [{"id": o, "phones": tally.phones.get(o, 0), "hands": tally.hands.get(o, 0)} for o in tally.order]
