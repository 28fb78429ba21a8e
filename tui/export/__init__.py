"""Exports of a reviewed story: TimelineJS (JSON and its spreadsheet), a CSV of every entry,
W3C Web Annotations, and a printable HTML review sheet.

Pure functions over a loaded Bundle and a review: no Textual, no terminal. `exporting` is the
one entry point (`render`, `export_to_file`); each format lives in its own module. Review state
is read only through `review_view`, so a new review store means one new function there.
"""
