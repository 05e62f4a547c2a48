"""Hypothesis strategy for small random stories that always load: scenes, endings, loops,
conditions on a meter, a flag and visit counts, once-only and sticky choices, fallbacks,
tunnels (``-> t0 -> target``, returning with ``->->``) and conditional blocks.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

MANIFEST = """\
[story]
id = "gen"
title = "Generated"
start = "s0"

[vars.m]
initial = 1
label = "M"
min = 0
max = 3

[vars.b]
initial = false

[vars.k]
initial = 0
"""

CONDITIONS = ["m >= 2", "m < 1", "b", "not b", "k > 1", "visits({s}) < 2", "visited({s})"]
EFFECTS = ["m += 1", "m -= 1", "m += 2", "b = true", "b = not b", "k += 1", "k = k * 2"]


@st.composite
def story_files(draw: st.DrawFn) -> dict[str, str]:
    """``{"story.toml": ..., "scenes/a.md": ...}`` for a random story."""
    n = draw(st.integers(1, 5))
    endings = [f"e{i}" for i in range(draw(st.integers(1, 3)))]
    scenes = [f"s{i}" for i in range(n)]
    targets = scenes + endings
    lines: list[str] = []
    tunnel = draw(st.integers(0, 2)) > 0
    for index, sid in enumerate(scenes):
        lines += [f"=== {sid} ===", f"Text of {sid}. {{m}} {{b: flag}}"]
        if draw(st.integers(0, 3)) == 0:
            cond = draw(st.sampled_from(CONDITIONS)).format(s=draw(st.sampled_from(scenes)))
            effect = draw(st.sampled_from(EFFECTS))
            lines += ["{ " + cond + ":", f"  ~ {effect}", "  Block text.", "- else:", "  Other text.", "}"]
        kind = draw(st.sampled_from(["choices", "choices", "choices", "divert", "nothing"]))
        if kind == "divert":
            later = targets[index + 1 :]
            lines.append(f"-> {draw(st.sampled_from(later))}")
        elif kind == "choices":
            for c in range(draw(st.integers(1, 3))):
                line = _choice(draw, f"c{c}", targets, scenes, labelled=True)
                if tunnel and draw(st.booleans()):
                    head, _, target = line.rpartition(" -> ")
                    line = f"{head} -> t0 -> {target}"
                lines.append(line)
            if draw(st.booleans()):
                lines.append(_choice(draw, "fb", targets, scenes, labelled=False))
        lines.append("")
    if tunnel:
        lines += ["=== t0 ===", "A side scene. {k}"]
        for c in range(draw(st.integers(1, 3))):
            line = _choice(draw, f"t{c}", targets, scenes, labelled=True)
            if draw(st.integers(0, 3)) > 0:
                line = line.rpartition(" -> ")[0] + " ->->"
            lines.append(line)
        lines.append("+ [Back] ->->")
        lines.append("")
    for eid in endings:
        lines += [f"=== {eid} ===", f"# ending: Ending {eid}", f"The end {eid}.", ""]
    return {"story.toml": MANIFEST, "scenes/a.md": "\n".join(lines)}


def _choice(draw: st.DrawFn, cid: str, targets: list[str], scenes: list[str], labelled: bool) -> str:
    mark = draw(st.sampled_from(["*", "+"]))
    parts = [mark, f"({cid})" if labelled else ""]
    if draw(st.booleans()) or not labelled:
        cond = draw(st.sampled_from(CONDITIONS)).format(s=draw(st.sampled_from(scenes)))
        parts.append("{" + cond + "}")
    if labelled:
        parts.append(f"[Choice {cid}]")
    if draw(st.booleans()):
        parts.append("~ " + draw(st.sampled_from(EFFECTS)))
    parts.append(f"-> {draw(st.sampled_from(targets))}")
    return " ".join(p for p in parts if p)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
