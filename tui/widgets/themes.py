"""The app's two colour themes: Textual's dark and light ones, with the text colours that
fell short of WCAG AA contrast (4.5:1) on their backgrounds made darker (light) or lighter
(dark). tests/test_contrast.py computes every text style's contrast from these colours.
"""

from __future__ import annotations

import dataclasses

from textual.theme import BUILTIN_THEMES, Theme

DARK, LIGHT = "baghouz-dark", "baghouz-light"
THEME_OF = {"dark": DARK, "light": LIGHT}  # names a settings file or --theme may give

# Text on the accent-coloured cursor bar: dark, whichever the theme (orange is light).
CURSOR_FOREGROUND = "#1E1E1E"


def _derived(base: str, name: str, variables: dict[str, str]) -> Theme:
    theme = BUILTIN_THEMES[base]
    return dataclasses.replace(theme, name=name, variables={**theme.variables, **variables})


def story_themes() -> list[Theme]:
    return [
        _derived(
            "textual-dark",
            DARK,
            {"text-secondary": "#86B3D6", "text-error": "#EB95A9"},
        ),
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
