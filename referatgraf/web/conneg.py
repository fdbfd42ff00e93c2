"""Content negotiation: pick a media type from ``Accept``, a ``format`` parameter or a file suffix.

Two families are offered: SPARQL *results* (SELECT/ASK) and RDF *graphs* (CONSTRUCT/DESCRIBE and
Linked Data documents); the media types, their aliases and suffixes are the registry of
:mod:`referatgraf.store.media`. A ``format`` parameter or suffix wins over ``Accept``; no
``Accept`` or a wildcard (a browser's ``*/*``) gets the family's default. An ``Accept`` that
names nothing we offer also gets the default, unless ``strict`` (Linked Data documents): then
:class:`NotAcceptable`, which names what :func:`available` lists, and the client gets ``406``.

>>> choose(RESULT_TYPES, "text/csv;q=0.5, application/sparql-results+xml")
'application/sparql-results+xml'
>>> choose(GRAPH_TYPES, None, "ttl")
'text/turtle'
>>> choose(GRAPH_TYPES, "image/png", strict=True)
Traceback (most recent call last):
...
referatgraf.web.conneg.NotAcceptable: cannot serve 'image/png'; available: text/turtle, ...
"""

from __future__ import annotations

from referatgraf.store import media
from referatgraf.store.media import parse_accept

__all__ = ["FormatConflict", "GRAPH_TYPES", "HTML", "NotAcceptable", "RESULT_TYPES", "SUFFIXES", "agreed_format",
           "available", "choose", "parse_accept", "prefers_html"]

RESULT_TYPES = tuple(m.name for m in media.family(media.RESULTS))
GRAPH_TYPES = tuple(m.name for m in media.family(media.GRAPH))
HTML = "text/html"
_HTML_NAMES = (HTML, "application/xhtml+xml")
#: Linked Data document suffixes (``/doc/x.ttl``), each graph format's first suffix, then .html
SUFFIXES = {**{m.suffixes[0]: m.name for m in media.family(media.GRAPH)}, ".html": HTML}


class NotAcceptable(ValueError):
    """A ``format`` parameter (or, when strict, an ``Accept``) names no format we offer."""

    def __init__(self, message: str, offered: tuple[str, ...]) -> None:
        super().__init__(message)
        self.offered = offered


class FormatConflict(ValueError):
    """Repeated ``format``/``output`` parameters that name different formats."""


def agreed_format(values: list[str], offered: tuple[str, ...]) -> str | None:
    """The one format that repeated ``format``/``output`` parameters name, or None when none is
    given. SPARQLWrapper sends each twice: as its name and as its Accept list
    (``json-ld`` and ``application/ld+json,application/x-json+ld``); a list names the first
    entry we offer. Empty values are ignored; an unknown name is :class:`NotAcceptable`; names
    of different formats are :class:`FormatConflict`.

    >>> agreed_format(["tsv", "text/tab-separated-values", ""], RESULT_TYPES)
    'text/tab-separated-values'
    >>> agreed_format(["json-ld", "application/ld+json,application/x-json+ld"], GRAPH_TYPES)
    'application/ld+json'
    >>> agreed_format(["json", "xml"], RESULT_TYPES)
    Traceback (most recent call last):
    ...
    referatgraf.web.conneg.FormatConflict: the format/output parameters name different formats (json, xml); send one
    """
    named: dict[str, str] = {}
    for value in (v.strip() for v in values):
        if value:
            named.setdefault(_format_named(value, offered), value)
    if len(named) > 1:
        raise FormatConflict(f"the format/output parameters name different formats ({', '.join(named.values())}); "
                             "send one")
    return next(iter(named), None)


def _format_named(value: str, offered: tuple[str, ...]) -> str:
    """The media type one ``format`` value names: a name, an alias, or a list of media types."""
    found = media.best(value, _families(offered)) if "," in value else None
    return found.name if found else choose(offered, None, value)


def available(offered: tuple[str, ...], html: bool = False) -> tuple[str, ...]:
    """The media types a resource can be had in: text/html first for pages, then ``offered``.

    >>> available(GRAPH_TYPES, html=True)[:2]
    ('text/html', 'text/turtle')
    """
    return (HTML, *offered) if html else offered


def _families(offered: tuple[str, ...]) -> tuple[str, ...]:
    return (media.get(offered[0]).family,)


def choose(offered: tuple[str, ...], accept: str | None, format_param: str | None = None,
           html: bool = False, strict: bool = False) -> str:
    """The media type to answer with, from ``offered`` (:data:`RESULT_TYPES` or
    :data:`GRAPH_TYPES`). ``html=True`` also offers text/html (pages); ``strict=True`` refuses
    an ``Accept`` that names nothing offered instead of falling back to the default."""
    families = _families(offered)
    if format_param:
        if html and format_param.lower() in ("html", HTML):
            return HTML
        chosen = media.lookup(format_param, families)
        if chosen is None:
            raise NotAcceptable(f"unknown format {format_param!r}; use one of {', '.join(offered)}",
                                available(offered, html))
        return chosen.name
    if html and any(t in _HTML_NAMES for t, _q in _until_offered(accept, families)):
        return HTML
    found = media.best(accept, families)
    if found is None and strict and parse_accept(accept):
        raise NotAcceptable(f"cannot serve {accept!r}; available: {', '.join(available(offered, html))}",
                            available(offered, html))
    return found.name if found else offered[0]


def _until_offered(accept: str | None, families: tuple[str, ...],
                   wildcards: bool = True) -> list[tuple[str, float]]:
    """The Accept ranges ranked above the first one we can answer (a wildcard counts as one)."""
    ranked = parse_accept(accept)
    for i, (media_type, _q) in enumerate(ranked):
        if (wildcards and media_type in media.WILDCARDS) or media.lookup(media_type, families):
            return ranked[:i]
    return ranked


def prefers_html(accept: str | None) -> bool:
    """True when a browser is asking: text/html ranks above every RDF or results type.

    >>> prefers_html("text/html,application/xhtml+xml,*/*;q=0.8"), prefers_html("text/turtle, text/html")
    (True, False)
    """
    return any(t in _HTML_NAMES for t, _q in _until_offered(accept, media.RESULTS + media.GRAPH, wildcards=False))
