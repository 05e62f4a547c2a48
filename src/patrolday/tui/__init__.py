"""The Textual player: a thin front end that renders the engine's views.

Nothing is imported here so that ``import patrolday.tui`` stays free; ``patrolday play``
imports :mod:`patrolday.tui.app` only when it is about to open the full-screen player,
and ``patrolday --help`` / ``patrolday check`` never pay for Textual.
"""
