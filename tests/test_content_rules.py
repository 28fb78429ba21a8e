"""Editorial rules for the shipped story, the ones a fact-check of it found broken (issue 11).

`check` proves a bundle is well formed; these prove the shipped one claims no more than its
text. Each rule is a function from a Bundle to the entries that break it. Each is run on the
shipped story (nothing may break it), on a copy with one old error put back (the rule must
name that entry), and on the bundle as it was before the fact-check, when git still has it.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tui.model.content import shipped_bundle_path
from tui.model.entities import Actor, Bundle, Event
from tui.model.folding import fold
from tui.model.load import parse

Rule = Callable[[Bundle], list[str]]
ROOT = Path(__file__).resolve().parent.parent
# The last commit with the bundle as it was before the fact-check.
BEFORE_FACT_CHECK = "7621983"

# Words by which the text keeps its distance from what it reports.
HEDGES = re.compile(
    r"\b(believe[ds]?|claim(?:ed|s)?|reportedly|reported|self-proclaimed|alleged(?:ly)?|"
    r"so-called|suspected|said to)\b",
    re.IGNORECASE,
)
APOSTROPHES = "'\u2019"
# A cue that tells what someone did *not* say is no statement of theirs.
DENIALS = re.compile(
    rf"\b(did not|didn[{APOSTROPHES}]t|does not|doesn[{APOSTROPHES}]t|would not|"
    rf"wouldn[{APOSTROPHES}]t|will not|won[{APOSTROPHES}]t|"
    r"declined to|refused to|no comment)\b",
    re.IGNORECASE,
)
# Relative expressions of time that need `published` to the day.
RELATIVE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|"
    r"tonight|last (?:week|month|night)|this (?:week|month|morning)|ago)\b",
    re.IGNORECASE,
)
# An alias that only hedges ("Reported civilians") is the caption's doubt, not a name.
ALIAS_HEDGES = re.compile(r"(?i)(reported|alleged|suspected|presumed|apparent|so-called)\b")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}[?~%]?$")
# A qualifier the text ties to one noun ("US-backed forces"); prose must not move it.
QUALIFIED = re.compile(r"\b([\w]+-(?:led|backed|dominated|held|controlled))\s+([\w-]+)")


def _shipped_text() -> str:
    return shipped_bundle_path().read_text(encoding="utf-8")


def _load(text: str) -> Bundle:
    bundle, problems = parse(text, "baghouz.toml")
    assert bundle is not None, [p.format() for p in problems]
    return bundle


def _paragraphs(bundle: Bundle) -> dict[str, str]:
    return {p.id: fold(p.text) for p in bundle.paragraphs}


def _prose(entry: Actor | Event) -> str:
    if isinstance(entry, Actor):
        return entry.description or ""
    return f"{entry.title} {entry.summary or ''}"


# --- the rules -----------------------------------------------------------------------------


def open_start_without_note(bundle: Bundle) -> list[str]:
    """An open (`..`) or unknown (empty) start claims a span before: say why in a note."""
    return [
        event.id
        for event in bundle.events
        if event.date is not None
        and event.date.text.startswith(("..", "/"))
        and "x-date-note" not in event.extensions
    ]


def date_not_in_words(bundle: Bundle) -> list[str]:
    """A date the story's words (`when`) do not give is explained in an x-date-note."""
    return [
        event.id
        for event in bundle.events
        if event.date is not None and not event.when.strip()
        and "x-date-note" not in event.extensions
    ]


def relative_dates_without_day(bundle: Bundle) -> list[str]:
    """"On Tuesday" is worked out from `published`, so `published` is given to the day."""
    relative = [e.id for e in bundle.events if e.date is not None and RELATIVE.search(e.when)]
    if relative and not DAY.match(bundle.story.published or ""):
        return relative
    return []


def when_words_not_linked(bundle: Bundle) -> list[str]:
    """The words a date rests on are inside the source link, wherever the paragraph has them."""
    texts = _paragraphs(bundle)
    wrong = []
    for event in bundle.events:
        when = fold(event.when.strip())
        if event.date is None or not when:
            continue
        exacts = [(s.paragraph, fold(s.exact or "")) for s in event.sources]
        missing = [p for p, exact in exacts if when in texts[p] and when not in exact]
        if missing or not any(when in exact for _, exact in exacts):
            wrong.append(event.id)
    return wrong


