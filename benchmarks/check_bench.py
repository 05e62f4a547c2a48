"""Checker benchmark: exhaustive exploration of the bundled story, and a 10,000-scene story.

    python benchmarks/check_bench.py                 # bundled story + 10,000 synthetic scenes
    python benchmarks/check_bench.py --scenes 2000 --runs 5

Targets (issue 5): the full exhaustive exploration of the bundled story under 2 s; the
structural checks of the synthetic 10,000-scene story (about 100 words and 3 choices per
scene, from benchmarks/synth.py) under 1 s. Also printed: states explored per second, and
what the default state limit does on the synthetic story (its reachable state space,
every scene times the combinations of two 0..10 meters, is far larger than 200,000).
Times are CPU seconds (median of several runs), which other processes on a shared machine
barely move; wall-clock figures are printed beside them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "src"))

from synth import write_synthetic

from patrolday.engine import Story, load_story
from patrolday.tooling import analysis
from patrolday.tooling.explore import DEFAULT_MAX_STATES, check_story


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """(median CPU seconds, median wall seconds, last result) over ``runs`` calls."""
    cpu, wall, result = [], [], None
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall), result


def bench_bundled(runs: int) -> None:
    story = load_story(Path(__file__).parent.parent / "story")
    cpu, wall, report = timed(lambda: check_story(story), runs)
    r = report  # type: ignore[assignment]
    rate = r.states / cpu if cpu else 0.0  # type: ignore[attr-defined]
    print(f"bundled story ({len(story.scenes)} scenes, {len(story.endings)} endings)")
    print(
        f"  exhaustive check: {cpu:.2f} s CPU ({wall:.2f} s wall), exhaustive={r.exhaustive}, "  # type: ignore[attr-defined]
        f"{r.states:,} states, {rate:,.0f} states/s"  # type: ignore[attr-defined]
    )
    print(f"  target < 2 s: {'met' if cpu < 2 else 'MISSED'} (ratio {cpu / 2:.2f} of the budget)")
    print(f"  findings: {len(r.findings)}; coverage {r.coverage.to_json()}")  # type: ignore[attr-defined]


def bench_synthetic(n: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_synthetic(Path(tmp) / f"synthetic-{n}", n)
        load_cpu, _, story = timed(lambda: load_story(root), 1)
    s: Story = story  # type: ignore[assignment]
    print(f"\nsynthetic story: {n:,} scenes, {sum(len(x.choices) for x in s.scenes.values()):,} choices")
    print(f"  load + validate (for reference, not part of the check): {load_cpu:.2f} s CPU")
    parts = {
        "static reachability + dead ends": lambda: analysis.static_graph_findings(s),
        "variables read/written": lambda: analysis.variable_findings(s),
        "liveness (state identity)": lambda: analysis.live_variables(s),
        "cycles (Tarjan)": lambda: analysis.revisitable(s),
        "visit caps": lambda: analysis.visit_caps(s),
    }
    total = 0.0
    for name, fn in parts.items():
        cpu, wall, _ = timed(fn, runs)
        total += cpu
        print(f"    {name:<34} {cpu * 1000:7.1f} ms CPU ({wall * 1000:.1f} ms wall)")
    cpu, wall, findings = timed(lambda: analysis.structural_findings(s), runs)
    print(
        f"  structural checks (check --quick): {cpu:.3f} s CPU ({wall:.3f} s wall), {len(findings)} findings"
    )  # type: ignore[arg-type]
    print(f"  target < 1 s: {'met' if cpu < 1 else 'MISSED'} (ratio {cpu:.2f} of the budget)")
    cpu, wall, report = timed(lambda: check_story(s, runs=200), 1)
    r = report
    print(
        f"  state search (limit {DEFAULT_MAX_STATES:,}): {cpu:.2f} s CPU ({wall:.2f} s wall), "
        f"exhaustive={r.exhaustive}, {r.states:,} states, {r.states / cpu:,.0f} states/s"  # type: ignore[attr-defined]
    )
    cov = r.coverage  # type: ignore[attr-defined]
    then = "" if r.exhaustive else f"after {r.runs} random runs, "  # type: ignore[attr-defined]
    reachable = len(analysis.static_reachable(s))
    scenes, endings = f"{cov.scenes:,}/{cov.scenes_total:,}", f"{cov.endings}/{cov.endings_total}"
    print(f"    {then}coverage scenes {scenes}, endings {endings}")
    print(f"    (synth.py's endings every 50 scenes leave only {reachable:,} scenes reachable at all)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="repetitions per measurement (median)")
    args = parser.parse_args()
    bench_bundled(args.runs)
    bench_synthetic(args.scenes, args.runs)


if __name__ == "__main__":
    main()
