"""Input generators driven by a ``random.Random``: random, grammar-shaped, and mutated.

Why a seeded ``Random`` rather than Hypothesis strategies only? The campaign runs
hundreds of thousands of inputs and must be fast and reproducible from one seed; the
Hypothesis tests reuse these functions through ``st.randoms()`` and add their own text
strategies on top. Grammar-shaped inputs reach deep into the parsers; mutations of the
fixture story find the edges of what is almost valid.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "hardening" / "stories" / "yard"
VARIABLES = {"trust": "int", "throws": "int", "met": "bool", "partner": "str"}
SCENE_IDS = ["curb", "yard", "catch", "route", "drive-on", "end-friends", "kitchen"]
MAX_NUMBER = 1_000_000_000_000

# Characters that mean something somewhere in the format, and some that should not be there.
_SYNTAX = [*list("{}[]()|\\\"'~-><=!&*+?#/:,.% \t"), "->", "===", "//", "??", "\\{", "\\|", " else "]
_HOSTILE = ["\x1b[31m", "\x1b]8;;http://x\x1b\\", "\x00", "\x07", "\x08", "\r", "\x7f", "\x9b", "\u202e"]
_MARKUP = ["[bold]", "[/]", "[link=https://evil]", "[@click=app.quit]", "](http://x)", "[x](javascript:y)"]
_UNICODE = ["é", "ß", "中", "\u2028", "\u0085", "\ufeff", "٣", "𝟘", "\u00a0", "🙂"]
_WORDS = ["trust", "throws", "met", "partner", "nope", "and", "or", "not", "true", "false", "else"]
_WORDS += ["visited", "visits", "chosen", "curb", "yard", "x", "the", "ball", "Dana"]


def fixture_texts() -> dict[str, str]:
    """The fixture story's files (manifest and scenes), keyed by path inside the story."""
    out = {"story.toml": (FIXTURE / "story.toml").read_text("utf-8")}
    for path in sorted((FIXTURE / "scenes").rglob("*.md")):
        out[str(path.relative_to(FIXTURE))] = path.read_text("utf-8")
    return out


_FIXTURES = fixture_texts()
_SCENE_TEXTS = [t for name, t in _FIXTURES.items() if name.endswith(".md")]
_FIXTURE_LINES = [line for t in _SCENE_TEXTS for line in t.splitlines()]


def pick(rng: random.Random, items: list[Any]) -> Any:
    return items[rng.randrange(len(items))]


# -- plain random text ----------------------------------------------------------------------------


def random_text(rng: random.Random, max_len: int = 200) -> str:
    """Characters from everywhere: ASCII, syntax, Unicode, control characters."""
    pools: list[Callable[[], str]] = [
        lambda: chr(rng.randrange(32, 127)),
        lambda: pick(rng, _SYNTAX),
        lambda: pick(rng, _UNICODE),
        lambda: pick(rng, _HOSTILE),
        lambda: chr(rng.randrange(0, 0x3000)),
        lambda: "\n",
        lambda: pick(rng, _WORDS) + " ",
    ]
    n = rng.randrange(max_len + 1)
    return "".join(pick(rng, pools)() for _ in range(n))


# -- expressions ------------------------------------------------------------------------------------


def number(rng: random.Random) -> str:
    return str(
        pick(
            rng,
            [
                0,
                1,
                2,
                3,
                7,
                10,
                99,
                MAX_NUMBER,
                MAX_NUMBER + 1,
                MAX_NUMBER // 2,
                10**17,
                10**40,
                123456789012,
            ],
        )
    )


