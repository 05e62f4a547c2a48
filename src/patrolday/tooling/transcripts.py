"""Golden transcripts: a playthrough written down, replayed to prove the story still tells it.

A transcript is a small text file, usually ``STORY/tests/NAME.transcript``::

    # Patrol Day: the porch ending.       <- comments start with #
    part: patrol                          <- optional headers, before the first step
    seed: 0
    lang: es                              <- optional: the story's text in this language
    from: front-yard                      <- optional: begin at this scene (pin one scene)
    set: trust=3, met=true                <- optional: variables set before it (repeatable)
    > Roll call, 1:45 p.m.                <- text that must appear now
    promise  # Promise him ...            <- a choice: its id or its number; "# ..." is a comment
    > "Queue down," she says.
    end: end-porch                        <- the story must be at this ending (id or title)

Each ``>`` line must appear in what the player sees at that point (title, text, options,
ending title), ignoring ``*``/``_`` emphasis marks and runs of spaces. Replaying uses the
real runtime, seeded, so shuffled text is the same every time. When something no longer
matches, :func:`replay_transcript` rebuilds the transcript as the story plays now, so the
command can show a unified diff of expected against actual.

A transcript with ``lang: es`` is the same kind of proof for a translation: it is replayed
on the story as its catalog ``locales/es.po`` tells it, so a changed or lost translation
fails like changed English. Transcripts in a language live in ``STORY/tests/LANG/``
(:func:`all_transcripts`), and :func:`follow_transcript` turns an English transcript into
one in another language, along the same path, checking the same texts.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from patrolday.engine import (
    GameState,
    PatroldayError,
    PresetError,
    SceneView,
    Story,
    Value,
    choose,
    parse_preset,
    present,
    scene_problem,
    start,
    translated,
    valid_language,
)

from .findings import StoryPath

SUFFIX = ".transcript"


class TranscriptError(PatroldayError):
    """A transcript file that cannot be read; the message names file and line."""


@dataclass(frozen=True, slots=True)
class Line:
    """One instruction: ``expect`` (text), ``choose`` (id or number) or ``end`` (ending)."""

    kind: str
    value: str
    number: int  # 1-based line in the file
    source: str  # the line as written, for the diff


@dataclass(frozen=True, slots=True)
class Transcript:
    name: str
    part: str | None
    seed: int
    lines: tuple[Line, ...]
    text: tuple[str, ...]  # every line of the file, as written
    origin: str | None = None  # ``from:``: the scene the game begins at
    origin_line: int = 0
    preset: tuple[tuple[str, int], ...] = ()  # ``set:`` assignments as written, with their line
    language: str | None = None  # ``lang:``: the story is replayed in this language (None: as written)
    language_line: int = 0


@dataclass(frozen=True, slots=True)
class Failure:
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of a replay: failures (empty when it passed) and the transcript as it plays now."""

    transcript: Transcript
    failures: tuple[Failure, ...]
    actual: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures

    def diff(self) -> str:
        """Unified diff, expected (the file) against actual (the story now)."""
        return "".join(
            difflib.unified_diff(
                [t + "\n" for t in self.transcript.text],
                [t + "\n" for t in self.actual],
                fromfile=f"{self.transcript.name} (expected)",
                tofile=f"{self.transcript.name} (story now)",
            )
        )


_HEADER = re.compile(r"(part|seed|lang|from|set)\s*:\s*(.*)\Z")
_END = re.compile(r"end\s*:\s*(.+)\Z")
_THE_END = "THE END: "  # how an ending's title reads among the lines a ``>`` is looked for in


