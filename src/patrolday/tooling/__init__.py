"""Story tooling: the checker, golden transcripts, the story map and scaffolding.

Everything in this package is pure and UI-free (no Rich, no Textual): it turns a loaded
:class:`~patrolday.engine.Story` into plain data (findings, coverage, graphs, file texts)
that the commands in :mod:`patrolday.commands` print or write. That keeps the tooling
usable from editors, CI scripts and tests without a terminal.
"""
