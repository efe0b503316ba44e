"""The secretariat's structure pages, used by the demo's `sekretariat` login, which is not staff."""
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bodies.models import Body, DocumentVersion, GovernanceDocument, Side
from cases.models import Decision, SubcommitteeAppointment
from members.models import Membership, Person
from members.terms import add_years, default_term_end

pytestmark = pytest.mark.django_db


@pytest.fixture
def sek(client, demo):
    user = get_user_model().objects.get(username="sekretariat")
    client.force_login(user)
    return client


@pytest.fixture
def su(demo):
    return Body.objects.get(partnership=demo["finnmark"], kind__slug="strategisk-samarbeidsutvalg")


def token_of(response):
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


def post_form(client, url, data, files=None):
    page = client.get(url)
    assert page.status_code == 200, url
    payload = {"form_token": token_of(page), **data}
    if files:
        payload.update(files)
    return client.post(url, payload)


def test_the_demo_secretariat_is_not_staff_and_its_pages_link_nowhere_in_the_admin(sek, demo, su):
    user = get_user_model().objects.get(username="sekretariat")
    assert not user.is_staff and not user.is_superuser
    assert sek.get("/admin/").status_code == 302
    finnmark = demo["finnmark"]
    for url in (reverse("dashboard", kwargs={"slug": finnmark.slug}), reverse("bodies:body_list", kwargs={"slug": finnmark.slug}),
                reverse("bodies:body_detail", kwargs={"body_pk": su.pk}), reverse("members:person_list", kwargs={"slug": finnmark.slug}),
                reverse("structure:subcommittee_list", kwargs={"slug": finnmark.slug}),
                reverse("structure:document_list", kwargs={"slug": finnmark.slug})):
        response = sek.get(url)
        assert response.status_code == 200, url
        assert "/admin/" not in response.content.decode(), url


def test_create_and_edit_a_body_with_its_term_rule(sek, demo, su):
    finnmark = demo["finnmark"]
    kind = su.kind.__class__.objects.get(slug="fagrad")
    response = post_form(sek, reverse("bodies:body_create", kwargs={"slug": finnmark.slug}), {
        "kind": kind.pk, "name": "Fagråd for skrøpelige eldre", "short_name": "Fagråd eldre", "reports_to": su.pk,
        "min_meetings_per_year": 4, "default_meeting_minutes": 120, "quorum_percent": 50, "meetings_public": "on",
        "can_decide": "on", "mandate": "Tjenester for skrøpelige eldre."})
    council = Body.objects.get(partnership=finnmark, name="Fagråd for skrøpelige eldre")
    assert response.status_code == 302 and response["Location"] == reverse("bodies:body_detail", kwargs={"body_pk": council.pk})
    assert council.level == kind.default_level and council.member_term_years == 2
    edit = reverse("bodies:body_edit", kwargs={"body_pk": council.pk})
    assert 'value="Fagråd for skrøpelige eldre"' in sek.get(edit).content.decode()
    post_form(sek, edit, {"kind": kind.pk, "name": "Fagråd for skrøpelige eldre", "level": 3, "term_years": 3,
                          "min_meetings_per_year": 4, "default_meeting_minutes": 90, "quorum_percent": 50})
    council.refresh_from_db()
    assert council.term_years == 3 and council.default_meeting_minutes == 90
    page = sek.get(reverse("bodies:body_detail", kwargs={"body_pk": council.pk})).content.decode()
    assert "3 år" in page


def test_another_partnerships_body_and_person_answer_404(sek, demo):
    helgeland = demo["helgeland"]
    body = Body.objects.filter(partnership=helgeland).first()
    person = Person.objects.filter(memberships__body__partnership=helgeland).exclude(memberships__body__partnership=demo["finnmark"]).first()
    assert sek.get(reverse("bodies:body_edit", kwargs={"body_pk": body.pk})).status_code in (403, 404)
    assert sek.get(reverse("members:person_edit", kwargs={"slug": "finnmark", "person_pk": person.pk})).status_code == 404
    assert sek.get(reverse("members:person_create", kwargs={"slug": helgeland.slug})).status_code == 403
    document = GovernanceDocument.objects.create(partnership=helgeland, kind="statutes", title="Helgelands vedtekter")
    assert sek.get(reverse("structure:document_detail", kwargs={"governance_document_pk": document.pk})).status_code == 403


