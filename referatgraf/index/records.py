"""The index records of one parsed meeting: one :class:`ItemRecord` per agenda item.

Built from the typed model (not from RDF) so ingest can index a document without reading it
back; :mod:`referatgraf.read.index_records` builds the same records from the store (the source
of truth, for ``referatgraf index``), and a test keeps the two equal. Every IRI comes from the
:class:`~referatgraf.graph.iris.Minter`, as the graph mapping writes them. Fields that the
store keeps without order (cases, KLE subjects, people) are sorted, so both builders agree.

>>> from referatgraf.graph.iris import Minter
>>> from referatgraf.parse import parse_text
>>> meeting = parse_text("REFERAT Chefforum d. 01-02-2020\\n\\nPunkt 1: CF - Evt.\\n\\nBeslutning\\n\\nIntet.\\n",
...                      municipality="Albertslund")
>>> [r] = records_of(meeting, None, Minter("https://e.org/", "Albertslund"), "https://e.org/graph/x")
>>> r.title, r.decision, r.body, r.municipality, r.has_decision
('Evt.', 'Intet.', 'Chefforum', 'albertslund', True)
"""

from __future__ import annotations

from referatgraf.extract.model import Extraction
from referatgraf.graph.iris import Minter
from referatgraf.graph.mapping import meeting_iri
from referatgraf.index.model import ItemRecord
from referatgraf.parse.model import AgendaItem, Meeting

PARAGRAPH = "\n\n"  # between sections, decisions: the same join in both builders


def records_of(meeting: Meeting, extraction: Extraction | None, minter: Minter, document_iri: str) -> list[ItemRecord]:
    """One record per item of ``meeting``; ``document_iri`` is the named graph it is stored in."""
    people = people_by_item(extraction or Extraction())
    meeting_node = str(meeting_iri(meeting, minter))
    return [_record(meeting, item, minter, meeting_node, document_iri, people.get(item.order, ()))
            for item in meeting.items]


def people_by_item(extraction: Extraction) -> dict[int, tuple[str, ...]]:
    """Item order → sorted names of the resolved people mentioned in it. A person's name is
    their key (first and last name: "Mie Thorup"), the same in every document, where the
    longest form written ("Mie Louise Kragh Thorup") varies from one document to the next."""
    names: dict[int, set[str]] = {}
    for m in extraction.mentions:
        if m.kind == "person" and m.entity and m.item and extraction.entity(m.entity) is not None:
            names.setdefault(m.item, set()).add(m.entity)
    return {order: tuple(sorted(found)) for order, found in names.items()}


def _record(meeting: Meeting, item: AgendaItem, minter: Minter, meeting_node: str, document: str,
            people: tuple[str, ...]) -> ItemRecord:
    cases = sorted({c.raw for c in item.cases})
    kle = sorted({c.kle_subject for c in item.cases if c.kle_subject})
    return ItemRecord(
        item=minter.item(meeting_node, item.order), document=document, meeting=meeting_node,
        title=item.title, number=item.number,
        text=PARAGRAPH.join(s.text for s in item.sections if s.text.strip()),
        decision=PARAGRAPH.join(d.text for d in item.decisions if d.text.strip()),
        attachments=tuple(a.title for a in item.attachments if a.title.strip()),
        cases=tuple(cases), municipality=minter.municipality_slug, body=meeting.body, date=meeting.date,
        kind=meeting.kind, kle=tuple(kle), kle_groups=tuple(sorted({k[:2] for k in kle})),
        proposer=_proposer(item), people=people, closed=item.closed, has_decision=bool(item.decisions))


def _proposer(item: AgendaItem) -> str | None:
    proposer = item.recommendation.proposer if item.recommendation else None
    return proposer if proposer and proposer.strip() else None
