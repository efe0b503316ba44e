"""The OParl 1.1 API as a client uses it: from the System object through every list (all pages) and every object,
each checked against the OParl 1.1 schema; what the public may not see never appears."""
import json
from collections import Counter, deque
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client

from meetings.models import Meeting
from members.models import Person
from tests.openrecords import oparl_schema
from tests.openrecords.conftest import EXEMPT_CONTENT, EXEMPT_TITLE, PUBLIC_TITLE

ROOT = "/api/oparl/v1/"
PAGE = 3  # small pages, so every list is walked over several


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code} {response.content[:200]!r}"
    assert response["Access-Control-Allow-Origin"] == "*", url
    assert response["Content-Type"].startswith("application/json"), url
    return json.loads(response.content)


def api_links(data):
    """Every URL of the API inside a response."""
    if isinstance(data, dict):
        for value in data.values():
            yield from api_links(value)
    elif isinstance(data, list):
        for value in data:
            yield from api_links(value)
    elif isinstance(data, str) and urlsplit(data).path.startswith(ROOT):
        yield data


def walk(client):
    """Fetch everything reachable from the System object, as a client would. Returns the objects by id, the raw
    response bodies and the problems found."""
    queue, seen = deque([ROOT]), set()
    objects, bodies, found = {}, [], []
    lists = {}  # list path -> [totalElements, ids collected over its pages]
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else f"?{urlencode({'limit': PAGE})}")
        if target in seen:
            continue
        seen.add(target)
        data = get(client, target)
        bodies.append(json.dumps(data, ensure_ascii=False))
        if "data" in data:
            assert set(data) == {"data", "pagination", "links"}, target
            assert len(data["data"]) <= PAGE
            collected = lists.setdefault((parts.path, data["pagination"]["totalElements"]), set())
            collected.update(item["id"] for item in data["data"])
            for item in data["data"]:
                found += [f"{target}: {p}" for p in oparl_schema.problems(item)]
                objects.setdefault(item["id"], item)
            if "next" in data["links"]:
                queue.append(data["links"]["next"])
            else:
                assert data["pagination"]["currentPage"] == data["pagination"]["totalPages"], target
        else:
            found += [f"{target}: {p}" for p in oparl_schema.problems(data)]
            if data.get("id") in objects:
                assert objects[data["id"]] == data, f"{target} differs from the same object in its list"
            objects.setdefault(data.get("id"), data)
        for link in api_links({k: v for k, v in data.items() if k != "links"}):
            queue.append(link)
    # Every list, followed page by page through links.next, gave all its objects, each once.
    for (path, total), collected in lists.items():
        if len(collected) != total:
            found.append(f"{path}: {len(collected)} objects over its pages, totalElements {total}")
    assert any(total > PAGE for (_path, total) in lists), "no list was long enough to be paged"
    return objects, bodies, found


@pytest.fixture(scope="module")
def walked_module(archived_module, django_db_blocker):
    client = Client()
    with django_db_blocker.unblock():
        objects, bodies, found = walk(client)
    return {**archived_module, "objects": objects, "text": "\n".join(bodies), "problems": found, "client": client}


@pytest.fixture
def walked(walked_module, archived):
    return walked_module


def of_type(objects, name):
    return [data for data in objects.values() if data and data.get("type") == f"https://schema.oparl.org/1.1/{name}"]


def test_every_object_reached_from_the_system_conforms_to_oparl_1_1(walked):
    assert walked["problems"] == []
    counts = Counter(data["type"].rsplit("/", 1)[1] for data in walked["objects"].values() if data)
    for name in ("System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem", "Paper",
                 "Consultation", "File"):
        assert counts[name] >= 1, f"no {name} reached: {counts}"
    # Both partnerships are bodies of the system.
    assert {body["name"] for body in of_type(walked["objects"], "Body")} == {"Helsefellesskap Finnmark", "Helsefellesskap Helgeland"}


def test_finnmark_case_28_2020_is_a_paper_with_its_two_consultations(walked):
    papers = [p for p in of_type(walked["objects"], "Paper") if p["reference"] == "Sak 28/2020" and "/finnmark/" in p["id"]]
    assert len(papers) == 1
    paper = papers[0]
    assert paper["name"] == "Etablering av Helsefellesskap"
    roles = {(c["role"], c["authoritative"]) for c in paper["consultation"]}
    assert roles == {("Drøfting", False), ("Beslutning", True)}
    # Each consultation leads to its agenda item, whose meeting is the secretariat's (2 Nov) or OSO's (23 Nov 2020).
    starts = set()
    for consultation in paper["consultation"]:
        item = walked["objects"][consultation["agendaItem"]]
        assert item["consultation"] == consultation["id"]
        starts.add(walked["objects"][item["meeting"]]["start"][:10])
    assert starts == {"2020-11-02", "2020-11-23"}
    # The decision is public now that the minutes are approved: the points are the agenda item's resolution.
    decided = next(walked["objects"][c["agendaItem"]] for c in paper["consultation"] if c["authoritative"])
    assert decided["resolutionText"].startswith("1. OSO vedtar den foreslåtte organiseringen")
    # The public document is the paper's file; the exempt one is not there.
    assert [f["name"] for f in [paper.get("mainFile")] + paper["auxiliaryFile"] if f] == [PUBLIC_TITLE]


