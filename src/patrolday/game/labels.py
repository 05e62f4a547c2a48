"""How the front ends name things: scenes, options, endings, meters and locked parts.

One module, so that the journal, the ending screen, the debrief, the report and the
facilitator's screens call the same scene by the same name (there used to be two
``scene_title`` functions with opposite preferences). Every function takes the story as
``Story | None``: a session log can be read without its story, and then ids are the names.
"""

from __future__ import annotations

from patrolday.engine import Story, static_text
from patrolday.i18n import _


def scene_title(story: Story | None, scene_id: str) -> str:
    """A scene's name in a heading or a path: its title, else its ending's name, else the id
    made readable ("front-yard" -> "Front yard")."""
    scene = story.scenes.get(scene_id) if story is not None else None
    if scene is not None and scene.title:
        return scene.title
    if scene is not None and scene.ending:
        return scene.ending
    return scene_id.replace("-", " ").capitalize() if story is not None else scene_id


def ending_name(story: Story | None, scene_id: str) -> str:
    """The name of the ending at ``scene_id``: its ``# ending:`` title, else :func:`scene_title`."""
    scene = story.scenes.get(scene_id) if story is not None else None
    if scene is not None and scene.ending:
        return scene.ending
    return scene_title(story, scene_id)


def choice_label(story: Story | None, scene_id: str, choice_id: str) -> str:
    """The label of ``scene/choice`` as written (conditions show their first text), or the
    choice's id when the story is absent or no longer has it."""
    scene = story.scenes.get(scene_id) if story is not None else None
    if scene is not None:
        for option in scene.choices:
            if option.id == choice_id and option.label is not None:
                return static_text(option.label) or choice_id
    return choice_id


def meter_scale(story: Story | None, name: str, low: int, high: int) -> tuple[str, int, int]:
    """A meter's label and range from the story, or ``name`` and the given range without one
    (a log read without its story: its own numbers set the scale)."""
    if story is None:
        return name, low, high
    try:
        var = story.variable(name)
    except KeyError:
        return name, low, high
    return var.label or name, var.min if var.min is not None else 0, var.max if var.max is not None else high


def part_name(title: str) -> str:
    """ "Part one: The patrol" -> "part one"; a title without a colon is quoted whole."""
    head, colon, _ = title.partition(":")
    head = head.strip()
    return head[:1].lower() + head[1:] if colon else f"“{title}”"


def why_locked(story: Story, part_id: str) -> str:
    """What a player must do to open a locked part, in one sentence, in the interface's
    language (made when the parts are listed, so a language switch reaches it)."""
    part = story.part(part_id)
    if part.unlock_after == ("any",):  # any ending at all: the first part's are the first to reach
        return _("Reach any ending of {part} first").format(part=part_name(story.parts[0].title))
    names = [ending_name(story, e) for e in part.unlock_after or ()]
    if len(names) == 1:
        return _("Reach the ending “{ending}” first").format(ending=names[0])
    return _("Reach one of these endings first: {endings}").format(endings=", ".join(f"“{n}”" for n in names))
