"""Per-document limits (parse.limits): each one refuses a document over it with an error naming
the limit, the count and the setting — in the reader, after parsing, after extraction and after
mapping — and the CLI ends such a document with exit 1 and ``file:line: message``. Documents
from referatgraf.synth.large (our own words)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from referatgraf.cli import app
from referatgraf.ingest.unit import read_document
from referatgraf.parse import LimitExceeded, Limits, parse_bytes, parse_file
from referatgraf.settings import Settings
from referatgraf.store.embedded import EmbeddedStore
from referatgraf.synth.large import long_section, many_items

SMALL = "REFERAT Chefforum d. 01-02-2020\n\nPunkt 1: Budget\n\nBeslutning\n\nGodkendt.\n"


def test_the_defaults_are_the_settings_defaults():
    assert Limits() == Limits.of(Settings())
    assert Limits.of(Settings(max_items=7)).max_items == 7


def test_bytes_are_refused_before_the_file_is_read(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes(SMALL.encode() + b" " * 2_000)
    with pytest.raises(LimitExceeded) as caught:
        parse_file(path, limits=Limits(max_document_bytes=1_000))
    assert (caught.value.limit, caught.value.found, caught.value.allowed) == ("max_document_bytes", path.stat().st_size, 1_000)
    assert str(caught.value).startswith(f"{path}: {path.stat().st_size:,} bytes, more than the limit of 1,000")
    with pytest.raises(LimitExceeded):
        parse_bytes(path.read_bytes(), "big.txt", limits=Limits(max_document_bytes=1_000))


def test_a_pdf_over_max_pages_is_refused_with_its_page_count():
    from referatgraf.synth.pdf import to_pdf

    data = to_pdf(long_section(12_000))
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(data))
    assert pages >= 3
    with pytest.raises(LimitExceeded, match=rf"^x\.pdf: {pages} PDF pages, more than the limit of 2 \(setting max_pages"):
        parse_bytes(data, "x.pdf", limits=Limits(max_pages=2))
    assert parse_bytes(data, "x.pdf", limits=Limits(max_pages=pages)).items  # at the limit: read


def test_items_over_the_limit_name_the_first_item_too_many():
    text = many_items(30_000)
    meeting = parse_bytes(text.encode(), "m.txt", limits=Limits(max_items=10_000))
    n = len(meeting.items)
    with pytest.raises(LimitExceeded) as caught:
        parse_bytes(text.encode(), "m.txt", limits=Limits(max_items=n - 1))
    line = caught.value.line
    assert line == meeting.items[n - 1].lines[0] and f"Punkt {n}:" in text.split("\n")[line - 1]
    assert str(caught.value).startswith(f"m.txt:{line}: {n} agenda items, more than the limit of {n - 1} ")


def test_a_long_section_names_its_line():
    text = long_section(40_000)
    with pytest.raises(LimitExceeded) as caught:
        parse_bytes(text.encode(), "s.txt", limits=Limits(max_section_chars=10_000))
    assert caught.value.limit == "max_section_chars" and caught.value.found > 30_000
    assert "Sagsfremstilling" in text.split("\n")[caught.value.line - 1]


def test_mentions_and_triples_are_checked_before_the_write():
    data = long_section(30_000).encode()
    document = read_document(data, Settings(municipality="X"), "d.txt")
    with pytest.raises(LimitExceeded, match=r"mentions found, more than the limit of 10 \(setting max_mentions"):
        read_document(data, Settings(municipality="X", max_mentions=10), "d.txt")
    with pytest.raises(LimitExceeded) as caught:
        read_document(data, Settings(municipality="X", max_triples=document.triples - 1), "d.txt")
    assert (caught.value.limit, caught.value.found) == ("max_triples", document.triples)
    assert read_document(data, Settings(municipality="X", max_triples=document.triples), "d.txt").triples == document.triples


def test_the_error_survives_pickling():  # a bulk worker hands its failures to the parent
    err = LimitExceeded("max_items", 9, 5, file="a.txt", line=3)
    again = pickle.loads(pickle.dumps(err))
    assert (str(again), again.limit, again.line) == (str(err), "max_items", 3)


def test_the_cli_refuses_with_file_line_and_exit_1(tmp_path: Path):
    path = tmp_path / "many.txt"
    path.write_text(many_items(30_000), encoding="utf-8")
    args = ["ingest", str(path), "--store", str(tmp_path / "store"), "-m", "Albertslund"]
    env = {"REFERATGRAF_ENDPOINT": None}
    result = CliRunner().invoke(app, [*args, "--limit", "max_items=5"], env=env)
    assert result.exit_code == 1, result.output
    assert re.search(rf"^referatgraf: {re.escape(str(path))}:\d+: \d+ agenda items, more than the limit of 5 "
                     r"\(setting max_items: REFERATGRAF_MAX_ITEMS or --limit max_items=N\)$", result.stderr, re.M)
    with EmbeddedStore(tmp_path / "store", read_only=True) as store:
        assert store.triple_count() == 0
    env_result = CliRunner().invoke(app, args, env={**env, "REFERATGRAF_MAX_ITEMS": "5"})
    assert env_result.exit_code == 1 and "max_items" in env_result.stderr
    assert CliRunner().invoke(app, args, env=env).exit_code == 0  # the default admits it


@pytest.mark.parametrize("value", ["max_itemz=5", "max_items=five", "max_items"])
def test_a_bad_limit_option_is_a_usage_error(tmp_path: Path, value: str):
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--store", str(tmp_path / "s"), "--limit", value])
    assert result.exit_code == 2 and "--limit" in result.output
