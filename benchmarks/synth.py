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
