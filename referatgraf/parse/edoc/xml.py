"""eDoc's agenda-publishing XML and the text of its ``FullText`` elements.

eDoc writes the text of Word documents into ``FullText``, page breaks and all: the file is
repaired and parsed by the rules every ESDH export shares (:mod:`referatgraf.parse.xml_text`).

>>> from referatgraf.parse.xml_text import repair
>>> text, warnings = repair('<Meeting>\\n<FullText>a&#xC;b</FullText>\\n</Meeting>')
>>> text.splitlines()[1], [(w.code, w.line) for w in warnings]
('<FullText>a b</FullText>', [('control-character', 2)])
>>> root = parse_xml(text, "m.xml")
>>> text_lines(root.find("FullText"))
[(2, 'a b')]
"""

from __future__ import annotations

from lxml import etree

from referatgraf.parse import xml_text
from referatgraf.parse.edoc.text import Line, numbered


def parse_xml(text: str, file: str) -> etree._Element:
    """The root element of repaired eDoc XML text (see :func:`referatgraf.parse.xml_text.parse_xml`)."""
    return xml_text.parse_xml(text, file, "eDoc XML")


def child_text(element: etree._Element | None, path: str) -> str:
    """The whitespace-collapsed text at ``path`` below ``element`` ("" when absent)."""
    found = element.find(path) if element is not None else None
    return " ".join((found.text or "").split()) if found is not None else ""


def text_lines(element: etree._Element | None) -> list[Line]:
    """The lines of a ``FullText`` element, numbered as the lines of the file (the text starts
    on the line of its start tag)."""
    text = "".join(element.itertext()) if element is not None else ""
    return numbered(text.split("\n"), first=element.sourceline or 1) if text else []
