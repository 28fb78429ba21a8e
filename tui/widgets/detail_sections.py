"""What the detail pane shows of an entry, section by section.

A section is a plain function `Entry -> list[Text]`; the pane shows the blocks of every
section it is given, in order, each block wrapped to the pane's width. Features add a
section (the review's verdicts and notes, an editor's file line) by handing the pane one
more function, without touching the pane.

The sections here need the story's index and the pane's styles, so each is made by a
factory that closes over them. Text from the bundle is data: it goes through `safe_text`
and into Text objects, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rich.style import Style
from rich.text import Text

from tui.model.entities import Actor, Entry, Event, Quote
from tui.model.index import StoryIndex
from tui.model.safe_text import one_line, safe_text
from tui.widgets.date_reading import date_reading
from tui.widgets.paragraph_text import paragraph_text, spans_in

Section = Callable[[Entry], list[Text]]
StyleLookup = Callable[[str], Style]  # a component class name -> its Rich style


class SourceHeading(Text):
    """The heading line of one source paragraph; the block after it is the paragraph.

    The pane steps between these (`paragraph` says which one `enter` opens) and scrolls to
    the first highlighted words (`highlight`, an offset into the paragraph block, or None).
    """

    def __init__(
        self, text: str, style: Style, *, paragraph: str, highlight: int | None
    ) -> None:
        super().__init__(text, style, no_wrap=True, overflow="ellipsis")
        self.paragraph = paragraph
        self.highlight = highlight


def title_section(index: StoryIndex, style: StyleLookup) -> Section:
    """One line naming the entry: title and date, name and kind, or who said what."""

    def title(entry: Entry) -> list[Text]:
        if isinstance(entry, Event):
            date = entry.date.display() if entry.date else "undated"
            line = f"{entry.title} — {date}"
            if entry.when:
                line += f" ({entry.when})"
        elif isinstance(entry, Actor):
            line = f"{entry.name} ({entry.kind})"
        else:
            speaker = index.actor(entry.speaker) if entry.speaker else None
            who = speaker.name if speaker else "the writer"
            line = f"{entry.kind.capitalize()} quote, {who}"
            if entry.cue:
                line += f" ({entry.cue})"
        return [Text(one_line(line), style("detail--title"), no_wrap=True, overflow="ellipsis")]

    return title


def sources_section(index: StoryIndex, style: StyleLookup) -> Section:
    """Each paragraph the entry came from, once, with the entry's words highlighted."""

    def sources(entry: Entry) -> list[Text]:
        paragraph_ids = list(dict.fromkeys(link.paragraph for link in entry.sources))
        blocks: list[Text] = []
        for number, paragraph_id in enumerate(paragraph_ids, 1):
            paragraph = index.paragraphs[paragraph_id]
            cited = len(index.citing.get(paragraph_id, ()))
            which = f" · source {number} of {len(paragraph_ids)}" if len(paragraph_ids) > 1 else ""
            which += _links_in(entry, paragraph_id)
            spans = spans_in(entry, paragraph_id)
            blocks.append(
                SourceHeading(
                    f"¶ {paragraph_id}{which} · {paragraph.kind} · paragraph "
                    f"{paragraph.position + 1} of {len(index.paragraphs)} · cited by {cited}",
                    style("detail--heading"),
                    paragraph=paragraph_id,
                    highlight=min(start for start, _ in spans) if spans else None,
                )
            )
            blocks.append(
                paragraph_text(
                    paragraph,
                    highlighted=spans,
                    linked_style=style("detail--linked"),
                    highlight_style=style("detail--highlight"),
                )
            )
        return blocks

    return sources


def _links_in(entry: Entry, paragraph_id: str) -> str:
    """How many of the entry's links the paragraph holds, when more than one, and how many
    of them are orphans (repair mode: their words are no longer in it, so nothing is lit)."""
    links = [link for link in entry.sources if link.paragraph == paragraph_id]
    orphans = sum(1 for link in links if link.exact is not None and not link.has_span)
    said = f" · {len(links)} links" if len(links) > 1 else ""
    if orphans:
        said += f" · {orphans} orphaned" if len(links) > 1 else " · link orphaned"
    return said


def fields_section(index: StoryIndex, style: StyleLookup) -> Section:
    """Every field of the entry, `label: value`: the prose first (it reads on from the
    sources), then the structured fields, the id, and extension (`x-`) keys last."""

    def fields(entry: Entry) -> list[Text]:
        rows: list[tuple[str, str]] = []
        if isinstance(entry, Event):
            rows += _event_rows(entry, index)
        elif isinstance(entry, Actor):
            rows += _actor_rows(entry, index)
        elif isinstance(entry, Quote):
            rows += _quote_rows(entry, index)
        rows.append(("id", f"{entry.id} ({entry.entry_type.value})"))
        rows += [(key, _extension_text(value)) for key, value in entry.extensions.items()]
        label_style, value_style = style("detail--label"), style("detail--value")
        # A blank line first: the fields read as a group of their own, under the sources.
        return [Text(), *(field_line(k, v, label_style, value_style) for k, v in rows)]

    return fields


def field_line(label: str, value: str, label_style: Style, value_style: Style) -> Text:
    """`label: value`, the value shown in full (line breaks kept, controls made visible);
    the label (an extension's key is one) on one line, its controls made visible too."""
    return Text.assemble((f"{one_line(label)}: ", label_style), (safe_text(value), value_style))


def _event_rows(event: Event, index: StoryIndex) -> list[tuple[str, str]]:
    # The title in full: the heading line above is cut to the pane's width.
    rows = [("title", event.title)]
    if event.summary:
        rows.append(("summary", event.summary))
    rows += [
        ("date", date_reading(event.date)),
        ("when", event.when or "— (the story gives no time)"),
    ]
    if event.actors:
        rows.append(("actors", _names(index, event.actors)))
    return rows


def _actor_rows(actor: Actor, index: StoryIndex) -> list[tuple[str, str]]:
    rows = [("name", actor.name)]
    if actor.description:
        rows.append(("description", actor.description))
    rows.append(("kind", actor.kind))
    if actor.aliases:
        rows.append(("aliases", ", ".join(actor.aliases)))
    involved = index.involving.get(actor.id, ())
    events = sum(1 for entry in involved if isinstance(entry, Event))
    quotes = len(involved) - events
    rows.append(("involved in", f"{_count(events, 'event')}, {_count(quotes, 'quote')}"))
    return rows


def _quote_rows(quote: Quote, index: StoryIndex) -> list[tuple[str, str]]:
    speaker = (
        _names(index, (quote.speaker,)) if quote.speaker else "none: the writer's own words"
    )
    rows = [("text", quote.text), ("kind", quote.kind), ("speaker", speaker)]
    if quote.cue:
        rows.append(("cue", quote.cue))
    if quote.about:
        rows.append(("about", _names(index, quote.about)))
    return rows


def _names(index: StoryIndex, actor_ids: Iterable[str]) -> str:
    names = []
    for actor_id in actor_ids:
        actor = index.actor(actor_id)
        names.append(f"{one_line(actor.name)} ({actor_id})" if actor else actor_id)
    return ", ".join(names)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _extension_text(value: Any) -> str:
    """An extension's value as written: strings as they are, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping | list | tuple | int | float | bool):
        import json  # rare: most extensions are strings

        try:
            return json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            pass
    return str(value)
