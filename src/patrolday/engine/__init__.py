"""The patrolday engine: load a story folder, then play it with pure functions.

No UI imports, no I/O beyond reading a story folder, no global state. Front ends (the
Textual player, the plain player, the checker, tests) all go through this surface::

    story = load_story("story")
    state = start(story)
    view = present(story, state)          # text blocks, choices, meters
    state = choose(story, state, view.choices[0].id)
"""

from .diagnostics import (
    Diagnostic,
    Location,
    PatroldayError,
    SaveError,
    Severity,
    StoryError,
    StoryRuntimeError,
)
from .loader import load_story
from .model import Choice, Scene, Story, StoryPart, Variable
from .runtime import (
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
    "Choice",
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
    "journal",
    "load_state",
    "load_story",
    "present",
    "replay",
    "save_document",
    "start",
]
