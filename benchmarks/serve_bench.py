"""Benchmark ``patrolday serve`` under a room of browsers: memory, key-to-screen time, logs intact.

For each room size N (default 5, 10, 20 and 30), one ``patrolday serve`` is started with its
defaults (so the pacing of new games is part of what is measured) on the bundled story, and
N clients that speak the browser's websocket protocol (textual-serve's: binary frames of
terminal output in, ``["stdin", KEY]`` JSON text frames out, with the page's ``Origin``)
connect at once. Each client waits for its title screen, then, like a player: ``n`` (new
game), Enter, ten ``m`` (toggle the meters: a redraw, no story step), ``1`` (a choice). For
every key the time from sending it to the first frame that follows is one key-to-screen
sample; before each key a client waits until its screen has been quiet for 50 ms, and
pauses 0.1-0.4 s (seeded) like a person.

While all N games run, the memory of the whole process tree (the server and every game) is
read from /proc: the sum of RSS (what ``ps`` shows; shared pages counted once per process)
and the sum of PSS (shared pages divided between the processes that share them: the
fairer total). Per-game memory is (tree - idle server) / N. After the browsers close, every
session log must pass ``read_log`` (the schema) with at least one choice, and no game
process may remain.

Target: key-to-screen p95 under 150 ms at 30 games. The machine is shared (2 cores): the
load average before and after is printed, and ratios against the 5-game room of the same run
are given, which say more than the absolute figures.

Run: ``.venv/bin/python benchmarks/serve_bench.py [--rooms 5,10,20,30] [--repeat 1] [STORY]``.
For a reference, run it against an older checkout: ``PYTHONPATH=OLD/src ... serve_bench.py OLD/story``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
KEYS = ["n", "\r", *["m"] * 10, "1"]
KEY_NAMES = {"n": "n (new game)", "\r": "Enter", "m": "m (meters)", "1": "1 (a choice)"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tree(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    out, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent]
        out += children
        frontier += children
    return out


def memory_mb(pid: int) -> tuple[float, float, int]:
    """(RSS sum, PSS sum, processes) of ``pid`` and everything under it, in MB."""
    rss = pss = 0
    pids = tree(pid)
    for p in pids:
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
    return rss / 1024, pss / 1024, len(pids)


def games(pid: int) -> int:
    count = 0
    for p in tree(pid)[1:]:
        with contextlib.suppress(OSError):
            if b"--served" in Path(f"/proc/{p}/cmdline").read_bytes().split(b"\0"):
                count += 1
    return count


class Client:
    """One browser tab."""

    def __init__(self, port: int, seed: int) -> None:
        self.port = port
        self.rng = random.Random(seed)
        self.frames = 0
        self.last_frame = 0.0
        self.text = bytearray()
        self.changed = asyncio.Event()
        self.samples: list[float] = []
        self.by_key: dict[str, list[float]] = {}
        self.timeouts = 0

    async def run(self, ready: asyncio.Event, go: asyncio.Event, done: asyncio.Event) -> float:
        origin = f"http://127.0.0.1:{self.port}"
        began = time.perf_counter()
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(
                f"http://127.0.0.1:{self.port}/ws?width=100&height=30",
                headers={"Origin": origin},
                max_msg_size=0,
            ) as ws,
        ):
            reader = asyncio.create_task(self._read(ws))
            await self._wait_text(b"New game", 120)
            first = time.perf_counter() - began
            ready.set()
            await go.wait()
            for key in KEYS:
                await asyncio.sleep(self.rng.uniform(0.1, 0.4))
                await self._quiet(0.05)
                seen = self.frames
                self.changed.clear()
                sent = time.perf_counter()
                await ws.send_json(["stdin", key])
                while self.frames == seen:
                    try:
                        await asyncio.wait_for(self.changed.wait(), 5)
                    except TimeoutError:
                        self.timeouts += 1
                        break
                    self.changed.clear()
                else:
                    self.samples.append(self.last_frame - sent)
                    self.by_key.setdefault(KEY_NAMES[key], []).append(self.last_frame - sent)
            await asyncio.sleep(1.0)  # let the game write its log after the last choice
            await done.wait()
            reader.cancel()
        return first

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.last_frame = time.perf_counter()
                self.frames += 1
                if len(self.text) < 1_000_000:
                    self.text += message.data
                self.changed.set()

    async def _wait_text(self, needle: bytes, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {needle!r} within {timeout} s")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), 0.5)

    async def _quiet(self, gap: float) -> None:
        while time.perf_counter() - self.last_frame < gap:
            await asyncio.sleep(gap / 2)


@dataclass
class Room:
    games: int
    rss: float
    pss: float
    idle_rss: float
    idle_pss: float
    p50: float
    p95: float
    worst: float
    samples: int
    timeouts: int
    slowest_start: float
    logs_ok: int
    logs: int
    left: int
    by_key: dict[str, tuple[float, float]]

    @property
    def per_game_pss(self) -> float:
        return (self.pss - self.idle_pss) / self.games

    @property
    def per_game_rss(self) -> float:
        return (self.rss - self.idle_rss) / self.games


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


async def drive(
    port: int, server_pid: int, n: int
) -> tuple[list[Client], list[float], tuple[float, float, int]]:
    clients = [Client(port, seed) for seed in range(n)]
    ready = [asyncio.Event() for _ in clients]
    go, done = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(c.run(r, go, done)) for c, r in zip(clients, ready, strict=True)]
    await asyncio.gather(*(r.wait() for r in ready))
    go.set()
    memory = (0.0, 0.0, 0)
    while not all(len(c.samples) + c.timeouts == len(KEYS) for c in clients):
        if any(t.done() for t in tasks):
            break
        sample = memory_mb(server_pid)
        memory = max(memory, sample)
        await asyncio.sleep(0.5)
    done.set()
    starts = await asyncio.gather(*tasks)
    return clients, list(starts), memory


def _has_cap() -> bool:
    """Whether this patrolday's serve has --max-games (an older one, run as a reference, has not)."""
    result = subprocess.run(
        [sys.executable, "-m", "patrolday", "serve", "--help"], capture_output=True, text=True, timeout=60
    )
    return "--max-games" in result.stdout


