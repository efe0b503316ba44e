"""The rules on every path, seen on the pages: the no-quorum choice at «Fatt vedtak», a discussion's note,
one case once per agenda, marking a meeting held, and two people editing the draft minutes."""
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from guardian.shortcuts import assign_perm
from pypdf import PdfReader
from django.utils import timezone

from cases.models import Case, Handling
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.factories import MeetingFactory, UserFactory


@pytest.fixture
def discussed_case(registered_case, secretariat_body, staff):
    meeting = MeetingFactory(body=secretariat_body, starts_at=timezone.now() - timedelta(days=3))
    item = meeting_services.agenda_add_case(meeting=meeting, case=registered_case, purpose="discussion", by=staff)
    meeting_services.item_record_discussion(handling=item.handling, by=staff, note="Drøftet.")
    return registered_case


@pytest.fixture
def decision_item(su, su_members, discussed_case, staff):
    """A decision item at an SU meeting under way, with only the chair present: no quorum, one side missing."""
    chair, _member = su_members
    meeting = MeetingFactory(body=su, starts_at=timezone.now() - timedelta(hours=1), chair=chair)
    item = meeting_services.agenda_add_case(meeting=meeting, case=discussed_case, purpose="decision", by=staff)
    meeting_services.notice_send(meeting=meeting, by=staff)
    meeting_services.attendance_record(meeting=meeting, membership=chair, status="present", by=staff)
    return item


def test_fatt_vedtak_without_quorum_asks_what_to_do_and_postpones_to_the_chosen_meeting(staff_client, decision_item, su, staff):
    url = reverse("meetings:item_run", kwargs={"item_pk": decision_item.pk})
    later = MeetingFactory(body=su, starts_at=timezone.now() + timedelta(days=30))
    page = staff_client.get(url).content.decode()
    assert "Konsensus er ikke nådd ennå." in page and 'name="decision-postpone_to"' in page

    asked = staff_client.post(reverse("meetings:item_decide", kwargs={"item_pk": decision_item.pk}), {"decision-points": "Punkt én"})
    html = asked.content.decode()
    assert asked.status_code == 200
    assert 'id="id_decision-if_no_consensus_error"' in html and "Velg hva som skal skje med saken" in html
    handling = Handling.objects.get(pk=decision_item.handling_id)
    assert handling.outcome == Handling.Outcome.PENDING  # nothing recorded until the user chooses

    no_meeting = staff_client.post(reverse("meetings:item_decide", kwargs={"item_pk": decision_item.pk}), {"decision-points": "Punkt én", "decision-if_no_consensus": "postpone"})
    assert 'id="id_decision-postpone_to_error"' in no_meeting.content.decode()
    handling.refresh_from_db()
    assert handling.outcome == Handling.Outcome.PENDING

    done = staff_client.post(reverse("meetings:item_decide", kwargs={"item_pk": decision_item.pk}), {"decision-points": "Punkt én", "decision-if_no_consensus": "postpone",
                                   "decision-postpone_to": later.pk}, follow=True)
    assert "Ikke konsensus: saken er utsatt til møtet" in done.content.decode()
    handling.refresh_from_db()
    assert handling.outcome == Handling.Outcome.NO_CONSENSUS
    postponed = later.items.get().handling
    assert postponed.case_id == handling.case_id and postponed.purpose == "decision" and postponed.outcome == Handling.Outcome.PENDING


def test_fatt_vedtak_without_quorum_can_send_the_case_back(staff_client, decision_item, secretariat_body):
    url = reverse("meetings:item_run", kwargs={"item_pk": decision_item.pk})
    done = staff_client.post(reverse("meetings:item_decide", kwargs={"item_pk": decision_item.pk}), {"decision-points": "Punkt én", "decision-if_no_consensus": "return"}, follow=True)
    assert "sendt tilbake til sekretariatet" in done.content.decode()
    case = Case.objects.get(pk=decision_item.handling.case_id)
    assert case.status == Case.Status.NO_CONSENSUS
    assert case.handlings.filter(body=secretariat_body, outcome=Handling.Outcome.PENDING, agenda_item=None).exists()


def test_a_discussion_without_a_note_is_refused_next_to_the_note(staff_client, registered_case, secretariat_body, staff):
    meeting = MeetingFactory(body=secretariat_body, starts_at=timezone.now() - timedelta(hours=1))
    item = meeting_services.agenda_add_case(meeting=meeting, case=registered_case, purpose="discussion", by=staff)
    url = reverse("meetings:item_run", kwargs={"item_pk": item.pk})
    response = staff_client.post(reverse("meetings:item_discussion", kwargs={"item_pk": item.pk}), {"discussion-note": "   "})
    html = response.content.decode()
    assert 'id="id_discussion-note_error"' in html and "Skriv et kort referat fra drøftingen." in html
    item.handling.refresh_from_db()
    assert item.handling.outcome == Handling.Outcome.PENDING


