"""The facilitator's screens: content note, discussion question, vote tally, pause, rewind, debrief.

Each is small and only reports what the facilitator asked for (by dismissing with a
result); :mod:`patrolday.tui.workshop.app` decides what happens to the game. Story text is
always wrapped in ``Content`` (never parsed as markup), and every state is said in words
(no colour-only meaning): "tie", "timer paused", "3 votes".
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from patrolday.engine import ChoiceView, SceneView
from patrolday.i18n import N_, _, ngettext
from patrolday.tui.clean import safe
from patrolday.tui.messages import MenuPicked
from patrolday.tui.widgets.keys import KeyLine
from patrolday.tui.widgets.menu import Menu, MenuItem
from patrolday.workshop.room.state import Change
from patrolday.workshop.timer import DiscussionTimer, clock, parse_length
from patrolday.workshop.votes import VoteError, describe_split, leaders, parse_counts

if TYPE_CHECKING:
    from patrolday.tui.workshop.app import WorkshopApp
    from patrolday.tui.workshop.room import RoomHost

CSS_PATH = Path(__file__).parent / "workshop.tcss"


def _para(text: str) -> Content:
    return Content(" ".join(safe(text).split()))


def with_bold(template: str, name: str, value: str, **others: object) -> Content:
    """A translated ``template`` with ``{name}`` drawn in bold: the translation may move it."""
    before, found, after = template.partition("{" + name + "}")
    if not found:
        return Content(template.format(**others))
    return Content.assemble(before.format(**others), (value, "bold"), after.format(**others))


def logged_line(folder: Path) -> str:
    """That a session log is being written, and where (plain mode and the title say it too)."""
    return _(
        "This game is logged: an anonymous session log (choices, meters and times, no names) "
        "goes to {folder}. Play with --no-log to keep no log."
    ).format(folder=folder)


class ContentNoteScreen(ModalScreen[None]):
    """Shown first in workshop mode: what content is coming, so people can prepare or step out."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,escape", "dismiss", N_("Continue"), key_display="enter")
    ]

    def __init__(self, title: str, note: str, logged: Path | None = None) -> None:
        super().__init__()
        self.story_title = title
        self.note = note
        self.logged = logged  # the session log's folder, said here: nobody is recorded unaware

    def compose(self) -> ComposeResult:
        box = VerticalScroll(classes="workshop-dialog", id="content-note-box")
        box.border_title = _("Before you start")
        box.border_subtitle = _("enter continue")
        with box:
            yield Static(Content.assemble((safe(self.story_title), "bold")), classes="heading")
            yield Static(
                Content.assemble((_("Content note: "), "bold"), _para(self.note)), id="content-note-text"
            )
            yield Static(
                _(
                    "Read this to the group. Anyone may step out or stay silent; votes are counted, "
                    "never named. Heavy scenes can be summarised instead (h)."
                ),
                classes="hint",
            )
            if self.logged is not None:
                yield Static(Content(logged_line(self.logged)), classes="hint", id="logged")

    def on_mount(self) -> None:
        self.query_one("#content-note-box").focus()


class PeekMixin:
    """``space`` hides the facilitator's dialog so the room can read the scene under it (and
    ``PgUp``/``PgDn`` page that text); ``space`` again brings the dialog back."""

    BOX_ID: ClassVar[str] = ""

    def action_peek(self) -> None:
        screen = cast("ModalScreen[object]", self)
        box = screen.query_one(f"#{self.BOX_ID}")
        box.display = not box.display
        screen.query_one("#peek-line", Static).display = not box.display
        if box.display:
            box.focus()

    def action_scroll_scene(self, pages: int) -> None:
        screen = cast("ModalScreen[object]", self)
        stack = screen.app.screen_stack
        below = stack[-2] if len(stack) > 1 else None
        if below is not None and hasattr(below, "action_scroll_text"):
            below.action_scroll_text(pages)


PEEK_BINDINGS: list[BindingType] = [
    Binding("space", "peek", N_("Read the scene"), key_display="space"),
    Binding("pagedown", "scroll_scene(1)", N_("Scene down"), show=False),
    Binding("pageup", "scroll_scene(-1)", N_("Scene up"), show=False),
]
PEEK_TEXT = N_("Reading the scene: space brings the decision back, PgUp/PgDn scroll.")


