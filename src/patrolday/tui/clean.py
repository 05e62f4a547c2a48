"""Control characters out of story text, without importing the Markdown parser.

The one definition of what a control character is lives in the engine
(:func:`patrolday.engine.printable`); this module only gives it the name the screens use.
:mod:`patrolday.prose` would do as well, but importing it loads markdown-it (~30 ms), and
the title screen, drawn before anything else, only needs this.
"""

from __future__ import annotations

from patrolday.engine import printable as safe

__all__ = ["safe"]
