"""The one place that mints IRIs. Everything else asks a :class:`Minter`.

IRIs are deterministic: the same municipality, body, date, case number or name always gives the
same IRI, so the same document always yields the same triples and two documents that mention
the same case, person or KLE subject meet in one node. The municipality is part of every local
IRI, so two municipalities' case ``23-013402`` never collide; KLE subjects and external
organisations are national and carry none.

Shapes (``{b}`` is ``Settings.base_iri``, ``{m}`` the municipality slug)::

    {b}id/{m}                                   municipality (org:Organization)
    {b}id/{m}/body/{body}                       body (besluit:Bestuursorgaan)
    {b}id/{m}/meeting/{body}/{YYYY-MM-DD}       meeting (besluit:Zitting) whose start is not given,
                                                and a meeting known only from a reference
    {b}id/{m}/meeting/{body}/{YYYY-MM-DD}/{HHMM} meeting with a start time: two meetings of one
                                                body on one day (an extraordinary one before the
                                                ordinary one) stay apart
    {meeting}/item/{n}                          agenda item (besluit:Agendapunt)
    {meeting}/item/{n}/treatment                besluit:BehandelingVanAgendapunt
    {meeting}/item/{n}/decision[/{k}]           besluit:Besluit (k from 2 when an item has several)
    {meeting}/item/{n}/attachment/{k}           foaf:Document
    {meeting}/item/{n}/section/{k}              rg:Section (k-th section in document order)
    {meeting}/item/{n}/recommendation           rg:Recommendation
    {meeting}/item/{n}/earlier/{k}              rg:EarlierTreatment (k-th "Sagens forløb" entry)
    {meeting}/item/{n}/recommendation/point/{p} rg:RecommendationPoint
    {decision}/answer/{p}                       rg:PointAnswer (the decision's answer to point p)
    {b}id/{m}/case/{case}                       rg:Case ("/" in a case number becomes "_")
    {b}id/{m}/person/{first-last}               foaf:Person
    {b}id/{m}/post/{name}                       org:Post
    {b}id/{m}/role/{name}                       org:Role of that post (what a membership's org:role names)
    {b}id/{m}/place/{name}                      prov:Location where meetings are held ("Byrådssalen")
    {b}id/{m}/department/{name}                 org:OrganizationalUnit
    {meeting}/mention/{k}                       rg:Mention (k-th mention of the extraction, from 1)
    {b}id/{m}/membership/{person}/{post}/{date} org:Membership (a person holding a post at a date)
    {b}id/organisation/{name}                   external org:Organization (KOMBIT, KL …)
    {b}id/kle  and  {b}id/kle/{notation}        KLE skos:ConceptScheme / skos:Concept
    {b}id/document/{sha256}                     source document (prov:Entity)
    http://www.iana.org/assignments/media-types/{type}  a source document's dct:format (IANA's own
                                                IRI for the media type, not ours)
    {b}graph/{m}/meeting/{body}/{YYYY-MM-DD}[/{HHMM}]  named graph holding one meeting document
    {b}graph/shared                             shared graph: descriptions of nodes several
                                                documents mention (cases, KLE, bodies, actors)
    https://w3id.org/referatgraf/graph/bulk-load  the mark of a bulk load not finished (ingest.load_mark);
                                                not under {b}, so a store is checked without its base

The named graph is keyed by the meeting, not the file hash: a corrected document or the minutes
that follow an agenda replace the earlier graph and keep every IRI.

>>> m = Minter("https://example.org/", "Albertslund")
>>> m.case("13/13893")
'https://example.org/id/albertslund/case/13_13893'
>>> m.meeting("Chefforum", "2014-05-15")
'https://example.org/id/albertslund/meeting/chefforum/2014-05-15'
>>> m.meeting("Byråd 2022-2025", "2022-10-27", "07:45")
'https://example.org/id/albertslund/meeting/byraad-2022-2025/2022-10-27/0745'
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import quote

UNKNOWN_MUNICIPALITY = "ukendt"
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
BULK_LOAD_GRAPH = "https://w3id.org/referatgraf/graph/bulk-load"

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa", "&": " og "})


def slugify(text: str) -> str:
    """A readable, stable IRI segment: lower case ASCII, Danish letters spelt out.

    >>> slugify("Økonomi & Stab")
    'oekonomi-og-stab'
    >>> slugify("Björkman")
    'bjorkman'
    """
    text = text.translate(_DANISH)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text or "x"


def case_segment(case_number: str) -> str:
    """Case numbers keep their form: '/' → '_' (no case-number form uses '_'), rest percent-encoded."""
    return quote(case_number.strip().replace("/", "_"), safe="-._~")


def _iso(date: dt.date | str) -> str:
    return date.isoformat() if isinstance(date, dt.date) else dt.date.fromisoformat(date).isoformat()


def _clock(start: str | None) -> str:
    """ "07:45" → "/0745"; no start → "" (the day alone names the meeting)."""
    if not start:
        return ""
    hours, _, minutes = start.replace(".", ":").partition(":")
    return f"/{int(hours):02d}{int(minutes or 0):02d}"


class Minter:
    """Mints IRIs under ``base`` for one municipality."""

    def __init__(self, base: str, municipality: str | None = None) -> None:
        if not base.endswith("/"):
            base += "/"
        self.base = base
        self.municipality_slug = slugify(municipality) if municipality else UNKNOWN_MUNICIPALITY

    @property
    def id_space(self) -> str:
        """Where every entity IRI starts (``void:uriSpace``); graphs live beside it, under ``graph/``.

        >>> Minter("https://d.dk").id_space
        'https://d.dk/id/'
        """
        return f"{self.base}id/"

    @property
    def graph_space(self) -> str:
        """Where every named graph of ours starts (a remote store counts and dumps only these).

        >>> Minter("https://d.dk").graph_space
        'https://d.dk/graph/'
        """
        return f"{self.base}graph/"

    # -- municipality-local -----------------------------------------------------------------
    @property
    def _local(self) -> str:
        return f"{self.id_space}{self.municipality_slug}"

    def municipality(self) -> str:
        return self._local

    def body(self, body: str) -> str:
        return f"{self._local}/body/{slugify(body)}"

    def meeting(self, body: str, date: dt.date | str, start: str | None = None) -> str:
        return f"{self._local}/meeting/{slugify(body)}/{_iso(date)}{_clock(start)}"

    def item(self, meeting_iri: str, number: int) -> str:
        return f"{meeting_iri}/item/{number}"

    def treatment(self, meeting_iri: str, number: int) -> str:
        return f"{self.item(meeting_iri, number)}/treatment"

    def decision(self, meeting_iri: str, number: int, k: int = 1) -> str:
        suffix = "" if k == 1 else f"/{k}"
        return f"{self.item(meeting_iri, number)}/decision{suffix}"

    def attachment(self, meeting_iri: str, number: int, k: int) -> str:
        return f"{self.item(meeting_iri, number)}/attachment/{k}"

    def section(self, meeting_iri: str, number: int, k: int) -> str:
        return f"{self.item(meeting_iri, number)}/section/{k}"

    def earlier_treatment(self, meeting_iri: str, number: int, k: int) -> str:
        return f"{self.item(meeting_iri, number)}/earlier/{k}"

    def recommendation(self, meeting_iri: str, number: int) -> str:
        return f"{self.item(meeting_iri, number)}/recommendation"

    def recommendation_point(self, meeting_iri: str, number: int, point: int) -> str:
        return f"{self.recommendation(meeting_iri, number)}/point/{point}"

    def point_answer(self, decision_iri: str, point: int) -> str:
        return f"{decision_iri}/answer/{point}"

    def case(self, case_number: str) -> str:
        return f"{self._local}/case/{case_segment(case_number)}"

    def person(self, key: str) -> str:
        """``key`` is the resolver's person key (first and last name), slugified here."""
        return f"{self._local}/person/{slugify(key)}"

    def post(self, name: str) -> str:
        return f"{self._local}/post/{slugify(name)}"

    def role(self, post: str) -> str:
        """The org:Role a post stands for (one per post: "Kommunaldirektør")."""
        return f"{self._local}/role/{slugify(post)}"

    def place(self, name: str) -> str:
        """A place where the municipality's meetings are held, by its name as written."""
        return f"{self._local}/place/{slugify(name)}"

    def department(self, name: str) -> str:
        return f"{self._local}/department/{slugify(name)}"

    def mention(self, meeting_iri: str, k: int) -> str:
        """The k-th mention (1-based, in the extraction's order) found in a meeting document."""
        return f"{meeting_iri}/mention/{k}"

    def membership(self, person_key: str, post: str, date: dt.date | str) -> str:
        """A person holding a post on a date, as a document states it."""
        return f"{self._local}/membership/{slugify(person_key)}/{slugify(post)}/{_iso(date)}"

    def media_type(self, media_type: str) -> str:
        """IANA's IRI of a media type (a ``dct:MediaType``), parameters dropped.

        >>> Minter("https://example.org/").media_type("text/plain; charset=utf-8")
        'http://www.iana.org/assignments/media-types/text/plain'
        """
        return IANA_MEDIA_TYPES + media_type.split(";", 1)[0].strip().lower()

    def shared_graph(self) -> str:
        """The one graph holding shared nodes' descriptions (see graph.mapping.split_shared)."""
        return f"{self.base}graph/shared"

    @staticmethod
    def bulk_load_graph() -> str:
        """The graph that marks a bulk load as not finished (ingest.load_mark), the same under every base."""
        return BULK_LOAD_GRAPH

    def graph(self, body: str, date: dt.date | str, start: str | None = None) -> str:
        return f"{self.base}graph/{self.municipality_slug}/meeting/{slugify(body)}/{_iso(date)}{_clock(start)}"

    # -- national ---------------------------------------------------------------------------
    def organisation(self, name: str) -> str:
        return f"{self.id_space}organisation/{slugify(name)}"

    def kle_scheme(self) -> str:
        return f"{self.id_space}kle"

    def kle(self, notation: str) -> str:
        return f"{self.id_space}kle/{notation}"

    def document(self, sha256: str) -> str:
        return f"{self.id_space}document/{sha256}"
