"""POST /api/documents: token, size limit, file types, atomic ingest — and the injection document:
a title, decision and case-number request containing ``" } ; INSERT DATA {…}`` and ``<script>``
ingest, are shown as text, and change nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from markupsafe import escape

from referatgraf.settings import Settings
from server_fixtures import MUNICIPALITY, ingest_seeds, live_server, running_server  # noqa: F401

TOKEN = "test-token-5d1c"
EVIL_TITLE = 'Budget " } ; INSERT DATA { <urn:evil:s> <urn:evil:p> <urn:evil:o> } <script>document.title="pwned"</script>'
EVIL_DECISION = 'Godkendt " } ; DROP ALL ; INSERT DATA { <urn:evil:a> <urn:evil:b> <urn:evil:c> } <script>alert(3)</script>'
EVIL_CASE = '21/1" } ; INSERT DATA { <urn:evil:x> <urn:evil:y> <urn:evil:z> } <script>alert(4)</script>'


def injection_document() -> str:
    """Minutes in the plain layout, written for this test (nothing copied from the seeds)."""
    return "\n\n".join([
        "", "REFERAT Chefforum d. 12-03-2021",
        "Mødedato Fredag d. 12. marts 2021 kl. 09:00", "Mødested Mødelokale 7",
        "Indholdsfortegnelse", f"Punkt 1: {EVIL_TITLE}.....\t3\nPunkt 2: Ordinær sag.....\t4",
        f"Punkt 1: {EVIL_TITLE}", "Sagsnr. 21/12345",
        "Sagsfremstilling", "Tekst med <b>fed</b> og <img src=x onerror=alert(2)> i.",
        "Beslutning", EVIL_DECISION,
        "Punkt 2: Ordinær sag", "Sagsfremstilling", "Almindelig tekst.", "Beslutning", "Taget til efterretning.",
    ]) + "\n"


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    path = tmp_path_factory.mktemp("upload") / "store"
    ingest_seeds(path)
    settings = Settings(store=path, municipality=MUNICIPALITY, write_token=TOKEN, upload_limit=50_000)
    with running_server(settings) as server:
        yield server


def upload(server, content: bytes, name: str = "referat.txt", token: str | None = TOKEN) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{server.url}/api/documents", files={"file": (name, content, "text/plain")},
                      headers=headers, timeout=60)


def snapshot(server) -> tuple[int, list[str], dict[str, int]]:
    store = server.store
    return store.triple_count(), store.graphs(), {g: store.triple_count(g) for g in store.graphs()}


def test_writing_off_without_token(live_server):
    before = snapshot(live_server)
    r = upload(live_server, injection_document().encode())
    assert r.status_code == 403
    assert "writing is off" in r.json()["error"]["detail"]
    assert snapshot(live_server) == before


@pytest.mark.parametrize("token", [None, "wrong"])
def test_wrong_or_missing_token(writable, token):
    before = snapshot(writable)
    r = upload(writable, injection_document().encode(), token=token)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert snapshot(writable) == before


def test_too_large(writable):
    before = snapshot(writable)
    r = upload(writable, b"x" * 60_000)
    assert r.status_code == 413
    assert "limit" in r.json()["error"]["detail"]
    assert snapshot(writable) == before


def test_wrong_file_type(writable):
    r = upload(writable, b"PK\x03\x04 not minutes", name="referat.docx")
    assert r.status_code == 415 and ".json" in r.json()["error"]["detail"]


def test_every_format_the_readers_read_can_be_uploaded(writable):
    """FirstAgenda's publication JSON is what most portals publish: it is uploaded as it is."""
    path = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "firstagenda-json" / \
        "greve_plan-og-tryghedsudvalget_2025-01-29_referat.json"
    r = upload(writable, path.read_bytes(), name=path.name)
    assert r.status_code == 201, r.text
    expected = len(json.loads(path.read_bytes())["Dagsordenpunkter"])
    assert r.json()["items"] == expected and expected > 0


def test_unparseable_document_changes_nothing(writable):
    before = snapshot(writable)
    r = upload(writable, b"Just a shopping list\nmilk\neggs\n", name="list.txt")
    assert r.status_code == 422
    assert "list.txt" in r.json()["error"]["detail"]
    assert snapshot(writable) == before


def quads(server) -> set[str]:
    return set(server.store.dump("application/n-quads").decode("utf-8").splitlines())


