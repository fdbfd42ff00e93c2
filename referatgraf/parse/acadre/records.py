"""Acadre's XML: records of its database tables, read with lxml.

Every record is a ``table`` element named after its table, holding ``fields`` with one
``field name="…"`` per column, and the records below it (its child tables)::

    root
      table agenda                 name ("Referat" / "Dagsorden")
        table committee            name (the body)
        table meeting              sysid, name, date "2013-06-20 10:30", location, address
          table meetmember / table member    name "Jesper  Mathiesen (A)", absent "0"/"1"
        table agendaitemparents    sort: the item's running number ("715")
          table agendaitem         name (title), caseno, access/accessname, absent, excuse
            table bullet           bulletname (the field's heading), bulletcontent (its HTML),
                                   bulletsortorder
            table enclosure        name (the attachment's title), sort
      agendaData                   the publication's settings (startAgendaItemNo …)

A record or field the reader needs that is missing is an error naming the file and the line of
the record that lacks it.

>>> root = etree.fromstring(b'<root><table name="agenda"><fields><field name="name">Referat</field>'
...     b'</fields><table name="committee"><fields><field name="name">Udvalget</field></fields></table></table></root>')
>>> agenda = child(root, "agenda", "m.xml")
>>> value(agenda, "name"), value(child(agenda, "committee", "m.xml"), "name", required="m.xml")
('Referat', 'Udvalget')
>>> value(agenda, "date", required="m.xml")  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
ParseError: m.xml:1: Acadre 'agenda' record without its 'date' field
"""

from __future__ import annotations

from lxml import etree

from referatgraf.parse import xml_text
from referatgraf.parse.errors import ParseError


def parse_xml(text: str, file: str) -> etree._Element:
    """The root element of Acadre XML text (see :func:`referatgraf.parse.xml_text.parse_xml`)."""
    return xml_text.parse_xml(text, file, "Acadre XML")


def records(element: etree._Element, name: str) -> list[etree._Element]:
    """The child records of ``element`` from table ``name``, in document order."""
    return [c for c in element if c.tag == "table" and c.get("name") == name]


def descendants(element: etree._Element, name: str) -> list[etree._Element]:
    """Every record of table ``name`` below ``element``, in document order."""
    return [c for c in element.iter("table") if c is not element and c.get("name") == name]


def child(element: etree._Element, name: str, file: str) -> etree._Element:
    """The one child record of table ``name``; its absence is an error naming the parent's line."""
    found = records(element, name)
    if not found:
        raise ParseError(f"Acadre '{element.get('name') or element.tag}' record without its '{name}' record",
                         file=file, line=element.sourceline)
    return found[0]


def field_element(record: etree._Element, name: str) -> etree._Element | None:
    """The record's own field ``name`` (not a child record's)."""
    fields = record.find("fields")
    if fields is None:
        return None
    return next((f for f in fields if f.tag == "field" and f.get("name") == name), None)


def value(record: etree._Element, name: str, required: str | None = None) -> str:
    """The field's text, whitespace collapsed ("" when empty or absent). With ``required`` (the
    file name), an absent or empty field is an error naming the record's line."""
    found = field_element(record, name)
    text = " ".join("".join(found.itertext()).split()) if found is not None else ""
    if required is not None and not text:
        what = "without its" if found is None else "with an empty"
        raise ParseError(f"Acadre '{record.get('name')}' record {what} '{name}' field", file=required,
                         line=(found if found is not None else record).sourceline)
    return text


def raw_value(record: etree._Element, name: str) -> tuple[str, int]:
    """The field's text as written (HTML content keeps its line breaks) and the line it starts on."""
    found = field_element(record, name)
    if found is None:
        return "", record.sourceline or 1
    return "".join(found.itertext()), found.sourceline or record.sourceline or 1


def last_line(element: etree._Element) -> int:
    """The last line the element's content reaches (for an item's line span)."""
    last = element.sourceline or 1
    for e in element.iter():
        text = "".join(t for t in (e.text, e.tail if e is not element else None) if t)
        last = max(last, (e.sourceline or 1) + text.count("\n"))
    return last