class QuestionScreen(PeekMixin, ModalScreen[None]):
    """At a decision: the story's question for the group, before the options are shown.

    The timer and the room's join line sit at the top of the dialog, fixed (they never scroll
    away); the facilitator notes follow the app's ``show_notes`` (``n`` flips it for this and
    every later decision; ``--projector`` starts with them hidden)."""

    CSS_PATH = CSS_PATH
    BOX_ID = "question-box"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,enter", "reveal", N_("Reveal the options"), key_display="r"),
        Binding("t", "timer_toggle", N_("Timer")),
        Binding("plus,equals_sign", "timer_extend(60)", N_("+1 min"), key_display="+", show=False),
        Binding("minus", "timer_extend(-60)", N_("-1 min"), key_display="-", show=False),
        Binding("L", "timer_length", N_("Set time"), key_display="L", show=False),
        Binding("n", "toggle_notes", N_("Notes")),
        *PEEK_BINDINGS,
        Binding("p", "app.pause", N_("Pause")),
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
        box.border_title = _("Decision: {scene}").format(scene=safe(self.view.title or self.view.scene))
        box.border_subtitle = _("r reveal the options")
        with box:
            yield Static(id="timer-line", classes="fixed-line")
            yield Static(id="room-line", classes="fixed-line")
            yield Static(_("Talk about it first"), classes="heading")
            questions = self.view.questions or (_("What would you do here, and why?"),)
            for n, question in enumerate(questions, 1):
                yield Static(Content.assemble((f"{n}. ", "bold"), _para(question)), classes="question")
            if self.view.notes:
                with Vertical(id="notes"):
                    yield Static(_("Facilitator notes (n hides them)"), classes="subheading")
                    for note in self.view.notes:
                        yield Static(_para(note), classes="note")
            yield Static(
                _(
                    "r reveals the options for the vote. t starts or pauses a discussion timer; "
                    "+ / - change it by a minute, L sets any length. space shows the scene. "
                    "p pauses everything."
                ),
                classes="hint",
            )
        yield Static(_(PEEK_TEXT), id="peek-line")
        yield KeyLine([*self.BINDINGS, *self.app.BINDINGS])

    def on_mount(self) -> None:
        self.query_one("#peek-line").display = False
        for notes in self.query("#notes"):
            notes.display = self.facilitator.show_notes
        room = self.facilitator.room_host
        line = self.query_one("#room-line", Static)
        line.display = room is not None
        if room is not None:
            line.update(room.line())
            room.room.listeners.append(self._room_changed)
        self._refresh_timer()
        self.set_interval(1.0, self._refresh_timer)
        self.query_one("#question-box").focus()

    def on_unmount(self) -> None:
        room = self.facilitator.room_host
        if room is not None and self._room_changed in room.room.listeners:
            room.room.listeners.remove(self._room_changed)

    def _room_changed(self, change: Change) -> None:
        room = self.facilitator.room_host
        if change.kind == "join" and room is not None:
            self.query_one("#room-line", Static).update(room.line())

    def _refresh_timer(self) -> None:
        now = time.monotonic()
        line = self.query_one("#timer-line", Static)
        if not self.timer_on:
            line.update(
                Content.assemble(
                    (_("Discussion timer: "), "bold"),
                    _("off (t starts {length})").format(length=clock(self.timer.length)),
                )
            )
            return
        left = self.timer.remaining(now)
        if left <= 0:
            state = _("time is up (keep talking as long as you need; r when ready)")
        elif self.timer.running:
            state = _("running (t pauses)")
        else:
            state = _("paused (t runs)")
        line.update(
            Content.assemble(
                (_("Discussion timer: "), "bold"),
                with_bold(_("{time} left, {state}"), "time", clock(left), state=state),
            )
        )

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
                self.timer.start(time.monotonic())
            self._refresh_timer()

        self.app.push_screen(TimerLengthScreen(self.timer.length), done)

    def action_toggle_notes(self) -> None:
        """Hide or show the notes, here and at every later decision (the choice carries over)."""
        self.facilitator.show_notes = not self.facilitator.show_notes
        for notes in self.query("#notes"):
            notes.display = self.facilitator.show_notes
        if self.view.notes:
            self.notify(
                _("Facilitator notes shown.")
                if self.facilitator.show_notes
                else _("Facilitator notes hidden (n shows)."),
                markup=False,
                timeout=2,
            )


