"""The app's two colour themes: Textual's dark one as it is, and its light one with the
text colours that fell short of WCAG AA contrast (4.5:1) on its backgrounds made darker.
tests/test_contrast.py computes every text style's contrast from these colours.

The dark theme stays Textual's own: it is Textual's default, and a theme other than the
default set at start-up costs a restyle of every widget before the first frame.
"""

from __future__ import annotations

import dataclasses

from textual.theme import BUILTIN_THEMES, Theme

DARK, LIGHT = "textual-dark", "baghouz-light"
THEME_OF = {"dark": DARK, "light": LIGHT}  # names a settings file or --theme may give

# Text on the accent-coloured cursor bar: dark, whichever the theme (orange is light).
CURSOR_FOREGROUND = "#1E1E1E"


def _derived(base: str, name: str, variables: dict[str, str]) -> Theme:
    theme = BUILTIN_THEMES[base]
    return dataclasses.replace(theme, name=name, variables={**theme.variables, **variables})


def story_themes() -> list[Theme]:
    return [
        _derived(
            "textual-light",
            LIGHT,
            {
                "text-accent": "#7C4800",  # the timeline's dates, the actors' counts
                "text-warning": "#7C4800",
                "text-success": "#106230",
                "footer-key-foreground": "#0053AA",
            },
        ),
    ]
