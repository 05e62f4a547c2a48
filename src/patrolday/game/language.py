"""Which language to show: ``--lang``, else ``PATROLDAY_LANG``, else the locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``, in the order gettext reads them), else the story's own.

A locale name such as ``es_US.UTF-8`` or ``es_MX@euro`` gives ``es_US`` / ``es_MX``; ``C`` and
``POSIX`` (a machine with no locale set) give no language. An empty variable is skipped, as
gettext skips it. Nothing here fails: a value that is not a language code is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

ENVIRONMENT = ("PATROLDAY_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
_CODE = re.compile(r"[A-Za-z]{2,8}(?:[_-][A-Za-z0-9]{1,8})*")


def normalise(value: str) -> str | None:
    """``es_US.UTF-8`` -> ``es_US``; ``C``, ``POSIX`` and what is no language code -> None."""
    code = value.strip().split(".")[0].split("@")[0]
    if code in ("", "C", "POSIX") or _CODE.fullmatch(code) is None:
        return None
    return code


def chosen_language(given: str | None, environ: Mapping[str, str]) -> str | None:
    """The language asked for, by the command line or the environment; None: none was."""
    if given:
        return normalise(given)
    for name in ENVIRONMENT:
        value = environ.get(name, "")
        if value:
            return normalise(value)
    return None


NAMES = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "pt": "Português",
    "de": "Deutsch",
    "it": "Italiano",
    "vi": "Tiếng Việt",
    "zh": "中文",
    "ko": "한국어",
    "ar": "العربية",
    "ht": "Kreyòl ayisyen",
    "tl": "Tagalog",
}
"""Languages by their own names, for a language switch (a code not here shows as itself)."""


def language_name(code: str) -> str:
    """``es`` -> ``Español``; ``es_US`` -> ``Español (es_US)``; an unknown code as it is."""
    base = re.split(r"[_-]", code)[0].lower()
    name = NAMES.get(base)
    if name is None:
        return code
    return name if base == code else f"{name} ({code})"
