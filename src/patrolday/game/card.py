"""A story whose manifest is read now and whose scenes are loaded after the first frame.

Why: the title screen needs only the manifest (title, authors, blurb, content note), and
importing the loader and parsing every scene file (~70 ms on a slow machine) is most of
what separates ``patrolday``'s start-up from a bare Textual app's. So ``patrolday play``
reads the manifest, draws the title, and loads the scenes straight after the first frame;
a key pressed meanwhile waits for them. A story whose manifest has any problem is loaded
at once instead, so its errors are exactly those :func:`load_story` reports.

No Textual import here: this is plain data and file reading, tested without a screen.
The full-screen player and facilitator mode both start from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from patrolday.engine import Story


@dataclass(frozen=True, slots=True)
class TitleCard:
    """What the title screen shows, and the id saves are filed under."""

    id: str
    title: str
    authors: tuple[str, ...] = ()
    blurb: str = ""
    content_note: str = ""
    parts: tuple[str, ...] = ()  # part ids, to check ``--part`` before the scenes load
    language: str = "en"  # the language the text is shown in
    languages: tuple[str, ...] = ()  # the story's own language and those it has catalogs for

    @classmethod
    def of(cls, story: Story) -> TitleCard:
        return cls(
            story.id,
            story.title,
            story.authors,
            story.blurb,
            story.content_note,
            tuple(p.id for p in story.parts),
            story.language,
            _languages(story.root, story.language),
        )


class StorySource:
    """A story folder: its :class:`TitleCard` now, the whole :class:`Story` on :meth:`load`."""

    def __init__(
        self, folder: Path, card: TitleCard, story: Story | None = None, language: str | None = None
    ) -> None:
        self.folder = folder
        self.card = card
        self._story = story
        self.language = language  # the story's text from locales/LANG.po (None: as written)

    @classmethod
    def open(cls, folder: Path, language: str | None = None) -> StorySource:
        """Read ``folder``'s manifest. Raises :class:`StoryError` (from a full load) if it has problems."""
        from patrolday.engine import StoryError, read_manifest

        try:
            manifest = read_manifest(folder, language)
        except StoryError:
            return cls.of(_load(folder, language))  # the loader's own report of what is wrong
        own = manifest.language if language is None or manifest.language != language else None
        if own is None:  # shown translated: the story's own language is the untranslated manifest's
            own = read_manifest(folder).language
        card = TitleCard(
            manifest.id,
            manifest.title,
            manifest.authors,
            manifest.blurb,
            manifest.content_note,
            tuple(p.id for p in manifest.parts),
            manifest.language,
            _languages(manifest.root, own),
        )
        return cls(folder, card, language=language)

    @classmethod
    def of(cls, story: Story) -> StorySource:
        """A source for a story already loaded."""
        return cls(Path(story.root), TitleCard.of(story), story, story.language)

    @property
    def loaded(self) -> bool:
        return self._story is not None

    def load(self) -> Story:
        """The whole story (loaded once). Raises :class:`StoryError` with every diagnostic."""
        if self._story is None:
            self._story = _load(self.folder, self.language)
        return self._story


def _languages(root: str, own: str) -> tuple[str, ...]:
    """The story's own language first, then those of its catalogs (``locales/*.po``); () when
    there is no catalog (nothing to switch between)."""
    from patrolday.engine import languages

    found = languages(root)
    return tuple(dict.fromkeys((own, *found))) if found else ()


def _load(folder: Path, language: str | None = None) -> Story:
    from patrolday.engine import load_story

    return load_story(folder, language)
