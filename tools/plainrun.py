"""Play a path of choice ids through the real plain player (patrolday play --plain).

    .venv/bin/python tools/plainrun.py PART id,id,... [NAME=VALUE ...]

The ids are turned into option numbers by replaying them through the engine, then the
plain player is run with --choices, so what prints is exactly what a player reads.
"""
import json
import subprocess
import sys
import tempfile

from patrolday.bundled import bundled_story_path
from patrolday.engine import choose, load_story, present, start

s = load_story(bundled_story_path())
part, ids = sys.argv[1], [i for i in sys.argv[2].split(",") if i]
sets = sys.argv[3:]
carried = {k: json.loads(v) for k, v in (a.split("=", 1) for a in sets)} or None
st = start(s, part, 0, carried=carried)
numbers = []
for i in ids:
    view = present(s, st)
    numbers.append(next(c.number for c in view.choices if c.id == i))
    st = choose(s, st, i)
with tempfile.TemporaryDirectory() as d:
    cmd = [".venv/bin/patrolday", "play", "--plain", "--no-log", "--data-dir", d, "--seed", "0",
           "--part", part, "--choices", ",".join(map(str, numbers))]
    for a in sets:
        cmd += ["--set", a]
    out = subprocess.run(cmd, capture_output=True, text=True, env={"NO_COLOR": "1", "TERM": "dumb", "PATH": "/usr/bin:/bin", "COLUMNS": "100"})
    print(out.stdout)
    print(out.stderr, file=sys.stderr)