def test_register_a_person_then_appoint_them_with_a_new_personal_deputy_and_the_default_term(sek, demo, su):
    finnmark = demo["finnmark"]
    alta = finnmark.parties.get(name="Alta kommune")
    response = post_form(sek, reverse("members:person_create", kwargs={"slug": finnmark.slug}), {
        "first_name": "Sunniva", "last_name": "Somby", "email": "sunniva@example.no", "position": "Kommunalsjef helse",
        "employer": alta.pk})
    assert response.status_code == 302
    person = Person.objects.get(first_name="Sunniva", last_name="Somby")
    today = date.today()
    response = post_form(sek, reverse("bodies:membership_create", kwargs={"body_pk": su.pk}), {
        "person": person.pk, "role": "member", "side": Side.MUNICIPAL, "seat": "ordinary", "represented_parties": [alta.pk],
        "can_vote": "", "can_speak": "", "can_propose": "no", "term_start": today.isoformat(), "term_end": "",
        "deputy_first_name": "Trond", "deputy_last_name": "Utsi", "deputy_employer": alta.pk})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    membership = Membership.objects.get(body=su, person=person)
    assert membership.term_end == default_term_end(body=su, role="member", start=today)
    assert membership.term_end == add_years(today, 4) - timedelta(days=1)  # SU's kind: four years
    assert membership.can_vote and membership.can_speak and not membership.can_propose
    assert membership.personal_deputy.person.full_name == "Trond Utsi"
    detail = sek.get(reverse("bodies:body_detail", kwargs={"body_pk": su.pk})).content.decode()
    assert "Sunniva Somby" in detail and "Trond Utsi" in detail
    assert "Mandat for strategisk samarbeidsutvalg" in detail  # the body's governing documents are linked


def test_the_appointment_form_refuses_two_deputies_and_a_deputy_for_an_observer(sek, su):
    person = Membership.objects.current().filter(body=su).first().person
    deputy_seat = Membership.objects.current().filter(body=su, role="deputy").first()
    url = reverse("bodies:membership_create", kwargs={"body_pk": su.pk})
    response = post_form(sek, url, {"person": person.pk, "role": "observer", "side": Side.NONE, "seat": "ordinary",
                                    "term_start": "2026-01-01", "personal_deputy": deputy_seat.pk,
                                    "deputy_person": deputy_seat.person.pk})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Velg én personlig vara" in str(errors) and "Bare faste medlemmer" in str(errors)


def test_edit_a_membership_and_end_it_once_with_the_form_token(sek, su):
    membership = Membership.objects.current().filter(body=su, role="member").select_related("person").first()
    url = reverse("bodies:membership_edit", kwargs={"membership_pk": membership.pk})
    data = {"side": membership.side, "seat": "gp", "seat_note": "Vest-Finnmark", "can_vote": "on", "can_speak": "on",
            "term_start": membership.term_start.isoformat(), "term_end": membership.term_end.isoformat() if membership.term_end else "",
            "represented_parties": list(membership.represented_parties.values_list("pk", flat=True)),
            "personal_deputy": membership.personal_deputy_id or ""}
    assert post_form(sek, url, data).status_code == 302
    membership.refresh_from_db()
    assert membership.seat == "gp" and not membership.can_propose

    end = reverse("bodies:membership_end", kwargs={"membership_pk": membership.pk})
    page = sek.get(end)
    token = token_of(page)
    on = max(membership.term_start, date.today()).isoformat()
    first = sek.post(end, {"form_token": token, "on": on, "reason": "Ny jobb"})
    assert first.status_code == 302
    second = sek.post(end, {"form_token": token, "on": on, "reason": "Ny jobb"})
    assert second.status_code == 302
    assert "allerede sendt" in str(list(second.wsgi_request._messages))
    membership.refresh_from_db()
    assert membership.term_end == date.fromisoformat(on)
    assert membership.history.filter(history_change_reason="Ny jobb").count() == 1


