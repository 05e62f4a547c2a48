"""A decision scene as the phones see it: the question, the options that can be taken, the text.

Kept apart from :mod:`.state` (which knows nothing of stories) so the room's rules do not
depend on the engine; facilitator mode calls :func:`decision_for` at each decision.

A phone may read the story in another language than the projector (the page's language
switch, issue 17). Game states hold ids only, so the same state presented with the story
read in that language gives the same options in that language: :class:`StoryVersions`
keeps the story in each of its languages and presents the facilitator's state in each.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from pathlib import Path

from patrolday.engine import (
    GameState,
    PatroldayError,
    SceneView,
    Story,
    StoryError,
    languages,
    load_story,
    present,
    read_manifest,
    translated,
)
from patrolday.game.labels import ending_name

from .state import Decision, RoomOption, Wording

_EMPHASIS = re.compile(r"(\*\*|\*|__|_)(?=\S)(.+?)(?<=\S)\1")


def plain(text: str) -> str:
    """Story text without its emphasis marks (``*word*``): the phone shows text, not markup."""
    return " ".join(_EMPHASIS.sub(r"\2", text).split())


def _words(
    view: SceneView, read_along: bool
) -> tuple[str, tuple[str, ...], tuple[RoomOption, ...], tuple[str, ...]]:
    options = tuple(RoomOption(c.id, c.number, plain(c.label)) for c in view.choices if c.enabled)
    text = tuple(plain(b.text) for b in view.blocks if b.text.strip()) if read_along else ()
    return plain(view.title or ""), tuple(plain(q) for q in view.questions), options, text


def decision_for(
    view: SceneView, read_along: bool = False, others: Mapping[str, SceneView] | None = None
) -> Decision:
    """What the phones are offered at ``view``: only options that can be taken, numbered as on
    the projector; the scene's paragraphs too when ``read_along``; and the same words in each
    of ``others`` (language -> the same moment presented in that language).

    A scene without questions gets none here: the page asks its own default question, in
    the phone's language."""
    title, questions, options, text = _words(view, read_along)
    versions = {}
    for language, other in (others or {}).items():
        o_title, o_questions, o_options, o_text = _words(other, read_along)
        versions[language] = Wording(o_title, o_questions, {o.id: o.label for o in o_options}, o_text)
    return Decision(title, questions, options, text, versions)


class StoryVersions:
    """The facilitator's story in each of its other languages, for phones that read one of them.

    Reading a translation takes most of a second for the bundled story, so :meth:`prepare`
    runs in a background thread while the join screen shows (facilitator mode calls
    :meth:`start`); a decision offered before a language is ready is offered without it
    (those phones read the projector's words). The engine is pure, so reading a story
    from another thread is safe. ``--watch`` may swap the story: the versions follow it.
    """

    def __init__(self, story: Story) -> None:
        self._reset(story)

    def _reset(self, story: Story) -> None:
        self.story = story
        try:
            found = languages(story.root)
            written = read_manifest(Path(story.root)).language if found else story.language
        except (OSError, StoryError):
            found, written = (), story.language
        # The language shown first, then the one it is written in, then its catalogs'.
        self.languages: tuple[str, ...] = (
            tuple(dict.fromkeys((story.language, written, *found))) if found else ()
        )
        self._written = written
        self._ready: dict[str, Story] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Read the other languages in the background (once)."""
        if self._thread is None and len(self.languages) > 1:
            self._thread = threading.Thread(target=self.prepare, name="room-languages", daemon=True)
            self._thread.start()

    def prepare(self) -> None:
        """Read the story in each of its other languages now."""
        story = self.story
        source: Story | None = None
        for language in self.languages:
            if language == story.language:
                continue
            try:
                if source is None:
                    # The story as written: a story shown translated is read again untranslated.
                    source = story if story.language == self._written else load_story(Path(story.root))
                other = source if language == source.language else translated(source, language)[0]
            except (StoryError, OSError):
                continue
            with self._lock:
                self._ready[language] = other

    def _stories(self, story: Story) -> dict[str, Story]:
        if story is not self.story:  # --watch reloaded the story: its translations are read again
            self._reset(story)
            self.start()
        with self._lock:
            return dict(self._ready)

    def views(self, story: Story, state: GameState) -> dict[str, SceneView]:
        """The moment ``state`` presented in each other language that is ready."""
        out = {}
        for language, other in self._stories(story).items():
            try:
                out[language] = present(other, state)
            except (KeyError, PatroldayError):  # a translation out of step with the story: skip it
                continue
        return out

    def endings(self, story: Story, scene: str) -> dict[str, str]:
        """The ending ``scene``'s title in each other language that is ready."""
        return {language: ending_name(other, scene) for language, other in self._stories(story).items()}
