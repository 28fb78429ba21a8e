"""Serving the review desk: an SSH server and a web server that run the app for each visitor.

Neither imports the app: each session's app is a child process (`python -m tui ...`), in a
pseudo-terminal of its own for SSH, behind textual-serve for the web.
"""