class TimerLengthScreen(ModalScreen[float | None]):
    """Type any length for the discussion timer."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", N_("Cancel"))]

    def __init__(self, current: float) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        box = Vertical(classes="workshop-dialog", id="timer-box")
        box.border_title = _("Discussion timer length")
        box.border_subtitle = _("enter set, esc cancel")
        with box:
            yield Static(_("Minutes (5), minutes:seconds (2:30) or seconds (90s):"))
            yield Input(value=clock(self.current), id="timer-input")
            yield Static(id="timer-problem", classes="problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(parse_length(event.value))
        except ValueError as err:
            self.query_one("#timer-problem", Static).update(str(err))


BAR_CELLS = 20
"""Width of a tally bar: the whole bar is every vote cast (100%), so bars compare across decisions."""


def tally_bar(count: int, total: int, cells: int = BAR_CELLS) -> str:
    """``count`` of ``total`` as a bar of ``cells`` characters, filled and empty, so the scale
    shows (and the numbers beside it carry the meaning; never colour alone)."""
    filled = round(cells * count / total) if total else 0
    if count and not filled:
        filled = 1  # one vote is never drawn as none
    return "█" * filled + "·" * (cells - filled)


class VoteScreen(PeekMixin, ModalScreen[tuple[str, dict[str, int]] | None]):
    """Tally anonymous votes per option; Enter closes the vote and takes the group's pick (a tie
    asks the facilitator).

    Raised hands are counted with the number keys. In a room (``--room``) the phones' votes
    arrive live and are shown apart from the hands; Enter closes the room's vote first, so a
    phone's vote after that is refused. Every label is shown whole, wrapped, never cut.

    Dismisses with ``(choice id, votes)`` (votes: phones and hands together), or None to
    choose without a vote.
    """

    CSS_PATH = CSS_PATH
    BOX_ID = "vote-box"
    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(n), f"number({n})", N_("Hand"), key_display="1-9", show=n == 1) for n in range(1, 10)],
        Binding("up,k", "move(-1)", N_("Up"), show=False),
        Binding("down,j", "move(1)", N_("Down"), show=False),
        Binding("plus,equals_sign,right", "add(1)", "+1", key_display="+", show=False),
        Binding("minus,left", "add(-1)", "-1", key_display="-", show=False),
        Binding("0", "clear", N_("Clear hands"), show=False),
        Binding("v", "type_counts", N_("Type counts")),
        Binding("enter", "take", N_("Close the vote")),
        Binding("x", "no_vote", N_("No vote")),
        *PEEK_BINDINGS,
        Binding("p", "app.pause", N_("Pause")),
    ]

    def __init__(self, view: SceneView, room: RoomHost | None = None) -> None:
        super().__init__()
        self.view = view
        self.host = room
        self.options: tuple[ChoiceView, ...] = tuple(c for c in view.choices if c.enabled)
        self.hands: dict[str, int] = {c.id: 0 for c in self.options}
        self.highlight = 0
        self.tied: list[str] = []
        self._redraw_due = False

    @property
    def counts(self) -> dict[str, int]:
        """Votes per option: the phones' (in a room) and the hands together."""
        phones = self._phones()
        return {c.id: self.hands[c.id] + phones.get(c.id, 0) for c in self.options}

    def _phones(self) -> dict[str, int]:
        return dict(self.host.room.tally().phones) if self.host is not None else {}

    def compose(self) -> ComposeResult:
        box = VerticalScroll(classes="workshop-dialog", id="vote-box")
        box.border_title = _("Vote: {scene}").format(scene=safe(self.view.title or self.view.scene))
        box.border_subtitle = _("enter close the vote and take the pick")
        with box:
            yield Static(id="room-line", classes="fixed-line")
            for i, c in enumerate(self.options):
                with Horizontal(classes="vote-row"):
                    yield Static(id=f"vote-mark-{i}", classes="vote-mark")
                    yield Static(Content(safe(c.label)), classes="vote-label")
                yield Static(id=f"vote-bar-{i}", classes="vote-bar")
            unavailable = [c for c in self.view.choices if not c.enabled]
            for c in unavailable:
                yield Static(
                    Content.assemble(
                        f"{c.number}. {safe(c.label)} ",
                        ("(" + _("unavailable: "), "italic"),
                        (safe(c.reason) or _("not possible now"), "italic"),
                        ")",
                    ),
                    classes="hint unavailable",
                )
            yield Input(placeholder=_("hands in option order, e.g. 3 5 1"), id="counts-input")
            yield Static(id="vote-status")
            yield Static(self._help(), classes="hint")
        yield Static(_(PEEK_TEXT), id="peek-line")
        yield KeyLine([*self.BINDINGS, *self.app.BINDINGS])

    def _help(self) -> str:
        room = (
            _(
                "Phones vote on their own; press an option's number once per raised hand for people "
                "without one (+ / - change the highlighted one, 0 clears the hands, v types them all)."
            )
            if self.host is not None
            else _(
                "Press an option's number once per raised hand (+ / - change the highlighted one, "
                "0 clears, v types all counts)."
            )
        )
        return (
            room
            + " "
            + _(
                "Enter closes the vote and takes the option with the most votes; on a tie you decide. "
                "x chooses without a vote."
            )
        )

    def on_mount(self) -> None:
        self.query_one("#counts-input").display = False
        self.query_one("#peek-line").display = False
        line = self.query_one("#room-line", Static)
        line.display = self.host is not None
        if self.host is not None:
            line.update(self.host.line())
            self.host.room.listeners.append(self._room_changed)
        self._draw()
        self.query_one("#vote-box").focus()
        if self.host is not None:
            # The phones get the options when the projector shows them, not before: a vote
            # that came in while this screen was being built would wait for its first frame.
            self.call_after_refresh(self.host.room.reveal)

    def on_unmount(self) -> None:
        if self.host is not None and self._room_changed in self.host.room.listeners:
            self.host.room.listeners.remove(self._room_changed)

    def _room_changed(self, change: Change) -> None:
        """A phone voted or joined: draw the tally once, however many votes came together."""
        if self._redraw_due:
            return
        self._redraw_due = True
        # Straight on the event loop, not through this screen's message queue: a change that
        # arrives inside a refresh (the reveal) would otherwise wait there while votes pile up.
        asyncio.get_running_loop().call_soon(self._redraw)

    def _redraw(self) -> None:
        self._redraw_due = False
        if not self.is_attached:
            return
        if self.host is not None:
            self.query_one("#room-line", Static).update(self.host.line())
        self._draw()

    def _draw(self) -> None:
        counts = self.counts
        phones = self._phones()
        total = sum(counts.values())
        top = max(counts.values(), default=0)
        for i, c in enumerate(self.options):
            mark = ">" if i == self.highlight else " "
            self.query_one(f"#vote-mark-{i}", Static).update(
                Content.assemble(f"{mark} ", (f"{c.number}.", "bold"))
            )
            count = counts[c.id]
            detail = ""
            if self.host is not None:
                on_phones, hands = phones.get(c.id, 0), self.hands[c.id]
                detail = (
                    " ("
                    + ngettext("{count} phone", "{count} phones", on_phones).format(count=on_phones)
                    + ", "
                    + ngettext("{count} hand", "{count} hands", hands).format(count=hands)
                    + ")"
                )
            lead = "  " + _("most votes") if top and count == top else ""
            votes = ngettext("{count} vote", "{count} votes", count)
            self.query_one(f"#vote-bar-{i}", Static).update(
                Content.assemble(
                    tally_bar(count, total),
                    " ",
                    with_bold(votes, "count", str(count)),
                    detail,
                    (lead, "bold"),
                )
            )
        status = self.query_one("#vote-status", Static)
        if self.tied:
            numbers = [str(self._option(t).number) for t in self.tied]
            listed = _("{first} and {last}").format(first=", ".join(numbers[:-1]), last=numbers[-1])
            keys = numbers[0]
            for number in numbers[1:]:
                keys = _("{first} or {last}").format(first=keys, last=number)
            each = ngettext(
                "{numbers} have {count} vote each. Press {keys} to take one.",
                "{numbers} have {count} votes each. Press {keys} to take one.",
                top,
            )
            status.update(
                Content.assemble((_("Tie: "), "bold"), each.format(numbers=listed, count=top, keys=keys))
            )
        elif self.host is not None:
            tally = self.host.room.tally()
            closed = " " + _("The vote is closed.") if self.host.room.phase == "closed" else ""
            said = ngettext(
                "{voted} of {devices} phones voted, {hands} hands: {total} vote in all.",
                "{voted} of {devices} phones voted, {hands} hands: {total} votes in all.",
                total,
            )
            status.update(
                said.format(
                    voted=tally.voted, devices=tally.devices, hands=sum(self.hands.values()), total=total
                )
                + closed
            )
        else:
            status.update(
                ngettext("{count} vote counted.", "{count} votes counted.", total).format(count=total)
            )
        drawn = self.facilitator.tally_drawn
        if drawn is not None and self.host is not None:
            version = self.host.room.version
            self.call_after_refresh(drawn, version)

    @property
    def facilitator(self) -> WorkshopApp:
        return cast("WorkshopApp", self.app)

    def _option(self, choice_id: str) -> ChoiceView:
        return next(c for c in self.options if c.id == choice_id)

    def _hands_changed(self) -> None:
        if self.host is not None:
            self.host.room.set_hands(self.hands)
        self._draw()

    def action_move(self, delta: int) -> None:
        if self.options:
            self.highlight = (self.highlight + delta) % len(self.options)
            self._draw()

    def action_number(self, number: int) -> None:
        picked = next((c for c in self.options if c.number == number), None)
        if picked is None:
            self.app.bell()
            self.notify(
                _("Option {number} cannot be voted for here.").format(number=number), markup=False, timeout=3
            )
            return
        if self.tied:
            if picked.id in self.tied:
                self.dismiss((picked.id, self.counts))
            else:
                self.notify(_("Pick one of the tied options."), markup=False, timeout=3)
            return
        self.highlight = self.options.index(picked)
        self.hands[picked.id] += 1
        self._hands_changed()

    def action_add(self, delta: int) -> None:
        if not self.options:
            return
        cid = self.options[self.highlight].id
        self.hands[cid] = max(self.hands[cid] + delta, 0)
        self.tied = []
        self._hands_changed()

    def action_clear(self) -> None:
        self.hands = {c.id: 0 for c in self.options}
        self.tied = []
        self._hands_changed()

    def action_type_counts(self) -> None:
        box = self.query_one("#counts-input", Input)
        box.display = True
        box.value = " ".join(str(self.hands[c.id]) for c in self.options)
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            counts = parse_counts(event.value, len(self.options))
        except VoteError as err:
            self.query_one("#vote-status", Static).update(_("Not counted: {error}.").format(error=err))
            return
        self.hands = {c.id: n for c, n in zip(self.options, counts, strict=True)}
        self.tied = []
        event.input.display = False
        self.query_one("#vote-box").focus()
        self._hands_changed()

    def action_take(self) -> None:
        order = [c.id for c in self.options]
        if self.host is not None:
            self.host.room.set_hands(self.hands)
        top = leaders(self.counts, order)
        if not top:
            self.notify(
                _(
                    "No votes counted yet: wait for the phones, press option numbers for hands, "
                    "or x to choose without a vote."
                ),
                markup=False,
                timeout=4,
            )
            return
        if self.host is not None:
            self.host.room.close()  # from now on a phone's vote is refused
        if len(top) == 1:
            self.dismiss((top[0], self.counts))
            return
        self.tied = top
        self._draw()

    def action_no_vote(self) -> None:
        if self.host is not None:
            self.host.room.close()
        self.dismiss(None)

    def split(self) -> str:
        labels = {c.id: c.label for c in self.options}
        return describe_split(self.counts, labels, [c.id for c in self.options])


