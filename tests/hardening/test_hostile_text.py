"""Story text written to do more than tell a story: markup, escape codes, paths outside.

A story can come from anyone. Whatever it holds, the player sees text: Rich/Textual markup
is shown literally, links show their address, invisible control characters are refused
when the story loads (with file, line and column), and scene files cannot reach outside
the story folder.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from patrolday.engine import SaveError, StoryError, load_state, load_story, present, save_document, start
from patrolday.game.options import PlayOptions
from patrolday.plain import play_plain
from patrolday.prose import prose

MANIFEST = """[story]
id = "hostile"
title = "Hostile"
start = "a"

[vars.name]
initial = "Dana"
"""

MARKUP_SCENE = """=== a ===
Press [@click=app.quit]here[/] or [link=https://evil.example]there[/link], [bold]loud[/bold].
Read [the report](https://evil.example/report) today.
* [Take [@click=app.quit]this[/]] -> b

=== b ===
# ending: [b]End[/b]
[on red]Done.[/]
"""

# Anything a terminal treats as a command starts with ESC (or the 8-bit CSI); only colour
# and style codes (SGR: ESC [ ... m) may appear in what a front end prints.
_ANY_ESCAPE = re.compile(r"\x1b|\x9b")
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def story_with(tmp_path: Path, scene: str, manifest: str = MANIFEST) -> Path:
    root = tmp_path / "story"
    (root / "scenes").mkdir(parents=True)
    (root / "story.toml").write_text(manifest, "utf-8", newline="")
    (root / "scenes" / "a.md").write_text(scene, "utf-8", newline="")
    return root


def load_errors(root: Path) -> list:  # type: ignore[type-arg]
    with pytest.raises(StoryError) as caught:
        load_story(root)
    return [d for d in caught.value.diagnostics if d.severity.value == "error"]


def terminal_output(root: Path, choices: list[int]) -> str:
    """What the plain player writes to a colour terminal."""
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="truecolor", width=100)
    play_plain(load_story(root), PlayOptions(choices=tuple(choices), seed=0), console=console)
    return out.getvalue()


# -- markup is shown literally -----------------------------------------------------------------


def test_plain_player_shows_rich_markup_literally_and_no_hidden_link(tmp_path: Path) -> None:
    output = terminal_output(story_with(tmp_path, MARKUP_SCENE), [1])
    plain = _SGR.sub("", output)
    assert "[@click=app.quit]here[/]" in plain
    assert "[link=https://evil.example]there[/link]" in plain
    assert "[bold]loud[/bold]" in plain
    assert "Take [@click=app.quit]this[/]" in plain
    assert "[on red]Done.[/]" in plain
    # A Markdown link shows its address next to its text ...
    assert "the report (https://evil.example/report)" in plain
    # ... and nothing but colour codes reaches the terminal: no OSC 8 hyperlink, no commands.
    assert not _ANY_ESCAPE.search(plain), repr(plain)


def test_plain_player_from_the_command_line_shows_markup_literally(tmp_path: Path) -> None:
    root = story_with(tmp_path, MARKUP_SCENE)
    result = subprocess.run(
        [sys.executable, "-m", "patrolday", "play", "--choices", "1", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color"},
    )
    assert result.returncode == 0, result.stderr
    plain = _SGR.sub("", result.stdout)
    assert "[@click=app.quit]here[/]" in plain
    assert "(https://evil.example/report)" in plain
    assert not _ANY_ESCAPE.search(plain)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_prose_never_emits_terminal_commands(text: str) -> None:
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="truecolor", width=80).print(prose(text))
    printed = _SGR.sub("", out.getvalue())
    assert not _ANY_ESCAPE.search(printed)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", printed.replace("\n", ""))


# -- control characters are refused when the story loads --------------------------------------

CONTROLS = {
    "escape": "\x1b[2J",
    "osc hyperlink": "\x1b]8;;https://evil\x1b\\",
    "bell": "\x07",
    "backspace": "\x08",
    "null": "\x00",
    "lone carriage return": "\r",
    "delete": "\x7f",
    "8-bit CSI": "\x9b",
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "first strong isolate": "\u2068",
}


@pytest.mark.parametrize("control", list(CONTROLS.values()), ids=list(CONTROLS))
def test_control_characters_in_a_scene_file_are_refused_with_their_place(
    tmp_path: Path, control: str
) -> None:
    root = story_with(tmp_path, f"=== a ===\n# ending: A\nThe ball {control}flies.\n")
    diags = load_errors(root)
    first = diags[0]
    assert first.location.file.endswith("a.md")
    assert (first.location.line, first.location.column) == (3, 10)
    assert "invisible control character" in first.message
    assert "remove the invisible character" in first.hint


def test_right_to_left_letters_are_fine_only_the_reordering_controls_are_not(tmp_path: Path) -> None:
    from patrolday.engine import load_story, present, start

    hello = "\u0645\u0631\u062d\u0628\u0627"  # Arabic letters, and a right-to-left mark after
    root = story_with(tmp_path, f"=== a ===\n# ending: A\nShe says {hello} (hello).\u200f\n")
    story = load_story(root)
    assert hello in present(story, start(story)).blocks[0].text


def test_tabs_and_windows_line_endings_are_fine(tmp_path: Path) -> None:
    root = story_with(tmp_path, "=== a ===\r\n# ending: A\r\n\tThe ball\tflies.\r\n")
    load_story(root)


def test_a_raw_control_character_in_the_manifest_is_refused(tmp_path: Path) -> None:
    root = story_with(tmp_path, "=== a ===\n# ending: A\n", MANIFEST.replace('"Hostile"', '"Hos\x1btile"'))
    diags = load_errors(root)
    assert any(d.location.line == 3 and "invisible control character" in d.message for d in diags)


def test_an_escaped_control_character_in_the_manifest_is_refused(tmp_path: Path) -> None:
    # TOML decodes "\u001b" to a real ESC: the raw file looks clean, the value is not.
    manifest = MANIFEST.replace('initial = "Dana"', 'initial = "Dana\\u001b[2J"')
    root = story_with(tmp_path, "=== a ===\n# ending: A\n{name}\n", manifest)
    [diag] = load_errors(root)
    assert diag.location.file.endswith("story.toml") and diag.location.line == 7
    assert "U+001B" in diag.message and diag.hint


def test_a_save_cannot_smuggle_control_characters_into_the_text(tmp_path: Path) -> None:
    story = load_story(story_with(tmp_path, "=== a ===\n# ending: A\nHello {name}.\n"))
    doc = save_document(story, start(story))
    doc["state"]["vars"]["name"] = "\x1b]0;owned\x07Dana"
    with pytest.raises(SaveError, match="control characters"):
        load_state(story, json.dumps(doc))


# -- nothing outside the story folder ----------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.md").write_text("=== secret ===\n# ending: S\nA secret.\n", "utf-8")
    return folder


def test_a_symlinked_scene_file_outside_the_story_is_refused(tmp_path: Path, outside: Path) -> None:
    root = story_with(tmp_path, "=== a ===\n# ending: A\n")
    (root / "scenes" / "link.md").symlink_to(outside / "secret.md")
    [diag] = load_errors(root)
    assert diag.location.file.endswith("link.md")
    assert "outside the story folder" in diag.message and diag.hint


def test_a_symlinked_folder_outside_the_story_is_refused(tmp_path: Path, outside: Path) -> None:
    root = story_with(tmp_path, "=== a ===\n# ending: A\n")
    (root / "scenes" / "more").symlink_to(outside, target_is_directory=True)
    [diag] = load_errors(root)
    assert diag.location.file.endswith("more")
    assert "outside the story folder" in diag.message


def test_a_dotdot_symlink_is_refused(tmp_path: Path, outside: Path) -> None:
    root = story_with(tmp_path, "=== a ===\n# ending: A\n")
    (root / "scenes" / "up.md").symlink_to(Path("..") / ".." / "elsewhere" / "secret.md")
    assert (root / "scenes" / "up.md").read_text("utf-8").startswith("=== secret")  # the link works
    [diag] = load_errors(root)
    assert "outside the story folder" in diag.message


def test_a_symlinked_manifest_outside_the_story_is_refused(tmp_path: Path, outside: Path) -> None:
    root = story_with(tmp_path, "=== a ===\n# ending: A\n")
    (outside / "story.toml").write_text(MANIFEST, "utf-8")
    (root / "story.toml").unlink()
    (root / "story.toml").symlink_to(outside / "story.toml")
    [diag] = load_errors(root)
    assert "outside the story folder" in diag.message


def test_a_symlink_loop_inside_the_story_does_not_hang(tmp_path: Path) -> None:
    from fuzz.oracles import time_limit

    root = story_with(tmp_path, "=== a ===\n# ending: A\n")
    (root / "scenes" / "loop").symlink_to(root / "scenes", target_is_directory=True)
    with time_limit(10):
        story = load_story(root)
    assert list(story.scenes) == ["a"]


def test_a_symlink_that_stays_inside_the_story_is_allowed(tmp_path: Path) -> None:
    root = story_with(tmp_path, "=== a ===\n-> b\n")
    (root / "shared").mkdir()
    (root / "shared" / "b.md").write_text("=== b ===\n# ending: B\n", "utf-8")
    (root / "scenes" / "b.md").symlink_to(root / "shared" / "b.md")
    assert set(load_story(root).scenes) == {"a", "b"}


def test_a_story_is_never_modified_by_loading_or_playing(tmp_path: Path) -> None:
    root = story_with(tmp_path, MARKUP_SCENE)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    terminal_output(root, [1])
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_plain_player_lines_drop_control_characters_even_if_a_caller_forgot() -> None:
    """Defence in depth: the loader refuses control characters, and the plain player strips them too."""
    import io

    from rich.console import Console

    from patrolday.plain import line

    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard")
    console.print(line("a\x1b]8;;https://evil\x07b\x1b[2Jc"))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "evil" in out and "\x1b]8" not in out and "\x1b[2J" not in out


# -- invisible characters in what names an option ------------------------------------------------

INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "soft hyphen": "\u00ad",
    "byte order mark inside the text": "\ufeff",
    "tag letter A": "\U000e0041",
    "cancel tag": "\U000e007f",
    "Hangul filler": "\u3164",
    "line separator": "\u2028",
    "right-to-left mark": "\u200f",
    "Mongolian vowel separator": "\u180e",
}


@pytest.mark.parametrize("char", list(INVISIBLE.values()), ids=list(INVISIBLE))
def test_invisible_characters_in_a_choice_label_are_refused_with_their_place(
    tmp_path: Path, char: str
) -> None:
    # "Go" and "G\u200bo" look the same: two options could look identical and do different things.
    root = story_with(tmp_path, f"=== a ===\n* [Go] -> b\n* [G{char}o] -> b\n=== b ===\n# ending: B\n")
    [diag] = load_errors(root)
    assert (diag.location.line, diag.location.column) == (3, 5)
    assert f"U+{ord(char):04X}" in diag.message and "invisible character" in diag.message
    assert diag.hint


@pytest.mark.parametrize(
    "line",
    [
        "# title: Yard\u200b",
        "# ending: The \U000e0041end",
        "=== a\u200b ===",
        '+ {name == "x"} [Go\u2060] -> b',
    ],
    ids=["scene title", "ending title", "header", "sticky choice"],
)
def test_invisible_characters_in_titles_are_refused(tmp_path: Path, line: str) -> None:
    scene = f"=== a ===\n{line}\n* [Go] -> b\n=== b ===\n# ending: B\n"
    if line.startswith("==="):
        scene = f"{line}\n* [Go] -> b\n=== b ===\n# ending: B\n"
    diags = load_errors(story_with(tmp_path, scene))
    assert any("invisible character" in d.message and d.location.line in (1, 2) for d in diags)


@pytest.mark.parametrize(
    ("key", "line"),
    [("title", 3), ("part", 13), ("route", 18), ("label", 9)],
)
def test_invisible_characters_in_manifest_titles_and_labels_are_refused(
    tmp_path: Path, key: str, line: int
) -> None:
    manifest = (
        '[story]\nid = "zw"\ntitle = "Zero"\nstart = "a"\n\n'
        '[vars.trust]\ninitial = 1\nmin = 0\nlabel = "Trust"\nmax = 5\n\n'
        '[[parts]]\ntitle = "One"\nid = "one"\nstart = "a"\n\n'
        '[routes.short]\ntitle = "Short"\n'
    )
    target = {"title": '"Zero"', "part": '"One"', "route": '"Short"', "label": '"Trust"'}[key]
    manifest = manifest.replace(target, target[:-1] + '\\u200b"')
    root = story_with(
        tmp_path, "=== a ===\n# decision\n# route: short\n? Q\n* [Go] -> b\n=== b ===\n# ending: B\n"
    )
    (root / "story.toml").write_text(manifest, "utf-8")
    diags = load_errors(root)
    assert [(d.location.line, "U+200B" in d.message) for d in diags] == [(line, True)]


def test_invisible_characters_in_prose_and_questions_are_fine(tmp_path: Path) -> None:
    # Prose can need them: emoji sequences join with ZWJ, Persian uses ZWNJ, long words a soft hyphen.
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    scene = f"=== a ===\n? Who\u00adever asks?\nA {family} waves. Mi\u200cdan.\n* [Go] -> b\n"
    story = load_story(story_with(tmp_path, scene + "=== b ===\n# ending: B\n"))
    assert family in present(story, start(story)).blocks[0].text


def test_the_control_character_pattern_is_written_once() -> None:
    """One home (engine/invisible.py) for what counts as a control character; everyone imports it."""
    root = Path(__file__).resolve().parents[2]
    homes = [
        str(path.relative_to(root))
        for folder in ("src", "fuzz")
        for path in (root / folder).rglob("*.py")
        if re.search(r"\\x00-\\x08|\\x7f-\\x9f", path.read_text("utf-8"))
    ]
    assert homes == ["src/patrolday/engine/invisible.py"]


_ODD = ["\x1b", "\r", "\r\n", "\x9b", "\u202e", "\u200b", "\U000e0041", "é", "中", "\ufeff", "\x00", "\t"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["* [Go] -> b", "# title: ", "=== a ===", "prose", "\n", " "]),
            st.sampled_from(_ODD),
        ),
        max_size=40,
    )
)
def test_the_fast_scan_finds_exactly_what_the_line_by_line_scans_find(pieces: list[str]) -> None:
    """refused_characters looks at a file's unusual characters first: it must never miss one."""
    from patrolday.engine.text_refusals import control_characters, invisible_in_names, refused_characters

    text = "".join(pieces)
    expected = control_characters(text, "f.md") + invisible_in_names(text, "f.md")
    assert refused_characters(text.encode("utf-8"), text, "f.md") == expected
