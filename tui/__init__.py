"""baghouz-tui: explore and review a news story's timeline, actors and quotes."""

__version__ = "0.1.0"
