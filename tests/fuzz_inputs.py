"""Fuzz inputs for every reader (issue 19): real documents as seeds, mutations as plain data.

Shared by tests/parse/test_fuzz_readers.py, tests/web/test_fuzz_upload.py and
benchmarks/fuzz.py. A seed is a real document a reader reads (../shared/corpus, ../shared/seeds,
the generated layout fixtures); a mutation is a list of operations ``[op, offset, arg]`` applied
in turn, so every generated input can be written down as "seed path + operations" (the regression
cases in tests/fixtures/fuzz_cases.yaml) without storing any corpus bytes.

Operations: truncations, byte flips, insertions of hostile pieces (control characters, invalid
UTF-8, markup fragments), deletions, duplications, deep nesting that keeps the document
well-formed (JSON arrays, XML/HTML elements), huge fields, BOMs, re-encodings, wrong file names
and empty files. :func:`outcome` is the one rule the fuzz suite asserts: parsing ends in a
sound :class:`Meeting` or a :class:`ParseError` naming the file; anything else is unhandled.

>>> apply(b'{"a": [1]}', [["nest", 0, 3]], "x.json")[0]
b'{"fuzz": [[[]]],"a": [1]}'
>>> apply(b"abcdef", [["truncate", 3, 0], ["rename", 0, ".xml"]], "x.txt")
(b'abc', 'x.xml')
>>> outcome(b"", "empty.txt")
('ParseError', 'empty.txt: empty file')
"""

from __future__ import annotations

import contextlib
import io
import random
import signal
import zipfile
import zlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT.parent / "shared").resolve()

#: reader → seed documents, as paths relative to ../shared or the repository (globs)
SEED_GLOBS: dict[str, list[str]] = {
    "firstagenda-json": ["shared:corpus/firstagenda-json/*.json"],
    "firstagenda-html": ["shared:corpus/firstagenda-html/*.html"],
    "referat": ["shared:seeds/*.txt", "repo:tests/fixtures/layouts/[!e]*referat*.txt", "repo:tests/fixtures/layouts/*.md"],
    "edoc-pdf": ["shared:corpus/edoc/*.pdf"],
    "edoc-xml": ["shared:corpus/edoc/*.xml"],
    "acadre-pdf": ["shared:corpus/acadre/*.pdf"],
    "acadre-xml": ["shared:corpus/acadre/*.xml"],
    "sbsys-xml": ["shared:corpus/sbsys/*.xml", "shared:corpus/other/*.xml"],
    "sbsys-zip": ["zip:corpus/sbsys/*.xml"],
    "word-minutes": ["shared:corpus/other/*.pdf"],
    "export-json": ["repo:tests/fixtures/layouts/export_*.json"],
    "export-xml": ["repo:tests/fixtures/layouts/export_*.xml"],
    "export-text": ["repo:tests/fixtures/layouts/export_*.txt"],
}
READERS = list(SEED_GLOBS)
PDF_READERS = {"edoc-pdf", "acadre-pdf", "word-minutes"}


def _resolve(pattern: str) -> list[str]:
    kind, _, glob = pattern.partition(":")
    base = ROOT if kind == "repo" else SHARED
    return [f"{kind}:{p.relative_to(base)}" for p in sorted(base.glob(glob)) if p.name != "README.md" and ".expected." not in p.name]


@lru_cache(maxsize=None)
def seeds(reader: str) -> tuple[str, ...]:
    """The seed ids of ``reader`` (``shared:…``, ``repo:…`` or ``zip:…``, the last a zip made of a
    corpus XML in memory, as SBSYS eDagsorden ships it)."""
    return tuple(s for pattern in SEED_GLOBS[reader] for s in _resolve(pattern))


@lru_cache(maxsize=64)
def seed_bytes(seed: str) -> tuple[bytes, str]:
    """A seed's bytes and file name."""
    kind, _, rel = seed.partition(":")
    path = (ROOT if kind == "repo" else SHARED) / rel
    data = path.read_bytes()
    if kind != "zip":
        return data, path.name
    return _zip(data, 0, "Publication1.xml", path.name)


