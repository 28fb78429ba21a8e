"""A generated story written out as a story bundle, every source link checked."""

from __future__ import annotations

import re
from collections.abc import Callable

from bench.storygen.parts import _Mark, _toml, _toml_list
from bench.storygen.story import StoryGenerator

DEFAULT_SEED = 20190209


def _starts(text: str, needle: str) -> list[int]:
    found: list[int] = []
    position = text.find(needle)
    while position != -1:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _source(mark: _Mark) -> str:
    """The TOML inline table for a mark, with the shortest prefix or suffix it needs."""
    paragraph_id = f"p{mark.paragraph.number}"
    if mark.exact is None or mark.sentence is None:
        return f"{{ paragraph = {_toml(paragraph_id)} }}"
    text = mark.paragraph.text
    exact = mark.exact
    start = mark.sentence.start + mark.offset
    end = start + len(exact)
    if text[start:end] != exact:
        raise AssertionError(f"mark {exact!r} is not where it was put in {paragraph_id}")
    fields = [f"paragraph = {_toml(paragraph_id)}", f"exact = {_toml(exact)}"]
    others = [s for s in _starts(text, exact) if s != start]
    if others:
        fields.append(_disambiguate(text, start, end, others))
    return "{ " + ", ".join(fields) + " }"


def _disambiguate(text: str, start: int, end: int, others: list[int]) -> str:
    """`prefix = …` or `suffix = …`: the fewest words next to the match that no other has."""
    length = end - start
    for size in (8, 16, 32, 64, 128):
        suffix = text[end : end + size]
        if suffix and not any(text.startswith(suffix, s + length) for s in others):
            return f"suffix = {_toml(suffix)}"
        prefix = text[max(0, start - size) : start]
        if prefix and not any(text.endswith(prefix, 0, s) for s in others):
            return f"prefix = {_toml(prefix)}"
    return f"prefix = {_toml(text[:start])}, suffix = {_toml(text[end:])}"


# --- output -------------------------------------------------------------------------------


def generate(n: int, seed: int = DEFAULT_SEED) -> str:
    """The text of a valid bundle with n paragraphs, n events, n/4 quotes, n/10 actors."""
    g = StoryGenerator(n, seed)
    g.layout()
    g.make_actors()
    g.introduce_actors()
    events = g.make_events()
    quotes = g.make_quotes()
    focus = g.places[0].name if g.places else g._town()
    headline = f"Fighting around {focus} stalls advance as civilians flee"
    g.write_paragraphs(headline)

    published = None
    for event in reversed(events):
        if event.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", event.date):
            published = event.date[:7]
            break
    out: list[str] = [
        f"# A generated story bundle: {n} paragraphs (bench/generate_bundle.py, seed {seed}).",
        "",
        'format = "story-bundle/1"',
        "",
        "[story]",
        f"id = {_toml(f'generated-{n}')}",
        f"headline = {_toml(headline)}",
        f"standfirst = {_toml('Despite air raids, fighters reclaim positions around ' + focus)}",
    ]
    if published:
        out.append(f"published = {_toml(published)}")
    out += [
        'outlet = "The Generated Gazette"',
        'byline = "Staff and agencies"',
        f"url = {_toml(f'https://example.org/world/generated-{n}')}",
        'language = "en-GB"',
        "",
        "[x-generator]",
        f"seed = {seed}",
        f"size = {n}",
        "",
    ]
    append = out.append
    for paragraph in g.paragraphs:
        append("[[paragraphs]]")
        append(f'id = "p{paragraph.number}"')
        if paragraph.kind != "body":
            append(f'kind = "{paragraph.kind}"')
        append(f"text = {_toml(paragraph.text)}")
        append("")
    for actor in g.actors:
        append("[[actors]]")
        append(f'id = "{actor.id}"')
        append(f"name = {_toml(actor.name)}")
        append(f'kind = "{actor.kind}"')
        aliases = list(dict.fromkeys(a for a in actor.aliases if a and a != actor.name))
        if aliases:
            append(f"aliases = {_toml_list(aliases)}")
        append(f"description = {_toml(actor.description)}")
        _sources(append, actor.marks[:3])
        append("")
    for event in events:
        append("[[events]]")
        append(f'id = "{event.id}"')
        append(f"title = {_toml(event.title)}")
        append(f"when = {_toml(event.when)}")
        if event.date is not None:
            append(f"date = {_toml(event.date)}")
        if event.summary:
            append(f"summary = {_toml(event.summary)}")
        if event.actors:
            append(f"actors = {_toml_list(event.actors)}")
        if event.note:
            append(f"x-date-note = {_toml(event.note)}")
        _sources(append, event.marks)
        append("")
    for quote in quotes:
        append("[[quotes]]")
        append(f'id = "{quote.id}"')
        append(f'kind = "{quote.kind}"')
        if quote.speaker:
            append(f'speaker = "{quote.speaker}"')
        if quote.cue:
            append(f"cue = {_toml(quote.cue)}")
        append(f"text = {_toml(quote.text)}")
        if quote.about:
            append(f"about = {_toml_list(quote.about)}")
        _sources(append, quote.marks)
        append("")
    return "\n".join(out)


def _sources(append: Callable[[str], None], marks: list[_Mark]) -> None:
    append("sources = [")
    for mark in marks:
        append(f"  {_source(mark)},")
    append("]")

