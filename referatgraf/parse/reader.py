"""Stage 0 of parsing: bytes → lines of text, with the encoding detected, never guessed silently.

Accepts ``.txt``/``.md`` in UTF-8 (with or without BOM), UTF-16 with BOM, cp1252 or latin-1, LF or
CRLF, and PDFs with a text layer. What comes out is a :class:`SourceText`: the decoded lines (1-based numbers
in every later stage refer to these) plus what is needed to cite the source.

>>> source = read_bytes("REFERAT Byrådet\\r\\nPunkt 1: Budget".encode("cp1252"), "b.txt")
>>> source.encoding, source.media_type, source.lines
('cp1252', 'text/plain', ['REFERAT Byrådet', 'Punkt 1: Budget'])
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from referatgraf.parse.errors import ParseError
from referatgraf.parse.limits import Limits
from referatgraf.parse.source import SourceText, decode_text, repair_stray_controls


_PDF_MAGIC = b"%PDF-"
#: file types the readers read (a folder's other files are skipped; an upload of another type is refused)
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".json", ".xml", ".html", ".htm", ".zip")


def read_bytes(data: bytes, name: str, limits: Limits | None = None) -> SourceText:
    """Decode ``data`` (text or PDF) named ``name`` (used in errors and provenance); a document
    over the ``limits`` (bytes, a PDF's pages) is a :class:`~referatgraf.parse.limits.LimitExceeded`."""
    limits = limits or Limits()
    limits.check("max_document_bytes", len(data), file=name)
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise ParseError("empty file", file=name)
    if data.startswith(b"PK\x03\x04"):  # a zip: SBSYS eDagsorden ships its publication XML in one
        from referatgraf.parse.sbsys.archive import archive_source

        return archive_source(data, name, sha)
    if data.startswith(_PDF_MAGIC):
        from referatgraf.parse.pdf import pdf_line_styles, pdf_lines, pdf_page_count

        limits.check("max_pages", pdf_page_count(data), file=name)  # before any text is read
        lines = pdf_lines(data, name)
        return SourceText(name, sha, "application/pdf", None, lines, styles=pdf_line_styles(data, name, lines))
    text, encoding = decode_text(data, name)
    text, repaired = repair_stray_controls(text)
    media = ("text/markdown" if name.lower().endswith((".md", ".markdown"))
             else "text/html" if name.lower().endswith((".html", ".htm")) else "text/plain")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return SourceText(name, sha, media, encoding, lines, repaired=repaired)


def read_path(path: str | Path, limits: Limits | None = None) -> SourceText:
    """Read a file from disk; a missing or unreadable file is a :class:`ParseError`, and so is one
    over the ``limits`` (its size is checked before it is read)."""
    p, limits = Path(path), limits or Limits()
    try:
        limits.check("max_document_bytes", p.stat().st_size, file=str(path))
        data = p.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
    return read_bytes(data, p.name, limits)
