"""JSON as the portals and exports publish it, loaded with the limits every JSON reader shares.

``json.loads`` accepts two things later stages cannot use: nesting so deep that walking the data
overflows the stack (refused past :data:`MAX_DEPTH` levels), and ``\\ud800``-style escapes of half a surrogate pair, which become strings
no UTF-8 encoder can write (the meeting would parse, then fail on its way into the store). Both
are refused here as a :class:`ParseError` naming the line.

>>> load_json('{"a": [1, 2]}')
{'a': [1, 2]}
>>> load_json('{"a":\\n "x\\\\ud800"}')
Traceback (most recent call last):
referatgraf.parse.errors.ParseError: <input>:2: invalid JSON: half a surrogate pair (\\ud800) is not a character
>>> load_json("[" * 5000 + "]" * 5000)
Traceback (most recent call last):
referatgraf.parse.errors.ParseError: <input>: invalid JSON: nested too deeply
>>> load_json("[" * 300 + "]" * 300)
Traceback (most recent call last):
referatgraf.parse.errors.ParseError: <input>: invalid JSON: nested too deeply (more than 100 levels of arrays and objects)
"""

from __future__ import annotations

import json
import re
from typing import Any

from referatgraf.parse.errors import ParseError

#: arrays and objects nested deeper than this are refused (portal and export JSON nests < 10 deep)
MAX_DEPTH = 100
_ESCAPE = re.compile(r"\\+u[dD][89a-fA-F][0-9a-fA-F]{2}")


def load_json(text: str) -> Any:
    """The data of ``text``; :class:`ParseError` (line where known, no file) for invalid JSON."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    except RecursionError:
        raise ParseError("invalid JSON: nested too deeply") from None
    if _depth(data) > MAX_DEPTH:  # the readers walk the data recursively: refuse before they overflow
        raise ParseError(f"invalid JSON: nested too deeply (more than {MAX_DEPTH} levels of arrays and objects)")
    if ("\\u" in text and _ESCAPE.search(text)) and not _encodable(data):
        raise _surrogate_error(text)
    return data


def _depth(data: Any) -> int:
    """How deep arrays and objects nest (a scalar: 0), counted without recursion; stops counting
    past :data:`MAX_DEPTH`.

    >>> _depth({"a": [1, {"b": []}]}), _depth(3)
    (4, 0)
    """
    deepest, stack = 0, [(data, 1)]
    while stack and deepest <= MAX_DEPTH:
        value, level = stack.pop()
        if isinstance(value, (list, dict)):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in (value.values() if isinstance(value, dict) else value))
    return deepest


def _encodable(data: Any) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    except RecursionError:  # pragma: no cover - json.loads nests as deep as dumps can
        return False
    return True


def _surrogate_error(text: str) -> ParseError:
    """The first escape of a lone surrogate (a high one not followed by a low one, or a low one
    alone), with its line."""
    for m in _ESCAPE.finditer(text):
        if (len(m[0]) - 5) % 2 == 0:  # an escaped backslash, not an escape
            continue
        code = int(m[0][-4:], 16)
        after = text[m.end():m.end() + 6]
        before = text[max(0, m.start() - 6):m.start()]
        paired = (code < 0xDC00 and re.fullmatch(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", after)) or \
                 (code >= 0xDC00 and re.fullmatch(r"\\u[dD][89abAB][0-9a-fA-F]{2}", before))
        if not paired:
            return ParseError(f"invalid JSON: half a surrogate pair (\\u{m[0][-4:].lower()}) is not a character",
                              line=text.count("\n", 0, m.start()) + 1)
    return ParseError("invalid JSON: half a surrogate pair is not a character")  # pragma: no cover