def test_injection_document_is_data_not_code(writable):
    before_total, before_graphs, before_counts = snapshot(writable)
    before_quads = quads(writable)
    r = upload(writable, injection_document().encode("utf-8"), name="evil.txt")
    assert r.status_code == 201, r.text
    report = r.json()
    assert report["items"] == 2 and report["report"]["layout"]
    # one new document graph; nothing that was there is gone or changed; what is new lives in
    # the new graph (or the graph of shared nodes: the new case, its body); no injected triple
    total, graphs, counts = snapshot(writable)
    assert set(graphs) - set(before_graphs) == {report["graph"]}
    after_quads = quads(writable)
    assert before_quads <= after_quads
    added = after_quads - before_quads
    assert all(q.rstrip(" .").endswith((f"<{report['graph']}>", "/graph/shared>")) for q in added)
    assert {g: counts[g] for g in before_graphs if not g.endswith("/graph/shared")} == \
           {g: n for g, n in before_counts.items() if not g.endswith("/graph/shared")}
    assert total == len(after_quads)
    terms = {t.value for q in ox.parse("\n".join(after_quads).encode(), format=ox.RdfFormat.N_QUADS)
             for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    assert not any(t.startswith("urn:evil") for t in terms)  # the text stayed text
    for s in ("urn:evil:s", "urn:evil:a", "urn:evil:x"):
        assert not writable.store.ask(f"ASK {{ {{ <{s}> ?p ?o }} UNION {{ ?x ?y <{s}> }} }}")
    # stored as literal text, exactly
    meeting = httpx.get(f"{writable.url}/api/meetings/{report['meeting']['id']}").json()
    assert meeting["items"][0]["title"] == EVIL_TITLE
    assert meeting["items"][0]["decisions"][0]["text"] == EVIL_DECISION
    # shown as text in HTML: escaped, never a live tag
    page = httpx.get(f"{writable.url}/doc/{report['meeting']['id']}", headers={"Accept": "text/html"}).text
    assert "<script>document.title" not in page and "<script>alert" not in page
    assert "<img src=x" not in page
    assert str(escape(EVIL_TITLE)) in page  # Jinja's autoescape (markupsafe) wrote it as text
    # the injection strings as request values: case number, search, ids
    r = httpx.get(f"{writable.url}/api/cases/{EVIL_CASE}")
    assert r.status_code == 404 and r.json()["error"]["status"] == 404
    hits = httpx.get(f"{writable.url}/api/search", params={"q": EVIL_TITLE}).json()
    assert any(h["item"]["label"] == EVIL_TITLE for h in hits["hits"])
    search_page = httpx.get(f"{writable.url}/search", params={"q": EVIL_TITLE}).text
    assert "<script>document.title" not in search_page
    assert snapshot(writable)[0] == total


def test_reupload_changes_no_count(writable):
    first = upload(writable, injection_document().encode("utf-8"), name="evil.txt")
    assert first.status_code == 201
    count = writable.store.triple_count()
    again = upload(writable, injection_document().encode("utf-8"), name="evil.txt")
    assert again.status_code == 201
    assert writable.store.triple_count() == count


def test_a_truncated_reupload_is_409_and_force_replaces(writable, seed_files):
    """A truncated copy of a stored seed (made here from ../shared/seeds) would lose three items."""
    seed = seed_files[1]
    lines = seed.read_text(encoding="utf-8").split("\n")
    cut = "\n".join(lines[: next(i for i, line in enumerate(lines) if "Punkt 8:" in line)]).encode()
    before = snapshot(writable)
    r = upload(writable, cut, name=seed.name)
    assert r.status_code == 409
    error = r.json()["error"]
    assert error["detail"].startswith(f"{seed.name}: not stored") and "force=true" in error["detail"]
    assert error["lost"][0].startswith("3 of 10 agenda items would be removed: 8 ")
    assert snapshot(writable) == before
    headers = {"Authorization": f"Bearer {TOKEN}"}
    forced = httpx.post(f"{writable.url}/api/documents", params={"force": "true"}, headers=headers,
                        files={"file": (seed.name, cut, "text/plain")}, timeout=60)
    assert forced.status_code == 201 and forced.json()["items"] == 7
    again = upload(writable, seed.read_bytes(), name=seed.name)  # the whole version loses nothing: back again
    assert again.status_code == 201 and again.json()["items"] == 10
    assert snapshot(writable) == before