def test_appoint_a_subcommittee_by_a_decision_report_back_and_dissolve(sek, demo, su):
    finnmark = demo["finnmark"]
    decision = Decision.objects.filter(handling__body=su).select_related("handling__case").order_by("-decided_at").first()
    kind = su.kind.__class__.objects.get(slug="arbeidsgruppe")
    response = post_form(sek, reverse("structure:subcommittee_appoint", kwargs={"slug": finnmark.slug}), {
        "kind": kind.pk, "name": "Arbeidsgruppe for samhandlingsavvik", "appointed_by": su.pk,
        "appointing_decision": decision.pk, "mandate": "Foreslå felles rutine for avviksmeldinger.",
        "deadline": "2030-06-30", "active_from": "2026-01-15"})
    group = Body.objects.get(partnership=finnmark, name="Arbeidsgruppe for samhandlingsavvik")
    assert response.status_code == 302
    assert SubcommitteeAppointment.objects.get(body=group).decision == decision
    listing = sek.get(reverse("structure:subcommittee_list", kwargs={"slug": finnmark.slug})).content.decode()
    assert "Arbeidsgruppe for samhandlingsavvik" in listing and decision.handling.case.case_number in listing

    report_case = decision.handling.case
    response = post_form(sek, reverse("structure:subcommittee_report", kwargs={"subcommittee_pk": group.pk}),
                         {"report_case": report_case.pk})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.report.case == report_case and group.reported_on is not None
    response = post_form(sek, reverse("structure:subcommittee_dissolve", kwargs={"subcommittee_pk": group.pk}), {"on": "2030-01-31"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.active_until == date(2030, 1, 31)
    # SU is not a sub-committee: it has no report or dissolve page.
    assert sek.get(reverse("structure:subcommittee_dissolve", kwargs={"subcommittee_pk": su.pk})).status_code == 404


def test_a_decision_of_another_body_does_not_appoint(sek, demo, su):
    finnmark = demo["finnmark"]
    secretariat = Body.objects.get(partnership=finnmark, kind__is_secretariat=True)
    decision = Decision.objects.filter(handling__body=su).first()
    kind = su.kind.__class__.objects.get(slug="arbeidsgruppe")
    response = post_form(sek, reverse("structure:subcommittee_appoint", kwargs={"slug": finnmark.slug}), {
        "kind": kind.pk, "name": "Feil oppnevnt", "appointed_by": secretariat.pk, "appointing_decision": decision.pk,
        "mandate": "x", "deadline": "2030-06-30", "active_from": "2026-01-15"})
    assert response.status_code == 200
    assert "utvalget oppnevnes ved et vedtak i" in response.content.decode()
    assert not Body.objects.filter(name="Feil oppnevnt").exists()


def test_adopt_a_new_statute_version_from_a_decision_with_an_upload(sek, demo, su, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    finnmark = demo["finnmark"]
    statutes = GovernanceDocument.objects.get(partnership=finnmark, kind="statutes")
    decision = Decision.objects.filter(handling__body=su).order_by("-decided_at").first()
    url = reverse("structure:version_adopt", kwargs={"governance_document_pk": statutes.pk})
    refused = post_form(sek, url, {"adopted_by": decision.pk, "valid_from": "2021-10-01", "text": ""},
                        {"file": SimpleUploadedFile("vedtekter.pdf", b"<html><script>alert(1)</script></html>")})
    assert refused.status_code == 200 and "Filtypen er ikke tillatt" in refused.content.decode()
    response = post_form(sek, url, {"adopted_by": decision.pk, "valid_from": "2021-10-01", "text": "§ 1 Formål …",
                                    "change_note": "Første vedtekter."},
                         {"file": SimpleUploadedFile("vedtekter.pdf", b"%PDF-1.4\n%vedtekter\n")})
    assert response.status_code == 302
    version = DocumentVersion.objects.get(document=statutes)
    assert version.number == 1 and version.adoption.decision == decision and version.file.name.endswith(".pdf")
    assert "vedtekter" not in version.file.name  # stored under a random name
    page = sek.get(reverse("structure:document_detail", kwargs={"governance_document_pk": statutes.pk})).content.decode()
    assert "Versjon 1" in page and decision.handling.case.case_number in page and "Første vedtekter." in page
    download = sek.get(reverse("structure:version_file", kwargs={"version_pk": version.pk}))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"

    post_form(sek, url, {"adopted_by": decision.pk, "valid_from": "2022-01-01", "text": "§ 1 Formål (endret)"})
    assert list(statutes.versions.order_by("number").values_list("number", "text")) == [
        (1, "§ 1 Formål …"), (2, "§ 1 Formål (endret)")]
    page = sek.get(reverse("structure:document_detail", kwargs={"governance_document_pk": statutes.pk})).content.decode()
    assert page.index("Versjon 2") < page.index("Versjon 1")


def test_register_a_governing_document(sek, demo):
    finnmark = demo["finnmark"]
    response = post_form(sek, reverse("structure:document_create", kwargs={"slug": finnmark.slug}),
                         {"kind": "service_agreement", "title": "Tjenesteavtale 2", "number": 2})
    document = GovernanceDocument.objects.get(partnership=finnmark, title="Tjenesteavtale 2")
    assert response["Location"] == reverse("structure:document_detail", kwargs={"governance_document_pk": document.pk})


@pytest.mark.parametrize("name", ["bodies:body_list", "members:person_list", "structure:subcommittee_list", "structure:document_list"])
def test_the_list_pages_use_a_bounded_number_of_queries(sek, demo, name, django_assert_max_num_queries):
    url = reverse(name, kwargs={"slug": demo["finnmark"].slug})
    sek.get(url)
    with django_assert_max_num_queries(15):
        assert sek.get(url).status_code == 200
