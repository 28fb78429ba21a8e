"""Actors: the speakers the quotes name, with the names the text uses for them.

"US-led coalition spokesman Col Sean Ryan" is the person Col Sean Ryan, also called by the
whole phrase and, where the text says it on its own, "Ryan". Pronouns are no one's name.
"""


from __future__ import annotations

import re
from collections.abc import Sequence

from tui.authoring.suggest.cues import TITLES, is_pronoun
from tui.authoring.suggest.model import Link, Suggestion
from tui.authoring.suggest.text import link
from tui.model.entities import Paragraph

_TITLES = TITLES | frozenset(
    {
        "chief", "colonel", "commander", "director", "general", "judge", "king", "lady", "leader",
        "lord", "mayor", "minister", "officer", "organiser", "organizer", "president", "queen",
        "secretary", "sir", "spokesman", "spokesperson", "spokeswoman",
    }
)
_PARTICLES = frozenset({"al", "bin", "ibn", "de", "da", "del", "van", "von", "der", "le", "la"})
_NAME_WORD = re.compile(r"^(?:[A-Z][\w’'.-]*|(?:al|bin|ibn|de|da|del|van|von|der|le|la)(?:-\w+)?)$")


def name_of(speaker: str) -> tuple[str, str]:
    """(name, kind) for a speaker phrase: the run of capitalised words that ends it, when
    it reads as a person's name; else the phrase itself, as a group."""
    words = speaker.split()
    run: list[str] = []
    for word in reversed(words):
        if _NAME_WORD.match(word):
            run.insert(0, word)
        else:
            break
    while run and run[0].lower() in _PARTICLES:
        run.pop(0)
    titled = len(run) < len(words) and words[len(words) - len(run) - 1].lower() in _TITLES
    if len(run) >= 2 or (run and titled):
        return " ".join(run), "person"
    head = re.split(r"\s+(?:who|which|that)\s+", speaker, maxsplit=1)[0]
    words = [w.lower() for w in head.split()]
    plural = bool(words) and any(
        w.endswith("s") and not w.endswith(("’s", "'s", "ss")) for w in (words[0], words[-1])
    )
    return head, "group" if plural else "other"


def actor_suggestions(
    quotes: Sequence[Suggestion], paragraphs: Sequence[Paragraph]
) -> list[Suggestion]:
    texts = {p.id: p.text for p in paragraphs}
    found: dict[str, tuple[str, list[str], list[Link], float]] = {}
    for quote in quotes:
        speaker = quote.speaker
        if not speaker or is_pronoun(speaker) or quote.confidence < 0.5:
            continue
        name, kind = name_of(speaker)
        if name not in found:
            found[name] = (kind, [], [], 0.0)
        kind, aliases, links, confidence = found[name]
        for alias in (speaker, *([name.split()[-1]] if kind == "person" else [])):
            if alias != name and alias not in aliases:
                aliases.append(alias)
        pid = quote.sources[0].paragraph
        where = texts[pid].find(speaker)
        if where >= 0 and all(src.paragraph != pid for src in links):
            links.append(link(pid, texts[pid], where, where + len(speaker)))
        found[name] = (kind, aliases, links, max(confidence, quote.confidence))
    _merge_surnames(found)
    out: list[Suggestion] = []
    for name, (kind, aliases, links, confidence) in found.items():
        kept = [a for a in aliases if _stands_alone(a, name, aliases, paragraphs)]
        for pid, text in texts.items():  # where the text names them again on its own
            for alias in kept:
                at = _alone_at(alias, name, aliases, text)
                if at is not None and all(src.paragraph != pid for src in links):
                    links.append(link(pid, text, at, at + len(alias)))
        if not links:
            continue
        spoke = links[0].paragraph
        again = sorted({src.paragraph for src in links[1:]}, key=_order)
        why = f"the speaker of a quote in {spoke}" + (
            f"; named again in {', '.join(again)}" if again else ""
        )
        out.append(
            Suggestion(
                "actor",
                name,
                tuple(links),
                round(confidence * 0.9, 2),
                why,
                kind,
                aliases=tuple(kept),
            )
        )
    return out


def _merge_surnames(found: dict[str, tuple[str, list[str], list[Link], float]]) -> None:
    """ "Sato said" after "Helena Sato said": one person, called "Sato" too."""
    people = [n for n, entry in found.items() if entry[0] == "person"]
    for name in list(found):
        if " " in name or found[name][0] == "person":
            continue
        owner = next((p for p in people if p.split()[-1] == name), None)
        if owner is None:
            continue
        _kind, aliases, links, confidence = found.pop(name)
        o_kind, o_aliases, o_links, o_confidence = found[owner]
        for alias in (name, *aliases):
            if alias not in o_aliases:
                o_aliases.append(alias)
        o_links.extend(x for x in links if all(y.paragraph != x.paragraph for y in o_links))
        found[owner] = (o_kind, o_aliases, o_links, max(confidence, o_confidence))


def _order(pid: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", pid)
    return (int(digits) if digits else 0, pid)


def _alone_at(alias: str, name: str, aliases: Sequence[str], text: str) -> int | None:
    """Where `alias` stands in `text` as a name on its own, not inside a longer one."""
    covered = [
        (m.start(), m.end())
        for longer in (name, *aliases)
        if alias in longer and longer != alias
        for m in re.finditer(re.escape(longer), text)
    ]
    for match in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", text):
        if not any(s <= match.start() and match.end() <= e for s, e in covered):
            return match.start()
    return None


def _stands_alone(
    alias: str, name: str, aliases: Sequence[str], paragraphs: Sequence[Paragraph]
) -> bool:
    return any(_alone_at(alias, name, aliases, p.text) is not None for p in paragraphs)
