"""Facilitator mode for the Textual player (``patrolday play --workshop``); see :mod:`.app`."""
