"""What the graph commands print: ingest progress and summaries, harvest lines, query results,
validation reports, stats.

Kept out of cli.py so the commands stay a few lines each, and out of ingest/, which reports
through callbacks (ingest.progress) that this module turns into a progress bar or lines.
Everything a document contains is printed as text (rich markup is escaped), never interpreted.

>>> query_output_type("table"), query_output_type("csv")
(None, 'text/csv')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from referatgraf.index.base import TextIndex, TextIndexError
from referatgraf.ingest.pipeline import IngestSummary
from referatgraf.ingest.progress import Progress
from referatgraf.read.index_records import index_state
from referatgraf.read.schemas import SearchResult
from referatgraf.read.search import CSV_COLUMNS, BadSearch, csv_row
from referatgraf.read.stats import StoreStats, compact
from referatgraf.settings import Settings
from referatgraf.store.base import Store, StoreError
from referatgraf.read.validate import ValidationReport

if TYPE_CHECKING:
    from referatgraf.ingest.harvest import MeetingOutcome

QUERY_FORMATS = {"table": None, "json": "application/sparql-results+json", "csv": "text/csv",
                 "tsv": "text/tab-separated-values", "xml": "application/sparql-results+xml",
                 "turtle": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}


def query_output_type(fmt: str) -> str | None:
    if fmt not in QUERY_FORMATS:
        raise StoreError(f"unknown output format {fmt!r}; choose one of {', '.join(QUERY_FORMATS)}")
    return QUERY_FORMATS[fmt]


def read_query(query: str | None, file: Path | None) -> str:
    """The query text from the argument or ``--file``."""
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"{file}: cannot read query: {exc.strerror or exc}") from None
    if not query:
        raise StoreError("give a SPARQL query or --file FILE")
    return query


def render_query(store: Store, query: str, fmt: str) -> str:
    """A query's result as text: a table (SELECT/ASK/CONSTRUCT) or a serialisation."""
    media = query_output_type(fmt)
    if media is not None:
        return store.query_raw(query, media)[0].decode("utf-8")
    body, media = store.query_raw(query, "application/sparql-results+json, text/turtle;q=0.9")
    if media != "application/sparql-results+json":
        return body.decode("utf-8")
    import json

    data = json.loads(body)
    if "boolean" in data:
        return "yes" if data["boolean"] else "no"
    variables = data["head"]["vars"]
    table = Table(*variables, show_lines=False)
    for row in data["results"]["bindings"]:
        table.add_row(*(escape(compact(row[v]["value"])) if v in row else "" for v in variables))
    return _to_text(table) + f"{len(data['results']['bindings'])} row(s)\n"


def render_summary(summary: IngestSummary) -> str:
    lines = [f"{summary.meetings} meeting(s), {summary.items} item(s), {summary.triples} triple(s) "
             f"from {len(summary.documents)} document(s); {len(summary.failures)} failed{_stopped(summary)}"]
    lines += [f"warning: {w}" for w in summary.warnings]
    return "\n".join(lines)


def _stopped(summary: IngestSummary) -> str:
    """What a run the store left did not do (its reason goes to stderr, once)."""
    if summary.stopped is None:
        return ""
    unsure = ", 1 may or may not be stored" if summary.stopped.uncertain else ""
    return f"; {len(summary.stopped.not_ingested)} not ingested{unsure}: the store stopped answering"


def render_validation(report: ValidationReport, limit: int = 50) -> str:
    if report.conforms:
        return f"valid: {report.triples} triple(s) conform to the shapes"
    shown = [str(v) for v in report.violations[:limit]]
    more = len(report.violations) - len(shown)
    tail = [f"... and {more} more"] if more > 0 else []
    return "\n".join([f"{len(report.violations)} violation(s):", *shown, *tail])


