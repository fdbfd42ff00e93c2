"""Per-document ingest speed, side by side: the pyoxigraph-term path against the old rdflib path,
into the embedded store and into a real ``oxigraph serve``, both pre-filled with ~2,000 meetings.

    python benchmarks/ingest_speed.py [--prefill 2000] [--documents 300] [--workdir DIR]

The corpus is generated (referatgraf.synth), the store pre-filled by bulk ingest. The timed
documents are new meetings taken evenly from the same corpus; the two paths ingest different
documents in alternating blocks of ``--block`` into the same store, so a load change on the
shared machine hits both alike. Each document is timed from its file to its committed write
(parse, extract, map, the keep check's read, the store write; no full-text index).

* new: ``referatgraf.ingest.pipeline.ingest_file`` as it is (graph.terms, store.embedded);
* old (the baseline, kept here): the mapper with rdflib terms, the split, the keep check's read,
  and ONE SPARQL update text ``DROP SILENT GRAPH; INSERT DATA`` (store.statements), which the
  embedded store applied with ``Store.update`` and the remote store sends as it does today.

Writes benchmarks/results/ingest_speed.md and .json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import oxigraph_serve  # noqa: E402  (benchmarks/run.py: a real server on 127.0.0.1)

from referatgraf.extract import extract  # noqa: E402
from referatgraf.graph.mapping import graph_iri, map_meeting, own_rule  # noqa: E402
from referatgraf.ingest.bulk import iter_documents  # noqa: E402
from referatgraf.ingest.pipeline import ingest_file  # noqa: E402
from referatgraf.ingest.unit import minter_for, parse_document  # noqa: E402
from referatgraf.index.records import records_of  # noqa: E402
from referatgraf.settings import Settings  # noqa: E402
from referatgraf.store.embedded import EmbeddedStore  # noqa: E402
from referatgraf.store.remote import RemoteStore  # noqa: E402
from referatgraf.store.statements import graph_query, replace_update  # noqa: E402
from referatgraf.synth.corpus import write_corpus  # noqa: E402


class _RdflibSink(list):
    """The old unit's sink: rdflib triples in a list."""

    def add(self, triple: tuple) -> "_RdflibSink":
        self.append(triple)
        return self

    def bind(self, *args: object, **kwargs: object) -> None:
        pass


def old_ingest(path: Path, store, settings: Settings) -> int:  # noqa: ANN001 - EmbeddedStore or RemoteStore
    """The rdflib path as it was: rdflib terms, one SPARQL update text."""
    meeting = parse_document(path, settings)
    minter = minter_for(settings.base_iri, settings.municipality)
    extraction = extract(meeting, settings)
    triples = list(dict.fromkeys(map_meeting(meeting, extraction, minter, _RdflibSink())))
    is_own = own_rule(meeting, minter)
    own = [t for t in triples if is_own(str(t[0]))]
    shared = [t for t in triples if not is_own(str(t[0]))]
    graph = str(graph_iri(meeting, minter))
    tuple(records_of(meeting, extraction, minter, graph))
    store.construct(graph_query(graph))  # the keep check's read of the stored version
    update = replace_update(graph, own, (minter.shared_graph(), shared))
    if isinstance(store, EmbeddedStore):
        store.oxigraph.update(update)
    else:
        store._update(update)  # noqa: SLF001 - the remote store's one update request, as replace_graph sends it
    return len(triples)


def new_ingest(path: Path, store, settings: Settings) -> int:  # noqa: ANN001
    return ingest_file(path, store, settings).triples


