"""XML as the ESDH systems export it (eDoc, Acadre, SBSYS): repaired, then parsed safely.

Exports carry the text of Word documents — page breaks and all, as character references such as
``&#xC;`` (form feed) that XML 1.0 forbids, so a strict parser refuses the whole file. Such
characters (raw or as references) are replaced by a space and reported as one warning per
line (:func:`repair`). :func:`parse_xml` then parses with lxml and the safe settings every
reader shares: DTDs and entity declarations refused, no entity expansion, no network, no huge
trees. A file broken otherwise is an error naming the file and the line.

>>> text, warnings = repair('<Meeting>\\n<FullText>a&#xC;b</FullText>\\n</Meeting>')
>>> text.splitlines()[1], [(w.code, w.line) for w in warnings]
('<FullText>a b</FullText>', [('control-character', 2)])
>>> parse_xml(text, "m.xml", "eDoc").findtext("FullText")
'a b'
>>> parse_xml('<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>', "m.xml", "eDoc")
Traceback (most recent call last):
referatgraf.parse.errors.ParseError: m.xml:1: refused XML: a DTD or entity declaration (not allowed)
>>> parse_xml("<a>" * 300 + "</a>" * 300, "m.xml", "eDoc")
Traceback (most recent call last):
referatgraf.parse.errors.ParseError: m.xml:1: invalid eDoc: elements nested more than 256 levels deep (refused)
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable

from lxml import etree

from referatgraf.parse.errors import ParseError
from referatgraf.parse.model import ParseWarning

_RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_REFERENCE = re.compile(r"&#(?:x(?P<hex>[0-9A-Fa-f]{1,8})|(?P<dec>[0-9]{1,10}));")
_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_DOCTYPE = re.compile(r"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_NAMES = {0x9: "tab", 0xC: "form feed", 0xB: "vertical tab", 0x0: "NUL", 0x1B: "escape"}
_MAX_WARNINGS = 10
_MAX_DEPTH = 256  # libxml2's limit without huge_tree


def _allowed(code: int) -> bool:
    """XML 1.0's Char production."""
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def repair(text: str) -> tuple[str, list[ParseWarning]]:
    """``text`` with the characters XML 1.0 forbids replaced by a space, and the warnings.
    A replacement never removes a newline, so line numbers stay those of the source."""
    found: Counter[tuple[int, str]] = Counter()

    def replace(pattern: re.Pattern[str], string: str, code_of: Callable[[re.Match[str]], int]) -> str:
        if pattern.search(string) is None:
            return string
        newlines = [k for k, char in enumerate(string) if char == "\n"]

        def one(m: re.Match[str]) -> str:
            code = code_of(m)
            if _allowed(code):
                return m[0]
            found[(bisect.bisect_left(newlines, m.start()) + 1, _describe(code))] += 1
            return " "

        return pattern.sub(one, string)

    repaired = replace(_REFERENCE, text, lambda m: int(m["hex"], 16) if m["hex"] else int(m["dec"]))
    return replace(_RAW_FORBIDDEN, repaired, lambda m: ord(m[0])), _warnings(found)


def _describe(code: int) -> str:
    name = _NAMES.get(code, "control character")
    return f"U+{code:04X} {name}"


def _warnings(found: Counter[tuple[int, str]]) -> list[ParseWarning]:
    by_line: dict[int, list[str]] = {}
    for (line, what), n in sorted(found.items()):
        by_line.setdefault(line, []).append(f"{n} × {what}")
    out = [ParseWarning(code="control-character", line=line,
                        message=f"line {line}: replaced {', '.join(whats)} (not allowed in XML 1.0) with a space")
           for line, whats in list(by_line.items())[:_MAX_WARNINGS]]
    if len(by_line) > _MAX_WARNINGS:
        out.append(ParseWarning(code="control-character", line=None,
                                message=f"and on {len(by_line) - _MAX_WARNINGS} more lines"))
    return out


def parse_xml(text: str, file: str, system: str) -> etree._Element:
    """The root element of an export's XML text; ``system`` names the export in errors
    ("invalid Acadre XML: …"). DTDs and entities are refused before lxml sees the text."""
    if (doctype := _DOCTYPE.search(text[:5000])) is not None:
        raise ParseError("refused XML: a DTD or entity declaration (not allowed)", file=file,
                         line=text.count("\n", 0, doctype.start()) + 1)
    # The reader has decoded the bytes already: the declaration (and any encoding it names) no
    # longer applies. Blanking it keeps the line numbers.
    body = _DECLARATION.sub(lambda m: "\n" * m[0].count("\n"), text, count=1)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(body.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        message = re.sub(r",? line \d+, column \d+$", "", str(exc.msg or exc))
        if message.startswith("Excessive depth"):  # lxml names an option the user cannot set
            message = f"elements nested more than {_MAX_DEPTH} levels deep (refused)"
        raise ParseError(f"invalid {system}: {message}", file=file, line=exc.lineno) from None
