"""The application layer: what is neither engine nor screen.

A front end (the Textual player, facilitator mode, the plain player, the browser) needs
more than the engine's pure functions: a stack of states to undo, save slots and the
endings a player has reached, a title card read before the scenes load, the options the
command line was given, one way to name scenes and options, and somewhere to write files
without stalling a frame. That is this package. It imports the engine's public face and
the standard library only, never Textual, Rich or argparse, so every front end (and every
test) drives the same objects:

* :mod:`.playthrough`: one game in progress (states, undo, events for observers);
* :mod:`.game`: a player's game with its files (saves, autosave, endings reached);
* :mod:`.card`: the title card from the manifest alone, and the story loaded after it;
* :mod:`.options`: :class:`~.options.PlayOptions`, built once by the command line;
* :mod:`.labels`: how scenes, options, endings, meters and locked parts are named;
* :mod:`.spoken`: how plain mode says meters, times and parts in words;
* :mod:`.writer`: one background thread for a game's files;
* :mod:`.facilitation`: facilitator mode's what-if branches and heavy-scene summaries;
* :mod:`.storage`: atomic writes, save slots with backups, progress.

Nothing is imported here, so ``import patrolday.game.card`` costs only that module (the
title screen's first frame waits on it).
"""
