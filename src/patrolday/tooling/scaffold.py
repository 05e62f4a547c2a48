"""``patrolday new``: the text of a new story folder that teaches the format by example.

Pure: :func:`scaffold_files` returns file names and texts; the command writes them. The
story it makes passes ``patrolday check --strict`` (a test proves it), so an author
starts from a clean check and sees each warning the moment their own edit causes it.

It is also the starting point of ``docs/writing-a-scenario.md``, which shows both files
in full and explains them line by line (a test keeps the two the same): a small workshop
scenario with the parts an educator needs, a content note, two meters (one where a rise is
good news, one where a fall is), a hidden flag, two decisions with questions for the group,
one of them on a short route, and two endings. Its first scene is called ``opening`` so the
guide's reader can replace the scenes one file at a time without touching ``start``.
"""

from __future__ import annotations

import re

MANIFEST = '''\
# story.toml: the manifest of your story: its title, what players are told before they
# start, the first scene, and what the story keeps track of. Lines starting with # are
# comments: patrolday skips them. The full format: docs/story-format.md
# After every edit, run: patrolday check {folder}

[story]
id = "{story_id}"          # the story's stable name: saves and workshop logs use it
title = {title}
authors = ["Your name"]
start = "opening"          # the first scene: the name after === in a scene file
blurb = "One afternoon, one street, one choice."
content_note = """
Say here what difficult content is coming, before anyone starts.
"""

# A route is a shorter selection of the decisions, for a short session: a scene joins it
# with a "# route: short" line. Run it with: patrolday play --workshop --route short
[routes.short]
title = "Short version"
description = "Only the first decision."

# Variables: what the story remembers. Every variable a scene reads or changes is
# declared here; its kind (a number, true/false, or text) comes from `initial`.

[vars.trust]
initial = 2
label = "Trust"            # a label makes it a meter the player sees...
min = 0                    # ...and a meter needs a range: changes are kept inside it
max = 5
good = "up"                # a rise is good news ("down": a fall is; "neither": it just measures)
description = "How much the family trusts you."

[vars.worry]
initial = 3
label = "Worry"
min = 0
max = 5
good = "down"              # less worry is good news
description = "How worried the boy's mother is."

[vars.stopped]
initial = false            # no label: a hidden true/false the story remembers
'''

OPENING = """\
// scenes/opening.md: a scene file. Lines starting with // are comments: players never see them.
// A scene starts with a line === scene-name === and runs until the next such line.

=== opening ===
# decision
# route: short
# title: The front yard
// "# decision" marks a real decision: in a workshop, the game pauses here for the group.
// "# route: short" puts this decision on the short route (see story.toml).
// A line starting with ? is a question for the group, ?? a note for the facilitator.
// Both are shown in workshop mode only.
? What might the parents think when they see a patrol car stop in front of their son?
?? Let the room answer before anyone argues for an option.
A boy of about nine is throwing a football *straight up* and catching it, alone in his yard.

Your radio is quiet for once.

// A choice: * [what the player picks] ~ changes -> the scene it leads to.
// Changes: = sets a variable, += adds to it, -= takes away from it.
* [Pull over and ask if he wants to throw it to someone] ~ trust += 1, worry += 1, stopped = true -> porch
* [Wave and keep driving] -> porch

=== porch ===
# decision
# title: The porch
? What does his mother need to hear from you?
// {condition: text | other text} shows the first text if the condition holds, else the other.
{stopped: His mother is on the porch, phone in hand, watching you. | His mother comes out as you drive past.}

// {condition} before a choice hides it unless the condition holds; with else "reason"
// the choice is shown greyed out, with that reason, instead.
* {stopped else "You never stopped."} [Tell her why you stopped] ~ trust += 1, worry -= 2 -> end-catch
* [Drive on to your next call] -> end-next-call

=== end-catch ===
# ending: A couple of minutes
// "# ending: Title" makes this scene an ending. Its text is the epilogue.
That evening, the family watches the clip from their door camera twice.

=== end-next-call ===
# ending: The next call
{stopped: The boy tells his mother about the officer who played catch. | He keeps throwing the ball up.}
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
