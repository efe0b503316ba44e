"""A home for each role, the member's own pages (minutes to approve and comment on, reporting a case, e-mail
settings), the public front page and the accessibility statement."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cases.models import Case
from meetings.models import ApprovalChannel, Meeting, MinutesApproval, MinutesComment
from tests.factories import UserFactory
from tests.member_scene import AGENDA_CASE, DOCUMENT_TEXT, DOCUMENT_TITLE, INTRODUCTION, build_member_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(demo):
    return build_member_scene(demo["finnmark"])


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def text_of(response):
    return response.content.decode()


def token_in(html):
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


# -- where each role lands ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("username, lands_on", [
    ("medlem", "/mine/"), ("observator", "/mine/"), ("sekretariat", "/sekretariat/finnmark/"), ("admin", "/start/"),
])
def test_after_login_each_role_lands_where_its_work_is(demo, client, username, lands_on):
    response = client.post(reverse("login"), {"username": username, "password": "demo"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("start")
    assert response.request["PATH_INFO"] == lands_on
    assert response.status_code == 200


def test_the_administrator_chooses_between_partnerships_the_admin_and_own_pages(demo):
    text = text_of(client_for(get_user_model().objects.get(username="admin")).get(reverse("start")))
    for partnership in demo.values():
        assert reverse("dashboard", kwargs={"slug": partnership.slug}) in text
    assert reverse("admin:index") in text


def test_a_user_with_no_seat_lands_on_the_front_page(db):
    response = client_for(UserFactory(username="uten-verv")).get(reverse("start"))
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_the_front_page_links_every_partnerships_public_pages_and_only_the_users_own_pages(demo):
    anonymous = text_of(Client().get("/"))
    for partnership in demo.values():
        assert reverse("public:partnership", kwargs={"slug": partnership.slug}) in anonymous
        assert reverse("public:search", kwargs={"slug": partnership.slug}) in anonymous
    assert "/sekretariat/" not in anonymous and "/mine/" not in anonymous and "Til sekretariatets sider" not in anonymous

    member = text_of(client_for(get_user_model().objects.get(username="medlem")).get("/"))
    assert reverse("member:home") in member
    assert "/sekretariat/" not in member and reverse("admin:index") not in member

    secretariat = text_of(client_for(get_user_model().objects.get(username="sekretariat")).get("/"))
    assert reverse("dashboard", kwargs={"slug": "finnmark"}) in secretariat
    assert reverse("dashboard", kwargs={"slug": "helgeland"}) not in secretariat


# -- the member's home and meeting page ------------------------------------------------------------------------------


def test_the_member_home_shows_the_next_agenda_and_the_draft_to_read(scene):
    text = text_of(client_for(scene.users["medlem"]).get(reverse("member:home")))
    held_url = reverse("member:meeting_detail", kwargs={"meeting_pk": scene.held.pk})
    next_url = reverse("member:meeting_detail", kwargs={"meeting_pk": scene.next_meeting.pk})
    comment_section = text.split("Protokollutkast til gjennomlesing")[1].split("</section>")[0]
    assert held_url in comment_section
    assert next_url in text.split("Neste møter")[1]
    assert "Protokoller du skal godkjenne" in text and "Ingen protokoller venter på din godkjenning." in text
    assert "Mine verv" in text and "funksjonsperiode" in text


def test_the_approver_sees_the_minutes_to_approve(scene):
    text = text_of(client_for(scene.users["leder"]).get(reverse("member:home")))
    approve_section = text.split("Protokoller du skal godkjenne")[1].split("</section>")[0]
    assert reverse("member:meeting_detail", kwargs={"meeting_pk": scene.held.pk}) in approve_section


def test_the_member_reads_the_next_agenda_and_opens_a_document(scene):
    client = client_for(scene.users["medlem"])
    text = text_of(client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": scene.next_meeting.pk})))
    assert AGENDA_CASE in text and DOCUMENT_TITLE in text
    assert reverse("public:notice_pdf", kwargs={"slug": "finnmark", "meeting_pk": scene.next_meeting.pk}) in text
    response = client.get(reverse("member:document", kwargs={"document_pk": scene.document.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DOCUMENT_TEXT


def test_an_attendee_comments_on_the_draft_once(scene):
    client = client_for(scene.users["medlem"])
    url = reverse("member:meeting_detail", kwargs={"meeting_pk": scene.held.pk})
    page = text_of(client.get(url))
    assert INTRODUCTION in page and "Godkjenn protokollen" not in page
    data = {"text": "Saken om legevakt ble også nevnt under eventuelt.", "form_token": token_in(page)}
    comment_url = reverse("member:minutes_comment", kwargs={"meeting_pk": scene.held.pk})
    assert client.post(comment_url, data).status_code == 302
    assert client.post(comment_url, data).status_code == 302  # the same form again: refused, not saved twice
    comments = MinutesComment.objects.filter(minutes__meeting=scene.held)
    assert [(c.person.user.username, c.text) for c in comments] == [("medlem", data["text"])]
    assert data["text"] in text_of(client.get(url))
    # The secretariat sees it on its meeting page.
    staff_page = text_of(client_for(scene.users["sekretariat"]).get(reverse("meetings:meeting_detail", kwargs={"meeting_pk": scene.held.pk})))
    assert data["text"] in staff_page


def test_a_comment_with_a_control_character_is_refused_and_nothing_saved(scene):
    client = client_for(scene.users["medlem"])
    page = text_of(client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": scene.held.pk})))
    response = client.post(reverse("member:minutes_comment", kwargs={"meeting_pk": scene.held.pk}),
                           {"text": "\x00", "form_token": token_in(page)})
    assert response.status_code == 400
    assert not MinutesComment.objects.filter(minutes__meeting=scene.held).exists()


def test_the_minutes_are_approved_in_the_app_only_when_both_approvers_have_approved(scene):
    approve_url = reverse("member:minutes_approve", kwargs={"meeting_pk": scene.held.pk})
    chair = client_for(scene.users["leder"])
    assert "Godkjenn protokollen" in text_of(chair.get(reverse("member:meeting_detail", kwargs={"meeting_pk": scene.held.pk})))
    chair.post(approve_url)
    scene.held.refresh_from_db()
    assert scene.held.status == Meeting.Status.HELD
    client_for(scene.users["nestleder"]).post(approve_url)
    scene.held.refresh_from_db()
    assert scene.held.status == Meeting.Status.MINUTES_APPROVED
    approvals = MinutesApproval.objects.filter(minutes__meeting=scene.held).order_by("pk")
    assert [(a.person_id, a.channel, a.login_method) for a in approvals] == [
        (scene.chair.person_id, ApprovalChannel.APP, "Brukernavn og passord"),
        (scene.vice_chair.person_id, ApprovalChannel.APP, "Brukernavn og passord")]
    # Locked: no more comments, no comment form.
    page = text_of(client_for(scene.users["medlem"]).get(reverse("member:meeting_detail", kwargs={"meeting_pk": scene.held.pk})))
    assert "Protokoll (godkjent)" in page and "Send merknad" not in page


def test_the_observer_is_offered_no_approval_and_no_case_reporting(scene):
    client = client_for(scene.users["observator"])
    page = text_of(client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": scene.held.pk})))
    assert "Godkjenn protokollen" not in page and "Be om endring" not in page
    assert "Send merknad" in page  # the observer attended: they may comment
    home = text_of(client.get(reverse("member:home")))
    assert reverse("member:case_report") not in home
    assert client.get(reverse("member:case_report")).status_code == 403
    client.post(reverse("member:minutes_approve", kwargs={"meeting_pk": scene.held.pk}))
    assert not MinutesApproval.objects.filter(minutes__meeting=scene.held).exists()


def test_a_member_of_su_reports_a_case_to_the_secretariat(scene, demo):
    client = client_for(scene.users["medlem"])
    assert reverse("member:case_report") in text_of(client.get(reverse("member:home")))
    page = text_of(client.get(reverse("member:case_report")))
    response = client.post(reverse("member:case_report"), {
        "partnership": demo["finnmark"].pk, "title": "Ventetid på rehabilitering", "case_type": "decision",
        "subject": "Lang ventetid etter utskrivning.", "background": "", "proposed_decision": "", "form_token": token_in(page)})
    assert response.status_code == 302
    case = Case.objects.get(title="Ventetid på rehabilitering")
    assert (case.status, case.partnership, case.reported_by.user.username) == (Case.Status.REPORTED, demo["finnmark"], "medlem")


def test_a_member_chooses_which_e_mails_to_get(scene):
    client = client_for(scene.users["medlem"])
    page = text_of(client.get(reverse("member:email_settings")))
    response = client.post(reverse("member:email_settings"), {"deputy_called": "on", "minutes_for_comment": "on",
                                                               "form_token": token_in(page)})
    assert response.status_code == 302
    settings = scene.users["medlem"].person.email_settings
    assert (settings.notices, settings.deputy_called, settings.minutes_to_approve, settings.minutes_for_comment) == (
        False, True, False, True)


# -- the accessibility statement ---------------------------------------------------------------------------------


def test_the_accessibility_statement_says_what_is_tested_what_is_not_and_how_to_report(db):
    text = text_of(Client().get(reverse("accessibility")))
    assert "Tilgjengelighetserklæring" in text
    for heading in ("Hvordan vi har testet", "Dette er ikke tilgjengelig ennå", "Meld fra om et problem"):
        assert heading in text
    assert "axe-core" in text and "uutilsynet.no" in text


def test_every_footer_links_the_accessibility_statement(scene, demo):
    statement = reverse("accessibility")
    pages = [(None, "/"), (None, reverse("public:partnership", kwargs={"slug": "finnmark"})),
             (None, reverse("public:search", kwargs={"slug": "finnmark"}) + "?q=helsefellesskap"), (None, "/finnes-ikke/"),
             ("medlem", reverse("member:home")), ("sekretariat", reverse("dashboard", kwargs={"slug": "finnmark"}))]
    for username, address in pages:
        client = client_for(scene.users[username]) if username else Client()
        footer = text_of(client.get(address)).split('<footer class="site-footer">')[1]
        assert statement in footer, address
