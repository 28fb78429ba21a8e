"""Every rule of the story-bundle format, one broken bundle each, refused by `check`.

Each case starts from tests/bundles/base.toml (a small valid bundle) and changes one thing,
inside the entry whose id it names. The problem must be reported on an exact line (where a
given text occurs in the changed bundle), with the entry's name and a key phrase of the
message, and `check` must exit 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tui.model.load import load_bundle
from tui.model.problems import BundleError, Severity

BASE = (Path(__file__).resolve().parent / "bundles" / "base.toml").read_text(encoding="utf-8")

Run = Callable[..., Any]  # the run_cli fixture: (*args) -> result with code, out, err, lines
Write = Callable[..., Path]


def _block_span(text: str, block: str | None, source: str | None = None) -> tuple[int, int]:
    """The span in `text` of the table whose `id = "block"` line `source` holds.

    `source` is the text before a change inside that table (by default `text` itself): the
    table starts at the same offset in both, even where the change touches its id.
    """
    source = text if source is None else source
    if block is None:
        return 0, len(text)
    if block == "story":
        start = source.index("[story]")
    else:
        marker = f'\nid = "{block}"\n'
        assert source.count(marker) == 1, f"no single entry {block!r}"
        start = source.rindex("\n[[", 0, source.index(marker)) + 1
    end = text.find("\n\n", start)
    return start, end + 1 if end >= 0 else len(text)


def edit(text: str, block: str | None, old: str, new: str) -> str:
    """Replace `old`, which must occur exactly once in `block`, by `new`."""
    start, end = _block_span(text, block)
    part = text[start:end]
    assert part.count(old) == 1, f"{old!r} occurs {part.count(old)} times in {block!r}"
    return text[:start] + part.replace(old, new) + text[end:]


def line_of(text: str, block: str | None, anchor: str, source: str | None = None) -> int:
    """The 1-based line where `anchor`, which must occur once in `block`, is."""
    start, end = _block_span(text, block, source)
    part = text[start:end]
    assert part.count(anchor) == 1, f"{anchor!r} occurs {part.count(anchor)} times in {block!r}"
    return text.count("\n", 0, start + part.index(anchor)) + 1


def remove_tables(text: str, section: str) -> str:
    """The text without any [[section]] table."""
    return re.sub(rf"^\[\[{section}\]\]\n(?:.+\n)*\n?", "", text, flags=re.MULTILINE)


def insert_top(text: str, line: str) -> str:
    """Add a top-level key right after `format`."""
    return edit(text, None, 'format = "story-bundle/1"\n', f'format = "story-bundle/1"\n{line}\n')


@dataclass(frozen=True)
class Case:
    id: str
    block: str | None  # the entry (by id) to change; "story"; None for the whole text
    old: str
    new: str
    anchor: str  # the reported line is the one holding this text, in `block`
    entry: str  # the entry name the output line must carry
    phrase: str  # a key part of the message
    prepare: Callable[[str], str] | None = None  # an extra change made first

    def source(self) -> str:
        return self.prepare(BASE) if self.prepare else BASE

    def text(self) -> str:
        base = self.source()
        return edit(base, self.block, self.old, self.new) if self.old or self.new else base


def C(
    id: str,
    block: str | None,
    old: str,
    new: str,
    anchor: str,
    entry: str,
    phrase: str,
    prepare: Callable[[str], str] | None = None,
) -> Case:
    return Case(id, block, old, new, anchor, entry, phrase, prepare)


def no_tables(section: str, top_line: str | None = None) -> Callable[[str], str]:
    def prepare(text: str) -> str:
        text = remove_tables(text, section)
        return insert_top(text, top_line) if top_line else text

    return prepare


FIRST_LINE = "# A small valid story bundle"
STORY_TABLE = BASE[BASE.index("[story]") : BASE.index("\n\n", BASE.index("[story]")) + 1]
FMT = 'format = "story-bundle/1"'

# fmt: off
CASES = [
    # --- top level -------------------------------------------------------------------------
    C("format-other", None, FMT, 'format = "story-bundle/2"', "format =", "format",
      "it reads 'story-bundle/1'"),
    C("format-old", None, FMT, 'format = "story-bundle/0"', "format =", "format",
      "is not one this program reads"),
    C("format-not-string", None, FMT, "format = 1", "format =", "format",
      "`format` must be a string, not an integer"),
    C("format-missing", None, FMT + "\n", "", FIRST_LINE, "format", "`format` is required"),
    C("format-blank", None, FMT, 'format = " "', "format =", "format",
      "must hold more than white space"),
    C("top-unknown-key", None, FMT + "\n", FMT + '\nheadline = "Bridge"\n', 'headline = "Bridge"',
      "headline", "unknown key `headline`"),
    C("top-unknown-key-typo", None, FMT + "\n", FMT + '\nparagraph = "p9"\n', 'paragraph = "p9"',
      "paragraph", "did you mean `paragraphs`?"),
    C("story-missing", None, STORY_TABLE, "", FIRST_LINE, "story", "`story` is required"),
    C("story-not-table", None, STORY_TABLE, 'story = "bridge-vote"\n', "story =", "story",
      "`story` must be a table, not a string"),
    C("paragraphs-missing", None, "", "", FIRST_LINE, "paragraphs", "`paragraphs` is required",
      no_tables("paragraphs")),
    C("paragraphs-empty", None, "", "", "paragraphs =", "paragraphs",
      "at least one [[paragraphs]] table", no_tables("paragraphs", "paragraphs = []")),
    C("paragraphs-not-array", None, "", "", "paragraphs =", "paragraphs",
      "`paragraphs` must be an array of tables, not a string",
      no_tables("paragraphs", 'paragraphs = "p1"')),
    C("paragraphs-element-not-table", None, "", "", "paragraphs =", "paragraphs",
      "`paragraphs[0]` must be a table, not a string",
      no_tables("paragraphs", 'paragraphs = ["p1"]')),
    C("actors-not-array", None, "", "", 'actors = "ana-ruiz"', "actors",
      "`actors` must be an array of tables, not a string",
      no_tables("actors", 'actors = "ana-ruiz"')),
    C("events-element-not-table", None, "", "", "events =", "events",
      "`events[1]` must be a table, not an integer",
      no_tables("events", 'events = [{ id = "e", title = "T", when = "", '
                'sources = [{ paragraph = "p1" }] }, 3]')),
    C("quotes-not-array", None, "", "", "quotes =", "quotes",
      "`quotes` must be an array of tables, not a table",
      no_tables("quotes", "quotes = {}")),
    # --- [story] ---------------------------------------------------------------------------
    C("story-id-missing", "story", 'id = "bridge-vote"\n', "", "[story]", "story",
      "`id` is required"),
    C("story-id-not-slug", "story", 'id = "bridge-vote"', 'id = "Bridge Vote"', "id =",
      "story", "must be a slug"),
    C("story-id-underscore", "story", 'id = "bridge-vote"', 'id = "bridge_vote"', "id =",
      "story", "must be a slug"),
    C("story-id-blank", "story", 'id = "bridge-vote"', 'id = " "', "id =", "story",
      "`id` must hold more than white space"),
    C("story-id-empty", "story", 'id = "bridge-vote"', 'id = ""', "id =", "story",
      "`id` must hold more than white space"),
    C("story-id-not-string", "story", 'id = "bridge-vote"', "id = 7", "id =", "story",
      "`id` must be a string, not an integer"),
    C("story-headline-missing", "story", 'headline = "Council approves new bridge"\n', "",
      "[story]", "story", "`headline` is required"),
    C("story-headline-blank", "story", 'headline = "Council approves new bridge"',
      'headline = "  \\t "', "headline =", "story", "`headline` must hold more than white space"),
    C("story-headline-empty", "story", 'headline = "Council approves new bridge"',
      "headline = ''", "headline =", "story", "`headline` must hold more than white space"),
    C("story-headline-array", "story", 'headline = "Council approves new bridge"',
      'headline = ["Council"]', "headline =", "story",
      "`headline` must be a string, not an array"),
    C("story-standfirst-not-string", "story", 'standfirst = "A 7-2 vote ends a decade of argument"',
      "standfirst = 1", "standfirst =", "story", "`standfirst` must be a string, not an integer"),
    C("story-published-impossible", "story", 'published = "2024-05-02"',
      'published = "2024-02-30"', "published =", "story", "February 2024 has 29 days"),
    C("story-published-free-text", "story", 'published = "2024-05-02"',
      'published = "2 May 2024"', "published =", "story",
      "`published` 2 May 2024 is not a date: EDTF has no spaces"),
    C("story-published-toml-date", "story", 'published = "2024-05-02"', "published = 2024-05-02",
      "published =", "story", "`published` must be a string, not a date/time"),
    C("story-outlet-bool", "story", 'outlet = "The Example Gazette"', "outlet = true",
      "outlet =", "story", "`outlet` must be a string, not a boolean"),
    C("story-byline-float", "story", 'byline = "A. Reporter"', "byline = 1.5", "byline =",
      "story", "`byline` must be a string, not a number"),
    C("story-url-table", "story", 'url = "https://example.org/bridge"', 'url = { href = "x" }',
      "url =", "story", "`url` must be a string, not a table"),
    C("story-language-not-string", "story", 'language = "en"', "language = 1", "language =",
      "story", "`language` must be a string, not an integer"),
    C("story-language-underscore", "story", 'language = "en"', 'language = "en_GB"',
      "language =", "story", "is not a BCP 47 tag"),
    C("story-language-words", "story", 'language = "en"', 'language = "en GB"',
      "language =", "story", "is not a BCP 47 tag"),
    C("story-language-empty", "story", 'language = "en"', 'language = ""', "language =",
      "story", "is not a BCP 47 tag"),
    C("story-unknown-key", "story", 'language = "en"', 'language = "en"\ntitle = "Bridge"',
      "title =", "story", "unknown key `title`"),
    C("story-unknown-key-typo", "story", 'byline = "A. Reporter"', 'bylin = "A. Reporter"',
      "bylin =", "story", "did you mean `byline`?"),
    # --- [[paragraphs]] --------------------------------------------------------------------
    C("paragraph-id-missing", "p3", 'id = "p3"\n', "", "[[paragraphs]]", "paragraphs[2]",
      "`id` is required"),
    C("paragraph-text-missing", "p2", 'text = "Critics', 'x-text = "Critics', "[[paragraphs]]",
      "p2", "`text` is required"),
    C("paragraph-text-empty", "p3", 'text = "Ruiz said [the bridge] would ease traffic."',
      'text = ""', "text =", "p3", "`text` must hold more than white space"),
    C("paragraph-text-white-space", "p3", 'text = "Ruiz said [the bridge] would ease traffic."',
      'text = """\n  \n\t"""', "text =", "p3", "`text` must hold more than white space"),
    C("paragraph-text-not-string", "p3", 'text = "Ruiz said [the bridge] would ease traffic."',
      "text = 42", "text =", "p3", "`text` must be a string, not an integer"),
    C("paragraph-kind-unknown", "p3", 'kind = "caption"', 'kind = "photo"', "kind =", "p3",
      "'photo' is not one of body, heading, caption, standfirst, credit"),
    C("paragraph-kind-typo", "p3", 'kind = "caption"', 'kind = "captions"', "kind =", "p3",
      "did you mean 'caption'?"),
    C("paragraph-kind-upper", "p3", 'kind = "caption"', 'kind = "Caption"', "kind =", "p3",
      "'Caption' is not one of"),
    C("paragraph-kind-not-string", "p3", 'kind = "caption"', 'kind = ["caption"]', "kind =",
      "p3", "`kind` must be a string, not an array"),
    C("paragraph-unknown-key", "p3", 'kind = "caption"', 'kind = "caption"\ntxt = "x"',
      "txt =", "p3", "unknown key `txt`; did you mean `text`?"),
    # --- ids and references ----------------------------------------------------------------
    C("id-upper-case", "p3", 'id = "p3"', 'id = "P3"', 'id = "P3"', "paragraphs[2]",
      "must match [a-z0-9][a-z0-9-]*"),
    C("id-leading-dash", "council", 'id = "council"', 'id = "-council"', "id =", "actors[1]",
      "must match [a-z0-9][a-z0-9-]*"),
    C("id-underscore", "vote", 'id = "vote"', 'id = "the_vote"', "id =", "events[0]",
      "must match [a-z0-9][a-z0-9-]*"),
    C("id-space", "nowhere", 'id = "nowhere"', 'id = "no where"', "id =", "quotes[2]",
      "must match [a-z0-9][a-z0-9-]*"),
    C("id-non-ascii", "council", 'id = "council"', 'id = "consejo-café"', "id =", "actors[1]",
      "must match [a-z0-9][a-z0-9-]*"),
    C("id-not-string", "opening", 'id = "opening"', "id = 2", "id =", "events[1]",
      "`id` must be a string, not an integer"),
    C("id-blank", "opening", 'id = "opening"', 'id = "  "', "id =", "events[1]",
      "`id` must hold more than white space"),
    C("id-missing-actor", "council", 'id = "council"\n', "", "[[actors]]", "actors[1]",
      "`id` is required"),
    C("id-missing-event", "opening", 'id = "opening"\n', "", "[[events]]", "events[1]",
      "`id` is required"),
    C("id-missing-quote", "nowhere", 'id = "nowhere"\n', "", "[[quotes]]", "quotes[2]",
      "`id` is required"),
    C("id-blank-paragraph", "p3", 'id = "p3"', "id = ''", "id =", "paragraphs[2]",
      "`id` must hold more than white space"),
    C("id-not-string-paragraph", "p2", 'id = "p2"', "id = 2", "id =", "paragraphs[1]",
      "`id` must be a string, not an integer"),
    C("id-not-string-quote", "traffic", 'id = "traffic"', 'id = ["traffic"]', "id =",
      "quotes[1]", "`id` must be a string, not an array"),
    C("id-duplicate-across-sections", "nowhere", 'id = "nowhere"', 'id = "vote"', "id =",
      "vote", "already used by events[0]"),
    C("id-duplicate-paragraph-actor", "council", 'id = "council"', 'id = "p1"', "id =", "p1",
      "already used by paragraphs[0]"),
    C("id-duplicate-same-section", "p3", 'id = "p3"', 'id = "p2"', 'id = "p2"', "p2",
      "already used by paragraphs[1]"),
    C("speaker-unknown", "overdue", 'speaker = "ana-ruiz"', 'speaker = "ana-ruis"', "speaker =",
      "overdue", "no actor has that id; did you mean 'ana-ruiz'?"),
    C("speaker-names-paragraph", "overdue", 'speaker = "ana-ruiz"', 'speaker = "p1"',
      "speaker =", "overdue", "'p1', which is a paragraph, not an actor"),
    C("speaker-names-event", "traffic", 'speaker = "ana-ruiz"', 'speaker = "vote"',
      "speaker =", "traffic", "'vote', which is an event, not an actor"),
    C("event-actor-names-quote", "vote", 'actors = ["council"]',
      'actors = ["council", "overdue"]', "actors =", "vote",
      "'overdue', which is a quote, not an actor"),
    C("event-actor-unknown", "vote", 'actors = ["council"]', 'actors = ["counsel"]',
      "actors =", "vote", "no actor has that id; did you mean 'council'?"),
    C("about-names-event", "overdue", 'about = ["council"]', 'about = ["vote"]', "about =",
      "overdue", "'vote', which is an event, not an actor"),
    C("about-unknown", "nowhere", 'about = ["council"]', 'about = ["critics"]', "about =",
      "nowhere", "'critics', but no actor has that id"),
    C("source-paragraph-names-actor", "council", 'paragraph = "p1"', 'paragraph = "ana-ruiz"',
      "paragraph =", "council", "'ana-ruiz', which is an actor, not a paragraph"),
    C("source-paragraph-names-quote", "vote", 'paragraph = "p1"', 'paragraph = "overdue"',
      "paragraph =", "vote", "'overdue', which is a quote, not a paragraph"),
    C("source-paragraph-unknown", "opening", 'paragraph = "p2"', 'paragraph = "p9"',
      "paragraph =", "opening", "'p9', but no paragraph has that id"),
    # --- source links ----------------------------------------------------------------------
    C("sources-missing", "council", 'sources = [{ paragraph = "p1", exact = "The council" }]\n',
      "", "[[actors]]", "council", "`sources` is required"),
    C("sources-missing-event", "opening",
      'sources = [{ paragraph = "p2", exact = "the bridge", prefix = "and " }]\n', "",
      "[[events]]", "opening", "`sources` is required"),
    C("sources-missing-quote", "overdue", 'sources = [{ paragraph = "p1" }]\n', "",
      "[[quotes]]", "overdue", "`sources` is required"),
    C("sources-empty-quote", "traffic", 'sources = [{ paragraph = "p3", exact',
      'sources = []\nx-sources = [{ paragraph = "p3", exact', "sources = []", "traffic",
      "`sources` must hold at least one link"),
    C("sources-empty", "vote", 'sources = [{ paragraph = "p1", exact = "voted 7-2 on Tuesday" }]',
      "sources = []", "sources =", "vote", "`sources` must hold at least one link"),
    C("sources-not-array", "council", 'sources = [{ paragraph = "p1", exact = "The council" }]',
      'sources = { paragraph = "p1" }', "sources =", "council",
      "`sources` must be an array of tables, not a table"),
    C("sources-element-string", "traffic", 'sources = [{ paragraph = "p3", exact',
      'sources = ["p3", { paragraph = "p3", exact', "sources =", "traffic",
      "`sources[0]` must be a table, not a string"),
    C("source-paragraph-missing", "council", '{ paragraph = "p1", exact = "The council" }',
      '{ exact = "The council" }', "sources =", "council", "`paragraph` is required"),
    C("source-paragraph-not-string", "council", 'paragraph = "p1"', "paragraph = 1",
      "paragraph =", "council", "`paragraph` must be a string, not an integer"),
    C("source-paragraph-blank", "council", 'paragraph = "p1"', 'paragraph = " "',
      "paragraph =", "council", "`paragraph` must hold more than white space"),
    C("source-unknown-key", "council", 'exact = "The council" }',
      'exact = "The council", note = "x" }', "sources =", "council", "unknown key `note`"),
    C("source-unknown-key-typo", "council", 'exact = "The council"', 'exat = "The council"',
      "sources =", "council", "unknown key `exat`; did you mean `exact`?"),
    C("source-exact-not-string", "council", 'exact = "The council"', "exact = 7", "sources =",
      "council", "`exact` must be a string, not an integer"),
    C("source-prefix-not-string", "opening", 'prefix = "and "', 'prefix = ["and "]',
      "sources =", "opening", "`prefix` must be a string, not an array"),
    C("source-suffix-not-string", "opening", 'prefix = "and "', "suffix = false", "sources =",
      "opening", "`suffix` must be a string, not a boolean"),
    C("exact-not-found", "vote", 'exact = "voted 7-2 on Tuesday"',
      'exact = "voted 7-3 on Tuesday"', "sources =", "vote",
      "sources[0].exact 'voted 7-3 on Tuesday' does not occur in paragraph p1"),
    C("exact-other-case", "council", 'exact = "The council"', 'exact = "The Council"',
      "sources =", "council", "it does in other letter case"),
    C("exact-ambiguous", "opening", ', prefix = "and "', "", "sources =", "opening",
      "'the bridge' occurs 2 times in paragraph p2; add `prefix` or `suffix`"),
    C("exact-ambiguous-three", "overdue", 'sources = [{ paragraph = "p1" }]',
      'sources = [{ paragraph = "p1" }, { paragraph = "p2", exact = "e" }]', "sources =",
      "overdue", "sources[1].exact 'e' occurs"),
    C("prefix-matches-nothing", "opening", 'prefix = "and "', 'prefix = "or "', "sources =",
      "opening", "the prefix given matches none of the 2 place(s)"),
    C("suffix-matches-nothing", "opening", 'prefix = "and "', 'suffix = " is"', "sources =",
      "opening", "the suffix given matches none of the 2 place(s)"),
    C("prefix-and-suffix-disagree", "opening", 'prefix = "and "',
      'prefix = "and ", suffix = " will"', "sources =", "opening",
      "the prefix and suffix given match none"),
    C("prefix-wrong-on-single-place", "council", 'exact = "The council"',
      'exact = "The council", prefix = "Yesterday "', "sources =", "council",
      "the prefix given matches none of the 1 place(s)"),
    C("prefix-without-exact", "overdue", '{ paragraph = "p1" }',
      '{ paragraph = "p1", prefix = "said " }', "sources =", "overdue",
      "sources[0].prefix only tells apart places where `exact` occurs"),
    C("exact-straight-quotes", "vote", 'exact = "voted 7-2 on Tuesday"',
      "exact = '\"It is long overdue,\" said'", "sources =", "vote",
      "does not occur in paragraph p1"),
    C("exact-round-brackets", "traffic", "exact = \"Ruiz said [the bridge] would",
      "exact = \"Ruiz said (the bridge) would", "sources =", "traffic",
      "does not occur in paragraph p3"),
    C("exact-without-brackets", "traffic", "exact = \"Ruiz said [the bridge] would",
      "exact = \"Ruiz said the bridge would", "sources =", "traffic",
      "does not occur in paragraph p3"),
    C("exact-no-space-where-text-has-one", "vote", 'exact = "voted 7-2 on Tuesday"',
      'exact = "voted 7-2 onTuesday"', "sources =", "vote", "does not occur in paragraph p1"),
    C("prefix-straight-quote", "nowhere", 'exact = "“a bridge to nowhere”"',
      'exact = "a bridge to nowhere", prefix = "it \\""', "sources =", "nowhere",
      "the prefix given matches none of the 1 place(s)"),
    # --- [[actors]] ------------------------------------------------------------------------
    C("actor-name-missing", "council", 'name = "The council"\n', "", "[[actors]]", "council",
      "`name` is required"),
    C("actor-name-blank", "council", 'name = "The council"', 'name = "\\n"', "name =",
      "council", "`name` must hold more than white space"),
    C("actor-name-not-string", "council", 'name = "The council"', "name = 1", "name =",
      "council", "`name` must be a string, not an integer"),
    C("actor-kind-missing", "council", 'kind = "organisation"\n', "", "[[actors]]", "council",
      "`kind` is required"),
    C("actor-kind-blank", "council", 'kind = "organisation"', 'kind = " "', "kind =",
      "council", "`kind` must hold more than white space"),
    C("actor-kind-unknown", "council", 'kind = "organisation"', 'kind = "company"', "kind =",
      "council",
      "'company' is not one of person, group, organisation, state, place, population, other"),
    C("actor-kind-american-spelling", "council", 'kind = "organisation"',
      'kind = "organization"', "kind =", "council", "did you mean 'organisation'?"),
    C("actor-kind-not-string", "council", 'kind = "organisation"', "kind = 3", "kind =",
      "council", "`kind` must be a string, not an integer"),
    C("actor-aliases-string", "ana-ruiz", 'aliases = ["the mayor", "Ruiz"]',
      'aliases = "the mayor"', "aliases =", "ana-ruiz",
      "`aliases` must be an array of strings, not a string"),
    C("actor-aliases-element", "ana-ruiz", 'aliases = ["the mayor", "Ruiz"]',
      'aliases = ["the mayor", 2]', "aliases =", "ana-ruiz",
      "`aliases[1]` must be a string, not an integer"),
    C("actor-aliases-table", "ana-ruiz", 'aliases = ["the mayor", "Ruiz"]',
      'aliases = [{ name = "Ruiz" }]', "aliases =", "ana-ruiz",
      "`aliases[0]` must be a string, not a table"),
    C("actor-description-not-string", "ana-ruiz", 'description = "The mayor."',
      'description = ["The mayor."]', "description =", "ana-ruiz",
      "`description` must be a string, not an array"),
    C("actor-unknown-key", "ana-ruiz", 'aliases = ["the mayor", "Ruiz"]',
      'alias = ["the mayor", "Ruiz"]', "alias =", "ana-ruiz",
      "unknown key `alias`; did you mean `aliases`?"),
    # --- [[events]] ------------------------------------------------------------------------
    C("event-title-missing", "vote", 'title = "Council approves the bridge, 7-2"\n', "",
      "[[events]]", "vote", "`title` is required"),
    C("event-title-blank", "vote", 'title = "Council approves the bridge, 7-2"', "title = ' '",
      "title =", "vote", "`title` must hold more than white space"),
    C("event-title-not-string", "vote", 'title = "Council approves the bridge, 7-2"',
      "title = 7", "title =", "vote", "`title` must be a string, not an integer"),
    C("event-when-missing", "vote", 'when = "on Tuesday"\n', "", "[[events]]", "vote",
      "`when` is required"),
    C("event-when-white-space", "vote", 'when = "on Tuesday"', 'when = " "', "when =", "vote",
      "`when` must hold more than white space"),
    C("event-when-newline", "vote", 'when = "on Tuesday"', 'when = "\\n"', "when =", "vote",
      "`when` must hold more than white space"),
    C("event-when-not-string", "opening", 'when = "in 2026"', "when = 2026", "when =",
      "opening", "`when` must be a string, not an integer"),
    C("event-date-impossible", "vote", 'date = "2024-04-30"', 'date = "2019-02-30"', "date =",
      "vote", "2019-02-30 is not a date: February 2019 has 28 days"),
    C("event-date-month-13", "vote", 'date = "2024-04-30"', 'date = "2024-13"', "date =",
      "vote", "there is no month 13"),
    C("event-date-season-25", "vote", 'date = "2024-04-30"', 'date = "2024-25"', "date =",
      "vote", "season 25"),
    C("event-date-hour-25", "vote", 'date = "2024-04-30"', 'date = "2024-04-30T25:00:00"',
      "date =", "vote", "25 is not an hour"),
    C("event-date-level-2", "vote", 'date = "2024-04-30"', 'date = "{2024,2025}"', "date =",
      "vote", "EDTF level 2"),
    C("event-date-level-2-x-interval", "vote", 'date = "2024-04-30"',
      'date = "2004-06-XX/2004-07-03"', "date =", "vote", "level 2"),
    C("event-date-words", "vote", 'date = "2024-04-30"', 'date = "April 2024"', "date =",
      "vote", "`date` April 2024 is not a date"),
    C("event-date-empty", "vote", 'date = "2024-04-30"', 'date = ""', "date =", "vote",
      "it is empty"),
    C("event-date-toml-date", "vote", 'date = "2024-04-30"', "date = 2024-04-30", "date =",
      "vote", "`date` must be a string, not a date/time"),
    C("event-date-integer", "opening", 'date = "2026"', "date = 2026", "date =", "opening",
      "`date` must be a string, not an integer"),
    C("event-summary-not-string", "vote", 'summary = "The council voted for the bridge."',
      "summary = 1", "summary =", "vote", "`summary` must be a string, not an integer"),
    C("event-actors-string", "vote", 'actors = ["council"]', 'actors = "council"', "actors =",
      "vote", "`actors` must be an array of strings, not a string"),
    C("event-actors-element", "vote", 'actors = ["council"]', 'actors = ["council", 1]',
      "actors =", "vote", "`actors[1]` must be a string, not an integer"),
    C("event-unknown-key", "vote", 'actors = ["council"]', 'actor = ["council"]', "actor =",
      "vote", "unknown key `actor`; did you mean `actors`?"),
    C("event-unknown-key-date", "opening", 'date = "2026"', 'dated = "2026"', "dated =",
      "opening", "unknown key `dated`"),
    # --- [[quotes]] ------------------------------------------------------------------------
    C("quote-kind-missing", "traffic", 'kind = "reported"\n', "", "[[quotes]]", "traffic",
      "`kind` is required"),
    C("quote-kind-blank", "traffic", 'kind = "reported"', 'kind = ""', "kind =",
      "traffic", "`kind` must hold more than white space"),
    C("quote-kind-unknown", "traffic", 'kind = "reported"', 'kind = "indirect"', "kind =",
      "traffic", "'indirect' is not one of direct, reported, scare"),
    C("quote-kind-capital", "overdue", 'kind = "direct"', 'kind = "Direct"', "kind =",
      "overdue", "did you mean 'direct'?"),
    C("quote-kind-not-string", "overdue", 'kind = "direct"', "kind = true", "kind =",
      "overdue", "`kind` must be a string, not a boolean"),
    C("quote-text-missing", "traffic", 'text = "the bridge would ease traffic"\n', "",
      "[[quotes]]", "traffic", "`text` is required"),
    C("quote-text-blank", "traffic", 'text = "the bridge would ease traffic"', 'text = "   "',
      "text =", "traffic", "`text` must hold more than white space"),
    C("quote-text-not-string", "overdue", 'text = "It is long overdue"',
      'text = ["It is long overdue"]', "text =", "overdue",
      "`text` must be a string, not an array"),
    C("direct-quote-without-speaker", "overdue", 'speaker = "ana-ruiz"\n', "", "[[quotes]]",
      "overdue", "a direct quote needs `speaker`"),
    C("reported-quote-without-speaker", "traffic", 'speaker = "ana-ruiz"\n', "", "[[quotes]]",
      "traffic", "a reported quote needs `speaker`"),
    C("speaker-misspelt", "overdue", 'speaker = "ana-ruiz"', 'speakr = "ana-ruiz"', "speakr =",
      "overdue", "unknown key `speakr`; did you mean `speaker`?"),
    C("speaker-misspelt-needs-speaker", "overdue", 'speaker = "ana-ruiz"',
      'speakr = "ana-ruiz"', "[[quotes]]", "overdue", "a direct quote needs `speaker`"),
    C("speaker-not-string", "overdue", 'speaker = "ana-ruiz"', 'speaker = ["ana-ruiz"]',
      "speaker =", "overdue", "`speaker` must be a string, not an array"),
    C("scare-quote-with-speaker", "nowhere", 'kind = "scare"',
      'kind = "scare"\nspeaker = "council"',
      "speaker =", "nowhere", "a scare quote is the writer's own and has no speaker"),
    C("quote-cue-not-string", "overdue", 'cue = "said"', "cue = 1", "cue =", "overdue",
      "`cue` must be a string, not an integer"),
    C("quote-about-string", "overdue", 'about = ["council"]', 'about = "council"', "about =",
      "overdue", "`about` must be an array of strings, not a string"),
    C("quote-about-element", "overdue", 'about = ["council"]', 'about = [["council"]]',
      "about =", "overdue", "`about[0]` must be a string, not an array"),
    C("quote-unknown-key", "traffic", 'cue = "said"', 'verb = "said"', "verb =", "traffic",
      "unknown key `verb`"),
    C("direct-text-not-in-paragraph", "overdue", 'text = "It is long overdue"',
      'text = "It is overdue"', "text =", "overdue",
      "quote text 'It is overdue' does not occur in paragraph p1"),
    C("direct-text-in-other-paragraph", "overdue", 'sources = [{ paragraph = "p1" }]',
      'sources = [{ paragraph = "p2" }]', "text =", "overdue",
      "does not occur in paragraph p2 (sources[0])"),
    C("direct-text-in-one-of-two-paragraphs", "overdue", 'sources = [{ paragraph = "p1" }]',
      'sources = [{ paragraph = "p1" }, { paragraph = "p3" }]', "text =", "overdue",
      "does not occur in paragraph p3 (sources[1])"),
    C("direct-text-other-case", "overdue", 'text = "It is long overdue"',
      'text = "it is long overdue"', "text =", "overdue", "does not occur in paragraph p1"),
    C("direct-text-straight-quotes", "overdue", 'text = "It is long overdue"',
      "text = '\"It is long overdue,\"'", "text =", "overdue", "does not occur in paragraph p1"),
    C("scare-text-not-in-paragraph", "nowhere", 'text = "a bridge to nowhere"',
      'text = "a bridge to somewhere"', "text =", "nowhere",
      "'a bridge to somewhere' does not occur in paragraph p2"),
]
# fmt: on


def _expect(result: Any, path: Path, line: int, entry: str, phrase: str) -> str:
    start = f"{path}:{line}: {entry}: "
    for output_line in result.lines:
        if output_line.startswith(start) and phrase in output_line:
            return output_line
    raise AssertionError(
        f"no output line starts with {start!r} and contains {phrase!r}; got:\n{result.out}"
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_bundle_is_refused(case: Case, write_file: Write, run_cli: Run) -> None:
    text = case.text()
    assert text != BASE
    path = write_file(text)
    result = run_cli("check", path)
    assert result.code == 1, result.out
    line = line_of(text, case.block, case.anchor, case.source())
    _expect(result, path, line, case.entry, case.phrase)
    assert f"{path}: invalid" in result.err
    # and the model refuses it the same way, without any other exception
    with pytest.raises(BundleError) as raised:
        load_bundle(path)
    assert any(p.line == line and p.entry == case.entry for p in raised.value.problems)


def test_case_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)


def test_base_bundle_is_valid(write_file: Write, run_cli: Run) -> None:
    path = write_file(BASE)
    result = run_cli("check", path)
    assert (result.code, result.out) == (0, "")
    bundle, warnings = load_bundle(path)
    assert warnings == []
    assert [q.id for q in bundle.quotes] == ["overdue", "traffic", "nowhere"]


# --- rules that give a warning, not an error ---------------------------------------------


def test_events_out_of_date_order_warn_and_exit_0(write_file: Write, run_cli: Run) -> None:
    text = edit(BASE, "vote", 'date = "2024-04-30"', 'date = "2027-01"')
    path = write_file(text)
    result = run_cli("check", path)
    assert result.code == 0
    line = line_of(text, "opening", "date =")
    found = _expect(result, path, line, "opening", "warning: ")
    assert "dated 2026 but comes after vote (2027-01)" in found
    assert f"{path}: ok (1 warning)" in result.err
    bundle, warnings = load_bundle(path)
    assert [(w.code, w.severity, w.entry) for w in warnings] == [
        ("out-of-order", Severity.WARNING, "opening")
    ]
    assert [e.id for e in bundle.events] == ["vote", "opening"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("2026", "2026-01"),  # the second lies within the first
        ("2026-06", "2026"),  # overlap: the year contains June
        ("2025~", "2025"),
        ("../2026", "2024"),  # open start: nothing it must come after
        ("2024-04-30", "2024-04-30"),
    ],
)
def test_events_that_may_be_in_order_give_no_warning(
    first: str, second: str, write_file: Write
) -> None:
    text = edit(BASE, "vote", 'date = "2024-04-30"', f'date = "{first}"')
    text = edit(text, "opening", 'date = "2026"', f'date = "{second}"')
    _, warnings = load_bundle(write_file(text))
    assert warnings == []


def test_undated_events_do_not_take_part_in_ordering(write_file: Write) -> None:
    text = edit(BASE, "vote", 'date = "2024-04-30"\n', "")
    text = edit(text, "opening", 'date = "2026"', 'date = "1999"')
    _, warnings = load_bundle(write_file(text))
    assert warnings == []


# --- several problems at once --------------------------------------------------------------


def test_every_problem_is_reported_not_only_the_first(write_file: Write, run_cli: Run) -> None:
    text = edit(BASE, "story", 'language = "en"', 'language = "en_GB"')
    text = edit(text, "council", 'kind = "organisation"', 'kind = "company"')
    text = edit(text, "vote", 'date = "2024-04-30"', 'date = "2024-02-30"')
    text = edit(text, "overdue", 'speaker = "ana-ruiz"', 'speaker = "p1"')
    text = edit(text, "nowhere", 'text = "a bridge to nowhere"', 'text = "a bridge to Nowhere"')
    path = write_file(text)
    result = run_cli("check", path)
    assert result.code == 1
    expected = [
        (line_of(text, "story", "language ="), "story", "BCP 47"),
        (line_of(text, "council", "kind ="), "council", "'company' is not one of"),
        (line_of(text, "vote", "date ="), "vote", "February 2024 has 29 days"),
        (line_of(text, "overdue", "speaker ="), "overdue", "which is a paragraph"),
        (line_of(text, "nowhere", "text ="), "nowhere", "does not occur in paragraph p2"),
    ]
    for line, entry, phrase in expected:
        _expect(result, path, line, entry, phrase)
    assert len(result.lines) == len(expected)
    assert [int(out.split(":")[1]) for out in result.lines] == sorted(e[0] for e in expected)
    assert f"{path}: invalid (5 errors)" in result.err


# --- legal values of constrained keys -------------------------------------------------------

DOC_DATES = [
    "2019-02-09",
    "2019-02",
    "2013",
    "2019-02-11T02:00:00",
    "2019-02-11T02:00:00Z",
    "2003~",
    "2019-02-09?",
    "2019-02-09%",
    "201X",
    "2019-21",
    "2019-24",
    "Y170000002",
    "2019-01-19/2019-02-09",
    "../2019-02-09",
    "/2019-02-09",
    "2019-02-09/..",
    "2019-02-09/",
    "2020-02-29",
]


@pytest.mark.parametrize("date", DOC_DATES)
def test_every_date_form_the_doc_lists_is_accepted(date: str, write_file: Write) -> None:
    text = edit(BASE, "opening", 'date = "2026"', f'date = "{date}"')
    bundle, _warnings = load_bundle(write_file(text))
    opening = bundle.events[1]
    assert opening.date is not None
    assert opening.date.text == date


@pytest.mark.parametrize("date", DOC_DATES)
def test_every_date_form_is_accepted_as_published(date: str, write_file: Write) -> None:
    text = edit(BASE, "story", 'published = "2024-05-02"', f'published = "{date}"')
    bundle, _ = load_bundle(write_file(text))
    assert bundle.story.published == date
    assert bundle.story.published_date is not None


@pytest.mark.parametrize(
    "tag",
    [
        "en",
        "en-GB",
        "EN-gb",
        "fr",
        "zh-Hant-TW",
        "sr-Latn-RS",
        "es-419",
        "de-CH-1996",
        "x-newsroom",
        "en-x-house",
        "i-klingon",
        "ar",
        "yue-HK",
        "FR",
        "ast",
    ],
)
def test_bcp47_language_tags_are_accepted(tag: str, write_file: Write) -> None:
    text = edit(BASE, "story", 'language = "en"', f'language = "{tag}"')
    bundle, _ = load_bundle(write_file(text))
    assert bundle.story.language == tag


@pytest.mark.parametrize(
    "tag",
    [
        "en_GB",
        "e",
        "en-",
        "-en",
        "en--gb",
        "en gb",
        "english language",
        "en-GB-",
        "\u017fv",
        "en-\u212a\u212a",
        "\u0130t",
        "\uff11\uff12",  # full-width digits
        "en-a",
        "toolonglanguagetag",
        "e1",
        "\u00e9s",  # two or three letters, but not ASCII ones
        "ab\u0131",
    ],
)
def test_malformed_language_tags_are_refused(tag: str, write_file: Write) -> None:
    text = edit(BASE, "story", 'language = "en"', f'language = "{tag}"')
    with pytest.raises(BundleError) as raised:
        load_bundle(write_file(text))
    assert [p.code for p in raised.value.problems] == ["bad-language"]


def test_language_defaults_to_en(write_file: Write) -> None:
    bundle, _ = load_bundle(write_file(edit(BASE, "story", 'language = "en"\n', "")))
    assert bundle.story.language == "en"


@pytest.mark.parametrize("kind", ["body", "heading", "caption", "standfirst", "credit"])
def test_every_paragraph_kind_is_accepted(kind: str, write_file: Write) -> None:
    bundle, _ = load_bundle(write_file(edit(BASE, "p3", 'kind = "caption"', f'kind = "{kind}"')))
    assert bundle.paragraphs[2].kind == kind


def test_paragraph_kind_defaults_to_body(write_file: Write) -> None:
    bundle, _ = load_bundle(write_file(BASE))
    assert [p.kind for p in bundle.paragraphs] == ["body", "body", "caption"]


@pytest.mark.parametrize(
    "kind", ["person", "group", "organisation", "state", "place", "population", "other"]
)
def test_every_actor_kind_is_accepted(kind: str, write_file: Write) -> None:
    text = edit(BASE, "council", 'kind = "organisation"', f'kind = "{kind}"')
    bundle, _ = load_bundle(write_file(text))
    assert bundle.actors[1].kind == kind


@pytest.mark.parametrize("story_id", ["bridge", "2024", "bridge-vote-2024", "-bridge", "a--b", "x"])
def test_story_id_slugs_are_accepted(story_id: str, write_file: Write) -> None:
    text = edit(BASE, "story", 'id = "bridge-vote"', f'id = "{story_id}"')
    bundle, _ = load_bundle(write_file(text))
    assert bundle.story.id == story_id


@pytest.mark.parametrize("entry_id", ["0", "9-lives", "a-", "p1-2-3", "x--y"])
def test_ids_matching_the_pattern_are_accepted(entry_id: str, write_file: Write) -> None:
    assert BASE.count('"council"') == 4
    text = BASE.replace('"council"', f'"{entry_id}"')
    bundle, _ = load_bundle(write_file(text))
    assert bundle.actors[1].id == entry_id
    assert bundle.events[0].actors == (entry_id,)


def test_empty_when_is_allowed(write_file: Write) -> None:
    bundle, _ = load_bundle(write_file(edit(BASE, "vote", 'when = "on Tuesday"', 'when = ""')))
    assert bundle.events[0].when == ""


def test_optional_keys_may_all_be_left_out(write_file: Write) -> None:
    text = """\
