"""How the readers fare on the real documents: per system and per document, items fully right
(every fact equal to the hand-written expected facts, tests/expected/corpus/) out of the items
listed there, the reader chosen, and the read rate (MB/s, parse only, best of three).

    python benchmarks/corpus.py            # writes benchmarks/results/corpus.md
    python benchmarks/corpus.py --gaps     # also rewrites tests/expected/corpus/known_gaps.txt

Documents without an expected-facts file are listed with their item count and marked "no facts".
A document the readers refuse counts 0 right.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from referatgraf.parse import parse_file
from referatgraf.parse.errors import ParseError
from referatgraf.parse.facts import differences

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "parse"))
from test_corpus_facts import DOCUMENTS, expected_path  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "corpus.md"
GAPS = ROOT / "tests" / "expected" / "corpus" / "known_gaps.txt"
GAPS_HEADER = ("# Real documents whose expected facts the readers do not match fully yet (see test_corpus_facts.py).\n"
               "# Take a line off when its document passes (python benchmarks/corpus.py --gaps); the strict\n"
               "# xfail makes the run fail until you do.\n")


def measure(path: Path) -> tuple[object, float]:
    """(the meeting or the error, MB/s of the fastest of three parses)."""
    best, result = float("inf"), None
    for _ in range(3):
        start = time.perf_counter()
        try:
            result = parse_file(path)
        except ParseError as exc:
            return exc, 0.0
        except Exception as exc:  # noqa: BLE001 - a reader bug counts as a refusal here
            return ParseError(f"internal error: {type(exc).__name__}: {exc}"), 0.0
        best = min(best, time.perf_counter() - start)
    return result, path.stat().st_size / 1e6 / best


def main() -> None:
    rows, per_system, gaps = [], defaultdict(lambda: [0, 0, 0]), []
    for folder, path in DOCUMENTS:
        facts_file = expected_path(folder, path)
        meeting, rate = measure(path)
        if not facts_file.exists():
            rows.append((folder, path.name, "-", "no facts", f"{rate:.2f}"))
            continue
        expected = json.loads(facts_file.read_text(encoding="utf-8"))
        total = len(expected["items"])
        if isinstance(meeting, ParseError):
            right, reader, top = 0, f"refused: {str(meeting.message)[:60]}", ["refused"]
        else:
            top, per_item = differences(meeting, expected)
            right, reader = sum(1 for d in per_item if not d), meeting.report.layout + (" (meeting facts differ)" if top else "")
        if top or right < total:
            gaps.append(f"{folder}/{path.name}")
        per_system[folder][0] += right
        per_system[folder][1] += total
        per_system[folder][2] += 1
        rows.append((folder, path.name, reader, f"{right} / {total}", f"{rate:.2f}"))
    lines = ["# Real documents: items fully right", "",
             "Regenerate with `python benchmarks/corpus.py`. An item is fully right when every fact in its",
             "hand-written expected-facts file (tests/expected/corpus/) equals what the reader gives.", "",
             "| system | documents with facts | items fully right / total |", "| --- | --- | --- |"]
    for folder, (right, total, docs) in sorted(per_system.items()):
        lines.append(f"| {folder} | {docs} | {right} / {total} ({100 * right / max(total, 1):.1f} %) |")
    lines += ["", "| system | document | reader | items fully right | read rate (MB/s) |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {' | '.join(r)} |" for r in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if "--gaps" in sys.argv:
        GAPS.write_text(GAPS_HEADER + "".join(f"{g}\n" for g in sorted(gaps)), encoding="utf-8")
    print("\n".join(lines[:6 + len(per_system)]))


if __name__ == "__main__":
    main()
