"""Graph views built from the seeds in a real store, checked against facts of the parsed seeds;
and the /viz and /api/analytics routes through a real HTTP client against the running app."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
from server_fixtures import live_server  # noqa: F401 - the pytest fixture

from conftest import SEED_FILES

from referatgraf.viz import views
from referatgraf.viz.render import render_page


def seed_items(seed_meetings):
    """(date, item) for every agenda item of every seed."""
    return [(m.date.isoformat(), m, item) for m in seed_meetings.values() for item in m.items]


def case_numbers(seed_meetings) -> list[str]:
    return sorted({i.case_number for _, _, i in seed_items(seed_meetings) if i.case_number})


def nodes_of(view, type_: str) -> list[dict]:
    return [a for _, a in view.graph.nodes(data=True) if a["type"] == type_]


@pytest.fixture(scope="module")
def store(live_server):  # noqa: F811
    return live_server.store


@pytest.fixture(scope="module")
def settings(live_server):  # noqa: F811
    return live_server.settings


def test_case_108_15_is_items_2_7_8_of_2016_09_01(store, settings):
    view = views.case_view(store, settings, "00.01.00-A00-108-15")
    items = sorted((a["date"], a["position"]) for a in nodes_of(view, "item"))
    assert items == [("2016-09-01", 2), ("2016-09-01", 7), ("2016-09-01", 8)]
    assert [a["date"] for a in nodes_of(view, "meeting")] == ["2016-09-01"]
    closed = [a["position"] for a in nodes_of(view, "item") if a["closed"]]
    assert closed == [7]


def holders(view) -> set[tuple[str, str]]:
    g = view.graph
    return {(g.nodes[s]["label"], g.nodes[o]["label"]) for s, o, kind in g.edges(data="kind") if kind == "holds"}


def test_post_holders_only_within_the_cases_dates(store, settings):
    """org:holds has no date: a holder recorded in 2020 must not appear in a 2016 case."""
    in_2020 = holders(views.case_view(store, settings, "00.01.00-A21-6-19"))
    assert ("Jette Runchel", "Kommunaldirektør") in in_2020
    in_2016 = views.case_view(store, settings, "00.01.00-A00-108-15")
    assert not any(holder == "Jette Runchel" for holder, _ in holders(in_2016))
    assert "Jette Runchel" not in {a["label"] for a in nodes_of(in_2016, "person")}


def test_every_case_view_matches_the_seeds(store, settings, seed_meetings):
    """For each of the seeds' cases: its items, meetings, decisions and attachments, and the
    left-to-right order of the timeline follows the dates."""
    rows = seed_items(seed_meetings)
    for number in case_numbers(seed_meetings):
        expected = [(d, i) for d, _, i in rows if i.case_number == number]
        view = views.case_view(store, settings, number)
        assert sorted((a["date"], a["position"]) for a in nodes_of(view, "item")) == \
            sorted((d, i.order) for d, i in expected), number
        assert len(nodes_of(view, "meeting")) == len({d for d, _ in expected})
        assert len(nodes_of(view, "decision")) == sum(len(i.decisions) for _, i in expected), number
        assert len(nodes_of(view, "attachment")) == sum(len(i.attachments) for _, i in expected), number
        assert [a["label"] for a in nodes_of(view, "case")] == [number]
        by_date = sorted(nodes_of(view, "meeting"), key=lambda a: a["date"])
        assert [a["level"] for a in by_date] == sorted(a["level"] for a in by_date)
        assert len({a["level"] for a in by_date}) == len(by_date)


def test_unknown_case_is_not_found(store, settings):
    with pytest.raises(views.ViewNotFound, match="no case"):
        views.case_view(store, settings, "99.99.99-A00-1-99")


def test_body_view_shows_every_meeting_and_the_most_recurring_cases(store, settings, seed_meetings):
    view = views.body_view(store, settings, "chefforum")
    dates = sorted(m.date.isoformat() for m in seed_meetings.values() if m.body == "Chefforum")
    assert sorted(a["date"] for a in nodes_of(view, "meeting")) == dates
    meetings_per_case = Counter()
    for number in case_numbers(seed_meetings):
        meetings_per_case[number] = len({d for d, _, i in seed_items(seed_meetings) if i.case_number == number})
    drawn = {a["label"] for a in nodes_of(view, "case")}
    assert len(drawn) == min(views.TOP, len(meetings_per_case))
    cutoff = min(meetings_per_case[c] for c in drawn)
    assert all(meetings_per_case[c] <= cutoff for c in meetings_per_case if c not in drawn)
    assert len(nodes_of(view, "kle")) >= 1
    # body by full API id and by municipality/slug give the same graph
    same = views.body_view(store, settings, "albertslund/body/chefforum")
    assert set(same.graph.nodes) == set(view.graph.nodes)


@pytest.mark.parametrize("notation", ["00", "00.01", "81", "85.08.15"])
def test_kle_view_subjects_cases_meetings(store, settings, seed_meetings, notation):
    rows = seed_items(seed_meetings)

    def under(subject):
        return subject == notation or subject.startswith(notation + ".")

    cases = {i.case_number for _, _, i in rows if i.case and i.case.kle_subject and under(i.case.kle_subject)}
    meetings = {d for d, _, i in rows if i.case_number in cases}
    view = views.kle_view(store, settings, notation)
    assert {a["label"] for a in nodes_of(view, "case")} == cases
    assert {a["date"] for a in nodes_of(view, "meeting")} == meetings
    subjects = {a["notation"] for a in nodes_of(view, "kle")}
    assert notation in subjects and all(under(s) for s in subjects)


def test_actor_views_for_everyone_in_the_store(store, settings):
    """Each person and department the store knows has an ego view that holds them and every
    item the store says they appear in."""
    query = """SELECT ?actor ?type (COUNT(DISTINCT ?item) AS ?items) WHERE {
      VALUES ?type { <http://xmlns.com/foaf/0.1/Person> <http://www.w3.org/ns/org#OrganizationalUnit> }
      ?actor a ?type . ?item a <http://data.vlaanderen.be/ns/besluit#Agendapunt> ; ?role ?actor .
      VALUES ?role { <https://w3id.org/referatgraf/ns#proposer> <https://w3id.org/referatgraf/ns#presenter>
                     <https://w3id.org/referatgraf/ns#participant> <https://w3id.org/referatgraf/ns#mentions> }
    } GROUP BY ?actor ?type"""
    rows = store.select(query)
    if not rows:
        pytest.skip("the store has no people or departments with roles in items yet (actors extraction)")
    for row in rows[:25]:
        kind = "person" if str(row["type"]).endswith("Person") else "department"
        local = str(row["actor"]).split("/id/", 1)[1]
        view = views.actor_view(store, settings, kind, local)
        assert str(row["actor"]) in view.graph
        assert len(nodes_of(view, "item")) == int(row["items"])


def test_seed_pages_render(store, settings, seed_meetings):
    for number in case_numbers(seed_meetings)[:5]:
        html = render_page(views.case_view(store, settings, number), settings)
        assert "http" not in html
        assert number in html


# -- routes through a real HTTP client -----------------------------------------------------------
@pytest.mark.parametrize("path", ["/viz/case/00.01.00-A00-108-15", "/viz/case/13/13893", "/viz/body/chefforum",
                                  "/viz/kle/00.01", "/viz/kle/81"])
def test_view_routes_serve_safe_pages(live_server, path):  # noqa: F811
    response = httpx.get(live_server.url + path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "http" not in response.text
    for asset in ("vis-network.min.js", "viz.js"):
        assert f'src="/viz/static/{asset}"' in response.text
        assert httpx.get(f"{live_server.url}/viz/static/{asset}").status_code == 200


@pytest.mark.parametrize("path", ["/viz/case/99.99.99-A00-1-99", "/viz/person/nobody", "/viz/body/nobody",
                                  "/viz/kle/99", "/viz/static/..%2Fviews.py", "/viz/static/render.py"])
def test_unknown_views_answer_404_in_the_one_error_shape(live_server, path):  # noqa: F811
    response = httpx.get(live_server.url + path)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_analytics_cases_match_the_seeds(live_server, seed_meetings):  # noqa: F811
    response = httpx.get(live_server.url + "/api/analytics/cases", params={"top": 200})
    assert response.status_code == 200
    cases = {c["label"]: c for c in response.json()["cases"]}
    rows = seed_items(seed_meetings)
    assert set(cases) == set(case_numbers(seed_meetings))
    for number, case in cases.items():
        assert case["items"] == sum(1 for _, _, i in rows if i.case_number == number)
        assert case["meetings"] == len({d for d, _, i in rows if i.case_number == number})
    ranked = [c["meetings"] for c in response.json()["cases"]]
    assert ranked == sorted(ranked, reverse=True)


@pytest.mark.parametrize("kind", ["person", "department", "all"])
def test_analytics_actors_and_communities_answer(live_server, kind):  # noqa: F811
    actors = httpx.get(live_server.url + "/api/analytics/actors", params={"type": kind, "top": 5}).json()
    assert actors["type"] == kind and len(actors["actors"]) <= 5
    degrees = [(a["degree"], a["betweenness"]) for a in actors["actors"]]
    assert degrees == sorted(degrees, reverse=True)
    communities = httpx.get(live_server.url + "/api/analytics/communities", params={"type": kind}).json()
    members = [m["iri"] for c in communities["communities"] for m in c["members"]]
    assert len(members) == len(set(members))  # a partition
    assert httpx.get(live_server.url + "/api/analytics/actors", params={"type": "nobody"}).status_code == 422


# -- the viz command -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_store_dir(tmp_path_factory):
    from server_fixtures import ingest_seeds

    directory = tmp_path_factory.mktemp("viz-cli") / "store"
    ingest_seeds(directory)
    return directory


@pytest.mark.parametrize("kind,ident,types", [
    ("case", "00.01.00-A00-108-15", {"case", "item", "meeting", "decision"}),
    ("body", "chefforum", {"body", "meeting", "case", "kle"}),
    ("kle", "81", {"kle", "case", "meeting"}),
    ("person", "mie-thorup", {"person", "item", "meeting"}),
])
def test_viz_command_exports_an_offline_page(seed_store_dir, tmp_path, kind, ident, types):
    import json

    from typer.testing import CliRunner

    from referatgraf.cli import app
    from referatgraf.viz.render import ASSETS

    out = tmp_path / "out" / f"{kind}.html"
    result = CliRunner().invoke(app, ["viz", kind, ident, "-o", str(out), "--store", str(seed_store_dir)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "http" not in html
    assert all((out.parent / "viz-assets" / name).is_file() for name in ASSETS)
    data = json.loads(html.split('id="rg-data">', 1)[1].split("</script>", 1)[0])
    assert types <= {n["group"] for n in data["nodes"]}


@pytest.mark.parametrize("args,message", [
    (["viz", "case", "99.99.99-A00-1-99"], "no case with number"),
    (["viz", "person", "nobody"], "no person"),
    (["viz", "kle", "99"], "no KLE subject"),
    (["viz", "table", "x"], "unknown view"),
])
def test_viz_command_fails_clearly(seed_store_dir, tmp_path, args, message):
    from typer.testing import CliRunner

    from referatgraf.cli import app

    result = CliRunner().invoke(app, args + ["-o", str(tmp_path / "x.html"), "--store", str(seed_store_dir)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


# -- the same views from a real SPARQL server ------------------------------------------------------
@pytest.mark.remote
def test_views_from_a_remote_store_equal_the_embedded_ones(tmp_path, store, settings):
    """The projection only uses the Store interface: `oxigraph serve` gives the same graphs."""
    from oxigraph_server import oxigraph_server

    from referatgraf.ingest.pipeline import ingest_paths
    from referatgraf.store.remote import RemoteStore
    from referatgraf.settings import Settings

    with oxigraph_server(tmp_path / "oxigraph") as endpoint:
        remote_settings = Settings(endpoint=endpoint, municipality=settings.municipality)
        remote = RemoteStore.from_settings(remote_settings)
        assert not ingest_paths(SEED_FILES, remote, remote_settings).failures
        for kind, ident in [("case", "00.01.00-A00-108-15"), ("body", "chefforum"), ("kle", "00"),
                            ("person", "mie-thorup")]:
            here = views.build_view(store, settings, kind, ident).graph
            there = views.build_view(remote, remote_settings, kind, ident).graph
            assert set(there.nodes) == set(here.nodes), kind
            assert set(there.edges) == set(here.edges), kind
        remote.close()
