"""Bulk ingest: same graphs as the per-document ingest, refuses a non-empty store, streams files."""

from __future__ import annotations

import inspect
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from referatgraf.ingest.bulk import bulk_ingest, iter_documents
from referatgraf.store.base import StoreError
from referatgraf.settings import Settings

MINUTES = Path(__file__).resolve().parents[2] / "examples" / "minutes"
SAMPLE = sorted(p for p in MINUTES.iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md")[::6]


def quads(store_dir: Path) -> set[str]:
    store = ox.Store.read_only(str(store_dir))
    return {str(q) for q in store}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in SAMPLE:
        shutil.copy(path, folder / path.name)
    return folder


def test_bulk_gives_the_same_quads_as_per_document_ingest(tmp_path: Path, corpus: Path) -> None:
    from referatgraf.store.embedded import EmbeddedStore
    from referatgraf.ingest.pipeline import ingest_paths

    settings = Settings(store=tmp_path / "bulk", municipality="Egebjerg")
    summary = bulk_ingest([corpus], settings, workers=2)
    assert summary.documents == len(SAMPLE) and summary.failures == []
    with EmbeddedStore(tmp_path / "one-by-one") as store:
        assert ingest_paths([corpus], store, settings.model_copy(update={"store": tmp_path / "one-by-one"})).failures == []
    expected = quads(tmp_path / "one-by-one")
    assert quads(tmp_path / "bulk") == expected
    assert summary.quads >= len(expected)  # mapped triples; shared ones recur across documents


def test_one_worker_and_two_workers_load_the_same(tmp_path: Path, corpus: Path) -> None:
    bulk_ingest([corpus], Settings(store=tmp_path / "w1", municipality="Egebjerg"), workers=1)
    bulk_ingest([corpus], Settings(store=tmp_path / "w2", municipality="Egebjerg"), workers=2)
    assert quads(tmp_path / "w1") == quads(tmp_path / "w2")


def test_a_non_empty_store_is_refused_and_left_alone(tmp_path: Path, corpus: Path) -> None:
    settings = Settings(store=tmp_path / "s", municipality="Egebjerg")
    bulk_ingest([corpus], settings, workers=1)
    before = quads(tmp_path / "s")
    with pytest.raises(StoreError, match="not empty"):
        bulk_ingest([corpus], settings, workers=1)
    assert quads(tmp_path / "s") == before
    bulk_ingest([corpus], settings, workers=1, replace=True)  # reload: graphs replaced, not doubled
    assert quads(tmp_path / "s") == before


def test_a_bad_document_fails_alone_and_is_named(tmp_path: Path, corpus: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"\x00\x01 not minutes")
    summary = bulk_ingest([corpus], Settings(store=tmp_path / "s", municipality="Egebjerg"), workers=1)
    assert summary.documents == len(SAMPLE)
    assert len(summary.failures) == 1 and "broken.txt" in summary.failures[0][1]


def test_by_folder_takes_the_municipality_from_the_folder(tmp_path: Path) -> None:
    for name in ("Egebjerg", "Solvænge"):
        (tmp_path / "corpus" / name).mkdir(parents=True)
        shutil.copy(SAMPLE[0], tmp_path / "corpus" / name / SAMPLE[0].name)
    summary = bulk_ingest([tmp_path / "corpus"], Settings(store=tmp_path / "s"), by_folder=True, workers=1)
    assert summary.documents == 2
    graphs = {g.value for g in ox.Store.read_only(str(tmp_path / "s")).named_graphs()}
    assert {g.split("/graph/")[1].split("/")[0] for g in graphs} == {"egebjerg", "solvaenge", "shared"}


def test_documents_are_found_lazily_in_sorted_order(corpus: Path) -> None:
    found = iter_documents([corpus], municipality="X")
    assert inspect.isgenerator(found)
    assert [Path(p).name for p, _ in found] == [p.name for p in SAMPLE]


def test_bulk_refuses_a_remote_store(tmp_path: Path, corpus: Path) -> None:
    with pytest.raises(StoreError, match="embedded"):
        bulk_ingest([corpus], Settings(endpoint="http://127.0.0.1:9/sparql"))


def test_bulk_ingest_command(tmp_path: Path, corpus: Path) -> None:
    from typer.testing import CliRunner

    from referatgraf.cli import app

    result = CliRunner().invoke(app, ["bulk-ingest", str(corpus), "--store", str(tmp_path / "s"), "-m", "Egebjerg",
                                      "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert f"bulk-loaded {len(SAMPLE)} documents" in result.output
    again = CliRunner().invoke(app, ["bulk-ingest", str(corpus), "--store", str(tmp_path / "s"), "-m", "Egebjerg"])
    assert again.exit_code == 1 and "not empty" in again.output


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 synthetic meetings: three chunks of documents."""
    from conftest import generated_minutes

    return generated_minutes(tmp_path_factory.mktemp("generated") / "corpus", 40, seed=5)


def interrupt_after(documents: int):  # noqa: ANN201 - a progress callable
    """A progress callable that interrupts the load (as Ctrl-C would) once ``documents`` are read."""
    def check(summary) -> None:  # noqa: ANN001
        if summary.documents >= documents:
            raise KeyboardInterrupt
    return check


@pytest.mark.parametrize("workers", [1, 2])
def test_an_interrupted_load_is_marked_and_resume_finishes_it(tmp_path: Path, generated: Path, workers: int) -> None:
    from referatgraf.read.stats import interrupted_load
    from referatgraf.store.embedded import EmbeddedStore

    settings = Settings(store=tmp_path / "s", municipality="Egebjerg")
    with pytest.raises(KeyboardInterrupt):  # batches of one chunk: the first is in the store
        bulk_ingest([generated], settings, workers=workers, batch_bytes=1, progress=interrupt_after(17))
    with EmbeddedStore(settings.store, read_only=True) as store:  # the lock went with the interrupted load
        stopped = interrupted_load(store)
    assert stopped is not None and 0 < stopped.documents < 40, stopped
    with pytest.raises(StoreError, match="did not finish .*--resume.*--replace"):
        bulk_ingest([generated], settings, workers=workers)
    summary = bulk_ingest([generated], settings, workers=workers, resume=True)
    assert summary.skipped == stopped.documents and summary.documents == 40 - stopped.documents
    bulk_ingest([generated], Settings(store=tmp_path / "clean", municipality="Egebjerg"), workers=1)
    assert quads(tmp_path / "s") == quads(tmp_path / "clean")  # no mark left, no document twice or in part


def test_resume_needs_an_unfinished_load_and_replace_starts_one_over(tmp_path: Path, corpus: Path) -> None:
    settings = Settings(store=tmp_path / "s", municipality="Egebjerg")
    bulk_ingest([corpus], settings, workers=1)
    with pytest.raises(StoreError, match="no unfinished bulk load"):
        bulk_ingest([corpus], settings, workers=1, resume=True)
    with pytest.raises(KeyboardInterrupt):
        bulk_ingest([corpus], settings, workers=1, replace=True, progress=interrupt_after(1))
    before = quads(tmp_path / "s")
    assert any("bulk-load" in q for q in before)
    bulk_ingest([corpus], settings, workers=1, replace=True)
    assert not any("bulk-load" in q for q in quads(tmp_path / "s"))
