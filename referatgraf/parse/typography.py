"""What a PDF's typesetting says about its lines, where the text alone is ambiguous.

The text layer cannot tell the section heading "Indstilling" from an attachment of that name, a
bold heading "Beslutning i Økonomiudvalget" from a sentence, or a wrapped item title from the
line after it. The PDF can: a template sets its section headings in one style (larger, bold)
and body text in another (:class:`referatgraf.parse.pdf.LineStyle`, per line of the
:class:`~referatgraf.parse.reader.SourceText`). :meth:`Typography.of` learns the two styles
from the document itself — the headings' style is the one most lines whose text is a known
heading have — and only speaks when they differ; otherwise (a text file, a PDF set in one
style) every answer is None and the reader goes by the text.

>>> from referatgraf.parse.normalise import normalise
>>> from referatgraf.parse.pdf import LineStyle
>>> lines = normalise(["Indstilling", "Det indstilles,", "Beslutning", "Godkendt.", "Bilag", "Indstilling"])
>>> head, body = LineStyle(12, True), LineStyle(10, False)
>>> t = Typography.of(lines, [head, body, head, body, head, body])
>>> [t.role(n) for n in (1, 2, 6)]
['heading', 'body', 'body']
>>> Typography.of(lines, [body] * 6) is None  # one style throughout: the text decides
True
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from referatgraf.parse.normalise import Line
from referatgraf.parse.pdf import LineStyle
from referatgraf.parse.sections import classify

Style = tuple[float, bool]  # (size, bold)
_SAME_SIZE = 0.6  # points: sizes closer than this are one size
_MIN_HEADINGS = 2


def furniture(lines: list[Line], styles: list[LineStyle | None] | None) -> list[Line]:
    """The lines the PDF sets as running headers and footers (see ``pdf._flag_furniture``)."""
    if not styles:
        return []
    return [ln for ln in lines if ln.no <= len(styles) and (st := styles[ln.no - 1]) is not None and st.furniture]


@dataclass
class Typography:
    """The body and heading styles of one document and each line's style (by line number)."""

    styles: dict[int, LineStyle]
    body: Style
    heading: Style

    @classmethod
    def of(cls, lines: list[Line], styles: list[LineStyle | None] | None) -> Typography | None:
        """Learn the styles from the document; None when headings are not set apart from text."""
        if not styles:
            return None
        by_line = {ln.no: st for ln in lines if ln.no <= len(styles) and (st := styles[ln.no - 1]) is not None
                   and not st.furniture and ln.text}
        text_of = {ln.no: ln.text for ln in lines}
        weight = Counter()
        for no, st in by_line.items():
            weight[_key(st)] += len(text_of[no])
        candidates = Counter(_key(st) for no, st in by_line.items() if _known_heading(text_of[no]))
        if not weight or sum(candidates.values()) < _MIN_HEADINGS:
            return None
        body = weight.most_common(1)[0][0]
        heading, n = candidates.most_common(1)[0]
        if n * 2 < sum(candidates.values()) or not _stands_out(heading, body):
            return None
        return cls(by_line, body, heading)

    def role(self, no: int) -> str | None:
        """"heading" (set like the document's section headings), "body" (set like its text) or
        None (set otherwise, or not known): then the text decides."""
        st = self.styles.get(no)
        if st is None:
            return None
        key = _key(st)
        if _close(key, self.heading):
            return "heading"
        return "body" if _close(key, self.body) else None

    def same(self, a: int, b: int) -> bool | None:
        """Whether lines ``a`` and ``b`` are set alike (None when a style is not known)."""
        first, second = self.styles.get(a), self.styles.get(b)
        if first is None or second is None:
            return None
        return _close(_key(first), _key(second))


def _key(st: LineStyle) -> Style:
    return st.size, st.bold


def _close(a: Style, b: Style) -> bool:
    return a[1] == b[1] and abs(a[0] - b[0]) < _SAME_SIZE


def _stands_out(heading: Style, body: Style) -> bool:
    return (heading[1] and not body[1]) or heading[0] >= body[0] + _SAME_SIZE


def _known_heading(text: str) -> bool:
    head = classify(text)
    return head is not None and head.kind != "other"
