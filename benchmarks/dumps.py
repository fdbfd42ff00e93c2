"""Peak memory of the full dumps (issue 16 part 3): ``referatgraf export --format nq -o x.nq.gz``
and a server answering ``GET /dumps/referatgraf.nq.gz``, over bulk-loaded generated stores.

    referatgraf generate -n 4000 /tmp/m4000 && referatgraf bulk-ingest --store /tmp/s4000 -m Benchby /tmp/m4000
    python benchmarks/dumps.py /tmp/s1000 /tmp/s4000 [--code /work/main --label before]

Each measurement runs the code of ``--code`` (this checkout by default; main's for "before") in
a child process: the export's peak RSS is the child's ``ru_maxrss``; the server's is its
``VmHWM`` after the whole dump was downloaded (the first request builds it). Rows are appended to
benchmarks/results/dumps.json and the table benchmarks/results/dumps.md is rendered from it.

>>> _hwm_kb("Name:\\tpython\\nVmHWM:\\t  123456 kB\\nVmRSS:\\t 1000 kB\\n")
123456
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
_WRAP = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("REFERATGRAF_")}


def _hwm_kb(status: str) -> int:
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def quads(store: Path) -> int:
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(store)))


def export(store: Path, code: Path, workdir: Path) -> dict:
    """``export --format nq -o x.nq.gz`` in a child: seconds, peak RSS, output size."""
    out = workdir / "x.nq.gz"
    command = [sys.executable, "-c", _WRAP, sys.executable, "-m", "referatgraf.cli", "export", "--format", "nq",
               "-o", str(out), "--store", str(store)]
    start = time.monotonic()
    done = subprocess.run(command, cwd=code, env=_env(), capture_output=True, text=True, check=True)
    seconds = time.monotonic() - start
    rss_kb, status = done.stdout.split()[-2:]
    size = out.stat().st_size
    out.unlink()
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(int(rss_kb) / 1024), "bytes": size,
            "status": "ok" if status == "0" else f"exit {status}"}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(store: Path, code: Path) -> dict:
    """A server over ``store``: seconds to the whole first download, its size, the server's peak RSS."""
    port = _port()
    proc = subprocess.Popen([sys.executable, "-m", "referatgraf.cli", "serve", "--store", str(store), "--port",
                             str(port)], cwd=code, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/dataset", timeout=30)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        base_kb = _hwm_kb(Path(f"/proc/{proc.pid}/status").read_text())
        start, size = time.monotonic(), 0
        with httpx.stream("GET", url + "/dumps/referatgraf.nq.gz", timeout=1800) as response:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                size += len(chunk)
        seconds = time.monotonic() - start
        peak_kb = _hwm_kb(Path(f"/proc/{proc.pid}/status").read_text())
        return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak_kb / 1024),
                "before_dump_rss_mb": round(base_kb / 1024), "bytes": size, "status": "ok"}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def render(rows: list[dict]) -> str:
    lines = ["# Dumps: peak memory (issue 16 part 3)", "",
             "Generated meetings, bulk-loaded (`referatgraf generate` + `bulk-ingest`); one run per row on the",
             "shared 2-core machine. `export`: `referatgraf export --format nq -o x.nq.gz` (main's code writes",
             "the N-Quads uncompressed whatever the name). `serve`: the server's peak RSS (VmHWM) after the",
             "first whole `GET /dumps/referatgraf.nq.gz` (the RSS before that request in brackets).",
             "Written by `benchmarks/dumps.py`.", "",
             "What is left of the growth with size (about 50 MB from 1,000 to 4,000 meetings, the same in",
             "both rows) is pyoxigraph's own: a bare `Store.read_only(...).dump(devnull, N_QUADS)` peaks at",
             "80 MB and 130 MB over these stores (anonymous memory; a second dump in the same process adds",
             "nothing, so it is RocksDB's per-store caches, not the dump). main's code held the whole dump",
             "(and, for `/dumps/`, its gzip) in memory. The gzip level is 6 now (main's `gzip.compress`: 9),",
             "hence the slightly larger file.", "",
             "| code | meetings | quads | what | seconds | peak RSS MB | output MB | status | when |",
             "|---|---:|---:|---|---:|---:|---:|---|---|"]
    for r in rows:
        rss = str(r["peak_rss_mb"]) + (f" ({r['before_dump_rss_mb']})" if "before_dump_rss_mb" in r else "")
        lines.append(f"| {r['label']} | {r['meetings']:,} | {r['quads']:,} | {r['what']} | {r['seconds']} | {rss} "
                     f"| {r['bytes'] / 1e6:.1f} | {r['status']} | {r['when']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stores", nargs="*", type=Path, help="bulk-loaded stores; the meeting count is the name's digits")
    parser.add_argument("--code", default=str(HERE.parent), help="checkout whose referatgraf is run")
    parser.add_argument("--label", default="after")
    parser.add_argument("--only", choices=["export", "serve"], default=None)
    parser.add_argument("--render", action="store_true", help="only render dumps.md from dumps.json")
    args = parser.parse_args()
    path = RESULTS / "dumps.json"
    rows = json.loads(path.read_text()) if path.exists() else []
    if args.render:
        (RESULTS / "dumps.md").write_text(render(rows))
        return
    for store in args.stores:
        meetings = int("".join(c for c in store.name if c.isdigit()) or 0)
        common = {"label": args.label, "meetings": meetings, "quads": quads(store)}
        for what in ("export", "serve"):
            if args.only not in (None, what):
                continue
            with tempfile.TemporaryDirectory() as tmp:
                try:
                    figures = export(store, Path(args.code), Path(tmp)) if what == "export" else serve(store, Path(args.code))
                except (subprocess.CalledProcessError, RuntimeError, httpx.HTTPError) as exc:
                    figures = {"seconds": 0, "peak_rss_mb": 0, "bytes": 0, "status": type(exc).__name__}
            row = {**common, "what": what, **figures, "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")}
            print(json.dumps(row), flush=True)
            rows.append(row)
            path.write_text(json.dumps(rows, indent=1) + "\n")
            (RESULTS / "dumps.md").write_text(render(rows))


if __name__ == "__main__":
    main()