def expression(rng: random.Random, depth: int = 0) -> str:
    """A mostly well-formed expression of any type, sometimes deep, sometimes wrong."""
    roll = rng.random()
    if depth > rng.choice([3, 6, 40]) or roll < 0.3:
        return pick(
            rng,
            [
                lambda: number(rng),
                lambda: pick(rng, list(VARIABLES)),
                lambda: pick(rng, ["true", "false"]),
                lambda: '"' + pick(rng, ["", "a", "Dana", 'q\\"', "\\n", "{x}", "[bold]"]) + '"',
                lambda: f"{pick(rng, ['visited', 'visits'])}({pick(rng, [*SCENE_IDS, 'nowhere', ''])})",
                lambda: f"chosen({pick(rng, ['curb/wave', 'curb', 'x/y', 'catch/leave'])})",
                lambda: f"{pick(rng, ['min', 'max', 'random'])}({expression(rng, depth + 1)}, {number(rng)})",
                lambda: f"random({pick(rng, ['1', '0', 'trust'])}, {pick(rng, ['6', '100', 'throws'])})",
                lambda: pick(rng, _WORDS),
            ],
        )()
    if roll < 0.45:
        return f"({expression(rng, depth + 1)})"
    if roll < 0.55:
        return f"{pick(rng, ['not ', '-', 'not not ', '- -'])}{expression(rng, depth + 1)}"
    op = pick(rng, ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "=", "&&"])
    return f"{expression(rng, depth + 1)} {op} {expression(rng, depth + 1)}"


def typed(rng: random.Random, typ: str, depth: int = 0) -> str:
    """A well-typed expression of ``typ``: these pass the checker and exercise evaluation."""
    leaf = depth > rng.choice([2, 4, 8]) or rng.random() < 0.3
    if typ == "int":
        if leaf:
            return pick(
                rng,
                [str(pick(rng, [0, 1, 7, MAX_NUMBER])), "trust", "throws", "visits(curb)", "random(1, 6)"],
            )
        if rng.random() < 0.15:
            fn = pick(rng, ["min", "max"])
            return f"{fn}({typed(rng, 'int', depth + 1)}, {typed(rng, 'int', depth + 1)})"
        op = pick(rng, ["+", "-", "*", "/", "%"])
        return f"({typed(rng, 'int', depth + 1)} {op} {typed(rng, 'int', depth + 1)})"
    if typ == "str":
        if leaf:
            return pick(rng, ['"a"', "partner", '""', '"\\"q\\""', '"[bold]x[/]"'])
        return f"{typed(rng, 'str', depth + 1)} + {typed(rng, 'str', depth + 1)}"
    if leaf:
        return pick(rng, ["true", "false", "met", "visited(yard)", "chosen(curb/wave)"])
    roll = rng.random()
    if roll < 0.3:
        other = pick(rng, ["int", "str"])
        op = pick(rng, ["==", "!=", "<", "<=", ">", ">="])
        return f"({typed(rng, other, depth + 1)} {op} {typed(rng, other, depth + 1)})"
    if roll < 0.5:
        return f"(not {typed(rng, 'bool', depth + 1)})"
    op = pick(rng, ["and", "or", "==", "!="])
    return f"({typed(rng, 'bool', depth + 1)} {op} {typed(rng, 'bool', depth + 1)})"


_CHAIN_OPERANDS = {
    "+": ["trust", "throws", "1", "visits(curb)", "(trust * 2)"],
    "-": ["trust", "1", "throws"],
    "*": ["1", "throws", "trust"],
    "/": ["trust", "2", "throws", "(trust + 1)"],
    "%": ["trust", "7", "throws"],
    "and": ["met", "true", "visited(yard)", "trust > 1", "not met"],
    "or": ["met", "false", "chosen(curb/wave)", "throws == 2"],
    "text": ["partner", '"a"', '""'],
}


