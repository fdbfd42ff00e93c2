"""The typed JSON API against the running seed server, checked against the parsed seeds."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referatgraf.read.search import fold, words
from server_fixtures import live_server  # noqa: F401


def get(server, path: str, **params) -> httpx.Response:
    return httpx.get(server.url + path, params=params, timeout=30)


def meeting_ids(server) -> dict[dt.date, str]:
    data = get(server, "/api/meetings").json()
    return {dt.date.fromisoformat(m["date"]): m["id"] for m in data["meetings"]}


def test_meetings_list_in_date_order(live_server, seed_meetings):
    data = get(live_server, "/api/meetings").json()
    dates = [m["date"] for m in data["meetings"]]
    assert dates == sorted(d.date.isoformat() for d in seed_meetings.values())
    assert data["total"] == len(seed_meetings)
    by_date = {m.date.isoformat(): m for m in seed_meetings.values()}
    for m in data["meetings"]:
        assert m["item_count"] == len(by_date[m["date"]].items)
        assert m["location"] == by_date[m["date"]].location
        assert m["body"]["label"] == by_date[m["date"]].body


def test_meetings_filters(live_server, seed_meetings):
    years = sorted(m.date for m in seed_meetings.values())
    first, last = years[1], years[-2]
    data = get(live_server, "/api/meetings", **{"from": first.isoformat(), "to": last.isoformat()}).json()
    assert [m["date"] for m in data["meetings"]] == [d.isoformat() for d in years[1:-1]]
    assert get(live_server, "/api/meetings", body="chefforum").json()["total"] == len(seed_meetings)
    assert get(live_server, "/api/meetings", body="oekonomiudvalget").json()["total"] == 0
    # KLE main group: the meetings with at least one item whose case has that KLE group
    groups: dict[str, set] = defaultdict(set)
    for m in seed_meetings.values():
        for item in m.items:
            if item.kle_subject:
                groups[item.kle_subject[:2]].add(m.date.isoformat())
    assert groups, "the seeds have KLE case numbers"
    for group, dates in groups.items():
        got = get(live_server, "/api/meetings", kle=group).json()
        assert {m["date"] for m in got["meetings"]} == dates


def test_meetings_pagination(live_server, seed_meetings):
    first = get(live_server, "/api/meetings", limit=2).json()
    assert len(first["meetings"]) == 2 and first["next_offset"] == 2
    seen = [m["id"] for m in first["meetings"]]
    offset = first["next_offset"]
    while offset is not None:
        page = get(live_server, "/api/meetings", limit=2, offset=offset).json()
        seen += [m["id"] for m in page["meetings"]]
        offset = page["next_offset"]
    assert seen == [m["id"] for m in get(live_server, "/api/meetings").json()["meetings"]]


def test_meeting_detail_matches_parse(live_server, seed_meetings):
    ids = meeting_ids(live_server)
    for meeting in seed_meetings.values():
        data = get(live_server, f"/api/meetings/{ids[meeting.date]}").json()
        assert [i["title"] for i in data["items"]] == [i.title for i in meeting.items]
        assert [i["public"] for i in data["items"]] == [not i.closed for i in meeting.items]
        assert [i["case"]["label"] if i["case"] else None for i in data["items"]] == \
               [i.case_number for i in meeting.items]
        for got, item in zip(data["items"], meeting.items):
            assert [d["text"] for d in got["decisions"]] == [d.text for d in item.decisions]
            assert [a["title"] for a in got["attachments"]] == [a.title for a in item.attachments]


def test_item_detail(live_server, seed_meetings):
    ids = meeting_ids(live_server)
    meeting = next(iter(seed_meetings.values()))
    item = next(i for i in meeting.items if i.sections)
    data = get(live_server, f"/api/items/{ids[meeting.date]}/item/{item.number}").json()
    assert data["title"] == item.title
    assert data["meeting"]["date"] == meeting.date.isoformat()
    assert [s["text"] for s in data["sections"]] == [s.text for s in item.sections]


def test_case_history_across_meetings(live_server, seed_meetings):
    history: dict[str, list] = defaultdict(list)
    for m in seed_meetings.values():
        for item in m.items:
            if item.case_number:
                history[item.case_number].append((m.date, item.order, item.title, item))
    assert history
    for number, events in history.items():
        data = get(live_server, f"/api/cases/{number}").json()
        assert data["case_number"] == number
        events.sort(key=lambda e: e[:2])
        assert [(e["date"], e["item"]["label"]) for e in data["events"]] == \
               [(d.isoformat(), t) for d, _n, t, _i in events]
        # each event carries its item's decisions, the case all its items' attachments
        assert [[d["text"] for d in e["decisions"]] for e in data["events"]] == \
               [[d.text for d in i.decisions] for *_, i in events]
        assert sorted(a["title"] for a in data["attachments"]) == \
               sorted(a.title for *_, i in events for a in i.attachments)
        assert all(e["body"]["label"] for e in data["events"])


def test_case_with_slash_in_number(live_server, seed_meetings):
    numbers = [i.case_number for m in seed_meetings.values() for i in m.items if i.case_number and "/" in i.case_number]
    assert numbers, "the 2014 seed uses journal numbers like 13/13893"
    assert get(live_server, f"/api/cases/{numbers[0]}").status_code == 200


@pytest.mark.parametrize("path,kind", [("/api/people", "people"), ("/api/departments", "departments")])
def test_actor_lists_and_details(live_server, path, kind):
    data = get(live_server, path, limit=500).json()
    assert data["total"] == len(data["items"])
    for actor in data["items"][:10]:
        assert actor["id"]
        if kind == "people":
            detail = get(live_server, f"/api/people/{actor['id']}").json()
            assert detail["iri"] == actor["iri"]
            assert detail["meeting_count"] == actor["meeting_count"]


def test_search_is_danish_aware(live_server, seed_meetings):
    titles = [i.title for m in seed_meetings.values() for i in m.items]
    word = next(w for t in titles for w in t.split() if any(c in w.lower() for c in "æøå") and len(w) > 4)
    variants = {word, word.upper(), fold(word), fold(word).upper()}
    expected = {t for t in titles if any(w.startswith(fold(word)) for w in words(t))}
    for variant in variants:
        data = get(live_server, "/api/search", q=variant, limit=500).json()
        found = {h["item"]["label"] for h in data["hits"]}
        assert expected <= found, variant


def test_search_finds_decisions(live_server, seed_meetings):
    decision = next(d.text for m in seed_meetings.values() for i in m.items for d in i.decisions if len(d.text) > 40)
    words = [w for w in decision.split() if len(w) > 6][:2]
    data = get(live_server, "/api/search", q=" ".join(words)).json()
    assert data["total"] >= 1
    assert any("decision" in h["matched_in"] for h in data["hits"])


def test_search_without_match(live_server):
    data = get(live_server, "/api/search", q="zzqqxx").json()
    assert data["total"] == 0 and data["hits"] == []


# -- one error shape ----------------------------------------------------------------------------------
@pytest.mark.parametrize("method,path,status", [
    ("GET", "/api/meetings/albertslund/meeting/chefforum/1999-01-01", 404),
    ("GET", "/api/items/nope/../x", 404),
    ("GET", "/api/cases/99-999999", 404),
    ("GET", "/api/people/albertslund/person/nobody-at-all", 404),
    ("GET", "/no/such/page", 404),
    ("DELETE", "/api/meetings", 405),
    ("GET", "/api/meetings?from=not-a-date", 422),
    ("GET", "/api/meetings?limit=0", 422),
    ("GET", "/api/meetings?kle=abc", 422),
    ("GET", "/api/search?sort=size", 422),
])
def test_one_error_shape(live_server, method, path, status):
    r = httpx.request(method, live_server.url + path, timeout=30)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert body["error"]["title"] and body["error"]["detail"]


def test_openapi_lists_the_api(live_server):
    spec = get(live_server, "/openapi.json").json()
    for path in ("/api/meetings", "/api/meetings/{id}", "/api/items/{id}", "/api/cases/{case_number}",
                 "/api/people", "/api/people/{id}", "/api/departments", "/api/search", "/api/documents", "/sparql"):
        assert path in spec["paths"], path


# -- request values are data: arbitrary text never breaks a query or changes the store ---------------
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(min_size=1, max_size=60))
def test_arbitrary_values_are_data(live_server, text):
    before = live_server.store.triple_count()
    r = httpx.get(f"{live_server.url}/api/cases/{quote(text, safe='')}", timeout=30)
    assert r.status_code in (200, 404), r.text
    assert ("error" in r.json()) == (r.status_code == 404)
    r = httpx.get(f"{live_server.url}/api/search", params={"q": text}, timeout=30)
    assert r.status_code in (200, 400, 422), r.text  # 400: a query the index cannot read, said why
    r = httpx.get(f"{live_server.url}/api/meetings", params={"body": text}, timeout=30)
    assert r.status_code in (200, 422)
    assert live_server.store.triple_count() == before
