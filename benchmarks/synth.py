"""Generate synthetic stories of a given size, shaped like real ones, for benchmarks.

Each scene has about 100 words of prose over a few paragraphs, an inline condition, and
3 choices (one conditional, effects on meters); every 50th scene is an ending. Scenes are
spread over files of 100 scenes in subfolders, as an author would organise them.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "the officer slows the cruiser near a yard where a boy throws a football up and catches it "
    "while a neighbour waters roses and the radio crackles with a call about a car parked across "
    "a driveway on a hot afternoon in summerville south carolina"
).split()

MANIFEST = """\
[story]
id = "synthetic-{n}"
title = "Synthetic {n}"
start = "s0"

[vars.trust]
initial = 3
label = "Trust"
min = 0
max = 10

[vars.calls]
initial = 0
label = "Calls"
min = 0
max = 10

[vars.met]
initial = false
"""


def _prose(rng: random.Random, words: int) -> str:
    out, line = [], []
    for i in range(words):
        line.append(rng.choice(WORDS))
        if len(line) >= 12:
            out.append(" ".join(line))
            line = []
        if i and i % 40 == 0:
            out.append("")
    if line:
        out.append(" ".join(line))
    return "\n".join(out)


def scene_text(i: int, n: int, rng: random.Random) -> str:
    sid = f"s{i}"
    if i % 50 == 49 or i == n - 1:
        return f"=== {sid} ===\n# ending: Ending {i}\n{_prose(rng, 100)}\n"
    targets = [min(n - 1, i + 1 + rng.randrange(3)) for _ in range(2)] + [min(n - 1, i + 1)]
    return (
        f"=== {sid} ===\n"
        f"# decision\n? What now at {sid}?\n"
        f"{_prose(rng, 90)}\n"
        f"{{trust >= {rng.randrange(1, 9)}: A neighbour waves.|Nobody looks up.}} {{first|again}}\n"
        f"* [Stop and talk] ~ trust += {rng.randrange(1, 3)}, met = true -> s{targets[0]}\n"
        f'* {{trust >= {rng.randrange(1, 6)} else "Not trusted yet."}} [Ask about the call] '
        f"~ calls -= 1 -> s{targets[1]}\n"
        f"+ [Drive on] ~ calls += 1 -> s{targets[2]}\n"
    )


def write_synthetic(root: Path, n: int, seed: int = 1) -> Path:
    """Write an ``n``-scene story under ``root`` and return its folder."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "story.toml").write_text(MANIFEST.format(n=n), encoding="utf-8")
    per_file = 100
    for start in range(0, n, per_file):
        folder = root / "scenes" / f"part{start // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = "\n".join(scene_text(i, n, rng) for i in range(start, min(n, start + per_file)))
        (folder / f"scenes{start:05d}.md").write_text(text, encoding="utf-8")
    return root


CHAIN_MANIFEST = """\
[story]
id = "chain-{n}"
title = "Chain {n}"
start = "begin"

[vars.n]
initial = 0
"""


def write_chain(root: Path, n: int, per_file: int = 0, counter: bool = False) -> Path:
    """The security review's memory attack (issue 18, item 2): ``n`` scenes in a chain, each
    with a once-only "Next" and a sticky "Back" (``s0`` goes back to itself), a start scene and
    an ending after the last. With ``counter``, Next also does ``~ n += 1``. ``per_file`` > 0
    spreads the scenes over files of that many (the 49,997-scene variant uses 5)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "story.toml").write_text(CHAIN_MANIFEST.format(n=n), encoding="utf-8")
    effect = " ~ n += 1" if counter else ""
    scenes = ["=== begin ===\nThe start.\n* [Go] -> s0\n"]
    for k in range(n):
        back = f"s{k - 1}" if k else "s0"
        scenes.append(f"=== s{k} ===\nScene {k}.\n* [Next]{effect} -> s{k + 1}\n+ [Back] -> {back}\n")
    scenes.append(f"=== s{n} ===\n# ending: The end\nDone.\n")
    folder = root / "scenes"
    folder.mkdir(exist_ok=True)
    size = per_file or len(scenes)
    for i in range(0, len(scenes), size):
        (folder / f"chain{i:06d}.md").write_text("\n".join(scenes[i : i + size]), encoding="utf-8")
    return root
