"""Screens of the Textual player, one module each (title, scene, ending, journal, help, dialogs)."""
