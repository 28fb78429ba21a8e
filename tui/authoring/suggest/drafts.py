"""A suggestion as an entry draft: a plain dict of the bundle format's fields, for the
entry form to show, the editor to change, and the story writer to add."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from tui.authoring.suggest.matching import resolve_speaker
from tui.authoring.suggest.model import Link, Suggestion
from tui.model.entities import Bundle

TITLE_LENGTH = 80


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > 40:
            break
        out = f"{out}-{word}" if out else word
    return out or "entry"


def unique_id(base: str, bundle: Bundle, reserved: Collection[str] = ()) -> str:
    taken = {p.id for p in bundle.paragraphs} | set(reserved)
    taken.update(a.id for a in bundle.actors)
    taken.update(e.id for e in bundle.events)
    taken.update(q.id for q in bundle.quotes)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _source(link: Link, *, with_exact: bool = True) -> dict[str, str]:
    out = {"paragraph": link.paragraph}
    if with_exact:
        out.update(link.as_json())
    return out


def _title(text: str) -> str:
    text = text.strip().rstrip(".")
    if len(text) <= TITLE_LENGTH:
        return text
    cut = text[: TITLE_LENGTH - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def entry_draft(
    suggestion: Suggestion, bundle: Bundle, reserved: Collection[str] = ()
) -> dict[str, Any]:
    """The entry `suggestion` proposes. Its id is new to the bundle and to `reserved` (ids
    of other drafts not added yet). A quote's `speaker` is filled in only when the name
    resolves to one of the bundle's actors; otherwise it is left out, for the editor to
    choose (or to accept the speaker's actor suggestion first)."""
    if suggestion.type == "actor":
        draft: dict[str, Any] = {
            "id": unique_id(_slug(suggestion.text), bundle, reserved),
            "name": suggestion.text,
            "kind": suggestion.kind or "other",
        }
        if suggestion.aliases:
            draft["aliases"] = list(suggestion.aliases)
        draft["sources"] = [_source(s) for s in suggestion.sources]
        return draft
    if suggestion.type == "event":
        draft = {
            "id": unique_id(_slug(suggestion.when or suggestion.text), bundle, reserved),
            "title": _title(suggestion.text),
            "when": suggestion.when or "",
        }
        if suggestion.date:
            draft["date"] = suggestion.date
        draft["sources"] = [_source(s) for s in suggestion.sources]
        return draft
    kind = suggestion.kind or "direct"
    draft = {"id": unique_id("q-" + _slug(suggestion.text), bundle, reserved), "kind": kind}
    speaker = resolve_speaker(suggestion.speaker, bundle) if kind != "scare" else None
    if speaker:
        draft["speaker"] = speaker
    if suggestion.cue:
        draft["cue"] = suggestion.cue
    draft["text"] = suggestion.text
    # a direct quote's words highlight themselves; the others link to their words
    draft["sources"] = [_source(s, with_exact=kind != "direct") for s in suggestion.sources]
    return draft
