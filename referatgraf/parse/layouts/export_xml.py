"""Layout ``export-xml``: a meeting system's XML export of the same fields as the JSON one.

Elements and attributes become mapping keys (namespace dropped), repeated children a list, leaf
text a value, so ``<Moede><Udvalg>…</Udvalg><Punkter><Punkt>…`` reads like the JSON export.
Parsing uses defusedxml: DTDs, entity declarations and external references are refused.

>>> from referatgraf.parse.reader import read_bytes
>>> doc = ('<meeting committee="Kulturudvalget"><date>2025-02-03T17:00:00</date>'
...        '<items><item number="1"><title>Budget</title></item></items></meeting>')
>>> src = read_bytes(doc.encode(), "m.xml")
>>> LAYOUT.sniff(src), LAYOUT.parse(src).items[0].title
(0.95, 'Budget')
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from xml.etree.ElementTree import Element, ParseError as XmlSyntaxError, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from referatgraf.parse.errors import ParseError
from referatgraf.parse.export_body import html_to_text
from referatgraf.parse.export_record import DecodedExportLayout
from referatgraf.parse.firstagenda.page import looks_like_html
from referatgraf.parse.layouts import register
from referatgraf.parse.source import SourceText


_HTML_TAGS = {"p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "div", "span", "table", "tr", "td",
              "th", "tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6", "a", "sup", "sub", "font", "hr"}


def element_data(element: Element) -> Any:
    """An element as plain data: text for a leaf or for inline HTML (``<Tekst><p>…</p></Tekst>``),
    else a mapping (repeated children → list)."""
    children = list(element)
    if children and all(_local(c.tag).lower() in _HTML_TAGS for c in children):
        inner = (element.text or "") + "".join(tostring(c, encoding="unicode") for c in children)
        return html_to_text(re.sub(r"\sxmlns(?::\w+)?=\"[^\"]*\"", "", re.sub(r"<(/?)\w+:", r"<\1", inner))).strip()
    if not children and not element.attrib:
        return (element.text or "").strip()
    data: dict[str, Any] = {_local(k): v for k, v in element.attrib.items()}
    for child in children:
        key, value = _local(child.tag), element_data(child)
        if key not in data:
            data[key] = value
        elif isinstance(data[key], list):
            data[key].append(value)
        else:
            data[key] = [data[key], value]
    text = (element.text or "").strip()
    if text:
        data.setdefault("text", text)
    return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# libxml2 (the other XML readers) stops at 256 levels; this reader's own walk stops earlier
MAX_DEPTH = 200
_DECLARED_ENCODING = re.compile(r"^(<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']")


@lru_cache(maxsize=8)
def _load(text: str) -> tuple[Any, ParseError | None]:
    body = text.lstrip("\ufeff").lstrip()
    skipped = text[:len(text) - len(body)].count("\n")  # leading blank lines, for error line numbers
    # The reader has decoded the bytes already: a declared encoding ("ISO-8859-1") no longer applies.
    body = _DECLARED_ENCODING.sub(r"\1", body, count=1)
    try:
        root = fromstring(body.encode("utf-8"), forbid_dtd=True)
    except XmlSyntaxError as exc:
        reason = re.sub(r": line \d+, column \d+$", "", str(exc))  # the error's own line is ours, shifted
        return None, ParseError(f"invalid XML: {reason}", line=exc.position[0] + skipped if exc.position else None)
    except DefusedXmlException as exc:
        return None, ParseError(f"refused XML: {type(exc).__name__} (DTDs and entities are not allowed)")
    if (depth := nesting_depth(root)) > MAX_DEPTH:  # element_data recurses: refuse before it does
        return None, ParseError(f"XML nested {depth} elements deep (at most {MAX_DEPTH}; no meeting export nests "
                                "like that)", line=1 + skipped)
    return {_local(root.tag): element_data(root)}, None


def nesting_depth(root: Element) -> int:
    """How deep elements nest below ``root`` (root alone: 1), counted without recursion.

    >>> nesting_depth(fromstring("<a><b><c/></b><b/></a>"))
    3
    """
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _looks_like_xml(source: SourceText) -> bool:
    first = source.first_content_lines(1)
    # An HTML page (doctype or <html> root, even after a browser's "saved from" comment) is no XML
    # export: HTML readers own it, and it is rarely well-formed XML anyway.
    return (bool(first) and first[0][1].lstrip("\ufeff").startswith("<")
            and not looks_like_html(source.text.lstrip("\ufeff")))


class ExportXmlLayout(DecodedExportLayout):
    name = "export-xml"

    def looks_like(self, source: SourceText) -> bool:
        return _looks_like_xml(source)

    def load(self, text: str) -> tuple[Any, ParseError | None]:
        return _load(text)


LAYOUT = register(ExportXmlLayout())
