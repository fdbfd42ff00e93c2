"""The invented world minutes are written about: a municipality's bodies, departments (with the
aliases people write them under), posts and who holds them when, and the cases it works on.

Everything is derived from ``(seed, municipality index)`` with its own ``random.Random``, so a
municipality is the same whichever meetings are generated and in whatever order. Nothing is
global; the case register keeps only the years asked for (a few kilobytes each).

>>> w = Municipality.build(seed=1, index=0)
>>> w.name
'Egebjerg'
>>> w.holder("Kommunaldirektør", dt.date(2016, 5, 1)) is not None
True
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from referatgraf.synth import kle
from referatgraf.synth.names import FIRST_NAMES, LAST_NAMES, MIDDLE_NAMES, MUNICIPALITIES, ROOMS

FIRST_YEAR = 2008
LAST_YEAR = 2040
KLE_FROM_YEAR = 2015
"""Case numbers before this year are older journal numbers (``13/13893``), after it KLE ones."""


@dataclass(frozen=True)
class Department:
    name: str  # canonical, as the organisation chart writes it
    aliases: tuple[str, ...]  # other ways minutes write it
    subjects: tuple[str, ...]  # KLE notations it usually owns

    def written(self, rng: random.Random) -> str:
        """The name as one document writes it: mostly canonical, sometimes an alias."""
        r = rng.random()
        if r < 0.6 or not self.aliases:
            return self.name
        return self.aliases[int((r - 0.6) / 0.4 * len(self.aliases))]


DEPARTMENTS: tuple[Department, ...] = (
    Department("Økonomi & Stab", ("Økonomi og Stab", "ØS"), ("00.15.00", "00.30.00", "00.30.10", "00.30.14", "82.00.00", "85.00.00", "81.00.00")),
    Department("Miljø & Teknik", ("Miljø og Teknik", "M&T"), ("02.00.00", "05.00.00", "09.00.00", "13.00.00")),
    Department("Social & Familie", ("Social og Familie", "S&F"), ("27.00.00",)),
    Department("Skoler & Uddannelse", ("Skoler og Uddannelse", "S&U"), ("28.00.00", "17.00.00")),
    Department("Borger & Arbejdsmarked", ("Borger og Arbejdsmarked", "B&A"), ("00.01.00", "81.00.00")),
    Department("Sundhed, Pleje & Omsorg", ("Sundhed, Pleje og Omsorg", "SPO"), ("29.00.00", "27.00.00")),
    Department("Kultur & Fritid", ("Kultur og Fritid", "K&F"), ("17.00.00", "20.00.00")),
    Department("Drift & Service", ("Drift og Service", "D&S"), ("02.00.00", "13.00.00", "82.00.00")),
)


@dataclass(frozen=True)
class Body:
    name: str
    prefix: str | None  # "CF" → titles read "CF - …"; None for council committees
    political: bool
    subjects: tuple[str, ...]  # KLE notations on its agendas; () = all
    per_year: int  # meetings a year


BODIES: tuple[Body, ...] = (
    Body("Chefforum", "CF", False, (), 14),
    Body("Økonomiudvalget", None, True, ("00.15.00", "00.30.00", "00.30.10", "00.30.14", "82.00.00", "02.00.00"), 11),
    Body("Teknisk Udvalg", None, True, ("02.00.00", "05.00.00", "09.00.00", "13.00.00"), 10),
    Body("Direktørforum", "DIF", False, (), 20),
    Body("Børne- og Skoleudvalget", None, True, ("28.00.00", "17.00.00", "00.30.14"), 10),
    Body("Social- og Sundhedsudvalget", None, True, ("27.00.00", "29.00.00", "00.30.14"), 10),
    Body("Kultur- og Fritidsudvalget", None, True, ("17.00.00", "20.00.00"), 9),
    Body("Kommunalbestyrelsen", None, True, (), 11),
    Body("Lederforum", "LF", False, ("81.00.00", "00.01.00", "00.15.00"), 4),
    Body("Beskæftigelsesudvalget", None, True, ("00.30.14", "81.00.00", "27.00.00"), 10),
    Body("Klima- og Miljøudvalget", None, True, ("09.00.00", "13.00.00", "05.00.00"), 9),
    Body("KommuneMED", "MED", False, ("81.00.00", "00.15.00"), 6),
)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    middle: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first} {self.middle} {self.last}" if self.middle else f"{self.first} {self.last}"

    @property
    def short(self) -> str:
        """First and last name only: how the person is usually written."""
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Case:
    number: str
    subject: str  # KLE notation
    title: str
    opened: int  # year
    closes: int  # last year it is on agendas
    department: Department


@dataclass
class Municipality:
    """One invented municipality; build it with :meth:`build`."""

    seed: int
    index: int
    name: str
    council: str  # "Kommunalbestyrelsen" or "Byrådet"
    departments: tuple[Department, ...]
    rooms: tuple[str, ...]
    holders: dict[str, list[tuple[int, Person]]]  # post → [(from year, person)]
    staff: tuple[Person, ...]  # consultants and specialists who take part in items
    _cases: dict[int, list[Case]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, seed: int, index: int) -> "Municipality":
        rng = random.Random(f"referatgraf-synth/{seed}/municipality/{index}")
        base = MUNICIPALITIES[index % len(MUNICIPALITIES)]
        name = base if index < len(MUNICIPALITIES) else f"{base} {index // len(MUNICIPALITIES) + 1}"
        departments = tuple(rng.sample(DEPARTMENTS[1:], 5)) + (DEPARTMENTS[0],)
        people = _people(rng, 160)
        posts = ["Kommunaldirektør", "Direktør for Børn & Velfærd", "Direktør for By & Erhverv"]
        posts += [f"Chef for {d.name}" for d in departments]
        holders = {post: _timeline(rng, people) for post in posts}
        staff = tuple(people.pop() for _ in range(min(30, len(people))))
        council = "Kommunalbestyrelsen" if rng.random() < 0.6 else "Byrådet"
        return cls(seed, index, name, council, departments, tuple(rng.sample(ROOMS, 3)), holders, staff)

    # -- posts --------------------------------------------------------------------------------
    def holder(self, post: str, date: dt.date) -> Person | None:
        """Who holds ``post`` on ``date``."""
        current = None
        for start, person in self.holders.get(post, []):
            if start <= date.year:
                current = person
        return current

    def department(self, name: str) -> Department:
        return next(d for d in self.departments if d.name == name)

    def department_for(self, subject: str, rng: random.Random) -> Department:
        owners = [d for d in self.departments if subject in d.subjects]
        return rng.choice(owners) if owners else self.departments[-1]

    # -- cases --------------------------------------------------------------------------------
    def cases_open(self, year: int) -> list[Case]:
        """Cases on agendas in ``year`` (opened in the last three years and not closed)."""
        out = [c for y in range(year - 2, year + 1) for c in self._register(y) if c.closes >= year]
        for old in [y for y in self._cases if y < year - 3]:
            del self._cases[old]  # keep memory flat while generating years in order
        return out

    def standing_case(self, body_index: int, year: int) -> str:
        """The yearly case number of a body's standing items (agenda, minutes, any other business)."""
        rng = random.Random(f"referatgraf-synth/{self.seed}/standing/{self.index}/{body_index}/{year}")
        return case_number(kle.STANDING, "A00" if body_index % 2 == 0 else "A21", rng.randint(200, 260), year, rng)

    def _register(self, year: int) -> list[Case]:
        if year not in self._cases:
            rng = random.Random(f"referatgraf-synth/{self.seed}/cases/{self.index}/{year}")
            cases = []
            for subject in kle.SUBJECTS:
                for k in range(rng.randint(1, 3)):
                    topic = rng.choice(subject.topics)
                    dept = self.department_for(subject.notation, rng)
                    title = topic.format(year=year, next=year + 1, prev=year - 1, dept=dept.name)
                    serial = 1 + k + 3 * rng.randint(0, 40)
                    cases.append(Case(case_number(subject.notation, rng.choice(subject.facets), serial, year, rng),
                                      subject.notation, title, year, year + rng.choice((0, 0, 1, 1, 2)), dept))
            self._cases[year] = cases
        return self._cases[year]


def case_number(notation: str, facet: str, serial: int, year: int, rng: random.Random) -> str:
    """A KLE number from 2015 on, an older journal number before (``13/13893``)."""
    if year >= KLE_FROM_YEAR:
        return f"{notation}-{facet}-{serial}-{year % 100:02d}"
    return f"{year % 100:02d}/{rng.randint(1000, 29999)}"


def _people(rng: random.Random, n: int) -> list[Person]:
    seen: set[tuple[str, str]] = set()
    out: list[Person] = []
    while len(out) < n:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if (first, last) in seen:
            continue
        seen.add((first, last))
        out.append(Person(first, last, rng.choice(MIDDLE_NAMES) if rng.random() < 0.15 else None))
    return out


def _timeline(rng: random.Random, people: list[Person]) -> list[tuple[int, Person]]:
    """Successive holders of a post from FIRST_YEAR on, each for three to eight years."""
    out, year = [], FIRST_YEAR
    while year <= LAST_YEAR:
        out.append((year, people.pop()))
        year += rng.randint(3, 8)
    return out
