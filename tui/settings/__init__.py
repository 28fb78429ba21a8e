"""The user's settings file and the app's small state file, both under the XDG folders.

`settings.toml` (config folder) is the user's: read at start, changed only where the app
is asked to (the theme chosen in the command palette), comments and layout kept.
`places.json` (state folder) is the app's: where each story was left, to reopen it there.
Neither imports Textual: the app checks what only it can (theme names, binding ids).
"""
