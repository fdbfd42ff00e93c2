"""Content negotiation: pick a media type from ``Accept``, a ``format`` parameter or a file suffix.

Two families are offered: SPARQL *results* (SELECT/ASK) and RDF *graphs* (CONSTRUCT/DESCRIBE and
Linked Data documents). A ``format`` parameter or suffix wins over ``Accept``; an ``Accept`` that
names nothing we offer falls back to the family's default (clients such as SPARQLWrapper send
long lists, and a browser's ``*/*`` must still get something).

>>> choose(RESULT_TYPES, "text/csv;q=0.5, application/sparql-results+xml")
'application/sparql-results+xml'
>>> choose(GRAPH_TYPES, None, "ttl")
'text/turtle'
"""

from __future__ import annotations

RESULT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
)
HTML = "text/html"

# Other names clients use for the same formats (value → canonical media type per family).
_RESULT_ALIASES = {
    "json": RESULT_TYPES[0], "application/json": RESULT_TYPES[0], "srj": RESULT_TYPES[0],
    "xml": RESULT_TYPES[1], "application/xml": RESULT_TYPES[1], "text/xml": RESULT_TYPES[1], "srx": RESULT_TYPES[1],
    "csv": RESULT_TYPES[2], "tsv": RESULT_TYPES[3],
}
_GRAPH_ALIASES = {
    "turtle": GRAPH_TYPES[0], "ttl": GRAPH_TYPES[0], "application/x-turtle": GRAPH_TYPES[0],
    "nt": GRAPH_TYPES[1], "ntriples": GRAPH_TYPES[1], "n-triples": GRAPH_TYPES[1], "text/plain": GRAPH_TYPES[1],
    "jsonld": GRAPH_TYPES[2], "json-ld": GRAPH_TYPES[2], "json": GRAPH_TYPES[2], "application/json": GRAPH_TYPES[2],
    "rdfxml": GRAPH_TYPES[3], "rdf": GRAPH_TYPES[3], "xml": GRAPH_TYPES[3], "owl": GRAPH_TYPES[3],
    "application/xml": GRAPH_TYPES[3], "text/xml": GRAPH_TYPES[3],
}
SUFFIXES = {".ttl": GRAPH_TYPES[0], ".nt": GRAPH_TYPES[1], ".jsonld": GRAPH_TYPES[2], ".rdf": GRAPH_TYPES[3],
            ".html": HTML}


class NotAcceptable(ValueError):
    """A ``format`` parameter names no format we offer."""


def parse_accept(accept: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media type, q) pairs, best first; ties keep the client's order."""
    ranges: list[tuple[str, float, int]] = []
    for i, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(t, q) for t, q, _ in ranges if q > 0]


def _alias(offered: tuple[str, ...], name: str) -> str | None:
    name = name.strip().lower()
    if name in offered:
        return name
    aliases = _RESULT_ALIASES if offered is RESULT_TYPES else _GRAPH_ALIASES
    return aliases.get(name)


def choose(offered: tuple[str, ...], accept: str | None, format_param: str | None = None,
           html: bool = False) -> str:
    """The media type to answer with. ``html=True`` also offers text/html (pages)."""
    if format_param:
        chosen = HTML if html and format_param.lower() in ("html", HTML) else _alias(offered, format_param)
        if chosen is None:
            raise NotAcceptable(f"unknown format {format_param!r}; use one of {', '.join(offered)}")
        return chosen
    for media_type, _q in parse_accept(accept):
        if html and media_type in (HTML, "application/xhtml+xml"):
            return HTML
        if media_type in ("*/*", "application/*", "text/*"):
            return offered[0]
        chosen = _alias(offered, media_type)
        if chosen:
            return chosen
    return offered[0]


def prefers_html(accept: str | None) -> bool:
    """True when a browser is asking: text/html ranks above every RDF or results type."""
    for media_type, _q in parse_accept(accept):
        if media_type in (HTML, "application/xhtml+xml"):
            return True
        if media_type in RESULT_TYPES or media_type in GRAPH_TYPES or media_type in _GRAPH_ALIASES:
            return False
    return False
