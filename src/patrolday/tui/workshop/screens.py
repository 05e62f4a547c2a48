"""The facilitator's screens: content note, discussion question, vote tally, pause, rewind, debrief.

Each is small and only reports what the facilitator asked for (by dismissing with a
result); :mod:`patrolday.tui.workshop.app` decides what happens to the game. Story text is
always wrapped in ``Content`` (never parsed as markup), and every state is said in words
(no colour-only meaning): "tie", "timer paused", "3 votes".
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Static

from patrolday.engine import ChoiceView, SceneView
from patrolday.tui.clean import safe
from patrolday.tui.messages import MenuPicked
from patrolday.tui.widgets.menu import Menu, MenuItem
from patrolday.workshop.timer import DiscussionTimer, clock, parse_length
from patrolday.workshop.votes import VoteError, describe_split, leaders, parse_counts

if TYPE_CHECKING:
    from patrolday.tui.workshop.app import WorkshopApp

CSS_PATH = Path(__file__).parent / "workshop.tcss"


def _para(text: str) -> Content:
    return Content(" ".join(safe(text).split()))


class ContentNoteScreen(ModalScreen[None]):
    """Shown first in workshop mode: what content is coming, so people can prepare or step out."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,escape", "dismiss", "Continue", key_display="enter")
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.story_title = title
        self.note = note

    def compose(self) -> ComposeResult:
        box = VerticalScroll(classes="workshop-dialog", id="content-note-box")
        box.border_title = "Before you start"
        box.border_subtitle = "enter continue"
        with box:
            yield Static(Content.assemble((safe(self.story_title), "bold")), classes="heading")
            yield Static(
                Content.assemble(("Content note: ", "bold"), _para(self.note)), id="content-note-text"
            )
            yield Static(
                "Read this to the group. Anyone may step out or stay silent; votes are counted, "
                "never named. Heavy scenes can be summarised instead (h).",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#content-note-box").focus()


class QuestionScreen(ModalScreen[None]):
    """At a decision: the story's question for the group, before the options are shown."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,enter", "reveal", "Reveal options", key_display="r"),
        Binding("t", "timer_toggle", "Timer"),
        Binding("plus,equals_sign", "timer_extend(60)", "+1 min", key_display="+"),
        Binding("minus", "timer_extend(-60)", "-1 min", key_display="-"),
        Binding("L", "timer_length", "Set time", key_display="L"),
        Binding("n", "toggle_notes", "Notes"),
        Binding("p", "app.pause", "Pause"),
    ]

    def __init__(self, view: SceneView, timer: DiscussionTimer, timer_on: bool) -> None:
        super().__init__()
        self.view = view
        self.timer = timer
        self.timer_on = timer_on

    @property
    def facilitator(self) -> WorkshopApp:
        """The facilitator-mode app showing this dialog (Textual types ``app`` as any App)."""
        return cast("WorkshopApp", self.app)

    def compose(self) -> ComposeResult:
        box = VerticalScroll(classes="workshop-dialog", id="question-box")
        box.border_title = f"Decision: {safe(self.view.title or self.view.scene)}"
        box.border_subtitle = "r reveal the options"
        with box:
            yield Static("Talk about it first", classes="heading")
            questions = self.view.questions or ("What would you do here, and why?",)
            for n, question in enumerate(questions, 1):
                yield Static(Content.assemble((f"{n}. ", "bold"), _para(question)), classes="question")
            if self.view.notes:
                with Vertical(id="notes"):
                    yield Static("Facilitator notes (n hides them)", classes="subheading")
                    for note in self.view.notes:
                        yield Static(_para(note), classes="note")
            yield Static(id="timer-line")
            yield Static(
                "r reveals the options for the vote. t starts or pauses a discussion timer; "
                "+ / - change it by a minute, L sets any length. p pauses everything.",
                classes="hint",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._refresh_timer()
        self.set_interval(1.0, self._refresh_timer)
        self.query_one("#question-box").focus()

    def _refresh_timer(self) -> None:
        now = time.monotonic()
        line = self.query_one("#timer-line", Static)
        if not self.timer_on:
            line.update(f"Discussion timer: off (t starts {clock(self.timer.length)}).")
            return
        left = self.timer.remaining(now)
        if left <= 0:
            state = "time is up (keep talking as long as you need; r when ready)"
        elif self.timer.running:
            state = "running"
        else:
            state = "paused"
        line.update(Content.assemble(("Discussion timer: ", "bold"), f"{clock(left)} left, {state}."))

    def action_reveal(self) -> None:
        self.timer.pause(time.monotonic())
        self.dismiss(None)

    def action_timer_toggle(self) -> None:
        self.timer_on = True
        self.facilitator.timer_on = True
        self.timer.toggle(time.monotonic())
        self._refresh_timer()

    def action_timer_extend(self, seconds: int) -> None:
        self.timer_on = True
        self.facilitator.timer_on = True
        self.timer.extend(seconds)
        self._refresh_timer()

    def action_timer_length(self) -> None:
        def done(seconds: float | None) -> None:
            if seconds is not None:
                self.timer_on = True
                self.facilitator.timer_on = True
                self.timer.set_length(seconds, time.monotonic())
            self._refresh_timer()

        self.app.push_screen(TimerLengthScreen(self.timer.length), done)

    def action_toggle_notes(self) -> None:
        for notes in self.query("#notes"):
            notes.display = not notes.display


class TimerLengthScreen(ModalScreen[float | None]):
    """Type any length for the discussion timer."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, current: float) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        box = Vertical(classes="workshop-dialog", id="timer-box")
        box.border_title = "Discussion timer length"
        box.border_subtitle = "enter set, esc cancel"
        with box:
            yield Static("Minutes (5), minutes:seconds (2:30) or seconds (90s):")
            yield Input(value=clock(self.current), id="timer-input")
            yield Static(id="timer-problem", classes="problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(parse_length(event.value))
        except ValueError as err:
            self.query_one("#timer-problem", Static).update(str(err))


class VoteScreen(ModalScreen[tuple[str, dict[str, int]] | None]):
    """Tally anonymous votes per option; Enter takes the group's pick (a tie asks the facilitator).

    Dismisses with ``(choice id, votes)``, or None to choose without a vote.
    """

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(n), f"number({n})", "Vote", key_display="1-9", show=n == 1) for n in range(1, 10)],
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("plus,equals_sign,right", "add(1)", "+1", key_display="+"),
        Binding("minus,left", "add(-1)", "-1", key_display="-"),
        Binding("0", "clear", "Clear"),
        Binding("v", "type_counts", "Type counts"),
        Binding("enter", "take", "Take the group's pick"),
        Binding("x", "no_vote", "No vote"),
        Binding("p", "app.pause", "Pause"),
    ]

    def __init__(self, view: SceneView) -> None:
        super().__init__()
        self.view = view
        self.options: tuple[ChoiceView, ...] = tuple(c for c in view.choices if c.enabled)
        self.counts: dict[str, int] = {c.id: 0 for c in self.options}
        self.highlight = 0
        self.tied: list[str] = []

    def compose(self) -> ComposeResult:
        box = VerticalScroll(classes="workshop-dialog", id="vote-box")
        box.border_title = f"Vote: {safe(self.view.title or self.view.scene)}"
        box.border_subtitle = "1-9 add a vote, enter take the pick"
        with box:
            yield Static(id="vote-table")
            unavailable = [c for c in self.view.choices if not c.enabled]
            for c in unavailable:
                yield Static(
                    Content.assemble(
                        f"   {c.number}. {safe(c.label)} ",
                        ("(unavailable: ", "italic"),
                        (safe(c.reason) or "not possible now", "italic"),
                        ")",
                    ),
                    classes="hint",
                )
            yield Input(placeholder="counts in option order, e.g. 3 5 1", id="counts-input")
            yield Static(id="vote-status")
            yield Static(
                "Press an option's number once per hand (or type all counts with v). "
                "Enter takes the option with the most votes; on a tie you decide. "
                "x chooses without a vote.",
                classes="hint",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#counts-input").display = False
        self._draw()
        self.query_one("#vote-box").focus()

    def _draw(self) -> None:
        lines = []
        top = max(self.counts.values(), default=0)
        width = min(max((len(safe(c.label)) for c in self.options), default=0), 48)
        for i, c in enumerate(self.options):
            mark = ">" if i == self.highlight else " "
            count = self.counts[c.id]
            bar = "#" * min(count, 30)
            lead = "  (most votes)" if top and count == top else ""
            label = safe(c.label)
            label = label if len(label) <= width else label[: width - 1] + "…"
            lines.append(
                Content.assemble(
                    f"{mark} ",
                    (f"{c.number}. ", "bold"),
                    label.ljust(width),
                    (f"{count:>4}", "bold"),
                    f" vote{'s' if count != 1 else ' '} {bar}{lead}",
                )
            )
        self.query_one("#vote-table", Static).update(Content("\n").join(lines))
        total = sum(self.counts.values())
        status = self.query_one("#vote-status", Static)
        if self.tied:
            names = " or ".join(f"{self._option(t).number}. {safe(self._option(t).label)}" for t in self.tied)
            status.update(Content.assemble(("Tie. ", "bold"), f"Facilitator: press the number of {names}."))
        else:
            status.update(f"{total} vote{'s' if total != 1 else ''} counted.")

    def _option(self, choice_id: str) -> ChoiceView:
        return next(c for c in self.options if c.id == choice_id)

    def action_move(self, delta: int) -> None:
        if self.options:
            self.highlight = (self.highlight + delta) % len(self.options)
            self._draw()

    def action_number(self, number: int) -> None:
        picked = next((c for c in self.options if c.number == number), None)
        if picked is None:
            self.app.bell()
            self.notify(f"Option {number} cannot be voted for here.", markup=False, timeout=3)
            return
        if self.tied:
            if picked.id in self.tied:
                self.dismiss((picked.id, dict(self.counts)))
            else:
                self.notify("Pick one of the tied options.", markup=False, timeout=3)
            return
        self.highlight = self.options.index(picked)
        self.counts[picked.id] += 1
        self._draw()

    def action_add(self, delta: int) -> None:
        if not self.options:
            return
        cid = self.options[self.highlight].id
        self.counts[cid] = max(self.counts[cid] + delta, 0)
        self.tied = []
        self._draw()

    def action_clear(self) -> None:
        self.counts = {c.id: 0 for c in self.options}
        self.tied = []
        self._draw()

    def action_type_counts(self) -> None:
        box = self.query_one("#counts-input", Input)
        box.display = True
        box.value = " ".join(str(self.counts[c.id]) for c in self.options)
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            counts = parse_counts(event.value, len(self.options))
        except VoteError as err:
            self.query_one("#vote-status", Static).update(f"Not counted: {err}.")
            return
        self.counts = {c.id: n for c, n in zip(self.options, counts, strict=True)}
        self.tied = []
        event.input.display = False
        self.query_one("#vote-box").focus()
        self._draw()

    def action_take(self) -> None:
        order = [c.id for c in self.options]
        top = leaders(self.counts, order)
        if not top:
            self.notify(
                "No votes counted yet: press option numbers, or x to choose without a vote.",
                markup=False,
                timeout=4,
            )
            return
        if len(top) == 1:
            self.dismiss((top[0], dict(self.counts)))
            return
        self.tied = top
        self._draw()

    def action_no_vote(self) -> None:
        self.dismiss(None)

    def split(self) -> str:
        labels = {c.id: c.label for c in self.options}
        return describe_split(self.counts, labels, [c.id for c in self.options])


class PauseScreen(ModalScreen[None]):
    """Pause anywhere: covers the game (and stops the discussion timer) until resumed."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p,enter,space,escape", "dismiss", "Resume", key_display="p")
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="pause-box"):
            yield Static("Paused", id="pause-title")
            yield Static("Press p to resume.", id="pause-hint")


class RewindScreen(ModalScreen[int | None]):
    """Go back to an earlier decision ("what if we had..."), or return to where the group was."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, entries: Sequence[tuple[int, str, str]], come_back: int | None) -> None:
        """``entries``: (turn to rewind to, scene title, choice made there); ``come_back``: the
        turn of the branch the group left, if any (returned as -1)."""
        super().__init__()
        self.entries = list(entries)
        self.come_back = come_back

    def compose(self) -> ComposeResult:
        box = Vertical(classes="workshop-dialog", id="rewind-box")
        box.border_title = "What if we had... (rewind to a decision)"
        box.border_subtitle = "enter go there, esc cancel"
        items = [
            MenuItem(f"turn-{turn}", f"{title}: instead of \u201c{label}\u201d", "")
            for turn, title, label in self.entries
        ]
        if self.come_back is not None:
            items.append(
                MenuItem("come-back", f"Return to where we were (after {self.come_back} choices)", "b")
            )
        with box:
            if not items:
                yield Static("There is no earlier decision yet.", classes="hint")
            yield Menu(items, id="rewind-menu")

    def on_mount(self) -> None:
        self.query_one(Menu).focus()

    def on_menu_picked(self, event: MenuPicked) -> None:
        event.stop()
        if event.item_id == "come-back":
            self.dismiss(-1)
        else:
            self.dismiss(int(event.item_id.removeprefix("turn-")))


class DebriefScreen(Screen[None]):
    """The debrief at an ending: path, roads not taken, votes, meters, and questions, as text."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,d", "dismiss", "Back to the ending", key_display="esc"),
        Binding("w", "app.rewind", "What if..."),
        Binding("f", "app.save_debrief", "Save as text"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="debrief-scroll"):
            yield Static(Content(safe(self.text)), id="debrief-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#debrief-scroll").focus()
