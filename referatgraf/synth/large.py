"""Large minutes for the limits tests and the reliability benchmark, in our own words (referatgraf.synth).

Three shapes: one meeting whose second item has one very long case description
(``long_section``), one meeting of very many items (``many_items``), and one of items with one
long case description each (``long_items``). Both are built from
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
    return head + _paragraphs_of(size - len(head.encode()) - len(rest.encode())) + rest


def long_items(size: int, section: int) -> str:
    """A meeting of ``size`` bytes (a little over) of items whose one case description each is
    ``section`` bytes (a little over): a long document under a section limit.

    >>> text = long_items(30_000, 10_000)
    >>> text.count("### Sagsfremstilling"), 30_000 <= len(text.encode()) < 32_000
    (3, True)
    """
    first = _meetings()[2]  # another meeting than long_section's and many_items'
    parts, n, k = [first[:_ITEM.search(first).start()]], 0, 0
    n = len(parts[0].encode())
    while n < size:
        k += 1
        heading = f"## Punkt {k}: CF - Sag nummer {k}\n\n### Sagsfremstilling\n\n"
        body = _paragraphs_of(section, start=k * 7)
        parts.append(heading + body)
        n += len(heading.encode()) + len(body.encode())
    return "".join(parts)


def _paragraphs_of(size: int, start: int = 0) -> str:
    """Body paragraphs, in turn from ``start``, to at least ``size`` bytes."""
    paragraphs, parts, n, k = _paragraphs(), [], 0, start
    while n < size:
        block = paragraphs[k % len(paragraphs)] + "\n\n"
        parts.append(block)
        n += len(block.encode())
        k += 1
    return "".join(parts)


def _split_after_first_section(text: str) -> tuple[str, str]:
    """The meeting cut just after the heading of item 2's case description."""
    at = text.index("Sagsfremstilling", _ITEM.search(text, _ITEM.search(text).end()).start())
    at = text.index("\n\n", at) + 2
    return text[:at], text[at:]


def many_items(size: int) -> str:
    """A meeting of ``size`` bytes (a little over) of many items, numbered 1, 2, 3 …"""
    first = _meetings()[1]  # another meeting than long_section's
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
