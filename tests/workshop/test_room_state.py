"""The room's rules without a server: codes, tokens, one vote per device, closing, the tally."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patrolday.workshop.room.limits import KeyedLimiter
from patrolday.workshop.room.state import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Decision,
    JoinRefused,
    Room,
    RoomOption,
    VoteRejected,
    new_code,
    normalise_code,
    show_code,
)

DECISION = Decision(
    "The corner",
    ("What would you do?",),
    (RoomOption("stop", 1, "Stop the car"), RoomOption("wave", 2, "Wave and drive on")),
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def open_room(**kwargs: object) -> Room:
    room = Room(code="ACDEFH", **kwargs)  # type: ignore[arg-type]
    room.offer(DECISION)
    room.reveal()
    return room


def test_codes_use_the_unambiguous_alphabet_and_differ_per_room() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) > 190
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert not set(CODE_ALPHABET) & set("0O1IL2Z5S6G8B")
    assert Room().code != Room().code and Room().secret != Room().secret
    assert show_code("ACDEFH") == "ACD-EFH"
    assert normalise_code(" acd-efh ") == "ACDEFH"


def test_a_device_joins_with_the_code_and_votes_once_and_may_change_its_mind() -> None:
    room = open_room()
    a = room.join("acd-efh", "10.0.0.2")
    b = room.join("ACDEFH", "10.0.0.3")
    room.vote(a, room.serial, "stop")
    room.vote(a, room.serial, "stop")  # a reloaded page sending its vote again
    room.vote(b, room.serial, "stop")
    room.vote(b, room.serial, "wave")  # a change of mind
    tally = room.tally()
    assert dict(tally.phones) == {"stop": 1, "wave": 1} and tally.voted == 2 and tally.devices == 2
    assert room.vote_of(a) == "stop" and room.vote_of(b) == "wave"


def test_hands_are_counted_apart_from_phones() -> None:
    room = open_room()
    token = room.join("ACDEFH", "x")
    room.vote(token, room.serial, "wave")
    room.add_hands("stop", 3)
    room.add_hands("stop", -1)
    room.add_hands("nope", 5)  # not on offer: ignored
    tally = room.tally()
    assert dict(tally.phones) == {"stop": 0, "wave": 1} and dict(tally.hands) == {"stop": 2, "wave": 0}
    assert tally.totals() == {"stop": 2, "wave": 1} and tally.hands_counted == 2


def test_a_vote_for_an_option_not_on_offer_is_rejected_and_not_counted() -> None:
    room = open_room()
    token = room.join("ACDEFH", "x")
    for option in ("call", "", None, 1, ["stop"], "stop "):
        with pytest.raises(VoteRejected) as err:
            room.vote(token, room.serial, option)
        assert err.value.reason == "not-offered"
    assert sum(room.tally().phones.values()) == 0


def test_forged_and_other_rooms_tokens_are_rejected() -> None:
    room = open_room()
    real = room.join("ACDEFH", "x")
    device, mac = real.split(".")
    other = Room(code="ACDEFH")  # same code, another session: another secret
    other.offer(DECISION)
    other.reveal()
    foreign = other.join("ACDEFH", "x")
    forged = [
        None,
        "",
        "x",
        f"{device}.",
        f".{mac}",
        f"{device}.{mac[:-1]}A",
        f"{device}x.{mac}",
        f"{device}.{mac}.{mac}",
        foreign,
        "a" * 5000,
    ]
    for token in forged:
        with pytest.raises(VoteRejected) as err:
            room.vote(token, room.serial, "stop")
        assert err.value.reason == "not-joined", token
    assert sum(room.tally().phones.values()) == 0 and room.devices == 1


def test_a_vote_after_close_or_for_another_decision_is_rejected() -> None:
    room = open_room()
    token = room.join("ACDEFH", "x")
    first = room.serial
    room.vote(token, first, "stop")
    room.close()
    with pytest.raises(VoteRejected) as err:
        room.vote(token, first, "wave")
    assert err.value.reason == "not-open"
    assert dict(room.tally().phones) == {"stop": 1, "wave": 0}
    room.settle("stop")
    room.offer(DECISION)  # the next decision: the old serial is stale (a replayed message)
    room.reveal()
    for serial in (first, first + 5, str(room.serial), True, None):
        with pytest.raises(VoteRejected) as err:
            room.vote(token, serial, "wave")
        assert err.value.reason == "stale"
    assert sum(room.tally().phones.values()) == 0


def test_no_vote_before_the_options_are_revealed() -> None:
    room = Room(code="ACDEFH")
    token = room.join("ACDEFH", "x")
    room.offer(DECISION)
    with pytest.raises(VoteRejected) as err:
        room.vote(token, room.serial, "stop")
    assert err.value.reason == "not-open"
    assert "options" not in room.view(token)  # the phone sees the question only


def test_wrong_codes_are_rate_limited_per_address_and_the_right_code_waits_too() -> None:
    clock = Clock()
    room = Room(code="ACDEFH", clock=clock)
    for _ in range(5):
        with pytest.raises(JoinRefused) as err:
            room.join("AAAAAA", "10.0.0.9")
        assert err.value.reason == "wrong-code"
    with pytest.raises(JoinRefused) as err:
        room.join("ACDEFH", "10.0.0.9")  # right, but this address is over its limit
    assert err.value.reason == "too-many-tries" and err.value.retry_after > 0
    assert room.join("ACDEFH", "10.0.0.10")  # another phone is not held up
    clock.now += 13
    assert room.join("ACDEFH", "10.0.0.9")  # and it recovers


def test_wrong_codes_from_many_addresses_hit_the_room_wide_limit() -> None:
    clock = Clock()
    room = Room(code="ACDEFH", clock=clock)
    refused = []
    for n in range(200):
        try:
            room.join("AAAAAA", f"10.0.{n // 250}.{n % 250}")
        except JoinRefused as err:
            refused.append(err.reason)
    assert refused.count("wrong-code") == 60 and refused.count("too-many-tries") == 140


def test_the_room_is_capped() -> None:
    room = Room(code="ACDEFH", max_devices=3)
    for n in range(3):
        room.join("ACDEFH", str(n))
    with pytest.raises(JoinRefused) as err:
        room.join("ACDEFH", "9")
    assert err.value.reason == "full" and room.devices == 3


def test_a_restarted_room_with_the_same_secret_knows_its_phones() -> None:
    first = Room(code="ACDEFH", secret=b"k" * 32)
    token = first.join("ACDEFH", "x")
    again = Room(code="ACDEFH", secret=b"k" * 32)
    again.offer(DECISION)
    again.reveal()
    again.vote(token, again.serial, "wave")
    assert again.devices == 1 and again.tally().phones["wave"] == 1


def test_the_phone_view_follows_the_phases_and_never_shows_another_device() -> None:
    room = Room(code="ACDEFH")
    a = room.join("ACDEFH", "x")
    b = room.join("ACDEFH", "y")
    assert room.view(a)["phase"] == "waiting"
    room.offer(DECISION)
    assert room.view(a)["questions"] == ["What would you do?"] and "options" not in room.view(a)
    room.reveal()
    room.vote(a, room.serial, "stop")
    assert room.view(a)["mine"] == "stop" and room.view(b)["mine"] is None
    assert "tally" not in room.view(b)  # no live tally on the phones: no bandwagon
    room.close()
    room.settle("stop")
    view = room.view(b)
    assert view["phase"] == "result" and view["taken"] == "stop"
    assert view["tally"] == [{"id": "stop", "phones": 1, "hands": 0}, {"id": "wave", "phones": 0, "hands": 0}]
    room.end("THE END")
    ended = room.view(a)
    assert {k: ended[k] for k in ("type", "phase", "serial", "ending")} == {
        "type": "state",
        "phase": "ended",
        "serial": 1,
        "ending": "THE END",
    }
    assert ended["previous"]["taken"] == "stop" and "mine" not in ended  # how the last decision went
    again = open_room()
    again.settle("wave")
    again.offer(DECISION)  # the story went straight on to the next decision
    view = again.view(None)
    assert view["phase"] == "question" and view["previous"]["taken"] == "wave" and "tally" not in view


def test_listeners_hear_public_changes_and_votes_apart() -> None:
    room = Room(code="ACDEFH")
    heard: list[str] = []
    room.listeners.append(lambda change: heard.append(change.kind))
    token = room.join("ACDEFH", "x")
    room.offer(DECISION)
    room.reveal()
    room.vote(token, room.serial, "stop")
    room.vote(token, room.serial, "stop")  # no change, nothing told
    room.add_hands("wave", 1)
    room.close()
    assert heard == ["join", "public", "public", "vote", "hands", "public"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["stop", "wave", "call", ""])), max_size=120))
def test_every_device_is_counted_exactly_once_with_its_last_vote(moves: list[tuple[int, str]]) -> None:
    room = open_room()
    tokens = [room.join("ACDEFH", str(n)) for n in range(31)]
    last: dict[int, str] = {}
    for device, option in moves:
        try:
            room.vote(tokens[device], room.serial, option)
        except VoteRejected:
            assert option not in ("stop", "wave")
            continue
        last[device] = option
    tally = room.tally()
    assert sum(tally.phones.values()) == len(last) == tally.voted
    for option in ("stop", "wave"):
        assert tally.phones[option] == sum(1 for v in last.values() if v == option)


def test_a_keyed_limiter_keeps_a_bounded_table() -> None:
    limiter = KeyedLimiter(1.0, 2, max_keys=50)
    for n in range(10_000):
        limiter.allow(f"key-{n}", 0.0)
    assert len(limiter) == 50
    assert limiter.allow("a", 0.0) and limiter.allow("a", 0.0) and not limiter.allow("a", 0.0)
    assert limiter.retry_after("a", 0.0) == pytest.approx(1.0)
