"""Extraction time against parse time on the seed minutes (target: extraction adds ≤ 30 %).

Each seed is parsed and extracted many times, interleaved (parse then extract in one round,
extract then parse in the next), so load from other processes and cache effects hit both alike.
Every call is timed twice: CPU time of this thread (``time.thread_time``: time the process was
switched out does not count, which keeps the figure stable on a loaded machine) and wall-clock
time. The overhead is the sum over the seeds of the fastest extract divided by the sum of the
fastest parse — the least disturbed runs; wall-clock minima and medians are reported alongside.
The gazetteers and compiled patterns are loaded before timing (as in a long-running ingest) and
the first run of each is a warm-up. The floor (the fixed parts of extraction, timed alone; see
``_floor``) is reported next to the overhead. Writes benchmarks/results/extract.json and extract.md.

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


def _timed(func) -> tuple[float, float]:  # noqa: ANN001 - a no-argument callable
    """(CPU seconds of this thread, wall-clock seconds) of one call."""
    cpu, wall = time.thread_time(), time.perf_counter()
    func()
    return time.thread_time() - cpu, time.perf_counter() - wall


def _interleaved(parse, extract, repeat: int) -> dict[str, list[float]]:  # noqa: ANN001
    """Parse and extract timed alternately (order flipped every round)."""
    parse(), extract()  # warm-up
    times: dict[str, list[float]] = {k: [] for k in ("parse_cpu", "parse_wall", "extract_cpu", "extract_wall")}
    for i in range(repeat):
        for name in (("parse", "extract") if i % 2 == 0 else ("extract", "parse")):
            cpu, wall = _timed(parse if name == "parse" else extract)
            times[f"{name}_cpu"].append(cpu)
            times[f"{name}_wall"].append(wall)
    return times


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def run(repeat: int) -> dict:
    from referatgraf.extract import extract
    from referatgraf.parse import parse_file

    rows = []
    for seed in SEEDS:
        meeting = parse_file(seed)
        t = _interleaved(lambda s=seed: parse_file(s), lambda m=meeting: extract(m), repeat)
        rows.append({
            "seed": seed.name, "lines": meeting.source.line_count,
            "mentions": len(extract(meeting).mentions),
            "parse_ms_cpu_min": _ms(min(t["parse_cpu"])), "extract_ms_cpu_min": _ms(min(t["extract_cpu"])),
            "parse_ms_min": _ms(min(t["parse_wall"])), "extract_ms_min": _ms(min(t["extract_wall"])),
            "parse_ms_median": _ms(statistics.median(t["parse_wall"])),
            "extract_ms_median": _ms(statistics.median(t["extract_wall"])),
            **{f"{part}_ms_cpu_min": _ms(cpu) for part, cpu in _floor(meeting, extract, repeat).items()},
        })
    keys = ("parse_ms_cpu_min", "extract_ms_cpu_min", "parse_ms_min", "extract_ms_min",
            "parse_ms_median", "extract_ms_median", *(f"{p}_ms_cpu_min" for p in FLOOR_PARTS))
    totals = {k: round(sum(r[k] for r in rows), 3) for k in keys}
    overhead = totals["extract_ms_cpu_min"] / totals["parse_ms_cpu_min"]
    floor = sum(totals[f"{p}_ms_cpu_min"] for p in FLOOR_PARTS)
    return {
        "benchmark": "extract", "repeat": repeat, "python": platform.python_version(),
        "machine": platform.machine(), "load_average": list(os.getloadavg()), "seeds": rows, **totals,
        "overhead": round(overhead, 3),
        "overhead_wall_min": round(totals["extract_ms_min"] / totals["parse_ms_min"], 3),
        "overhead_median": round(totals["extract_ms_median"] / totals["parse_ms_median"], 3),
        "floor_ms_cpu_min": round(floor, 3),
        "floor_overhead": round(floor / totals["parse_ms_cpu_min"], 3),
        **{f"{p}_share": round(totals[f"{p}_ms_cpu_min"] / totals["parse_ms_cpu_min"], 3)
           for p in FLOOR_PARTS},
        "target": TARGET, "passed": overhead <= TARGET,
    }


# Parts every extraction run must do, timed on their own: reading the lines from the model, the
# two regex passes with nothing done on their hits, and building the result objects from finished
# mentions. Their sum against parse time is a floor no work on the hits can get below.
FLOOR_PARTS = ("lines", "scan", "output")


def _floor(meeting, extract, repeat: int) -> dict[str, float]:  # noqa: ANN001
    """Fastest CPU seconds of each floor part on one parsed meeting."""
    from referatgraf.extract.draft import Draft
    from referatgraf.extract.gazetteer import load_gazetteer
    from referatgraf.extract.model import Extraction
    from referatgraf.extract.scanner import Document, scanner_for
    from referatgraf.extract.units import meeting_units

    scanner = scanner_for(load_gazetteer())
    text = Document([u.text for u in meeting_units(meeting)]).text
    ext = extract(meeting)
    drafts = [Draft(m.kind, m.text, m.span.line, m.span.start, m.span.end, m.item, m.section,
                    m.role, m.entity, m.value, m.context) for m in ext.mentions]
    # as the pipeline hands them over: people as entities, the other kinds as plain dicts
    entities = [e if e.kind == "person" else e.model_dump() for e in ext.entities]
    parts = {
        "lines": lambda: Document([u.text for u in meeting_units(meeting)]),
        "scan": lambda: scanner.passes(text),
        "output": lambda: Extraction.model_validate({
            "mentions": [d.to_mention() for d in drafts], "entities": entities,
            "holdings": ext.holdings}),
    }
    return {name: min(_timed(func)[0] for _ in range(repeat + 1)) for name, func in parts.items()}


def markdown(result: dict) -> str:
    lines = [
        "# Extraction overhead on the seed minutes", "",
        f"{result['repeat']} interleaved rounds per seed (parse and extract of the parsed meeting, "
        f"order flipped every round); Python {result['python']}, {result['machine']}, load average "
        f"{result['load_average'][0]:.1f} at the end. Overhead = fastest extract / fastest parse, "
        "in CPU time of the thread (time switched out does not count); wall-clock minima and "
        "medians for comparison.", "",
        f"Extraction adds **{result['overhead'] * 100:.1f} %** to parse time (wall-clock minima: "
        f"{result['overhead_wall_min'] * 100:.1f} %, medians: {result['overhead_median'] * 100:.1f} %); "
        f"target ≤ {result['target'] * 100:.0f} %: {'pass' if result['passed'] else 'FAIL'}.", "",
        f"Floor: the parts every extraction run must do, timed alone, add "
        f"**{result['floor_overhead'] * 100:.1f} %** ({result['floor_ms_cpu_min']:.2f} ms): reading "
        f"the lines from the model {result['lines_share'] * 100:.1f} %, the two regex passes "
        f"(Python's re) with no work on their hits {result['scan_share'] * 100:.1f} %, building "
        f"the result objects from finished mentions {result['output_share'] * 100:.1f} % "
        "(see docs/actors.md, Performance).", "",
        "| seed | lines | mentions | parse ms (CPU min) | extract ms (CPU min) | parse ms (wall min) "
        "| extract ms (wall min) | parse ms (median) | extract ms (median) | floor: lines ms "
        "| floor: scan ms | floor: output ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    cols = ("parse_ms_cpu_min", "extract_ms_cpu_min", "parse_ms_min", "extract_ms_min",
            "parse_ms_median", "extract_ms_median", "lines_ms_cpu_min", "scan_ms_cpu_min",
            "output_ms_cpu_min")
    for r in result["seeds"]:
        lines.append(f"| {r['seed']} | {r['lines']} | {r['mentions']} | "
                     + " | ".join(f"{r[c]:.2f}" for c in cols) + " |")
    lines.append("| **total** | | | " + " | ".join(f"{result[c]:.2f}" for c in cols) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    result = run(args.repeat)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extract.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (RESULTS / "extract.md").write_text(markdown(result), "utf-8")
    print(markdown(result))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
