"""Widgets of the baghouz-tui app, one per module, each with its bindings and CSS."""
