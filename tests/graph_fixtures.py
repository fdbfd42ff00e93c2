"""Small hand-written meeting models for the graph tests (invented content, not seed text)."""

from __future__ import annotations

import datetime as dt

import pytest

from referatgraf.parse.case_number import parse_case_number
from referatgraf.parse.model import (AgendaItem, Attachment, Decision, Meeting, ParseReport,
                                     ParseWarning, PointAnswer, Recommendation, RecommendationPoint,
                                     Section, SourceDocument)

BASE = "https://example.org/"
SHA = "ab" * 32


def small_meeting(kind: str = "referat", sha: str = SHA, day: int = 3) -> Meeting:
    """A three-item meeting of 'Testudvalget' covering every mapped field."""
    first = AgendaItem(
        number=1, title="Godkendelse af dagsorden", raw_title="TU - Godkendelse af dagsorden",
        cases=[parse_case_number("00.01.00-A00-7-21")], lines=(10, 30),
        sections=[Section(kind="anledning", heading="Anledning", text="Dagsordenen skal godkendes.", lines=(12, 14))],
        recommendation=Recommendation(
            proposer="Kommunaldirektøren", text="Kommunaldirektøren indstiller,\n\n1. at dagsordenen godkendes",
            points=[RecommendationPoint(number=1, text="at dagsordenen godkendes", line=17),
                    RecommendationPoint(number=2, text='at "referatet" godkendes', line=18)],
            lines=(15, 18)),
        decisions=[Decision(text="Godkendt.\n\nAd 2: Godkendt med en rettelse.",
                            answers=[PointAnswer(point=2, text="Godkendt med en rettelse.", line=23)],
                            lines=(20, 23))],
        attachments=[Attachment(title="Bilag A", line=26), Attachment(title="Bilag B - økonomi", line=27)],
    )
    closed = AgendaItem(number=2, title="Lukket", raw_title="Lukket", closed=True,
                        cases=[parse_case_number("21/4567")], lines=(31, 33))
    third = AgendaItem(
        number=3, title="Orientering om budget", raw_title="TU - Orientering om budget v. Åse (Bo Berg deltager) (10:15-10:45)",
        planned_start="10:15", planned_end="10:45", planned_minutes=30,
        presenters=["Åse"], participants=["Bo Berg"], lines=(34, 50),
        decisions=[Decision(body="Økonomiudvalget", date=dt.date(2021, 3, 1), text="Anbefalet.", lines=(40, 42)),
                   Decision(body="Testudvalget", date=dt.date(2021, 3, day), text="Taget til efterretning.", lines=(44, 46))],
    )
    items = [first, closed, third] if kind == "referat" else [
        first.model_copy(update={"decisions": []}), closed, third.model_copy(update={"decisions": []})]
    return Meeting(
        kind=kind, body="Testudvalget", municipality="Eksempelby", date=dt.date(2021, 3, day),
        start_time="09:30", location="Mødelokale 7",
        source=SourceDocument(file_name="testudvalget.txt", sha256=sha, media_type="text/plain",
                              encoding="utf-8", line_count=50),
        items=items, header_lines=(1, 8),
        report=ParseReport(layout="test", warnings=[ParseWarning(code="numbering-gap", message="item 2 has no content", line=31)]),
    )


SEED_SETTINGS_BASE = "https://data.referatgraf.dk/"


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory):
    """The five seeds ingested once into an embedded store (municipality Albertslund)."""
    from conftest import SEED_FILES
    from referatgraf.store.embedded import EmbeddedStore
    from referatgraf.ingest.pipeline import ingest_paths
    from referatgraf.settings import Settings

    store = EmbeddedStore(tmp_path_factory.mktemp("seeded") / "store")
    summary = ingest_paths(SEED_FILES, store, Settings(municipality="Albertslund", base_iri=SEED_SETTINGS_BASE))
    assert summary.failures == [], summary.failures
    yield store
    store.close()
