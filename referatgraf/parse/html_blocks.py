"""HTML → a flat list of blocks (headings and lines of text), read with a real HTML parser (lxml).

Meeting systems publish item text as HTML that word processors wrote: headings at any level,
paragraphs, lists, tables, ``<br>`` line breaks, empty emphasis. Readers want what a person sees:
the headings that start parts, and the lines of text between them, each with the source line it
came from (``sourceline`` of the element, offset by where the HTML sits in the file).

Rules:

- ``h1``–``h6`` outside tables and lists are :class:`Block` ``kind="heading"``; inside a table
  cell or a list item a heading is just text (word processors put them there).
- Block elements (``p``, ``div``, ``li``, ``tr``, headings, ``br``) end a line; inline elements
  (``span``, ``em``, ``b``, ``u`` …) join their text into the current line.
- Items of an ordered list are written "1. …", of a bulleted list "- …", so the recommendation
  reader sees numbered and bulleted points as in plain-text minutes.
- Table cells are joined with a tab; whitespace runs collapse to one space.

>>> [(b.kind, b.text) for b in html_blocks("<h3>Beslutning</h3><span>Godkendt.<br>Fraværende: Bo</span>")]
[('heading', 'Beslutning'), ('text', 'Godkendt.'), ('text', 'Fraværende: Bo')]
>>> [b.text for b in html_blocks("<ol><li>At A</li><li><em>At</em> B</li></ol>")]
['1. At A', '2. At B']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import lxml.html
from lxml import etree

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = _HEADINGS | {"p", "div", "li", "tr", "ul", "ol", "table", "tbody", "thead", "section",
                       "article", "blockquote", "dd", "dt", "dl", "pre", "header", "footer", "nav"}
_SKIP = {"script", "style", "noscript", "template", "head", "title", "button", "svg"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Block:
    """A heading or one line of text. ``element`` is the element that started it (for readers
    that look at classes, e.g. FirstAgenda's ``span.sagsforloeb``); ``underlined``: the whole
    line is inside ``<u>`` (FirstAgenda's "DD-MM-YYYY <body>" treatment lines)."""

    kind: str  # "heading" | "text"
    text: str
    line: int
    element: etree._Element | None = None
    underlined: bool = False
    bold: bool = False  # the whole line is inside <b>/<strong> (a heading typed as a bold paragraph)
    italic: bool = False  # the whole line is inside <i>/<em> (authors' sub-headings inside a field)


def collapse(text: str) -> str:
    """Whitespace runs (including no-break spaces) to one space, stripped.

    >>> collapse("  Økonomiske\\n  konsekvenser\\xa0")
    'Økonomiske konsekvenser'
    """
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()


def parse_fragment(html: str) -> etree._Element:
    """An HTML fragment as one ``div`` element (an empty fragment gives an empty div)."""
    if not html.strip():
        return lxml.html.fragment_fromstring("<div></div>")
    return lxml.html.fragment_fromstring(html, create_parent="div")


def html_blocks(html: str | etree._Element, line_of: Callable[[int | None], int] = lambda n: n or 1) -> list[Block]:
    """The blocks of an HTML fragment (a string) or of an element already parsed.
    ``line_of`` maps an element's ``sourceline`` to a line of the source document."""
    root = parse_fragment(html) if isinstance(html, str) else html
    return list(_Walker(line_of).blocks(root))


class _Walker:
    def __init__(self, line_of: Callable[[int | None], int]) -> None:
        self.line_of = line_of
        self.parts: list[str] = []
        self.line = 1
        self.element: etree._Element | None = None
        self.all_underlined = True
        self.all_bold = True
        self.all_italic = True
        self.out: list[Block] = []

    def blocks(self, root: etree._Element) -> Iterator[Block]:
        self.visit(root, in_cell=False, underline=False)
        self.flush()
        return iter(self.out)

    def flush(self) -> None:
        text = collapse("".join(self.parts))
        if text:
            self.out.append(Block("text", text, self.line, self.element, self.all_underlined, self.all_bold,
                                  self.all_italic))
        self.parts, self.element = [], None
        self.all_underlined = self.all_bold = self.all_italic = True

    def add_text(self, text: str | None, el: etree._Element, underline: bool, bold: bool, italic: bool) -> None:
        if not text:
            return
        if not self.parts or not collapse("".join(self.parts)):
            self.line, self.element = self.line_of(el.sourceline), el
        if text.strip():
            self.all_underlined = self.all_underlined and underline
            self.all_bold = self.all_bold and bold
            self.all_italic = self.all_italic and italic
        self.parts.append(text)

    def visit(self, el: etree._Element, in_cell: bool, underline: bool, bold: bool = False,
              italic: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP or not tag:
            return
        if tag == "br":
            self.flush()
            return
        if tag in _HEADINGS and not in_cell:
            self.flush()
            text = collapse(el.text_content())
            if text:
                styled = lambda *tags: collapse("".join(t for e in el.iter(*tags) for t in e.itertext())) == text  # noqa: E731
                self.out.append(Block("heading", text, self.line_of(el.sourceline), el,
                                      bold=styled("b", "strong"), italic=styled("i", "em")))
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        if tag == "li":
            self.line, self.element = self.line_of(el.sourceline), el
            self.parts.append(_list_marker(el))
        underline, bold, italic = underline or tag == "u", bold or tag in ("b", "strong"), italic or tag in ("i", "em")
        self.add_text(el.text, el, underline, bold, italic)
        for child in el:
            self.visit(child, in_cell or tag in ("td", "th", "li"), underline, bold, italic)
            if tag == "tr" and child.tag in ("td", "th"):
                self.parts.append("\t")
            self.add_text(child.tail, el, underline, bold, italic)
        if block:
            self.flush()


def _list_marker(li: etree._Element) -> str:
    parent = li.getparent()
    if parent is None or parent.tag != "ol":
        return "- "
    siblings = [c for c in parent if c.tag == "li"]
    start = parent.get("start")
    first = int(start) if start and start.isdigit() else 1
    return f"{first + siblings.index(li)}. "
