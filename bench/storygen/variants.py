"""A generated bundle with problems planted in it, for the benchmark's goals (issue 12):

- "warning": the last dated event dated 1990, so it comes out of date order (one warning);
- "late-error": the file's last `exact` changed so it no longer occurs in its paragraph (one
  error, near the end);
- "spread-errors": one error in each of 100 entries spread evenly through the file, of the
  kinds an editor makes (an `exact` not in its paragraph, a misspelt key, an impossible date,
  an actor id with a typo, a key the format does not have).

Each planted problem is exactly one problem: tests/test_generator.py checks the counts.
"""

from __future__ import annotations

import re

VARIANTS = ("clean", "warning", "late-error", "spread-errors")
SPREAD_ERRORS = 100

_DATE = re.compile(r'^date = "[^"]*"$', re.MULTILINE)
_EXACT = re.compile(r'exact = "')


def variant(text: str, name: str) -> str:
    """`text` (a clean generated bundle) with the problems of variant `name` planted."""
    if name == "clean":
        return text
    if name == "warning":
        dates = [m for m in _DATE.finditer(text) if _in_section(text, m.start(), "events")]
        last = dates[-1]
        return text[: last.start()] + 'date = "1990"' + text[last.end() :]
    if name == "late-error":
        position = list(_EXACT.finditer(text))[-1].end()
        return text[:position] + "NOT THERE " + text[position:]
    if name == "spread-errors":
        return _spread(text, SPREAD_ERRORS)
    raise ValueError(f"no variant {name!r}; the variants are {', '.join(VARIANTS)}")


def _in_section(text: str, position: int, section: str) -> bool:
    return text.rfind("\n[[", 0, position) == text.rfind(f"\n[[{section}]]", 0, position)


# One edit per planted error: (the entry's section, a pattern, what replaces the match).
_EDITS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("", re.compile(r'(exact = ")'), r"\1NOT THERE "),
    # a paragraph without a kind gets a misspelt one
    (
        "paragraphs",
        re.compile(r'^(id = "[a-z0-9-]+")\n(?=text = )', re.MULTILINE),
        '\\1\nkind = "bdy"\n',
    ),
    ("events", re.compile(r'^(date = "[0-9]{4}-[0-9]{2})-[0-9]{2}"$', re.MULTILINE), r'\1-32"'),
    ("", re.compile(r'^(actors|about) = \["([a-z0-9-]+)"', re.MULTILINE), r'\1 = ["\2x"'),
    ("events", re.compile(r"^summary = ", re.MULTILINE), "sumary = "),
    ("", re.compile(r"^(\[\[[a-z]+\]\])$", re.MULTILINE), '\\1\nnotes = "checked"'),
)


def _spread(text: str, count: int) -> str:
    """One error in each of `count` entries chosen evenly through the file: the first of
    the edits (taken in turn) that applies to the entry."""
    starts = [m.start() + 1 for m in re.finditer(r"\n\[\[", text)]
    if len(starts) < 2 * count:
        raise ValueError(f"{count} errors need a bundle of {2 * count} entries or more")
    chosen = [starts[(i * len(starts)) // count + len(starts) // (2 * count)] for i in range(count)]
    pieces: list[str] = []
    done = 0
    for number, start in enumerate(chosen):
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        header = text[start : text.find("\n", start)]
        entry = text[start:end]
        for turn in range(len(_EDITS)):
            section, pattern, replacement = _EDITS[(number + turn) % len(_EDITS)]
            if section and header != f"[[{section}]]":
                continue
            changed, edits = pattern.subn(replacement, entry, count=1)
            if edits:
                pieces += [text[done:start], changed]
                done = end
                break
        else:
            raise AssertionError(f"no edit applies to the entry at offset {start}")
    pieces.append(text[done:])
    return "".join(pieces)
