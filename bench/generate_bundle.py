"""Write a valid story bundle (story-bundle/1) of any size, for benchmarks and tests.

    python bench/generate_bundle.py N OUT.toml [--seed SEED]

writes N paragraphs, N events, N/4 quotes and N/10 actors (at least one of each). The text
reads like a wire story about fighting around invented towns: sentences of several words, names
with aliases, direct, reported and scare quotes, and events dated in many EDTF forms (days,
months, years, date-times with and without a zone, approximate and uncertain dates, seasons,
unspecified digits, closed, open and unknown-ended intervals), listed in chronological order.

Every source link is checked here the way the loader checks it: its `exact` occurs exactly once
in its paragraph, or `prefix`/`suffix` pick out the one place meant. The output depends only on N
and the seed. Importable: `generate(n, seed=...) -> str`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SEED = 20190209

# --- vocabulary ---------------------------------------------------------------------------

_FIRST = (
    "Amira", "Omar", "Leila", "Karim", "Hana", "Yusuf", "Nadia", "Samir", "Rania", "Tariq",
    "Dilan", "Rojda", "Aram", "Shirin", "Hevi", "Mahmoud", "Salma", "Jamal", "Farah", "Bashar",
    "Noor", "Idris", "Layla", "Ziad", "Maya", "Hassan", "Zeynep", "Emre", "Aylin", "Murat",
    "Sean", "Claire", "Thomas", "Ingrid", "Pavel", "Marta", "Luis", "Ana", "Grace", "David",
    "Helen", "Kofi", "Amara", "Chen", "Mei", "Ravi", "Priya", "Élodie", "Jürgen", "Siobhán",
)
_LAST = (
    "Haddad", "Karimi", "Masri", "Saleh", "Bakr", "Nasser", "Rahman", "Talabani", "Zayed",
    "Hamdan", "Qadri", "Farouk", "Jaber", "Shami", "Darwish", "Khalil", "Mansour", "Aziz",
    "Youssef", "Barzani", "Osman", "Demir", "Yıldız", "Kaya", "Şahin", "Ryan", "O’Neill",  # noqa: RUF001
    "Fischer", "Novak", "Petrova", "García", "Moreau", "Lindqvist", "Okafor", "Mensah", "Wang",
    "Sharma", "Iyer", "Brennan", "Walsh", "Hughes", "Costa", "Ibrahim", "Suleiman", "Hussein",
    "Abbas", "Hakim", "Nouri", "Rashid", "Sabri",
)
_SURNAME_PREFIX = ("", "", "", "al-", "el-", "Abu ")
_TOWN_PREFIX = ("Al-", "Tel ", "Deir ", "Abu ", "Ain ", "Ras ", "Kafr ", "Bir ", "", "", "")
_TOWN_STEM = (
    "Qasr", "Bagh", "Ham", "Zar", "Mus", "Rak", "Hass", "Kab", "Sal", "Mar", "Jar", "Naw",
    "Shad", "Raq", "Dab", "Tab", "Hal", "Kur", "Man", "Sur",
)
_TOWN_END = ("ah", "ouz", "an", "iya", "ir", "ek", "un", "a", "ayn", "at", "ous", "im")
_RIVERS = ("Euphrates", "Khabur", "Balikh", "Tigris", "Sajur", "Zab", "Orontes")
_GROUP_ADJ = (
    "Northern", "Free", "Eastern", "United", "Popular", "Revolutionary", "Democratic",
    "National", "Independent", "Patriotic", "Southern", "Western", "Liberation", "Tribal",
)
_GROUP_NOUN = (
    "Shield", "Dawn", "Lions", "Falcons", "Mountain", "River", "Desert", "Crescent", "Tribes",
    "Homeland", "Unity", "Resistance", "Storm",
)
_GROUP_UNIT = (
    "Brigade", "Front", "Forces", "Army", "Battalions", "Movement", "Units", "Council",
    "Alliance",
)
_ORG_ADJ = (
    "International", "Crescent", "Horizon", "Global", "Regional", "Independent", "Open",
    "Civil", "Frontier", "Common", "Northern",
)
_ORG_NOUN = (
    "Medical", "Refugee", "Food", "Human Rights", "Mine Action", "Water", "Press", "Monitoring",
    "Shelter", "Legal Aid",
)
_ORG_TYPE = (
    "Agency", "Network", "Committee", "Observatory", "Foundation", "Mission", "Council",
    "Institute",
)
_STATE_ROOT = (
    "Valdor", "Kestran", "Morav", "Tarsil", "Ombar", "Zerav", "Halvet", "Ostr", "Karsh",
    "Belvan", "Ardun", "Lusk", "Merin", "Sorrav", "Tavor", "Ilyr", "Drun", "Quar",
)
_STATE_END = ("ia", "a", "istan", "and", "enia", "ova")
_PERSON_ROLES = (
    "a spokeswoman for {org}", "a spokesman for {org}", "the mayor of {town}",
    "a commander in {group}", "a doctor at the {town} field hospital", "a farmer from {town}",
    "the foreign minister of {state}", "an aid worker with {org}", "a resident of {town}",
    "a researcher at {org}", "the governor of {town} province", "a teacher in {town}",
    "a senior official in {group}", "an envoy of {state}",
)
_FACILITIES = (
    "the hospital", "the grain silos", "the main bridge", "the water station", "the old market",
    "the border crossing", "the airbase", "the oil field", "the checkpoint on the northern road",
    "the power plant", "the bakery", "the school", "the police station", "the dam",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
_AGENCIES = ("AFP", "Reuters", "AP", "Getty Images", "EPA", "Anadolu")

# (past, present, object): {B} another actor, {P} a place, {N} a number, {T} a facility.
_VERBS = (
    ("shelled", "shells", "positions held by {B} near {P}"),
    ("seized", "seizes", "{T} in {P}"),
    ("withdrew from", "withdraws from", "{P}"),
    ("announced", "announces", "a ceasefire in {P}"),
    ("met", "meets", "envoys of {B} in {P}"),
    ("evacuated", "evacuates", "{N} civilians from {P}"),
    ("reopened", "reopens", "the road to {P}"),
    ("accused", "accuses", "{B} of blocking aid to {P}"),
    ("signed", "signs", "an agreement with {B}"),
    ("delivered", "delivers", "{N} tonnes of food to {P}"),
    ("arrested", "arrests", "{N} suspects in {P}"),
    ("rejected", "rejects", "a proposal from {B}"),
    ("visited", "visits", "{T} in {P}"),
    ("launched", "launches", "an offensive on {P}"),
    ("recaptured", "recaptures", "{T} from {B}"),
    ("blocked", "blocks", "the convoy bound for {P}"),
    ("demanded", "demands", "the release of {N} prisoners held by {B}"),
    ("opened", "opens", "a corridor out of {P}"),
    ("cut", "cuts", "the power line to {P}"),
    ("repaired", "repairs", "{T} in {P}"),
)
_SUBJECTLESS = (
    ("Fighting broke out in {P}", "Fighting breaks out in {P}"),
    ("Heavy rain flooded the camp outside {P}", "Rain floods the camp outside {P}"),
    ("Power returned to {P}", "Power returns to {P}"),
    ("A car bomb exploded near {T} in {P}", "Car bomb explodes near {T} in {P}"),
    ("An outbreak of cholera was reported in {P}", "Cholera outbreak reported in {P}"),
    ("The first aid convoy in weeks reached {P}", "First aid convoy in weeks reaches {P}"),
)
_CONSEQUENCES = (
    "aid agencies said the move would delay deliveries",
    "no casualties were reported",
    "residents said the fighting lasted for hours",
    "the claim could not be independently verified",
    "hundreds of families left the area the same day",
    "the decision was criticised by local leaders",
    "prices in the market doubled within a week",
    "observers called it a turning point",
)
_DIRECT = (
    "We will not leave {P} until every family is safe",
    "The progress is slow and methodical",
    "Nobody has told us when the road will reopen",
    "There is no water, no bread and no electricity",
    "We are ready to talk, but not under fire",
    "The situation in {P} is getting worse every day",
    "Our teams cannot reach the wounded",
    "This agreement is the first step, not the last",
    "We have lost everything we had",
    "The ceasefire is holding for now",
    "They came at night and took the men",
    "We call on all sides to open the road to {P}",
    "Every day we wait, more children fall ill",
    "Nobody should have to choose between hunger and bombs",
    "We counted {N} people crossing in a single night",
)
_DIRECT_CUES = ("said", "told reporters", "added", "warned", "insisted", "told journalists")
_REPORTED = (
    "the road to {P} would reopen within days",
    "{B} had violated the ceasefire",
    "more than {N} people had been displaced",
    "aid convoys had been held at the checkpoint outside {P}",
    "the offensive would be over within weeks",
    "no civilians had been harmed in the strikes on {P}",
    "{B} was preparing a new attack",
    "talks with {B} would resume after the holiday",
)
_REPORTED_CUES = ("said", "claimed", "predicted", "warned", "denied", "insisted", "believes")
_SCARE = (
    "humanitarian pause", "safe zone", "liberation", "caliphate", "temporary relocation",
    "voluntary return", "security operation", "surgical strikes", "special measures",
    "restoration of order", "de-escalation zone", "reconciliation",
)
_SCARE_FRAMES = (
    "Officials called the evacuation of {P} a “{S}”.",
    "What the authorities describe as “{S}” began in {P}.",
    "The so-called “{S}” has left thousands near {P} without shelter.",
    "Residents of {P} laughed bitterly at talk of “{S}”.",
)
_FILLERS = (
    "The road between {P} and {Q} remains closed to most traffic.",
    "Electricity has been cut for most of the day.",
    "Prices of bread and fuel have risen sharply since the winter.",
    "Many families are sheltering in schools and mosques in {P}.",
    "Satellite images show extensive damage to {T} in {P}.",
    "Few independent observers have been able to reach the area.",
    "Aid workers said conditions in the camps around {P} had worsened.",
    "Landmines and booby traps slow every advance.",
    "The population of {P} has halved since the war began.",
    "Queues for water stretch for hundreds of metres each morning.",
    "Most shops in {P} opened for only a few hours.",
    "The checkpoint at {P} changed hands twice in a week.",
)
_HEADINGS = (
    "Unexpected exodus", "A town under siege", "Talks in {P}", "Fear of reprisals",
    "The road north", "Waiting for aid", "Winter arrives", "Life underground", "Counting the dead",
    "A fragile truce", "The last bastion",
)
_CAPTIONS = (
    "Fighters stand guard as a convoy of trucks carries civilians out of {P}.",
    "Displaced families wait for food at a camp near {P}.",
    "Smoke rises over {P} after an air strike.",
    "A boy walks past the ruins of {T} in {P}.",
)

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def counts(n: int) -> tuple[int, int, int, int]:
    """(paragraphs, events, quotes, actors) for a bundle of size `n`."""
    if n < 1:
        raise ValueError("a bundle needs at least one paragraph")
    return n, n, max(1, n // 4), max(1, n // 10)


def _slug(text: str, words: int = 6) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = [p for p in _SLUG_JUNK.split(ascii_text.lower()) if p]
    return "-".join(parts[:words]) or "x"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _toml(value: str) -> str:
    # JSON string escapes (\" \\ \n \uXXXX) are TOML basic-string escapes too.
    return json.dumps(value, ensure_ascii=False)


def _toml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_toml(v) for v in values) + "]"


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


# --- the model being generated ------------------------------------------------------------


@dataclass(eq=False)
class _Sentence:
    text: str
    start: int = 0  # offset in the paragraph, set when the paragraph is joined


@dataclass(eq=False)
class _Paragraph:
    number: int  # 1-based: the id is p<number>
    kind: str
    sentences: list[_Sentence] = field(default_factory=list)
    text: str = ""

    def add(self, text: str) -> _Sentence:
        sentence = _Sentence(text)
        self.sentences.append(sentence)
        return sentence


@dataclass(eq=False)
class _Mark:
    """An intended source link: `exact` at `offset` in `sentence`, or the whole paragraph."""

    paragraph: _Paragraph
    sentence: _Sentence | None = None
    offset: int = 0
    exact: str | None = None


@dataclass(eq=False)
class _Actor:
    id: str
    name: str
    kind: str
    aliases: list[str]
    description: str
    role: str
    marks: list[_Mark] = field(default_factory=list)


@dataclass(eq=False)
class _Event:
    id: str
    title: str
    when: str
    date: str | None
    summary: str | None
    actors: list[str]
    marks: list[_Mark]
    note: str | None = None


@dataclass(eq=False)
class _Quote:
    id: str
    kind: str
    text: str
    speaker: str | None
    cue: str | None
    about: list[str]
    marks: list[_Mark]


# --- dates --------------------------------------------------------------------------------

_EPOCH = dt.datetime(1998, 1, 1)
_SPAN_MINUTES = int((dt.datetime(2024, 6, 30) - _EPOCH).total_seconds() // 60)


def _season(d: dt.date) -> tuple[int, int]:
    """(year, code) of the northern meteorological season holding `d`."""
    if d.month == 12:
        return d.year, 24
    if d.month <= 2:
        return d.year - 1, 24
    return d.year, 20 + (d.month - 3) // 3 + 1


def _date_form(rng: random.Random, at: dt.datetime) -> tuple[str | None, str, str | None]:
    """An EDTF date whose earliest instant is at or before `at` and latest at or after it,
    the story's words for it, and sometimes a note. Anchors never go back in time, so events
    dated this way are in chronological order whatever forms they take."""
    d = at.date()
    y, m = d.year, d.month
    roll = rng.random()
    if roll < 0.30:
        when = rng.choice((f"on {_day(d)}", f"on {_WEEKDAYS[d.weekday()]}",
                           f"last {_WEEKDAYS[d.weekday()]}", f"on {d.day} {_MONTHS[m - 1]}"))
        return d.isoformat(), when, None
    if roll < 0.40:
        return f"{y:04d}-{m:02d}", rng.choice(
            (f"in {_MONTHS[m - 1]} {y}", f"early in {_MONTHS[m - 1]}", f"that {_MONTHS[m - 1]}")
        ), None
    if roll < 0.46:
        return f"{y:04d}", rng.choice((f"in {y}", f"during {y}", "that year")), None
    if roll < 0.49:
        return f"{y:04d}~", rng.choice((f"around {y}", f"in about {y}", "years earlier")), (
            "The story gives the year only roughly."
        )
    if roll < 0.53:
        return f"{d.isoformat()}?", f"on what was probably {_day(d)}", None
    if roll < 0.54:
        return f"{d.isoformat()}%", f"on or about {_day(d)}", None
    if roll < 0.60:
        when = f"at {at.strftime('%H:%M')} on {_day(d)}"
        zone = rng.random()
        if zone < 0.5:
            return at.strftime("%Y-%m-%dT%H:%M:00"), when, None
        if zone < 0.75:
            return at.strftime("%Y-%m-%dT%H:%M:00Z"), when + " GMT", None
        # Written in local time three hours ahead: the same instant.
        local = at + dt.timedelta(hours=3)
        return local.strftime("%Y-%m-%dT%H:%M:00+03:00"), (
            f"at {local.strftime('%H:%M')} local time on {_day(local.date())}"
        ), None
    if roll < 0.63:
        season_year, code = _season(d)
        return f"{season_year:04d}-{code}", rng.choice(
            (f"in the {_SEASON_NAMES[code]} of {season_year}", f"last {_SEASON_NAMES[code]}")
        ), None
    if roll < 0.65:
        return f"{str(y)[:3]}X", f"in the {str(y)[:3]}0s", None
    if roll < 0.66:
        return f"{y:04d}-XX", f"at some point in {y}", None
    if roll < 0.68:
        return f"{y:04d}-{m:02d}-XX", f"one day in {_MONTHS[m - 1]} {y}", None
    if roll < 0.76:
        if rng.random() < 0.8:
            end = d + dt.timedelta(days=rng.randint(1, 40))
            when = f"between {_day(d)} and {_day(end)}"
            return f"{d.isoformat()}/{end.isoformat()}", when, None
        later = (m % 12) + 1
        end_year = y + (m == 12)
        return f"{y:04d}-{m:02d}/{end_year:04d}-{later:02d}", (
            f"from {_MONTHS[m - 1]} to {_MONTHS[later - 1]}"
        ), None
    if roll < 0.80:
        return f"{d.isoformat()}/..", f"since {_day(d)}", None
    if roll < 0.81:
        return f"{d.isoformat()}/", f"from {_day(d)}", "When it ended, the story does not say."
    if roll < 0.85:
        return f"../{d.isoformat()}", rng.choice((f"until {_day(d)}", f"by {_day(d)}")), None
    if roll < 0.86:
        return f"/{d.isoformat()}", f"up to {_day(d)}", None
    if roll < 0.87:
        later = (m % 12) + 1
        end_year = y + (m == 12)
        return f"{y:04d}-{m:02d}~/{end_year:04d}-{later:02d}?", (
            f"from around {_MONTHS[m - 1]} into {_MONTHS[later - 1]}"
        ), "Both ends are approximate."
    if roll < 0.93:
        return d.isoformat(), "", None  # dated by the editor, the story gives no words for it
    return None, rng.choice(("", "at some point", "recently")), None


# --- the generator ------------------------------------------------------------------------


class _Generator:
    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.seed = seed
        self.rng = random.Random(seed * 1_000_003 + n)
        self.names: set[str] = set()
        self.n_paragraphs, self.n_events, self.n_quotes, self.n_actors = counts(n)
        self.paragraphs: list[_Paragraph] = []
        self.hosts: list[_Paragraph] = []  # paragraphs that can hold linked sentences
        self.actors: list[_Actor] = []
        self.places: list[_Actor] = []
        self.place_by_name: dict[str, _Actor] = {}
        self.others: list[_Actor] = []  # actors that can act, speak or be the other party
        self.people: list[_Actor] = []

    # --- names ------------------------------------------------------------------------

    def _unique(self, make: Callable[[], str]) -> str:
        for _ in range(20):
            name = make()
            if name not in self.names:
                break
        else:
            base = name
            number = 2
            while f"{base} {number}" in self.names:
                number += 1
            name = f"{base} {number}"
        self.names.add(name)
        return name

    def _town(self) -> str:
        r = self.rng
        return r.choice(_TOWN_PREFIX) + r.choice(_TOWN_STEM) + r.choice(_TOWN_END)

    def place_name(self) -> str:
        if self.places and self.rng.random() < 0.7:
            return self.rng.choice(self.places).name
        return self._town()

    def other_name(self, exclude: _Actor | None = None) -> tuple[str, _Actor | None]:
        choices = [a for a in self.rng.sample(self.others, min(3, len(self.others)))
                   if a is not exclude]
        if choices:
            return choices[0].name, choices[0]
        return self.rng.choice(("government forces", "the militias", "local leaders")), None

    def number(self) -> str:
        r = self.rng.random()
        if r < 0.4:
            return str(self.rng.randint(2, 99))
        if r < 0.8:
            return f"{self.rng.randint(1, 99) * 100:,}"
        return f"more than {self.rng.randint(2, 40) * 1000:,}"

    def fill(self, template: str, exclude: _Actor | None = None) -> tuple[str, list[_Actor]]:
        """Fill {P} {Q} {B} {N} {T}; return the text and the actors it names."""
        named: list[_Actor] = []
        out = template
        if "{B}" in out:
            name, actor = self.other_name(exclude)
            out = out.replace("{B}", name)
            if actor is not None:
                named.append(actor)
        for slot in ("{P}", "{Q}"):
            if slot in out:
                place = self.place_name()
                out = out.replace(slot, place)
                if place in self.place_by_name:
                    named.append(self.place_by_name[place])
        if "{N}" in out:
            out = out.replace("{N}", self.number())
        if "{T}" in out:
            out = out.replace("{T}", self.rng.choice(_FACILITIES))
        return out, named

    # --- layout -----------------------------------------------------------------------

    def layout(self) -> None:
        n = self.n_paragraphs
        r = self.rng
        kinds = ["body"] * n
        if n >= 8:
            kinds[0], kinds[1] = "heading", "standfirst"
            for i in range(2, n - 2):
                roll = r.random()
                if roll < 0.06 and kinds[i - 1] == "body":
                    kinds[i] = "heading"
                elif roll < 0.10 and kinds[i - 1] == "body":
                    kinds[i], kinds[i + 1] = "caption", "credit"
        for i, kind in enumerate(kinds):
            if kind == "caption" and (i + 1 >= n or kinds[i + 1] != "credit"):
                kinds[i] = "body"
            if kind == "credit" and (i == 0 or kinds[i - 1] != "caption"):
                kinds[i] = "body"
        self.paragraphs = [_Paragraph(i + 1, kind) for i, kind in enumerate(kinds)]
        self.hosts = [p for p in self.paragraphs if p.kind in ("body", "caption")]

    # --- actors -----------------------------------------------------------------------

    def make_actors(self) -> None:
        r = self.rng
        kinds = ("person", "group", "organisation", "state", "place", "population", "other")
        weights = (40, 14, 14, 4, 16, 9, 3)
        planned = ["person", *r.choices(kinds, weights, k=self.n_actors - 1)]
        # Places and parties first, so the roles and introductions of people can name them.
        planned.sort(key=lambda k: ("place", "state", "group", "organisation").index(k)
                     if k in ("place", "state", "group", "organisation") else 4)
        used_ids: set[str] = set()
        for kind in planned:
            actor = getattr(self, f"_make_{kind}")()
            actor_id = base = _slug(actor.name)
            number = 2
            while actor_id in used_ids:
                actor_id = f"{base}-{number}"
                number += 1
            used_ids.add(actor_id)
            actor.id = actor_id
            self.actors.append(actor)
            if kind == "place":
                self.places.append(actor)
                self.place_by_name[actor.name] = actor
            elif kind != "other":
                self.others.append(actor)
            if kind in ("person", "population"):
                self.people.append(actor)
        r.shuffle(self.actors)

    def _make_person(self) -> _Actor:
        r = self.rng

        def make() -> str:
            return f"{r.choice(_FIRST)} {r.choice(_SURNAME_PREFIX)}{r.choice(_LAST)}"

        name = self._unique(make)
        last = name.split(" ", 1)[1]
        template = r.choice(_PERSON_ROLES)
        role = template.format(
            org=self._party("organisation"), group=self._party("group"),
            state=self._party("state"), town=self.place_name(),
        )
        title = r.choice(("Dr", "Mr", "Ms", "Col", "Sheikh")) + " " + last
        aliases = [last, title] if r.random() < 0.5 else [last]
        if role.startswith("the ") and r.random() < 0.5:
            aliases.append(role.split(" of ")[0])  # "the mayor", "the foreign minister"
        return _Actor("", name, "person", aliases, _cap(role) + ".", role)

    def _party(self, kind: str) -> str:
        found = [a for a in self.others[-30:] if a.kind == kind]
        if found and self.rng.random() < 0.8:
            return self.rng.choice(found).name
        if kind == "organisation":
            return f"the {self.rng.choice(_ORG_ADJ)} {self.rng.choice(_ORG_NOUN)} Agency"
        if kind == "group":
            return f"the {self.rng.choice(_GROUP_ADJ)} {self.rng.choice(_GROUP_NOUN)} Front"
        return self.rng.choice(_STATE_ROOT) + self.rng.choice(_STATE_END)

    def _make_group(self) -> _Actor:
        r = self.rng

        def make() -> str:
            if r.random() < 0.25:
                return f"{self._town().strip()} {r.choice(('Defence Units', 'Military Council'))}"
            return f"{r.choice(_GROUP_ADJ)} {r.choice(_GROUP_NOUN)} {r.choice(_GROUP_UNIT)}"

        name = self._unique(make)
        acronym = "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper())
        aliases = [acronym, f"the {name.split()[-1].lower()}"]
        since = r.randint(2011, 2018)
        role = r.choice((
            f"an armed group that has held territory around {self.place_name()} since {since}",
            f"a militia backed by {self._party('state')}",
            f"a coalition of tribal fighters from the {r.choice(_RIVERS)} valley",
        ))
        return _Actor("", name, "group", aliases, _cap(role) + ".", role)

    def _make_organisation(self) -> _Actor:
        r = self.rng
        name = self._unique(
            lambda: f"{r.choice(_ORG_ADJ)} {r.choice(_ORG_NOUN)} {r.choice(_ORG_TYPE)}"
        )
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())
        role = r.choice((
            f"an aid organisation working in the camps around {self.place_name()}",
            "a monitoring group that counts civilian casualties",
            f"a relief agency funded by {self._party('state')}",
        ))
        return _Actor("", name, "organisation", [acronym, "the agency"], _cap(role) + ".", role)

    def _make_state(self) -> _Actor:
        r = self.rng
        name = self._unique(lambda: r.choice(_STATE_ROOT) + r.choice(_STATE_END))
        capital = self._town().strip()
        role = f"a neighbouring state whose capital is {capital}"
        return _Actor("", name, "state", [f"the {name} government", capital],
                      _cap(role) + ".", role)

    def _make_place(self) -> _Actor:
        r = self.rng
        name = self._unique(lambda: self._town().strip())
        role = r.choice((
            f"a town of about {self.number().replace('more than ', '')} people on the "
            f"{r.choice(_RIVERS)} river",
            f"a village {r.randint(3, 80)} km from the border",
            f"a market town in {r.choice(_RIVERS)} province",
        ))
        return _Actor("", name, "place", [f"the {name} area"], _cap(role) + ".", role)

    def _make_population(self) -> _Actor:
        r = self.rng
        town = self.place_name()
        name = self._unique(lambda: r.choice((
            f"Civilians in {town}", f"Displaced families from {town}", f"Farmers around {town}",
            f"Residents of {self._town()}", f"Refugees from {self._town()}",
        )))
        role = r.choice(("people who stayed behind when the fighting began",
                         "families living in tents since the last offensive"))
        alias = f"the {name.split()[0].lower()}"
        return _Actor("", name, "population", [alias], _cap(role) + ".", role)

    def _make_other(self) -> _Actor:
        r = self.rng
        thing = r.choice(("dam", "bridge", "oil field", "crossing"))
        name = self._unique(lambda: f"The {self._town().strip()} {thing}")
        role = "a landmark both sides have fought over"
        return _Actor("", name, "other", [f"the {thing}"], _cap(role) + ".", role)

    def introduce_actors(self) -> None:
        r = self.rng
        for actor in self.actors:
            host = r.choice(self.hosts)
            verb = r.choice((
                "has been in the area for weeks", "was not available for comment",
                "has become central to the story", "appears in several accounts",
            ))
            sentence = host.add(f"{actor.name}, {actor.role}, {verb}.")
            exact = actor.name if r.random() < 0.6 else f"{actor.name}, {actor.role}"
            actor.marks.append(_Mark(host, sentence, 0, exact))

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


# --- source links -------------------------------------------------------------------------


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
    g = _Generator(n, seed)
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="paragraphs (and events); quotes n/4, actors n/10")
    parser.add_argument("out", type=Path, help="the .toml file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    options = parser.parse_args(argv)
    if options.n < 1:
        parser.error("N must be at least 1")
    options.out.write_text(generate(options.n, options.seed), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
