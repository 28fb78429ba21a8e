"""TimelineJS 3: the story's events as slides (JSON), shared with its spreadsheet (CSV).

Format: https://timeline.knightlab.com/docs/json-format.html. TimelineJS puts headlines, text,
display dates and group labels into the page as HTML, so every string from the bundle is
HTML-escaped here and the only markup is ours; `autolink` is off, so no text becomes a link.
Display dates and groups are escaped twice: TimelineJS first reads them as text (it strips
their markup, which decodes one level of entities), then shows that text as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from tui.export import json_text
from tui.export.review_view import StatusFilter, StatusOf, kept
from tui.export.text import escape, escape_lines, paragraphs_by_id, sources_of
from tui.export.timeline_dates import HUMAN_YEARS, TimelineDates, timeline_dates, years_of
from tui.model.entities import Actor, Bundle, Event, Paragraph

_CREDIT_SEPARATOR = " \N{MIDDLE DOT} "
_OPEN_QUOTE, _CLOSE_QUOTE = "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"

GroupBy = Literal["actor", "kind", "none"]
GROUPINGS: tuple[GroupBy, ...] = ("actor", "kind", "none")


class Slide(NamedTuple):
    """One event as TimelineJS shows it; every text is HTML."""

    unique_id: str
    dates: TimelineDates
    headline: str
    text: str
    group: str | None

    @property
    def display_html(self) -> str | None:
        return None if self.dates.display is None else text_field(self.dates.display)


class Timeline(NamedTuple):
    title_id: str
    title_headline: str  # HTML
    title_text: str  # HTML
    slides: list[Slide]
    undated: list[Event]  # kept by the filter, but TimelineJS cannot place them

    @property
    def cosmological(self) -> bool:
        """Some year is beyond what TimelineJS's human scale can place."""
        years = (year for slide in self.slides for year in years_of(slide.dates))
        return any(year not in HUMAN_YEARS for year in years)


def build_timeline(
    bundle: Bundle, status_of: StatusOf, keep: StatusFilter, group_by: GroupBy = "actor"
) -> Timeline:
    paragraphs = paragraphs_by_id(bundle)
    actors = {actor.id: actor for actor in bundle.actors}
    slides, undated = [], []
    for event in kept(bundle.events, status_of, keep):
        if event.date is None:
            undated.append(event)
            continue
        slides.append(
            Slide(
                unique_id=event.id,
                dates=timeline_dates(event.date),
                headline=escape(event.title),
                text=event_html(event, paragraphs, actors),
                group=_group(event, actors, group_by),
            )
        )
    # Without an id of its own the title takes its headline's slug, and an event whose id is
    # that slug would be renamed. No slug TimelineJS makes of an event id has a "_" inside.
    title_id = f"{bundle.story.id}_title"
    return Timeline(title_id, escape(bundle.story.headline), _title_html(bundle), slides, undated)


def event_html(
    event: Event, paragraphs: Mapping[str, Paragraph], actors: Mapping[str, Actor]
) -> str:
    """The summary, then each source: its words quoted, and the paragraph they are from."""
    parts = [f"<p>{escape_lines(event.summary)}</p>"] if event.summary else []
    for source in sources_of(event.sources, paragraphs):
        if source.has_words:
            quoted = f"{_OPEN_QUOTE}{escape_lines(source.words)}{_CLOSE_QUOTE}"
            parts.append(f"<blockquote>{quoted}</blockquote>")
            parts.append(f"<p><small>Paragraph {source.number}: {source.marked_html()}</small></p>")
        else:
            parts.append(f"<blockquote>{escape_lines(source.words)}</blockquote>")
            parts.append(f"<p><small>Paragraph {source.number}</small></p>")
    names = [escape(actors[actor_id].name) for actor_id in event.actors]
    if names:
        parts.append(f"<p><small>Actors: {', '.join(names)}</small></p>")
    return "".join(parts)


def _group(event: Event, actors: Mapping[str, Actor], group_by: GroupBy) -> str | None:
    if group_by == "none" or not event.actors:
        return None
    first = actors[event.actors[0]]
    return text_field(first.name if group_by == "actor" else first.kind)


def text_field(text: str) -> str:
    """`text` for a field TimelineJS strips of markup and then puts into the page as HTML
    (`display_date`, `group`): escaped twice, so what shows is `text` as written."""
    return html.escape(escape(text), quote=False)


def _title_html(bundle: Bundle) -> str:
    story = bundle.story
    parts = [f"<p>{escape_lines(story.standfirst)}</p>"] if story.standfirst else []
    credit = [escape(text) for text in (story.outlet, story.byline) if text]
    if story.published_date is not None:
        credit.append(escape(story.published_date.display()))
    if credit:
        parts.append(f"<p><small>{_CREDIT_SEPARATOR.join(credit)}</small></p>")
    return "".join(parts)


def timeline_document(timeline: Timeline) -> dict[str, Any]:
    """The TimelineJS JSON object, but for its events (`slide_json` of each slide)."""
    document: dict[str, Any] = {
        "title": {
            "unique_id": timeline.title_id,
            "text": {"headline": timeline.title_headline, "text": timeline.title_text},
            "autolink": False,
        },
        "events": [],
    }
    if timeline.cosmological:
        document["scale"] = "cosmological"
    return document


def slide_json(slide: Slide) -> dict[str, Any]:
    data: dict[str, Any] = {"unique_id": slide.unique_id, "start_date": slide.dates.start}
    if slide.dates.end is not None:
        data["end_date"] = slide.dates.end
    if slide.display_html is not None:
        data["display_date"] = slide.display_html
    data["text"] = {"headline": slide.headline, "text": slide.text}
    if slide.group is not None:
        data["group"] = slide.group
    data["autolink"] = False
    return data


def render_timelinejs(timeline: Timeline) -> str:
    slides = [slide_json(slide) for slide in timeline.slides]
    return json_text.dumps(timeline_document(timeline), slides, at=("events",))
