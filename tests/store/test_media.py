"""store.media: every entry of the one media-type registry is reachable by Accept, by a
``format=`` alias and by a suffix; unknown names are clear errors; what we serialise parses back."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from referatgraf.store import media
from referatgraf.store.base import StoreError
from referatgraf.store.dump import FORMATS
from referatgraf.web import conneg

ENTRIES = {m.name: m for m in media.REGISTRY}
OFFERED = {"results": conneg.RESULT_TYPES, "graph": conneg.GRAPH_TYPES}


@pytest.mark.parametrize("entry", media.REGISTRY, ids=lambda m: m.name)
def test_every_entry_by_accept_alias_and_suffix(entry: media.MediaType) -> None:
    families = (entry.family,)
    assert media.best(f"image/png, {entry.name};q=0.9", families) is entry
    assert media.for_accept(entry.name.upper(), families) is entry
    for alias in entry.aliases:
        assert media.get(alias, families) is entry
    for suffix in entry.suffixes:
        assert media.by_suffix(suffix, families) is entry
    assert entry.suffixes and entry.aliases


@pytest.mark.parametrize("entry", [m for m in media.REGISTRY if m.family != "quads"], ids=lambda m: m.name)
def test_every_results_and_graph_entry_is_negotiated_by_the_endpoint(entry: media.MediaType) -> None:
    offered = OFFERED[entry.family]
    assert conneg.choose(offered, entry.name) == entry.name
    assert conneg.choose(offered, f"{entry.name};q=0.1, text/html;q=0.05") == entry.name
    for alias in entry.aliases:
        assert conneg.choose(offered, "text/turtle", alias) == entry.name  # format= wins over Accept
    if entry.family == "graph":
        assert conneg.SUFFIXES[entry.suffixes[0]] == entry.name


def test_the_registry_agrees_with_pyoxigraph() -> None:
    for entry in media.REGISTRY:
        written = entry.format.media_type.split(";")[0]
        # the one exception: N3 is answered with Turtle, a subset of N3
        assert written == entry.name or (entry.name, written) == ("text/n3", "text/turtle")
        assert (entry.family == "results") is isinstance(entry.format, ox.QueryResultsFormat)
        assert entry.family != "quads" or entry.format.supports_datasets
    assert len(ENTRIES) == len(media.REGISTRY)


def test_family_defaults_come_first() -> None:
    assert [media.family(f)[0].name for f in (media.RESULTS, media.GRAPH, media.QUADS)] == [
        "application/sparql-results+json", "text/turtle", "application/n-quads"]
    assert media.best("*/*", media.GRAPH).name == "text/turtle"
    assert media.for_accept("", media.RESULTS).name == "application/sparql-results+json"


def test_aliases_are_read_within_a_family() -> None:
    assert media.get("json", media.RESULTS).name == "application/sparql-results+json"
    assert media.get("json", media.GRAPH).name == "application/ld+json"
    assert media.get("application/xml", media.GRAPH).name == "application/rdf+xml"
    assert media.lookup("text/turtle; charset=utf-8").name == "text/turtle"


@pytest.mark.parametrize("name", ["png", "image/png", "application/n-quads", ".ttl", ""])
def test_unknown_names_are_clear_errors(name: str) -> None:
    with pytest.raises(media.UnknownMediaType, match="unknown format") as caught:
        media.get(name, media.RESULTS)
    assert "application/sparql-results+json" in str(caught.value)  # says what is offered
    assert isinstance(caught.value, StoreError) and isinstance(caught.value, ValueError)
    assert media.by_suffix(".png") is None and media.best("image/png", media.GRAPH) is None
    with pytest.raises(media.UnknownMediaType, match="cannot produce"):
        media.for_accept("image/png", media.GRAPH)
    with pytest.raises(conneg.NotAcceptable, match="unknown format 'png'"):
        conneg.choose(conneg.GRAPH_TYPES, None, "png")


@pytest.mark.parametrize("entry", media.family(media.RESULTS), ids=lambda m: m.name)
def test_results_convert_to_every_results_type(entry: media.MediaType) -> None:
    body = ox.Store().query("SELECT ?x WHERE { VALUES ?x { 1 } }").serialize(format=ox.QueryResultsFormat.JSON)
    out = media.convert_results(body, "application/sparql-results+json", entry.name)
    if entry.name == "text/csv":  # lossy: pyoxigraph does not read CSV back
        assert out.splitlines() == [b"x", b"1"]
    else:
        assert list(ox.parse_query_results(out, format=entry.format))


@pytest.mark.parametrize("entry", media.family(media.GRAPH + media.QUADS), ids=lambda m: m.name)
def test_dumps_in_every_graph_and_quad_type(entry: media.MediaType) -> None:
    store = ox.Store()
    s, p, g = (ox.NamedNode(f"http://example.org/{x}") for x in "spg")
    store.add(ox.Quad(s, p, ox.Literal("ø"), g))
    out = media.dump_store(store, entry.name)
    parsed = list(ox.parse(out, format=entry.format))
    assert len(parsed) == 1 and parsed[0].object == ox.Literal("ø")
    assert FORMATS[entry.suffixes[0].lstrip(".")] == entry.name  # the CLI's export names