def render_stats(stats: StoreStats) -> str:
    table = Table("class", "nodes")
    for cls, n in stats.classes.items():
        table.add_row(escape(cls), str(n))
    warning = f"warning: {stats.interrupted}\n" if stats.interrupted else ""
    counts = (f"{stats.graphs} graph(s), {stats.triples} distinct triple(s) in {stats.quads} quad(s), "
              f"{stats.stub_meetings} stub meeting(s) (known only from references, not counted as besluit:Zitting)\n")
    return warning + counts + _to_text(table)


@contextmanager
def progress_bar(enabled: bool = True, label: str = "ingest") -> Iterator[Progress]:
    """A rich progress bar over documents on stderr, gone when done; yields ingest's callbacks."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn

    with Bar(TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
             console=Console(stderr=True), disable=not enabled, transient=True) as bar:
        task = bar.add_task("", total=None)
        yield Progress(started=lambda total: bar.update(task, total=total),
                       document_done=lambda path, outcome: bar.update(task, advance=1, description=escape(Path(path).name)))


def parse_day(text: str | None, option: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` option as a date (None when not given).

    >>> parse_day("2020-01-30", "--from"), parse_day(None, "--to")
    (datetime.date(2020, 1, 30), None)
    """
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadSearch(f"{option} {text!r}: give a date as YYYY-MM-DD") from None


def check_index(store: Store, settings: Settings, warn: Callable[[str], None]) -> TextIndex:
    """The index the settings name, opened to read; ``warn`` hears when it is stale. A missing
    index is an error that says to build it."""
    from referatgraf.index.open import open_index

    if not settings.index_dir.exists():
        raise TextIndexError(f"no search index at {settings.index_dir}: run `referatgraf index`")
    index = open_index(settings, read_only=True)
    state = index_state(store, index)
    if not state.fresh:
        warn(state.describe())
    return index


def render_search(result: SearchResult, fmt: str) -> str:
    """Hits as a table (with the total and the facets' top values), JSON, or CSV rows."""
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(csv_row(h) for h in result.hits)
        return buffer.getvalue()
    if fmt != "table":
        raise BadSearch(f"unknown output format {fmt!r}; choose table, json or csv")
    table = Table("date", "body", "item", "case", "snippet")
    for h in result.hits:
        table.add_row(str(h.date or ""), escape(h.body or ""), escape(h.item.label or ""),
                      escape(", ".join(h.case_numbers)), escape(h.snippet or ""))
    return _to_text(table) + f"{result.total} item(s) match; showing {len(result.hits)}\n"


def harvest_progress(write: Callable[[str], None]) -> Progress:
    """The harvest's callbacks: one line per meeting (see :func:`harvest_line`) to ``write``.

    >>> from referatgraf.ingest.harvest import ListedMeeting, MeetingOutcome
    >>> lines = []
    >>> progress = harvest_progress(lines.append)
    >>> progress.started(1)
    >>> meeting = ListedMeeting("m1", "Byråd", "2024-04-17T19:00:00+02:00")
    >>> progress.document_done("https://portal/api/agenda/dagsorden/m1", MeetingOutcome(meeting, "", "ingested", 3))
    >>> lines
    ['[1/1] 2024-04-17 Byråd: ingested (3 items)']
    """
    counts = {"done": 0, "total": 0}

    def started(total: int | None) -> None:
        counts["total"] = total or 0

    def document_done(url: str, outcome: MeetingOutcome) -> None:
        counts["done"] += 1
        write(harvest_line(counts["done"], counts["total"], outcome))

    return Progress(started=started, document_done=document_done)


def harvest_line(number: int, total: int, outcome: MeetingOutcome) -> str:
    """``[n/total] <date> <body>: <what happened>``."""
    meeting = outcome.meeting
    date = meeting.date.isoformat() if meeting.date else (meeting.dato or "no date")
    return f"[{number}/{total}] {date} {meeting.body}: {outcome.describe()}"


def _to_text(table: Table) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=160, color_system=None).print(table)
    return buffer.getvalue()
