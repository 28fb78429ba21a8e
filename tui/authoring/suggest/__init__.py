"""Suggested entries for a story: quotes with their speakers, actors, dated events.

Suggestions are never facts: nothing counts as an entry until the editor accepts it. The
API the app and the commands use is `tui.authoring.suggest.api`.
"""
