"""A PDF's text layer as lines (pypdf), with running page headers and footers removed.

A PDF without text (a scan) is an error, never an empty meeting: OCR it first.
Page furniture — a line that starts or ends most pages once digits are ignored ("Side 3 af 12",
"Chefforum 15-05-2014") — is page-break noise and is dropped. With only two pages the evidence
must be stronger: a page number, or the document's own title line repeated.
"""

from __future__ import annotations

import bisect
import io
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from referatgraf.parse.errors import ParseError

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"\b(?:side|page|s\.)\s*#|^#$|^#\s*(?:/|af|of)\s*#$", re.IGNORECASE)  # digits as "#"
_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")  # justified text comes out with widened word gaps


def pdf_page_count(data: bytes) -> int:
    """The number of pages, counted by PDFium (0.07 s for 100,000 pages, where pypdf takes 24 s);
    0 when PDFium cannot open the file (pypdf's reading then says what is wrong)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return 0
    try:
        return len(document)
    finally:
        document.close()


def pdf_lines(data: bytes, name: str) -> list[str]:
    """Lines of the text layer of ``data``; raises :class:`ParseError` for scans and broken files."""
    from pypdf import PdfReader
    from pypdf.errors import DeprecationError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd object
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError("encrypted PDF; decrypt it first", file=name)
        pages = [_SPACES.sub(" ", page.extract_text() or "").splitlines() for page in reader.pages]
    except ParseError:
        raise
    except (PyPdfError, DeprecationError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            ArithmeticError, RecursionError, NotImplementedError, AssertionError) as exc:  # pypdf's own
        # (LimitReachedError among them; DeprecationError for a filter name pypdf 7 no longer reads,
        # outside PyPdfError; AssertionError from its content-stream parser, e.g. operands before "BI")
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


# -- typography: font size and weight per line (pypdfium2) ----------------------------------------
#
# The text alone cannot always tell a heading from a sentence, or an attachment called
# "Indstilling" from the section of that name; the PDF can: headings are set larger or bold.
# pypdfium2 (PDFium) reads that per character, about seven times faster than pypdf reads the
# text itself (see docs/parsing.md); ``pdf_lines`` above stays as it is, and the styles are
# aligned with its lines by their text.

_SAMPLES = 8  # characters sampled per line for its size and weight
_LONG_LINE = 90  # characters: longer lines are never headings
_BOLD_WEIGHT = 600
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag
_EDGE_BAND = 0.15  # running headers and footers sit in the top or bottom 15 % of a page
_ALIGN_WINDOW = 200  # how far ahead a pypdf line is looked for among PDFium's lines


@dataclass(frozen=True, slots=True)
class LineStyle:
    """How one line of a PDF is set: the font size (points) and weight most of its characters
    have, the page (0-based) and its distance from the page's top edge (points), and whether it
    is page furniture (a running header or footer)."""

    size: float
    bold: bool
    page: int = 0
    top: float = 0.0
    furniture: bool = False


@dataclass(frozen=True, slots=True)
class StyledLine:
    """One line of a PDF's text with its :class:`LineStyle`."""

    text: str
    style: LineStyle


def pdf_styled_lines(data: bytes, name: str) -> list[StyledLine]:
    """Every line of the PDF's text with its style (PDFium's own line breaks, page furniture
    flagged, not dropped); raises :class:`ParseError` for files PDFium cannot open."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ParseError(f"unreadable PDF (PDFium: {exc})", file=name) from None
    try:
        pages = [_page_lines(document[number], number) for number in range(len(document))]
    finally:
        document.close()
    return _flag_furniture([lines for lines, _ in pages], [height for _, height in pages])


def _page_lines(page, number: int) -> tuple[list[StyledLine], float]:  # noqa: ANN001 - a pypdfium2 PdfPage
    """The page's lines with their styles, and the page height."""
    textpage = page.get_textpage()
    try:
        height = page.get_height()
        text = textpage.get_text_range()
        count = textpage.count_chars()
        if len(text) != count:  # a character outside the BMP: rebuild the text one index at a time
            text = "".join(_char(textpage.raw, i) for i in range(count))
        out, start = [], 0
        for part in text.split("\r\n"):
            if part.strip():
                style = _style(textpage.raw, start, part, number, height)
                out.append(StyledLine(part.replace("\x02", "-").strip(), style))
            start += len(part) + 2
        return out, height
    finally:
        textpage.close()
        page.close()


def _char(textpage, index: int) -> str:  # noqa: ANN001
    import pypdfium2.raw as raw

    return chr(raw.FPDFText_GetUnicode(textpage, index) or 32)


