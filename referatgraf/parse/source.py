"""What a document's text is once decoded: :class:`SourceText`, and the decoding rules for text.

Every later stage cites the source through these lines (1-based numbers refer to them). Text is
UTF-8 (with or without BOM), UTF-16 with BOM, cp1252 or latin-1; binary junk is refused with the
line it starts on, a few stray control characters are repaired and reported.

>>> decode_text("Mødelokale 2".encode("cp1252"), "x.txt")
('Mødelokale 2', 'cp1252')
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


# cp1252 before latin-1: latin-1 decodes every byte, so it must come last. A cp1252 file is
# told from UTF-8 because UTF-8 decoding fails on its lone high bytes.
_TEXT_ENCODINGS = ("utf-8", "cp1252", "latin-1")
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
    for encoding in _TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and _is_damaged_utf8(data):
                line = data[: exc.start].count(b"\n") + 1
                raise ParseError(f"undecodable text: invalid UTF-8 (byte 0x{data[exc.start]:02X}) in a file "
                                 "otherwise written in UTF-8; expected the whole file in one encoding",
                                 file=name, line=line) from None
            continue
        bad = _control_line(text)
        if bad is not None and not repair_stray_controls(text)[1]:
            raise ParseError("binary or undecodable content (control characters)", file=name, line=bad)
        return text, encoding
    raise ParseError("undecodable text (not UTF-8, cp1252 or latin-1)", file=name)  # pragma: no cover


# A multi-byte UTF-8 sequence: a lead byte and its continuation bytes. In cp1252 or latin-1 text
# such pairs stand for letter pairs no Danish text writes ("Ã¸", "Ã¥"), so a file that has them
# and still fails to decode as UTF-8 is damaged UTF-8, not another encoding: reading it as
# cp1252 would turn every "ø" of the file into "Ã¸" without a word.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _is_damaged_utf8(data: bytes) -> bool:
    """The bytes hold valid UTF-8 letters (at least two) but are not valid UTF-8 as a whole.

    >>> _is_damaged_utf8("Mødet i Ålborg".encode() + bytes([0xFF])), _is_damaged_utf8("Mødet i Ålborg".encode("cp1252"))
    (True, False)
    """
    return len(_UTF8_SEQUENCE.findall(data, 0, 1_000_000)) >= 2


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