def parse_transcript(text: str, name: str) -> Transcript:
    """Read a transcript; raises :class:`TranscriptError` naming ``name:line`` on mistakes."""
    part: str | None = None
    seed = 0
    origin: str | None = None
    origin_line = 0
    preset: list[tuple[str, int]] = []
    language: str | None = None
    language_line = 0
    lines: list[Line] = []
    raw = text.splitlines()
    for number, source in enumerate(raw, 1):
        stripped = source.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith(">"):
            expected = stripped[1:].strip()
            if not expected:
                raise TranscriptError(f"{name}:{number}: '>' needs the text that must appear after it")
            lines.append(Line("expect", expected, number, source))
            continue
        command = stripped.split(" #", 1)[0].strip()
        if m := _HEADER.match(command):
            if any(line.kind != "expect" for line in lines):
                raise TranscriptError(f"{name}:{number}: '{m.group(1)}:' must come before the first choice")
            if m.group(1) == "part":
                part = m.group(2).strip()
            elif m.group(1) == "lang":
                language, language_line = m.group(2).strip(), number
                if not valid_language(language):
                    raise TranscriptError(
                        f"{name}:{number}: lang: {language!r} is not a language code; "
                        "write the code of the story's catalog, as in lang: es (locales/es.po)"
                    )
            elif m.group(1) == "from":
                origin, origin_line = m.group(2).strip(), number
            elif m.group(1) == "set":
                preset += [(a.strip(), number) for a in m.group(2).split(",") if a.strip()]
            else:
                try:
                    seed = int(m.group(2))
                except ValueError:
                    raise TranscriptError(f"{name}:{number}: seed must be a whole number") from None
            continue
        if m := _END.match(command):
            lines.append(Line("end", m.group(1).strip(), number, source))
            continue
        if " " in command or ":" in command:
            raise TranscriptError(
                f"{name}:{number}: cannot read {command!r}; write a choice id or number, "
                "'> text', 'end: ending-id', or a '# comment'"
            )
        lines.append(Line("choose", command, number, source))
    return Transcript(
        name,
        part,
        seed,
        tuple(lines),
        tuple(raw),
        origin,
        origin_line,
        tuple(preset),
        language,
        language_line,
    )


def load_transcripts(folder: Path) -> list[Transcript]:
    """Every ``*.transcript`` in ``folder``, sorted by name (not those in its language folders)."""
    return [_read_transcript(path) for path in sorted(folder.glob("*" + SUFFIX))]


def all_transcripts(folder: Path) -> list[Transcript]:
    """Every transcript of a story's ``tests`` folder: its own, then each language folder's.

    ``tests/es/*.transcript`` are the Spanish ones. Each must say ``lang: es`` itself, so a
    file means the same when it is named alone on the command line; one that says nothing,
    or another language, is a mistake this names rather than replays in the wrong language.
    """
    out = load_transcripts(folder)
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        for transcript in load_transcripts(sub):
            if transcript.language != sub.name:
                raise TranscriptError(
                    f"{transcript.name}:{transcript.language_line or 1}: a transcript in "
                    f"{folder.name}/{sub.name}/ starts with 'lang: {sub.name}'"
                    + (f", not 'lang: {transcript.language}'" if transcript.language else "")
                )
            out.append(transcript)
    return out


def _read_transcript(path: Path) -> Transcript:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise TranscriptError(f"{path}: cannot read: {err}") from None
    return parse_transcript(text, str(path))


# -- replay ------------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(text.replace("*", "").replace("_", "").split())


def view_lines(view: SceneView) -> list[str]:
    """What the player sees, one line per title, paragraph, option and ending."""
    lines = [view.title] if view.title else []
    lines += [block.text for block in view.blocks]
    lines += [f"{c.number}. {c.label}" for c in view.choices]
    if view.ending:
        lines.append(f"{_THE_END}{view.ending}")
    return lines


def _closest(expected: str, seen: list[str]) -> str:
    """The piece of ``seen`` most like ``expected``: a sentence if possible, else a whole line."""
    pieces = [p for line in seen for p in re.split(r"(?<=[.!?\"”])\s+", _normal(line)) if p]
    pieces += [_normal(line) for line in seen]
    best = difflib.get_close_matches(_normal(expected), pieces, n=1, cutoff=0.0)
    return best[0] if best else "(nothing)"


def story_in(story: Story, language: str | None, given: str | Path | None = None) -> Story | str:
    """``story`` in ``language`` (None, or the story's own: as written), or why it cannot be.

    A language with no catalog is refused rather than replayed as the story as written: a
    Spanish transcript would only fail line by line, and the cause is one missing file.
    """
    if language is None or language == story.language:
        return story
    result, _problems = translated(story, language, given)  # broken entries show as players see them
    if result.language != language:
        folder = given if given is not None else story.root
        return (
            f"no catalog for '{language}' in {Path(folder, 'locales')} "
            f"(make one with: patrolday translate {folder} --lang {language})"
        )
    return result


def replay_all(story: Story, transcripts: list[Transcript], given: str | Path | None = None) -> list[Result]:
    """Replay each transcript in its own language (``lang:``), translating ``story`` once per language."""
    stories: dict[str | None, Story | str] = {}
    results = []
    for transcript in transcripts:
        if transcript.language not in stories:
            stories[transcript.language] = story_in(story, transcript.language, given)
        told = stories[transcript.language]
        if isinstance(told, str):
            failure = Failure(transcript.language_line, told)
            results.append(Result(transcript, (failure,), transcript.text))
        else:
            results.append(replay_transcript(told, transcript))
    return results