def test_a_discussion_at_a_meeting_not_yet_held_is_refused_on_the_page(staff_client, registered_case, secretariat_body, staff):
    meeting = MeetingFactory(body=secretariat_body, starts_at=timezone.now() + timedelta(days=5))
    item = meeting_services.agenda_add_case(meeting=meeting, case=registered_case, purpose="discussion", by=staff)
    url = reverse("meetings:item_run", kwargs={"item_pk": item.pk})
    response = staff_client.post(reverse("meetings:item_discussion", kwargs={"item_pk": item.pk}), {"discussion-note": "Drøftet."})
    assert response.status_code == 200 and "er ikke holdt ennå" in response.content.decode()
    registered_case.refresh_from_db()
    assert registered_case.status == Case.Status.FOR_DISCUSSION


def test_the_same_case_twice_on_one_agenda_is_refused_on_both_pages(staff_client, registered_case, secretariat_body):
    meeting = MeetingFactory(body=secretariat_body)
    url = reverse("meetings:meeting_agenda", kwargs={"meeting_pk": meeting.pk})
    staff_client.post(url, {"action": "add_case", "case-case": registered_case.pk, "case-purpose": "discussion"})
    again = staff_client.post(url, {"action": "add_case", "case-case": registered_case.pk, "case-purpose": "information"})
    assert 'id="id_case-case_error"' in again.content.decode() and "står allerede på sakslisten" in again.content.decode()
    from_case = staff_client.post(reverse("meetings:case_add_to_agenda", kwargs={"case_pk": registered_case.pk}),
                                  {"meeting": meeting.pk, "purpose": "information"})
    assert 'id="id_meeting_error"' in from_case.content.decode()
    assert meeting.items.count() == 1
    notice = staff_client.get(reverse("meetings:notice_pdf", kwargs={"meeting_pk": meeting.pk})).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(notice)).pages)
    assert " ".join(text.split()).count(registered_case.title) == 1


def test_marking_a_meeting_held_with_no_one_present_is_refused(staff_client, su, su_members, staff):
    chair, _member = su_members
    meeting = MeetingFactory(body=su, starts_at=timezone.now() - timedelta(hours=2), chair=chair)
    meeting_services.agenda_add_standing(meeting=meeting, kind="approve_notice", by=staff)
    meeting_services.notice_send(meeting=meeting, by=staff)
    url = reverse("meetings:meeting_mark_held", kwargs={"meeting_pk": meeting.pk})
    response = staff_client.post(url, follow=True)
    assert "Ingen er registrert til stede." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_SENT
    meeting_services.attendance_record(meeting=meeting, membership=chair, status="present", by=staff)
    staff_client.post(url)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


@pytest.fixture
def second_client(partnership):
    """Another secretary of the same partnership, in a browser of their own."""
    user = UserFactory(username="sekretar-to")
    assign_perm("bodies.manage_partnership", user, partnership)
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_stale_save_of_the_draft_minutes_is_refused_showing_both_texts(staff_client, second_client, decision_item):
    client = second_client
    meeting = decision_item.meeting
    url = reverse("meetings:minutes_edit", kwargs={"meeting_pk": meeting.pk})
    first = staff_client.get(url).context["form"]
    second = client.get(url).context["form"]
    version = first["draft_version"].value()
    assert version == second["draft_version"].value()

    staff_client.post(url, {"introduction": "Tekst fra første.", f"item_{decision_item.pk}": "", "draft_version": version})
    stale = client.post(url, {"introduction": "Tekst fra andre.", f"item_{decision_item.pk}": "", "draft_version": version})
    html = stale.content.decode()
    assert stale.status_code == 200
    assert "Teksten din er ikke lagret" in html
    assert "Lagret av en annen i mellomtiden: «Tekst fra første.»" in html and 'id="id_introduction_error"' in html
    assert "Tekst fra andre." in html  # the user's own text stays in the field
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.introduction == "Tekst fra første."
    # The refused form now carries the current version: saving it again is a deliberate overwrite.
    renewed = stale.context["form"]["draft_version"].value()
    client.post(url, {"introduction": "Samlet tekst.", f"item_{decision_item.pk}": "", "draft_version": renewed})
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.introduction == "Samlet tekst."
