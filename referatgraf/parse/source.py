"""What a document's text is once decoded: :class:`SourceText`, and the decoding rules for text.

Every later stage cites the source through these lines (1-based numbers refer to them). Text is
UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252/latin-1 when the bytes show it (the rule
is written by :func:`_is_single_byte_danish`); invalid UTF-8 is otherwise refused with its line and
byte offset, binary junk with the line it starts on, and a few stray control characters are
repaired and reported.

>>> decode_text("Mødelokale 2".encode("cp1252"), "x.txt")
('Mødelokale 2', 'cp1252')
>>> decode_text(b"Punkt 1: Budget\\n\\xff\\xfe\\xfa\\xfb", "y.txt")
Traceback (most recent call last):
referatgraf.parse.errors.ParseError: y.txt:2: undecodable text: invalid UTF-8 (byte 0xFF at byte offset 16); not UTF-8, and neither a declared charset nor Danish letters (æ, ø, å) in cp1252 or latin-1 say it is a single-byte encoding
>>> SourceText("x.txt", "0" * 64, "text/plain", "utf-8", ["REFERAT", "Punkt 1: A"]).line(2)
'Punkt 1: A'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from referatgraf.parse.errors import ParseError


@dataclass
class SourceText:
    """Decoded document text. ``lines[0]`` is line 1. For a PDF, ``styles`` gives each line's
    font size and weight (:class:`referatgraf.parse.pdf.LineStyle`, None where unknown); None
    for text files and PDFs whose typography could not be read."""

    name: str
    sha256: str
    media_type: str
    encoding: str | None
    lines: list[str] = field(default_factory=list)
    repaired: list[tuple[int, str]] = field(default_factory=list)  # (line, what was repaired) while decoding
    styles: list | None = None

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def first_content_lines(self, n: int) -> list[tuple[int, str]]:
        """The first ``n`` non-blank lines as (line number, text)."""
        out = []
        for i, text in enumerate(self.lines, start=1):
            if text.strip():
                out.append((i, text.strip()[:120]))
                if len(out) == n:
                    break
        return out

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


_BOMS = ((b"\xef\xbb\xbf", "utf-8", "UTF-8"), (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"))


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode text bytes; binary data (NUL bytes, control characters) is an error naming the line."""
    for bom, codec, label in _BOMS:  # a byte-order mark promises an encoding: hold the file to it
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                line = data[len(bom): len(bom) + exc.start].decode(codec, "replace").count("\n") + 1
                raise ParseError(f"undecodable text: {label} byte-order mark but invalid {label}",
                                 file=name, line=line) from None
            bad = _control_line(text)
            if bad is not None and not repair_stray_controls(text)[1]:
                raise ParseError("binary or undecodable content (control characters)", file=name, line=bad)
            return text, codec if codec != "utf-8" else "utf-8-sig"
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ParseError("binary file (NUL byte); expected text or PDF", file=name, line=line)
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        text, encoding = _single_byte(data, name, exc)
    bad = _control_line(text)
    if bad is not None and not repair_stray_controls(text)[1]:
        raise ParseError("binary or undecodable content (control characters)", file=name, line=bad)
    return text, encoding


def _single_byte(data: bytes, name: str, exc: UnicodeDecodeError) -> tuple[str, str]:
    """Bytes that are not UTF-8, read as cp1252 (or latin-1 for the five bytes cp1252 leaves
    undefined) only on evidence, else an error naming the line and byte offset of the first
    invalid byte. The evidence is :func:`_is_single_byte_danish`: a declared charset, or no
    valid multi-byte UTF-8 sequence anywhere and Danish letters where cp1252 puts them."""
    if not _is_single_byte_danish(data):
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(f"undecodable text: invalid UTF-8 (byte 0x{data[exc.start]:02X} at byte offset "
                         f"{exc.start}); {_why_not_single_byte(data)}", file=name, line=line) from None
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _why_not_single_byte(data: bytes) -> str:
    if _UTF8_SEQUENCE.search(data, 0, _SCAN):
        return "the file is otherwise written in UTF-8; expected the whole file in one encoding"
    return ("not UTF-8, and neither a declared charset nor Danish letters (æ, ø, å) in cp1252 or "
            "latin-1 say it is a single-byte encoding")


# The rule for text without a byte-order mark: UTF-8 when it decodes as UTF-8. Otherwise it is
# cp1252 (latin-1) only by evidence: a charset declared in its first kilobyte (an XML
# ``encoding="ISO-8859-1"``, an HTML ``charset=windows-1252``), or both of:
# 1. no valid multi-byte UTF-8 sequence at all. In cp1252 text such pairs stand for letter pairs
#    no Danish text writes ("Ã¸", "Ã¥"), so a file that has one and still fails to decode is
#    damaged UTF-8: reading it as cp1252 would turn every "ø" of the file into "Ã¸" without a word;
# 2. Danish letters where cp1252 and latin-1 put them (æ ø å Æ Ø Å: 0xE6 0xF8 0xE5 0xC6 0xD8
#    0xC5). ASCII text with a few stray high bytes is neither encoding by evidence: it is refused.
# Anything else is an error naming the line and byte offset of the first invalid byte.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_DANISH_CP1252 = re.compile(rb"[\xe6\xf8\xe5\xc6\xd8\xc5]")
_DECLARED = re.compile(rb"(?:charset|encoding)\s*=\s*[\"']?(?:windows-1252|cp1252|iso-8859-1|latin-?1)\b", re.I)
_SCAN = 1_000_000  # bytes looked at for the evidence: enough for any real document's letters


def _is_single_byte_danish(data: bytes) -> bool:
    """The bytes are Danish text in cp1252 or latin-1 by the evidence of the rule above.

    >>> _is_single_byte_danish("Mødet i Ålborg".encode("cp1252")), _is_single_byte_danish("Mødet".encode() + bytes([0xFF]))
    (True, False)
    >>> _is_single_byte_danish(b"Punkt 1: Budget \\xff\\xfe"), _is_single_byte_danish(b'<?xml encoding="ISO-8859-1"?><a>\\xe9</a>')
    (False, True)
    """
    if _DECLARED.search(data, 0, 1024):
        return True
    return _UTF8_SEQUENCE.search(data, 0, _SCAN) is None and _DANISH_CP1252.search(data, 0, _SCAN) is not None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # C0 except tab/LF/CR/FF, DEL, C1
_MAX_STRAY = 3  # more control characters than this, or more than one in 100 characters, is binary data


def repair_stray_controls(text: str) -> tuple[str, list[tuple[int, str]]]:
    """A few stray control characters in otherwise good text (a byte left by an export, a
    form feed where a format forbids it) are replaced by a space and reported, not refused.

    >>> repair_stray_controls("REFERAT\\nPunkt 1: A\\x01B" + "x" * 200)[1]
    [(2, 'control character U+0001 replaced by a space')]
    """
    found = [m for m in _CONTROL.finditer(text) if m.group() != "\x00"]
    if not found or len(found) > _MAX_STRAY or len(found) * 100 > len(text):
        return text, []
    notes = [(text.count("\n", 0, m.start()) + 1, f"control character U+{ord(m.group()):04X} replaced by a space")
             for m in found]
    return _CONTROL.sub(" ", text), notes


def _control_line(text: str) -> int | None:
    """Line number of the first control character other than tab/newline/CR/form feed, if any.

    C1 controls (U+0080–U+009F) come from latin-1 decoding of binary junk.

    >>> _control_line("ok\\nb\\x01d")
    2
    """
    m = _CONTROL.search(text)
    return None if m is None else text.count("\n", 0, m.start()) + 1
