"""``patrolday new``: the text of a new story folder that teaches the format by example.

Pure: :func:`scaffold_files` returns file names and texts; the command writes them. The
story it makes passes ``patrolday check --strict`` (a test proves it), so an author
starts from a clean check and sees each warning the moment their own edit causes it.
"""

from __future__ import annotations

import re

MANIFEST = '''\
# story.toml: the manifest of your story. The full format: docs/story-format.md
# Run `patrolday check {folder}` after every edit: it lists every mistake with file:line.

[story]
id = "{story_id}"           # stable id: saves and workshop logs use it; letters, digits, - and _
title = {title}
authors = ["Your name"]
start = "front-yard"       # the first scene (a scene id from scenes/*.md)
blurb = "One afternoon, one street, one choice."
content_note = """
Tell players here what difficult content is coming, before they start.
"""

# Variables. Every variable a scene reads or changes must be declared here; its type
# (number, true/false or text) comes from `initial`.

[vars.trust]
initial = 2
label = "Trust"            # a label makes it a meter the player sees...
min = 0                    # ...and a meter needs a range; effects are kept inside it
max = 5
description = "How much the family trusts you."

[vars.stopped]
initial = false            # no label: a hidden flag the story remembers
'''

OPENING = """\
// scenes/opening.md: scenes are plain text. Lines starting with // are comments.
// A scene starts with === scene-id === and runs until the next one.

=== front-yard ===
# decision
# title: The front yard
// "# decision" marks a real decision: workshops pause here to discuss it.
// A line starting with ? is a question for the facilitator (shown in workshop mode only).
? What might the parents think when they see a patrol car stop in front of their son?
A boy of about nine is throwing a football *straight up* and catching it, alone in his yard.

Your radio is quiet for once.

// A choice: * [label] ~ effects -> target scene. "*" is offered once; "+" always.
// Effects change variables: = sets, += adds, -= subtracts.
* [Pull over and ask if he wants to throw it to someone] ~ trust += 1, stopped = true -> porch
* [Wave and keep driving] -> porch

=== porch ===
# title: The porch
// {condition: text | other text} shows text depending on the story so far.
{stopped: His mother is on the porch, phone in hand, watching. | His mother comes out as you turn.}

Trust: {trust}.

// {condition} before the label hides the choice unless it holds; with `else "reason"`
// it is shown disabled with that reason instead.
* {stopped else "You never stopped."} [Walk over and tell her why you stopped] ~ trust += 1 -> end-catch
* [Drive on to your next call] -> end-catch

=== end-catch ===
# ending: A couple of minutes
// "# ending: Title" makes this scene an ending. Its text is the epilogue.
{trust >= 3: That evening, the family watches the clip twice. | The boy keeps throwing the ball up.}
"""

_ID = re.compile(r"[^a-z0-9_-]+")


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    clean = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates cannot be stored
    body = "".join(
        f"\\u{ord(ch):04x}" if ord(ch) < 0x20 or ord(ch) == 0x7F else "\\" + ch if ch in '"\\' else ch
        for ch in clean
    )
    return f'"{body}"'


def story_id_for(folder_name: str) -> str:
    """A valid story id from a folder name: lowercase, other characters turned into '-'."""
    text = _ID.sub("-", folder_name.lower()).strip("-_")
    return text or "my-story"


def scaffold_files(folder_name: str, title: str | None = None) -> dict[str, str]:
    """Relative path -> text for a new story folder called ``folder_name``."""
    story_id = story_id_for(folder_name)
    shown_title = title or story_id.replace("-", " ").replace("_", " ").capitalize()
    shown_folder = "".join(ch if ch.isprintable() else "?" for ch in folder_name)  # it goes in a comment
    manifest = MANIFEST.format(folder=shown_folder, story_id=story_id, title=toml_string(shown_title))
    return {"story.toml": manifest, "scenes/opening.md": OPENING}