class PauseScreen(ModalScreen[None]):
    """Pause anywhere: covers the game (and stops the discussion timer) until resumed."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p,enter,space,escape", "dismiss", N_("Resume"), key_display="p")
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="pause-box"):
            yield Static(_("Paused"), id="pause-title")
            yield Static(_("Press p to resume."), id="pause-hint")


class RewindScreen(ModalScreen[int | None]):
    """Go back to an earlier decision ("what if we had..."), or return to where the group was."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", N_("Cancel"))]

    def __init__(self, entries: Sequence[tuple[int, str, str]], come_back: int | None) -> None:
        """``entries``: (turn to rewind to, scene title, choice made there); ``come_back``: the
        turn of the branch the group left, if any (returned as -1)."""
        super().__init__()
        self.entries = list(entries)
        self.come_back = come_back

    def compose(self) -> ComposeResult:
        box = Vertical(classes="workshop-dialog", id="rewind-box")
        box.border_title = _("What if we had... (rewind to a decision)")
        box.border_subtitle = _("enter go there, esc cancel")
        items = [
            MenuItem(
                f"turn-{turn}", _("{scene} (the group chose: {choice})").format(scene=title, choice=label)
            )
            for turn, title, label in self.entries
        ]
        if self.come_back is not None:
            back = ngettext(
                "Return to where we were (after {count} choice)",
                "Return to where we were (after {count} choices)",
                self.come_back,
            )
            items.append(MenuItem("come-back", back.format(count=self.come_back), "b"))
        with box:
            if not items:
                yield Static(_("There is no earlier decision yet."), classes="hint")
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
        Binding("escape,d", "dismiss", N_("Back to the ending"), key_display="esc"),
        Binding("w", "app.rewind", N_("What if...")),
        Binding("f", "app.save_debrief", N_("Save as text")),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="debrief-scroll"):
            yield Static(Content(safe(self.text)), id="debrief-text")
        yield KeyLine([*self.BINDINGS, *self.app.BINDINGS])

    def on_mount(self) -> None:
        self.query_one("#debrief-scroll").focus()
