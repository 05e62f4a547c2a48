"""The patrolday engine: load a story folder, then play it with pure functions.

No UI imports, no I/O beyond reading a story folder, no global state. Front ends (the
Textual player, the plain player, the checker, tests) all go through this surface::

    story = load_story("story")
    state = start(story)
    view = present(story, state)          # text blocks, choices, meters
    state = choose(story, state, view.choices[0].id)
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

_LOCATIONS = {
    "CONTINUE": "runtime",
    "Choice": "model",
    "ChoiceKind": "model",
    "ChoiceView": "runtime",
    "Diagnostic": "diagnostics",
    "GameState": "runtime",
    "InvalidChoice": "runtime",
    "JournalEntry": "runtime",
    "Location": "diagnostics",
    "RETURN": "model",
    "MeterView": "runtime",
    "PatroldayError": "diagnostics",
    "SaveError": "diagnostics",
    "Scene": "model",
    "SceneView": "runtime",
    "Severity": "diagnostics",
    "Step": "runtime",
    "Story": "model",
    "StoryError": "diagnostics",
    "StoryPart": "model",
    "StoryRuntimeError": "diagnostics",
    "TextBlock": "runtime",
    "Trace": "runtime",
    "Variable": "model",
    "available_choices": "runtime",
    "choose": "runtime",
    "choose_number": "runtime",
    "is_unlocked": "runtime",
    "iter_parts": "inline",
    "journal": "runtime",
    "load_state": "saves",
    "load_story": "loader",
    "plain_text": "inline",
    "present": "runtime",
    "replay": "runtime",
    "save_document": "saves",
    "start": "runtime",
    "walk": "inline",
}


def __getattr__(name: str) -> Any:
    # PEP 562: import a submodule on first use, so importing one light module (such as
    # diagnostics, which the command line needs for its error type) costs only that module.
    module = _LOCATIONS.get(name)
    if module is None:
        raise AttributeError(f"module 'patrolday.engine' has no attribute {name!r}")
    value = getattr(import_module(f"patrolday.engine.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LOCATIONS])


if TYPE_CHECKING:
    from .diagnostics import (
        Diagnostic,
        Location,
        PatroldayError,
        SaveError,
        Severity,
        StoryError,
        StoryRuntimeError,
    )
    from .inline import iter_parts, plain_text, walk
    from .loader import load_story
    from .model import RETURN, Choice, ChoiceKind, Scene, Story, StoryPart, Variable
    from .runtime import (
        CONTINUE,
        ChoiceView,
        GameState,
        InvalidChoice,
        JournalEntry,
        MeterView,
        SceneView,
        Step,
        TextBlock,
        Trace,
        available_choices,
        choose,
        choose_number,
        is_unlocked,
        journal,
        present,
        replay,
        start,
    )
    from .saves import load_state, save_document

__all__ = [
    "CONTINUE",
    "RETURN",
    "Choice",
    "ChoiceKind",
    "ChoiceView",
    "Diagnostic",
    "GameState",
    "InvalidChoice",
    "JournalEntry",
    "Location",
    "MeterView",
    "PatroldayError",
    "SaveError",
    "Scene",
    "SceneView",
    "Severity",
    "Step",
    "Story",
    "StoryError",
    "StoryPart",
    "StoryRuntimeError",
    "TextBlock",
    "Trace",
    "Variable",
    "available_choices",
    "choose",
    "choose_number",
    "is_unlocked",
    "iter_parts",
    "journal",
    "load_state",
    "load_story",
    "plain_text",
    "present",
    "replay",
    "save_document",
    "start",
    "walk",
]
