"""Meeting headers of the "Punkt N:" family as municipalities write them: one line or stacked,
with the kind word, a preposition, the body (a council, a committee, a forum) and the date."""

from __future__ import annotations

import pytest

from referatgraf.parse import parse_text

ITEM = "\n\nPunkt 1: Godkendelse af dagsorden\n\nSagsnr.: 23-013402\n\nBeslutning\n\nGodkendt.\n"

# header as written → (kind, body, date, start time)
HEADERS = [
    ("REFERAT Byrådet d. 12-03-2024", ("referat", "Byrådet", "2024-03-12", None)),
    ("DAGSORDEN Teknisk Udvalg d. 04.04.2024", ("dagsorden", "Teknisk Udvalg", "2024-04-04", None)),
    ("REFERAT Børne- og Skoleudvalget d. 07-05-2024\n\nMødedato Tirsdag d. 7. maj 2024 kl. 16:00",
     ("referat", "Børne- og Skoleudvalget", "2024-05-07", "16:00")),
    ("Referat fra mødet i Byrådet den 12. marts 2024", ("referat", "Byrådet", "2024-03-12", None)),
    ("Beslutningsprotokol Kommunalbestyrelsen 24-01-2024", ("referat", "Kommunalbestyrelsen", "2024-01-24", None)),
    ("Referat\n\nByrådet\n\nMødedato: 12-03-2024 kl. 17:00\nMødested: Byrådssalen",
     ("referat", "Byrådet", "2024-03-12", "17:00")),
    ("REFERAT\nTeknisk Udvalg\nd. 04-04-2024", ("referat", "Teknisk Udvalg", "2024-04-04", None)),
    ("Åben dagsorden\nØkonomiudvalget\nMødedato: 05-03-2024", ("dagsorden", "Økonomiudvalget", "2024-03-05", None)),
    ("Dagsorden til Teknisk Udvalg 04-04-2024", ("dagsorden", "Teknisk Udvalg", "2024-04-04", None)),
    ("Referat af mødet i Økonomiudvalget den 5. marts 2024 kl. 15.00",
     ("referat", "Økonomiudvalget", "2024-03-05", "15:00")),
]


@pytest.mark.parametrize(("header", "expected"), HEADERS, ids=[h.split("\n")[0][:45] for h, _ in HEADERS])
def test_header_forms(header: str, expected: tuple) -> None:
    meeting = parse_text(header + ITEM, name="header.txt")
    got = (meeting.kind, meeting.body, meeting.date.isoformat(), meeting.start_time)
    assert got == expected
    assert meeting.items[0].case.raw == "23-013402"
