"""The story model: loading, validating and linking a story bundle.

Nothing in this package imports Textual; tests and scripts use it without a terminal.
"""