def run_room(story: Path, n: int) -> Room:
    from patrolday.workshop.sessions import read_log

    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        sessions = Path(tmp) / "sessions"
        port = free_port()
        env = {**os.environ, "PATROLDAY_DATA_DIR": str(Path(tmp) / "data")}
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "patrolday", "serve", str(story), "--port", str(port)),
                *("--sessions-dir", str(sessions)),
                *(("--max-games", str(max(n, 30))) if _has_cap() else ()),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if time.monotonic() > deadline:
                    raise SystemExit("serve did not start")
                time.sleep(0.1)
            time.sleep(0.5)
            idle = memory_mb(server.pid)
            clients, starts, busy = asyncio.run(drive(port, server.pid, n))
            deadline = time.monotonic() + 20
            while games(server.pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            left = games(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        logs = list(sessions.glob("*.json"))
        ok = 0
        for path in logs:
            with contextlib.suppress(ValueError):
                if any(s["kind"] == "choice" for s in read_log(path)["steps"]):
                    ok += 1
    samples = [s * 1000 for c in clients for s in c.samples]
    return Room(
        games=n,
        rss=busy[0],
        pss=busy[1],
        idle_rss=idle[0],
        idle_pss=idle[1],
        p50=percentile(samples, 0.5),
        p95=percentile(samples, 0.95),
        worst=max(samples, default=float("nan")),
        samples=len(samples),
        timeouts=sum(c.timeouts for c in clients),
        slowest_start=max(starts),
        logs_ok=ok,
        logs=len(logs),
        left=left,
        by_key={
            name: (percentile(values, 0.5), percentile(values, 0.95))
            for name in KEY_NAMES.values()
            if (values := [s * 1000 for c in clients for s in c.by_key.get(name, [])])
        },
    )


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("story", nargs="?", default=str(ROOT / "story"))
    parser.add_argument("--rooms", default="5,10,20,30", help="room sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs per room size (median p95 is kept)")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.rooms.split(",")]
    print(f"patrolday serve benchmark: {args.story}; {os.cpu_count()} cores; load average {load()}")
    results: list[Room] = []
    for n in sizes:
        runs = [run_room(Path(args.story), n) for _ in range(args.repeat)]
        results.append(sorted(runs, key=lambda r: r.p95)[len(runs) // 2])
        print(f"  ... {n} games done (load average {load()})", flush=True)
    head = (
        f"{'games':>5} {'tree RSS':>9} {'tree PSS':>9} {'PSS/game':>9} {'RSS/game':>9} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'keys':>5} {'lost':>4} {'start s':>8} "
        f"{'logs ok':>8} {'left':>4}"
    )
    print("\n" + head)
    for r in results:
        print(
            f"{r.games:>5} {r.rss:>8.0f}M {r.pss:>8.0f}M {r.per_game_pss:>8.1f}M {r.per_game_rss:>8.1f}M "
            f"{r.p50:>7.1f} {r.p95:>7.1f} {r.worst:>7.1f} {r.samples:>5} {r.timeouts:>4} "
            f"{r.slowest_start:>8.2f} {r.logs_ok:>4}/{r.logs:<3} {r.left:>4}"
        )
    print("\np50 / p95 ms by key (n starts the story in every game at about the same moment):")
    for r in results:
        cells = "  ".join(f"{name} {p50:.0f}/{p95:.0f}" for name, (p50, p95) in r.by_key.items())
        print(f"  {r.games:>2} games: {cells}")
    base = results[0]
    print(f"\nratios against the {base.games}-game room of this run:")
    for r in results[1:]:
        print(
            f"  {r.games:>2} games: {r.games / base.games:.0f}x the games, tree PSS {r.pss / base.pss:.2f}x, "
            f"p95 {r.p95 / base.p95:.2f}x, p50 {r.p50 / base.p50:.2f}x"
        )
    print(f"idle server: {base.idle_rss:.0f} MB RSS, {base.idle_pss:.0f} MB PSS; load average now {load()}")
    worst = results[-1]
    target = worst.p95 < 150 if worst.games >= 30 else None
    failed = any(r.logs_ok != r.games or r.left or r.timeouts for r in results)
    if target is not None:
        verdict = "met" if target else "NOT met"
        print(f"target p95 < 150 ms at {worst.games} games: {verdict} ({worst.p95:.0f} ms)")
    if failed:
        print("PROBLEM: a log was missing or damaged, a key got no screen, or a game was left running")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
