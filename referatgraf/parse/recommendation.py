"""Recommendations (*indstillinger*) and the per-point answers of decisions.

A recommendation opens with who recommends ("Kommunaldirektøren indstiller,", "Økonomi & Stab
indstiller at;", "Det indstilles," → no proposer) and lists points, numbered ("1. at ...") or
bulleted ("- At ..."); they are numbered 1..n in order. A line right after a point (no blank line
between) continues it. A decision may answer points one by one ("Ad 2: ...").

Input is a list of ``(line number, text)`` pairs, blank lines as ``""``.

>>> rec = parse_recommendation([(30, "Kommunaldirektøren indstiller;"), (31, ""),
...                             (32, "1. At dagsordenen godkendes"), (33, "2. At referatet godkendes")])
>>> rec.proposer, [(p.number, p.text) for p in rec.points]
('Kommunaldirektøren', [(1, 'At dagsordenen godkendes'), (2, 'At referatet godkendes')])
>>> [(a.point, a.text) for a in parse_answers([(9, "- Ad 2: Valgfaget gøres obligatorisk.")])]
[(2, 'Valgfaget gøres obligatorisk.')]
"""

from __future__ import annotations

import re

from referatgraf.parse.model import PointAnswer, Recommendation, RecommendationPoint
from referatgraf.parse.sections import join_paragraphs

Lines = list[tuple[int, str]]

_VERB = r"(?:indstiller|anbefaler|foreslår)"
PROPOSER = re.compile(rf"^(?P<who>[^\d\s.-].{{0,118}}?)\s+{_VERB}\b(?P<rest>.*)$")
IMPERSONAL = re.compile(r"^det\s+(?:indstilles|anbefales|foreslås)\b(?P<rest>.*)$", re.IGNORECASE)
_PROSE_COMMA = re.compile(r",\s+[a-zæøå]")
_NUMBERED = re.compile(r"^(?P<n>\d{1,2})\s*[.)]\s+(?P<text>\S.*)$")
_BULLET = re.compile(r"^[-•*–·▪]\s*(?P<text>\S.*)$")
_AT_POINT = re.compile(r"^at\s+\S", re.IGNORECASE)
_ANSWER = re.compile(r"^(?:[-•*–·]\s*)?ad\s*(?:pkt\.?\s*|punkt\s*)?(?P<n>\d{1,2})\s*[:.)]\s*(?P<text>.*)$",
                     re.IGNORECASE)


def opens_recommendation(text: str) -> bool:
    """True for a line that starts a recommendation ("Kommunaldirektøren indstiller:")."""
    return bool(IMPERSONAL.match(text) or ((m := PROPOSER.match(text)) and _plausible_proposer(m["who"])))


def proposer_of(text: str) -> tuple[str | None, str] | None:
    """(proposer or None, the rest of the line) if ``text`` opens a recommendation."""
    if (m := IMPERSONAL.match(text)) is not None:
        return None, m["rest"]
    if (m := PROPOSER.match(text)) is not None and _plausible_proposer(m["who"]):
        return m["who"].strip(" ,;:"), m["rest"]
    return None


def _plausible_proposer(who: str) -> bool:
    """A proposer is a title or unit ("Chefen for Økonomi & Stab", "Sundhed, Pleje & Omsorg"), or
    several units together ("Center for Teknik & Miljø, Center for Børn og familier og Center
    for Dagtilbud og skoler"), not a clause of prose ("Derfor, som nævnt, indstiller ...").

    >>> _plausible_proposer("Center for Teknik & Miljø, Center for Børn og familier og Center for Dagtilbud og skoler")
    True
    >>> _plausible_proposer("Derfor, som nævnt tidligere i sagen, indstiller")
    False
    """
    if not who[:1].isupper():
        return False
    if len(who.split()) <= 12 and _PROSE_COMMA.search(who) is None:
        return True
    units = [u for u in re.split(r",\s+|\s+og\s+(?=[A-ZÆØÅ])", who) if u]
    return len(units) > 1 and all(u[:1].isupper() and len(u.split()) <= 6 for u in units)


def parse_recommendation(lines: Lines, span: tuple[int, int] | None = None) -> Recommendation:
    """The recommendation in a section's lines (``span`` defaults to their first/last line)."""
    content = [(n, t) for n, t in lines if t]
    # the opening line names the proposer; a dated note ("Økonomiudvalget, 12. marts:") may precede it
    opener = next((found for _, t in content[:3] if (found := proposer_of(t)) is not None), None)
    proposer = opener[0] if opener is not None else None
    points = _points(lines, opener[1] if opener else "")
    text = join_paragraphs(lines)
    if span is None:
        span = (content[0][0], content[-1][0]) if content else (lines[0][0], lines[0][0])
    return Recommendation(proposer=proposer, text=text, points=points, lines=span)


def _points(lines: Lines, opener_rest: str) -> list[RecommendationPoint]:
    numbered = any(_NUMBERED.match(t) for _, t in lines)
    starts = _NUMBERED if numbered else _BULLET
    if not numbered and not any(_BULLET.match(t) for _, t in lines):
        return _at_points(lines, opener_rest)
    points: list[RecommendationPoint] = []
    open_point = False
    for number, text in lines:
        m = starts.match(text)
        if m is not None:
            points.append(RecommendationPoint(number=len(points) + 1, text=m["text"].strip(), line=number))
            open_point = True
        elif not text:
            open_point = False
        elif open_point:  # a wrapped line or a nested bullet continues the point
            points[-1].text += " " + text
    return points


def _at_points(lines: Lines, opener_rest: str) -> list[RecommendationPoint]:
    """Unnumbered recommendations: "at ..." paragraphs, or the rest of the opening line."""
    points = [RecommendationPoint(number=i, text=t, line=n)
              for i, (n, t) in enumerate(((n, t) for n, t in lines[1:] if _AT_POINT.match(t)), start=1)]
    if points or not lines:
        return points
    rest = opener_rest.strip(" ,;:")
    if rest.lower().startswith("at ") and len(rest) > 4:
        return [RecommendationPoint(number=1, text=rest, line=next(n for n, t in lines if t))]
    return []


def parse_answers(lines: Lines) -> list[PointAnswer]:
    """Per-point answers ("Ad 2: ...") in a decision's lines, with their continuation lines."""
    answers: list[PointAnswer] = []
    open_answer = False
    for number, text in lines:
        m = _ANSWER.match(text) if text[:4].lstrip("-•*–· ")[:2].lower() == "ad" else None
        if m is not None:
            answers.append(PointAnswer(point=int(m["n"]), text=m["text"].strip(), line=number))
            open_answer = True
        elif not text or _BULLET.match(text):
            open_answer = False
        elif open_answer:
            answers[-1].text += " " + text
    return answers
