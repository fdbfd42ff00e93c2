"""Harvesting a FirstAgenda publication portal, against a real HTTP server on 127.0.0.1 that serves
real Greve meetings from ../shared/corpus/firstagenda-json in the portal's shape."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from referatgraf.console import harvest_progress
from referatgraf.store.embedded import EmbeddedStore
from referatgraf.ingest.harvest import (HarvestError, default_folder, harvest_firstagenda, list_meetings,
                                             user_agent)
from referatgraf.settings import Settings

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "firstagenda-json"
#: six small meetings of six bodies, 2023-03-06 … 2025-01-29 (three of them from 2024 on)
FILES = ["greve_kultur-og-fritidsudvalget_2023-03-06_referat.json",
         "greve_social-og-handicapudvalget_2023-09-11_referat.json",
         "greve_byraad-2022-2025_2023-09-27_dagsorden.json",
         "greve_klima-teknik-og-miljoeudvalget_2024-04-17_referat.json",
         "greve_oekonomiudvalget_2024-06-26_referat.json",
         "greve_plan-og-tryghedsudvalget_2025-01-29_referat.json"]
SETTINGS = Settings(municipality="Greve", base_iri="https://example.org/")
P = ("PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#> PREFIX rg: <https://w3id.org/referatgraf/ns#> "
     "PREFIX dct: <http://purl.org/dc/terms/>\n")
MEETINGS = P + "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a besluit:Zitting ; rg:documentKind ?kind }"
TITLES = P + "SELECT DISTINCT ?t WHERE { ?m a besluit:Zitting ; besluit:behandelt ?i . ?i dct:title ?t }"
OLD_TITLE = "Videreførsel af energitiltag på Greve Svømmehal"  # item 2 of the 2023-03-06 meeting

if not CORPUS.is_dir():  # pragma: no cover - a broken checkout, not a test to skip silently
    raise RuntimeError(f"no FirstAgenda corpus in {CORPUS}")


class Portal:
    """What the test server serves, and what it saw; tests change ``overrides`` and ``failing``."""

    def __init__(self, files: list[Path]) -> None:
        self.docs: dict[str, bytes] = {}
        committees: dict[str, dict] = {}
        for path in files:
            data = path.read_bytes()
            doc = json.loads(data)
            self.docs[doc["Id"]] = data
            body = doc["Udvalg"]
            entry = committees.setdefault(body["Navn"], {"Navn": body["Navn"], "Id": body["Id"], "Moeder": []})
            entry["Moeder"].append({"Id": doc["Id"], "Dato": doc["Moede"]["Dato"]})
        # the portal's grouping ("Aktuelle politiske udvalg": [...]); one committee is also listed in
        # a second group, so the harvester must count each meeting once
        groups = list(committees.values())
        self.listing = json.dumps({"Udvalg": {"Aktuelle politiske udvalg": groups, "Alle": groups[:1]}},
                                  ensure_ascii=False).encode("utf-8")
        self.ids = {doc_id: json.loads(data)["Moede"]["Dato"][:10] for doc_id, data in self.docs.items()}
        self.reset()

    def reset(self) -> None:
        self.overrides: dict[str, tuple[int, str, bytes]] = {}  # id → (status, content type, body)
        self.failing: dict[str, int] = {}  # id → how many more requests answer 500 (-1: always)
        self.seen: list[tuple[str, str]] = []  # (path, User-Agent)

    def answer(self, path: str, agent: str) -> tuple[int, str, bytes]:
        self.seen.append((path, agent))
        if path == "/api/agenda/udvalgsliste":
            return 200, "application/json; charset=utf-8", self.listing
        prefix = "/api/agenda/dagsorden/"
        doc_id = path[len(prefix):] if path.startswith(prefix) else None
        if doc_id not in self.docs:
            return 404, "text/plain", b"not found"
        if self.failing.get(doc_id, 0):
            self.failing[doc_id] -= 1 if self.failing[doc_id] > 0 else 0
            return 500, "text/html", b"<html><body>Internal Server Error</body></html>"
        if doc_id in self.overrides:
            return self.overrides[doc_id]
        return 200, "application/json; charset=utf-8", self.docs[doc_id]

    def requests_for(self, doc_id: str) -> int:
        return sum(path.endswith("/" + doc_id) for path, _ in self.seen)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Portal]]:
    portal = Portal([CORPUS / name for name in FILES])

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            status, media, body = portal.answer(self.path, self.headers.get("User-Agent", ""))
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", portal
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def portal(server: tuple[str, Portal]) -> Iterator[tuple[str, Portal]]:
    server[1].reset()
    yield server
    server[1].reset()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path / "store")
    yield s
    s.close()


def harvest(url: str, store: EmbeddedStore, folder: Path, **options: object):
    lines: list[str] = []
    options = {"delay": 0, "backoff": 0, "tries": 4, **options}
    report = harvest_firstagenda(url, store, SETTINGS, folder=folder, progress=harvest_progress(lines.append), **options)
    return report, lines


def meetings_in(store: EmbeddedStore) -> int:
    return int(store.select(MEETINGS)[0]["n"])


def titles_in(store: EmbeddedStore) -> set[str]:
    return {str(row["t"]) for row in store.select(TITLES)}


# -- (a) (b) a first and a second run ------------------------------------------------------------


def test_harvest_ingests_every_meeting_and_keeps_the_bytes(portal, store: EmbeddedStore, tmp_path: Path) -> None:
    url, server = portal
    folder = tmp_path / "harvest"
    report, lines = harvest(url, store, folder)
    assert report.failures == [], report.failures
    assert (report.listed, report.count("ingested")) == (6, 6)
    assert meetings_in(store) == 6
    assert OLD_TITLE in titles_in(store)
    for doc_id, data in server.docs.items():
        assert (folder / "dagsorden" / f"{doc_id}.json").read_bytes() == data  # byte-identical
    assert (folder / "udvalgsliste.json").read_bytes() == server.listing
    state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    assert {k: v["sha256"] for k, v in state["meetings"].items()} == {
        k: hashlib.sha256(v).hexdigest() for k, v in server.docs.items()}
    # one line per meeting, in date order, with date, body and what happened
    assert len(lines) == 6 and lines[0].startswith("[1/6] 2023-03-06 Kultur- og Fritidsudvalget: ingested (")
    assert lines[-1].startswith("[6/6] 2025-01-29 Plan- og Tryghedsudvalget: ingested (")
    # each meeting once, though one committee is listed in two groups
    assert Counter(path for path, _ in server.seen).most_common(1)[0][1] == 1

    again, lines = harvest(url, store, folder)
    assert again.failures == [] and again.count("unchanged") == 6
    assert again.count("ingested") == again.count("changed") == 0
    assert all(line.endswith(": unchanged") for line in lines)
    assert len(server.seen) == 2 * 7  # fetched again (list + six meetings), ingested nothing
    assert meetings_in(store) == 6


# -- (c) a changed meeting --------------------------------------------------------------------------


def test_a_changed_meeting_is_reingested_and_the_old_bytes_kept(portal, store: EmbeddedStore, tmp_path: Path) -> None:
    url, server = portal
    folder = tmp_path / "harvest"
    harvest(url, store, folder)
    doc_id = next(k for k, v in server.docs.items() if OLD_TITLE.encode() in v)
    changed = server.docs[doc_id].replace(OLD_TITLE.encode(), b"Energitiltag i Greve Sv\xc3\xb8mmehal, nyt navn")
    server.overrides[doc_id] = (200, "application/json", changed)

    report, lines = harvest(url, store, folder)
    assert report.failures == []
    assert (report.count("changed"), report.count("unchanged")) == (1, 5)
    assert [line for line in lines if ": changed" in line] == [
        "[1/6] 2023-03-06 Kultur- og Fritidsudvalget: changed, re-ingested (3 items)"]
    titles = titles_in(store)
    assert "Energitiltag i Greve Svømmehal, nyt navn" in titles and OLD_TITLE not in titles
    assert meetings_in(store) == 6  # replaced, not added
    assert (folder / "dagsorden" / f"{doc_id}.json").read_bytes() == changed
    previous = list((folder / "previous").iterdir())
    assert [p.read_bytes() for p in previous] == [server.docs[doc_id]]


def test_a_changed_meeting_that_lost_items_is_refused_unless_forced(portal, store: EmbeddedStore, tmp_path: Path) -> None:
    url, server = portal
    folder = tmp_path / "harvest"
    harvest(url, store, folder)
    doc_id = next(k for k, v in server.docs.items() if OLD_TITLE.encode() in v)
    doc = json.loads(server.docs[doc_id])
    doc["Dagsordenpunkter"] = doc["Dagsordenpunkter"][:1]  # a damaged answer: two of three items gone
    server.overrides[doc_id] = (200, "application/json", json.dumps(doc, ensure_ascii=False, indent=2).encode())
    quads = sorted(store.dump("application/n-quads").splitlines())

    report, _ = harvest(url, store, folder)
    assert len(report.failures) == 1 and "2 of 3 agenda items would be removed" in report.failures[0]
    assert sorted(store.dump("application/n-quads").splitlines()) == quads and OLD_TITLE in titles_in(store)
    report, _ = harvest(url, store, folder)  # not recorded as ingested: refused again
    assert len(report.failures) == 1

    report, _ = harvest(url, store, folder, force=True)
    assert report.failures == [] and report.count("changed") == 1 and OLD_TITLE not in titles_in(store)


# -- (d) server errors: for good, and once ----------------------------------------------------------


def test_a_meeting_that_keeps_failing_is_reported_and_resumed_later(portal, tmp_path: Path) -> None:
    """Through the CLI: exit 1 naming the URL, the others ingested; a re-run ingests the missing one."""
    from typer.testing import CliRunner

    from referatgraf.cli import app

    url, server = portal
    ids = sorted(server.ids, key=server.ids.get)
    broken = ids[2]  # the third of six, half-way
    server.failing[broken] = -1
    store_dir, folder = tmp_path / "store", tmp_path / "harvest"
    args = ["harvest", "firstagenda", url, "--store", str(store_dir), "--dir", str(folder), "-m", "Greve",
            "--base-iri", "https://example.org/", "--delay", "0", "--backoff", "0", "--tries", "3"]
    env = {"REFERATGRAF_ENDPOINT": None, "REFERATGRAF_STORE": None}

    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 1, result.output
    broken_url = f"{url}/api/agenda/dagsorden/{broken}"
    assert f"GET {broken_url} failed after 3 tries: HTTP 500" in result.stderr
    assert "[3/6] 2023-09-27 Byråd 2022-2025: failed: GET " in result.stderr
    assert "5 ingested, 0 changed, 0 unchanged, 1 failed" in result.stdout
    assert server.requests_for(broken) == 3  # retried, then given up
    assert not (folder / "dagsorden" / f"{broken}.json").exists()
    with EmbeddedStore(store_dir, read_only=True) as s:
        assert meetings_in(s) == 5

    server.failing.clear()
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert "1 ingested, 0 changed, 5 unchanged, 0 failed" in result.stdout
    with EmbeddedStore(store_dir, read_only=True) as s:
        assert meetings_in(s) == 6


def test_a_transient_error_is_retried(portal, store: EmbeddedStore, tmp_path: Path) -> None:
    url, server = portal
    flaky = next(iter(server.docs))
    server.failing[flaky] = 1
    waits: list[float] = []
    report, _ = harvest(url, store, tmp_path / "harvest", backoff=0.5, sleep=waits.append)
    assert report.failures == [] and report.count("ingested") == 6
    assert server.requests_for(flaky) == 2
    assert waits == [0.5]  # one back-off, and no delay (--delay 0)


def test_a_meeting_fetched_but_not_ingested_is_ingested_on_the_next_run(portal, store: EmbeddedStore,
                                                                         tmp_path: Path) -> None:
    """A crash between keeping the response and ingesting it: the state says fetched, not ingested."""
    url, server = portal
    folder = tmp_path / "harvest"
    harvest(url, store, folder)
    state_path = folder / "state.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    (target,) = state["ingested"]
    lost = next(iter(state["ingested"][target]))
    del state["ingested"][target][lost]
    state_path.write_text(json.dumps(state), encoding="utf-8")

    report, _ = harvest(url, store, folder)
    assert (report.count("ingested"), report.count("unchanged")) == (1, 5)
    assert next(o for o in report.outcomes if o.status == "ingested").meeting.id == lost


# -- (e) --since, (f) the User-Agent, (g) a response that is not a meeting ----------------------------


def test_since_filters_by_meeting_date(portal, store: EmbeddedStore, tmp_path: Path) -> None:
    url, server = portal
    report, lines = harvest(url, store, tmp_path / "harvest", since=dt.date(2024, 4, 17))
    assert report.listed == 6 and [str(m.date) for m in report.selected] == ["2024-04-17", "2024-06-26", "2025-01-29"]
    assert report.count("ingested") == 3 and meetings_in(store) == 3
    assert len(lines) == 3 and len(server.seen) == 4
    assert "3 on or after 2024-04-17" in report.render()


def test_the_harvest_reports_through_the_callbacks(portal, store: EmbeddedStore, tmp_path: Path) -> None:
    from referatgraf.ingest.harvest import HarvestReport, MeetingOutcome
    from referatgraf.ingest.progress import Progress

    url, _ = portal
    calls: list[tuple] = []
    progress = Progress(started=lambda total: calls.append(("started", total)),
                        document_done=lambda where, outcome: calls.append(("done", where.startswith(url), type(outcome))),
                        finished=lambda report: calls.append(("finished", type(report))))
    harvest_firstagenda(url, store, SETTINGS, folder=tmp_path / "harvest", since=dt.date(2024, 4, 17), delay=0,
                        progress=progress)
    assert calls == [("started", 3), *[("done", True, MeetingOutcome)] * 3, ("finished", HarvestReport)]


def test_the_user_agent_names_referatgraf_and_its_version(portal, store: EmbeddedStore, tmp_path: Path) -> None:
    import importlib.metadata

    url, server = portal
    harvest(url, store, tmp_path / "harvest")
    agents = {agent for _, agent in server.seen}
    version = importlib.metadata.version("referatgraf")
    assert agents == {f"referatgraf/{version} (+https://github.com/referatgraf)"} == {user_agent()}


@pytest.mark.parametrize("media, body, expected", [
    ("text/html", b"<!DOCTYPE html><html><body>Vedligeholdelse</body></html>", "not JSON (text/html; starts '<!DOCTYPE"),
    ("application/json", b'{"Fejl": "ukendt m\xc3\xb8de"}', "not a FirstAgenda meeting"),
])
def test_a_response_that_is_not_a_meeting_fails_and_stores_nothing(portal, store: EmbeddedStore, tmp_path: Path,
                                                                   media: str, body: bytes, expected: str) -> None:
    url, server = portal
    bad = next(iter(server.docs))
    server.overrides[bad] = (200, media, body)
    folder = tmp_path / "harvest"
    report, lines = harvest(url, store, folder)
    assert report.count("ingested") == 5 and meetings_in(store) == 5
    (message,) = report.failures
    assert message.startswith(f"{url}/api/agenda/dagsorden/{bad}: {expected}")
    assert any(line.endswith("failed: " + message) for line in lines)
    assert not (folder / "dagsorden" / f"{bad}.json").exists()
    assert bad not in json.loads((folder / "state.json").read_text(encoding="utf-8"))["meetings"]


# -- the committee list and the folder ------------------------------------------------------------


def test_a_portal_that_is_not_firstagenda_is_a_clear_error(portal, store: EmbeddedStore, tmp_path: Path) -> None:
    url, _ = portal
    with pytest.raises(HarvestError, match=r"/api/agenda/udvalgsliste: HTTP 404"):
        harvest(f"{url}/other", store, tmp_path / "harvest")
    assert meetings_in(store) == 0


def test_a_folder_of_another_portal_is_refused(portal, store: EmbeddedStore, tmp_path: Path) -> None:
    url, _ = portal
    folder = tmp_path / "harvest"
    harvest(url, store, folder, since=dt.date(2030, 1, 1))
    with pytest.raises(HarvestError, match="holds the harvest of"):
        harvest("https://dagsordener.example.dk", store, folder)


def test_committee_lists_of_any_nesting() -> None:
    listing = {"Udvalg": [{"Gruppe": "Historiske", "Udvalg": [
        {"Navn": "Byråd 2018-2021", "Id": "u1", "Moeder": [{"Id": "m2", "Dato": "2021-05-01T19:00:00+02:00"},
                                                              {"Id": "m1", "Dato": "2020-01-02T19:00:00+01:00"}]}]},
        {"Navn": "Økonomiudvalget", "Id": "u2", "Moeder": [{"Id": "m3", "Dato": ""}, {"Id": "M1", "Dato": "x"}]}]}
    assert [(m.id, m.body, m.date) for m in list_meetings(listing)] == [
        ("m1", "Byråd 2018-2021", dt.date(2020, 1, 2)),
        ("m2", "Byråd 2018-2021", dt.date(2021, 5, 1)),
        ("m3", "Økonomiudvalget", None)]
    assert default_folder("https://Dagsordener.Greve.dk/api/agenda/") == Path("referatgraf-harvest/dagsordener.greve.dk")


def test_a_portal_that_goes_down_stops_the_run(portal, store: EmbeddedStore, tmp_path: Path) -> None:
    url, server = portal
    server.failing.update({doc_id: -1 for doc_id in server.docs})
    report, lines = harvest(url, store, tmp_path / "harvest", tries=1)
    assert len(report.outcomes) == 5 and report.count("failed") == 5  # then it stops: one not attempted
    assert report.failures[-1] == "5 meetings in a row could not be fetched or stored"
    assert "1 meeting(s) not attempted (run again to resume)" in report.render()


# -- per-document limits (parse.limits) -------------------------------------------------------------


@pytest.mark.parametrize(("limit", "value", "failed_body", "says"), [
    ("max_items", 5, "Social- og Handicapudvalget", "6 agenda items, more than the limit of 5"),  # 6 items
    ("max_document_bytes", 15_000, "Klima-, Teknik- og Miljøudvalget", "the response: 15,806 bytes"),  # not read
])
def test_a_meeting_over_a_limit_fails_and_the_harvest_goes_on(portal, store: EmbeddedStore, tmp_path: Path,
                                                              limit, value, failed_body, says) -> None:
    url, _ = portal
    settings = SETTINGS.model_copy(update={limit: value})
    lines: list[str] = []
    report = harvest_firstagenda(url, store, settings, folder=tmp_path / "harvest", delay=0, backoff=0,
                                 progress=harvest_progress(lines.append))
    assert report.count("ingested") == 5 and len(report.failures) == 1, report.failures
    assert says in report.failures[0] and f"setting {limit}" in report.failures[0]
    assert report.failures[0].startswith(url + "/api/agenda/dagsorden/")
    assert any(failed_body in line and ": failed: " in line for line in lines), lines
    assert meetings_in(store) == 5 and report.aborted is None
