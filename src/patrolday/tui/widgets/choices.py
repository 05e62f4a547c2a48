"""The options of a scene: arrow keys + Enter, number keys, or the mouse.

Drawn as lines (see :mod:`.options`): options are wrapped once, with a hanging indent,
and a layout is asked for only when the number of lines changes, so a new scene is one
layout pass and one frame.

Labels come from the story, so they are ``Content`` (plain text, never parsed as markup).
An option the story shows disabled stays visible, dimmed, and says "unavailable" and why
in words, so the meaning never rests on colour.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from textual.content import Content

from patrolday.engine import ChoiceView
from patrolday.i18n import _
from patrolday.tui.clean import safe
from patrolday.tui.messages import ChoicePicked, UnavailablePicked
from patrolday.tui.widgets.options import MARGIN, OptionLines, hanging


@functools.lru_cache(maxsize=256)
def option_lines(choice: ChoiceView, width: int) -> list[Content]:
    """One option wrapped to ``width`` cells, continuation lines indented under the label."""
    parts = [Content(safe(choice.label))]
    if not choice.enabled:
        reason = safe(choice.reason) or _("not possible now")
        parts.append(Content.assemble((_("unavailable: "), "italic"), (reason, "italic")))
    return hanging(Content.styled(f"{choice.number}. ", "bold"), parts, width)


class ChoiceList(OptionLines):
    """The options of the current scene; posts :class:`ChoicePicked` or :class:`UnavailablePicked`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._choices: tuple[ChoiceView, ...] = ()

    @property
    def choices(self) -> tuple[ChoiceView, ...]:
        return self._choices

    def option_text(self, index: int) -> str:
        """Option ``index`` as the player reads it, without styles (tests, parity with plain mode)."""
        return "\n".join(line.plain for line in option_lines(self._choices[index], 10_000))

    def show_choices(self, choices: tuple[ChoiceView, ...]) -> None:
        """Replace the options and highlight the first one that can be taken."""
        self._choices = choices
        self.options_changed([c.enabled for c in choices])

    def option_lines(self, index: int, width: int) -> list[Content]:
        return list(option_lines(self._choices[index], width))  # a copy: the cached list stays intact

    def prepare(self, choices: Sequence[ChoiceView]) -> None:
        """Wrap options that may be shown next (cached by :func:`option_lines`) for this width."""
        width = max(1, self.size.width - 2 * MARGIN)
        for choice in choices:
            option_lines(choice, width)

    def pick_number(self, number: int) -> None:
        """What a number key does: take that option, or say why it is unavailable."""
        index = next((i for i, c in enumerate(self._choices) if c.number == number), None)
        if index is None:
            self.app.bell()
            self.notify(_("There is no option {number}.").format(number=number), markup=False, timeout=3)
            return
        # The highlight is not moved to the option: the next scene replaces the list at once,
        # and a repaint now would take the screen's next frame from the new scene.
        self.option_taken(index)

    def option_taken(self, index: int) -> None:
        choice = self._choices[index]
        if not choice.enabled:
            self.post_message(UnavailablePicked(choice.number, choice.reason))
            return
        self.post_message(ChoicePicked(choice.id, choice.number))
