"""The patrolday engine: load a story folder, then play it with pure functions.

No UI imports, no I/O beyond reading a story folder, no global state. Front ends (the
Textual player, the plain player, the checker, tests) all go through this surface::

    story = load_story("story")
    state = start(story)
    view = present(story, state)          # text blocks, choices, meters
    state = choose(story, state, view.choices[0].id)

This package face is the only part of the engine that code outside ``engine/`` imports;
the submodules are the engine's own business. The public names are listed once, in
:data:`_FACE`, and each is imported on first use (PEP 562): importing the face costs
nothing, and importing one light name (such as :class:`PatroldayError`, which the command
line needs) costs only its module. Type checkers cannot read a table, so the
``TYPE_CHECKING`` block at the end says the same again as imports;
``tests/engine/test_face.py`` fails if the two ever differ.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

_FACE: dict[str, tuple[str, ...]] = {
    "diagnostics": (
        "Diagnostic",
        "Location",
        "PatroldayError",
        "SaveError",
        "Severity",
        "StoryError",
        "StoryRuntimeError",
    ),
    "catalog": (
        "PO_HINT",
        "Catalog",
        "Entry",
        "languages",
        "read_catalog",
        "syntax_problem",
        "valid_language",
    ),
    "expressions": ("Compiled", "Env", "EvaluationError", "ExpressionError", "Value"),
    "inline": ("branches", "iter_parts", "plain_text", "walk"),
    "invisible": ("CONTROL", "printable", "visible"),
    "loader": ("load_story", "read_manifest", "translated"),
    "manifest": ("Manifest",),
    "model": (
        "RETURN",
        "Block",
        "Choice",
        "ChoiceKind",
        "ChoiceView",
        "Cond",
        "Condition",
        "Effect",
        "Interp",
        "Item",
        "Paragraph",
        "Part",
        "Parts",
        "Scene",
        "Seq",
        "Story",
        "StoryPart",
        "TextBlock",
        "Variable",
    ),
    "runtime": (
        "CONTINUE",
        "GameState",
        "InvalidChoice",
        "JournalEntry",
        "MeterView",
        "SceneView",
        "Snapshot",
        "Step",
        "Trace",
        "available_choices",
        "choice_status",
        "choose",
        "choose_number",
        "is_unlocked",
        "journal",
        "present",
        "render",
        "replay",
        "replay_state",
        "roll",
        "start",
        "take",
    ),
    "presets": ("PresetError", "parse_preset", "scene_problem"),
    "saves": ("load_state", "save_document"),
    "text": ("static_text",),
    "translation": (
        "KINDS",
        "Problem",
        "Translation",
        "Unit",
        "relative_location",
        "source_text",
        "structure_problems",
        "translatable_units",
        "translate_story",
    ),
}
_LOCATIONS = {name: module for module, names in _FACE.items() for name in names}

if not TYPE_CHECKING:  # a type checker takes the public names from the imports below instead
    __all__ = sorted(_LOCATIONS)


def __getattr__(name: str) -> Any:
    module = _LOCATIONS.get(name)
    if module is None:
        raise AttributeError(f"module 'patrolday.engine' has no attribute {name!r}")
    value = getattr(import_module(f"patrolday.engine.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LOCATIONS])


if TYPE_CHECKING:
    from .catalog import PO_HINT as PO_HINT
    from .catalog import Catalog as Catalog
    from .catalog import Entry as Entry
    from .catalog import languages as languages
    from .catalog import read_catalog as read_catalog
    from .catalog import syntax_problem as syntax_problem
    from .catalog import valid_language as valid_language
    from .diagnostics import Diagnostic as Diagnostic
    from .diagnostics import Location as Location
    from .diagnostics import PatroldayError as PatroldayError
    from .diagnostics import SaveError as SaveError
    from .diagnostics import Severity as Severity
    from .diagnostics import StoryError as StoryError
    from .diagnostics import StoryRuntimeError as StoryRuntimeError
    from .expressions import Compiled as Compiled
    from .expressions import Env as Env
    from .expressions import EvaluationError as EvaluationError
    from .expressions import ExpressionError as ExpressionError
    from .expressions import Value as Value
    from .inline import branches as branches
    from .inline import iter_parts as iter_parts
    from .inline import plain_text as plain_text
    from .inline import walk as walk
    from .invisible import CONTROL as CONTROL
    from .invisible import printable as printable
    from .invisible import visible as visible
    from .loader import load_story as load_story
    from .loader import read_manifest as read_manifest
    from .loader import translated as translated
    from .manifest import Manifest as Manifest
    from .model import RETURN as RETURN
    from .model import Block as Block
    from .model import Choice as Choice
    from .model import ChoiceKind as ChoiceKind
    from .model import ChoiceView as ChoiceView
    from .model import Cond as Cond
    from .model import Condition as Condition
    from .model import Effect as Effect
    from .model import Interp as Interp
    from .model import Item as Item
    from .model import Paragraph as Paragraph
    from .model import Part as Part
    from .model import Parts as Parts
    from .model import Scene as Scene
    from .model import Seq as Seq
    from .model import Story as Story
    from .model import StoryPart as StoryPart
    from .model import TextBlock as TextBlock
    from .model import Variable as Variable
    from .presets import PresetError as PresetError
    from .presets import parse_preset as parse_preset
    from .presets import scene_problem as scene_problem
    from .runtime import CONTINUE as CONTINUE
    from .runtime import GameState as GameState
    from .runtime import InvalidChoice as InvalidChoice
    from .runtime import JournalEntry as JournalEntry
    from .runtime import MeterView as MeterView
    from .runtime import SceneView as SceneView
    from .runtime import Snapshot as Snapshot
    from .runtime import Step as Step
    from .runtime import Trace as Trace
    from .runtime import available_choices as available_choices
    from .runtime import choice_status as choice_status
    from .runtime import choose as choose
    from .runtime import choose_number as choose_number
    from .runtime import is_unlocked as is_unlocked
    from .runtime import journal as journal
    from .runtime import present as present
    from .runtime import render as render
    from .runtime import replay as replay
    from .runtime import replay_state as replay_state
    from .runtime import roll as roll
    from .runtime import start as start
    from .runtime import take as take
    from .saves import load_state as load_state
    from .saves import save_document as save_document
    from .text import static_text as static_text
    from .translation import KINDS as KINDS
    from .translation import Problem as Problem
    from .translation import Translation as Translation
    from .translation import Unit as Unit
    from .translation import relative_location as relative_location
    from .translation import source_text as source_text
    from .translation import structure_problems as structure_problems
    from .translation import translatable_units as translatable_units
    from .translation import translate_story as translate_story
