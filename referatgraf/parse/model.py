"""The typed model of a meeting document: what the parser produces and everything else reads.

The model knows nothing of RDF or storage. Field names are the JSON names users see
(``referatgraf parse --json``). Line numbers are 1-based and refer to the decoded text of
the source document (for PDFs: the extracted text layer), so every fact can be traced back.

Example::

    >>> from referatgraf.parse import parse_text
    >>> meeting = parse_text("REFERAT Chefforum d. 01-02-2020\\n\\nPunkt 1: CF - Evt.\\n\\nBeslutning\\n\\nIntet.\\n")
    >>> meeting.body, meeting.items[0].title, meeting.items[0].lines
    ('Chefforum', 'Evt.', (3, 7))
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator

from referatgraf.parse.case_number import CaseNumber

LineRange = tuple[int, int]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class SourceDocument(_Model):
    """Where a meeting came from: enough to find the exact bytes again."""

    file_name: str
    sha256: str
    media_type: Literal["text/plain", "text/markdown", "text/html", "application/pdf", "application/json", "application/xml",
                        "application/zip"]
    encoding: str | None = None  # "utf-8", "utf-8-sig", "cp1252", "latin-1"; None for PDF
    line_count: int = 0


class TocEntry(_Model):
    """One line of the table of contents (*Indholdsfortegnelse*)."""

    title: str  # cleaned like an item title
    raw_title: str
    page: int | None = None
    closed: bool = False  # the entry reads "Lukket"
    line: int


class Section(_Model):
    """A headed part of an agenda item. ``kind`` is a normalised name (see parse.sections);
    unknown headings are kept with kind ``"other"`` and their heading as written."""

    kind: str  # anledning | baggrund | resume | sagsfremstilling | okonomi | indstilling | beslutning | bilag | sagsprocedure | other ...
    heading: str  # as written, markup removed ("BESLUTNING I CHEFFORUM DEN 15-05-2014")
    text: str  # body text, markup removed, paragraphs separated by blank lines
    lines: LineRange


class RecommendationPoint(_Model):
    """A numbered (or bulleted) point of a recommendation; ``number`` is 1..n in order."""

    number: int
    text: str
    line: int


class Recommendation(_Model):
    """The *Indstilling*: who recommends (``proposer`` as written) and the points."""

    proposer: str | None = None  # "Kommunaldirektøren", "Chefen for Økonomi & Stab", "Økonomi & Stab"; None for "Det indstilles"
    text: str  # full text of the section
    points: list[RecommendationPoint] = Field(default_factory=list)
    lines: LineRange


class PointAnswer(_Model):
    """A per-point answer in a decision ("Ad 2: Valgfaget ... gøres obligatorisk")."""

    point: int  # refers to RecommendationPoint.number
    text: str
    line: int


class Decision(_Model):
    """A *Beslutning*. ``body``/``date`` are set when the heading names them
    ("BESLUTNING I CHEFFORUM DEN 15-05-2014", "Beslutning i Økonomiudvalget den 03-12-2019")."""

    body: str | None = None
    date: dt.date | None = None
    text: str
    answers: list[PointAnswer] = Field(default_factory=list)
    lines: LineRange


class Attachment(_Model):
    """An attachment (*Bilag*) title as listed."""

    title: str
    line: int


class Attendance(_Model):
    """Who was present or absent, for the whole meeting (``item`` None) or one item (its
    ``order``). ``reason`` as written ("Afbud", "Fraværende", "Lovligt forfald"), None when
    only a flag or a bare list says so."""

    name: str
    status: Literal["present", "absent"]
    item: int | None = None
    reason: str | None = None
    line: int
    start: int | None = None  # character offset of the name in its line (None when not written there)


class EarlierTreatment(_Model):
    """A treatment of the item's case at an earlier meeting, as the item lists it
    (FirstAgenda "Sagens forløb", SBSYS "Tidligere behandling"): the case's path as data."""

    body: str  # as written ("Økonomiudvalget")
    date: dt.date
    decision: str | None = None  # the decision text given there; None when "ikke frigivet" or absent
    line: int


