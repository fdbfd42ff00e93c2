"""Earlier treatments of an item's case as a *Sagsforløb* section in a document's text lists them.

FirstAgenda prints the case's path through the bodies ("Sagsforløb", "Sagens forløb",
"Tidligere behandling") in one of three shapes, each treatment followed by that body's decision:

* a line "DD-MM-YYYY <body>" (the publication JSON's underlined line, as a PDF prints it);
* a line "<body> den DD-MM-YYYY" or "<body>, 10. april 2024" ("Behandlet i …" in front allowed);
* fields on lines of their own: "Udvalg: <body>", "Dato: DD-MM-YYYY", "Punktnummer: N" (Aarhus).

Only such lines start a treatment; prose ("Sagen var på Økonomiudvalgets møde …") is never read
as one, and a treatment needs both its body and its date. "Beslutning ikke frigivet" means no
decision has been released (``decision`` None).

>>> found = treatments([(40, "12-08-2025 Klima- og Miljøudvalget"), (41, "Anbefales."), (42, ""),
...                     (43, "Udvalg: Økonomiudvalget"), (44, "Dato: 26-08-2025"), (45, "Punktnummer: 7"),
...                     (46, "Beslutning ikke frigivet")])
>>> [(t.body, t.date.isoformat(), t.decision, t.line) for t in found]
[('Klima- og Miljøudvalget', '2025-08-12', 'Anbefales.', 40), ('Økonomiudvalget', '2025-08-26', None, 43)]
>>> [(t.body, t.date.isoformat()) for t in treatments([(3, "Behandlet i Byrådet den 17. september 2025")])]
[('Byrådet', '2025-09-17')]
>>> treatments([(3, "Sagen blev behandlet i Byrådet den 17. september 2025, hvor den blev udsat.")])
[]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from referatgraf.parse.dates import NUMERIC_DATE, find_date
from referatgraf.parse.model import EarlierTreatment
from referatgraf.parse.sections import join_paragraphs

Lines = list[tuple[int, str]]

_DATE = rf"(?:{NUMERIC_DATE}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.\s*[a-zæøå]+\.?\s+\d{{4}})"
_BODY = r"(?P<body>[A-ZÆØÅ][^:]{1,100}?)"
DATE_FIRST = re.compile(rf"^(?P<date>{_DATE})\s*[-–:]?\s+{_BODY}\s*:?$")
BODY_DATE = re.compile(rf"^(?:(?:Behandlet|Beslutning|Behandling)\s+(?:i|på)\s+)?{_BODY}"
                       rf"(?:\s*,\s*|\s+(?:den|d\.)\s+)(?:(?:mødet|møde)\s+(?:den\s+)?)?(?P<date>{_DATE})\s*:?$")
FIELD = re.compile(r"^(?P<key>Udvalg|Dato|Mødedato|Punktnummer|Punkt nr\.?)\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE)
NOT_RELEASED = re.compile(r"^beslutning(?:en)?\s+(?:er\s+)?ikke\s+frigivet\.?$", re.IGNORECASE)
_BODY_WORDS = 8  # a body's name ("Klima-, Teknik- og Miljøudvalget"), not a sentence


@dataclass
class _Treatment:
    line: int
    body: str | None = None
    date: dt.date | None = None
    text: Lines = field(default_factory=list)
    fields_done: bool = False  # the "Udvalg:/Dato:" block is over: what follows is its decision


def treatments(lines: Lines) -> list[EarlierTreatment]:
    """The earlier treatments a *Sagsforløb* section's lines list, in order."""
    found: list[_Treatment] = []
    for number, text in lines:
        if not text:
            if found:
                found[-1].text.append((number, ""))
            continue
        started = _start(number, text)
        if started is not None:
            found.append(started)
        elif (m := FIELD.match(text)) is not None and _field(found, number, m["key"].casefold(), m["value"]):
            continue
        elif found:
            found[-1].fields_done = True
            found[-1].text.append((number, text))
    return [_treatment(t) for t in found if t.body and t.date]


def _start(number: int, text: str) -> _Treatment | None:
    """A "DD-MM-YYYY <body>" or "<body> den <date>" line opens a treatment."""
    m = DATE_FIRST.match(text) or BODY_DATE.match(text)
    if m is None or not _plausible_body(m["body"]):
        return None
    date = find_date(m["date"])
    return _Treatment(number, m["body"].strip(" ,-–"), date) if date else None


def _field(found: list[_Treatment], number: int, key: str, value: str) -> bool:
    """Take one "Udvalg:"/"Dato:"/"Punktnummer:" field; False when it is no field here."""
    if key == "udvalg":
        if not _plausible_body(value):
            return False
        found.append(_Treatment(number, value.strip()))
        return True
    if not found or found[-1].fields_done:
        return False
    if key in ("dato", "mødedato"):
        found[-1].date = found[-1].date or find_date(value)
    return True  # "Punktnummer": the item's number at that meeting, not kept


def _plausible_body(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= _BODY_WORDS and text[:1].isupper() and not text.rstrip().endswith((".", ","))


def _treatment(t: _Treatment) -> EarlierTreatment:
    text = join_paragraphs(t.text)
    return EarlierTreatment(body=t.body, date=t.date, decision=None if not text or NOT_RELEASED.match(text) else text,
                            line=t.line)
