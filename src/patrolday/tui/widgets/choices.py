"""The options of a scene: arrow keys + Enter, number keys, or the mouse.

Built on ``OptionList`` (keyboard, mouse and scrolling for free). Labels come from the
story, so they are wrapped in ``Content`` (plain text, never parsed as markup). An
option the story shows disabled stays visible, dimmed, and says "unavailable" and why
in words, so the meaning never rests on colour.
"""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from patrolday.engine import ChoiceView
from patrolday.tui.clean import safe
from patrolday.tui.messages import ChoicePicked, UnavailablePicked


def choice_prompt(choice: ChoiceView) -> Content:
    """``1. Label``; a disabled option gets a second line: ``unavailable: reason``."""
    label = Content.assemble((f"{choice.number}. ", "bold"), safe(choice.label))
    if choice.enabled:
        return label
    reason = safe(choice.reason) or "not possible now"
    return Content.assemble(label, "\n   ", ("unavailable: ", "italic"), (reason, "italic"))


class ChoiceList(OptionList):
    """The options of the current scene."""

    DEFAULT_CSS = """
    ChoiceList, ChoiceList:focus {
        height: auto;
        border: none;
        padding: 0;
        background: transparent;
    }
    ChoiceList > .option-list--option {
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._choices: tuple[ChoiceView, ...] = ()

    @property
    def choices(self) -> tuple[ChoiceView, ...]:
        return self._choices

    def show_choices(self, choices: tuple[ChoiceView, ...]) -> None:
        """Replace the options and highlight the first one that can be taken."""
        self._choices = choices
        self.set_options(
            Option(choice_prompt(c), id=f"choice-{c.number}", disabled=not c.enabled) for c in choices
        )
        first = next((i for i, c in enumerate(choices) if c.enabled), None)
        self.highlighted = first
        self.scroll_home(animate=False)

    def pick_number(self, number: int) -> None:
        """What a number key does: take that option, or say why it is unavailable."""
        choice = next((c for c in self._choices if c.number == number), None)
        if choice is None:
            self.app.bell()
            self.notify(f"There is no option {number}.", markup=False, timeout=3)
            return
        if not choice.enabled:
            self.post_message(UnavailablePicked(number, choice.reason))
            return
        # The highlight is not moved to the option: the next scene replaces the list at once,
        # and a repaint now would take the screen's next frame from the new scene.
        self.post_message(ChoicePicked(choice.id, number))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._choices):
            choice = self._choices[event.option_index]
            self.post_message(ChoicePicked(choice.id, choice.number))
