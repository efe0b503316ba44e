"""Reporting, registering and editing a case: errors next to the field, no double records, stale forms refused."""
import pytest
from django.urls import reverse

from cases.models import Case


def report(client, partnership, **overrides):
    url = reverse("cases:case_report", kwargs={"slug": partnership.slug})
    page = client.get(url)
    data = {"form_token": page.context["form_token"], "title": "Ny modell for legevakt", "case_type": "decision",
            "background": "Legevaktsamarbeidet skal vurderes.", "proposed_decision": "Punkt én\nPunkt to", **overrides}
    return client.post(url, data)


def test_it_reports_a_case_on_the_template(staff_client, partnership):
    response = report(staff_client, partnership)
    case = Case.objects.get(title="Ny modell for legevakt")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", kwargs={"case_pk": case.pk})
    assert case.status == Case.Status.REPORTED
    assert case.background == "Legevaktsamarbeidet skal vurderes."
    page = staff_client.get(response["Location"])
    assert "Ny modell for legevakt" in page.content.decode() and "Registrer og rut" in page.content.decode()


def test_it_shows_a_missing_title_next_to_the_field(staff_client, partnership):
    response = report(staff_client, partnership, title="")
    html = response.content.decode()
    assert response.status_code == 200
    assert not Case.objects.exists()
    assert 'id="id_title_error"' in html and "Feltet er påkrevet." in html
    assert 'aria-describedby="id_title_error"' in html or 'id_title_error"' in html.split('id="id_title"')[1].split(">")[0]


def test_a_double_submission_creates_one_case(staff_client, partnership):
    url = reverse("cases:case_report", kwargs={"slug": partnership.slug})
    token = staff_client.get(url).context["form_token"]
    data = {"form_token": token, "title": "Dobbeltklikk", "case_type": "information"}
    first = staff_client.post(url, data)
    second = staff_client.post(url, data, follow=True)
    assert first.status_code == 302
    assert Case.objects.filter(title="Dobbeltklikk").count() == 1
    assert "allerede sendt inn" in second.content.decode()


def test_it_registers_and_routes_a_case(staff_client, reported_case, su):
    response = staff_client.post(reverse("cases:case_register", kwargs={"case_pk": reported_case.pk}), {"body": su.pk}, follow=True)
    reported_case.refresh_from_db()
    assert reported_case.body == su and reported_case.number == 1
    assert "Saken er registrert som Sak 1/" in response.content.decode()


def test_registering_twice_is_refused_with_a_message(staff_client, registered_case, su):
    response = staff_client.post(reverse("cases:case_register", kwargs={"case_pk": registered_case.pk}), {"body": su.pk})
    assert response.status_code == 200
    assert "allerede registrert" in response.content.decode()
    registered_case.refresh_from_db()
    assert registered_case.number == 1


def test_a_stale_edit_is_refused(staff_client, registered_case, staff):
    from cases import services

    url = reverse("cases:case_edit", kwargs={"case_pk": registered_case.pk})
    form_version = staff_client.get(url).context["form"].initial["version"]
    # Someone else saves the case after the form was opened.
    services.case_update(case=registered_case, expected_version=registered_case.version, by=staff, subject="Endret av en annen")
    response = staff_client.post(url, {"version": form_version, "title": "Min tittel", "case_type": "decision"})
    registered_case.refresh_from_db()
    assert response.status_code == 200
    assert "endret av en annen" in response.content.decode()
    assert registered_case.title == "Felles pasientforløp for skrøpelige eldre"


def test_an_up_to_date_edit_is_saved(staff_client, registered_case):
    url = reverse("cases:case_edit", kwargs={"case_pk": registered_case.pk})
    initial = staff_client.get(url).context["form"].initial
    response = staff_client.post(url, {"version": initial["version"], "title": "Ny tittel", "case_type": "decision"})
    registered_case.refresh_from_db()
    assert response.status_code == 302
    assert registered_case.title == "Ny tittel"


def test_it_rejects_get_on_one_button_actions(staff_client, su):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(body=su)
    assert staff_client.get(reverse("meetings:notice_send", kwargs={"meeting_pk": meeting.pk})).status_code == 405