# -- the pieces an insertion uses (generated here, nothing copied from the corpus) ----------------
PIECES: dict[str, bytes] = {
    "nul": b"\x00", "controls": bytes(range(1, 32)) + b"\x7f", "c1": "\x85\x9b\u2028\u2029".encode(),
    "bom-mid": "\ufeff".encode(), "cr": b"\r", "crlf-run": b"\r\n" * 50, "ff": b"\f", "tabs": b"\t" * 40,
    "bad-utf8": b"\xff\xfe\xc3", "lone-lead": b"\xc3", "surrogate": b"\xed\xa0\x80", "too-high": b"\xf4\x90\x80\x80",
    "overlong": b"\xc0\xaf", "cp1252": "æøå é".encode("cp1252"), "utf16": "Punkt 1".encode("utf-16"),
    "json-open": b'{"', "json-close": b'"}', "json-escape": b"\\ud800\\u0000", "json-number": b"1e999999",
    "json-items": b'"Dagsordenpunkter": [{}],', "json-null": b"null,",
    "xml-tag": b"<a>", "xml-close": b"</", "xml-cdata": b"<![CDATA[", "xml-cdata-end": b"]]>",
    "xml-doctype": b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "xml-entity": b"&e;&#0;&#xD800;&amp",
    "xml-pi": b"<?xml version='1.0' encoding='utf-16'?>", "xml-comment": b"<!--",
    "html-script": b"<script>", "html-heading": b"<h3>Beslutning</h3>", "html-table": b"<table><tr><td>",
    "referat-head": b"REFERAT X d. 01-02-2020\n", "punkt": b"\nPunkt 1: ", "punkt-big": b"\nPunkt 99999999999999999999: x\n",
    "date-bad": b" d. 31-02-2020 ", "date-far": b" d. 01-01-99999 ", "pdf-magic": b"%PDF-1.7\n", "zip-magic": b"PK\x03\x04",
    "pdf-eof": b"%%EOF", "pdf-stream": b"stream\n\xff\xff\xff\nendstream", "pdf-obj": b"1 0 obj << /Type /Pages /Kids [1 0 R] >> endobj",
}
SUFFIXES = [".txt", ".md", ".pdf", ".json", ".xml", ".html", ".htm", ".zip", ".pdf.txt", ".XML", ""]
BOMS = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32": b"\xff\xfe\x00\x00"}
ENCODINGS = ["utf-16", "utf-16-be", "cp1252", "latin-1", "utf-32"]


# -- applying operations ---------------------------------------------------------------------------
def apply(data: bytes, ops: list[list], name: str) -> tuple[bytes, str]:
    """``data`` and ``name`` after each operation ``[op, offset, arg]`` (offsets are clipped)."""
    for op, offset, arg in ops:
        data, name = _OPERATIONS[op](data, min(max(int(offset), 0), len(data)), arg, name)
    return data, name


def _truncate(data: bytes, at: int, arg, name: str):
    return data[:at], name


def _flip(data: bytes, at: int, arg, name: str):
    if not data:
        return data, name
    at = min(at, len(data) - 1)
    return data[:at] + bytes([data[at] ^ (int(arg) & 0xFF or 1)]) + data[at + 1:], name


def _insert(data: bytes, at: int, arg, name: str):
    return data[:at] + PIECES[arg] + data[at:], name


def _delete(data: bytes, at: int, arg, name: str):
    return data[:at] + data[at + int(arg):], name


def _duplicate(data: bytes, at: int, arg, name: str):
    length, times = (int(x) for x in str(arg).split("x"))
    return data[:at] + data[at:at + length] * times + data[at:], name


def _nest(data: bytes, at: int, arg, name: str):
    """``arg`` levels of nesting that keep the document well-formed: a JSON array of arrays after
    the next ``[`` or ``{``; elements (``<a>``, ``<div>`` in HTML) after the next ``>``."""
    depth = int(arg)
    if name.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"["):
        i = _next(data, at, (b"[", b"{"))
        if i < 0:
            return b"[" * depth + data + b"]" * depth, name
        rest = data[i + 1:].lstrip()
        sep = b"" if rest[:1] in (b"]", b"}") else b","
        value = b"[" * depth + b"]" * depth
        if data[i:i + 1] == b"{":
            value = b'"fuzz": ' + value
        return data[:i + 1] + value + sep + data[i + 1:], name
    tag = b"div" if name.lower().endswith((".html", ".htm")) else b"a"
    i = data.find(b">", at)
    i = len(data) if i < 0 else i + 1
    return data[:i] + (b"<" + tag + b">") * depth + (b"</" + tag + b">") * depth + data[i:], name


def _next(data: bytes, at: int, tokens: tuple[bytes, ...]) -> int:
    found = [i for i in (data.find(t, at) for t in tokens) if i >= 0]
    if found:
        return min(found)
    found = [i for i in (data.rfind(t, 0, at) for t in tokens) if i >= 0]
    return max(found) if found else -1


