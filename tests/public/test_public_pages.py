"""Public pages: open without login, show what is published and nothing before its time."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(name, scene, **kwargs):
    return reverse(f"public:{name}", kwargs={"slug": scene["partnership"].slug, **kwargs})


def test_partnership_page_lists_bodies_upcoming_meetings_and_decisions(client, scene):
    response = client.get(url("partnership", scene))
    assert response.status_code == 200
    text = response.content.decode()
    assert scene["su"].name in text
    assert "Lukket utvalg" not in text
    assert "Saken sendes kommunestyrene til behandling." in text
    assert reverse("public:meeting", kwargs={"slug": scene["partnership"].slug, "meeting_pk": scene["noticed"].pk}) in text


def test_index_lists_partnerships(client, scene):
    response = client.get(reverse("public:index"))
    assert response.status_code == 200
    assert scene["partnership"].name in response.content.decode()
    assert scene["other"].name in response.content.decode()


def test_agenda_is_public_once_the_notice_is_sent(client, scene):
    text = client.get(url("meeting", scene, meeting_pk=scene["noticed"].pk)).content.decode()
    assert "Felles pasientforløp for skrøpelige eldre" in text
    assert "Vedtak og protokoll publiseres" in text
    planned = client.get(url("meeting", scene, meeting_pk=scene["planned"].pk))
    assert planned.status_code == 200
    assert "Sak som ennå ikke er kalt inn" not in planned.content.decode()
    assert "Sakslisten publiseres når innkallingen er sendt." in planned.content.decode()


def test_decisions_show_once_minutes_are_approved(client, scene):
    text = client.get(url("meeting", scene, meeting_pk=scene["held"].pk)).content.decode()
    assert "Strategisk samarbeidsutvalg slutter seg til modellen." in text
    assert url("minutes_pdf", scene, meeting_pk=scene["held"].pk) in text


def test_a_case_not_yet_on_a_sent_notice_is_not_public(client, scene):
    assert client.get(url("case", scene, case_pk=scene["hidden_case"].pk)).status_code == 404
    assert client.get(url("case", scene, case_pk=scene["unrouted"].pk)).status_code == 404
    assert client.get(url("case", scene, case_pk=scene["upcoming_case"].pk)).status_code == 200


def test_closed_bodies_and_other_partnerships_are_not_reachable_by_guessing(client, scene):
    assert client.get(url("body", scene, body_pk=scene["closed_body"].pk)).status_code == 404
    assert client.get(url("meeting", scene, meeting_pk=scene["closed"].pk)).status_code == 404
    assert client.get(url("case", scene, case_pk=scene["closed_case"].pk)).status_code == 404
    # Another partnership's records under this partnership's slug.
    assert client.get(url("meeting", scene, meeting_pk=scene["foreign_meeting"].pk)).status_code == 404
    assert client.get(url("case", scene, case_pk=scene["foreign_case"].pk)).status_code == 404
    assert client.get(reverse("public:partnership", kwargs={"slug": "finnes-ikke"})).status_code == 404


def test_case_page_shows_documents_decision_and_handlings(client, scene):
    text = client.get(url("case", scene, case_pk=scene["decided"].pk)).content.decode()
    assert "Rapport fra arbeidsgruppen" in text
    assert url("document", scene, document_pk=scene["open_doc"].pk) in text
    assert "Saken sendes kommunestyrene til behandling." in text


def test_open_document_is_served(client, scene):
    response = client.get(url("document", scene, document_pk=scene["open_doc"].pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Rapportens innhold"


def test_body_page_has_calendar_and_ical_feed(client, scene):
    response = client.get(url("body", scene, body_pk=scene["su"].pk))
    assert response.status_code == 200
    assert url("meeting", scene, meeting_pk=scene["planned"].pk) in response.content.decode()
    ics = client.get(url("body_calendar", scene, body_pk=scene["su"].pk))
    assert ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert text.startswith("BEGIN:VCALENDAR") and text.count("BEGIN:VEVENT") == 3
    assert f"UID:meeting-{scene['planned'].pk}@" in text


def test_search_finds_cases_decisions_and_documents(client, scene):
    text = client.get(url("search", scene), {"q": "kommunestyrene"}).content.decode()
    assert "Helsefellesskap – sammen for pasientene" in text
    text = client.get(url("search", scene), {"q": "arbeidsgruppen"}).content.decode()
    assert "Rapport fra arbeidsgruppen" in text
    text = client.get(url("search", scene), {"q": "ennå ikke er kalt inn"}).content.decode()
    assert "Sak som ennå ikke er kalt inn" not in text


def test_notice_pdf_only_after_notice(client, scene):
    assert client.get(url("notice_pdf", scene, meeting_pk=scene["planned"].pk)).status_code == 404
    assert client.get(url("minutes_pdf", scene, meeting_pk=scene["noticed"].pk)).status_code == 404


def test_post_is_refused(client, scene):
    assert client.post(url("partnership", scene)).status_code == 405


@pytest.mark.parametrize("name,kwargs_of", [
    ("partnership", lambda s: {}),
    ("body", lambda s: {"body_pk": s["su"].pk}),
    ("meeting", lambda s: {"meeting_pk": s["held"].pk}),
    ("case", lambda s: {"case_pk": s["decided"].pk}),
    ("search", lambda s: {}),
])
def test_query_count_does_not_grow_with_the_data(client, scene, django_assert_max_num_queries, name, kwargs_of):
    from tests.public.conftest import make_case, put_on_agenda

    # Add more of everything: the number of queries must stay the same.
    for n in range(40, 46):
        case = make_case(scene["su"], n, f"Ekstra sak {n} kommunestyrene")
        put_on_agenda(case, scene["held"], n)
        from cases.models import CaseDocument

        CaseDocument.objects.create(case=case, title=f"Dokument {n}")
    with django_assert_max_num_queries(12):
        response = client.get(url(name, scene, **kwargs_of(scene)), {"q": "kommunestyrene"} if name == "search" else {})
    assert response.status_code == 200
