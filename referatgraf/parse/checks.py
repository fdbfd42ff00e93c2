"""Cross-checks that make a parse trustworthy; each mismatch becomes a warning in the report.

- the table of contents against the items found (count, then titles pairwise);
- items numbered 1..n without gaps or repeats;
- known sections in a sane order (introduction → case → decision, see ``sections.ORDER_RANK``);
- decision answers ("Ad 4: ...") that refer to points the recommendation has.

>>> from referatgraf.parse import parse_text
>>> m = parse_text("REFERAT X d. 01-02-2020\\n\\nPunkt 1: A\\n\\nBeslutning\\n\\nOK\\n\\nPunkt 3: B\\n\\nBeslutning\\n\\nOK")
>>> [w.code for w in m.report.warnings]
['numbering-gap']
"""

from __future__ import annotations

import re

from referatgraf.parse.errors import UnrecognisedLayout
from referatgraf.parse.model import AgendaItem, Meeting, ParseWarning
from referatgraf.parse.sections import ORDER_RANK
from referatgraf.parse.titles import norm_title


def run_all(meeting: Meeting) -> None:
    """Refuse an implausible parse (:func:`plausible`), then run every check, appending
    warnings to ``meeting.report``."""
    plausible(meeting)
    found = check_toc(meeting) + [w for w in check_numbering(meeting) if w.code != "numbering-order"]
    for item in meeting.items:
        found += check_section_order(item) + check_answers(item)
    meeting.report.warnings += found


# -- plausibility: what makes a parse wrong rather than doubtful ------------------------------


def plausible(meeting: Meeting) -> None:
    """Refuse a parse whose items cannot be right: a reader that is not sure must not store.

    - items found versus the items the document itself lists (a system's item list, or the
      contents list of a complete document);
    - item titles that are person names (a participant list read as the agenda);
    - item numbers that go down.

    >>> from referatgraf.parse import parse_text
    >>> parse_text("REFERAT X d. 01-02-2020\\n\\nPunkt 1: Anne Berg\\n\\nPunkt 2: Bo Holm")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    UnrecognisedLayout: unrecognised layout: ...
    """
    problems = [p for p in (_listed_count(meeting), _titles_are_names(meeting), _numbers_go_down(meeting)) if p]
    if problems:
        raise UnrecognisedLayout(f"unrecognised layout ({meeting.report.layout} reader): " + "; ".join(problems),
                                 file=meeting.source.file_name, line=meeting.items[0].lines[0] if meeting.items else None)


def _listed_count(meeting: Meeting) -> str | None:
    listed = meeting.report.listed_items
    if listed is None and meeting.toc and meeting.report.complete:
        listed = len(meeting.toc)
    if listed is not None and listed != len(meeting.items):
        return f"expected the {listed} items the document lists, found {len(meeting.items)}"
    return None


_NAME_WORD = re.compile(r"^(?:[A-ZÆØÅÉÜÖÄ][a-zæøåéüöä'’.-]+|af|de|la|van|von|der|den)$")


def looks_like_person_name(title: str) -> bool:
    """Two to four words, each a capitalised name word or a name particle.

    >>> looks_like_person_name("Anne Marie Lyduch"), looks_like_person_name("Godkendelse af dagsorden")
    (True, False)
    """
    words = title.replace(",", " ").split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words) and sum(w[0].isupper() for w in words) >= 2


def _titles_are_names(meeting: Meeting) -> str | None:
    names = [i.title for i in meeting.items if looks_like_person_name(i.title)]
    if len(meeting.items) >= 2 and len(names) * 2 > len(meeting.items):
        return f"item titles that are person names ({', '.join(names[:3])} …): expected agenda item titles"
    return None


def _numbers_go_down(meeting: Meeting) -> str | None:
    warnings = check_numbering(meeting)
    if warnings and warnings[0].code == "numbering-order":
        return f"item numbers in order ({warnings[0].message})"
    return None


