"""``play --set NAME=VALUE`` and a transcript's ``set:`` line: variables given by hand, checked.

An author testing a scene deep in the story starts there (``--from``) with the variables it
needs. What they type is checked the way the manifest's ``initial`` values are: the name must
be declared, the value must have the variable's type (a whole number, ``true``/``false``, or
text), and a meter's value must lie in its range. A mistake is a :class:`PresetError` that
says what is wrong and how to write it, with a did-you-mean for a mistyped name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .diagnostics import PatroldayError
from .expressions import MAX_NUMBER, MAX_STRING, Value
from .invisible import CONTROL
from .model import Story


class PresetError(PatroldayError):
    """A ``NAME=VALUE`` that cannot set a variable of this story (the message says why)."""


def parse_preset(story: Story, assignments: Iterable[str]) -> dict[str, Value]:
    """``["trust=3", "met=true", 'partner=Dana']`` -> checked values, in the order given."""
    out: dict[str, Value] = {}
    for text in assignments:
        name, value = parse_assignment(story, text)
        out[name] = value
    return out


def parse_assignment(story: Story, text: str) -> tuple[str, Value]:
    name, equals, raw = text.partition("=")
    name, raw = name.strip(), raw.strip()
    if not equals or not name:
        raise PresetError(f"'{text}' is not NAME=VALUE (for example trust=3, met=true or partner=Dana)")
    declared = {v.name: v for v in story.variables}
    var = declared.get(name)
    if var is None:
        close = difflib.get_close_matches(name, list(declared), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        known = ", ".join(sorted(declared)) or "none"
        raise PresetError(f"there is no variable '{name}' in this story.{hint} Variables: {known}")
    if var.type == "bool":
        if raw.lower() not in ("true", "false"):
            raise PresetError(f"'{name}' is true or false, not '{raw}' (write {name}=true or {name}=false)")
        return name, raw.lower() == "true"
    if var.type == "int":
        try:
            number = int(raw)
        except ValueError:
            example = f"{name}={var.initial}"
            raise PresetError(f"'{name}' is a whole number, not '{raw}' (for example {example})") from None
        low, high = story.bounds.get(name, (-MAX_NUMBER, MAX_NUMBER))
        if not low <= number <= high:
            raise PresetError(f"'{name}' must be between {low} and {high}, not {number}")
        return name, number
    text_value = raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'" else raw
    if len(text_value) > MAX_STRING or CONTROL.search(text_value):
        raise PresetError(f"'{name}' cannot hold that text (too long, or with control characters)")
    return name, text_value


def scene_problem(story: Story, scene: str) -> str:
    """Why ``--from SCENE`` cannot start there, with a did-you-mean, or ""."""
    if scene in story.scenes:
        return ""
    close = difflib.get_close_matches(scene, list(story.scenes), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"there is no scene '{scene}' in this story.{hint} (`patrolday graph` lists them)"
