"""POST /api/documents and the per-document limits (parse.limits): a document over one is a 413
naming the limit and its setting, the store unchanged; a slow parse holds no lock, so another
upload's write goes on while it runs. Real HTTP to a served app (tests/server_fixtures.py)."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import httpx
import pytest

from referatgraf.settings import Settings
from referatgraf.synth.large import long_section, many_items
from server_fixtures import MUNICIPALITY, running_server

TOKEN = "limits-token-19"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "minutes" / "chefforum_2019-09-05.txt"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("limits") / "store"
    settings = Settings(store=path, municipality=MUNICIPALITY, write_token=TOKEN, max_items=50,
                        max_section_chars=20_000, max_triples=2_000, max_document_bytes=400_000)
    with running_server(settings) as running:
        yield running


def upload(server, content: bytes, name: str = "referat.txt") -> httpx.Response:
    return httpx.post(f"{server.url}/api/documents", files={"file": (name, content, "text/plain")},
                      headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)


def counts(server) -> tuple[int, list[str]]:
    return server.store.triple_count(), server.store.graphs()


@pytest.mark.parametrize(("content", "limit", "line"), [
    (many_items(60_000).encode(), "max_items", True),
    (long_section(30_000).encode(), "max_section_chars", True),
    (long_section(18_000).encode(), "max_triples", False),
    (b"REFERAT " + b"x" * 400_000, "max_document_bytes", False),  # refused as it streams in
])
def test_a_document_over_a_limit_is_413_naming_it(server, content, limit, line):
    before = counts(server)
    r = upload(server, content)
    assert r.status_code == 413, r.text
    error = r.json()["error"]
    assert error["limit"] == limit and error["found"] > error["allowed"] == server.settings.model_dump()[limit]
    assert f"setting {limit}" in error["detail"] and error["detail"].startswith("referat.txt")
    assert (re.match(r"referat\.txt:\d+: ", error["detail"]) is not None) is line  # file:line when known
    assert counts(server) == before


def test_a_document_within_the_limits_is_stored(server):
    r = upload(server, EXAMPLE.read_bytes(), EXAMPLE.name)
    assert r.status_code == 201, r.text
    assert r.json()["items"] == 9


def test_a_slow_parse_does_not_hold_the_write_lock(tmp_path):
    """A document that takes seconds to parse and map (and is then refused at max_triples, so it
    never writes) does not delay a small upload sent after it: under the lock, the small one
    would wait for the slow one's parse."""
    slow = many_items(1_600_000).encode()  # ~2,000 items: seconds of parsing, far over max_triples
    answers: dict[str, tuple[float, int]] = {}
    settings = Settings(store=tmp_path / "store", municipality=MUNICIPALITY, write_token=TOKEN, max_triples=3_000,
                        max_items=10_000)
    with running_server(settings) as server:
        started = time.monotonic()

        def send(key: str, content: bytes, name: str) -> None:
            status = upload(server, content, name).status_code
            answers[key] = (time.monotonic() - started, status)

        first = threading.Thread(target=send, args=("slow", slow, "slow.txt"))
        first.start()
        time.sleep(0.3)  # the slow one is being parsed
        send("small", EXAMPLE.read_bytes(), EXAMPLE.name)
        first.join(timeout=120)
    assert answers["slow"][1] == 413 and answers["small"][1] == 201
    assert answers["small"][0] < answers["slow"][0], answers
