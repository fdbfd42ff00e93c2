"""The publication XML read tolerantly, and the small helpers its readers use.

Characters XML 1.0 forbids (a form feed pasted from Word, a stray control byte) are replaced by
a space and reported as warnings (the rule :func:`referatgraf.parse.xml_text.repair` implements
for every ESDH export); then lxml parses the text (no DTD, no entities, no network). A file
broken otherwise is an error naming the file and the line. Namespaces are dropped: the
skeleton some bridges write declares ``xsd``/``xsi`` prefixes, others may add a default one.

SBSYS writes values in CDATA sections and booleans as "True"/"False" (the skeleton: "true").

>>> root, warnings = parse_publication('<Publication>\\n<A><B><![CDATA[ x\\x0c y ]]></B><C>True</C></A>'
...                                    '</Publication>', "p.xml")
>>> text_at(root, "A/B"), flag(root, "A/C"), [w.line for w in warnings]
('x y', True, [2])
>>> end_line(root)
2
"""

from __future__ import annotations

from lxml import etree

from referatgraf.parse.model import ParseWarning
from referatgraf.parse.xml_text import parse_xml, repair


def parse_publication(text: str, file: str) -> tuple[etree._Element, list[ParseWarning]]:
    """The root element of the publication text (namespaces dropped) and the repair warnings."""
    repaired, warnings = repair(text)
    root = parse_xml(repaired, file, "SBSYS publication XML")
    _drop_namespaces(root)
    return root, warnings


def _drop_namespaces(root: etree._Element) -> None:
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = etree.QName(element).localname


def text_at(element: etree._Element | None, path: str) -> str:
    """The whitespace-collapsed text at ``path`` below ``element`` ("" when absent)."""
    found = element.find(path) if element is not None else None
    return " ".join((found.text or "").replace("\xa0", " ").split()) if found is not None else ""


def raw_at(element: etree._Element | None, path: str) -> str:
    """The text at ``path`` as written (HTML content keeps its markup and line breaks)."""
    found = element.find(path) if element is not None else None
    return (found.text or "") if found is not None else ""


def flag(element: etree._Element | None, path: str) -> bool | None:
    """A "True"/"False" value (any case), None when absent or neither."""
    value = text_at(element, path).casefold()
    return True if value == "true" else False if value == "false" else None


def line_of(element: etree._Element | None, path: str | None = None) -> int | None:
    """The line where ``path`` below ``element`` (or ``element`` itself) starts."""
    found = element.find(path) if element is not None and path else element
    return found.sourceline if found is not None else None


def end_line(element: etree._Element) -> int:
    """The last line ``element`` reaches: its descendants' start lines and multi-line text."""
    return max((e.sourceline or 0) + (e.text or "").count("\n") for e in element.iter())
