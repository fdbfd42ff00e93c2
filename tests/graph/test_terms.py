"""Both term kinds write the same quads: the mapper with pyoxigraph terms (ingest) and with
rdflib terms (golden graphs, SHACL) give equal N-Triples for real, generated and hand-made meetings."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib.namespace import XSD

from conftest import SEED_FILES
from graph_fixtures import BASE, small_meeting
from referatgraf.extract import extract
from referatgraf.graph.iris import Minter
from referatgraf.graph.mapping import map_meeting
from referatgraf.graph.quads import triple_lines
from referatgraf.graph.terms import OXIGRAPH, RDFLIB, QuadSink
from referatgraf.parse import parse_bytes, parse_file
from referatgraf.settings import Settings
from referatgraf.synth.corpus import iter_documents
from referatgraf.synth.layouts import LAYOUTS


def canonical(triples) -> set[str]:  # noqa: ANN001
    """Triples as Oxigraph reads them back from N-Triples: one canonical text per triple."""
    text = "".join(triple_lines(triples)).encode("utf-8")
    return {str(t) for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)}


def both(meeting, municipality: str) -> tuple[set[str], set[str]]:  # noqa: ANN001
    minter, extraction = Minter(BASE, municipality), extract(meeting, Settings(municipality=municipality))
    rdflib_graph = map_meeting(meeting, extraction, minter)
    oxigraph_triples = map_meeting(meeting, extraction, minter, QuadSink(), OXIGRAPH)
    assert all(isinstance(term, (ox.NamedNode, ox.Literal)) for t in oxigraph_triples for term in t)
    return canonical(rdflib_graph), canonical(oxigraph_triples)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seeds_map_to_the_same_quads(path) -> None:  # noqa: ANN001
    rdflib_side, ox_side = both(parse_file(path, municipality="Albertslund"), "Albertslund")
    assert rdflib_side == ox_side and len(ox_side) > 300


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_meetings_map_to_the_same_quads(layout: str) -> None:
    for document in iter_documents(4, seed=11, layout=layout):
        meeting = parse_bytes(document.content, document.name, municipality="Egebjerg")
        rdflib_side, ox_side = both(meeting, "Egebjerg")
        assert rdflib_side == ox_side, (document.name, sorted(rdflib_side ^ ox_side)[:5])


def test_hand_made_meeting_with_times_maps_to_the_same_quads() -> None:
    meeting = small_meeting("referat")
    assert meeting.start_time and any(i.planned_start for i in meeting.items)
    rdflib_side, ox_side = both(meeting, "Eksempelby")
    assert rdflib_side == ox_side


@pytest.mark.parametrize("lexical, datatype", [
    ("2017-05-18", XSD.date), ("1500.50", XSD.decimal), ("007", XSD.decimal), ("1.5", XSD.decimal),
    ("2014-05-15T09:00:00+02:00", XSD.dateTime), ("not a date", XSD.date), ("2017-5-8", XSD.date),
])
def test_typed_literals_keep_rdflibs_lexical_form(lexical: str, datatype) -> None:  # noqa: ANN001
    assert canonical([(RDFLIB.iri("http://s/"), RDFLIB.iri("http://p/"), RDFLIB.typed(lexical, datatype))]) == \
        canonical([(OXIGRAPH.iri("http://s/"), OXIGRAPH.iri("http://p/"), OXIGRAPH.typed(lexical, datatype))])


def test_texts_with_control_characters_and_quotes_survive() -> None:
    text = 'Byråd "A"\n\tline\\two\r\x01'
    for lang in (None, "da"):
        a = canonical([(RDFLIB.iri("http://s/"), RDFLIB.iri("http://p/"), RDFLIB.text(text, lang))])
        b = canonical([(OXIGRAPH.iri("http://s/"), OXIGRAPH.iri("http://p/"), OXIGRAPH.text(text, lang))])
        assert a == b and len(a) == 1


def test_integers_and_booleans_agree() -> None:
    for make in ("integer", "boolean"):
        value = 42 if make == "integer" else False
        a = canonical([(RDFLIB.iri("http://s/"), RDFLIB.iri("http://p/"), getattr(RDFLIB, make)(value))])
        b = canonical([(OXIGRAPH.iri("http://s/"), OXIGRAPH.iri("http://p/"), getattr(OXIGRAPH, make)(value))])
        assert a == b

