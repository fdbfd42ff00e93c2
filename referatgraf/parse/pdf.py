"""A PDF's text layer as lines (pypdf), with running page headers and footers removed.

A PDF without text (a scan) is an error, never an empty meeting: OCR it first.
Page furniture — a line that starts or ends most pages once digits are ignored ("Side 3 af 12",
"Chefforum 15-05-2014") — is page-break noise and is dropped. With only two pages the evidence
must be stronger: a page number, or the document's own title line repeated.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from referatgraf.parse.errors import ParseError

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"\b(?:side|page|s\.)\s*#|^#$|^#\s*(?:/|af|of)\s*#$", re.IGNORECASE)  # digits as "#"
_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")  # justified text comes out with widened word gaps


def pdf_lines(data: bytes, name: str) -> list[str]:
    """Lines of the text layer of ``data``; raises :class:`ParseError` for scans and broken files."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd object
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError("encrypted PDF; decrypt it first", file=name)
        pages = [_SPACES.sub(" ", page.extract_text() or "").splitlines() for page in reader.pages]
    except ParseError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, NotImplementedError) as exc:
        raise ParseError(f"unreadable PDF ({type(exc).__name__}: {exc})", file=name) from None
    if not any(line.strip() for page in pages for line in page):
        raise ParseError("no text layer; OCR it first", file=name)
    return _without_furniture(pages)


def _without_furniture(pages: list[list[str]]) -> list[str]:
    """Join pages, dropping first/last lines that repeat (digits aside) on most pages.

    >>> _without_furniture([["REFERAT X", "a", "Side 1 af 2"], ["REFERAT X", "b", "Side 2 af 2"]])
    ['REFERAT X', 'a', 'b']
    >>> _without_furniture([["REFERAT X", "a", "Beslutning"], ["Beslutning", "b"], ["c", "d"]])
    ['REFERAT X', 'a', 'Beslutning', 'Beslutning', 'b', 'c', 'd']
    """
    if len(pages) < 2:
        return [line for page in pages for line in page]
    edges = Counter()
    for page in pages:
        content = [line for line in page if line.strip()]
        for line in {*content[:1], *content[-1:]}:
            edges[_DIGITS.sub("#", line.strip())] += 1
    first = next((_DIGITS.sub("#", line.strip()) for line in pages[0] if line.strip()), "")
    # Two pages beginning with "Beslutning" is chance; a page number or the title line is not.
    furniture = {sig for sig, n in edges.items()
                 if n >= 2 and n * 10 >= len(pages) * 6 and (n >= 3 or _PAGE_NUMBER.search(sig) or sig == first)}
    out = []
    for number, page in enumerate(pages):
        content_idx = [i for i, line in enumerate(page) if line.strip()]
        ends = {content_idx[0], content_idx[-1]} if content_idx else set()
        if number == 0 and content_idx:
            ends.discard(content_idx[0])  # the document's own first line (its header) is never furniture
        out += [line for i, line in enumerate(page)
                if not (i in ends and _DIGITS.sub("#", line.strip()) in furniture)]
    return out
