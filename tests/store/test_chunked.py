"""A big graph replaced in chunks (store.chunked) keeps replace_graph's promise: afterwards
exactly the new triples, or — after an error or a killed process — exactly the store before."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from referatgraf.store import chunked
from referatgraf.store.embedded import EmbeddedStore

EX = "https://example.org/chunked/"
GRAPH, SHARED = EX + "graph/1", EX + "graph/shared"
P = URIRef(EX + "p")


def triples(prefix: str, n: int) -> list[tuple]:
    return [(URIRef(f"{EX}{prefix}/{i // 3}"), P, Literal(f"{prefix} value {i} æ \"q\"\n")) for i in range(n)]


def snapshot(store: EmbeddedStore) -> set[str]:
    return set(store.dump("application/n-quads").decode().splitlines())


@pytest.fixture
def filled(tmp_path: Path):
    """A store holding an old version of GRAPH, a shared graph and an unrelated graph."""
    with EmbeddedStore(tmp_path / "store") as store:
        store.chunk = 10
        store.replace_graph(GRAPH, triples("old", 25), shared=(SHARED, triples("shared", 4)))
        store.replace_graph(EX + "graph/other", triples("other", 5))
        yield store


def test_a_big_graph_is_replaced_exactly(filled: EmbeddedStore) -> None:
    new, shared = triples("new", 37), triples("shared", 8)  # half of the shared ones are stored already
    filled.replace_graph(GRAPH, new, shared=(SHARED, shared))
    assert filled.triple_count(GRAPH) == 37 and filled.triple_count(SHARED) == 8
    assert set(filled.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")) == set(new)
    assert filled.triple_count(EX + "graph/other") == 5
    assert not (filled.path / chunked.JOURNAL).exists()


class FailingBulk:
    """The real pyoxigraph store, with bulk writes failing after ``calls`` of them (or the
    process killed there, as ``kill -9`` would: no cleanup runs)."""

    def __init__(self, store: ox.Store, calls: int, kill: bool = False) -> None:
        self._store, self._calls, self._kill = store, calls, kill

    def bulk_extend(self, quads) -> None:  # noqa: ANN001
        if self._calls == 0:
            if self._kill:
                import os

                os._exit(9)
            raise OSError("injected: disk full")
        self._calls -= 1
        self._store.bulk_extend(quads)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._store, name)

    def __contains__(self, quad: ox.Quad) -> bool:
        return quad in self._store


@pytest.mark.parametrize("calls", [0, 1, 3])
def test_a_failure_half_way_leaves_the_store_as_before(filled: EmbeddedStore, calls: int) -> None:
    before = snapshot(filled)
    graph, shared = ox.NamedNode(GRAPH), ox.NamedNode(SHARED)
    new = [tuple(ox.NamedNode(t) if isinstance(t, URIRef) else ox.Literal(t) for t in x) for x in triples("new", 37)]
    extra = [(ox.NamedNode(EX + "s/x"), ox.NamedNode(str(P)), ox.Literal("new shared"))]
    with pytest.raises(OSError, match="injected"):
        chunked.replace(FailingBulk(filled.oxigraph, calls), filled.path, (graph, new), (shared, extra), chunk=10)
    assert snapshot(filled) == before
    assert not (filled.path / chunked.JOURNAL).exists()


def test_a_killed_replacement_is_undone_when_the_store_is_next_opened(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        store.replace_graph(GRAPH, triples("old", 25), shared=(SHARED, triples("shared", 4)))
        before = snapshot(store)
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        import pyoxigraph as ox
        from test_chunked import FailingBulk, GRAPH, SHARED, EX
        from referatgraf.store import chunked
        from referatgraf.store.embedded import EmbeddedStore
        store = EmbeddedStore({str(path)!r})
        new = [(ox.NamedNode(f"{{EX}}new/{{i}}"), ox.NamedNode(EX + "p"), ox.Literal(str(i))) for i in range(40)]
        extra = [(ox.NamedNode(EX + "s/x"), ox.NamedNode(EX + "p"), ox.Literal("new shared"))]
        chunked.replace(FailingBulk(store.oxigraph, 2, kill=True), store.path, (ox.NamedNode(GRAPH), new),
                        (ox.NamedNode(SHARED), extra), chunk=10)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr
    assert (path / chunked.JOURNAL / "ready").exists()  # killed in the middle: the journal is left
    with EmbeddedStore(path) as store:  # a writable open undoes it
        assert snapshot(store) == before
        assert not (path / chunked.JOURNAL).exists()


def test_a_journal_never_made_ready_is_discarded(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as store:
        store.replace_graph(GRAPH, triples("old", 5))
        before = snapshot(store)
        (store.path / chunked.JOURNAL).mkdir()
        (store.path / chunked.JOURNAL / "graph").write_text(GRAPH)  # killed while writing the journal
        assert chunked.recover(store.oxigraph, store.path) is False
        assert snapshot(store) == before and not (store.path / chunked.JOURNAL).exists()
