"""story_stats.py, the script behind the figures in the story's closing note, run the way a
writer runs it, and held to the same walk the story tests make."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from story_shared import bundled_story
from story_stats import figures

SCRIPT = Path(__file__).with_name("story_stats.py")


def test_the_script_prints_each_endings_share_and_the_run_lengths() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "headline"], capture_output=True, text=True, check=True, timeout=300
    ).stdout
    head = re.search(r"all: words (\d+)-(\d+) \(median (\d+), mean (\d+)\), decisions (\d)-(\d)", out)
    assert head, out
    lo, hi, median = int(head[1]), int(head[2]), int(head[3])
    assert lo <= median <= hi
    shares = [float(m) for m in re.findall(r"^\s+([\d.]+)%", out, re.M)]
    assert len(shares) == len([sc for sc in bundled_story().endings if "part3" in sc.location.file])
    assert abs(sum(shares) - 100) < 0.5
    f = figures(bundled_story(), "headline")
    assert (lo, hi) == (f.words()[0], f.words()[3])
    assert f.total.paths == sum(f.per_ending[e].paths for e in f.per_ending)
