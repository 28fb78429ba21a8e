"""Bundles crafted to make `check` slow or hungry (issue 18, items 13 to 15), at any size:
tests/test_hostile_inputs.py runs them with limits, bench/linear.py times them at 1x, 2x, 4x."""

from __future__ import annotations

from pathlib import Path

BASE = (Path(__file__).resolve().parents[2] / "tests" / "bundles" / "base.toml").read_text(
    encoding="utf-8"
)


def _actors(count: int) -> str:
    return "".join(
        f'[[actors]]\nid = "actor-{i}"\nname = "Actor {i}"\nkind = "person"\n'
        f'sources = [{{ paragraph = "p1" }}]\n\n'
        for i in range(count)
    )


def unknown_references(actors: int, unknown: int) -> str:
    """A bundle whose events name `unknown` actors that do not exist, among `actors` that do:
    each is a near miss of a real id (`actor-12-x`), so a "did you mean" search that weighs
    every id in Python finds them all worth a close look."""
    events = "".join(
        f'[[events]]\nid = "e{i}"\ntitle = "T"\nwhen = ""\nactors = ["actor-{i % actors}-x"]\n'
        f'sources = [{{ paragraph = "p1" }}]\n\n'
        for i in range(unknown)
    )
    head = BASE[: BASE.index("[[actors]]")]
    return head + _actors(actors) + events


def repeated_phrase(places: int, links: int) -> str:
    """A valid bundle: one paragraph in which "the phrase" occurs `places` times, and `links`
    events each linked to one of those places by a prefix (or a suffix)."""
    per_marker = places // links
    text = "".join(f"marker {i} " + "the phrase " * per_marker for i in range(links))
    events = []
    for i in range(links):
        # the first place after marker i, or the last one before marker i + 1
        selector = f'prefix = "marker {i} "' if i % 2 else f'suffix = " marker {i + 1} "'
        if i == links - 1:
            selector = f'prefix = "marker {i} "'
        events.append(
            f'[[events]]\nid = "e{i}"\ntitle = "T"\nwhen = ""\n'
            f'sources = [{{ paragraph = "p1", exact = "the phrase", {selector} }}]\n\n'
        )
    head = 'format = "story-bundle/1"\n\n[story]\nid = "s"\nheadline = "H"\n\n'
    return head + f'[[paragraphs]]\nid = "p1"\ntext = "{text}"\n\n' + "".join(events)


def long_string_then_a_problem(size: int, form: str) -> str:
    """A paragraph of `size` characters, then a problem to place after it: in an entry after
    it (found from the entry's header), or in the story table after it (found by reading
    every token before it), the paragraph in a basic or a multi-line string."""
    words = "word " * (size // 5)
    paragraph = f'"""{words}"""' if form.startswith("multi-line") else f'"{words}"'
    story = '[story]\nid = "{id}"\nheadline = "H"\n\n'
    paragraphs = (
        f'[[paragraphs]]\nid = "p1"\ntext = {paragraph}\n\n'
        '[[paragraphs]]\nid = "p2"\ntext = "short"\n\n'
    )
    event = (
        '[[events]]\nid = "e1"\ntitle = "T"\nwhen = ""\n'
        'sources = [{{ paragraph = "p2", exact = "{exact}" }}]\n'
    )
    head = 'format = "story-bundle/1"\n\n'
    if form.endswith("story-after"):
        return head + paragraphs + story.format(id="Not A Slug") + event.format(exact="short")
    return head + story.format(id="s") + paragraphs + event.format(exact="missing")
