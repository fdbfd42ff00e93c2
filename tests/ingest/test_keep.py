"""A re-ingest never replaces good data with worse (ingest.keep): a truncated copy of a real seed
is refused, saying what would be lost, with the store and the index unchanged; ``force``
replaces anyway. The truncated copies are made in tmp_path from ../shared/seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEEDS_DIR

from referatgraf.index.tantivy_index import TantivyIndex
from referatgraf.ingest.keep import Contents, WouldLoseData, losses
from referatgraf.ingest.pipeline import ingest_bytes, ingest_paths
from referatgraf.parse import parse_file
from referatgraf.settings import Settings
from referatgraf.store.embedded import EmbeddedStore

SEED = SEEDS_DIR / "001_f160a2713c056438.txt"  # ten items
SETTINGS = Settings(municipality="Albertslund")


def cut_before(text: str, heading: str) -> str:
    """The text up to (not including) the line holding ``heading``."""
    lines = text.split("\n")
    return "\n".join(lines[: next(i for i, line in enumerate(lines) if heading in line)])


@pytest.fixture
def written(tmp_path: Path):
    """A real embedded store and full-text index, both empty."""
    with EmbeddedStore(tmp_path / "store") as store, TantivyIndex(tmp_path / "index") as index:
        yield store, index


@pytest.fixture
def store(written):
    return written[0]


@pytest.fixture
def index(written):
    return written[1]


@pytest.fixture
def truncated(tmp_path: Path) -> Path:
    """The seed without its last three items, under the seed's own name."""
    path = tmp_path / "cut" / SEED.name
    path.parent.mkdir()
    path.write_text(cut_before(SEED.read_text(encoding="utf-8"), "Punkt 8:"), encoding="utf-8")
    return path


def test_truncated_reingest_is_refused_naming_what_would_be_lost(store, index, truncated) -> None:
    full = parse_file(SEED, municipality="Albertslund")
    assert len(full.items) == 10 and not ingest_paths([SEED], store, SETTINGS, index=index).failures
    quads, indexed = sorted(store.dump("application/n-quads").splitlines()), index.documents()

    summary = ingest_paths([truncated], store, SETTINGS, index=index)
    assert summary.documents == [] and len(summary.failures) == 1
    message = summary.failures[0].message
    assert message.startswith(f"{truncated}: not stored")
    gone = "; ".join(f"{i.number} {i.title}" for i in full.items[7:])
    assert f"3 of 10 agenda items would be removed: {gone}" in message
    assert re.search(r"\d+ of \d+ sections would be removed", message) and "--force" in message
    assert sorted(store.dump("application/n-quads").splitlines()) == quads
    assert index.documents() == indexed


def test_force_replaces_anyway(store, index, truncated) -> None:
    ingest_paths([SEED], store, SETTINGS, index=index)
    summary = ingest_paths([truncated], store, SETTINGS, index=index, force=True)
    assert summary.failures == [] and summary.items == 7
    assert list(index.documents().values()) == [7]


def test_a_cut_off_version_is_refused_even_with_as_many_items(store) -> None:
    ingest_paths([SEED], store, SETTINGS)  # complete, ten items
    lines = SEED.read_text(encoding="utf-8").split("\n")
    heading = next(i for i, line in enumerate(lines) if i > 0 and "Punkt 10:" in lines[i - 4] and line == "Beslutning")
    ends_mid_item = "\n".join(lines[: heading + 1])  # cut right after the last item's decision heading
    with pytest.raises(WouldLoseData) as err:
        ingest_bytes(ends_mid_item.encode(), SEED.name, store, SETTINGS)
    assert "the new version is marked incomplete" in str(err.value)
    assert "agenda items would be removed" not in str(err.value)  # all ten are there


def test_a_longer_or_equal_version_replaces(store, truncated) -> None:
    assert not ingest_paths([truncated], store, SETTINGS).failures
    grown = ingest_paths([SEED], store, SETTINGS)  # more items than stored: no loss
    again = ingest_paths([SEED], store, SETTINGS)  # the same: no loss
    assert (grown.failures, grown.items, again.failures) == ([], 10, [])


def test_sections_alone_count() -> None:
    stored, new = Contents({"i1": "1 A"}, 5, True), Contents({"i1": "1 A"}, 3, True)
    assert losses(stored, new) == ["2 of 5 sections would be removed"]
    assert losses(new, stored) == []
    assert losses(Contents({}, 0, None), Contents({}, 0, False)) == []  # nothing stored to lose