def test_the_archived_minutes_are_files_of_their_meetings(walked):
    minutes = [f for f in of_type(walked["objects"], "File") if f.get("meeting")]
    assert len(minutes) == len(walked["approved"]) == 4
    for data in minutes:
        response = walked["client"].get(urlsplit(data["accessUrl"]).path)
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert content.startswith(b"%PDF") and len(content) == data["size"]
        meeting = walked["objects"][data["meeting"][0]]
        assert meeting["resultsProtocol"]["id"] == data["id"]


def test_nothing_exempt_and_no_contact_data_appears(walked):
    text = walked["text"]
    assert EXEMPT_TITLE not in text
    assert walked["exempt"].file.name.rsplit("/", 1)[-1] not in text
    assert f"/dokumenter/{walked['exempt'].pk}/" not in text
    for data in walked["objects"].values():
        if data and urlsplit(data.get("accessUrl", "")).path:
            response = walked["client"].get(urlsplit(data["accessUrl"]).path)
            content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
            assert EXEMPT_CONTENT not in content
    for name in ("Person", "Membership"):
        for data in of_type(walked["objects"], name):
            assert not {"email", "phone", "location", "life"} & set(data)
    emails = [e for e in Person.objects.exclude(email="").values_list("email", flat=True)]
    assert emails and not any(email in text for email in emails)


def test_a_meeting_before_its_notice_shows_no_agenda(walked):
    planned = Meeting.objects.filter(body__partnership=walked["finnmark"], status=Meeting.Status.PLANNED,
                                     items__isnull=False).distinct().first()
    data = get(walked["client"], f"{ROOT}body/finnmark/meeting/{planned.pk}/")
    assert data["agendaItem"] == []
    item = planned.items.first()
    assert walked["client"].get(f"{ROOT}body/finnmark/agendaitem/{item.pk}/").status_code == 404


def test_another_partnerships_ids_answer_404(archived):
    client = Client()
    helgeland_meeting = Meeting.objects.filter(body__partnership=archived["helgeland"]).first()
    response = client.get(f"{ROOT}body/finnmark/meeting/{helgeland_meeting.pk}/")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(f"{ROOT}body/finnes-ikke/paper/").status_code == 404
    assert client.get(f"{ROOT}body/finnmark/file/dokument/{archived['exempt'].pk}/").status_code == 404


def test_modified_since_filters_and_bad_values_answer_400(archived):
    client = Client()
    url = f"{ROOT}body/finnmark/paper/"
    everything = get(client, url)
    assert everything["pagination"]["totalElements"] >= 3
    assert get(client, url + "?modified_since=2199-01-01T00:00:00%2B01:00")["data"] == []
    assert get(client, url + "?modified_since=2000-01-01")["pagination"]["totalElements"] == everything["pagination"]["totalElements"]
    newest = max(everything["data"], key=lambda p: p["modified"])
    since = get(client, url + "?" + urlencode({"modified_since": newest["modified"]}))
    assert newest["id"] in {p["id"] for p in since["data"]}
    assert all(p["modified"] >= newest["modified"] for p in since["data"])
    # The filter is kept in the page links.
    paged = get(client, url + "?" + urlencode({"modified_since": "2000-01-01", "limit": 1}))
    assert "modified_since=2000-01-01" in paged["links"]["next"]
    for bad in ("modified_since=i-går", "modified_since=0001-01-01", "created_until=2020-13-40", "limit=0", "limit=abc", "page=-1"):
        response = client.get(f"{url}?{bad}")
        assert response.status_code == 400, bad
        assert "error" in json.loads(response.content)


def test_cors_is_open_for_reading_only(archived):
    client = Client()
    preflight = client.options(f"{ROOT}body/finnmark/meeting/", HTTP_ORIGIN="https://example.org",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert client.head(f"{ROOT}body/finnmark/").status_code == 200
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)(f"{ROOT}body/finnmark/paper/")
        assert response.status_code == 405, method
        assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("kind", ["organization", "person", "membership", "meeting", "agendaitem", "paper",
                                  "consultation", "file"])
def test_a_list_page_runs_a_bounded_number_of_queries(archived, kind, django_assert_max_num_queries):
    """Count, page and one query per embedded kind: never one per object (a page of 100 costs what a page of 1 does,
    give or take a prefetch Django skips when the page holds nothing to prefetch)."""
    client = Client()
    url = f"{ROOT}body/finnmark/{kind}/"
    with django_assert_max_num_queries(7):
        assert client.get(url, {"limit": 1}).status_code == 200
    with django_assert_max_num_queries(7):
        full = client.get(url, {"limit": 100})
    assert full.status_code == 200
    assert json.loads(full.content)["pagination"]["totalElements"] >= 2
