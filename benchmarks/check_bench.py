"""Checker benchmark: speed on the bundled story (against a reference commit), memory at the cap.

    python benchmarks/check_bench.py                      # this tree: speed, memory, synthetic
    python benchmarks/check_bench.py --against 86ba603    # and the ratio against that commit
    python benchmarks/check_bench.py --against HEAD~3 --runs 7 --skip-big

Speed (issue 11): the exhaustive check of the bundled story, best of ``--runs`` wall-clock
runs, each in a fresh interpreter; with ``--against REV`` that commit's ``src/`` (taken
with ``git archive``) is measured in the same session, the two versions' runs interleaved
so the machine's noise hits both alike. The findings of both must be the same; the ratio
is states per second of this tree over the reference. Target: 2x or more against 86ba603.

Memory (issue 18, item 2): peak resident memory (``ru_maxrss`` of the child) of ``check``
on the security review's attack, 1,000 chained scenes each with a once-only "Next" and a
sticky "Back", at the default cap of 200,000 states, and the legal 49,997-scene variant
(five scenes a file, ``~ n += 1`` on Next). At 86ba603 they took 79 s / 14.1 GB and
113 s / 14.6 GB. Target: under 1 GB at the cap. The reference commit is measured only at
a 20,000-state cap (a 200,000 one would take 14 GB of a shared machine).

Structural checks of a synthetic 10,000-scene story (benchmarks/synth.py) are timed too
(target < 1 s, issue 5).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synth import write_chain, write_synthetic

# Runs in a child interpreter with PYTHONPATH set to the src/ being measured.
CHILD = r"""
import json, resource, sys, time
from patrolday.engine import load_story
from patrolday.tooling.explore import check_story
mode, path, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
story = load_story(path)
t1 = time.perf_counter()
report = check_story(story, max_states=cap, runs=200 if mode == "memory" else 1000)
t2 = time.perf_counter()
print(json.dumps({
    "load_s": t1 - t0, "check_s": t2 - t1, "states": report.states, "exhaustive": report.exhaustive,
    "limit": getattr(report, "limit", None),
    "findings": sorted(f"{f.location.file}:{f.location.line}: {f.code}" for f in report.findings),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def child(src: Path, mode: str, story: Path, cap: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(story), str(cap)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def export(rev: str, into: Path) -> Path:
    """``src/`` and ``story/`` of commit ``rev`` in ``into`` (no worktree: nothing in the
    repository changes)."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src", "story"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def bench_speed(runs: int, against: str | None, tmp: Path) -> None:
    """Both versions check the same story: the bundled one as it was at the reference commit
    (the story changes too; a newer one may not even load in older code)."""
    story = ROOT / "story"
    versions = {"this tree": ROOT / "src"}
    if against:
        story = export(against, tmp / "reference") / "story"
        versions[against] = tmp / "reference" / "src"
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in versions}
    for _ in range(runs):
        for name, src in versions.items():  # interleaved: noise hits both alike
            results[name].append(child(src, "speed", story, 200_000))
    where = f"as of {against}" if against else "as it is now"
    print(f"bundled story ({where}), exhaustive check, best of {runs} runs (wall clock, fresh processes)")
    best: dict[str, float] = {}
    for name, rows in results.items():
        secs = [float(r["check_s"]) for r in rows]
        states = int(rows[0]["states"])
        best[name] = states / min(secs)
        print(
            f"  {name:<12} {min(secs):.3f} s best, {statistics.median(secs):.3f} s median, "
            f"{states:,} states, {best[name]:,.0f} states/s, {len(rows[0]['findings'])} findings"
        )
    if against:
        # Findings of kinds the reference also had must be the same; findings of new kinds are listed.
        new_kinds = ("unshown-text", "fallback-used-up")
        findings = results["this tree"][0]["findings"]
        mine = [f for f in findings if not f.endswith(new_kinds)]
        added = [f.split("story/", 1)[-1] for f in findings if f.endswith(new_kinds)]
        same = mine == results[against][0]["findings"]
        ratio = best["this tree"] / best[against]
        fastest = {name: min(float(r["check_s"]) for r in rows) for name, rows in results.items()}
        time_ratio = fastest[against] / fastest["this tree"]
        print(
            f"  this tree / {against}: {time_ratio:.2f}x faster, {ratio:.2f}x the states/s "
            f"(target 2x); same findings: {'yes' if same else 'NO'}"
        )
        print("  (this tree merges more states: a visit count or taken flag is kept only while something")
        print("   ahead can read it, so it explores fewer states for the same story and findings)")
        if added:
            print(f"  findings of the new kinds: {added}")
        if not same:
            print(f"    this tree: {mine}")
            print(f"    {against}: {results[against][0]['findings']}")


def bench_current(runs: int) -> None:
    rows = [child(ROOT / "src", "speed", ROOT / "story", 200_000) for _ in range(runs)]
    secs = min(float(r["check_s"]) for r in rows)
    states = int(rows[0]["states"])
    print(f"  this tree on the bundled story as it is now: {secs:.3f} s, {states:,} states, "
          f"{states / secs:,.0f} states/s, {len(rows[0]['findings'])} findings, "
          f"exhaustive={rows[0]['exhaustive']}")


def bench_memory(against: str | None, tmp: Path, skip_big: bool) -> None:
    print("\nmemory of check on the chained-scenes attack (peak RSS of the whole process)")
    chain = write_chain(tmp / "chain-1000", 1000)
    cases = [("1,000 chained scenes", chain, 200_000, ROOT / "src")]
    if not skip_big:
        big = write_chain(tmp / "chain-49997", 49_997, per_file=5, counter=True)
        cases.append(("49,997 chained scenes", big, 200_000, ROOT / "src"))
    cases.append(("1,000 chained scenes", chain, 20_000, ROOT / "src"))
    if against:
        cases.append(("1,000 chained scenes", chain, 20_000, tmp / "reference" / "src"))
    for label, story, cap, src in cases:
        r = child(src, "memory", story, cap)
        who = "this tree" if src == ROOT / "src" else against
        peak = float(r["peak_mb"])
        verdict = f"; target < 1 GB: {'met' if peak < 1024 else 'MISSED'}" if cap == 200_000 else ""
        limit = r["limit"] or ("none" if r["exhaustive"] else "states")
        print(
            f"  {who:<10} {label:<22} cap {cap:>7,}: {int(r['states']):>7,} states "
            f"(limit: {limit}), load {float(r['load_s']):.1f} s, "
            f"check {float(r['check_s']):.1f} s, peak {peak:,.0f} MB{verdict}"
        )
    print("  (at 86ba603: 1,000 scenes 79 s / 14.1 GB, 49,997 scenes 113 s / 14.6 GB, security review)")


def bench_structural(n: int, tmp: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from patrolday.engine import load_story
    from patrolday.tooling import analysis

    story = load_story(write_synthetic(tmp / f"synthetic-{n}", n))
    times = []
    for _ in range(3):
        t0 = time.process_time()
        findings = analysis.structural_findings(story)
        times.append(time.process_time() - t0)
    cpu = statistics.median(times)
    print(
        f"\nsynthetic story, {n:,} scenes: structural checks (check --quick) {cpu:.3f} s CPU, "
        f"{len(findings)} findings; target < 1 s: {'met' if cpu < 1 else 'MISSED'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per version (best is reported)")
    parser.add_argument("--against", metavar="REV", help="a commit to measure in the same session")
    parser.add_argument("--scenes", type=int, default=10_000, help="size of the synthetic story")
    parser.add_argument("--skip-big", action="store_true", help="leave out the 49,997-scene story")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} (2-core machine shared with others)")
    with tempfile.TemporaryDirectory() as tmp:
        bench_speed(args.runs, args.against, Path(tmp))
        if args.against:
            bench_current(args.runs)
        bench_memory(args.against, Path(tmp), args.skip_big)
        bench_structural(args.scenes, Path(tmp))
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