def replay_transcript(story: Story, transcript: Transcript) -> Result:
    """Play ``transcript`` through the real runtime and compare (``story`` in its language)."""
    failures: list[Failure] = []
    actual = list(transcript.text)
    if transcript.language is not None and transcript.language != story.language:
        message = (
            f"this transcript is in '{transcript.language}' but the story was loaded in "
            f"'{story.language}' (replay it with patrolday test, which loads each language)"
        )
        return Result(transcript, (Failure(transcript.language_line, message),), tuple(actual))
    part = transcript.part
    if part is not None and part not in {p.id for p in story.parts}:
        known = ", ".join(p.id for p in story.parts)
        return Result(
            transcript, (Failure(0, f"no part '{part}' in this story (parts: {known})"),), tuple(actual)
        )
    begin = _beginning(story, transcript)
    if isinstance(begin, Failure):
        return Result(transcript, (begin,), tuple(actual))
    try:
        state: GameState = start(story, part, transcript.seed, preset=begin, at=transcript.origin)
        view = present(story, state)
    except PatroldayError as err:
        return Result(transcript, (Failure(0, f"the story fails at its start: {err}"),), tuple(actual))
    for line in transcript.lines:
        index = line.number - 1
        if line.kind == "expect":
            seen = view_lines(view)
            if not any(_normal(line.value) in _normal(s) for s in seen):
                failures.append(
                    Failure(line.number, f"text not found at scene '{view.scene}': {line.value!r}")
                )
                indent = line.source[: len(line.source) - len(line.source.lstrip())]
                actual[index] = f"{indent}> {_closest(line.value, seen)}"
        elif line.kind == "end":
            ending = story.scenes[view.scene].ending
            if line.value not in (view.scene, ending):
                where = (
                    f"ending '{view.scene}' ({ending})" if ending else f"scene '{view.scene}', not an ending"
                )
                failures.append(
                    Failure(line.number, f"expected ending {line.value!r}, but the story is at {where}")
                )
                actual[index] = f"end: {view.scene}" if ending else f"# not an ending: {view.scene}"
        else:
            choice_id = _resolve(view, line.value)
            if choice_id is None:
                options = ", ".join(f"{c.number} {c.id}" for c in view.choices if c.enabled) or "none"
                failures.append(
                    Failure(
                        line.number,
                        f"no option {line.value!r} at scene '{view.scene}' (available: {options})",
                    )
                )
                actual[index] = f"# cannot choose {line.value!r} at '{view.scene}'; options: {options}"
                del actual[index + 1 :]
                break
            try:
                state = choose(story, state, choice_id)
                view = present(story, state)
            except PatroldayError as err:
                failures.append(Failure(line.number, f"the story fails here: {err}"))
                del actual[index + 1 :]
                break
    return Result(transcript, tuple(failures), tuple(actual))


def _beginning(story: Story, transcript: Transcript) -> dict[str, Value] | Failure:
    """The checked ``set:`` values, or the failure of the first ``from:``/``set:`` that is wrong."""
    if transcript.origin is not None:
        problem = scene_problem(story, transcript.origin)
        if problem:
            return Failure(transcript.origin_line, f"from: {problem}")
    values: dict[str, Value] = {}
    for assignment, number in transcript.preset:
        try:
            values.update(parse_preset(story, [assignment]))
        except PresetError as err:
            return Failure(number, f"set: {err}")
    return values


def _resolve(view: SceneView, token: str) -> str | None:
    for option in view.choices:
        if option.enabled and (option.id == token or str(option.number) == token):
            return option.id
    return None


# -- recording ---------------------------------------------------------------------------------


def record_transcript(
    story: Story, path: StoryPath, seed: int = 0, title: str = "", language: str | None = None
) -> str:
    """A transcript that replays ``path``, checking the first sentence of each new scene.

    With ``language`` (``story`` loaded in it), the transcript says ``lang:`` and checks the
    translation. Made to be edited: authors keep the lines that matter to them and add their own.
    """
    state = start(story, path.part, seed)
    view = present(story, state)
    out = [
        f"# {title}" if title else f"# {story.title}",
        "# Replayed by `patrolday test`; format in docs/tooling.md.",
        f"part: {path.part}",
        f"seed: {seed}",
        *([f"lang: {language}"] if language else []),
        "",
    ]
    out.append(f"> {_first_sentence(view)}")
    for step in path.steps:
        label = next((c.label for c in view.choices if c.id == step.choice), "")
        out.append(f"{step.choice}  # {label}" if label else step.choice)
        state = choose(story, state, step.choice)
        view = present(story, state)
        out.append(f"> {_first_sentence(view)}")
    if view.ending:
        out.append(f"end: {view.scene}")
    return "\n".join(out) + "\n"


