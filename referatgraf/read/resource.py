"""Any resource in one read call: its kind from its ``rdf:type`` and the typed data of that kind.

A Linked Data page (and its ``.json`` twin) asks :func:`read_resource` once; the kind decides
the template, the data fills it. The kind is read from what the graph says the resource *is*,
never from the shape of its IRI.

>>> kind_from_types(["http://data.vlaanderen.be/ns/besluit#Zitting"])
'meeting'
>>> kind_from_types(["http://www.w3.org/2004/02/skos/core#Concept"])
'kle'
>>> kind_from_types([])
'resource'
>>> from referatgraf.read.demo import BASE, demo_store
>>> store = demo_store()
>>> body = read_resource(Reader(store, BASE), BASE + "id/eksempelby/body/chefforum")
>>> body.kind, body.label, [m.date.isoformat() for m in body.data.meetings]
('body', 'Chefforum', ['2021-03-12'])
>>> read_resource(Reader(store, BASE), BASE + "id/eksempelby/body/nobody") is None
True
>>> store.close()
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib.namespace import RDF

from referatgraf.ontology.vocab import BESLUIT, FOAF, ORG, RG, SKOS
from referatgraf.read.ids import local_id
from referatgraf.read.reader import Reader, local_name
from referatgraf.read.schemas import Link, Resource

# First match wins: a body may also be an org:Organization, a department an org:Organization.
KINDS: list[tuple[str, str]] = [
    (str(BESLUIT.Zitting), "meeting"), (str(RG.ReferencedMeeting), "meeting"),  # a stub: shown marked
    (str(BESLUIT.Agendapunt), "item"), (str(RG.Case), "case"),
    (str(BESLUIT.Bestuursorgaan), "body"), (str(FOAF.Person), "person"), (str(ORG.Post), "post"),
    (str(ORG.OrganizationalUnit), "department"), (str(ORG.Organization), "organisation"),
    (str(SKOS.Concept), "kle"),
]
ACTOR_KINDS = ("person", "post", "department", "organisation")
LABEL_PROPERTIES = ("prefLabel", "title", "name", "identifier", "notation")


def kind_from_types(types: list[str]) -> str:
    """The kind of resource its types make it (``resource`` when none is ours)."""
    return next((kind for iri, kind in KINDS if iri in types), "resource")


def label_of(links: list[Link]) -> str | None:
    """The first label-like literal among a resource's outgoing links."""
    return next((link.literal for link in links
                 if local_name(link.property) in LABEL_PROPERTIES and link.literal), None)


def types_in(links: list[Link]) -> list[str]:
    """The ``rdf:type`` values among a resource's outgoing links (no extra round trip)."""
    return sorted({l.value.iri for l in links if l.property == str(RDF.type) and l.value})


def read_resource(reader: Reader, iri: str) -> Resource | None:
    """The resource ``iri`` with its kind and typed data; None when nothing is known about it.

    Three round trips and the kind's own reads: its links out (types and label among them), its
    links in, then the data of its kind (a case: its whole history in one query)."""
    links, backlinks = reader.links(iri), reader.backlinks(iri)
    types = types_in(links)
    if not (types or links or backlinks):
        return None
    kind, label = kind_from_types(types), label_of(links)
    data = _DATA.get(kind, lambda *_: None)(reader, iri, kind, types, links, label)
    return Resource(iri=iri, id=local_id(reader.base, iri), kind=kind, label=label, types=types,
                    data=data, links=links, backlinks=backlinks)


def _case(reader: Reader, iri: str, kind: str, types: list[str], links: list[Link], label: str | None):  # noqa: ANN202
    number = next((l.literal for l in links if local_name(l.property) == "identifier" and l.literal), None)
    return reader.case_history(number) if number else None


_DATA: dict[str, Callable] = {
    "meeting": lambda r, iri, *_: r.meeting(iri),
    "item": lambda r, iri, *_: r.item(iri),
    "case": _case,
    "body": lambda r, iri, _k, _t, _l, label: r.body(iri, label),
    "kle": lambda r, iri, *_: r.kle(iri),
    **{k: (lambda r, iri, kind, types, links, _label: r.actor(iri, kind, types, links)) for k in ACTOR_KINDS},
}