def flat_chain(rng: random.Random, limit: int = 9_000) -> str:
    """One long chain of one operator (issue 18 item 1: ~950 operands used to overflow the stack):
    ``a + b + ...``, ``x and y and ...``, text ``+``, sometimes mixing operators of one precedence,
    sometimes with a wrong operand in it, kept under ``limit`` characters (the line limit)."""
    op = pick(rng, list(_CHAIN_OPERANDS))
    operands = _CHAIN_OPERANDS[op]
    glue = {"text": "+", "and": " and ", "or": " or "}.get(op, op if rng.random() < 0.5 else f" {op} ")
    same_level = {"+": "+-", "-": "+-", "*": "*/%", "/": "*/%", "%": "*/%"}.get(op)
    parts: list[str] = []
    size = 0
    count = rng.choice([100, 950, 1_000, 3_000, 5_000])
    for i in range(count):
        item = pick(rng, operands) if rng.random() > 0.001 else pick(rng, ['"x"', "true", "1", "met"])
        sep = glue if not (same_level and rng.random() < 0.2) else pick(rng, list(same_level))
        if size + len(item) + len(sep) > limit:
            break
        parts.append((sep if i else "") + item)
        size += len(item) + len(sep)
    return "".join(parts)


def expression_input(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return flat_chain(rng)
    if roll < 0.35:
        return typed(rng, pick(rng, ["int", "str", "bool"]))
    if roll < 0.6:
        return expression(rng)
    if roll < 0.85:
        return mutate(rng, expression(rng))
    if roll < 0.95:
        return random_text(rng, 60)
    deep = rng.randrange(20, 200)
    return pick(rng, ["(", "not ", "-", "- "]) * deep + "1" + ")" * rng.randrange(deep + 1)


# -- scene files ------------------------------------------------------------------------------------


def inline(rng: random.Random, depth: int = 0) -> str:
    """Prose with ``{...}`` forms, nested sometimes beyond the limit."""
    parts = []
    for _ in range(rng.randrange(1, 5)):
        roll = rng.random()
        if roll < 0.4 or depth > rng.choice([2, 4, 40]):
            parts.append(pick(rng, ["The ball", " flies", " *up*", " **high**", "`code`", " \\{", " \\|"]))
            if rng.random() < 0.2:
                parts.append(pick(rng, _MARKUP + _HOSTILE + _UNICODE))
        elif roll < 0.6:
            parts.append("{" + expression(rng, 3) + "}")
        elif roll < 0.8:
            prefix = pick(rng, ["", "&", "!", "~"])
            n = 1 if prefix == "!" else rng.randrange(1, 4)
            parts.append("{" + prefix + "|".join(inline(rng, depth + 1) for _ in range(n)) + "}")
        else:
            other = " | " + inline(rng, depth + 1) if rng.random() < 0.5 else ""
            parts.append("{" + expression(rng, 3) + ": " + inline(rng, depth + 1) + other + "}")
    return "".join(parts)


def effect(rng: random.Random) -> str:
    var = pick(rng, [*VARIABLES, "nope"])
    return f"{var} {pick(rng, ['=', '+=', '-=', '=='])} {expression(rng, 4)}"


def choice_line(rng: random.Random) -> str:
    line = pick(rng, ["*", "+"])
    if rng.random() < 0.3:
        line += f" ({pick(rng, ['wave', 'ask', 'Bad Id', 'x'])})"
    for _ in range(rng.randrange(3)):
        reason = f' else "{pick(rng, ["Not yet.", "", "a } b"])}"' if rng.random() < 0.3 else ""
        line += " {" + expression(rng, 3) + reason + "}"
    if rng.random() < 0.85:
        line += " [" + inline(rng, 2) + "]"
    if rng.random() < 0.4:
        line += " ~ " + ", ".join(effect(rng) for _ in range(rng.randrange(1, 4)))
    if rng.random() < 0.95:
        line += (
            " " + route(rng)
            if rng.random() < 0.3
            else " -> " + pick(rng, [*SCENE_IDS, "nowhere", "Bad Target", ""])
        )
    return line + tags(rng)


def route(rng: random.Random) -> str:
    """Where a choice or divert leads: a scene, through tunnels, back, or a bad one."""
    return pick(
        rng,
        [
            lambda: "-> " + pick(rng, [*SCENE_IDS, "nowhere", "Bad Target", "DONE", ""]),
            lambda: "-> " + " -> ".join(pick(rng, SCENE_IDS) for _ in range(rng.randrange(1, 4))),
            lambda: "-> " + pick(rng, SCENE_IDS) + " ->",
            lambda: "->->",
            lambda: "->-> " + pick(rng, SCENE_IDS),
            lambda: "-> " + " -> ".join(["curb"] * rng.randrange(8, 12)),
        ],
    )()


def tags(rng: random.Random) -> str:
    """End-of-line tags, well formed or not."""
    if rng.random() < 0.7:
        return ""
    return " " + " ".join(
        pick(rng, ["# speaker: Dana", "# pillar: voice", "#", "# : x", "# a b", "#x", r"\#5"])
        for _ in range(rng.randrange(1, 3))
    )


def block(rng: random.Random, depth: int = 0) -> str:
    """A conditional block on lines of its own (well formed, or with one line broken)."""
    lines = [pick(rng, ["{", "{ " + typed(rng, "bool", 2) + ":", "{ " + expression(rng, 2) + ":"])]
    if lines[0] == "{" or rng.random() < 0.5:
        for _ in range(rng.randrange(1, 4)):
            lines.append("- " + pick(rng, [typed(rng, "bool", 2), "else", expression(rng, 2)]) + ":")
            lines += [block_body(rng, depth) for _ in range(rng.randrange(0, 3))]
    else:
        lines += [block_body(rng, depth) for _ in range(rng.randrange(1, 3))]
    if rng.random() < 0.9:
        lines.append("}")
    return "\n".join(lines)


def block_body(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    if roll < 0.4:
        return inline(rng, 2) + tags(rng)
    if roll < 0.75:
        return "~ " + ", ".join(effect(rng) for _ in range(rng.randrange(1, 3)))
    if roll < 0.85 and depth < 10:
        return block(rng, depth + 1)
    return pick(rng, ["* [x] -> curb", "-> curb", "- else:", "}", "{"])


def ink_line(rng: random.Random) -> str:
    """ink syntax that patrolday refuses: it must never be accepted as prose."""
    return pick(
        rng,
        [
            "<- curb",
            "Some <> glue.",
            "I left. -> curb",
            "{a|b -> curb}",
            "{true: ~ trust = 5}",
            "== curb ==",
            "= stitch",
            "VAR x = 5",
            "=== function f ===",
            "* [one #one] -> curb",
        ],
    )


def scene_line(rng: random.Random) -> str:
    return pick(
        rng,
        [
            lambda: block(rng),
            lambda: inline(rng) + tags(rng),
            lambda: route(rng),
            lambda: ink_line(rng),
            lambda: f"=== {pick(rng, [*SCENE_IDS, 'new-scene', 'Bad Id', ''])} ===",
            lambda: (
                "# " + pick(rng, ["decision", "heavy", "title: T", "ending: E", "summary: S", "ending:", ""])
            ),
            lambda: "? " + inline(rng),
            lambda: "?? A note",
            lambda: inline(rng),
            lambda: inline(rng),
            lambda: choice_line(rng),
            lambda: choice_line(rng),
            lambda: "~ " + ", ".join(effect(rng) for _ in range(rng.randrange(1, 3))),
            lambda: "-> " + pick(rng, SCENE_IDS),
            lambda: "// a comment",
            lambda: "",
            lambda: pick(rng, _FIXTURE_LINES),
        ],
    )()


def scene_text(rng: random.Random) -> str:
    """A scene file: grammar-shaped, a mutated fixture, or random text."""
    roll = rng.random()
    if roll < 0.45:
        lines = [f"=== {pick(rng, SCENE_IDS)} ==="] + [scene_line(rng) for _ in range(rng.randrange(1, 14))]
        text = "\n".join(lines)
        return mutate(rng, text) if rng.random() < 0.3 else text
    if roll < 0.85:
        return mutate(rng, pick(rng, _SCENE_TEXTS), rng.randrange(1, 6))
    if roll < 0.95:
        return random_text(rng, 300)
    return pathological(rng)


def pathological(rng: random.Random) -> str:
    """Inputs aimed at the limits: long lines, deep nesting, many choices, long headers."""
    n = rng.randrange(50, 6000)
    return pick(
        rng,
        [
            lambda: "=== a ===\n" + "{!" * n + "x" + "}" * n,
            lambda: "=== a ===\n" + "{a|" * n + "}" * n,
            lambda: "=== a ===\n" + "{true: " * n + "x" + "}" * n,
            lambda: "===" + "=" * n + "!",
            lambda: "=== a ===\n" + "(" * n,
            lambda: "=== a ===\n" + "x" * (10_000 + rng.randrange(3)),
            lambda: "=== a ===\n" + "* [go] -> a\n" * min(n, 400),
            lambda: "=== a ===\n" + "{visited(a) or " * min(n, 500) + "true: x" + "}" * min(n, 500),
            lambda: "=== a ===\n" + "* {" + "not " * n + "true} [x] -> a",
            lambda: "=== a ===\n{partner}" * min(n, 300),
            lambda: "=== a ===\n" + "{ true:\n" * min(n, 200) + "x\n" + "}\n" * min(n, 200),
            lambda: "=== a ===\n* [x] " + "-> a " * min(n, 300) + "->",
            lambda: "=== a ===\nx" + " # t" * min(n, 2000),
            lambda: "=== a ===\n+ [Dig] -> a ->\n",
            lambda: "=== a ===\n{" + flat_chain(rng, 9_000) + "}",
            lambda: "=== a ===\n* {" + flat_chain(rng, 9_000) + "} [x] -> a",
            lambda: "=== a ===\n~ trust = " + flat_chain(rng, 9_000),
            lambda: "=== a ===\n{" + flat_chain(rng, 9_000) + ": yes | no}",
        ],
    )()


# -- manifests and story folders ------------------------------------------------------------------


def nested_toml(rng: random.Random) -> str:
    """A key holding arrays or inline tables nested up to thousands deep (tomllib recurses),
    sometimes left unclosed, sometimes with brackets hidden in strings and comments."""
    depth = rng.choice([rng.randrange(1, 40), rng.randrange(30, 6000)])
    opener, closer = pick(rng, [("[", "]"), ("{a=", "}"), ("[{a=", "}]"), ("{a=[", "]}")])
    inner = pick(rng, ["1", '"x"', "[]", "{}", '"[[[{{{"', "'[{'"])
    close = closer * (depth if rng.random() < 0.8 else rng.randrange(depth + 1))
    value = opener * depth + inner + close
    where = pick(
        rng, ["\nzz = {}\n", "\n[story.extra]\nzz = {}\n", "\n[vars.deep]\ninitial = 1\ndescription = {}\n"]
    )
    noise = pick(
        rng, ["", "# " + "[" * rng.randrange(200) + "\n", 'x1 = "' + "{[" * rng.randrange(200) + '"\n']
    )
    return noise + where.format(value)


def manifest_text(rng: random.Random) -> str:
    base = _FIXTURES["story.toml"]
    roll = rng.random()
    if roll < 0.6:
        return base
    if roll < 0.65:
        return base + nested_toml(rng)
    if roll < 0.75:
        extra = pick(
            rng,
            [
                '\n[vars.big]\ninitial = "' + "x" * rng.randrange(1, 30_000) + '"\n',
                '\n[vars.esc]\ninitial = "\\u001b[31m"\n',
                "\n[vars.huge]\ninitial = 99999999999999999\n",
                '\n[vars.m]\ninitial = 5\nlabel = "M"\nmin = 9\nmax = 1\n',
                "\n[vars.trust2]\ninitial = 1.5\n",
                '\n[[parts]]\nid = "x"\ntitle = "X"\nstart = "nowhere"\nunlock_after = ["curb"]\n',
            ],
        )
        return base + extra
    return mutate(rng, base, rng.randrange(1, 4))


def story_files(rng: random.Random) -> dict[str, str]:
    """A story folder as {relative path: text}: the fixture with some files changed."""
    files = dict(_FIXTURES)
    files["story.toml"] = manifest_text(rng)
    names = [n for n in files if n.endswith(".md")]
    for _ in range(rng.randrange(0, 3)):
        files[pick(rng, names)] = (
            scene_text(rng) if rng.random() < 0.5 else mutate(rng, files[pick(rng, names)])
        )
    if rng.random() < 0.2:
        files[f"scenes/extra{rng.randrange(3)}.md"] = scene_text(rng)
    if rng.random() < 0.05:
        del files[pick(rng, names)]
    return files


# -- story folders that are odd as files -----------------------------------------------------------

_NAME_PARTS = [
    "x",
    "é",
    "中",
    " ",
    "-",
    "..",
    "\n",
    "\t",
    "\x1b[31m",
    "\x1b]0;T\x07",
    "\x1b]52;c;eA==\x07",
    "\x07",
]
_NAME_PARTS += [
    "\u202e",
    "\u2066",
    "\u200b",
    "\U000e0041",
    "\x9b",
    "\x7f",
    "\r",
    "🙂",
    "\\",
    "'",
    '"',
    "$(x)",
]


def odd_name(rng: random.Random) -> str:
    """A file name a zip could carry: escape codes, bidi overrides, newlines, long, or plain."""
    name = "".join(pick(rng, _NAME_PARTS) for _ in range(rng.randrange(1, 8)))
    if rng.random() < 0.05:
        name = "n" * rng.randrange(100, 250)
    name = name.replace("/", "").replace("\0", "") or "x"
    while len(name.encode("utf-8", "surrogatepass")) > 240:
        name = name[:-1]
    name += ".md" if rng.random() < 0.85 else pick(rng, ["", ".MD", ".md.txt", ".txt"])
    return name if name.strip(".") else name + "x"  # "." and ".." are not file names


def odd_folder(rng: random.Random) -> dict[str, Any]:
    """A story folder with file-system oddities on top of its files.

    ``links``: symlinks (path, target) that dangle, loop, lead outside or stay inside;
    ``fifos``: named pipes; ``unreadable``: files and folders a player may not read;
    the files themselves may have odd names (and a scene with a mistake, so that a
    diagnostic prints the name).
    """
    files = story_files(rng) if rng.random() < 0.5 else dict(_FIXTURES)
    for _ in range(rng.randrange(0, 3)):
        text = pick(
            rng, ["=== odd ===\n# ending: O\nBye {oops}.\n", scene_text(rng), "=== odd2 ===\n-> nowhere\n"]
        )
        files[f"scenes/{odd_name(rng)}"] = text
    scenes = [n for n in files if n.startswith("scenes/")]
    links: list[tuple[str, str]] = []
    for _ in range(rng.randrange(0, 4)):
        name = f"scenes/{pick(rng, ['dangle', 'l1', 'l2', 'up', 'same', 'sub/deep', odd_name(rng)[:-3]])}.md"
        target = pick(
            rng,
            [
                "scenes/gone.md",  # dangling
                name,  # a link to itself
                "scenes/l1.md" if "l2" in name else "scenes/l2.md",  # a loop of two
                "../outside.md",  # out of the folder
                pick(rng, scenes) if scenes else "story.toml",  # stays inside
                "scenes",  # a folder, under a scene's name
                "/dev/null",
            ],
        )
        links.append((name, target))
    if rng.random() < 0.1:
        links.append(("story.toml", pick(rng, ["gone.toml", "story.toml", "scenes", "../outside.md"])))
    fifos = [
        f"scenes/{pick(rng, ['pipe.md', 'sub/pipe.md', odd_name(rng)])}" for _ in range(rng.randrange(0, 2))
    ]
    if rng.random() < 0.05:
        fifos.append("story.toml")
    candidates = [*scenes, "story.toml", "scenes", "scenes/street"]
    unreadable = [pick(rng, candidates) for _ in range(rng.randrange(0, 3))] if rng.random() < 0.4 else []
    return {"files": files, "links": links, "fifos": fifos, "unreadable": unreadable}


# -- saves ------------------------------------------------------------------------------------------


def json_value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 3 or roll < 0.5:
        return pick(rng, [None, True, False, 0, -1, 10**13, 2**70, 1.5, "", "curb", "curb/wave", "\x1b[2J"])
    if roll < 0.75:
        return [json_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {pick(rng, ["scene", "vars", "x", "trust", "curb"]): json_value(rng, depth + 1) for _ in range(3)}


_KEYS = ["format", "version", "story", "label", "saved_at", "state"]
_STATE_KEYS = [
    "story_id",
    "part",
    "scene",
    "vars",
    "visits",
    "chosen",
    "history",
    "flow",
    "seed",
    "counters",
    "stack",
    "draws",
    "flow_envs",
    "entry",
]


def huge_state_value(rng: random.Random, key: str) -> Any:
    """A save field as large as fits under the 5 MB cap: each must be refused or cheap to read
    (a 500,000-entry flow once took 64 s to load)."""
    n = rng.choice([1_000, 100_000, 500_000])
    return {
        "flow": ["curb"] * n,
        "history": [["curb", "wave"]] * min(n, 200_000),
        "chosen": ["curb/wave"] * n,
        "visits": {f"s{i}": 1 for i in range(min(n, 200_000))},
        "counters": {f"curb#1.{i}": 1 for i in range(min(n, 200_000))},
        "stack": ["curb"] * n,
        "flow_envs": [{"vars": {}, "visits": {}, "unchosen": [], "counters": {}}] * min(n, 100_000),
        "vars": {f"v{i}": 1 for i in range(min(n, 200_000))},
    }.get(key, [0] * n)


def mutate_document(rng: random.Random, doc: dict[str, Any]) -> dict[str, Any]:
    """Hand-edits of a save document: wrong types, missing keys, foreign ids, odd values."""
    doc = json.loads(json.dumps(doc))
    for _ in range(rng.randrange(1, 4)):
        where = doc if rng.random() < 0.3 or not isinstance(doc.get("state"), dict) else doc["state"]
        keys = _KEYS if where is doc else _STATE_KEYS
        key = pick(rng, keys)
        roll = rng.random()
        if roll < 0.25:
            where.pop(key, None)
        elif roll < 0.6:
            where[key] = json_value(rng)
        elif key == "vars" or roll < 0.7:
            target = where.get("vars") if isinstance(where.get("vars"), dict) else where
            target[pick(rng, [*VARIABLES, "ghost"])] = json_value(rng)
        elif roll < 0.8:
            where[key] = pick(
                rng, [[["curb", "wave"]], [["curb", "ghost"]], ["curb"], {"curb": -1}, {"ghost": 1}]
            )
        elif roll < 0.85 and where is not doc:
            where[key] = huge_state_value(rng, key)
        else:
            where[key] = pick(rng, ["other-story", {"id": "other", "title": "Other"}, 2, "patrolday-save"])
    return doc


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    roll = rng.random()
    if roll < 0.3:
        return data[: rng.randrange(len(data) + 1)]
    if roll < 0.5:
        out = bytearray(data)
        for _ in range(rng.randrange(1, 5)):
            if out:
                out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if roll < 0.6:
        return b"[" * rng.randrange(1, 200_000)
    if roll < 0.7:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(100)))
    if roll < 0.8:
        return pick(
            rng, [b"", b"null", b'"x"', b"[]", b"{}", b"1" * 5000, "\ufeff{}".encode(), b"\xff\xfe{\x00}\x00"]
        )
    return mutate(rng, data.decode("utf-8", "replace")).encode("utf-8", "surrogatepass")


# -- text mutation ----------------------------------------------------------------------------------


def mutate(rng: random.Random, text: str, rounds: int = 1) -> str:
    """Small edits an author (or a broken editor) might make."""
    for _ in range(rounds):
        n = len(text)
        i = rng.randrange(n + 1)
        j = min(n, i + rng.randrange(1, 40))
        op = rng.randrange(8)
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:i] + pick(rng, _SYNTAX + _WORDS + _MARKUP + _HOSTILE + _UNICODE) + text[i:]
        elif op == 2:
            text = text[:i] + text[i:j] * rng.randrange(2, 6) + text[i:]
        elif op == 3 and n:
            text = text[:i] + chr(rng.randrange(32, 0x250)) + text[i + 1 :]
        elif op == 4:
            text = text[:i] + "\n" + pick(rng, _FIXTURE_LINES) + "\n" + text[i:]
        elif op == 5:
            text = text[:i]
        elif op == 6:
            text = text[:i] + random_text(rng, 20) + text[j:]
        else:
            text = (
                text[:i]
                + pick(rng, ["{", "}", "|", "\\", '"', "[", "]", "(", ")"]) * rng.randrange(1, 9)
                + text[i:]
            )
    return text