class AgendaItem(_Model):
    """One *Punkt* of the agenda.

    ``number`` is the number as written ("4", "1.1", "715", "c)"); ``order`` its 1-based
    position in the document (OParl's ``number`` and ``order``). Everything that refers to an
    item inside one document (attendance, mentions, IRIs) uses ``order``.
    """

    number: str
    order: int = 0  # 0: not given; a plain number as written then stands for its order
    title: str  # clean: no "CF - " prefix, time slot, duration or presenter suffix
    raw_title: str  # as written in the item heading, markup removed
    cases: list[CaseNumber] = Field(default_factory=list)  # in document order; usually one
    closed: bool = False  # the item reads "Lukket"
    planned_start: str | None = None  # "13:45"
    planned_end: str | None = None  # "13:55"
    planned_minutes: int | None = None  # "(20 min)"
    presenters: list[str] = Field(default_factory=list)  # "v. René, Birgit og Susanne"
    participants: list[str] = Field(default_factory=list)  # "(Bente Poulsen deltager)"
    sections: list[Section] = Field(default_factory=list)
    recommendation: Recommendation | None = None
    decisions: list[Decision] = Field(default_factory=list)  # in document order; usually one
    attachments: list[Attachment] = Field(default_factory=list)
    attendance: list[Attendance] = Field(default_factory=list)
    history: list[EarlierTreatment] = Field(default_factory=list)
    lines: LineRange

    @field_validator("number", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _order_from_number(self) -> AgendaItem:
        if self.order == 0 and self.number.isdigit():
            self.order = int(self.number)
        return self

    @property
    def case(self) -> CaseNumber | None:
        """The item's first (main) case number."""
        return self.cases[0] if self.cases else None

    @case.setter
    def case(self, value: CaseNumber | None) -> None:
        self.cases = [] if value is None else [value, *[c for c in self.cases[1:] if c != value]]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def case_numbers(self) -> list[str]:
        return [c.raw for c in self.cases]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def case_number(self) -> str | None:
        return self.case.raw if self.case else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kle_subject(self) -> str | None:
        return self.case.kle_subject if self.case else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def facet(self) -> str | None:
        return self.case.facet if self.case else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def serial(self) -> int | None:
        return self.case.serial if self.case else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def year(self) -> int | None:
        return self.case.year if self.case else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def decision(self) -> Decision | None:
        """The decision of the meeting this document records (the last one listed)."""
        return self.decisions[-1] if self.decisions else None

    def section(self, kind: str) -> Section | None:
        """The first section of the given kind, or None."""
        return next((s for s in self.sections if s.kind == kind), None)


class ParseWarning(_Model):
    """Something a reader should check: the parse went on, but it may be wrong here."""

    code: str  # toc-count | toc-title | numbering-gap | section-order | incomplete | ...
    message: str
    line: int | None = None


class ParseReport(_Model):
    """How trustworthy the parse is."""

    layout: str  # name of the layout that read it (see parse.layouts)
    complete: bool = True  # False when the document ends in the middle of an item
    listed_items: int | None = None  # items the document's own list names (system item list); None: contents list or none
    warnings: list[ParseWarning] = Field(default_factory=list)


class Meeting(_Model):
    """One meeting document: minutes (*referat*) or agenda (*dagsorden*)."""

    kind: Literal["referat", "dagsorden"] = "referat"
    body: str  # "Chefforum", "Økonomiudvalget": from the document, never assumed
    municipality: str | None = None  # set by the ingest configuration, not guessed
    date: dt.date
    start_time: str | None = None  # "09:00", local time as the document gives it
    location: str | None = None  # "Mødelokale 2"
    system_id: str | None = None  # the publishing system's own meeting id (FirstAgenda GUID), when it has one
    title: str | None = None  # the document's own name for the meeting ("Ekstraordinær dagsorden"), when given
    source: SourceDocument
    toc: list[TocEntry] = Field(default_factory=list)
    items: list[AgendaItem] = Field(default_factory=list)
    attendance: list[Attendance] = Field(default_factory=list)
    report: ParseReport
    header_lines: LineRange | None = None