def timed_blocks(store, sets: dict[str, list[tuple[str, str]]], block: int) -> dict:  # noqa: ANN001
    """Each path's documents in alternating blocks; seconds per document and totals."""
    paths = {"new": new_ingest, "old": old_ingest}
    times: dict[str, list[float]] = {name: [] for name in sets}
    triples = dict.fromkeys(sets, 0)
    failures = dict.fromkeys(sets, 0)
    for name, docs in sets.items():  # warm-up, untimed: imports, caches, the first connection
        paths[name](Path(docs[0][0]), store, Settings(municipality=docs[0][1]))
    sets = {name: docs[1:] for name, docs in sets.items()}
    n = len(next(iter(sets.values())))
    for start in range(0, n, block):
        for name, docs in sets.items():
            for path, municipality in docs[start:start + block]:
                settings = Settings(municipality=municipality)
                t = time.perf_counter()
                try:
                    triples[name] += paths[name](Path(path), store, settings)
                except Exception as exc:  # noqa: BLE001 - counted
                    failures[name] += 1
                    print(f"    {name} failed on {path}: {exc}", file=sys.stderr)
                times[name].append(time.perf_counter() - t)
    out = {}
    for name, values in times.items():
        total = sum(values)
        ordered = sorted(values)
        out[name] = {"documents": len(values), "seconds": round(total, 2),
                     "meetings_per_s": round(len(values) / total, 1), "triples_per_s": round(triples[name] / total),
                     "p50_ms": round(ordered[len(ordered) // 2] * 1000, 1),
                     "p95_ms": round(ordered[int(len(ordered) * 0.95)] * 1000, 1),
                     "triples": triples[name], "failures": failures[name]}
    return out


def hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def prepare(workdir: Path, prefill: int, documents: int, seed: int) -> tuple[Path, dict[str, list]]:
    """The corpus, the store pre-filled by bulk ingest, and four sets of timed documents."""
    corpus, store = workdir / "corpus", workdir / "store"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    write_corpus(corpus, prefill + 4 * (documents + 1), seed=seed)
    single = (corpus / "truth.jsonl").exists()  # one municipality: its files in the corpus folder itself
    docs = list(iter_documents([corpus], by_folder=not single, municipality="Egebjerg" if single else None))
    step = len(docs) / (4 * (documents + 1))  # one more each: the first, untimed, warms the path up
    timed_at = {int(k * step) for k in range(4 * (documents + 1))}
    timed = [d for k, d in enumerate(docs) if k in timed_at]
    rest = workdir / "prefill"
    for k, (path, municipality) in enumerate(docs):
        if k not in timed_at:
            target = rest / municipality / Path(path).name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path)
    script = ("import sys; from referatgraf.ingest.bulk import bulk_ingest; from referatgraf.settings import Settings; "
              f"s = bulk_ingest([{str(rest)!r}], Settings(store={str(store)!r}), by_folder=True, workers=2); "
              "print(s.documents, s.quads)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)  # its RSS is not ours
    print(f"  pre-filled (documents, quads): {done.stdout.split()}", flush=True)
    sets = {"embedded_new": timed[0::4], "embedded_old": timed[1::4], "remote_new": timed[2::4], "remote_old": timed[3::4]}
    return store, sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prefill", type=int, default=2000)
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--block", type=int, default=25)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/referatgraf-ingest-speed"))
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    started = time.perf_counter()
    store, sets = prepare(args.workdir, args.prefill, args.documents, args.seed)
    with EmbeddedStore(store) as embedded:
        before = len(embedded.oxigraph)
        result_embedded = timed_blocks(embedded, {"new": sets["embedded_new"], "old": sets["embedded_old"]}, args.block)
    rss_embedded = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(f"  embedded: {json.dumps(result_embedded)}", flush=True)
    with oxigraph_serve(store, attempts=1200) as (endpoint, pid):  # a 2,000-meeting store on a busy machine
        remote = RemoteStore.from_settings(Settings(endpoint=endpoint))
        result_remote = timed_blocks(remote, {"new": sets["remote_new"], "old": sets["remote_old"]}, args.block)
        server_mb = hwm_mb(pid)
        remote.close()
    print(f"  remote: {json.dumps(result_remote)}", flush=True)
    report = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": platform.machine(),
              "cores": os.cpu_count(), "python": platform.python_version(), "load_average_end": os.getloadavg()[0],
              "prefill_meetings": args.prefill, "prefill_quads": before, "documents_per_path": args.documents,
              "block": args.block, "embedded": result_embedded, "remote": result_remote,
              "client_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
              "embedded_phase_peak_rss_mb": rss_embedded, "server_peak_rss_mb": server_mb,
              "wall_s": round(time.perf_counter() - started, 1),
              "command": "python benchmarks/ingest_speed.py " + " ".join(sys.argv[1:])}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ingest_speed.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (args.out / "ingest_speed.md").write_text(render(report), encoding="utf-8")
    print(render(report))


def render(r: dict) -> str:
    rows = []
    for target, label in (("embedded", "embedded (pyoxigraph in-process)"), ("remote", "`oxigraph serve` over HTTP")):
        for path, name in (("old", "old: rdflib terms + one SPARQL update text"), ("new", "new: pyoxigraph terms")):
            f = r[target][path]
            rows.append(f"| {label} | {name} | {f['documents']} | {f['meetings_per_s']} | {f['triples_per_s']:,} | "
                        f"{f['p50_ms']} | {f['p95_ms']} | {f['failures']} |")
        speedup = r[target]["new"]["meetings_per_s"] / r[target]["old"]["meetings_per_s"]
        rows.append(f"| {label} | **new ÷ old** | | **{speedup:.2f}×** | | | | |")
    return "\n".join([
        "# Per-document ingest speed", "",
        f"{r['when']} · {r['machine']}, {r['cores']} cores, Python {r['python']}, load average {r['load_average_end']:.1f} "
        f"at the end (the machine is shared) · `{r['command']}`", "",
        f"Store pre-filled by bulk ingest with {r['prefill_meetings']:,} generated meetings ({r['prefill_quads']:,} quads); "
        f"each path then ingests {r['documents_per_path']} other new meetings one by one (atomic `replace_graph` each), "
        f"the two paths alternating in blocks of {r['block']}. Times are per document, file to committed write "
        "(parse, extract, map, the keep check's read, the write; no full-text index). Written by "
        "`benchmarks/ingest_speed.py`.", "",
        "| store | path | documents | meetings/s | triples/s | p50 ms | p95 ms | failures |",
        "|---|---|---|---|---|---|---|---|", *rows, "",
        f"Peak RSS: client {r['client_peak_rss_mb']} MB (embedded phase {r['embedded_phase_peak_rss_mb']} MB), "
        f"`oxigraph serve` {r['server_peak_rss_mb']} MB. Wall time {r['wall_s']} s.", ""])


if __name__ == "__main__":
    main()
