"""The ``referatgraf`` command: a thin shell over the library.

Every command builds one :class:`~referatgraf.settings.Settings` from its options (and
``REFERATGRAF_*`` environment variables), calls the library, and prints. Bad input ends with a
one-line message naming the file (and line), exit status 1, and never a traceback.

>>> from typer.testing import CliRunner
>>> result = CliRunner().invoke(app, ["parse", "no-such-file.txt"])
>>> result.exit_code
1
"""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from referatgraf.settings import Settings

app = typer.Typer(
    name="referatgraf",
    help="Turn municipal meeting minutes (referater) into a linked-data knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# -- options shared by commands (one definition each) -------------------------------------------
StoreOpt = Annotated[Optional[Path], typer.Option("--store", help="Embedded store directory (env REFERATGRAF_STORE; default ./referatgraf-store).", show_default=False)]
EndpointOpt = Annotated[Optional[str], typer.Option("--endpoint", help="SPARQL 1.1 endpoint of a remote store instead of the embedded one (env REFERATGRAF_ENDPOINT).", show_default=False)]
BaseIriOpt = Annotated[Optional[str], typer.Option("--base-iri", help="Base of every minted IRI (env REFERATGRAF_BASE_IRI).", show_default=False)]
IndexOpt = Annotated[Optional[Path], typer.Option("--index", help="Full-text index directory (env REFERATGRAF_INDEX; default beside the store, ./referatgraf-index with --endpoint).", show_default=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace a stored meeting even when the new version has fewer items or sections or is cut off (refused otherwise).")]
LimitOpt = Annotated[Optional[list[str]], typer.Option("--limit", metavar="NAME=N", help="A per-document limit: max_document_bytes, max_pages, max_items, max_section_chars, max_mentions or max_triples (env REFERATGRAF_<NAME>); repeatable. A document over one is refused. See docs/limits.md.", show_default=False)]
MunicipalityOpt = Annotated[Optional[str], typer.Option("--municipality", "--authority", "-m", help="The authority the documents belong to, a municipality (\"Greve\") or a region (\"Region Hovedstaden\"); part of every IRI (env REFERATGRAF_MUNICIPALITY).", show_default=False)]


def make_settings(limit: list[str] | None = None, **overrides: object) -> Settings:
    """Settings from the environment, with the options the user gave (None = not given) and
    the ``--limit NAME=N`` ones."""
    return Settings(**limit_overrides(limit or []), **{k: v for k, v in overrides.items() if v is not None})


def limit_overrides(values: list[str]) -> dict[str, int]:
    """``--limit`` values as Settings fields; a name that is no limit or a value that is no
    whole number is a usage error.

    >>> limit_overrides(["max_items=2000", "max-pages=50_000"])
    {'max_items': 2000, 'max_pages': 50000}
    """
    from dataclasses import fields

    from referatgraf.parse.limits import Limits

    names = [f.name for f in fields(Limits)]
    out = {}
    for value in values:
        name, _, number = value.partition("=")
        name = name.strip().replace("-", "_")
        if name not in names or not number.strip().replace("_", "").isdigit():
            raise typer.BadParameter(f"{value!r}: give NAME=N, NAME one of {', '.join(names)}", param_hint="--limit")
        out[name] = int(number.strip().replace("_", ""))
    return out


def writable_index(settings: Settings):  # noqa: ANN201 - the TextIndex, a context manager
    """The full-text index the settings name, opened to write (its lock held until closed)."""
    from referatgraf.index.open import open_index

    return open_index(settings)


def refresh_index(settings: Settings) -> None:
    """Rebuild the full-text index from the store when it is out of step with it."""
    from referatgraf.read.index_records import index_state, rebuild
    from referatgraf.store.open import open_store

    with open_store(settings, read_only=True) as source, writable_index(settings) as text_index:
        if not index_state(source, text_index).fresh:
            rebuild(source, text_index)


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"referatgraf: {message}", err=True)
    return typer.Exit(code)


def exit_on_failures(messages: list[str]) -> None:
    """Print each failed document's message on stderr; exit 1 when there was any."""
    for message in messages:
        typer.echo(f"referatgraf: {message}", err=True)
    if messages:
        raise typer.Exit(1)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt while the block runs, so a terminated job unwinds as an
    interrupted one does (its workers stopped, its store closed) instead of dying mid-write."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():  # only the main thread gets signals
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def friendly_errors(func: Callable) -> Callable:
    """Turn the library's expected errors into a message and exit status 1 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        from referatgraf.index.base import TextIndexError
        from referatgraf.parse.errors import ParseError
        from referatgraf.read.errors import ReadError
        from referatgraf.store.base import StoreError

        try:
            return func(*args, **kwargs)
        except (ParseError, StoreError, TextIndexError, ReadError) as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)] = False,
) -> None:
    """Turn municipal meeting minutes (referater) into a linked-data knowledge graph.

    Typical use: ``referatgraf ingest minutes/ -m Albertslund`` then ``referatgraf serve``.
    """
    if version:
        from referatgraf import __version__

        typer.echo(f"referatgraf {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


# -- commands -------------------------------------------------------------------------------------
# Each command's body calls one library function; keep them short.


@app.command("parse")
@friendly_errors
def parse_cmd(
    files: Annotated[list[Path], typer.Argument(help="Minutes or agendas as published (.txt, .md, .pdf, .json, .xml, .html, .zip).", show_default=False)],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object per file (a list when several).")] = False,
    municipality: MunicipalityOpt = None,
) -> None:
    """Parse minutes and show what was found (items, cases, decisions) and the parse report.

    Exit status 1 for unreadable input or a document cut off mid-item (what is certain is shown).
    """
    from referatgraf.parse.summary import parse_files, render

    meetings, problems = parse_files(files, municipality)
    if meetings:
        typer.echo(render(meetings, json_out))
    for problem in problems:
        typer.echo(f"referatgraf: {problem}", err=True)
    if problems:
        raise typer.Exit(1)


@app.command("check")
@friendly_errors
def check_cmd(
    files: Annotated[list[Path], typer.Argument(help="Documents to check (any format the readers know).", show_default=False)],
    json_out: Annotated[bool, typer.Option("--json", help="Print the checks as a JSON list.")] = False,
) -> None:
    """Check how documents read: the reader chosen, items found versus listed, headings it could
    not place, warnings. Exit status 1 when a document is refused or unreadable."""
    from referatgraf.parse.check_report import check_files, render_checks

    checks = check_files(files)
    typer.echo(render_checks(checks, json_out))
    if not all(c["ok"] for c in checks):
        raise typer.Exit(1)


# -- graph commands (issue 3) --------------------------------------------------------------------


@app.command("ingest")
@friendly_errors
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Minutes files or folders.", show_default=False)],
    store: StoreOpt = None, endpoint: EndpointOpt = None, municipality: MunicipalityOpt = None,
    base_iri: BaseIriOpt = None, index: IndexOpt = None, force: ForceOpt = False, limit: LimitOpt = None,
) -> None:
    """Parse, extract and store documents: one atomic named graph per meeting document, its
    items replaced in the full-text index with it (both or neither). A re-ingest that would
    lose items or sections of the stored version, or is cut off, is refused unless --force."""
    from referatgraf.console import progress_bar, render_summary
    from referatgraf.ingest.pipeline import ingest_paths
    from referatgraf.store.open import open_store

    settings = make_settings(limit, store=store, endpoint=endpoint, municipality=municipality, base_iri=base_iri, index=index)
    with open_store(settings) as target, writable_index(settings) as text_index, \
            progress_bar(sys.stderr.isatty()) as progress:
        summary = ingest_paths(paths, target, settings, progress, index=text_index, force=force)
    typer.echo(render_summary(summary))
    exit_on_failures([f.message for f in summary.failures] + ([str(summary.stopped)] if summary.stopped else []))


@app.command("index")
@friendly_errors
def index_cmd(store: StoreOpt = None, endpoint: EndpointOpt = None, index: IndexOpt = None) -> None:
    """Rebuild the full-text index from the store (after writes by other processes, or to start
    one for an existing store). See docs/search-usage.md."""
    from referatgraf.console import progress_bar
    from referatgraf.index.open import open_index
    from referatgraf.read.index_records import rebuild
    from referatgraf.store.open import open_store

    settings = make_settings(store=store, endpoint=endpoint, index=index)
    with open_store(settings) as source, open_index(settings) as text_index, \
            progress_bar(sys.stderr.isatty(), "index") as progress:
        items = rebuild(source, text_index, progress)
    typer.echo(f"indexed {items} item(s) from {len(text_index.documents())} document(s) into {settings.index_dir}")


@app.command("search")
@friendly_errors
def search_cmd(
    query: Annotated[str, typer.Argument(help="Words, \"a phrase\", -excluded, case numbers; '' for every item.", show_default=False)] = "",
    body: Annotated[Optional[list[str]], typer.Option("--body", help="Only this body (repeat for several).", show_default=False)] = None,
    municipality: Annotated[Optional[list[str]], typer.Option("--municipality", "-m", help="Only this municipality slug, e.g. albertslund (repeat for several).", show_default=False)] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="First meeting date, YYYY-MM-DD.", show_default=False)] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="Last meeting date, YYYY-MM-DD.", show_default=False)] = None,
    sort: Annotated[str, typer.Option("--sort", help="relevance | date (oldest first) | -date (newest first).")] = "relevance",
    limit: Annotated[int, typer.Option("--limit", "-n", help="Hits to show.", min=1, max=10_000)] = 20,
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv.")] = "table",
    store: StoreOpt = None, endpoint: EndpointOpt = None, index: IndexOpt = None,
) -> None:
    """Search agenda items: `referatgraf search 'budget' --body Økonomiudvalget --sort -date`."""
    from referatgraf.console import check_index, parse_day, render_search
    from referatgraf.index.open import open_index
    from referatgraf.read.search import make_request, search_result
    from referatgraf.store.open import open_store

    settings = make_settings(store=store, endpoint=endpoint, index=index)
    request = make_request(query, {"body": body or [], "municipality": municipality or []},
                           parse_day(date_from, "--from"), parse_day(date_to, "--to"), sort, limit)
    with open_store(settings) as source:
        text_index = check_index(source, settings, lambda line: typer.echo(f"referatgraf: {line}", err=True))
        with text_index:
            typer.echo(render_search(search_result(text_index, settings.base_iri, request), fmt), nl=False)


@app.command("query")
@friendly_errors
def query_cmd(
    query: Annotated[Optional[str], typer.Argument(help="SPARQL query text.", show_default=False)] = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the query from a .rq file.", show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv|tsv|xml|turtle|nt|jsonld.")] = "table",
    store: StoreOpt = None, endpoint: EndpointOpt = None,
) -> None:
    """Run a SPARQL query over the union of all meeting graphs."""
    from referatgraf.console import read_query, render_query
    from referatgraf.store.open import open_store

    text = read_query(query, file)
    with open_store(make_settings(store=store, endpoint=endpoint), read_only=True) as source:
        typer.echo(render_query(source, text, fmt), nl=False)


@app.command("export")
@friendly_errors
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help="ttl|nt|nq|trig|jsonld.")] = "ttl",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout (gzipped when FILE ends in .gz).", show_default=False)] = None,
    store: StoreOpt = None, endpoint: EndpointOpt = None,
) -> None:
    """Export the whole store (quads for nq/trig; the union graph for ttl/nt/jsonld), streamed in
    constant memory. Union-graph formats list a triple once per graph that holds it."""
    from referatgraf.store.dump import export_to
    from referatgraf.store.open import open_store

    with open_store(make_settings(store=store, endpoint=endpoint), read_only=True) as source:
        export_to(source, fmt, output)


@app.command("validate")
@friendly_errors
def validate_cmd(store: StoreOpt = None, endpoint: EndpointOpt = None) -> None:
    """Check the store against the SHACL shapes; exit status 1 on violations, or when a bulk load
    into it did not finish (the store is incomplete)."""
    from referatgraf.console import render_validation
    from referatgraf.store.open import open_store
    from referatgraf.read.validate import validate_store

    from referatgraf.read.stats import interrupted_load

    with open_store(make_settings(store=store, endpoint=endpoint), read_only=True) as source:
        interrupted = interrupted_load(source)
        report = validate_store(source)
    typer.echo(render_validation(report))
    if interrupted:
        raise fail(str(interrupted))
    if not report.conforms:
        raise typer.Exit(1)


@app.command("stats")
@friendly_errors
def stats_cmd(store: StoreOpt = None, endpoint: EndpointOpt = None) -> None:
    """Graphs, triples and nodes per class in the store; a warning first when a bulk load into it
    did not finish."""
    from referatgraf.console import render_stats
    from referatgraf.read.stats import store_stats
    from referatgraf.store.open import open_store

    with open_store(make_settings(store=store, endpoint=endpoint), read_only=True) as source:
        typer.echo(render_stats(store_stats(source)), nl=False)


@app.command("actors")
@friendly_errors
def actors_cmd(
    kind: Annotated[Optional[str], typer.Option("--type", "-t", help="person, post, department, body or organisation [default: all].", show_default=False)] = None,
    store: StoreOpt = None, endpoint: EndpointOpt = None,
) -> None:
    """Actors in the store with their mention counts and the meetings they appear in."""
    from referatgraf.read.actors import KINDS, list_actors, render_actors
    from referatgraf.store.open import open_store

    if kind is not None and kind not in KINDS:
        raise fail(f"unknown --type {kind!r}; choose one of {', '.join(KINDS)}")
    with open_store(make_settings(store=store, endpoint=endpoint), read_only=True) as source:
        typer.echo(render_actors(list_actors(source, kind)), nl=False)


@app.command("serve")
@friendly_errors
def serve_cmd(
    store: StoreOpt = None, endpoint: EndpointOpt = None, base_iri: BaseIriOpt = None,
    host: Annotated[Optional[str], typer.Option("--host", help="Interface to listen on (default 127.0.0.1; env REFERATGRAF_HOST).", show_default=False)] = None,
    port: Annotated[Optional[int], typer.Option("--port", help="Port (default 8000; env REFERATGRAF_PORT).", show_default=False)] = None,
    write_token: Annotated[Optional[str], typer.Option("--write-token", help="Bearer token that enables POST /api/documents (env REFERATGRAF_WRITE_TOKEN; none: writing is off).", show_default=False)] = None,
    limit: LimitOpt = None,
) -> None:
    """Serve the graph: SPARQL endpoint, Linked Data pages, JSON API and the visual explorer."""
    from referatgraf.web.serve import serve

    serve(make_settings(limit, store=store, endpoint=endpoint, base_iri=base_iri, host=host, port=port,
                        write_token=write_token))


# -- visualisation (issue 6) ----------------------------------------------------------------------


@app.command("viz")
@friendly_errors
def viz_cmd(
    kind: Annotated[str, typer.Argument(help="case | person | department | body | kle.", show_default=False)],
    ident: Annotated[str, typer.Argument(help="Case number, person/department/body id or slug, or KLE notation.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write (assets go to viz-assets/ beside it).")] = Path("viz.html"),
    link_base: Annotated[str, typer.Option("--link-base", help="Prefix for node links, e.g. the served app's address; default: site-relative /doc/ paths.")] = "",
    store: StoreOpt = None, endpoint: EndpointOpt = None, base_iri: BaseIriOpt = None,
) -> None:
    """Export an interactive graph page that works offline: `referatgraf viz case 00.01.00-A00-108-15 -o case.html`."""
    from referatgraf.store.open import open_store
    from referatgraf.viz.render import write_page
    from referatgraf.viz.views import ViewNotFound, build_view

    settings = make_settings(store=store, endpoint=endpoint, base_iri=base_iri)
    with open_store(settings, read_only=True) as source:
        try:
            view = build_view(source, settings, kind, ident)
        except ViewNotFound as exc:
            raise fail(str(exc)) from None
    typer.echo(f"wrote {write_page(view, settings, output, link_base)} ({view.graph.number_of_nodes()} nodes)")


# -- scale commands (issue 7) ---------------------------------------------------------------------


@app.command("bulk-ingest")
@friendly_errors
def bulk_ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Minutes files or folders.", show_default=False)],
    store: StoreOpt = None, municipality: MunicipalityOpt = None, base_iri: BaseIriOpt = None,
    by_folder: Annotated[bool, typer.Option("--by-folder", help="Each folder directly under a given folder is one municipality, named as the folder.")] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", help="Worker processes (default: one per core).", show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Allow a non-empty store: each meeting's graph is dropped, then loaded (also: start an unfinished load over).")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Finish a bulk load that stopped half way: documents it loaded are skipped, the others loaded again.")] = False,
    index: IndexOpt = None, limit: LimitOpt = None,
) -> None:
    """Load a large corpus into an EMPTY embedded store fast (parallel parsing, bulk writes).
    Not transactional per document: for initial loads; use `ingest` for updates. A load that is
    killed or interrupted leaves the store marked incomplete (see `stats`): run it again with
    --resume to finish it. Exit status 130 when interrupted (SIGINT or SIGTERM)."""
    from referatgraf.ingest.bulk import bulk_ingest

    settings = make_settings(limit, store=store, municipality=municipality, base_iri=base_iri, index=index)
    try:
        with terminate_as_interrupt(), writable_index(settings) as text_index:
            s = bulk_ingest(paths, settings, by_folder=by_folder, workers=workers, replace=replace, resume=resume,
                            index=text_index)
    except KeyboardInterrupt:
        raise fail("interrupted: the store is marked incomplete; run the same bulk-ingest with --resume "
                   "to finish it, or with --replace to start over", 130) from None
    if resume:  # the stopped load may have died before its index writes were committed
        refresh_index(settings)
    skipped = f", {s.skipped} loaded before" if s.skipped else ""
    typer.echo(f"bulk-loaded {s.documents} documents{skipped}, {s.quads} quads in {s.seconds:.1f} s "
               f"({s.meetings_per_second:.0f} meetings/s, {s.quads_per_second:.0f} quads/s)")
    exit_on_failures([message for _, message in s.failures])


@app.command("generate")
@friendly_errors
def generate_cmd(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the minutes (and truth.jsonl) to.", show_default=False)],
    meetings: Annotated[int, typer.Option("--meetings", "-n", help="Number of meetings to generate.")] = 30,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 0,
    layout: Annotated[str, typer.Option("--layout", help="markdown | plain | 2014 | mixed (by year, as published).")] = "mixed",
    pdf: Annotated[bool, typer.Option("--pdf", help="Write PDFs (plain layout typeset) instead of text.")] = False,
) -> None:
    """Generate realistic synthetic minutes (invented municipalities, people and cases) for demos,
    tests and benchmarks."""
    import importlib.util

    from referatgraf.synth.corpus import LAYOUT_CHOICES, write_corpus

    if layout not in LAYOUT_CHOICES:
        raise fail(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUT_CHOICES)}")
    if meetings < 1:
        raise fail("--meetings must be at least 1")
    if pdf and importlib.util.find_spec("fpdf") is None:
        raise fail("--pdf needs fpdf2: pip install fpdf2 (it comes with the [test] extra)")
    summary = write_corpus(out_dir, meetings, seed=seed, layout=layout, pdf=pdf)
    typer.echo(f"wrote {summary['meetings']} meetings ({summary['bytes'] / 1e6:.1f} MB) to {out_dir} "
               f"in {len(summary['folders'])} municipality folder(s)")


# -- harvesting publication portals (issue 12) ----------------------------------------------------

harvest_app = typer.Typer(name="harvest", help="Fetch a publication portal's meetings, keep them on disk, ingest the new and changed ones.",
                          no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(harvest_app, name="harvest")


@harvest_app.command("firstagenda")
@friendly_errors
def harvest_firstagenda_cmd(
    url: Annotated[str, typer.Argument(help="The portal, e.g. https://dagsordener.greve.dk", show_default=False)],
    since: Annotated[Optional[str], typer.Option("--since", help="Only meetings on or after this date (YYYY-MM-DD).", show_default=False)] = None,
    folder: Annotated[Optional[Path], typer.Option("--dir", help="Harvest folder: responses as fetched and the resume state (default ./referatgraf-harvest/<host>).", show_default=False)] = None,
    delay: Annotated[float, typer.Option("--delay", help="Seconds between requests.")] = 1.0,
    tries: Annotated[int, typer.Option("--tries", help="Attempts per request on 5xx, timeouts and connection errors.")] = 4,
    backoff: Annotated[float, typer.Option("--backoff", help="Seconds before the first retry; doubled for each next one.")] = 1.0,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for one response.")] = 30.0,
    store: StoreOpt = None, endpoint: EndpointOpt = None, municipality: MunicipalityOpt = None,
    base_iri: BaseIriOpt = None, index: IndexOpt = None, force: ForceOpt = False, limit: LimitOpt = None,
) -> None:
    """Harvest a FirstAgenda publication portal: `referatgraf harvest firstagenda https://dagsordener.greve.dk -m Greve`.

    One line per meeting on stderr. Exit status 1 when a meeting failed (the others stay ingested:
    run again to resume), 130 when interrupted. See docs/harvest.md.
    """
    from referatgraf.console import harvest_progress
    from referatgraf.ingest.harvest import HarvestError, harvest_firstagenda, parse_date
    from referatgraf.store.open import open_store

    settings = make_settings(limit, store=store, endpoint=endpoint, municipality=municipality, base_iri=base_iri, index=index)
    try:
        start = parse_date(since) if since is not None else None
        with open_store(settings) as target, writable_index(settings) as text_index:
            report = harvest_firstagenda(url, target, settings, folder=folder, since=start, delay=delay, tries=tries,
                                         backoff=backoff, timeout=timeout,
                                         progress=harvest_progress(lambda line: typer.echo(line, err=True)),
                                         index=text_index, force=force)
    except HarvestError as exc:
        raise fail(str(exc)) from None
    typer.echo(report.render())
    if report.interrupted:
        raise fail("interrupted (run again to resume)", 130)
    exit_on_failures(report.failures)


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
