"""Fuzz every reader in-process (issue 19): ≥ 10,000 generated inputs per reader, 0 unhandled.

    python benchmarks/fuzz.py                          # results/fuzz.{md,json}, 10,000 per reader
    python benchmarks/fuzz.py --count 200 --workdir /tmp/f   # a smoke run (results in --workdir)
    python benchmarks/fuzz.py --readers edoc-pdf --merge   # rerun one reader, keep the others' figures
    python benchmarks/fuzz.py --report                 # re-render results/fuzz.md from fuzz.json

Input ``i`` of reader ``r`` is the case ``random_case(Random(f"{seed}:{r}:{i}"), r)`` of
tests/fuzz_inputs.py — a real seed document and one to four operations (truncations, byte flips,
hostile insertions, deep nesting, huge fields up to 1 MB, BOMs, re-encodings, wrong names, empty
files) — so any input the report names is rebuilt from ``(seed, reader, i)`` and can go into
tests/fixtures/fuzz_cases.yaml as it is. Each input is parsed with a time bound; its outcome is
``parsed`` (a sound meeting), ``ParseError`` or ``unhandled`` (any other exception, an unsound
meeting, or the time bound passed). Inputs run in ``--workers`` processes; a process that dies
(a crash in C code) is counted as a crash of its chunk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_inputs import READERS, TooSlow, case_input, found_cases, outcome, random_case, time_limit  # noqa: E402

CHUNK = 250
TIME_BOUND = 60.0  # seconds per input before it counts as a hang
KEEP = 5  # unhandled inputs kept per reader in the report


def run_chunk(reader: str, seed: int, start: int, stop: int) -> dict:
    """Parse inputs ``start``..``stop - 1`` of ``reader``; outcome counts, the slowest input and
    the first unhandled ones."""
    counts: Counter[str] = Counter()
    slowest = {"seconds": 0.0}
    unhandled, seconds, volume = [], 0.0, 0
    for i in range(start, stop):
        case = random_case(random.Random(f"{seed}:{reader}:{i}"), reader)
        data, name = case_input(case)
        began = time.perf_counter()
        try:
            with time_limit(TIME_BOUND):
                kind, _ = outcome(data, name)
        except (Exception, RecursionError, TooSlow) as exc:  # noqa: BLE001 - counting them is the point
            kind = "unhandled"
            if len(unhandled) < KEEP:
                where = traceback.extract_tb(exc.__traceback__)[-1]
                unhandled.append({"index": i, "case": case, "error": f"{type(exc).__name__}: {str(exc)[:300]}",
                                  "at": f"{Path(where.filename).name}:{where.lineno}"})
        elapsed = time.perf_counter() - began
        counts[kind] += 1
        seconds += elapsed
        volume += len(data)
        if elapsed > slowest["seconds"]:
            slowest = {"seconds": round(elapsed, 3), "index": i, "bytes": len(data), "case": case}
    return {"reader": reader, "counts": dict(counts), "slowest": slowest, "unhandled": unhandled,
            "seconds": seconds, "bytes": volume, "inputs": stop - start}


def chunks(readers: list[str], count: int, seed: int) -> list[tuple[str, int, int, int]]:
    return [(r, seed, s, min(s + CHUNK, count)) for r in readers for s in range(0, count, CHUNK)]


def run(readers: list[str], count: int, seed: int, workers: int) -> dict[str, dict]:
    """Every chunk in a pool of ``workers`` processes; per reader the merged figures."""
    merged = {r: {"inputs": 0, "counts": Counter(), "slowest": {"seconds": 0.0}, "unhandled": [],
                  "cpu_seconds": 0.0, "mb": 0.0, "crashed_chunks": []} for r in readers}
    todo = chunks(readers, count, seed)
    while todo:
        failed = []
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(run_chunk, *job): job for job in todo}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    _merge(merged[job[0]], future.result())
                except BrokenProcessPool:
                    failed.append(job)
        todo = []
        for job in failed:  # rerun each alone, so the one that kills its process is known
            with ProcessPoolExecutor(max_workers=1) as pool:
                try:
                    _merge(merged[job[0]], pool.submit(run_chunk, *job).result())
                except BrokenProcessPool:
                    merged[job[0]]["crashed_chunks"].append(list(job[2:]))
                    merged[job[0]]["counts"]["crashed"] += job[3] - job[2]
                    merged[job[0]]["inputs"] += job[3] - job[2]
        print(f"{time.strftime('%H:%M:%S')} done", flush=True)
    for figures in merged.values():
        figures["counts"] = dict(figures["counts"])
        figures["cpu_seconds"] = round(figures["cpu_seconds"], 1)
        figures["mb"] = round(figures["mb"], 1)
    return merged


def _merge(into: dict, part: dict) -> None:
    into["inputs"] += part["inputs"]
    into["counts"].update(part["counts"])
    into["cpu_seconds"] += part["seconds"]
    into["mb"] += part["bytes"] / 2**20
    into["unhandled"] = (into["unhandled"] + part["unhandled"])[:KEEP]
    if part["slowest"]["seconds"] > into["slowest"]["seconds"]:
        into["slowest"] = part["slowest"]
    print(f"{part['reader']:18} {into['inputs']:>6} {dict(into['counts'])}", flush=True)


# -- report ----------------------------------------------------------------------------------------
def write_report(report: dict, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fuzz.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    total = {k: sum(r["counts"].get(k, 0) for r in report["readers"].values())
             for k in ("parsed", "ParseError", "unhandled", "crashed")}
    lines = [
        "# Fuzzing every reader (issue 19)", "",
        f"Run {report['date']} on {report['machine']}; `python benchmarks/fuzz.py` ({report['count']:,} inputs "
        f"per reader, seed {report['seed']}, {report['workers']} worker processes, wall {report['wall_seconds']:,.0f} s). "
        "Each input is a real seed document (tests/fuzz_inputs.py) damaged by one to four operations: "
        "truncations, byte flips, hostile insertions (control characters, invalid UTF-8, markup, PDF and zip "
        "signatures), deletions, duplications, nesting 40–200,000 deep, fields up to 1 MB, BOMs, re-encodings, "
        "wrong file names, empty files. `unhandled` is any exception but a ParseError, an unsound meeting, or "
        f"more than {TIME_BOUND:g} s; `crashed` an input whose process died.", "",
        f"**Target: ≥ 10,000 inputs per reader, 0 unhandled.** Total: {total['parsed']:,} parsed, "
        f"{total['ParseError']:,} ParseError, {total['unhandled']:,} unhandled, {total['crashed']:,} crashed.", "",
        "| reader | inputs | parsed | ParseError | unhandled | crashed | CPU s | MB parsed | slowest s | slowest input (seed, operations) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for reader, r in report["readers"].items():
        c, slow = r["counts"], r["slowest"]
        case = slow.get("case") or {}
        ops = ", ".join(f"{op} @{at} {arg}" for op, at, arg in case.get("ops", []))
        lines.append(f"| {reader} | {r['inputs']:,} | {c.get('parsed', 0):,} | {c.get('ParseError', 0):,} | "
                     f"{c.get('unhandled', 0):,} | {c.get('crashed', 0):,} | {r['cpu_seconds']:,.0f} | {r['mb']:,.0f} | "
                     f"{slow['seconds']:.2f} | #{slow.get('index', '–')} {Path(case.get('seed', '')).name} ({ops}) |")
    for rerun in report.get("reruns", []):
        lines += ["", f"Rerun {rerun['date']} after a fix (`--merge`, same seed): {', '.join(rerun['readers'])}."]
    lines += ["", "Inputs that once broke a reader (and were fixed) are replayed by the test suite: "
                  f"{len(found_cases())} cases in tests/fixtures/fuzz_cases.yaml."]
    bad = [(reader, u) for reader, r in report["readers"].items() for u in r["unhandled"]]
    if bad:
        lines += ["", "## Unhandled", ""] + [f"- {reader} #{u['index']}: {u['error']} at {u['at']} — ops {u['case']['ops']}"
                                              for reader, u in bad]
    (folder / "fuzz.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _merged(old: dict, new: dict) -> dict:
    """``old``'s report with ``new``'s readers replaced (same count and seed), wall time added."""
    if (old["count"], old["seed"]) != (new["count"], new["seed"]):
        raise SystemExit(f"--merge: fuzz.json has count {old['count']}, seed {old['seed']}; run with the same")
    readers = {r: new["readers"].get(r) or old["readers"][r] for r in READERS if r in new["readers"] or r in old["readers"]}
    reruns = old.get("reruns", []) + [{"date": new["date"], "readers": list(new["readers"])}]
    return {**new, "wall_seconds": round(old["wall_seconds"] + new["wall_seconds"], 1), "readers": readers,
            "reruns": reruns}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="inputs per reader")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--readers", nargs="*", default=READERS, choices=READERS)
    parser.add_argument("--workdir", type=Path, help="write results here instead of benchmarks/results")
    parser.add_argument("--merge", action="store_true", help="keep the other readers' figures of the existing fuzz.json")
    parser.add_argument("--report", action="store_true", help="only re-render results/fuzz.md from its JSON")
    args = parser.parse_args()
    if args.report:
        write_report(json.loads((RESULTS / "fuzz.json").read_text(encoding="utf-8")), RESULTS)
        return
    began = time.monotonic()
    readers = run(args.readers, args.count, args.seed, args.workers)
    folder = args.workdir or RESULTS
    report = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
              "count": args.count, "seed": args.seed, "workers": args.workers,
              "wall_seconds": round(time.monotonic() - began, 1), "readers": readers}
    if args.merge and (folder / "fuzz.json").exists():
        report = _merged(json.loads((folder / "fuzz.json").read_text(encoding="utf-8")), report)
    write_report(report, folder)
    print((args.workdir or RESULTS) / "fuzz.md")


if __name__ == "__main__":
    main()
