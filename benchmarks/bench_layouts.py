"""Parse throughput of the meeting-system export layouts (key: value text, JSON, XML).

Generates one large synthetic export per format (the same meeting: ``--items`` agenda items,
each with case number, sections, decisions and attachments), then parses each from memory,
layout detection included, and reports MB/s (wall clock and process CPU time, best of
``--rounds``). The target is the parser's: ≥ 10 MB/s of CPU time on this 2-core machine.
Writes benchmarks/results/layouts.json and layouts.md.

Run: ``python benchmarks/bench_layouts.py [--items N] [--rounds N]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TARGET_MB_S = 10.0


# A paragraph as long as a typical one in published minutes (one line per paragraph).
_PARAGRAPH = ("Projektet omfatter ny belægning, nye kantsten og fortove i begge sider af vejen samt en "
              "hævet flade ved skolen. Forslaget har været i høring hos grundejerforeningen og skolebestyrelsen, "
              "og bemærkningerne er indarbejdet. Anlægsarbejdet forventes udført i perioden fra maj til oktober, "
              "og trafikken ledes uden om i anlægsperioden.")


def meeting(items: int) -> dict:
    """A synthetic meeting; the wording is invented, repeated with varying numbers."""
    return {
        "body": "Teknik- og Miljøudvalget", "date": "2025-03-12T16:00:00", "location": "Rådhuset",
        "people": [f"Person{k} Efternavn{k}" for k in range(1, 12)],
        "items": [{
            "number": n, "title": f"Renovering af vej nummer {n}", "case": f"{n % 90 + 10}-{n:06d}",
            "text": "\n".join([
                "Resume", f"Vej nummer {n} renoveres. Udgiften er {n * 1000}.000 kr.", "",
                "Sagsfremstilling", *(f"Afsnit {k} om vej {n}: " + _PARAGRAPH for k in range(1, 6)), "",
                "Indstilling", "Direktionen indstiller,", "1. at projektet godkendes", "2. at bevillingen gives", "",
                "Beslutning i Klimaudvalget den 04-03-2025", "Anbefales.", "",
                "Beslutning i Teknik- og Miljøudvalget den 12-03-2025", "Ad 1: Godkendt.", "Ad 2: Godkendt.",
            ]),
            "attachments": [f"Projektbeskrivelse {n}", f"Tidsplan {n}"],
        } for n in range(1, items + 1)],
    }


def as_text(m: dict) -> str:
    out = [f"Udvalg: {m['body']}", f"Mødedato: {m['date']}", f"Mødested: {m['location']}",
           "Deltagere: " + ", ".join(m["people"]), ""]
    for i in m["items"]:
        out += [f"Punktnummer: {i['number']}", f"Punktnavn: {i['title']}", f"Sagsnummer: {i['case']}",
                "Tekst:", i["text"], "Bilag:", *(f"- {a}" for a in i["attachments"]), ""]
    return "\n".join(out)


def as_json(m: dict) -> str:
    return json.dumps({"meeting": {"committee": m["body"], "meetingDate": m["date"], "location": m["location"],
                                   "participants": m["people"],
                                   "agendaItems": [{"number": i["number"], "name": i["title"],
                                                    "caseNumber": i["case"], "bodyText": i["text"],
                                                    "attachments": i["attachments"]} for i in m["items"]]}},
                      indent=1, ensure_ascii=False)


def as_xml(m: dict) -> str:
    items = "".join(
        f"<Punkt nummer=\"{i['number']}\"><Titel>{escape(i['title'])}</Titel><Sagsnummer>{i['case']}</Sagsnummer>"
        f"<Tekst>{escape(i['text'])}</Tekst><Bilag>"
        + "".join(f"<Fil titel=\"{escape(a)}\"/>" for a in i["attachments"]) + "</Bilag></Punkt>\n"
        for i in m["items"])
    people = "".join(f"<Deltager>{escape(p)}</Deltager>" for p in m["people"])
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Moede><Udvalg>{escape(m['body'])}</Udvalg>\n"
            f"<Moededato>{m['date']}</Moededato><Moedested>{escape(m['location'])}</Moedested>\n"
            f"<Deltagere>{people}</Deltagere>\n<Punkter>\n{items}</Punkter></Moede>\n")


def measure(data: bytes, name: str, rounds: int) -> dict:
    from referatgraf.parse import parse_bytes

    best_wall = best_cpu = float("inf")
    items = 0
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        items = len(parse_bytes(data, name).items)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    mb = len(data) / 1e6
    return {"format": name.rsplit(".", 1)[-1], "mb": round(mb, 2), "items": items,
            "wall_s": round(best_wall, 3), "cpu_s": round(best_cpu, 3),
            "mb_s_wall": round(mb / best_wall, 2), "mb_s_cpu": round(mb / best_cpu, 2)}


def run(items: int, rounds: int) -> dict:
    m = meeting(items)
    rows = [measure(render(m).encode("utf-8"), name, rounds)
            for render, name in ((as_text, "export.txt"), (as_json, "export.json"), (as_xml, "export.xml"))]
    return {"benchmark": "layouts", "items": items, "rounds": rounds, "python": platform.python_version(),
            "machine": platform.machine(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "formats": rows, "target_mb_s": TARGET_MB_S,
            "passed": all(r["mb_s_cpu"] >= TARGET_MB_S for r in rows)}


def markdown(result: dict) -> str:
    lines = ["# Export layouts: parse throughput", "",
             f"One synthetic export per format with {result['items']} items, parsed from memory with layout "
             f"detection; best of {result['rounds']} rounds (Python {result['python']}, {result['machine']}, "
             f"load average {' / '.join(map(str, result['load_average']))} on 2 cores).", "",
             "| format | MB | items | s (wall / CPU) | MB/s wall | MB/s CPU |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in result["formats"]:
        lines.append(f"| {r['format']} | {r['mb']} | {r['items']} | {r['wall_s']} / {r['cpu_s']} | "
                     f"{r['mb_s_wall']} | **{r['mb_s_cpu']}** |")
    lines += ["", f"Target ≥ {result['target_mb_s']} MB/s (CPU): {'pass' if result['passed'] else 'FAIL'}."]
    return "\n".join(lines) + "\n"


def write(result: dict) -> str:
    """Write layouts.json and layouts.md; return the markdown."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = markdown(result)
    (RESULTS / "layouts.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (RESULTS / "layouts.md").write_text(text, "utf-8")
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    result = run(args.items, args.rounds)
    print(write(result))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
