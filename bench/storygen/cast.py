"""The paragraphs' layout and the cast of a generated story: people, groups, places."""

from __future__ import annotations

import random
from collections.abc import Callable

from bench.storygen.parts import _Actor, _cap, _Mark, _Paragraph, _slug, counts
from bench.storygen.vocabulary import (
    _FACILITIES,
    _FIRST,
    _GROUP_ADJ,
    _GROUP_NOUN,
    _GROUP_UNIT,
    _LAST,
    _ORG_ADJ,
    _ORG_NOUN,
    _ORG_TYPE,
    _PERSON_ROLES,
    _RIVERS,
    _STATE_END,
    _STATE_ROOT,
    _SURNAME_PREFIX,
    _TOWN_END,
    _TOWN_PREFIX,
    _TOWN_STEM,
)


class Cast:
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
