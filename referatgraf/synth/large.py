"""Large minutes for the limits tests and the reliability benchmark, in our own words (referatgraf.synth).

Two shapes of the same size: one meeting whose second item has one very long case description
(``long_section``), and one meeting of very many items (``many_items``). Both are built from
synthetic meetings (no table of contents, so every item is read from its heading) and are
deterministic.

>>> text = long_section(20_000)
>>> 20_000 <= len(text.encode()) < 21_000, text.count("Punkt 2:")
(True, 1)
>>> many_items(20_000).count("Punkt 12:")
1
"""

from __future__ import annotations

import functools
import re

from referatgraf.synth import iter_documents

_TOC = re.compile(r"^#+ \**Indholdsfortegnelse\**\n.*?(?=^#)", re.MULTILINE | re.DOTALL)
_ITEM = re.compile(r"^#+ \**Punkt \d+: ", re.MULTILINE)
_NUMBER = re.compile(r"(Punkt )\d+(: )")


@functools.lru_cache(maxsize=1)
def _meetings() -> tuple[str, ...]:
    docs = iter_documents(40, seed=7, layout="markdown")
    return tuple(_TOC.sub("", d.content if isinstance(d.content, str) else d.content.decode()) for d in docs)


@functools.lru_cache(maxsize=1)
def _paragraphs() -> tuple[str, ...]:
    """Body paragraphs of the synthetic meetings (not headings, case numbers or tables)."""
    out = []
    for text in _meetings():
        for block in text.split("\n\n"):
            block = block.strip()
            if len(block) > 60 and not block.startswith(("#", "-", "Ad ", "1.")) and "\t" not in block:
                out.append(block)
    return tuple(dict.fromkeys(out))


def long_section(size: int) -> str:
    """A meeting of ``size`` bytes (UTF-8, a little over) whose item 2 has one long case description."""
    head, rest = _split_after_first_section(_meetings()[0])
    paragraphs, parts, n = _paragraphs(), [], len(head.encode()) + len(rest.encode())
    k = 0
    while n < size:
        block = paragraphs[k % len(paragraphs)] + "\n\n"
        parts.append(block)
        n += len(block.encode())
        k += 1
    return head + "".join(parts) + rest


def _split_after_first_section(text: str) -> tuple[str, str]:
    """The meeting cut just after the heading of item 2's case description."""
    at = text.index("Sagsfremstilling", _ITEM.search(text, _ITEM.search(text).end()).start())
    at = text.index("\n\n", at) + 2
    return text[:at], text[at:]


def many_items(size: int) -> str:
    """A meeting of ``size`` bytes (a little over) of many items, numbered 1, 2, 3 …"""
    first = _meetings()[0]
    head = first[:_ITEM.search(first).start()]
    items = [m for text in _meetings() for m in _items(text)]
    parts, n, k = [head], len(head.encode()), 0
    while n < size:
        item = _NUMBER.sub(lambda m: f"{m.group(1)}{k + 1}{m.group(2)}", items[k % len(items)], count=1)
        parts.append(item)
        n += len(item.encode())
        k += 1
    return "".join(parts)


def _items(text: str) -> list[str]:
    starts = [m.start() for m in _ITEM.finditer(text)] + [len(text)]
    return [text[a:b] for a, b in zip(starts, starts[1:])]
