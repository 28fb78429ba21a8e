"""Screens of the baghouz-tui app, composed from the widgets."""
