"""/dumps/*: a file per store generation, served with Content-Length, ranges, ETag and 304, HEAD;
concurrent downloads share one build; a write gives a new dump with a new ETag — over real HTTP."""

from __future__ import annotations

import gzip
from concurrent.futures import ThreadPoolExecutor

import httpx
import pyoxigraph as ox

from web.test_api_upload import injection_document, upload, writable  # noqa: F401 - writable: a fixture (per module)

NQ = "/dumps/referatgraf.nq.gz"


def _quads(body: bytes) -> set[ox.Quad]:
    return set(ox.parse(gzip.decompress(body), format=ox.RdfFormat.N_QUADS))


def test_concurrent_downloads_share_one_file(writable):
    with httpx.Client(base_url=writable.url, timeout=60) as client, ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: client.get(NQ), range(4)))
    assert {r.status_code for r in answers} == {200}
    assert len({r.headers["etag"] for r in answers}) == 1 and len({r.content for r in answers}) == 1
    first = answers[0]
    assert int(first.headers["content-length"]) == len(first.content)
    assert first.headers["content-disposition"] == 'attachment; filename="referatgraf.nq.gz"'
    assert len(_quads(first.content)) == writable.store.triple_count()
    files = sorted(p.name for p in (writable.settings.store.parent / "store.dumps").iterdir())
    assert files == [f"{first.headers['etag'].strip(chr(34))}-referatgraf.nq.gz"]


def test_range_304_and_head(writable):
    whole = httpx.get(writable.url + NQ, timeout=60)
    part = httpx.get(writable.url + NQ, headers={"Range": "bytes=10-109"}, timeout=60)
    assert part.status_code == 206 and part.content == whole.content[10:110]
    assert part.headers["content-range"] == f"bytes 10-109/{len(whole.content)}"
    same = httpx.get(writable.url + NQ, headers={"If-None-Match": whole.headers["etag"]})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == whole.headers["etag"]
    other = httpx.get(writable.url + NQ, headers={"If-None-Match": '"nope"'}, timeout=60)
    assert other.status_code == 200 and other.content == whole.content
    head = httpx.head(writable.url + NQ, timeout=60)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(whole.content)) and head.headers["etag"] == whole.headers["etag"]


def test_a_write_gives_a_new_dump_and_removes_the_old(writable):
    before = httpx.get(writable.url + NQ, timeout=60)
    assert upload(writable, injection_document().encode("utf-8")).status_code in (200, 201)
    after = httpx.get(writable.url + NQ, timeout=60)
    assert after.headers["etag"] != before.headers["etag"]
    assert _quads(after.content) != _quads(before.content)
    assert len(_quads(after.content)) == writable.store.triple_count()
    stale = httpx.get(writable.url + NQ, headers={"If-None-Match": before.headers["etag"]}, timeout=60)
    assert stale.status_code == 200
    ttl = httpx.get(writable.url + "/dumps/referatgraf.ttl.gz", timeout=60)
    union = {q.triple for q in ox.parse(gzip.decompress(ttl.content), format=ox.RdfFormat.TURTLE)}
    assert union == {q.triple for q in _quads(after.content)}
    names = sorted(p.name for p in (writable.settings.store.parent / "store.dumps").iterdir())
    assert names == sorted(f"{r.headers['etag'].strip(chr(34))}-{n}" for r, n in
                           ((after, "referatgraf.nq.gz"), (ttl, "referatgraf.ttl.gz")))
