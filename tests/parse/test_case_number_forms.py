"""Case-number forms as municipalities write them, and the look-alikes that must never be taken
for one: dates, amounts, phone numbers and clock times (a table of cases plus property tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layout_expectations import FIXTURE_DIR
from referatgraf.parse import parse_text
from referatgraf.parse.case_number import find_case_number, parse_case_number


def _rows() -> list[list[str]]:
    lines = (FIXTURE_DIR / "case_numbers.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


ROWS = _rows()


def test_the_table_covers_every_form_and_every_look_alike() -> None:
    assert {r[1] for r in ROWS} == {"kle", "journal", "dash", "prefixed", "-"}
    assert sum(r[1] == "-" for r in ROWS) >= 15


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r[0])
def test_case_number_table(row: list[str]) -> None:
    found = find_case_number(row[0])
    if row[1] == "-":
        assert found is None, found
        return
    _, scheme, raw, year, serial, label = row
    assert found is not None
    assert (found.scheme, found.raw, found.year, found.serial) == (scheme, raw, int(year), int(serial))
    assert found.label == (None if label == "-" else label)


# -- look-alikes --------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
DATE_FORMATS = ["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y", "%d.%m.%y", "%d/%m-%Y",
                "%d/%m %Y", "%m/%Y", "%m-%Y", "%d.%m", "%d/%m", "%-d/%-m-%Y", "%-d.%-m.%Y", "%Y%m%d"]
LABELS = ["", "Sagsnr. ", "Sagsnr.: ", "Sags nr.: ", "Dok.nr. ", "**", "J.nr. "]


@settings(max_examples=300, deadline=None)
@given(dates, st.sampled_from(DATE_FORMATS), st.sampled_from(LABELS))
def test_a_date_is_never_a_case_number(date: dt.date, fmt: str, label: str) -> None:
    assert find_case_number(label + date.strftime(fmt)) is None


@st.composite
def amounts(draw: st.DrawFn) -> str:
    value = draw(st.integers(0, 999_999_999))
    text = f"{value:,}".replace(",", ".")
    if draw(st.booleans()):
        text += "," + f"{draw(st.integers(0, 99)):02d}"
    return text + draw(st.sampled_from(["", " kr.", " kr", " mio. kr.", " DKK", ",-"]))


@settings(max_examples=300, deadline=None)
@given(amounts(), st.sampled_from(LABELS))
def test_an_amount_is_never_a_case_number(amount: str, label: str) -> None:
    assert find_case_number(label + amount) is None


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    digits = f"{draw(st.integers(20_000_000, 99_999_999))}"
    grouped = draw(st.sampled_from([
        digits, " ".join(digits[i:i + 2] for i in range(0, 8, 2)), f"{digits[:4]} {digits[4:]}",
        "-".join(digits[i:i + 2] for i in range(0, 8, 2)), f"{digits[:4]}-{digits[4:]}",
    ]))
    return draw(st.sampled_from(["", "+45 ", "tlf. ", "Telefon: "])) + grouped


@settings(max_examples=300, deadline=None)
@given(phone_numbers(), st.sampled_from(LABELS))
def test_a_phone_number_is_never_a_case_number(phone: str, label: str) -> None:
    assert find_case_number(label + phone) is None


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 23), st.integers(0, 59), st.sampled_from([":", "."]))
def test_a_time_slot_is_never_a_case_number(h1: int, m1: int, h2: int, m2: int, sep: str) -> None:
    for text in (f"{h1:02d}{sep}{m1:02d}-{h2:02d}{sep}{m2:02d}", f"kl. {h1:02d}{sep}{m1:02d}", f"({h1}{sep}{m1:02d})"):
        assert find_case_number(text) is None


# -- real forms round-trip ----------------------------------------------------------------------

@st.composite
def written_case_numbers(draw: st.DrawFn) -> tuple[str, str, int, int]:
    """(as written, scheme, year, serial)."""
    year = draw(st.integers(1995, 2040))
    serial = draw(st.integers(1, 99_999))
    yy = f"{year % 100:02d}"
    scheme = draw(st.sampled_from(["kle", "journal", "dash", "prefixed"]))
    if scheme == "kle":
        subject = ".".join(f"{draw(st.integers(0, 99)):02d}" for _ in range(3))
        facet = draw(st.sampled_from("ABCDGPS")) + f"{draw(st.integers(0, 99)):02d}"
        return f"{subject}-{facet}-{serial}-{yy}", scheme, year, serial
    if scheme == "journal":
        serial = max(serial, 100)
        if 1 <= year % 100 <= 12 and 1900 <= serial <= 2099:
            serial += 300  # "03/2024" is a month and a year (see the look-alike tests)
        return f"{yy}/{serial}", scheme, year, serial
    if scheme == "dash":
        return f"{yy}-{serial:06d}", scheme, year, serial
    prefix = draw(st.sampled_from(["EMN", "SAG", "DOK", "ESDH"]))
    return f"{prefix}-{year}-{serial:06d}", scheme, year, serial


@settings(max_examples=300, deadline=None)
@given(written_case_numbers(), st.sampled_from(LABELS), st.sampled_from(["", "  Sagsbehandler: Anna Hansen"]))
def test_every_form_keeps_its_text_year_and_serial(case: tuple[str, str, int, int], label: str, tail: str) -> None:
    written, scheme, year, serial = case
    text = label + written + ("**" if label == "**" else "") + (tail if label.strip("* ") else "")
    found = find_case_number(text)
    assert found is not None, text
    assert (found.raw, found.scheme, found.year, found.serial) == (written, scheme, year, serial)
    assert parse_case_number(found.raw) == found.model_copy(update={"label": None})


@settings(max_examples=60, deadline=None)
@given(st.one_of(dates.map(lambda d: d.strftime("%d-%m-%Y")), amounts(), phone_numbers()), written_case_numbers())
def test_in_a_document_the_look_alike_line_is_skipped_and_the_case_number_found(
        look_alike: str, case: tuple[str, str, int, int]) -> None:
    text = (f"REFERAT Byrådet d. 12-03-2024\n\nPunkt 1: Budget\n\n{look_alike}\n\nSagsfremstilling\n\nTekst.\n\n"
            f"Punkt 2: Regnskab\n\n{case[0]}\n\nBeslutning\n\nGodkendt.\n")
    meeting = parse_text(text, name="doc.txt")
    assert meeting.items[0].case is None
    assert meeting.items[1].case is not None and meeting.items[1].case.raw == case[0]
