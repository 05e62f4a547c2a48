"""Saves a player can trust: damaged, hand-edited and foreign files get a clear message and
are never deleted or overwritten; a killed process never loses a slot.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from patrolday.engine import SaveError, Story, available_choices, choose, save_document, start
from patrolday.game.storage import SaveStore, write_atomic


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def a_state(story: Story, steps: int = 2, seed: int = 0):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    state = start(story)
    for _ in range(steps):
        options = available_choices(story, state)
        if not options:
            break
        state = choose(story, state, rng.choice(options).id)
    return state


@pytest.fixture
def store(tmp_path: Path, story: Story) -> SaveStore:
    store = SaveStore(tmp_path, story.id)
    store.save(story, a_state(story), "slot")
    return store


def test_a_good_save_loads(store: SaveStore, story: Story) -> None:
    state, notes = store.load(story, "slot")
    assert state == a_state(story)
    assert notes == []


# -- damaged files: a clear message, and the file is left exactly as it was ---------------------


def damage(store: SaveStore, story: Story, how: str) -> bytes:
    path = store.path("slot")
    good = path.read_bytes()
    doc = json.loads(good)
    if how == "truncated":
        data = good[: len(good) // 2]
    elif how == "corrupt":
        data = bytes(random.Random(1).randrange(256) for _ in range(300))
    elif how == "empty":
        data = b""
    elif how == "wrong type":
        doc["state"]["vars"]["trust"] = "lots"
        data = json.dumps(doc).encode()
    elif how == "unknown scene":
        doc["state"]["scene"] = "the-moon"
        data = json.dumps(doc).encode()
    elif how == "foreign story":
        doc["story"] = {"id": "someone-else", "title": "Someone else's story", "hash": "x"}
        data = json.dumps(doc).encode()
    elif how == "not a save":
        data = json.dumps({"name": "my notes", "todo": [1, 2]}).encode()
    elif how == "newer format":
        doc["version"] = 99
        data = json.dumps(doc).encode()
    else:  # deeply nested
        data = b"[" * 100_000
    path.write_bytes(data)
    return data


MESSAGES = {
    "truncated": "it may be truncated",
    "corrupt": "not a patrolday save",
    "empty": "not a patrolday save",
    "wrong type": "variable 'trust' has a value of the wrong type",
    "unknown scene": "scene 'the-moon'",
    "foreign story": "belongs to another story",
    "not a save": "not a patrolday save",
    "newer format": "version 99 is not supported",
    "deeply nested": "not a patrolday save",
}


@pytest.mark.parametrize("how", list(MESSAGES))
def test_a_damaged_save_gives_a_clear_message_and_is_left_alone(
    store: SaveStore, story: Story, how: str
) -> None:
    damage(store, story, how)
    before = files(store.folder)
    with pytest.raises(SaveError) as caught:
        store.load(story, "slot")
    message = str(caught.value)
    assert str(store.path("slot")) in message
    assert MESSAGES[how] in message
    assert "Traceback" not in message
    assert files(store.folder) == before


@pytest.mark.parametrize("how", list(MESSAGES))
def test_the_backup_is_used_when_the_save_is_damaged(store: SaveStore, story: Story, how: str) -> None:
    later = a_state(story, steps=3, seed=5)
    store.save(story, later, "slot")  # the first save is now slot.json.bak
    damage(store, story, how)
    before = files(store.folder)
    state, notes = store.load(story, "slot")
    assert state == a_state(story)
    assert "backup was loaded" in notes[0]
    assert "left as it is" in notes[0]
    assert files(store.folder) == before


@pytest.mark.parametrize("how", list(MESSAGES))
def test_slots_lists_a_damaged_save_without_touching_it(store: SaveStore, story: Story, how: str) -> None:
    # Regression: a deeply nested file made slots() raise RecursionError.
    damage(store, story, how)
    before = files(store.folder)
    [info] = store.slots()
    assert info.name == "slot"
    if how in ("truncated", "corrupt", "empty", "not a save", "deeply nested"):
        assert info.problem
    assert files(store.folder) == before


@pytest.mark.parametrize("how", ["truncated", "corrupt", "not a save", "deeply nested"])
def test_saving_over_an_unreadable_file_keeps_it_and_the_good_backup(
    store: SaveStore, story: Story, how: str
) -> None:
    # Regression: saving made the unreadable file the new backup, replacing the last good one.
    store.save(story, a_state(story, 3, 5), "slot")
    good_backup = store.path("slot").with_name("slot.json.bak").read_bytes()
    bad = damage(store, story, how)
    store.save(story, a_state(story, 1, 9), "slot")
    after = files(store.folder)
    assert after["slot.json.bak"] == good_backup
    assert after["slot.json.unreadable-1"] == bad
    assert store.load(story, "slot")[0] == a_state(story, 1, 9)
    bad_again = damage(store, story, how)
    store.save(story, a_state(story), "slot")
    assert files(store.folder)["slot.json.unreadable-2"] == bad_again  # the first is not overwritten
    assert files(store.folder)["slot.json.unreadable-1"] == bad


def test_a_missing_slot_says_so(tmp_path: Path, story: Story) -> None:
    with pytest.raises(SaveError, match="there is no save called 'nothing'"):
        SaveStore(tmp_path, story.id).load(story, "nothing")


@pytest.mark.parametrize("name", ["../escape", "a/b", "", ".hidden", "x" * 41, "nul\x00"])
def test_slot_names_cannot_name_other_files(tmp_path: Path, story: Story, name: str) -> None:
    store = SaveStore(tmp_path, story.id)
    with pytest.raises(SaveError, match="bad slot name"):
        store.save(story, start(story), name)
    assert not any(tmp_path.rglob("*.json"))


# -- SIGKILL at random moments ---------------------------------------------------------------------

SLOTS = ("one", "two", "autosave")


def _save_forever(root: str, story_root: str, seed: int) -> None:
    """The child: save changing states into rotating slots until killed."""
    from patrolday.engine import load_story

    story = load_story(story_root)
    store = SaveStore(Path(root), story.id)
    rng = random.Random(seed)
    n = 0
    while True:
        state = a_state(story, steps=rng.randrange(5), seed=rng.randrange(1000))
        store.save(story, state, SLOTS[n % len(SLOTS)], label=f"{seed}:{n}")
        n += 1


def test_killing_a_saving_process_never_loses_a_slot(tmp_path: Path, story: Story) -> None:
    """SIGKILL a process that saves in a loop, 120 times; every slot then loads."""
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(2024)
    root = tmp_path / "data"
    store = SaveStore(root, story.id)
    killed_mid_run = 0
    rounds_that_saved: set[str] = set()
    for round_ in range(120):
        child = ctx.Process(target=_save_forever, args=(str(root), story.root, round_), daemon=True)
        child.start()
        time.sleep(rng.uniform(0.002, 0.06))
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join(5)
        killed_mid_run += child.exitcode == -signal.SIGKILL
        for slot in SLOTS:
            path = store.path(slot)
            if not path.exists() and not path.with_name(path.name + ".bak").exists():
                continue  # never completely written yet
            state, _ = store.load(story, slot)  # raises if neither the save nor its backup loads
            assert state.story_id == story.id
            if path.exists():
                rounds_that_saved.add(json.loads(path.read_bytes())["label"].split(":")[0])
    assert killed_mid_run == 120
    assert {info.name for info in store.slots()} == set(SLOTS)
    assert all(not info.problem for info in store.slots())
    assert len(rounds_that_saved) > 30  # the children really were saving, round after round


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "x.json"
    write_atomic(target, b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]  # no temp file left behind


def test_a_save_document_names_only_ids(story: Story) -> None:
    doc = json.dumps(save_document(story, a_state(story, 3)))
    assert "straight up" not in doc and "Dana sits" not in doc  # prose never goes into a save


def test_what_a_killed_write_left_behind_is_swept_by_the_next_write(tmp_path: Path) -> None:
    from patrolday.game.storage import STALE_AFTER_SECONDS

    target = tmp_path / "autosave.json"
    stale = [tmp_path / ".autosave.json.k1ll3d.tmp", tmp_path / f".autosave.json.{os.getpid()}.bak.tmp"]
    fresh = tmp_path / ".autosave.json.wr1t1ng.tmp"  # another process may be writing right now
    other = tmp_path / ".save 1.json.k1ll3d.tmp"  # another slot's: not this write's business
    old = time.time() - STALE_AFTER_SECONDS - 5
    for leftover in [*stale, fresh, other]:
        leftover.write_bytes(b"half a save")
    for leftover in [*stale, other]:
        os.utime(leftover, (old, old))
    write_atomic(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, fresh.name, other.name])


def test_reading_a_long_save_pauses_the_collector_and_restores_it(story: Story) -> None:
    """load_state and save_document build a long game's 100,000 small lists with the cyclic
    collector paused (it made reading such a save 3x slower); it must come back as it was,
    also when the save is refused."""
    import gc

    from patrolday.engine import load_state

    state = start(story)
    seen: list[bool] = []
    real = gc.disable

    def spy() -> None:
        seen.append(gc.isenabled())
        real()

    doc = save_document(story, state)
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            gc.disable = spy  # type: ignore[assignment]
            load_state(story, json.dumps(doc))
            with pytest.raises(SaveError):
                load_state(story, b"{ not json")
            save_document(story, state)
        finally:
            gc.disable = real  # type: ignore[assignment]
        assert gc.isenabled() is enabled
    gc.enable()
    assert len(seen) == 6  # each call paused it
