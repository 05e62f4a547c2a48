"""The long fuzz campaign: many generated inputs across the entry points for others' data.

    python -m fuzz.campaign                     # 100,000 inputs, seed 0
    python -m fuzz.campaign --count 20000 --seed 7
    python -m fuzz.campaign --replay scene 0 4711

Entry points: the expression compiler and evaluator, the story parser (one scene file, and
``load_story`` on whole generated folders, including folders that are odd as files:
symlinks that dangle, loop or lead out, named pipes, unreadable files and folders, file
names holding escape codes, manifests nested thousands deep), and the save loader
(``load_state`` and ``SaveStore.load``). Each input comes from its own
``Random(f"{seed}:{index}")``, so any failure is reproduced from three numbers; the input
itself is also written to the reproducer folder with the traceback. Zero failures is the
bar: the exit status is 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from patrolday.engine import load_story

from . import generators as gen
from . import oracles, session_logs

REPRODUCERS = Path(__file__).resolve().parent / "reproducers"
# Share of the inputs per target; folders and save stores touch the disk, so they get fewer.
MIX = {
    "expression": 35,
    "scene": 30,
    "story": 8,
    "save": 20,
    "store": 7,
    "checker": 1,
    "session_log": 6,
    "files": 5,
}


def _story():  # type: ignore[no-untyped-def]
    return load_story(gen.FIXTURE)


def make_case(target: str, rng: random.Random, story) -> tuple[object, Callable[[], str]]:  # type: ignore[no-untyped-def]
    """The input for one run and a closure that checks it."""
    if target == "expression":
        source = gen.expression_input(rng)
        expect = rng.choice([None, "bool", "int", "str"])
        return {"source": source, "expect": expect}, lambda: oracles.check_expression(source, expect, rng)
    if target == "scene":
        text = gen.scene_text(rng)
        return text, lambda: oracles.check_scene_text(text, rng)
    if target == "story":
        files = gen.story_files(rng)
        return files, lambda: oracles.check_story_folder(files, rng)
    if target == "files":
        spec = gen.odd_folder(rng)
        return spec, lambda: oracles.check_odd_folder(spec, rng)
    if target == "session_log":
        data = session_logs.session_log_input(story, rng)
        return data, lambda: session_logs.check_session_log(data, story, rng)
    if target == "checker":
        files = gen.checker_story(rng)
        return files, lambda: oracles.check_checker(files, rng)
    if target == "save":
        doc = oracles.valid_save(story, rng)
        roll = rng.random()
        if roll < 0.5:
            data: object = json.dumps(gen.mutate_document(rng, doc))
        elif roll < 0.9:
            data = gen.mutate_bytes(rng, json.dumps(doc).encode())
        else:
            data = json.dumps(doc)
        return data, lambda: oracles.check_save(story, data, rng)  # type: ignore[arg-type]
    good = json.dumps(oracles.valid_save(story, rng)).encode()
    variants = [
        None,
        good,
        gen.mutate_bytes(rng, good),
        json.dumps(gen.mutate_document(rng, json.loads(good))).encode(),
    ]
    main, backup = rng.choice(variants[1:]), rng.choice(variants)
    return {"main": main, "backup": backup}, lambda: oracles.check_save_store(story, main, backup)


def write_reproducer(folder: Path, target: str, seed: int, index: int, case: object, error: str) -> Path:
    """The failing input as files, with the error and the command that replays it."""
    out = folder / f"{target}-{seed}-{index}"
    out.mkdir(parents=True, exist_ok=True)
    command = f"python -m fuzz.campaign --replay {target} {seed} {index}"
    (out / "README.txt").write_text(f"{command}\n\n{error}\n", "utf-8")
    if isinstance(case, str):
        (out / "input.txt").write_text(case, "utf-8", errors="surrogatepass")
    elif isinstance(case, bytes):
        (out / "input.bin").write_bytes(case)
    elif target in ("story", "checker"):
        oracles.write_story(out / "story", case)  # type: ignore[arg-type]
    elif target == "files":
        (out / "folder.txt").write_text(repr(case), "utf-8", errors="surrogatepass")
    else:
        for key, value in dict(case).items():  # type: ignore[call-overload]
            if isinstance(value, bytes):
                (out / f"{key}.bin").write_bytes(value)
            elif value is not None:
                (out / f"{key}.txt").write_text(str(value), "utf-8", errors="surrogatepass")
    return out


def targets_for(count: int, seed: int) -> list[str]:
    rng = random.Random(f"mix:{seed}")
    names = list(MIX)
    return rng.choices(names, weights=[MIX[n] for n in names], k=count)


def run(count: int, seed: int, folder: Path, only: str | None = None) -> int:
    story = _story()
    counts: dict[str, Counter[str]] = {name: Counter() for name in MIX}
    failures: list[Path] = []
    began = time.perf_counter()
    plan = [only] * count if only else targets_for(count, seed)
    for index, target in enumerate(plan):
        rng = random.Random(f"{seed}:{index}")
        case, check = make_case(target, rng, story)
        try:
            outcome = check()
        except oracles.ContractBroken as err:
            outcome = "failed"
            path = write_reproducer(folder, target, seed, index, case, str(err))
            failures.append(path)
            print(f"FAILURE {target} #{index}: {str(err).splitlines()[0]}\n  reproducer: {path}", flush=True)
        counts[target][outcome] += 1
        if (index + 1) % 10_000 == 0:
            print(f"  ... {index + 1:,} inputs, {time.perf_counter() - began:.0f} s", flush=True)
    elapsed = time.perf_counter() - began
    print(f"\npatrolday fuzz campaign: seed {seed}, {count:,} inputs in {elapsed:.1f} s")
    print(f"{'entry point':<34}{'ran':>9}{'accepted':>10}{'rejected':>10}{'failed':>8}")
    labels = {
        "expression": "compile_expression + evaluation",
        "scene": "parse_scene_file",
        "story": "load_story (generated folders)",
        "save": "load_state",
        "store": "SaveStore.load",
        "files": "links, pipes, unreadable, names",
        "checker": "check_story (memory, paths)",
        "session_log": "session logs -> debrief, reports",
    }
    total: Counter[str] = Counter()
    for name, c in counts.items():
        ran = sum(c.values())
        total.update(c)
        print(f"{labels[name]:<34}{ran:>9,}{c['accepted']:>10,}{c['rejected']:>10,}{c['failed']:>8,}")
    print(
        f"{'total':<34}{sum(total.values()):>9,}{total['accepted']:>10,}{total['rejected']:>10,}{total['failed']:>8,}"
    )
    if failures:
        print(f"\n{len(failures)} failure(s); reproducers in {folder}")
        return 1
    print("\nzero failures")
    return 0


def replay(target: str, seed: int, index: int) -> int:
    """Run one input again, with its full traceback."""
    story = _story()
    rng = random.Random(f"{seed}:{index}")
    case, check = make_case(target, rng, story)
    print(repr(case)[:2000])
    print(check())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz.campaign", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="inputs to run (default 100,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=list(MIX), help="fuzz one entry point only")
    parser.add_argument("--out", type=Path, default=REPRODUCERS, help="folder for reproducers")
    parser.add_argument("--replay", nargs=3, metavar=("TARGET", "SEED", "INDEX"), help="run one input again")
    args = parser.parse_args(argv)
    if args.replay:
        target, seed, index = args.replay
        return replay(target, int(seed), int(index))
    return run(args.count, args.seed, args.out, args.only)


if __name__ == "__main__":
    sys.exit(main())
