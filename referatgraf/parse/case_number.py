"""Case numbers (*sagsnumre*) in the forms Danish municipalities write them.

Forms recognised (the ``scheme`` field names them):

==========  ======================  ==========================================================
scheme      example                 parts
==========  ======================  ==========================================================
kle         ``00.01.00-A00-3-17``   KLE subject ``00.01.00``, action facet ``A00``, serial 3,
                                    year 2017
journal     ``13/13893``            year 2013, serial 13893 (older ESDH journal numbers)
dash        ``23-013402``           year 2023, serial 13402
prefixed    ``EMN-2025-003383``     prefix ``EMN``, year 2025, serial 3383
==========  ======================  ==========================================================

A label in front ("Sagsnr.", "Sags nr.:", "Dok.nr.") is kept apart in ``label``; ``raw`` is the
number as written. Dates ("15-05-2014", "01.06.2017"), amounts ("66.000 kr.") and phone numbers
("43 68 68 68") are never taken for case numbers: the patterns are anchored and strict.

>>> parse_case_number("00.01.00-A00-3-17").year
2017
>>> parse_case_number("Sagsnr. 13/13893").serial
13893
>>> find_case_number("15-05-2014") is None
True
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
_KLE = re.compile(r"^(?P<subject>\d{2}\.\d{2}\.\d{2})-(?P<facet>[A-ZÆØÅ]\d{2})-(?P<serial>\d{1,6})-(?P<yy>\d{2})$")
_JOURNAL = re.compile(r"^(?P<yy>\d{2})/(?P<serial>\d{3,7})$")
_DASH = re.compile(r"^(?P<yy>\d{2})-(?P<serial>\d{4,7})$")
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
    if (k := _KLE.match(rest)) is not None:
        return CaseNumber(raw=rest, scheme="kle", kle_subject=k["subject"], facet=k["facet"],
                          serial=int(k["serial"]), year=four_digit_year(int(k["yy"])), label=label)
    if (j := _JOURNAL.match(rest)) is not None:
        return CaseNumber(raw=rest, scheme="journal", serial=int(j["serial"]),
                          year=four_digit_year(int(j["yy"])), label=label)
    if (d := _DASH.match(rest)) is not None:
        return CaseNumber(raw=rest, scheme="dash", serial=int(d["serial"]),
                          year=four_digit_year(int(d["yy"])), label=label)
    if (p := _PREFIXED.match(rest)) is not None:
        return CaseNumber(raw=rest, scheme="prefixed", prefix=p["prefix"], serial=int(p["serial"]),
                          year=int(p["yyyy"]), label=label)
    raise ValueError(f"not a case number: {text!r}")


def find_case_number(line: str) -> CaseNumber | None:
    """The case number a line consists of, or None. Markdown emphasis is ignored."""
    cleaned = line.strip().strip("*_ ").strip()
    if not cleaned or len(cleaned) > 60:
        return None
    try:
        return parse_case_number(cleaned)
    except ValueError:
        return None