format = "story-bundle/1"
[story]
id = "s"
headline = "H"
[[paragraphs]]
id = "p1"
text = "Ana spoke. “Yes,” she said."
[[actors]]
id = "ana"
name = "Ana"
kind = "person"
sources = [{ paragraph = "p1" }]
[[events]]
id = "spoke"
title = "Ana speaks"
when = ""
sources = [{ paragraph = "p1" }]
[[quotes]]
id = "yes"
kind = "direct"
speaker = "ana"
text = "Yes,"
sources = [{ paragraph = "p1" }]
[[quotes]]
id = "scare"
kind = "scare"
text = "Yes"
sources = [{ paragraph = "p1" }]
"""
    bundle, warnings = load_bundle(write_file(text))
    assert warnings == []
    assert bundle.story.language == "en"
    assert bundle.story.standfirst is None and bundle.story.published_date is None
    assert bundle.actors[0].aliases == () and bundle.actors[0].description is None
    assert bundle.events[0].date is None and bundle.events[0].actors == ()
    # a direct or scare quote linked to a whole paragraph is highlighted at its text
    yes, scare = bundle.quotes
    assert (yes.cue, yes.about) == (None, ())
    assert bundle.paragraphs[0].text[yes.sources[0].start : yes.sources[0].end] == "Yes,"
    assert scare.speaker is None
    assert bundle.paragraphs[0].text[scare.sources[0].start : scare.sources[0].end] == "Yes"


def test_only_paragraphs_are_required(write_file: Write) -> None:
    text = 'format = "story-bundle/1"\n[story]\nid = "s"\nheadline = "H"\n'
    text += '[[paragraphs]]\nid = "p1"\ntext = "x"\n'
    bundle, warnings = load_bundle(write_file(text))
    assert (bundle.actors, bundle.events, bundle.quotes, warnings) == ((), (), (), [])


def test_empty_optional_sections_are_allowed(write_file: Write) -> None:
    text = 'format = "story-bundle/1"\nactors = []\nevents = []\nquotes = []\n'
    text += '[story]\nid = "s"\nheadline = "H"\n[[paragraphs]]\nid = "p1"\ntext = "x"\n'
    bundle, _ = load_bundle(write_file(text))
    assert (bundle.actors, bundle.events, bundle.quotes) == ((), (), ())


def test_reported_quote_text_need_not_occur_in_the_paragraph(write_file: Write) -> None:
    bundle, _ = load_bundle(write_file(BASE))
    traffic = bundle.quotes[1]
    assert traffic.kind == "reported"
    assert traffic.text not in bundle.paragraphs[2].text


def test_scare_quote_without_speaker_and_without_about(write_file: Write) -> None:
    bundle, _ = load_bundle(write_file(edit(BASE, "nowhere", 'about = ["council"]\n', "")))
    assert (bundle.quotes[2].speaker, bundle.quotes[2].about) == (None, ())


def test_text_that_is_not_required_may_be_blank(write_file: Write) -> None:
    text = edit(BASE, "overdue", 'cue = "said"', 'cue = ""')
    text = edit(
        text, "story", 'standfirst = "A 7-2 vote ends a decade of argument"', 'standfirst = " "'
    )
    text = edit(text, "ana-ruiz", 'aliases = ["the mayor", "Ruiz"]', "aliases = []")
    bundle, _ = load_bundle(write_file(text))
    assert bundle.quotes[0].cue == ""
    assert bundle.story.standfirst == " "
    assert bundle.actors[0].aliases == ()


# --- selectors: disambiguation and white-space folding -------------------------------------


def _span(bundle_text: str, write_file: Write, entry: str) -> str:
    bundle, _ = load_bundle(write_file(bundle_text))
    paragraphs = {p.id: p.text for p in bundle.paragraphs}
    for item in (*bundle.actors, *bundle.events, *bundle.quotes):
        if item.id == entry:
            link = item.sources[0]
            assert link.has_span
            return paragraphs[link.paragraph][link.start : link.end]
    raise AssertionError(entry)


P2 = (
    "Critics call it “a bridge to nowhere”, but the bridge will cost $4m and the bridge opens "
    "in 2026."
)


def test_prefix_picks_the_second_of_two_places(write_file: Write) -> None:
    bundle, _ = load_bundle(write_file(BASE))
    link = bundle.events[1].sources[0]
    assert (link.start, link.end) == (P2.rindex("the bridge"), P2.rindex("the bridge") + 10)


def test_suffix_picks_the_first_of_two_places(write_file: Write) -> None:
    text = edit(BASE, "opening", 'prefix = "and "', 'suffix = " will"')
    bundle, _ = load_bundle(write_file(text))
    link = bundle.events[1].sources[0]
    assert (link.start, link.end) == (P2.index("the bridge"), P2.index("the bridge") + 10)
    assert P2.index("the bridge") != P2.rindex("the bridge")


def test_prefix_and_suffix_together(write_file: Write) -> None:
    text = edit(BASE, "opening", 'prefix = "and "', 'prefix = "$4m and ", suffix = " opens"')
    assert _span(text, write_file, "opening") == "the bridge"
    bundle, _ = load_bundle(write_file(text))
    assert bundle.events[1].sources[0].start == P2.rindex("the bridge")


def test_overlapping_places_count_as_several(write_file: Write) -> None:
    text = edit(
        BASE,
        "p3",
        'text = "Ruiz said [the bridge] would ease traffic."',
        'text = "Ruiz said [the bridge] would ease traffic. Aaaa."',
    )
    text = edit(
        text,
        "council",
        'sources = [{ paragraph = "p1", exact = "The council" }]',
        'sources = [{ paragraph = "p3", exact = "aa" }]',
    )
    with pytest.raises(BundleError) as raised:
        load_bundle(write_file(text))
    assert [p.code for p in raised.value.problems] == ["ambiguous-exact"]
    assert "occurs 2 times" in raised.value.problems[0].message
    fixed = edit(text, "council", 'exact = "aa"', 'exact = "aa", suffix = "a."')
    assert _span(fixed, write_file, "council") == "aa"


FOLDING = """\
format = "story-bundle/1"
[story]
id = "s"
headline = "H"
[[paragraphs]]
id = "p1"
text = "The  council\\tvoted\\n7-2 on\\r\\nTuesday.  Then   it voted again on Tuesday."
[[actors]]
id = "council"
name = "The council"
kind = "organisation"
sources = [{ paragraph = "p1", exact = "The council voted 7-2" }]
[[events]]
id = "second"
title = "Second vote"
when = "on Tuesday"
sources = [{ paragraph = "p1", exact = "on Tuesday", prefix = "again  ", suffix = "." }]
[[events]]
id = "first"
title = "First vote"
when = "on Tuesday"
sources = [{ paragraph = "p1", exact = "on\\nTuesday", suffix = ". \\n Then" }]
[[quotes]]
id = "twice"
kind = "scare"
text = "Tuesday. Then it voted"
sources = [{ paragraph = "p1" }]
"""
FOLDING_TEXT = "The  council\tvoted\n7-2 on\r\nTuesday.  Then   it voted again on Tuesday."


def test_white_space_is_folded_in_exact_prefix_and_suffix(write_file: Write) -> None:
    bundle, warnings = load_bundle(write_file(FOLDING))
    assert [(w.code, w.entry) for w in warnings] == [("control-character", "p1")]  # the \r
    text = bundle.paragraphs[0].text
    assert text == FOLDING_TEXT
    council = bundle.actors[0].sources[0]
    # the span covers the original characters, runs of white space included
    assert text[council.start : council.end] == "The  council\tvoted\n7-2"
    second, first = (e.sources[0] for e in bundle.events)
    assert (second.start, second.end) == (text.rindex("on Tuesday"), len(text) - 1)
    assert text[first.start : first.end] == "on\r\nTuesday"
    twice = bundle.quotes[0].sources[0]
    assert text[twice.start : twice.end] == "Tuesday.  Then   it voted"


def test_folding_does_not_remove_white_space(write_file: Write) -> None:
    text = FOLDING.replace('exact = "The council voted 7-2"', 'exact = "Thecouncil voted"')
    with pytest.raises(BundleError) as raised:
        load_bundle(write_file(text))
    assert [(p.code, p.entry, p.line) for p in raised.value.problems if p.severity == "error"] == [
        ("exact-not-found", "council", 12)
    ]


def test_folded_prefix_that_does_not_match_is_refused(write_file: Write) -> None:
    text = FOLDING.replace('prefix = "again  "', 'prefix = "again"')
    with pytest.raises(BundleError) as raised:
        load_bundle(write_file(text))
    assert [(p.code, p.entry, p.line) for p in raised.value.problems if p.severity == "error"] == [
        ("selector-mismatch", "second", 17)
    ]


@pytest.mark.parametrize(
    ("paragraph", "exact"),
    [
        ("He said \\u201cno\\u201d.", 'He said \\"no\\".'),  # curly vs straight double quotes
        ("It\\u2019s done.", "It's done."),  # curly vs straight apostrophe
        ("The [Isis] fighters", "The (Isis) fighters"),  # square vs round brackets
        ("The [Isis] fighters", "The Isis fighters"),  # brackets are not dropped
        ("a \\u2013 b", "a - b"),  # dashes are not folded either
        ("caf\\u00e9", "cafe\\u0301"),  # nor Unicode normal forms
    ],
)
def test_quotation_marks_and_brackets_are_not_folded(
    paragraph: str, exact: str, write_file: Write
) -> None:
    text = FOLDING.replace(
        '"The  council\\tvoted\\n7-2 on\\r\\nTuesday.  Then   it voted again on Tuesday."',
        f'"{paragraph} 7-2 on Tuesday. Then it voted again on Tuesday."',
    ).replace('exact = "The council voted 7-2"', f'exact = "{exact}"')
    with pytest.raises(BundleError) as raised:
        load_bundle(write_file(text))
    assert [(p.code, p.entry) for p in raised.value.problems] == [("exact-not-found", "council")]


@pytest.mark.parametrize(
    "space", ["\\u00a0", "\\u2009", "\\u3000", "\\u2028", "\\f", "\\u000b", "\\u0085"]
)
def test_unicode_white_space_is_folded(space: str, write_file: Write) -> None:
    text = FOLDING.replace(
        '"The  council\\tvoted\\n7-2 on\\r\\nTuesday.  Then   it voted again on Tuesday."',
        f'"The{space}council voted 7-2 on Tuesday. Then it voted again on Tuesday."',
    )
    bundle, _ = load_bundle(write_file(text))
    link = bundle.actors[0].sources[0]
    assert (link.start, link.end) == (0, len("The council voted 7-2"))


@pytest.mark.parametrize("character", ["\\u200b", "\\u001c", "\\u001f"])
def test_characters_that_are_not_white_space_are_not_folded(
    character: str, write_file: Write
) -> None:
    text = FOLDING.replace(
        '"The  council\\tvoted\\n7-2 on\\r\\nTuesday.  Then   it voted again on Tuesday."',
        f'"The{character}council voted 7-2 on Tuesday. Then it voted again on Tuesday."',
    )
    with pytest.raises(BundleError) as raised:
        load_bundle(write_file(text))
    assert "exact-not-found" in [p.code for p in raised.value.problems]


def test_problem_in_a_multi_line_array_is_on_the_line_of_its_element(
    write_file: Write, run_cli: Run
) -> None:
    shipped = (Path(__file__).resolve().parent.parent / "content" / "baghouz.toml").read_text(
        encoding="utf-8"
    )
    old = '  { paragraph = "p10", exact = "Ryan" },\n'
    assert shipped.count(old) == 1
    text = shipped.replace(old, '  { paragraph = "p10", exact = "Rayn" },\n')
    text = text.replace('"isis", "iraqis"]', '"isis", 7, "iraqis"]')
    path = write_file(text)
    result = run_cli("check", path)
    assert result.code == 1
    lines = text.splitlines()
    rayn = next(n for n, line in enumerate(lines, 1) if "Rayn" in line)
    seven = next(n for n, line in enumerate(lines, 1) if '"isis", 7,' in line)
    assert rayn - 2 == next(
        n for n, line in enumerate(lines, 1) if "sources = [" in line and n > rayn - 3
    )
    assert result.lines == [
        f"{path}:{rayn}: sean-ryan: sources[1].exact 'Rayn' does not occur in paragraph p10; "
        "it reads 'Ryan' there now (re-anchored, score 0.75)",
        f"{path}:{seven}: q-civilians-iraqi-entity: `about[1]` must be a string, not an integer",
    ]


def test_other_format_is_the_only_problem_reported(write_file: Write, run_cli: Run) -> None:
    # another format has other rules: its keys are not judged by these
    text = BASE.replace('format = "story-bundle/1"', 'format = "story-bundle/2"')
    text = text.replace("[story]", "[headline]")
    path = write_file(text)
    result = run_cli("check", path)
    assert result.code == 1
    assert result.lines == [
        f"{path}:2: format: format 'story-bundle/2' is not one this program reads; "
        "it reads 'story-bundle/1'"
    ]
