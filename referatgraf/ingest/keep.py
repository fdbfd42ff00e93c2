"""Never replace good data with worse: the check a re-ingest passes before it replaces a graph.

A document's graph (its identity in the store: graph.mapping.graph_iri, one per meeting) may
already hold a version of the meeting. The new version replaces it only when it loses nothing
the stored one has; it is refused (:class:`WouldLoseData`, saying what would be lost) when it has

- fewer agenda items (the missing ones are named with their number and title),
- fewer sections, or
- a parse marked incomplete (the document ends in the middle of an item) where the stored one is
  complete.

``force`` (CLI ``--force``, upload ``force=true``) replaces anyway. The check reads the stored
graph once (ingest.indexing reuses the same read to roll back); both versions are counted by the
one function :func:`contents_of`, from their triples, so the rule cannot drift between them.

>>> from rdflib import Literal, URIRef
>>> from referatgraf.ontology.vocab import BESLUIT, DCTERMS, RDF, RG
>>> def item(n): return [(URIRef(f"i{n}"), RDF.type, BESLUIT.Agendapunt), (URIRef(f"i{n}"), DCTERMS.title, Literal(f"T{n}"))]
>>> stored = contents_of(item(1) + item(2) + item(3))
>>> losses(stored, contents_of(item(1)))
['2 of 3 agenda items would be removed: T2; T3']
>>> losses(stored, stored)
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal
from rdflib.term import Node

from referatgraf.errors import ReferatgrafError
from referatgraf.ontology.vocab import BESLUIT, DCTERMS, RDF, RG, SDO

_NAMED = 5  # missing items named in the message; the rest are counted


class WouldLoseData(ReferatgrafError):
    """A re-ingest refused because the new version has less than the stored one."""

    def __init__(self, name: str, graph: str, lost: list[str]) -> None:
        self.name, self.graph, self.lost = name, graph, lost
        super().__init__(f"{name}: not stored, the stored version of this meeting ({graph}) has more: "
                         f"{'; '.join(lost)}; the store and the index are unchanged "
                         "(--force, or force=true on upload, replaces it anyway)")


@dataclass(frozen=True)
class Contents:
    """What a meeting's graph holds, as far as the check counts it."""

    items: dict[Node, str]  # item node -> "number title"
    sections: int
    complete: bool | None  # None: the graph does not say


def contents_of(triples: Iterable[tuple[Node, Node, Node]]) -> Contents:
    """Count a meeting graph's items (with their labels), sections and completeness."""
    items: set[Node] = set()
    values: dict[tuple[Node, Node], object] = {}
    sections, complete = 0, None
    for s, p, o in triples:
        if p == RDF.type and o == BESLUIT.Agendapunt:
            items.add(s)
        elif p == RDF.type and o == RG.Section:
            sections += 1
        elif p in _LABEL_PARTS:
            values[s, p] = o.toPython() if isinstance(o, Literal) else o
        elif p == RG.complete and isinstance(o, Literal):
            complete = bool(o.toPython())
    order = sorted(items, key=lambda i: (_position(values.get((i, SDO.position))), str(i)))
    return Contents({i: _label(values.get((i, RG.itemNumber)), values.get((i, DCTERMS.title))) for i in order},
                    sections, complete)


_LABEL_PARTS = (DCTERMS.title, RG.itemNumber, SDO.position)


def _position(value: object) -> int:
    return value if isinstance(value, int) else 1 << 30


def _label(number: object, title: object) -> str:
    return " ".join(str(v) for v in (number, title) if v) or "(untitled)"


def losses(stored: Contents, new: Contents) -> list[str]:
    """What replacing ``stored`` by ``new`` would lose, one phrase each; [] when nothing."""
    lost = []
    if len(new.items) < len(stored.items):
        gone = [label for node, label in stored.items.items() if node not in new.items]
        named = "; ".join(gone[:_NAMED]) + (f"; and {len(gone) - _NAMED} more" if len(gone) > _NAMED else "")
        count = len(stored.items) - len(new.items)
        lost.append(f"{count} of {len(stored.items)} agenda items would be removed" + (f": {named}" if gone else ""))
    if new.sections < stored.sections:
        lost.append(f"{stored.sections - new.sections} of {stored.sections} sections would be removed")
    if new.complete is False and stored.complete is not False and stored.items:
        lost.append("the new version is marked incomplete (it ends in the middle of an item), the stored one is not")
    return lost


def check_replacement(name: str, graph: str, stored: list, new: Iterable[tuple[Node, Node, Node]]) -> None:
    """Raise :class:`WouldLoseData` when the ``new`` triples of ``graph`` lose what the
    ``stored`` ones have; nothing stored yet passes."""
    if not stored:
        return
    lost = losses(contents_of(stored), contents_of(new))
    if lost:
        raise WouldLoseData(name, graph, lost)
