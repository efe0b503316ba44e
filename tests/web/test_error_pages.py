"""Refusals look like the site: Norwegian error pages with a way back; bad input gets 400 or a form message, never 500."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from helsefellesskap import urls as root_urls
from helsefellesskap.views import server_error
from common.web import DSForm

OSLO = ZoneInfo("Europe/Oslo")


def client_for(username=None):
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def body_of(response):
    return response.content.decode()


# -- the pages -------------------------------------------------------------------------------------------


def test_404_is_norwegian_in_the_layout_with_a_way_back(db):
    response = client_for().get("/finnes-ikke/")
    assert response.status_code == 404
    html = body_of(response)
    assert "Vi fant ikke siden" in html
    assert 'class="site-header"' in html
    assert 'href="/"' in html and "Gå til forsiden" in html


def test_403_names_the_secretariat_to_ask(demo):
    response = client_for("medlem").get(reverse("dashboard", kwargs={"slug": demo["finnmark"].slug}))
    assert response.status_code == 403
    html = body_of(response)
    assert "Du har ikke tilgang til denne siden" in html
    assert f"Samhandlingssekretariatet i {demo['finnmark'].name}" in html
    assert "Gå til Mine sider" in html


def test_500_is_norwegian_and_needs_no_database():
    assert root_urls.handler500 == "helsefellesskap.views.server_error"
    response = server_error(RequestFactory().get("/moter/"))
    assert response.status_code == 500
    html = body_of(response)
    assert "Noe gikk galt hos oss" in html and "Gå til forsiden" in html


def test_csrf_failure_is_norwegian(db):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "kari", "password": "x"})
    assert response.status_code == 403
    assert "Skjemaet kunne ikke sendes" in body_of(response)


@pytest.mark.parametrize("url", ["/offentlig/?q=a%00b", "/offentlig/?a%01=b", "/offentlig/%00/"])
def test_control_characters_in_the_address_answer_400_in_norwegian(db, url):
    response = client_for().get(url)
    assert response.status_code == 400
    assert "Forespørselen kunne ikke behandles" in body_of(response)


def test_control_characters_in_a_header_answer_400(db):
    response = client_for().post(reverse("login"), {"username": "kari", "password": "x"}, HTTP_USER_AGENT="Mozilla\x00")
    assert response.status_code == 400


def test_the_admin_is_covered_for_query_strings_and_posted_nul(demo):
    admin = client_for("admin")
    assert admin.get("/admin/cases/case/?q=a%00b").status_code == 400
    from bodies.models import Partnership

    before = list(Partnership.objects.values_list("name", flat=True).order_by("pk"))
    response = admin.post(f"/admin/bodies/partnership/{demo['finnmark'].pk}/change/", {"name": "Finn\x00mark", "slug": "finnmark"})
    assert response.status_code == 400
    assert list(Partnership.objects.values_list("name", flat=True).order_by("pk")) == before


# -- the forms -------------------------------------------------------------------------------------------


class ProbeForm(DSForm):
    from django import forms

    title = forms.CharField()
    note = forms.CharField(widget=forms.Textarea)
    on = forms.DateField(required=False)
    at = forms.DateTimeField(required=False)
    count = forms.IntegerField(required=False)


def probe(**data):
    form = ProbeForm({"title": "Tittel", "note": "Linje 1\r\n\tLinje 2", **data})
    form.is_valid()
    return form.errors


def test_form_accepts_tab_and_line_breaks_in_multi_line_text_only():
    assert probe() == {}
    assert "kontrolltegn" in probe(title="To\nlinjer")["title"][0]
    assert "kontrolltegn" in probe(note="Vertikal\x0btab")["note"][0]
    assert probe(title="Null\x00tegn")["title"]  # Django's own check, in Norwegian
    assert "kontrolltegn" in probe(title="Escape\x1b[0m")["title"][0]


@pytest.mark.parametrize("field,value", [("on", "0001-01-01"), ("on", "9999-12-31"), ("at", "0001-01-01 00:00"),
                                         ("at", "9999-12-31 23:30"), ("at", "1899-12-31 12:00")])
def test_form_refuses_dates_outside_the_sensible_range(field, value):
    assert "mellom år 1900 og 2200" in probe(**{field: value})[field][0]


def test_form_accepts_dates_inside_the_range():
    assert probe(on="2026-03-01", at="2200-12-31 23:00") == {}


def test_form_refuses_whole_numbers_the_database_cannot_hold():
    assert "for stort" in probe(count="2147483648")["count"][0]
    assert probe(count="2147483647") == {}


# -- the seven known causes of 500 ----------------------------------------------------------------------


def test_nul_in_the_public_search_answers_400(demo):
    response = client_for().get(reverse("public:search", kwargs={"slug": demo["finnmark"].slug}), {"q": "ab\x00c"})
    assert response.status_code == 400


def test_nul_in_the_people_list_query_answers_400(demo):
    response = client_for("sekretariat").get(reverse("members:person_list", kwargs={"slug": demo["finnmark"].slug}), {"q": "ab\x00c"})
    assert response.status_code == 400


def test_nul_in_the_member_calendar_url_answers_400(db):
    assert client_for().get("/mine/kalender/ab%00c.ics").status_code == 400


def test_nul_in_an_apology_note_answers_400_and_records_nothing(demo):
    from meetings.models import Attendance, Meeting
    from members.models import Membership

    membership = Membership.objects.current().filter(person__user__username="medlem").first()
    meeting = Meeting.objects.filter(body=membership.body, starts_at__gt=timezone.now()).order_by("starts_at").first()
    before = list(Attendance.objects.filter(meeting=meeting).values_list("pk", "status", "apology_note").order_by("pk"))
    response = client_for("medlem").post(reverse("member:apology", kwargs={"meeting_pk": meeting.pk}), {"note": "Syk\x00"})
    assert response.status_code == 400
    assert list(Attendance.objects.filter(meeting=meeting).values_list("pk", "status", "apology_note").order_by("pk")) == before


def test_a_very_long_user_name_at_login_is_an_ordinary_failed_login(db):
    from axes.models import AccessAttempt

    response = client_for().post(reverse("login"), {"username": "x" * 300, "password": "feil-passord-her"})
    assert response.status_code == 200
    assert "korrekt brukernavn og passord" in body_of(response)
    assert AccessAttempt.objects.get().username == "x" * 255


def test_a_non_number_item_in_the_agenda_builder_moves_nothing(demo):
    from meetings.models import AgendaItem, Meeting

    meeting = Meeting.objects.filter(body__partnership=demo["finnmark"], items__isnull=False).distinct().first()
    order = list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("pk", flat=True))
    response = client_for("sekretariat").post(reverse("meetings:meeting_agenda", kwargs={"meeting_pk": meeting.pk}),
                                              {"action": "up", "item": "abc"})
    assert response.status_code in (200, 302)
    assert list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("pk", flat=True)) == order


def test_a_decision_of_more_than_32767_points_is_a_form_error(demo):
    from cases.models import Decision, DecisionPoint

    decision = Decision.objects.filter(handling__case__partnership=demo["finnmark"]).order_by("pk").first()
    before = (Decision.objects.count(), DecisionPoint.objects.count())
    response = client_for("sekretariat").post(reverse("cases:decision_correct", kwargs={"handling_pk": decision.handling_id}),
                                              {"points": "\n".join(f"Punkt {n}" for n in range(33000)), "reason": "Retting"})
    assert response.status_code == 200
    assert "høyst 200 punkter" in body_of(response)
    assert (Decision.objects.count(), DecisionPoint.objects.count()) == before


def test_a_meeting_planned_at_the_end_of_time_is_a_form_error(demo):
    from bodies.models import Body
    from meetings.models import Meeting

    body = Body.objects.filter(partnership=demo["finnmark"], kind__slug="strategisk-samarbeidsutvalg").get()
    client = client_for("sekretariat")
    url = reverse("meetings:meeting_plan", kwargs={"slug": demo["finnmark"].slug})
    token = client.get(url).context["form_token"]
    before = Meeting.objects.count()
    for value in ("9999-12-31T23:30", "0001-01-01T00:00"):
        response = client.post(url, {"body": body.pk, "starts_at": value, "place": "Kirkenes", "title": "Møte", "form_token": token})
        assert response.status_code == 200
        assert "mellom år 1900 og 2200" in body_of(response)
    assert Meeting.objects.count() == before


def test_the_admin_path_refuses_out_of_range_dates_through_the_models(demo):
    from django.core.exceptions import ValidationError

    from cases.models import AnchoringRound, FollowUpTask
    from meetings.models import Meeting

    meeting = Meeting.objects.filter(body__partnership=demo["finnmark"]).first()
    meeting.starts_at = dt.datetime(1, 1, 1, tzinfo=OSLO)
    with pytest.raises(ValidationError) as exc:
        meeting.clean()
    assert "starts_at" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        FollowUpTask(title="x", deadline=dt.date(9999, 12, 31)).clean()
    assert "deadline" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        AnchoringRound(title="x", sent_on=dt.date(2026, 1, 1), deadline=dt.date(1, 1, 1)).clean()
    assert list(exc.value.error_dict) == ["deadline"]


# -- no stored value makes a page answer 500 --------------------------------------------------------------


@pytest.mark.parametrize("when", [dt.datetime(1, 1, 1, tzinfo=OSLO), dt.datetime(9999, 12, 31, 23, 30, tzinfo=dt.UTC)],
                         ids=["year-1-local", "year-9999-utc"])
def test_a_stored_meeting_far_out_of_range_does_not_break_the_pages(demo, when):
    from meetings.models import Meeting
    from members.models import Membership

    finnmark = demo["finnmark"]
    membership = Membership.objects.current().filter(person__user__username="medlem").first()
    meeting = Meeting.objects.filter(body=membership.body, body__meetings_public=True).order_by("-starts_at").first()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=when, ends_at=when)
    pages = [
        ("sekretariat", reverse("meetings:meeting_list", kwargs={"slug": finnmark.slug})),
        ("sekretariat", reverse("meetings:meeting_detail", kwargs={"meeting_pk": meeting.pk})),
        ("sekretariat", reverse("dashboard", kwargs={"slug": finnmark.slug})),
        (None, reverse("public:partnership", kwargs={"slug": finnmark.slug})),
        (None, reverse("public:body", kwargs={"slug": finnmark.slug, "body_pk": meeting.body_id})),
        (None, reverse("public:meeting", kwargs={"slug": finnmark.slug, "meeting_pk": meeting.pk})),
        (None, reverse("public:body_calendar", kwargs={"slug": finnmark.slug, "body_pk": meeting.body_id})),
        ("medlem", reverse("member:meetings")),
        ("medlem", reverse("member:home")),
    ]
    answers = {url: client_for(user).get(url).status_code for user, url in pages}
    assert answers == {url: 200 for _user, url in pages}
    meeting.refresh_from_db()
    assert meeting.starts_at.year in (1, 9999)
