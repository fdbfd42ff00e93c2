"""Stream a corpus of generated minutes: which meetings exist, in what order, and writing them.

The corpus is a set of *series*, one per (municipality, body). Each series is generated in date
order from its own seeded ``random.Random``, so memory stays flat whatever the size (one
municipality's small case register and one series' state at a time) and the same seed always
gives byte-identical files.

Output folders: one per municipality (``OUT/<Municipality>/``), or ``OUT`` itself when the corpus
has one municipality. Each holds the documents (``<body>_<YYYY-MM-DD>.md|.txt|.pdf``) and
``truth.jsonl``: one JSON object per line, the ground truth of each document in order (see
:mod:`referatgraf.synth.truth`). JSON Lines, not one ``.json`` per document: ingest reads
``.json`` files as documents, and one appendable file suits a stream.

>>> docs = iter_documents(3, seed=1)
>>> next(docs).name
'chefforum_2019-09-05.txt'
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from referatgraf.graph.iris import slugify
from referatgraf.synth.layouts import LAYOUTS, layout_for_year, render
from referatgraf.synth.plan import SeriesState, plan_meeting
from referatgraf.synth.truth import meeting_truth
from referatgraf.synth.world import BODIES, Body, Municipality

FIRST_YEAR = 2012
MAX_SPAN_YEARS = 14
PER_MUNICIPALITY = len(BODIES) * 130
"""Meetings one municipality holds in the generated period (12 bodies, ~130 meetings each)."""
_START_OFFSETS = (7, 5, 1, 10, 2, 5, 8, 0, 3, 6, 9, 11)
_WEEKDAY = {True: 1, False: 3}  # political bodies meet on Tuesdays, management fora on Thursdays
LAYOUT_CHOICES = LAYOUTS + ("mixed",)


@dataclass(frozen=True)
class Series:
    municipality: int
    body: int
    length: int


@dataclass
class Document:
    """One generated document: where it goes, its content and its ground truth."""

    folder: str  # municipality folder ("" when the corpus has one municipality)
    name: str
    content: bytes
    truth: dict


def plan_series(n: int) -> list[Series]:
    """The series that together hold ``n`` meetings (small corpora: a few bodies with ~10 each)."""
    if n < 1:
        raise ValueError("the corpus needs at least one meeting")
    count = min(math.ceil(n / 10), max(len(BODIES), math.ceil(n / 130)))
    base, extra = divmod(n, count)
    return [Series(k // len(BODIES), k % len(BODIES), base + (1 if k < extra else 0)) for k in range(count)]


def iter_documents(n: int, seed: int = 0, layout: str = "mixed", pdf: bool = False) -> Iterator[Document]:
    """Yield ``n`` documents, series by series, each in date order (a generator: nothing is kept)."""
    if layout not in LAYOUT_CHOICES:
        raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUT_CHOICES)}")
    series = plan_series(n)
    single = series[-1].municipality == 0
    world: Municipality | None = None
    for k, s in enumerate(series):
        if world is None or world.index != s.municipality:
            world = Municipality.build(seed, s.municipality)
        folder = "" if single else world.name
        yield from _series_documents(world, s, k, seed, layout, pdf, folder)


def _series_documents(world: Municipality, s: Series, k: int, seed: int, layout: str, pdf: bool,
                      folder: str) -> Iterator[Document]:
    body = BODIES[s.body]
    rng = random.Random(f"referatgraf-synth/{seed}/series/{s.municipality}/{s.body}/{s.length}")
    state = SeriesState()
    for date in meeting_dates(body, s.length, k, rng):
        plan = plan_meeting(world, body, s.body, date, state, rng)
        state.remember(plan)
        chosen = "plain" if pdf else (layout_for_year(date.year) if layout == "mixed" else layout)
        text = render(plan, chosen, rng)
        if pdf:
            from referatgraf.synth.pdf import to_pdf

            name, content, media = f"{slugify(body.name)}_{date}.pdf", to_pdf(text), "application/pdf"
        else:
            ext = "txt" if chosen == "plain" else "md"
            name, content = f"{slugify(body.name)}_{date}.{ext}", text.encode("utf-8")
            media = "text/plain" if ext == "txt" else "text/markdown"
        yield Document(folder, name, content, meeting_truth(plan, name, chosen, media))


def meeting_dates(body: Body, length: int, k: int, rng: random.Random) -> Iterator[dt.date]:
    """``length`` meeting dates for a series: regular, on the body's weekday, no meetings in July."""
    step = max(365 / body.per_year, 7.0)
    step = min(step, MAX_SPAN_YEARS * 365 / max(length, 1)) if length * step > MAX_SPAN_YEARS * 365 else step
    years = math.ceil(length * step / 365)
    offset = _START_OFFSETS[k % len(_START_OFFSETS)] % max(1, MAX_SPAN_YEARS - years + 1)
    day = dt.date(FIRST_YEAR + offset, 1 + (k * 5 + 8) % 12, 1)
    previous = None
    for _ in range(length):
        date = _on_weekday(day, _WEEKDAY[body.political])
        if date.month == 7:
            date = _on_weekday(dt.date(date.year, 8, 1), _WEEKDAY[body.political])
        if previous and date <= previous:
            date = _on_weekday(previous + dt.timedelta(days=1), _WEEKDAY[body.political])
        previous = date
        yield date
        day = date + dt.timedelta(days=round(step) + rng.randint(-3, 3))


def _on_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


TRUTH_FILE = "truth.jsonl"


def write_corpus(out_dir: str | Path, n: int, seed: int = 0, layout: str = "mixed", pdf: bool = False) -> dict:
    """Write ``n`` documents and their truth under ``out_dir`` (existing truth files are
    replaced); returns a summary: meetings, bytes, municipality folders."""
    out = Path(out_dir)
    count = size = 0
    folders: list[str] = []
    truth = None
    try:
        for doc in iter_documents(n, seed, layout, pdf):
            folder = out / doc.folder
            if not folders or folders[-1] != doc.folder:
                folder.mkdir(parents=True, exist_ok=True)
                if truth:
                    truth.close()
                truth = (folder / TRUTH_FILE).open("w", encoding="utf-8")
                folders.append(doc.folder)
            (folder / doc.name).write_bytes(doc.content)
            truth.write(json.dumps(doc.truth, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
            size += len(doc.content)
    finally:
        if truth:
            truth.close()
    return {"meetings": count, "bytes": size, "folders": [f or "." for f in folders]}


def read_truth(folder: str | Path) -> dict[str, dict]:
    """The ground truth of a generated folder, keyed by document file name."""
    path = Path(folder) / TRUTH_FILE
    with path.open(encoding="utf-8") as lines:
        return {t["file"]: t for t in map(json.loads, lines)}