# -- stories for the checker (issue 18 item 2: its memory) -----------------------------------------


def checker_story(rng: random.Random) -> dict[str, str]:
    """A story whose state space is large for its size, shaped like the memory attacks: a chain
    of once-only "Next" and sticky "Back" choices, counters in loops, many meters, hubs of
    once-only choices. The campaign checks it with small limits and watches the memory."""
    n = rng.randrange(5, 200)
    counter = rng.random() < 0.5
    meters = rng.randrange(0, 4)
    manifest = ['[story]', 'id = "checker"', 'title = "Checker"', 'start = "s0"', "",
                "[vars.n]", "initial = 0", ""]
    for m in range(meters):
        manifest += [f"[vars.m{m}]", "initial = 0", f'label = "M{m}"', "min = 0", "max = 10", ""]
    scenes: list[str] = []
    shape = rng.choice(["chain", "hub", "grid"])
    for k in range(n):
        effects = []
        if counter:
            effects.append("n += 1")
        if meters:
            effects.append(f"m{rng.randrange(meters)} += {rng.randrange(1, 3)}")
        if rng.random() < 0.1:  # random(): the checker explores every outcome
            effects.append(f"n = random(0, {rng.choice([1, 3, 6])})")
        eff = " ~ " + ", ".join(effects) if effects else ""
        nxt = f"s{k + 1}"
        if shape == "chain":
            body = f"* [Next]{eff} -> {nxt}\n+ [Back] -> s{max(k - 1, 0)}\n"
        elif shape == "hub":
            gos = range(rng.randrange(1, 5))
            body = "".join(f"* [Go {j}]{eff} -> s{rng.randrange(n + 1)}\n" for j in gos)
            body += f"+ {{n > {rng.randrange(50)}}} [Leave] -> s{n}\n" if counter else f"+ [Leave] -> {nxt}\n"
        else:
            body = f"+ [Right]{eff} -> {nxt}\n+ [Down] -> s{min(k + 7, n)}\n"
            body += f"* {{visits(s{k}) >= {rng.randrange(1, 4)}}} [Again] -> s{k}\n"
        scenes.append(f"=== s{k} ===\nScene {k}: {{n}}.\n{body}")
    scenes.append(f"=== s{n} ===\n# ending: The end\nDone.\n")
    return {"story.toml": "\n".join(manifest), "scenes/all.md": "\n".join(scenes)}
