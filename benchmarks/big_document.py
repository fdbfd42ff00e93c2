"""Big text documents for the per-document ingest profile (issue 16/19): one meeting whose first
item has a very long Sagsfremstilling, grown to a given size.

The document is built at run time from a seed file (never copied into the repo): its
"Indholdsfortegnelse" block is dropped and item 1's longest paragraph (its points) is repeated inside the item, before the
item's first "### ...Beslutning" heading, until the document reaches the size asked for.

    python benchmarks/big_document.py ../shared/seeds/000_*.txt 4 /tmp/big_4mb.txt
    python benchmarks/big_document.py --measure ../shared/seeds/000_*.txt 1 2 4 20 [--code /work/main --label before]

``--measure`` writes the documents to a temporary folder and times ``referatgraf ingest`` (a fresh
store and full-text index each, in a child process; peak RSS is the child's) with the code of
this checkout or of ``--code`` (another checkout, e.g. main, for the "before" figures), and
appends a row per size to benchmarks/results/big_documents.json (the .md table is rendered
from it).

>>> seed = "# REFERAT X\\n\\n## Indholdsfortegnelse\\n\\nA.....3\\n\\n## Punkt 1: A\\n\\nSome words here.\\n\\n### Beslutning\\n\\nOk.\\n"
>>> text = grow(seed, 300)
>>> "Indholdsfortegnelse" in text, len(text.encode()) >= 300, text.count("Some words here.") > 3
(False, True, True)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
_LIMITS = ("MAX_DOCUMENT_BYTES", "MAX_SECTION_CHARS", "MAX_MENTIONS", "MAX_TRIPLES")  # per-document limits (docs/limits.md)

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


def measure(document: Path, code: Path, workdir: Path, timeout: float) -> dict:
    """``referatgraf ingest`` of one document in a child process: seconds, peak RSS, its summary."""
    store, index = workdir / "store", workdir / "index"
    for folder in (store, index):
        shutil.rmtree(folder, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(code), **{f"REFERATGRAF_{name}": "1000000000" for name in _LIMITS}}  # measured, not refused
    command = [sys.executable, "-c", "import sys; from referatgraf.cli import main; sys.argv[0] = 'referatgraf'; main()",
               "ingest", "--store", str(store), "--index", str(index), "-m", "Albertslund", str(document)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=code, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # cwd: its package first
    try:
        out, _ = proc.communicate(timeout=timeout)
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        status = f"stopped after {timeout:.0f} s"
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # this process runs one child: its peak
    return {"seconds": round(seconds, 1), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024), "status": status,
            "summary": (out or "").strip().splitlines()[-1:]}


def run_measure(args: argparse.Namespace) -> None:
    results = HERE / "results" / "big_documents.json"
    rows = json.loads(results.read_text()) if results.exists() else []
    seed = Path(args.seed).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in args.sizes:
            document = Path(tmp) / f"big_{megabytes:g}mb.txt"
            document.write_text(grow(seed, int(megabytes * 1_000_000)), encoding="utf-8")
            figures = _isolated(document, Path(args.code), Path(tmp), args.timeout)
            row = {"label": args.label, "megabytes": megabytes, "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                   "load_average": round(os.getloadavg()[0], 1), **figures}
            print(json.dumps(row), flush=True)
            rows = json.loads(results.read_text()) if results.exists() else []  # another run may have added rows
            rows = [r for r in rows if (r["label"], r["megabytes"]) != (args.label, megabytes)] + [row]
            results.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    (HERE / "results" / "big_documents.md").write_text(render(rows), encoding="utf-8")


def _isolated(document: Path, code: Path, workdir: Path, timeout: float) -> dict:
    """:func:`measure` in its own process, so the peak RSS of children is this document's alone."""
    script = (f"import json, sys; sys.path.insert(0, {str(HERE)!r}); from big_document import measure; from pathlib import Path; "
              f"print(json.dumps(measure(Path({str(document)!r}), Path({str(code)!r}), Path({str(workdir)!r}), {timeout})))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def render(rows: list[dict]) -> str:
    lines = ["# One big text document through `referatgraf ingest`", "",
             "A seed meeting without its table of contents, item 1's points repeated to the size "
             "(benchmarks/big_document.py); a fresh store and full-text index each; seconds and the peak "
             "RSS of the ingest process. *before* = main before the pyoxigraph-term ingest, *after* = this "
             "branch; the machine is shared (load average at each run shown).", "",
             "CPU seconds (user + system of the ingest process) move less with the machine's load than wall seconds.", "",
             "| code | MB | seconds | CPU seconds | CPU s per MB | peak RSS MB | triples | load avg | status |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: (r["label"] != "before", r["megabytes"])):
        summary = " ".join(r["summary"])
        triples = summary.split(" triple(s)")[0].rsplit(" ", 1)[-1] if "triple(s)" in summary else "–"
        if not r["seconds"]:
            lines.append(f"| {r['label']} | {r['megabytes']:g} | – | – | – | – | – | {r['load_average']} | {r['status']} |")
            continue
        lines.append(f"| {r['label']} | {r['megabytes']:g} | {r['seconds']} | {r['cpu_seconds']} | "
                     f"{r['cpu_seconds'] / r['megabytes']:.1f} | "
                     f"{r['peak_rss_mb']:,} | {triples} | {r['load_average']} | {r['status']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    if sys.argv[1:2] != ["--measure"]:
        seed, megabytes, out = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
        out.write_text(grow(Path(seed).read_text(encoding="utf-8"), int(megabytes * 1_000_000)), encoding="utf-8")
        print(out, out.stat().st_size)
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", action="store_true")
    parser.add_argument("seed")
    parser.add_argument("sizes", type=float, nargs="+")
    parser.add_argument("--code", default=str(HERE.parent), help="checkout whose referatgraf is run")
    parser.add_argument("--label", default="after")
    parser.add_argument("--timeout", type=float, default=900)
    run_measure(parser.parse_args())


if __name__ == "__main__":
    main()