def check_toc(meeting: Meeting) -> list[ParseWarning]:
    """Contents and items agree in count and, pairwise, in title and closed flag."""
    if not meeting.toc:
        return []
    out = []
    if len(meeting.toc) != len(meeting.items):
        out.append(ParseWarning(code="toc-count", line=meeting.toc[0].line,
                                message=f"table of contents lists {len(meeting.toc)} items, {len(meeting.items)} found"))
    for entry, item in zip(meeting.toc, meeting.items):
        if norm_title(entry.title) != norm_title(item.title) or entry.closed != item.closed:
            out.append(ParseWarning(code="toc-title", line=item.lines[0],
                                    message=f"item {item.number} is '{item.title}' but the contents say '{entry.title}'"))
    return out


def number_key(number: str) -> tuple[int, ...] | None:
    """A sortable key for an item number as written, or None when it has no number in it.

    >>> number_key("1.1"), number_key("715"), number_key("c)"), number_key("Punkt")
    ((1, 1), (715,), (3,), None)
    """
    parts = re.findall(r"\d+|(?<![a-zæøå])[a-zæøå](?![a-zæøå])", number.casefold())
    if not parts:
        return None
    return tuple(int(p) if p.isdigit() else "abcdefghijklmnopqrstuvwxyzæøå".index(p) + 1 for p in parts)


def check_numbering(meeting: Meeting) -> list[ParseWarning]:
    """Item numbers go up: plain numbers one by one (1, 2, 3 or 715, 716), outline numbers
    ("1", "1.1", "2") and letters in order. One gap shifts every later number: report it once."""
    previous: tuple[int, ...] | None = None
    plain = all(item.number.isdigit() for item in meeting.items)
    for item in meeting.items:
        key = number_key(item.number)
        if key is None:
            continue
        if previous is not None and key <= previous:
            return [ParseWarning(code="numbering-order", line=item.lines[0],
                                 message=f"item numbered {item.number} after item {'.'.join(map(str, previous))}")]
        expected = (previous[0] + 1,) if previous else (1,)
        if plain and key != expected and (previous is not None or meeting.report.layout in _COUNT_FROM_ONE):
            return [ParseWarning(code="numbering-gap", line=item.lines[0],
                                 message=f"item numbered {item.number} where {expected[0]} was expected")]
        previous = key
    return []


# Layouts whose items always count from 1 (systems with running numbers such as Acadre's "715." do not).
_COUNT_FROM_ONE = {"referat"}


def check_section_order(item: AgendaItem) -> list[ParseWarning]:
    """Known sections come in rank order and (except decisions) at most once per treatment."""
    out, highest, seen = [], -1, set()
    sections = item.sections
    # FirstAgenda puts the decision first, above the case presentation: that is its order, not a slip
    if sections and sections[0].kind == "beslutning":
        sections = sections[1:]
    for section in sections:
        rank = ORDER_RANK.get(section.kind)
        if rank is None:
            continue
        if rank < highest:
            out.append(ParseWarning(code="section-order", line=section.lines[0],
                                    message=f"item {item.number}: '{section.heading or section.kind}' after a later section"))
        if section.kind in seen and section.kind not in ("beslutning", "intro"):
            out.append(ParseWarning(code="section-repeated", line=section.lines[0],
                                    message=f"item {item.number}: a second '{section.heading or section.kind}' section"))
        highest, seen = max(highest, rank), seen | {section.kind}
        if section.kind == "beslutning" and len(item.decisions) > 1:
            # a case treated at several meetings (Acadre): each decision closes one treatment,
            # and a supplementary presentation may open the next
            highest, seen = -1, set()
    return out


def check_answers(item: AgendaItem) -> list[ParseWarning]:
    """Every "Ad N" answer refers to a point of the recommendation."""
    points = {p.number for p in item.recommendation.points} if item.recommendation else set()
    return [ParseWarning(code="answer-point", line=a.line,
                         message=f"item {item.number}: decision answers point {a.point}, which the recommendation does not have")
            for d in item.decisions for a in d.answers if a.point not in points]
