"""Two regex passes over a whole document: one for organisations, one for quantities and people.

Speed matters (extraction may add at most 30 % to parse time), so the lines of a meeting are
joined into one text and scanned as few times as possible. Organisations are matched on the
lower-cased, punctuation-free text (a leading literal space lets the regex engine jump from
space to space in C). Quantities (they start with a digit) and person names (they start with a
capital letter) share one pass over the text as written, whose leading character set lets the
engine skip ahead in C. Hits are mapped back to their line with a binary search over the line
starts.

>>> doc = Document(["Chefforum godkendte", "Mie Thorup, KL 66.000 kr."])
>>> doc.locate(23)
(1, 3)
>>> runs, quantities = scanner_for(load_gazetteer()).people_and_quantities(doc.text)
>>> [m.group() for m in runs], [m.group() for m in quantities]
(['Mie Thorup'], ['66.000 kr.'])
"""

from __future__ import annotations

import re
from bisect import bisect_right

from referatgraf.extract.gazetteer import Gazetteer, load_gazetteer  # noqa: F401 - doctest
from referatgraf.extract.organisations import matcher_for
from referatgraf.extract.people import RUN_REST, RUN_START, run_guard
from referatgraf.extract.references import QUANTITY_REST

_NOT_BEFORE_NUMBER = ".,-"  # "1.548", "3,789", "7.200-7.500": inside a number, not its start
_CAPITAL = re.compile(RUN_START)


def people_and_quantities_pattern(first_names: frozenset[str]) -> re.Pattern[str]:
    """One leading character set (a digit or a capital letter); the look-behind picks the family."""
    return re.compile(f"[0-9{RUN_START[1:-1]}](?:(?<=[0-9]){QUANTITY_REST}"
                      f"|(?<={RUN_START}){run_guard(first_names)}{RUN_REST})")


class Document:
    """Lines joined by newlines, with the offset where each line starts."""

    def __init__(self, lines: list[str]) -> None:
        self.text = "\n".join(lines)
        self.starts, pos = [], 0
        for line in lines:
            self.starts.append(pos)
            pos += len(line) + 1

    def locate(self, offset: int) -> tuple[int, int]:
        """(index of the line, offset within it) of a document offset."""
        i = bisect_right(self.starts, offset) - 1
        return i, offset - self.starts[i]


class Scanner:
    """The compiled patterns of one gazetteer."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.orgs = matcher_for(gaz)
        self.first_names = gaz.first_names
        self._people_and_quantities = people_and_quantities_pattern(gaz.first_names)
        # the person family of that pattern on its own, for the rare rescan
        self._people = re.compile(f"{RUN_START}{run_guard(gaz.first_names)}{RUN_REST}")

    def passes(self, text: str) -> tuple[int, int]:
        """The two regex passes over ``text`` and nothing else — no work on the hits (the floor
        of extraction that benchmarks/bench_extract.py reports); returns the number of matches.

        >>> scanner_for(load_gazetteer()).passes("Mie Thorup, KL 66.000 kr.")
        (1, 2)
        """
        orgs = sum(1 for _ in self.orgs.matches(text))
        return orgs, sum(1 for _ in self._people_and_quantities.finditer(text))

    def people_and_quantities(self, text: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
        """(name runs, quantity matches that start a number) in ``text``, each left to right.

        Exactly what two separate passes find: a quantity match may hold a capital letter
        ("1. September", "5 Kr.") where the name pass would have tried a run, and then the name
        pass is run on its own. Runs that extract.people would drop at once (one capitalised
        word that is no first name, the common case) are dropped here already, in the rescan by
        the regex engine itself.
        """
        runs, quantities, rescan, first_names = [], [], False, self.first_names
        for m in self._people_and_quantities.finditer(text):
            start = m.start()
            if text[start] > "9":
                value = m.group()
                if " " in value or "-" in value or value in first_names \
                        or value[:-1] in first_names:
                    runs.append(m)
                continue
            rescan = rescan or _CAPITAL.search(text, start + 1, m.end()) is not None
            if start and (text[start - 1].isalnum() or text[start - 1] in _NOT_BEFORE_NUMBER):
                continue
            quantities.append(m)
        if rescan:
            runs = list(self._people.finditer(text))
        return runs, quantities


_SCANNERS: dict[int, tuple[Gazetteer, Scanner]] = {}


def scanner_for(gaz: Gazetteer) -> Scanner:
    """The compiled scanner of a gazetteer (built once per gazetteer)."""
    cached = _SCANNERS.get(id(gaz))
    if cached is None or cached[0] is not gaz:
        cached = _SCANNERS[id(gaz)] = (gaz, Scanner(gaz))
    return cached[1]
