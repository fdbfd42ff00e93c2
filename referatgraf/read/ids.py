"""Between request paths and IRIs: the app serves ``{base}id/…`` whatever host it runs on.

A resource's API ``id`` is its IRI path after ``{base}id/`` (``albertslund/meeting/chefforum/
2014-05-15``); its Linked Data document is ``/doc/{id}`` and its IRI ``{base}id/{id}``.

>>> iri_for("https://d.dk/", "albertslund/case/13_13893")
'https://d.dk/id/albertslund/case/13_13893'
>>> local_id("https://d.dk/", "https://d.dk/id/albertslund/case/13_13893")
'albertslund/case/13_13893'
>>> valid_id("x/../y")
False
"""

from __future__ import annotations

import re
from urllib.parse import quote

from referatgraf.graph.iris import Minter
from referatgraf.read.errors import NotFound

# Segments as the Minter writes them: slugs, dates, case segments (percent-encoded), sha256.
_SEGMENT = re.compile(r"^[A-Za-z0-9._~%-]+$")


def id_space(base: str) -> str:
    """Where every minted IRI starts (``void:uriSpace``), as the one minter says.

    >>> id_space("https://d.dk/")
    'https://d.dk/id/'
    """
    return Minter(base).id_space


def valid_id(local: str) -> bool:
    """True when ``local`` is made of safe IRI segments (no '..', no empty segment)."""
    parts = local.split("/")
    return bool(local) and len(local) <= 500 and all(
        _SEGMENT.match(p) and p not in (".", "..") for p in parts)


def iri_for(base: str, local: str) -> str:
    """The IRI of a local id; :class:`NotFound` when the id cannot be one of ours (an id of a
    shape the Minter never writes names nothing, so there is nothing to find).

    The server hands us the path percent-decoded; segments the Minter percent-encoded (a case
    number with "Ø") are encoded again the same way (graph.iris.case_segment).

    >>> iri_for("https://d.dk/", "albertslund/case/EMN-2025-3")
    'https://d.dk/id/albertslund/case/EMN-2025-3'
    >>> iri_for("https://d.dk/", "albertslund/case/ØK-2025-3")
    'https://d.dk/id/albertslund/case/%C3%98K-2025-3'
    >>> iri_for("https://d.dk/", "x/../y")
    Traceback (most recent call last):
    referatgraf.read.errors.NotFound: not a resource id of this dataset: 'x/../y'
    """
    if not local.isascii():
        local = quote(local, safe="/-._~")
    if not valid_id(local):
        raise NotFound(f"not a resource id of this dataset: {local[:80]!r}")
    return f"{id_space(base)}{local}"


def local_id(base: str, iri: str) -> str | None:
    """The local id of one of our IRIs, or None for outside IRIs."""
    prefix = id_space(base)
    return iri[len(prefix):] if iri.startswith(prefix) else None


def doc_path(base: str, iri: str) -> str | None:
    """Site path of the page describing ``iri`` (``/doc/…``), or None for outside IRIs."""
    local = local_id(base, iri)
    return f"/doc/{local}" if local is not None else None


def kind_of(local: str) -> str:
    """The kind of resource a local id names, read from its shape (see graph.iris).

    >>> kind_of("albertslund/meeting/chefforum/2014-05-15/item/3")
    'item'
    >>> kind_of("greve/meeting/byraad/2022-10-27/0745/item/2")
    'item'
    >>> kind_of("kle/00.01")
    'kle'
    """
    parts = local.split("/")
    if parts[0] == "kle":
        return "kle" if len(parts) > 1 else "kle-scheme"
    if parts[0] in ("document", "organisation"):
        return parts[0]
    if len(parts) == 1:
        return "municipality"
    if parts[1] == "meeting":
        # a meeting with a start time has one more segment: .../2022-10-27/0745
        tail = parts[5:] if len(parts) > 4 and parts[4].isdigit() else parts[4:]
        if not tail:
            return "meeting"
        if len(tail) == 2 and tail[0] == "item":
            return "item"
        if len(tail) >= 3:
            return tail[2]  # treatment, decision, attachment, section, recommendation
        return "resource"
    return parts[1]  # body, case, person, post, department