def _style(textpage, start: int, text: str, page: int, height: float) -> LineStyle:  # noqa: ANN001
    """The size and weight most of a sample of the line's characters have, and its top (from
    its first visible character)."""
    import ctypes

    import pypdfium2.raw as raw

    n = _SAMPLES if len(text) <= _LONG_LINE else 2  # a long line is body text: its size is enough
    step = max(1, len(text) // n)
    sample = [start + k for k in range(0, len(text), step) if not text[k].isspace()][:n]
    first = start + len(text) - len(text.lstrip())
    sizes, bold = Counter(), 0
    for index in sample or [first]:
        sizes[round(raw.FPDFText_GetFontSize(textpage, index) * 2) / 2] += 1
        weight = raw.FPDFText_GetFontWeight(textpage, index)
        bold += weight >= _BOLD_WEIGHT if weight > 0 else _bold_font(textpage, index)
    box = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
    top = box[3].value if raw.FPDFText_GetCharBox(textpage, first, *map(ctypes.byref, box)) else height
    return LineStyle(size=sizes.most_common(1)[0][0], bold=bold * 10 >= max(1, len(sample)) * 6,
                     page=page, top=round(height - top, 1))


def _bold_font(textpage, index: int) -> bool:  # noqa: ANN001
    """Bold by the font's flags or name, for fonts that state no weight."""
    import ctypes

    import pypdfium2.raw as raw

    flags, name = ctypes.c_int(), ctypes.create_string_buffer(128)
    raw.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
    return bool(flags.value & _FORCE_BOLD) or b"bold" in name.value.lower()


def _flag_furniture(pages: list[list[StyledLine]], heights: list[float]) -> list[StyledLine]:
    """Flag running headers and footers: a line near the top or bottom edge that comes back
    (digits aside) at the same height in the same size on most pages — on three or more, or on
    two when it is a page number or set smaller than the body text.

    >>> s = lambda t, top, size=10.0, page=0: StyledLine(t, LineStyle(size, False, page, top))
    >>> pages = [[s("Referat", 20, 8, p), s("Brødtekst i ti punkt", 100, page=p), s(f"Side {p + 1}", 820, 8, p)]
    ...          for p in range(2)]
    >>> [(line.text, line.style.furniture) for line in _flag_furniture(pages, [842, 842])][:3]
    [('Referat', True), ('Brødtekst i ti punkt', False), ('Side 1', True)]
    """
    lines = [line for page in pages for line in page]
    if len(pages) < 2 or not lines:
        return lines
    sizes = Counter()
    for line in lines:
        sizes[line.style.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0]

    def edge(line: StyledLine) -> bool:
        height = heights[line.style.page]
        return line.style.top <= height * _EDGE_BAND or line.style.top >= height * (1 - _EDGE_BAND)

    def signature(line: StyledLine) -> tuple[str, float, float]:
        return _DIGITS.sub("#", line.text), round(line.style.top / 4), line.style.size

    seen = Counter(sig for page in pages for sig in {signature(line) for line in page if edge(line)})
    out = []
    for line in lines:
        sig = signature(line)
        n = seen.get(sig, 0) if edge(line) else 0
        repeated = n >= 2 and n * 10 >= len(pages) * 6 and (
            n >= 3 or _PAGE_NUMBER.search(sig[0]) is not None or line.style.size < body_size - 0.5)
        out.append(StyledLine(line.text, replace(line.style, furniture=True)) if repeated else line)
    return out


def pdf_line_styles(data: bytes, name: str, lines: list[str]) -> list[LineStyle | None] | None:
    """The style of each of ``lines`` (``pdf_lines``' output), None where no PDFium line has its
    text; None for the whole document when PDFium cannot read it (the text still can be)."""
    try:
        styled = pdf_styled_lines(data, name)
    except Exception:  # noqa: BLE001 - styles are a refinement: a PDF pypdf reads must not fail here
        return None
    return align_styles(lines, styled)


def align_styles(lines: list[str], styled: list[StyledLine]) -> list[LineStyle | None]:
    """Give each line the style of the next PDFium line with the same text (whitespace and case
    aside), in order; lines that two extractors break differently get None.

    >>> st = [StyledLine("Side 1", LineStyle(8, False)), StyledLine("Beslutning", LineStyle(12, True)),
    ...       StyledLine("Godkendt.", LineStyle(10, False))]
    >>> [s.bold if s else None for s in align_styles(["Beslutning", "God kendt.", "Ekstra"], st)]
    [True, False, None]
    """
    positions: dict[str, list[int]] = {}
    for k, line in enumerate(styled):
        positions.setdefault(_align_key(line.text), []).append(k)
    out: list[LineStyle | None] = []
    j = 0
    for line in lines:
        candidates = positions.get(_align_key(line)) if line.strip() else None
        p = candidates[bisect.bisect_left(candidates, j)] if candidates and candidates[-1] >= j else None
        if p is None or p - j > _ALIGN_WINDOW:
            out.append(None)
            continue
        out.append(styled[p].style)
        j = p + 1
    return out


def _align_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()
