"""The source links as W3C Web Annotations (JSON-LD): one annotation per link.

Model: https://www.w3.org/TR/annotation-model/. Each annotation's target is the linked words
of one paragraph, selected twice, as the model recommends for robustness: a TextQuoteSelector
(the words, with up to 32 characters either side) and a TextPositionSelector (code point offsets
into the paragraph's text, as `SourceLink.start`/`end` give them). Positions index the
paragraph, so the paragraph is the target's source, and the published article (the story's
`url`, when it has one) its scope. The body is the entry: a description to read, its type and
review status as tags, and the entry itself as JSON.

Identifiers are `urn:uuid:` name-based UUIDs (version 5) of the story, paragraph and entry ids,
so the same bundle always gives the same annotations.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from tui.export import json_text
from tui.export.review_view import EntryStatus, StatusFilter, StatusOf, at_text, every_entry, kept
from tui.export.text import Source, clean, clean_json, paragraphs_by_id, sources_of
from tui.model.entities import Actor, Bundle, Entry, Event, Quote

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_CONTEXT_CHARS = 32  # as much text either side as Hypothesis keeps


def annotation_collection(
    bundle: Bundle, status_of: StatusOf, keep: StatusFilter
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The collection, and its annotations (to go in its first page, when there are any)."""
    ids = _Ids(bundle.story.id)
    paragraphs = paragraphs_by_id(bundle)
    actors = {actor.id: actor for actor in bundle.actors}
    items = []
    for entry in kept(every_entry(bundle), status_of, keep):
        status = status_of(entry)
        body = _body(bundle, entry, status, actors)
        for index, source in enumerate(sources_of(entry.sources, paragraphs)):
            items.append(
                {
                    "id": ids.of("annotation", entry.id, str(index)),
                    "type": "Annotation",
                    "motivation": "describing",
                    "generator": {"type": "Software", "name": "baghouz-tui"},
                    "body": body,
                    "target": _target(bundle, source, ids),
                }
            )
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": ids.of("collection"),
        "type": "AnnotationCollection",
        "label": clean(f"Source links: {bundle.story.headline}"),
        "total": len(items),
    }
    if items:  # a page holds at least one annotation; an empty collection has none
        collection["first"] = {"id": ids.of("page", "1"), "type": "AnnotationPage", "startIndex": 0}
    return collection, items


def render_annotations(bundle: Bundle, status_of: StatusOf, keep: StatusFilter) -> str:
    collection, items = annotation_collection(bundle, status_of, keep)
    if not items:
        return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
    return json_text.dumps(collection, items, at=("first", "items"))


class _Ids:
    def __init__(self, story_id: str) -> None:
        self.root = uuid.uuid5(uuid.NAMESPACE_URL, f"baghouz-tui:story:{story_id}")

    def of(self, *names: str) -> str:
        return f"urn:uuid:{uuid.uuid5(self.root, '/'.join(names))}"


def _target(bundle: Bundle, source: Source, ids: _Ids) -> dict[str, Any]:
    prefix, suffix = source.context(_CONTEXT_CHARS)
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": {
            "id": ids.of("paragraph", source.paragraph.id),
            "type": "Text",
            "format": "text/plain",
            "language": bundle.story.language,
        },
    }
    if bundle.story.url:
        target["scope"] = clean(bundle.story.url)
    target["selector"] = [
        {
            "type": "TextQuoteSelector",
            "exact": clean(source.words),
            "prefix": clean(prefix),
            "suffix": clean(suffix),
        },
        {"type": "TextPositionSelector", "start": source.start, "end": source.end},
    ]
    return target


def _body(
    bundle: Bundle, entry: Entry, status: EntryStatus, actors: Mapping[str, Actor]
) -> list[dict[str, Any]]:
    tags = [entry.entry_type.value, status.status] + (["stale"] if status.stale else [])
    return [
        {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "text/plain",
            "language": bundle.story.language,
            "value": clean(_description(entry, status, actors)),
        },
        *({"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags),
        {
            "type": "TextualBody",
            "format": "application/json",
            "value": json.dumps(clean_json(entry_json(entry, status)), ensure_ascii=False),
        },
    ]


def _description(entry: Entry, status: EntryStatus, actors: Mapping[str, Actor]) -> str:
    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(actors[actor_id].name for actor_id in ids)

    lines = [f"{entry.entry_type.value.capitalize()}: {entry.label}"]
    if isinstance(entry, Event):
        date = f" ({entry.date.display()})" if entry.date else ""
        lines.append(f"When: {entry.when or 'not given'}{date}")
        if entry.actors:
            lines.append(f"Actors: {names(entry.actors)}")
        if entry.summary:
            lines.append(f"Summary: {entry.summary}")
    elif isinstance(entry, Actor):
        lines.append(f"Kind: {entry.kind}")
        if entry.aliases:
            lines.append(f"Also: {', '.join(entry.aliases)}")
        if entry.description:
            lines.append(f"Description: {entry.description}")
    else:
        lines.append(f"Kind: {entry.kind} quote")
        if entry.speaker:
            said = f" ({entry.cue})" if entry.cue else ""
            lines.append(f"Speaker: {actors[entry.speaker].name}{said}")
        if entry.about:
            lines.append(f"About: {names(entry.about)}")
    review = status.status + (", stale: changed since" if status.stale else "")
    lines.append(f"Review: {review}")
    lines += [f"Verdict: {v.mark} by {v.reviewer} ({at_text(v.at)})" for v in status.verdicts]
    lines += [f"Note by {n.author} ({at_text(n.at)}): {n.text}" for n in status.notes]
    return "\n".join(lines)


def entry_json(entry: Entry, status: EntryStatus) -> dict[str, Any]:
    """The entry's fields and its review, as plain JSON values."""
    data: dict[str, Any] = {"type": entry.entry_type.value, "id": entry.id}
    if isinstance(entry, Event):
        data.update(
            title=entry.title,
            when=entry.when,
            date=entry.date.text if entry.date else None,
            summary=entry.summary,
            actors=list(entry.actors),
        )
    elif isinstance(entry, Actor):
        data.update(
            name=entry.name,
            kind=entry.kind,
            aliases=list(entry.aliases),
            description=entry.description,
        )
    else:
        data.update(_quote_json(entry))
    data["review"] = {
        "status": status.status,
        "stale": status.stale,
        "verdicts": [
            {"reviewer": v.reviewer, "mark": v.mark, "at": at_text(v.at)} for v in status.verdicts
        ],
        "notes": [{"author": n.author, "at": at_text(n.at), "text": n.text} for n in status.notes],
    }
    return data


def _quote_json(quote: Quote) -> dict[str, Any]:
    return {
        "kind": quote.kind,
        "text": quote.text,
        "speaker": quote.speaker,
        "cue": quote.cue,
        "about": list(quote.about),
    }
