"""Extraction time against parse time on the seed minutes (target: extraction adds ≤ 30 %).

Each seed is parsed and extracted many times; the median of each is taken per seed and summed
over the seeds. The gazetteers and the compiled patterns are loaded once before timing (as in a
long-running ingest), and the first run of each is a warm-up. Writes
benchmarks/results/extract.json and extract.md.

Run: ``python benchmarks/bench_extract.py [--repeat N]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
RESULTS = ROOT / "benchmarks" / "results"
TARGET = 0.30


def _timed(func) -> float:  # noqa: ANN001 - a no-argument callable
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _interleaved(parse, extract, repeat: int) -> tuple[list[float], list[float]]:  # noqa: ANN001
    """Parse and extract timed alternately, so load from other processes hits both alike."""
    parse(), extract()  # warm-up
    parse_times, extract_times = [], []
    for _ in range(repeat):
        parse_times.append(_timed(parse))
        extract_times.append(_timed(extract))
    return parse_times, extract_times


def run(repeat: int) -> dict:
    from referatgraf.extract import extract
    from referatgraf.parse import parse_file

    rows = []
    for seed in SEEDS:
        meeting = parse_file(seed)
        parse_t, extract_t = _interleaved(lambda s=seed: parse_file(s), lambda m=meeting: extract(m), repeat)
        rows.append({
            "seed": seed.name, "lines": meeting.source.line_count,
            "mentions": len(extract(meeting).mentions),
            "parse_ms_min": round(min(parse_t) * 1000, 3), "extract_ms_min": round(min(extract_t) * 1000, 3),
            "parse_ms_median": round(statistics.median(parse_t) * 1000, 3),
            "extract_ms_median": round(statistics.median(extract_t) * 1000, 3),
        })
    totals = {k: round(sum(r[k] for r in rows), 3)
              for k in ("parse_ms_min", "extract_ms_min", "parse_ms_median", "extract_ms_median")}
    overhead = totals["extract_ms_min"] / totals["parse_ms_min"]
    return {
        "benchmark": "extract", "repeat": repeat, "python": platform.python_version(),
        "machine": platform.machine(), "load_average": list(os.getloadavg()), "seeds": rows, **totals,
        "overhead": round(overhead, 3),
        "overhead_median": round(totals["extract_ms_median"] / totals["parse_ms_median"], 3),
        "target": TARGET, "passed": overhead <= TARGET,
    }


def markdown(result: dict) -> str:
    lines = [
        "# Extraction overhead on the seed minutes", "",
        f"{result['repeat']} interleaved runs per seed (parse, then extract of the parsed meeting); "
        f"Python {result['python']}, {result['machine']}, load average "
        f"{result['load_average'][0]:.1f} at the end. Overhead = extract time / parse time, from the "
        "fastest run of each (the least disturbed by other processes); medians for comparison.", "",
        f"Extraction adds **{result['overhead'] * 100:.1f} %** to parse time (median-based: "
        f"{result['overhead_median'] * 100:.1f} %); target ≤ {result['target'] * 100:.0f} %: "
        f"{'pass' if result['passed'] else 'FAIL'}.", "",
        "| seed | lines | mentions | parse ms (min) | extract ms (min) | parse ms (median) | extract ms (median) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in result["seeds"]:
        lines.append(f"| {r['seed']} | {r['lines']} | {r['mentions']} | {r['parse_ms_min']:.2f} | "
                     f"{r['extract_ms_min']:.2f} | {r['parse_ms_median']:.2f} | {r['extract_ms_median']:.2f} |")
    lines.append(f"| **total** | | | {result['parse_ms_min']:.2f} | {result['extract_ms_min']:.2f} | "
                 f"{result['parse_ms_median']:.2f} | {result['extract_ms_median']:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    result = run(args.repeat)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extract.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (RESULTS / "extract.md").write_text(markdown(result), "utf-8")
    print(markdown(result))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
