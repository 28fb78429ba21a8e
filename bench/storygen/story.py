"""What happens in a generated story: events, quotes, and the paragraphs that tell them."""

from __future__ import annotations

import datetime as dt

from bench.storygen.cast import Cast
from bench.storygen.dates import _EPOCH, _SPAN_MINUTES, _date_form
from bench.storygen.parts import (
    _Actor,
    _cap,
    _Event,
    _Mark,
    _Paragraph,
    _Quote,
    _Sentence,
    _slug,
)
from bench.storygen.vocabulary import (
    _AGENCIES,
    _CAPTIONS,
    _CONSEQUENCES,
    _DIRECT,
    _DIRECT_CUES,
    _FACILITIES,
    _FILLERS,
    _FIRST,
    _HEADINGS,
    _LAST,
    _REPORTED,
    _REPORTED_CUES,
    _SCARE,
    _SCARE_FRAMES,
    _SUBJECTLESS,
    _VERBS,
)


class StoryGenerator(Cast):
    # --- events -----------------------------------------------------------------------

    def make_events(self) -> list[_Event]:
        r = self.rng
        n = self.n_events
        hosts = self.hosts
        anchors = sorted(r.random() ** 0.35 for _ in range(n))
        events: list[_Event] = []
        for i, u in enumerate(anchors):
            at = _EPOCH + dt.timedelta(minutes=int(u * _SPAN_MINUTES))
            date, when, note = _date_form(r, at)
            position = int(i * len(hosts) / n + r.gauss(0, 2))
            host = hosts[min(max(position, 0), len(hosts) - 1)]
            events.append(self._event(i, host, date, when, note))
        return events

    def _event(
        self, i: int, host: _Paragraph, date: str | None, when: str, note: str | None
    ) -> _Event:
        r = self.rng
        involved: list[_Actor] = []
        subject: _Actor | None = None
        if self.others and r.random() < 0.85:
            subject = r.choice(self.others)
            past, present, obj_template = r.choice(_VERBS)
            obj, named = self.fill(obj_template, exclude=subject)
            roll = r.random()
            said = subject.name if roll < 0.65 or not subject.aliases else subject.aliases[0]
            clause = f"{_cap(said)} {past} {obj}"
            title = f"{subject.name} {present} {obj}"
            involved = [subject, *named]
        else:
            past_t, present_t = r.choice(_SUBJECTLESS)
            place = self.place_name()
            facility = r.choice(_FACILITIES)
            clause = past_t.replace("{P}", place).replace("{T}", facility)
            title = present_t.replace("{P}", place).replace("{T}", facility)
            involved = [self.place_by_name[place]] if place in self.place_by_name else []
            said = ""
        if when and r.random() < 0.35:
            # Mid-sentence, "The brigade" and "Fighting broke out" lose their capital.
            if subject is None or said[:1].islower():
                clause = clause[:1].lower() + clause[1:]
            text = f"{_cap(when)}, {clause}."
            clause_offset = len(when) + 2
        else:
            text = f"{clause} {when}." if when else f"{clause}."
            clause_offset = 0
        sentence = host.add(text)
        clause_in_text = clause
        roll = r.random()
        if roll < 0.7 or not when:
            marks = [_Mark(host, sentence, clause_offset, clause_in_text)]
        elif roll < 0.9:
            marks = [_Mark(host, sentence, 0, text)]
        else:
            marks = [_Mark(host, sentence, clause_offset, clause_in_text),
                     _Mark(host, sentence, text.index(when) if clause_offset == 0 else 0,
                           when if clause_offset == 0 else _cap(when))]
        if r.random() < 0.05 and len(self.hosts) > 1:
            marks.append(_Mark(r.choice(self.hosts)))  # the whole paragraph, no words
        if subject is not None and said and r.random() < 0.3:
            subject.marks.append(_Mark(host, sentence, clause_offset, clause[: len(said)]))
        summary = None
        if r.random() < 0.6:
            summary = f"{clause}{' ' + when if when else ''}; {r.choice(_CONSEQUENCES)}."
        ids: list[str] = []
        for actor in involved:
            if actor.id not in ids:
                ids.append(actor.id)
        return _Event(
            id=f"e{i + 1}-{_slug(title, 4)}",
            title=_cap(title),
            when=when,
            date=date,
            summary=summary,
            actors=ids,
            marks=marks,
            note=note,
        )

    # --- quotes -----------------------------------------------------------------------

    def make_quotes(self) -> list[_Quote]:
        r = self.rng
        quotes: list[_Quote] = []
        for i in range(self.n_quotes):
            kind = ("direct", "reported", "scare")[i] if i < 3 else r.choices(
                ("direct", "reported", "scare"), (45, 35, 20))[0]
            host = r.choice(self.hosts)
            if kind == "scare":
                quotes.append(self._scare(i, host))
            else:
                pool = self.people if self.people and r.random() < 0.8 else self.others
                speaker = r.choice(pool or self.actors)
                make = self._direct if kind == "direct" else self._reported
                quotes.append(make(i, host, speaker))
        return quotes

    def _about(self, exclude: _Actor | None, named: list[_Actor]) -> list[str]:
        ids: list[str] = []
        for actor in named:
            if actor is not exclude and actor.id not in ids:
                ids.append(actor.id)
        return ids

    def _direct(self, i: int, host: _Paragraph, speaker: _Actor) -> _Quote:
        r = self.rng
        words, named = self.fill(r.choice(_DIRECT), exclude=speaker)
        cue = r.choice(_DIRECT_CUES)
        form = r.random()
        if form < 0.4:
            text = words
            sentence = host.add(f"“{words},” said {speaker.name}.")
            cue = "said"
            exact = f"“{words},” said {speaker.name}"
        elif form < 0.7:
            text = words
            sentence = host.add(f"“{words},” {speaker.name} {cue}.")
            exact = f"“{words},” {speaker.name} {cue}"
        else:
            text = f"{words}."
            sentence = host.add(f"{speaker.name} {cue}: “{words}.”")
            exact = f"{speaker.name} {cue}: “{words}.”"
        offset = sentence.text.index(exact)
        mark = _Mark(host, sentence, offset, exact) if r.random() < 0.5 else _Mark(host)
        return _Quote(f"q{i + 1}-{_slug(speaker.name, 3)}", "direct", text, speaker.id, cue,
                      self._about(speaker, named), [mark])

    def _reported(self, i: int, host: _Paragraph, speaker: _Actor) -> _Quote:
        r = self.rng
        clause, named = self.fill(r.choice(_REPORTED), exclude=speaker)
        cue = r.choice(_REPORTED_CUES)
        if cue == "denied":
            text = f"{speaker.name} denied that {clause}"
        elif r.random() < 0.2:
            cue = "according to"
            text = f"According to {speaker.name}, {clause}"
        else:
            text = f"{speaker.name} {cue} that {clause}"
        sentence = host.add(f"{text}.")
        full = r.random() < 0.5
        exact = f"{text}." if full else text
        return _Quote(f"q{i + 1}-{_slug(speaker.name, 3)}", "reported", exact, speaker.id, cue,
                      self._about(speaker, named), [_Mark(host, sentence, 0, exact)])

    def _scare(self, i: int, host: _Paragraph) -> _Quote:
        r = self.rng
        term = r.choice(_SCARE)
        text, named = self.fill(r.choice(_SCARE_FRAMES).replace("{S}", term))
        sentence = host.add(text)
        exact = f"“{term}”"
        linked = r.random() < 0.6
        mark = _Mark(host, sentence, text.index(exact), exact) if linked else _Mark(host)
        return _Quote(f"q{i + 1}-scare-{_slug(term, 3)}", "scare", term, None, None,
                      self._about(None, named), [mark])

    # --- text ---------------------------------------------------------------------------

    def write_paragraphs(self, headline: str) -> None:
        r = self.rng
        for paragraph in self.paragraphs:
            kind = paragraph.kind
            if kind == "heading":
                text = headline if paragraph.number == 1 else self.fill(r.choice(_HEADINGS))[0]
                paragraph.text = text
                continue
            if kind == "standfirst":
                paragraph.text = self.fill(
                    "Despite talks in {Q}, fighters reclaim positions around {P}")[0]
                continue
            if kind == "credit":
                paragraph.text = (f"Photograph: {r.choice(_FIRST)} {r.choice(_LAST)}/"
                                  f"{r.choice(_AGENCIES)}")
                continue
            if kind == "caption":
                paragraph.sentences.insert(0, _Sentence(self.fill(r.choice(_CAPTIONS))[0]))
            elif not paragraph.sentences or r.random() < 0.35:
                paragraph.sentences.append(_Sentence(self.fill(r.choice(_FILLERS))[0]))
            if len(paragraph.sentences) > 2:
                r.shuffle(paragraph.sentences)
            position = 0
            for sentence in paragraph.sentences:
                sentence.start = position
                position += len(sentence.text) + 1
            paragraph.text = " ".join(s.text for s in paragraph.sentences)