def _huge(data: bytes, at: int, arg, name: str):
    """A field of ``arg`` bytes: after the next quote (inside a JSON string or an attribute) or
    the next ``>`` (element text), else at ``at``; one long word, or words with no line break."""
    size = int(arg)
    quote = data.find(b'"', at)
    gt = data.find(b">", at)
    i = min([j + 1 for j in (quote, gt) if j >= 0] or [at])
    filler = (b"x" if size % 2 else b"ord ") * (size // (1 if size % 2 else 4))
    return data[:i] + filler + data[i:], name


def _bom(data: bytes, at: int, arg, name: str):
    return BOMS[arg] + data, name


def _reencode(data: bytes, at: int, arg, name: str):
    return data.decode("utf-8", "replace").encode(arg, "replace"), name


def _rename(data: bytes, at: int, arg, name: str):
    stem = name.split(".")[0] or "x"
    return data, stem + arg


def _zip(data: bytes, at: int, arg, name: str):
    """``data`` as the publication entry ``arg`` of an SBSYS-style zip (stored, not deflated, so
    later damage reaches the XML's bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(str(arg), data)
        archive.writestr("Enclosures/1.pdf", b"%PDF-1.4\n%%EOF\n")
    return buf.getvalue(), name.split(".")[0] + ".zip"


def _empty(data: bytes, at: int, arg, name: str):
    return [b"", b"\n\n", b" \t\r\n", b"\xef\xbb\xbf", b"\x00" * 16][int(arg) % 5], name


_OPERATIONS = {"truncate": _truncate, "flip": _flip, "insert": _insert, "delete": _delete,
               "duplicate": _duplicate, "nest": _nest, "huge": _huge, "bom": _bom,
               "reencode": _reencode, "rename": _rename, "empty": _empty, "zip": _zip}


# -- generating operations (random.Random for the benchmark, hypothesis in the tests: same tables) -
NEST_DEPTHS = [40, 300, 1_200, 20_000, 200_000]
HUGE_SIZES = [4_001, 65_536, 300_001, 1_000_000]
CI_HUGE_SIZES = HUGE_SIZES[:3]
#: op → how often it is drawn, and the arguments it is drawn with (offsets are drawn separately)
OP_WEIGHTS = {"truncate": 8, "flip": 14, "insert": 18, "delete": 6, "duplicate": 5, "nest": 4, "huge": 2,
              "bom": 2, "reencode": 2, "rename": 4, "empty": 1}
OP_ARGS: dict[str, list] = {
    "truncate": [0], "flip": list(range(1, 256)), "insert": list(PIECES), "delete": [1, 2, 16, 500, 10_000],
    "duplicate": [f"{n}x{k}" for n in (1, 8, 200, 4_000) for k in (2, 10, 200)], "nest": NEST_DEPTHS,
    "huge": HUGE_SIZES, "bom": list(BOMS), "reencode": ENCODINGS, "rename": SUFFIXES, "empty": list(range(5)),
}


def op_args(op: str, huge_sizes: list[int] = HUGE_SIZES) -> list:
    return huge_sizes if op == "huge" else OP_ARGS[op]


def random_op(rng: random.Random, size: int, huge_sizes: list[int] = HUGE_SIZES) -> list:
    """One operation on a document of ``size`` bytes (most of them small, local damage)."""
    op = rng.choices(list(OP_WEIGHTS), weights=list(OP_WEIGHTS.values()))[0]
    return [op, rng.randint(0, max(size, 0)), rng.choice(op_args(op, huge_sizes))]


def random_case(rng: random.Random, reader: str, huge_sizes: list[int] = HUGE_SIZES) -> dict:
    """One fuzz case of ``reader``: a seed and one to four operations."""
    seed = rng.choice(seeds(reader))
    size = len(seed_bytes(seed)[0])
    ops = [random_op(rng, size, huge_sizes) for _ in range(rng.choice([1, 1, 2, 3, 4]))]
    if reader == "sbsys-zip" and rng.random() < 0.5:  # damage inside the archive: the XML first, then zipped
        seed = seed.replace("zip:", "shared:", 1)
        ops.append(["zip", 0, rng.choice(["Publication1.xml", "Publication12.xml", "sub/Publication3.xml"])])
    return {"reader": reader, "seed": seed, "ops": ops}


def case_input(case: dict) -> tuple[bytes, str]:
    """The bytes and file name of a case: seed + operations, or (a generated case of
    tests/fixtures/fuzz_cases.yaml) ``bytes`` — one character per byte — or ``generate``
    (``[generator, argument]``, see :data:`GENERATORS`), and ``name``."""
    if "generate" in case:
        kind, arg = case["generate"]
        return apply(GENERATORS[kind](arg), case.get("ops", []), case["name"])
    if "seed" not in case:
        return apply(case["bytes"].encode("latin-1"), case.get("ops", []), case["name"])
    data, name = seed_bytes(case["seed"])
    return apply(data, case["ops"], name)


def pdf_bomb(size: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``size`` bytes (mostly spaces).

    >>> data = pdf_bomb(10_000_000)
    >>> data[:8], len(data) < 20_000
    (b'%PDF-1.4', True)
    """
    content = b"BT /F1 12 Tf 72 720 Td (REFERAT X d. 01-02-2020) Tj ET\n" + b" " * size
    stream = zlib.compress(content, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources "
               b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


GENERATORS = {"pdf-bomb": pdf_bomb}


def found_cases() -> list[dict]:
    """The regression cases of tests/fixtures/fuzz_cases.yaml."""
    import yaml

    return yaml.safe_load((ROOT / "tests" / "fixtures" / "fuzz_cases.yaml").read_text(encoding="utf-8"))


# -- the same cases drawn by hypothesis (the tests: shrinking, derandomized runs) ------------------
def hypothesis_case(reader: str | None = None, huge_sizes: list[int] = CI_HUGE_SIZES):
    """A hypothesis strategy of cases of ``reader`` (any reader when None)."""
    from hypothesis import strategies as st

    def operation(size: int):
        return st.sampled_from(list(OP_WEIGHTS)).flatmap(
            lambda op: st.tuples(st.just(op), st.integers(0, size), st.sampled_from(op_args(op, huge_sizes))).map(list))

    @st.composite
    def case(draw) -> dict:  # noqa: ANN001 - hypothesis' draw
        chosen = reader or draw(st.sampled_from(READERS))
        seed = draw(st.sampled_from(seeds(chosen)))
        ops = draw(st.lists(operation(len(seed_bytes(seed)[0])), min_size=1, max_size=4))
        if chosen == "sbsys-zip" and draw(st.booleans()):  # damage inside the archive, as random_case does
            seed = seed.replace("zip:", "shared:", 1)
            ops.append(["zip", 0, "Publication1.xml"])
        return {"reader": chosen, "seed": seed, "ops": ops}

    return case()


# -- the rule the fuzz suite asserts ---------------------------------------------------------------
def outcome(data: bytes, name: str) -> tuple[str, str]:
    """Parse; ``("parsed", layout)`` for a sound meeting, ``("ParseError", message)`` for a clean
    refusal. Anything else propagates (an unhandled exception); an unsound meeting fails an assert."""
    from referatgraf.parse import parse_bytes
    from referatgraf.parse.errors import ParseError

    try:
        meeting = parse_bytes(data, name)
    except ParseError as err:
        # the file, or the entry of a zip that holds the error ("m.zip/Publication1.xml")
        assert err.file and (err.file == name or err.file.startswith(name + "/")) and str(err).startswith(err.file), (name, str(err)[:200])
        assert err.line is None or err.line >= 1, (name, err.line)
        return "ParseError", str(err)[:300]
    assert_sound(meeting)
    return "parsed", meeting.report.layout


def assert_sound(meeting) -> None:  # noqa: ANN001 - a Meeting
    """A meeting that came out is plausible and self-consistent: it passes the plausibility
    checks again, items count up, every line range points into the document, sections nest."""
    from referatgraf.parse.checks import plausible

    plausible(meeting)
    n = meeting.source.line_count
    orders = [i.order for i in meeting.items]
    assert meeting.items and orders == sorted(orders) and len(set(orders)) == len(orders), orders
    for item in meeting.items:
        first, last = item.lines
        assert 1 <= first <= last <= n, (item.number, item.lines, n)
        for section in item.sections:
            assert first <= section.lines[0] <= section.lines[1] <= last, (item.number, section.lines)
    meeting.model_dump_json()


class TooSlow(Exception):
    """An input took longer than the time bound (raised by :func:`time_limit`)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TooSlow` in the block after ``seconds`` (SIGALRM: main thread, Unix; C code
    that never returns to Python is not interrupted)."""
    def _raise(signum, frame):  # noqa: ANN001
        raise TooSlow(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
