"""The high-contrast theme, for projectors in bright rooms and for low vision.

Pure black and white with one strong accent, so nothing depends on subtle shades.
Colours are defined only here; stylesheets use the theme's variables (``$primary``...).
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = "patrolday-high-contrast"
THEME_ALIASES = {"high-contrast": HIGH_CONTRAST, "contrast": HIGH_CONTRAST}

high_contrast = Theme(
    name=HIGH_CONTRAST,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        "text-disabled": "#C0C0C0",
        "foreground-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#808000",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "border": "#FFFFFF",
        "border-blurred": "#C0C0C0",
        "scrollbar": "#FFFFFF",
        "scrollbar-background": "#000000",
        "button-color-foreground": "#000000",
    },
)


def resolve_theme(name: str | None) -> str | None:
    """The registered name for a user's ``--theme`` value (aliases like ``high-contrast``)."""
    if not name:
        return None
    return THEME_ALIASES.get(name, name)
