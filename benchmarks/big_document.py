"""Big text documents for the per-document ingest profile (issue 16/19): one meeting whose first
item has a very long Sagsfremstilling, grown to a given size.

The document is built at run time from a seed file (never copied into the repo): its
"Indholdsfortegnelse" block is dropped and item 1's longest paragraph (its points) is repeated inside the item, before the
item's first "### ...Beslutning" heading, until the document reaches the size asked for.

    python benchmarks/big_document.py ../shared/seeds/000_*.txt 4 /tmp/big_4mb.txt

>>> seed = "# REFERAT X\\n\\n## Indholdsfortegnelse\\n\\nA.....3\\n\\n## Punkt 1: A\\n\\nSome words here.\\n\\n### Beslutning\\n\\nOk.\\n"
>>> text = grow(seed, 300)
>>> "Indholdsfortegnelse" in text, len(text.encode()) >= 300, text.count("Some words here.") > 3
(False, True, True)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_TOC = re.compile(r"^##[^\n]*Indholdsfortegnelse[^\n]*\n.*?(?=^## )", re.MULTILINE | re.DOTALL)
_DECISION = re.compile(r"^###[^\n]*Beslutning", re.MULTILINE)


def grow(seed: str, size: int) -> str:
    """The seed without its table of contents, item 1 grown to ``size`` bytes (UTF-8)."""
    text = _TOC.sub("", seed, count=1)
    cut = _DECISION.search(text).start()
    head, tail = text[:cut], text[cut:]
    paragraph = max((p for p in head.split("\n\n") if not p.lstrip().startswith("#")), key=len).strip() + "\n\n"
    heading = "### Sagsfremstilling\n\n"
    room = size - len((head + heading + tail).encode())
    times = max(1, -(-room // len(paragraph.encode())))
    return head + heading + paragraph * times + tail


def main() -> None:
    seed, megabytes, out = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
    out.write_text(grow(Path(seed).read_text(encoding="utf-8"), int(megabytes * 1_000_000)), encoding="utf-8")
    print(out, out.stat().st_size)


if __name__ == "__main__":
    main()