def _first_sentence(view: SceneView) -> str:
    own = [b.text for b in view.blocks if b.scene == view.scene] or [b.text for b in view.blocks]
    if not own:
        return view.title or (f"THE END: {view.ending}" if view.ending else view.scene)
    first = re.split(r"(?<=[.!?])\s+", _normal(own[0]))[0]
    if len(first) > 120:  # cut at a word: a reader of the transcript sees no half word
        first = first[:121].rsplit(" ", 1)[0]
    return first.rstrip()


# -- following a transcript in another language ------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?\"”])\s+")


def follow_transcript(
    source: Story, story: Story, transcript: Transcript, language: str, title: str = ""
) -> str:
    """``transcript`` (written for ``source``) in ``language``: the same path, the same checks.

    ``story`` is ``source`` loaded in ``language``. The headers and choices are copied (they
    are ids, the same in every language); each ``> text`` becomes the same text as the
    translation shows it: the line the English matched, in the translation, or only the
    sentences the English checked when both have as many sentences (else the first or the
    last sentence for the first or the last, else the whole line). So a translation's
    transcripts check what the author chose to check, not just first sentences. Raises
    :class:`TranscriptError` if the transcript does not replay on ``source``.
    """
    result = replay_transcript(source, transcript)
    if not result.passed:
        failure = result.failures[0]
        raise TranscriptError(f"{transcript.name}:{failure.line}: {failure.message}")
    out = [
        f"# {title}" if title else f"# {story.title}",
        f"# The path of ../{Path(transcript.name).name}; replayed by `patrolday test`, "
        "format in docs/tooling.md.",
        *([f"part: {transcript.part}"] if transcript.part else []),
        f"seed: {transcript.seed}",
        f"lang: {language}",
        *([f"from: {transcript.origin}"] if transcript.origin else []),
        *([f"set: {', '.join(a for a, _ in transcript.preset)}"] if transcript.preset else []),
        "",
    ]
    preset = _beginning(source, transcript)
    assert not isinstance(preset, Failure)  # it replayed
    states = [
        start(s, transcript.part, transcript.seed, preset=preset, at=transcript.origin)
        for s in (source, story)
    ]
    for line in transcript.lines:
        english, other = present(source, states[0]), present(story, states[1])
        if line.kind == "expect":
            out.append(f"> {_same_text(line.value, view_lines(english), view_lines(other))}")
        elif line.kind == "end":
            out.append(f"end: {english.scene}")
        else:
            choice_id = _resolve(english, line.value)
            assert choice_id is not None  # it replayed
            label = next((c.label for c in other.choices if c.id == choice_id), "")
            out.append(f"{line.value}  # {_normal(label)}" if label else line.value)
            states = [choose(source, states[0], choice_id), choose(story, states[1], choice_id)]
    return "\n".join(out) + "\n"


def _same_text(expected: str, english: list[str], other: list[str]) -> str:
    """What ``other`` (the translation's view) shows where ``english`` shows ``expected``."""
    want = _normal(expected)
    index = next(i for i, line in enumerate(english) if want in _normal(line))  # it replayed
    source = _normal(english[index])
    told = _normal(other[min(index, len(other) - 1)])  # a translation has the same lines, in order
    if told.startswith(_THE_END):
        return told[
            len(_THE_END) :
        ]  # the ending's title: "THE END:" is the format's English, not the story's
    theirs, ours = _SENTENCE.split(source), _SENTENCE.split(told)
    if want == source:
        return told
    begin = source.index(want)
    spans, at = [], 0
    for number, sentence in enumerate(theirs):
        at = source.index(sentence, at)
        if at < begin + len(want) and begin < at + len(sentence):
            spans.append(number)
        at += len(sentence)
    if len(theirs) == len(ours):
        return " ".join(ours[spans[0] : spans[-1] + 1])
    if spans == [0]:  # a translator may join or split sentences, but a text still begins with its first
        return ours[0]
    if spans == [len(theirs) - 1]:  # ... and ends with its last
        return ours[-1]
    return told
