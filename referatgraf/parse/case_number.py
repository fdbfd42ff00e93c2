"""Case numbers (*sagsnumre*) in the forms Danish municipalities write them.

Forms recognised (the ``scheme`` field names them):

==========  ======================  ==========================================================
scheme      example                 parts
==========  ======================  ==========================================================
kle         ``00.01.00-A00-3-17``   KLE subject ``00.01.00``, action facet ``A00``, serial 3,
                                    year 2017
journal     ``13/13893``            year 2013, serial 13893 (older ESDH journal numbers)
dash        ``23-013402``           year 2023, serial 13402; a trailing letter is kept
                                    (``20-072985K``: suffix ``K``)
prefixed    ``EMN-2025-003383``     prefix ``EMN``, year 2025, serial 3383
==========  ======================  ==========================================================

A label in front ("Sagsnr.", "Sags nr.:", "Dok.nr.") is kept apart in ``label``; ``raw`` is the
number as written. Dates ("15-05-2014", "01.06.2017", month and year "03/2024"), amounts
("66.000 kr."), phone numbers ("43 68 68 68") and times ("13:45-13:55") are never taken for case
numbers: the patterns are anchored and strict. The KLE and dash forms also occur with a
four-digit year ("00.01.00-A00-3-2017", "2023-013402").

>>> parse_case_number("00.01.00-A00-3-17").year
2017
>>> parse_case_number("Sagsnr. 13/13893").serial
13893
>>> find_case_number("15-05-2014") is None
True
>>> find_case_number("03/2024") is None  # March 2024, not case 2024 of 2003
True
>>> find_case_number("Sagsnr.: 23-013402   Sagsbehandler: Anna Hansen").raw
'23-013402'
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

Scheme = Literal["kle", "journal", "dash", "prefixed"]

_LABEL = re.compile(
    r"^\s*(?P<label>(?:Sags?\s*nr|Sagsnummer|Dok(?:ument)?\s*\.?\s*nr|J\s*\.?\s*nr|Journal\s*nr)\s*\.?\s*:?)\s*",
    re.IGNORECASE,
)
_KLE = re.compile(r"^(?P<subject>\d{2}\.\d{2}\.\d{2})-(?P<facet>[A-ZÆØÅ]\d{2})-(?P<serial>\d{1,6})-"
                  r"(?P<yy>\d{2}|(?:19|20)\d{2})$")
_JOURNAL = re.compile(r"^(?P<yy>\d{2})/(?P<serial>\d{3,7})$")
# A trailing letter is part of the number in some systems (FirstAgenda/Greve "20-055104K").
_DASH = re.compile(r"^(?P<yy>\d{2}|(?:19|20)\d{2}(?=-\d{5}))-(?P<serial>\d{4,7})(?P<suffix>[A-ZÆØÅ])?$")
# "03/2024", "12-2023": a month and a year, never a case number.
_MONTH_YEAR = re.compile(r"^(?:0?[1-9]|1[0-2])[-/](?:19|20)\d{2}$")
_PREFIXED = re.compile(r"^(?P<prefix>[A-ZÆØÅ]{2,6})-(?P<yyyy>(?:19|20)\d{2})-(?P<serial>\d{1,8})$")


class CaseNumber(BaseModel):
    """A parsed case number. ``raw`` is exactly as written (label removed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    raw: str
    scheme: Scheme
    year: int
    serial: int
    kle_subject: str | None = None
    facet: str | None = None
    prefix: str | None = None
    suffix: str | None = None  # a trailing letter written after the serial ("K" in "20-055104K")
    label: str | None = None

    @property
    def kle_main_group(self) -> str | None:
        """The KLE main group ("00" for "00.01.00"), or None outside KLE."""
        return self.kle_subject[:2] if self.kle_subject else None


def four_digit_year(yy: int) -> int:
    """Expand a two-digit year: 00–68 are 2000s, 69–99 are 1900s (municipal ESDH numbering
    started in the 1990s, so the pivot never matters in practice)."""
    return 2000 + yy if yy <= 68 else 1900 + yy


def parse_case_number(text: str) -> CaseNumber:
    """Parse ``text`` (a whole case number, optionally labelled) or raise ``ValueError``."""
    label = None
    m = _LABEL.match(text)
    rest = text
    if m:
        label = m.group("label").strip()
        rest = text[m.end():]
    rest = rest.strip()
    if _MONTH_YEAR.match(rest):
        raise ValueError(f"a month and year, not a case number: {text!r}")
    if (k := _KLE.match(rest)) is not None:
        return CaseNumber(raw=rest, scheme="kle", kle_subject=k["subject"], facet=k["facet"],
                          serial=int(k["serial"]), year=_year(k["yy"]), label=label)
    if (j := _JOURNAL.match(rest)) is not None:
        return CaseNumber(raw=rest, scheme="journal", serial=int(j["serial"]),
                          year=four_digit_year(int(j["yy"])), label=label)
    if (d := _DASH.match(rest)) is not None:
        return CaseNumber(raw=rest, scheme="dash", serial=int(d["serial"]), year=_year(d["yy"]), label=label,
                          suffix=d["suffix"])
    if (p := _PREFIXED.match(rest)) is not None:
        return CaseNumber(raw=rest, scheme="prefixed", prefix=p["prefix"], serial=int(p["serial"]),
                          year=int(p["yyyy"]), label=label)
    raise ValueError(f"not a case number: {text!r}")


def _year(digits: str) -> int:
    return int(digits) if len(digits) == 4 else four_digit_year(int(digits))


def find_case_number(line: str) -> CaseNumber | None:
    """The case number a line consists of, or None. Markdown emphasis is ignored. After a label
    the number may be followed by other text ("Sagsnr.: 23-013402  Sagsbehandler: …")."""
    cleaned = line.strip().strip("*_ ").replace("**", "").strip()
    if not cleaned or len(cleaned) > 120:
        return None
    candidates = [cleaned] if len(cleaned) <= 60 else []
    if (m := _LABEL.match(cleaned)) is not None and m.end() < len(cleaned):
        first_token = cleaned[m.end():].split()[0].rstrip(",;")
        candidates.append(cleaned[:m.end()] + first_token)
    for candidate in candidates:
        try:
            return parse_case_number(candidate)
        except ValueError:
            continue
    return None
