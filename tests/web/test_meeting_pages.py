"""Meeting work through the pages: plan, agenda builder, notice, attendance, positions and the decision, minutes."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Position
from meetings import services as meeting_services
from meetings.models import AgendaItem, Attendance, Meeting
from tests.factories import MeetingFactory


def test_it_plans_a_meeting(staff_client, partnership, su):
    url = reverse("meetings:meeting_plan", kwargs={"slug": partnership.slug})
    token = staff_client.get(url).context["form_token"]
    starts = (timezone.localtime() + timedelta(days=10)).replace(second=0, microsecond=0)
    data = {"form_token": token, "body": su.pk, "starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "place": "Kirkenes"}
    response = staff_client.post(url, data)
    meeting = Meeting.objects.get(body=su)
    assert response["Location"] == reverse("meetings:meeting_detail", kwargs={"meeting_pk": meeting.pk})
    assert meeting.place == "Kirkenes" and meeting.ends_at - meeting.starts_at == timedelta(minutes=su.default_meeting_minutes)
    staff_client.post(url, data)  # the same form again
    assert Meeting.objects.filter(body=su).count() == 1


def test_it_shows_a_service_refusal_next_to_the_field(staff_client, partnership, su):
    url = reverse("meetings:meeting_plan", kwargs={"slug": partnership.slug})
    token = staff_client.get(url).context["form_token"]
    starts = timezone.localtime() + timedelta(days=3)
    response = staff_client.post(url, {"form_token": token, "body": su.pk, "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                                       "ends_at": (starts - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")})
    html = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert 'id="id_ends_at_error"' in html and "Møtet kan ikke slutte før det starter." in html


def test_the_agenda_builder_adds_and_reorders(staff_client, su, registered_case, secretariat_body, staff):
    meeting = MeetingFactory(body=secretariat_body)
    url = reverse("meetings:meeting_agenda", kwargs={"meeting_pk": meeting.pk})
    staff_client.post(url, {"action": "add_case", "case-case": registered_case.pk, "case-purpose": "discussion"})
    staff_client.post(url, {"action": "add_standing", "standing-kind": "approve_notice"})
    items = list(meeting.items.order_by("position"))
    assert [i.kind for i in items] == [AgendaItem.Kind.CASE, AgendaItem.Kind.APPROVE_NOTICE]
    response = staff_client.post(url, {"action": "up", "item": items[1].pk}, follow=True)
    assert [i.kind for i in meeting.items.order_by("position")] == [AgendaItem.Kind.APPROVE_NOTICE, AgendaItem.Kind.CASE]
    assert "Sakslisten er omordnet." in response.content.decode()


def test_the_meeting_page_lists_the_agenda_with_each_case_its_purpose_outcome_and_links(
        staff_client, su, registered_case, secretariat_body, staff):
    meeting = MeetingFactory(body=secretariat_body)
    meeting_services.agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    item = meeting_services.agenda_add_case(meeting=meeting, case=registered_case, purpose="discussion", by=staff)
    registered_case.refresh_from_db()
    page = staff_client.get(reverse("meetings:meeting_detail", kwargs={"meeting_pk": meeting.pk})).content.decode()
    agenda = page.split('<ol class="agenda-list">')[1].split("</ol>")[0]
    run = reverse("meetings:item_run", kwargs={"item_pk": item.pk})
    pdf = reverse("meetings:case_presentation_pdf", kwargs={"case_pk": registered_case.pk})
    assert agenda.index("Godkjenning av innkalling og saksliste") < agenda.index(str(registered_case))
    assert f'<a class="ds-link" href="{run}">{registered_case}</a> <span class="status-tag">Drøfting</span> ' \
           f'<span class="status-tag">Ikke behandlet</span>' in agenda
    assert f'href="{pdf}">Saksfremlegg (PDF)' in agenda


def test_the_agenda_builder_refuses_a_decision_before_discussion(staff_client, su, registered_case):
    meeting = MeetingFactory(body=su)
    url = reverse("meetings:meeting_agenda", kwargs={"meeting_pk": meeting.pk})
    response = staff_client.post(url, {"action": "add_case", "case-case": registered_case.pk, "case-purpose": "decision"})
    assert response.status_code == 200
    assert "totrinnsbehandling" in response.content.decode()
    assert not meeting.items.exists()


def test_sending_the_notice_needs_an_agenda(staff_client, su):
    meeting = MeetingFactory(body=su)
    response = staff_client.post(reverse("meetings:notice_send", kwargs={"meeting_pk": meeting.pk}), follow=True)
    assert "Sakslisten er tom" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


@pytest.fixture
def discussed_case(registered_case, secretariat_body, staff):
    meeting = MeetingFactory(body=secretariat_body, starts_at=timezone.now() - timedelta(days=3))
    item = meeting_services.agenda_add_case(meeting=meeting, case=registered_case, purpose="discussion", by=staff)
    meeting_services.item_record_discussion(handling=item.handling, by=staff, note="Drøftet.")
    return registered_case


def test_running_a_decision_item(staff_client, su, su_members, discussed_case, staff):
    chair, member = su_members
    meeting = MeetingFactory(body=su, starts_at=timezone.now() - timedelta(hours=1), chair=chair)
    item = meeting_services.agenda_add_case(meeting=meeting, case=discussed_case, purpose="decision", by=staff)
    meeting_services.notice_send(meeting=meeting, by=staff)

    attendance_url = reverse("meetings:meeting_attendance", kwargs={"meeting_pk": meeting.pk})
    for membership in (chair, member):
        staff_client.post(attendance_url, {"membership": membership.pk, "status": "present"})
    assert meeting.attendances.filter(status=Attendance.Status.PRESENT).count() == 2

    url = reverse("meetings:item_run", kwargs={"item_pk": item.pk})
    missing = staff_client.post(reverse("meetings:item_position", kwargs={"item_pk": item.pk}), {"position-membership": member.pk, "position-stance": "reservation"})
    assert "Skriv forbeholdet." in missing.content.decode()
    staff_client.post(reverse("meetings:item_position", kwargs={"item_pk": item.pk}), {"position-membership": chair.pk, "position-stance": "agree"})
    staff_client.post(reverse("meetings:item_position", kwargs={"item_pk": item.pk}), {"position-membership": member.pk, "position-stance": "reservation",
                            "position-reservation": "Forutsetter tilslutning i kommunestyrene."})
    assert Position.objects.filter(handling=item.handling).count() == 2
    response = staff_client.post(reverse("meetings:item_decide", kwargs={"item_pk": item.pk}), {"decision-points": "Punkt én\nPunkt to", "decision-if_no_consensus": "postpone"},
                                 follow=True)
    assert "Vedtatt ved konsensus." in response.content.decode()
    discussed_case.refresh_from_db()
    assert discussed_case.status == Case.Status.DECIDED
    assert [p.text for p in discussed_case.current_decision().points.all()] == ["Punkt én", "Punkt to"]

    # The meeting is held; the minutes are approved by the chair and a member of the other side, then published.
    staff_client.post(reverse("meetings:meeting_mark_held", kwargs={"meeting_pk": meeting.pk}))
    response = staff_client.post(reverse("meetings:minutes_approve", kwargs={"meeting_pk": meeting.pk}),
                                 {"approvers": [chair.person_id, member.person_id]}, follow=True)
    assert "Protokollen er godkjent." in response.content.decode()
    pdf = staff_client.get(reverse("meetings:minutes_pdf", kwargs={"meeting_pk": meeting.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    staff_client.post(reverse("meetings:minutes_publish", kwargs={"meeting_pk": meeting.pk}))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED

    case_page = staff_client.get(reverse("cases:case_detail", kwargs={"case_pk": discussed_case.pk})).content.decode()
    assert "Forutsetter tilslutning i kommunestyrene." in case_page and "Punkt to" in case_page


def test_approving_minutes_with_the_wrong_people_is_refused(staff_client, su, su_members, staff):
    chair, member = su_members
    meeting = MeetingFactory(body=su, starts_at=timezone.now() - timedelta(hours=3), chair=chair)
    meeting_services.agenda_add_standing(meeting=meeting, kind="approve_notice", by=staff)
    meeting_services.notice_send(meeting=meeting, by=staff)
    meeting_services.attendance_record(meeting=meeting, membership=chair, status="present", by=staff)
    meeting_services.meeting_mark_held(meeting=meeting, by=staff)
    response = staff_client.post(reverse("meetings:minutes_approve", kwargs={"meeting_pk": meeting.pk}),
                                 {"approvers": [member.person_id]}, follow=True)
    assert "oppgi to personer" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


def test_anchoring_pages_record_answers_and_show_the_tally(staff_client, partnership, discussed_case, su, su_members, staff, parties):
    chair, member = su_members
    meeting = MeetingFactory(body=su, starts_at=timezone.now() - timedelta(hours=1), chair=chair)
    item = meeting_services.agenda_add_case(meeting=meeting, case=discussed_case, purpose="decision", by=staff)
    meeting_services.notice_send(meeting=meeting, by=staff)
    for m in (chair, member):
        meeting_services.attendance_record(meeting=meeting, membership=m, status="present", by=staff)
    meeting_services.item_decide(handling=item.handling, points=["Vedtatt"], by=staff)

    url = reverse("cases:anchoring_round_start", kwargs={"case_pk": discussed_case.pk})
    token = staff_client.get(url).context["form_token"]
    response = staff_client.post(url, {"form_token": token, "deadline": (timezone.localdate() + timedelta(days=30)).isoformat()})
    anchoring_round = discussed_case.anchoring_rounds.get()
    assert response["Location"] == reverse("cases:round_detail", kwargs={"round_pk": anchoring_round.pk})
    answer = anchoring_round.answers.get(party=parties["a"])
    answer_url = reverse("cases:answer_record", kwargs={"answer_pk": answer.pk})
    refused = staff_client.post(answer_url, {"response": "reservation", "condition": "share", "condition_value": "1,5"})
    assert "Skriv forbeholdet." in refused.content.decode()
    staff_client.post(answer_url, {"response": "joined", "local_reference": "PS 5/2021"})
    page = staff_client.get(reverse("cases:round_detail", kwargs={"round_pk": anchoring_round.pk})).content.decode()
    assert "1 av 2" in page and "PS 5/2021" in page


def test_notice_and_case_presentation_download_as_pdf(staff_client, secretariat_body, registered_case, staff):
    meeting = MeetingFactory(body=secretariat_body)
    meeting_services.agenda_add_case(meeting=meeting, case=registered_case, purpose="discussion", by=staff)
    for url in (reverse("meetings:notice_pdf", kwargs={"meeting_pk": meeting.pk}),
                reverse("meetings:case_presentation_pdf", kwargs={"case_pk": registered_case.pk})):
        response = staff_client.get(url)
        assert response["Content-Type"] == "application/pdf", url
        assert response["Content-Disposition"].startswith("attachment;")
        assert response.content.startswith(b"%PDF")


def test_pdfs_are_refused_to_outsiders(client, outsider, su, registered_case):
    client.force_login(outsider)
    meeting = MeetingFactory(body=su)
    assert client.get(reverse("meetings:notice_pdf", kwargs={"meeting_pk": meeting.pk})).status_code == 403
    assert client.get(reverse("meetings:case_presentation_pdf", kwargs={"case_pk": registered_case.pk})).status_code == 403


@pytest.fixture
def decided(su, su_members, discussed_case, staff):
    chair, member = su_members
    meeting = MeetingFactory(body=su, starts_at=timezone.now() - timedelta(hours=1), chair=chair)
    item = meeting_services.agenda_add_case(meeting=meeting, case=discussed_case, purpose="decision", by=staff)
    meeting_services.notice_send(meeting=meeting, by=staff)
    for m in (chair, member):
        meeting_services.attendance_record(meeting=meeting, membership=m, status="present", by=staff)
    return meeting, item


def test_a_protocol_note_is_recorded_on_the_item(staff_client, decided, su_members):
    _meeting, item = decided
    _chair, member = su_members
    url = reverse("meetings:item_run", kwargs={"item_pk": item.pk})
    refused = staff_client.post(reverse("meetings:item_protocol_note", kwargs={"item_pk": item.pk}), {"note-text": ""})
    assert 'id="id_note-text_error"' in refused.content.decode()
    staff_client.post(reverse("meetings:item_protocol_note", kwargs={"item_pk": item.pk}), {"note-membership": member.pk, "note-text": "Kommunesiden ber om ny vurdering i 2022."})
    assert item.handling.protocol_notes.get().text == "Kommunesiden ber om ny vurdering i 2022."


def test_minutes_are_drafted_then_corrected_as_a_new_version(staff_client, decided, su_members, staff):
    meeting, item = decided
    chair, member = su_members
    url = reverse("meetings:minutes_edit", kwargs={"meeting_pk": meeting.pk})
    staff_client.post(url, {"introduction": "Møtet ble ledet av leder.", f"item_{item.pk}": "God drøfting.", "draft_version": 0})
    item.refresh_from_db()
    assert item.discussion == "God drøfting."
    meeting_services.item_decide(handling=item.handling, points=["Vedtatt"], by=staff)
    meeting_services.meeting_mark_held(meeting=meeting, by=staff)
    meeting_services.minutes_approve(meeting=meeting, approvers=[chair.person, member.person], by=staff)
    without_reason = staff_client.post(url, {"introduction": "Rettet innledning.", "draft_version": 1})
    assert 'id="id_reason_error"' in without_reason.content.decode()
    staff_client.post(url, {"introduction": "Rettet innledning.", f"item_{item.pk}": "God drøfting.", "reason": "Skrivefeil",
                            "draft_version": 1})
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.introduction == "Rettet innledning." and meeting.minutes.version == 2


def test_a_decision_is_corrected_as_a_new_version(staff_client, decided, staff):
    _meeting, item = decided
    meeting_services.item_decide(handling=item.handling, points=["Første tekst"], by=staff)
    url = reverse("cases:decision_correct", kwargs={"handling_pk": item.handling.pk})
    assert "Første tekst" in staff_client.get(url).content.decode()
    refused = staff_client.post(url, {"points": "Ny tekst", "reason": ""})
    assert 'id="id_reason_error"' in refused.content.decode()
    staff_client.post(url, {"points": "Ny tekst", "reason": "Skrivefeil i punkt 1"})
    versions = list(item.handling.decisions.order_by("version"))
    assert [d.version for d in versions] == [1, 2]
    assert [p.text for p in versions[0].points.all()] == ["Første tekst"]  # the first version is kept as it was
    assert [p.text for p in versions[1].points.all()] == ["Ny tekst"]


def test_correcting_a_handling_without_a_decision_is_refused(staff_client, decided):
    _meeting, item = decided
    url = reverse("cases:decision_correct", kwargs={"handling_pk": item.handling.pk})
    assert "ikke noe vedtak" in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"points": "Ny tekst", "reason": "Skrivefeil"})
    assert "ikke noe vedtak" in response.content.decode()
    assert not item.handling.decisions.exists()
