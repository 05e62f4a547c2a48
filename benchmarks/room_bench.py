"""Workshop room benchmark: 200 phones join and vote at once over the real protocol (issue 15).

    python benchmarks/room_bench.py                 # 200 phones, 3 runs
    python benchmarks/room_bench.py --phones 50 --runs 5

Each run starts real facilitator mode (``WorkshopApp`` with ``--room``, headless, on
Textual's event loop, as ``play --workshop --room`` runs it) in this process, and the phones
in a second process (so their work is not on the room's event loop; the two share the
machine's cores, as a laptop would share them with nothing). The phones speak the page's
protocol: ``GET /`` for the CSRF token, ``POST /join`` with the code, a websocket each.
When every phone has the options, all of them vote at once.

Measured:

- **counted once**: the room's tally after the burst has exactly one vote per phone, and a
  second burst in which every phone changes its mind still counts each phone once;
- **vote to tally drawn**: from the moment a phone sends its vote (``time.monotonic()``,
  one clock for both processes on Linux) to the moment the projector's tally that
  includes it has been drawn (the vote screen's after-refresh callback, Textual's mark
  that the frame is out); p50 and p95 over all votes. Target: p95 under 100 ms;
- **the room's extra memory**: resident memory of the facilitator's process with 200
  phones joined and voted, less the same process with the room open and no phone.
  Target: under 100 MB. Also shown: the process's whole RSS.

Reference, from ``../shared/reviews/security.md`` (commit 86ba603, not re-measured here):
30 ``patrolday serve`` browser games took 1,407 MB and a key-to-screen p95 of 162 ms on
this kind of machine (about 46 MB a game). Reported as ratios against those figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
STORY = ROOT / "tests" / "stories" / "workshop" / "vote-story"
SERVE_30_GAMES_MB = 1407.0
SERVE_30_GAMES_P95_MS = 162.0
SERVE_MB_PER_GAME = 46.0


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# -- the phones (a child process) ------------------------------------------------------------------


def phones_main(url: str, code: str, n: int, inbox: Any, outbox: Any) -> None:
    asyncio.run(_phones(url, code, n, inbox, outbox))


async def _phones(url: str, code: str, n: int, inbox: Any, outbox: Any) -> None:
    import aiohttp

    sessions = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(n)]
    headers = {"Origin": url}

    async def join(http: aiohttp.ClientSession) -> aiohttp.ClientWebSocketResponse:
        async with http.get(url + "/") as page:
            html = await page.text()
        csrf = html.split('name="csrf-token" content="')[1].split('"')[0]
        async with http.post(
            url + "/join", json={"code": code}, headers={**headers, "X-CSRF-Token": csrf}
        ) as r:
            assert r.status == 200, r.status
        ws = await http.ws_connect(url + "/ws", headers=headers)
        await ws.receive_json()
        return ws

    started = time.monotonic()
    sockets = await asyncio.gather(*(join(s) for s in sessions))
    outbox.put(("joined", time.monotonic() - started))

    async def until_open(ws: aiohttp.ClientWebSocketResponse) -> int:
        while True:
            message = await ws.receive_json(timeout=60)
            if message.get("phase") == "open":
                return int(message["serial"])

    serials = await asyncio.gather(*(until_open(ws) for ws in sockets))
    for burst in (0, 1):
        if burst:
            await asyncio.get_running_loop().run_in_executor(None, inbox.get)  # the bench says: again

        async def vote(
            i: int, ws: aiohttp.ClientWebSocketResponse, burst: int = burst
        ) -> tuple[float, int, float]:
            option = ["stop", "wave", "radio"][(i + burst) % 3]
            sent = time.monotonic()
            await ws.send_str(json.dumps({"type": "vote", "decision": serials[i], "option": option}))
            while True:
                reply = await ws.receive_json(timeout=60)
                if "ack" in reply:
                    return sent, int(reply["ack"]), time.monotonic()
                if reply.get("type") == "rejected":
                    raise AssertionError(reply)

        results = await asyncio.gather(*(vote(i, ws) for i, ws in enumerate(sockets)))
        outbox.put(("voted", results))
    await asyncio.get_running_loop().run_in_executor(None, inbox.get)  # the bench says: done
    for ws in sockets:
        await ws.close()
    for s in sessions:
        await s.close()
    outbox.put(("closed", None))


# -- the projector (this process) -----------------------------------------------------------------


async def wait_queue(queue: Any, pilot: Any, timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return queue.get_nowait()
        except Exception:
            await pilot.pause(0.02)
    raise TimeoutError("the phones did not answer")


async def one_run(n: int) -> dict[str, Any]:
    from patrolday.engine import load_story
    from patrolday.game.options import PlayOptions, RoomOptions, WorkshopOptions
    from patrolday.tui.workshop.app import WorkshopApp
    from patrolday.tui.workshop.room import JoinScreen
    from patrolday.tui.workshop.screens import ContentNoteScreen, QuestionScreen, VoteScreen
    from patrolday.workshop.sessions import SessionLog

    story = load_story(STORY)
    options = PlayOptions(
        seed=0,
        data_dir=Path(os.environ.get("TMPDIR", "/tmp")) / "room-bench-data",
        workshop=WorkshopOptions(room=RoomOptions(port=0, max_devices=max(n, 1))),
    )
    app = WorkshopApp(story, options, log=SessionLog(story, None, "tui", workshop=True))
    draws: list[tuple[int, float]] = []
    app.tally_drawn = lambda version: draws.append((version, time.monotonic()))
    context = mp.get_context("spawn")
    inbox, outbox = context.Queue(), context.Queue()
    async with app.run_test(headless=True, size=(120, 40)) as pilot:

        async def until(check: Any) -> None:
            for _ in range(2000):
                if check():
                    return
                await pilot.pause(0.02)
            raise TimeoutError(app.screen_stack)

        await until(lambda: isinstance(app.screen, ContentNoteScreen))
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, JoinScreen))
        host = app.room_host
        assert host is not None
        await pilot.pause(0.3)
        rss_open = rss_mb()
        phones = context.Process(target=phones_main, args=(host.url, host.room.code, n, inbox, outbox))
        phones.start()
        kind, join_seconds = await wait_queue(outbox, pilot)
        assert kind == "joined"
        await pilot.press("enter", "n")
        await until(lambda: isinstance(app.screen, QuestionScreen))
        await pilot.press("r")
        await until(lambda: isinstance(app.screen, VoteScreen))
        bursts = []
        for burst in (0, 1):
            if burst:
                inbox.put("again")
            kind, results = await wait_queue(outbox, pilot)
            assert kind == "voted"
            await pilot.pause(0.5)  # the last draws
            tally = host.room.tally()
            counted = sum(tally.phones.values())
            expected = {
                o: sum(1 for i in range(n) if ["stop", "wave", "radio"][(i + burst) % 3] == o)
                for o in tally.order
            }
            latencies, acks = [], []
            for sent, version, acked in results:
                drawn = next((t for v, t in draws if v >= version), None)
                if drawn is None:
                    raise AssertionError(f"a vote (version {version}) never reached a drawn tally")
                latencies.append((drawn - sent) * 1000)
                acks.append((acked - sent) * 1000)
            bursts.append(
                {
                    "counted_once": counted == n and tally.voted == n and dict(tally.phones) == expected,
                    "latencies": latencies,
                    "acks": acks,
                }
            )
        rss_full = rss_mb()
        inbox.put("done")
        await wait_queue(outbox, pilot)
        phones.join(30)
        await pilot.press("enter")
        await pilot.pause(0.1)
    return {
        "join_seconds": join_seconds,
        "bursts": bursts,
        "rss_open": rss_open,
        "rss_full": rss_full,
        "devices": host.room.devices,
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"uptime at start: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    print(f"{args.phones} phones, {args.runs} runs, cores: {os.cpu_count()}")
    rows = []
    for run in range(args.runs):
        result = asyncio.run(one_run(args.phones))
        first, change = result["bursts"]
        row = {
            "run": run + 1,
            "joined in s": round(result["join_seconds"], 2),
            "counted once": first["counted_once"] and change["counted_once"],
            "p50 ms": round(pct(first["latencies"], 0.5), 1),
            "p95 ms": round(pct(first["latencies"], 0.95), 1),
            "max ms": round(max(first["latencies"]), 1),
            "change p95 ms": round(pct(change["latencies"], 0.95), 1),
            "ack p95 ms": round(pct(first["acks"], 0.95), 1),
            "rss open MB": round(result["rss_open"], 1),
            "rss 200 MB": round(result["rss_full"], 1),
            "extra MB": round(result["rss_full"] - result["rss_open"], 1),
        }
        rows.append(row)
        print(json.dumps(row))
    p50 = statistics.median(r["p50 ms"] for r in rows)
    p95 = statistics.median(r["p95 ms"] for r in rows)
    extra = statistics.median(r["extra MB"] for r in rows)
    whole = statistics.median(r["rss 200 MB"] for r in rows)
    print()
    print(f"every vote counted exactly once, in every run: {all(r['counted once'] for r in rows)}")
    print(
        f"vote to tally drawn, median of {args.runs} runs: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        "(target p95 < 100 ms)"
    )
    print(
        f"the room's extra memory for {args.phones} phones: {extra:.1f} MB (target < 100 MB); "
        f"the whole facilitator process: {whole:.0f} MB"
    )
    print(
        f"against 30 serve games (86ba603, security review): memory {SERVE_30_GAMES_MB:.0f} MB / "
        f"{whole:.0f} MB = "
        f"{SERVE_30_GAMES_MB / whole:.1f}x less for {args.phones / 30:.1f}x the people; per participant "
        f"{SERVE_MB_PER_GAME:.0f} MB vs {extra / max(args.phones, 1) * 1024:.0f} KB; "
        f"p95 {SERVE_30_GAMES_P95_MS:.0f} ms vs {p95:.1f} ms = {SERVE_30_GAMES_P95_MS / p95:.1f}x"
    )
    print(f"uptime at end: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    return 0 if all(r["counted once"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
