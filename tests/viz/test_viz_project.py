"""Projections are the same whichever source answers the reads: the example graph read from
memory and from a real embedded store gives one networkx graph, node for node, edge for edge."""

from __future__ import annotations

import pytest

from referatgraf.read.projection import Selector
from referatgraf.read.projection_example import EXAMPLE, EXAMPLE_BASE, MemorySource, example_graph
from referatgraf.store.embedded import EmbeddedStore
from referatgraf.viz.project import PARTS, project_items


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory):
    store = EmbeddedStore(tmp_path_factory.mktemp("example") / "store")
    store.replace_graph(EXAMPLE_BASE + "graph/example", example_graph())
    yield store
    store.close()


def snapshot(g) -> tuple:
    return sorted((n, sorted(a.items())) for n, a in g.nodes(data=True)), sorted(g.edges(data="kind"))


@pytest.mark.parametrize("selector, anchor", [(Selector.CASE_ITEMS, EXAMPLE.case), (Selector.ACTOR_ITEMS, EXAMPLE.person),
                                              (Selector.BODY_ITEMS, EXAMPLE.body), (Selector.KLE_ITEMS, EXAMPLE.kle_group),
                                              (Selector.ALL_ITEMS, None)])
def test_memory_and_store_project_alike(example_store, selector, anchor) -> None:
    from_store = project_items(example_store, selector, anchor)
    assert snapshot(from_store) == snapshot(project_items(MemorySource.example(), selector, anchor))
    assert EXAMPLE.item in from_store


def test_parts_choose_the_hops() -> None:
    source = MemorySource.example()
    bare = project_items(source, Selector.ALL_ITEMS, parts=())
    assert sorted(a["type"] for _, a in bare.nodes(data=True)) == ["body", "item", "meeting"]
    full = project_items(source, Selector.ALL_ITEMS, parts=PARTS)
    assert full.edges[EXAMPLE.meeting, EXAMPLE.person]["kind"] == "attendee"
    assert full.nodes[EXAMPLE.decision]["detail"] == "Godkendt."
