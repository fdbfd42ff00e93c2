"""Random and garbled input never crashes the parser: the outcome is a Meeting or a ParseError.

When a Meeting comes out, it is internally sound: items count up, every line range points into
the document, and sections nest inside their item.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referatgraf.parse import Meeting, parse_bytes
from referatgraf.parse.errors import ParseError

# Pieces of minutes (generated, not copied): headers, items, headings, case numbers, noise.
FRAGMENTS = [
    "REFERAT Byrådet d. 02-03-2021", "DAGSORDEN Teknisk Udvalg d. 31-12-2024", "# REFERAT Forum d. 1-2-2020",
    "Mødedato Tirsdag d. 2. marts 2021 kl. 17:00", "**Mødested** Salen", "Indholdsfortegnelse",
    "BY - Budget.....\t3", "Lukket.....\t4", "Punkt 1: BY - Budget (10 min)", "## **Punkt 2: Lukket**",
    "Punkt 3: Vej v. Ida (Bo Holm deltager) (13:45-13:55)", "Punkt 2:", "Punkt 99: Sidst",
    "21-000123", "13/13893", "00.01.00-A00-3-17", "Sagsnr. EMN-2025-003383", "Anledning", "### Resumé",
    "Sagsfremstilling", "Indstilling", "Direktionen indstiller,", "Det indstilles,", "1. at det godkendes",
    "- at det drøftes", "Beslutning", "BESLUTNING I BYRÅDET DEN 02-03-2021", "Beslutning i Udvalget den 1-2-2021",
    "Ad 1: Godkendt", "- Ad 7: Udsat", "Bilag", "Notat.pdf", "Supplerende bilag", "Fraværende: Anna Hansen",
    "Deltagere: Bo Holm (Fraværende)", "---", "Side 2 af 9", "\f", "<b>I alt</b>\t<b>21</b>", "\\_", "**",
    "Tekst med *kursiv* og 66.000 kr.", "", "", "",
]


def check(meeting: Meeting) -> None:
    n = meeting.source.line_count
    numbers = [i.order for i in meeting.items]
    assert meeting.items and numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    for item in meeting.items:
        first, last = item.lines
        assert 1 <= first <= last <= n
        for section in item.sections:
            assert first <= section.lines[0] <= section.lines[1] <= last
        if item.recommendation:
            assert [p.number for p in item.recommendation.points] == list(range(1, len(item.recommendation.points) + 1))
    meeting.model_dump_json()  # serialisable


def outcome(data: bytes, name: str = "x.txt") -> None:
    try:
        meeting = parse_bytes(data, name)
    except ParseError as err:
        assert str(err).startswith(name)
        return
    check(meeting)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    outcome(data)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=500))
def test_random_bytes_behind_a_pdf_signature(data):
    outcome(b"%PDF-1.4\n" + data, "x.pdf")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=40), max_size=60),
       st.sampled_from(["\n", "\r\n"]), st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]))
def test_garbled_minutes(pieces, newline, encoding):
    text = newline.join(pieces)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    outcome(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutilated_seeds(seed_files, data):
    """Seeds with random lines dropped, duplicated or cut short still parse or fail cleanly."""
    path = data.draw(st.sampled_from(seed_files))
    lines = path.read_text(encoding="utf-8").split("\n")
    for _ in range(data.draw(st.integers(0, 8))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "dup", "cut", "garble"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "cut":
            lines = lines[: max(i, 1)]
        else:
            lines[i] = lines[i][::-1]
        if not lines:
            break
    outcome("\n".join(lines).encode("utf-8"), path.name)
