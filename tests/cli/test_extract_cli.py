"""`referatgraf actors` reads the store (embedded here) and lists actors with counts and meetings."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from referatgraf.cli import app
from referatgraf.read.actors import list_actors
from referatgraf.ingest.pipeline import ingest_meeting
from referatgraf.store.open import open_store
from referatgraf.settings import Settings


@pytest.fixture(scope="module")
def store_dir(seed_meetings, tmp_path_factory):
    path = tmp_path_factory.mktemp("actors-store")
    settings = Settings(store=path, municipality="Albertslund")
    with open_store(settings) as store:
        for meeting in seed_meetings.values():
            ingest_meeting(meeting, store, settings)
    return path


def test_listing_from_the_store(store_dir):
    with open_store(Settings(store=store_dir), read_only=True) as store:
        people = {r.name: r for r in list_actors(store, "person")}
        posts = {r.name: r for r in list_actors(store, "post")}
        everything = list_actors(store)
    assert people["Mie Louise Kragh Thorup"].meetings == ["2016-09-01", "2017-06-01"]
    assert people["Lars Lundmann"].meetings == ["2017-06-01", "2020-01-29"]
    assert len(people) == 20
    assert len(posts["Kommunaldirektør"].meetings) == 5
    assert {r.kind for r in everything} == {"person", "post", "department", "body", "organisation"}


def test_actors_command(store_dir):
    result = CliRunner().invoke(app, ["actors", "--type", "department", "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("department") and "Økonomi & Stab" in line)
    assert "2014-05-15" in row and "2020-01-29" in row


def test_actors_command_rejects_an_unknown_type(store_dir):
    result = CliRunner().invoke(app, ["actors", "--type", "people", "--store", str(store_dir)])
    assert result.exit_code == 1
    assert "unknown --type" in result.output and "Traceback" not in result.output


@pytest.mark.remote
def test_actors_command_against_a_real_sparql_server(seed_meetings, tmp_path):
    from oxigraph_server import oxigraph_server

    with oxigraph_server(tmp_path / "oxigraph") as endpoint:
        settings = Settings(endpoint=endpoint, municipality="Albertslund")
        with open_store(settings) as store:
            for meeting in seed_meetings.values():
                ingest_meeting(meeting, store, settings)
        result = CliRunner().invoke(app, ["actors", "--type", "person", "--endpoint", endpoint])
    assert result.exit_code == 0, result.output
    lundmann = next(line for line in result.output.splitlines() if "Lars Lundmann" in line)
    assert "2017-06-01, 2020-01-29" in lundmann
