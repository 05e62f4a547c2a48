"""Widgets of the Textual player, one module each."""