def speaker_not_in_paragraph(bundle: Bundle) -> list[str]:
    """A quote's speaker is an actor the quote's own paragraph introduces."""
    cited = {a.id: {s.paragraph for s in a.sources} for a in bundle.actors}
    return [
        quote.id
        for quote in bundle.quotes
        if quote.kind in ("direct", "reported")
        and not cited.get(quote.speaker or "", set()) & {s.paragraph for s in quote.sources}
    ]


def denial_reported_as_speech(bundle: Bundle) -> list[str]:
    """"Did not say", "declined to comment": nothing was said, so there is no quote."""
    return [
        quote.id
        for quote in bundle.quotes
        if quote.kind == "reported"
        and (DENIALS.search(quote.cue or "") or DENIALS.search(quote.text))
    ]


def _covered(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a fragment of a longer name: a capitalised word, or a
    title such as "Col", joined to it by a space or a hyphen (a capitalised word that only
    starts the sentence, "While many Iraqi ...", is no part of a name)."""
    before = re.search(rf"(?<![.!?] )(?<!^)\b[A-Z][\w{APOSTROPHES}.]*[ -]$", text[:start])
    after = re.match(rf"[ -][A-Z][\w{APOSTROPHES}]*", text[end:])
    return bool(before or after)


def aliases_not_standing_alone(bundle: Bundle) -> list[str]:
    """An alias is a name the text uses on its own, not a piece of a longer name ("Trump"
    inside "Donald Trump") and not a hedge ("Reported civilians")."""
    texts = list(_paragraphs(bundle).values())
    wrong = []
    for actor in bundle.actors:
        for alias in actor.aliases:
            folded = fold(alias)
            if ALIAS_HEDGES.match(folded):
                wrong.append(f"{actor.id}: {alias}")
                continue
            # the first letter in either case: "the Kurds" stands at a sentence's start too
            pattern = re.compile(
                rf"(?<![\w-])[{re.escape(folded[0].upper())}{re.escape(folded[0].lower())}]"
                rf"{re.escape(folded[1:])}(?![\w-])"
            )
            alone = any(
                not _covered(text, m.start(), m.end())
                for text in texts
                for m in pattern.finditer(text)
            )
            if not alone:
                wrong.append(f"{actor.id}: {alias}")
    return wrong


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start))
    right = text.find(". ", end)
    return (left + 2 if left >= 0 else 0, right if right >= 0 else len(text))


def hedges_dropped(bundle: Bundle) -> list[str]:
    """Where the text hedges what an entry cites ("believe", "reportedly", "claimed",
    "self-proclaimed" before or on the linked words, in their sentence), its prose hedges."""
    texts = {p.id: p.text for p in bundle.paragraphs}
    wrong = []
    for entry in (*bundle.actors, *bundle.events):
        for link in entry.sources:
            if not link.has_span or link.start == link.end:
                continue
            text = texts[link.paragraph]
            begin, _ = _sentence_around(text, link.start, link.end)
            if HEDGES.search(text[begin : link.end]) and not HEDGES.search(_prose(entry)):
                wrong.append(entry.id)
                break
    return wrong


def qualifiers_moved(bundle: Bundle) -> list[str]:
    """"US-backed forces" stays with "forces": prose does not write "US-led air raids"
    where the text has "US air raids"."""
    texts = _paragraphs(bundle)
    wrong = []
    for entry in (*bundle.actors, *bundle.events):
        cited = " ".join(texts[s.paragraph] for s in entry.sources).lower()
        for match in QUALIFIED.finditer(fold(_prose(entry))):
            if f"{match.group(1)} {match.group(2)}".lower() not in cited:
                wrong.append(f"{entry.id}: {match.group(0)}")
    return wrong


def fighters_as_populations(bundle: Bundle) -> list[str]:
    """Fighters are a group, however many nationalities they share with a population."""
    return [
        actor.id
        for actor in bundle.actors
        if actor.kind == "population" and re.search(r"\bfighters?\b", actor.description or "")
    ]


RULES: dict[str, Rule] = {
    rule.__name__: rule
    for rule in (
        open_start_without_note,
        date_not_in_words,
        relative_dates_without_day,
        when_words_not_linked,
        speaker_not_in_paragraph,
        denial_reported_as_speech,
        aliases_not_standing_alone,
        hedges_dropped,
        qualifiers_moved,
        fighters_as_populations,
    )
}


# --- the shipped story keeps them ------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Bundle:
    return _load(_shipped_text())


@pytest.mark.parametrize("name", sorted(RULES))
def test_the_shipped_story_keeps_the_rule(name: str, shipped: Bundle) -> None:
    assert RULES[name](shipped) == []


# --- each rule names the entry an old error is put back into -----------------------------------

# (rule, text in the shipped bundle, the old text put back, what the rule must name)
OLD_ERRORS = [
    ("open_start_without_note",
     'when = "once"\nsummary', 'when = "once"\ndate = "../2019-02"\nsummary',
     "caliphate-at-height"),
    ("date_not_in_words",
     'when = ""\nsummary = "US president Donald Trump',
     'when = ""\ndate = "2019-02-13?"\nsummary = "US president Donald Trump',
     "trump-predicts-victory"),
    ("relative_dates_without_day", 'published = "2019-02-13?"', 'published = "2019-02"',
     "kurds-regain-ground"),
    ("when_words_not_linked",
     'in the eastern Syrian province of Deir Ezzor on Monday" },\n  { paragraph = "p8"',
     '" },\n  { paragraph = "p8"', "convoy-monday"),
    ("speaker_not_in_paragraph", 'speaker = "interviewed-civilians"', 'speaker = "civilians"',
     "q-civilians-iraqi-entity"),
    ("denial_reported_as_speech", '[[quotes]]\nid = "q-trump-victory-within-days"',
     '[[quotes]]\nid = "q-ryan-no-end-date"\nkind = "reported"\nspeaker = "sean-ryan"\n'
     'cue = "did not say"\ntext = "Ryan did not say when the offensive would end"\n'
     'sources = [{ paragraph = "p10", exact = "Ryan did not say when the offensive would end"'
     ' }]\n\n'
     '[[quotes]]\nid = "q-trump-victory-within-days"', "q-ryan-no-end-date"),
    ("aliases_not_standing_alone", 'aliases = ["US president Donald Trump"]',
     'aliases = ["US president Donald Trump", "Trump"]', "donald-trump: Trump"),
    ("aliases_not_standing_alone", 'aliases = ["Ryan", "US-led',
     'aliases = ["Ryan", "Sean Ryan", "US-led', "sean-ryan: Sean Ryan"),
    ("aliases_not_standing_alone", 'aliases = ["civilians"]',
     'aliases = ["civilians", "Reported civilians"]', "civilians: Reported civilians"),
    ("hedges_dropped", "close aides of the self-proclaimed Isis caliph",
     "close aides of the Isis caliph", "baghdadi-aides"),
    ("hedges_dropped", "and who believe they have no option but to fight since their countries",
     "and whose countries", "foreign-fighters"),
    ("qualifiers_moved", 'title = "US air raids and shelling fail to stop Isis"',
     'title = "US-led air raids and shelling on Isis targets"', "air-raids: US-led air"),
    ("fighters_as_populations", 'name = "Turkish fighters"\nkind = "group"',
     'name = "Turks"\nkind = "population"', "turks"),
]


@pytest.mark.parametrize(
    ("name", "now", "before", "named"), OLD_ERRORS, ids=[f"{e[0]}-{e[3]}" for e in OLD_ERRORS]
)
def test_each_rule_catches_its_old_error(name: str, now: str, before: str, named: str) -> None:
    text = _shipped_text()
    assert text.count(now) == 1, now
    # the notes that explain today's dates go too: the old bundle had none
    broken = _load(re.sub(r"(?m)^x-date-note = .*\n", "", text.replace(now, before)))
    assert named in RULES[name](broken)


def _bundle_before_fact_check() -> Iterator[Bundle]:
    try:
        result = subprocess.run(
            ["git", "show", f"{BEFORE_FACT_CHECK}:content/baghouz.toml"], cwd=ROOT,
            capture_output=True, text=True, check=False, timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return
    if result.returncode == 0:
        yield _load(result.stdout)


def test_every_rule_fails_on_the_bundle_before_the_fact_check() -> None:
    old = next(_bundle_before_fact_check(), None)
    if old is None:
        pytest.skip(f"git history without {BEFORE_FACT_CHECK} (a shallow clone)")
    assert {name: bool(rule(old)) for name, rule in RULES.items()} == dict.fromkeys(RULES, True)
