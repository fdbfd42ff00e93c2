"""Case numbers: a table of forms as written, and hypothesis round trips over every scheme."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from referatgraf.parse.case_number import find_case_number, four_digit_year, parse_case_number

# as written → (scheme, year, serial, kle_subject, facet, prefix, label)
WRITTEN = [
    ("00.01.00-A00-3-17", ("kle", 2017, 3, "00.01.00", "A00", None, None)),
    ("85.11.20-P20-3-16", ("kle", 2016, 3, "85.11.20", "P20", None, None)),
    ("00.01.00-A00-108-15", ("kle", 2015, 108, "00.01.00", "A00", None, None)),
    ("13/13893", ("journal", 2013, 13893, None, None, None, None)),
    ("05/18197", ("journal", 2005, 18197, None, None, None, None)),
    ("14/2271", ("journal", 2014, 2271, None, None, None, None)),
    ("12/27845", ("journal", 2012, 27845, None, None, None, None)),
    ("23-013402", ("dash", 2023, 13402, None, None, None, None)),
    ("20-072985K", ("dash", 2020, 72985, None, None, None, None)),
    ("EMN-2025-003383", ("prefixed", 2025, 3383, None, None, "EMN", None)),
    ("Sagsnr. 23-013402", ("dash", 2023, 13402, None, None, None, "Sagsnr.")),
    ("Sags nr.: 12/27845", ("journal", 2012, 27845, None, None, None, "Sags nr.:")),
    ("Dok.nr. EMN-2025-003383", ("prefixed", 2025, 3383, None, None, "EMN", "Dok.nr.")),
    ("**13/10763**", ("journal", 2013, 10763, None, None, None, None)),
]

NOT_CASE_NUMBERS = [
    "15-05-2014", "01.06.2017", "2014-05-15", "66.000 kr.", "43 68 68 68", "+45 43 68 68 68",
    "13:45-13:55", "1/2", "21.6", "Punkt 1: CF - Evt.", "kl. 09:00", "3-4 år", "2016/2017", "",
    "Mødelokale 915", "00.01.00", "A00-3-17",
]


@pytest.mark.parametrize("text,expected", WRITTEN, ids=[w[0] for w in WRITTEN])
def test_forms_as_written(text, expected):
    case = find_case_number(text)
    assert case is not None
    assert (case.scheme, case.year, case.serial, case.kle_subject, case.facet, case.prefix, case.label) == expected
    assert case.raw in text  # kept as written


@pytest.mark.parametrize("text", NOT_CASE_NUMBERS)
def test_never_a_date_amount_or_phone(text):
    assert find_case_number(text) is None


subjects = st.tuples(*[st.integers(0, 99)] * 3).map(lambda t: ".".join(f"{n:02d}" for n in t))
facets = st.tuples(st.sampled_from("ABGPS"), st.integers(0, 99)).map(lambda t: f"{t[0]}{t[1]:02d}")


@given(subjects, facets, st.integers(1, 999_999), st.integers(0, 99))
def test_kle_round_trip(subject, facet, serial, yy):
    raw = f"{subject}-{facet}-{serial}-{yy:02d}"
    case = parse_case_number(raw)
    assert (case.scheme, case.kle_subject, case.facet, case.serial, case.raw) == ("kle", subject, facet, serial, raw)
    assert case.year == four_digit_year(yy) and case.year % 100 == yy


def _month_year(yy: int, serial: str) -> bool:
    """ "03/2024", "12-1999": a month and a year, which find/parse refuse (see case_number)."""
    return 1 <= yy <= 12 and len(serial) == 4 and serial[:2] in ("19", "20")


@given(st.integers(0, 99), st.integers(100, 9_999_999))
def test_journal_round_trip(yy, serial):
    assume(not _month_year(yy, f"{serial}"))
    case = parse_case_number(f"{yy:02d}/{serial}")
    assert (case.scheme, case.serial, case.year % 100) == ("journal", serial, yy)


@given(st.integers(0, 99), st.integers(0, 999_999), st.sampled_from("KABÆ"))
def test_dash_with_a_trailing_letter_keeps_it(yy, serial, letter):
    """FirstAgenda (Greve) writes "20-055104K": the letter is part of the number as written."""
    raw = f"{yy:02d}-{serial:06d}{letter}"
    case = parse_case_number(raw)
    assert (case.scheme, case.serial, case.year % 100, case.suffix, case.raw) == ("dash", serial, yy, letter, raw)


@given(st.integers(0, 99), st.integers(0, 9_999_999), st.integers(4, 7))
def test_dash_round_trip(yy, serial, width):
    raw = f"{yy:02d}-{serial:0{width}d}"
    if len(raw) > 10:  # the serial did not fit the width
        return
    assume(not _month_year(yy, f"{serial:0{width}d}"))
    case = parse_case_number(raw)
    assert (case.scheme, case.serial, case.year % 100) == ("dash", serial, yy)


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ", min_size=2, max_size=6),
       st.integers(1900, 2099), st.integers(0, 99_999_999),
       st.sampled_from(["", "Sagsnr. ", "Sags nr.: ", "Dok.nr. ", "J.nr. "]))
def test_prefixed_round_trip_with_labels(prefix, year, serial, label):
    raw = f"{prefix}-{year}-{serial}"
    case = find_case_number(label + raw)
    assert case is not None
    assert (case.scheme, case.prefix, case.year, case.serial, case.raw) == ("prefixed", prefix, year, serial, raw)
    assert (case.label is None) == (label == "")


@given(st.dates(min_value=__import__("datetime").date(1990, 1, 1)),
       st.sampled_from(["%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%y"]))
def test_dates_are_never_case_numbers(day, fmt):
    assert find_case_number(day.strftime(fmt)) is None


@given(st.text(max_size=80))
def test_any_text_parses_or_raises_value_error(text):
    try:
        case = parse_case_number(text)
    except ValueError:
        return
    assert case.raw in text and case.serial >= 0
