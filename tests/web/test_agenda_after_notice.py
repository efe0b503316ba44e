"""The agenda after the notice: withdraw, postpone, move and add with a reason; the supplementary notice; the public agenda."""
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Handling, Purpose
from meetings import agenda_changes
from meetings.models import AgendaItem, Meeting, NoticeChange
from tests.factories import BodyFactory, MeetingFactory

from .agenda_scene import notice_sent, text_of


@pytest.fixture
def scene(partnership, su, su_members, staff, registered_case, django_capture_on_commit_callbacks):
    return notice_sent(partnership=partnership, su=su, su_members=su_members, staff=staff,
                       capture=django_capture_on_commit_callbacks)


def test_withdrawing_an_item_ends_its_handling_and_records_the_reason(scene, staff):
    handling_pk, case = scene.first.handling_id, scene.first.handling.case
    with pytest.raises(ValidationError) as refused:
        agenda_changes.item_withdraw(item=scene.first, reason=" ", by=staff)
    assert "reason" in refused.value.message_dict
    agenda_changes.item_withdraw(item=scene.first, reason="Saken er ikke ferdig utredet.", by=staff)

    assert not AgendaItem.objects.filter(pk=scene.first.pk).exists()
    assert not Handling.objects.filter(pk=handling_pk).exists()
    assert not Handling.objects.filter(agenda_item__isnull=True).exists()  # no handling left without a meeting
    change = NoticeChange.objects.get(meeting=scene.meeting, kind=NoticeChange.Kind.ITEM_REMOVED)
    assert change.case == case and change.reason == "Saken er ikke ferdig utredet."
    assert case.case_number in change.description


def test_postponing_moves_the_same_handling_to_the_later_meeting(scene, staff):
    handling = scene.first.handling
    agenda_changes.item_postpone(item=scene.first, to_meeting=scene.later, reason="Mangler innspill fra kommunene.", by=staff)

    item = AgendaItem.objects.get(pk=scene.first.pk)
    assert item.meeting == scene.later and item.handling_id == handling.pk
    assert handling.case.handlings.count() == 1  # moved, not a second handling
    assert not scene.meeting.items.filter(handling__case=handling.case).exists()
    change = NoticeChange.objects.get(meeting=scene.meeting, kind=NoticeChange.Kind.ITEM_POSTPONED)
    assert change.moved_to == scene.later and change.reason == "Mangler innspill fra kommunene."


def test_postponing_refuses_another_body_and_an_earlier_meeting(scene, staff, secretariat_body):
    other_body = MeetingFactory(body=secretariat_body, starts_at=scene.later.starts_at)
    earlier = MeetingFactory(body=scene.meeting.body, starts_at=scene.meeting.starts_at.replace(year=scene.meeting.starts_at.year - 1))
    for target in (other_body, earlier):
        with pytest.raises(ValidationError) as refused:
            agenda_changes.item_postpone(item=scene.first, to_meeting=target, reason="Utsatt.", by=staff)
        assert "to_meeting" in refused.value.message_dict
    assert AgendaItem.objects.get(pk=scene.first.pk).meeting == scene.meeting


def test_moving_and_adding_are_recorded_with_their_reason(scene, staff, partnership, su):
    agenda_changes.item_move(item=scene.second, position=1, reason="Hastesak først.", by=staff)
    assert list(scene.meeting.items.order_by("position").values_list("pk", flat=True))[:2] == [scene.second.pk, scene.first.pk]
    moved = NoticeChange.objects.get(meeting=scene.meeting, kind=NoticeChange.Kind.REORDERED)
    assert moved.reason == "Hastesak først." and moved.item_id == scene.second.pk

    from cases import services as case_services

    case = case_services.case_register(case=case_services.case_report(
        partnership=partnership, title="Ny sak om legevakt", case_type="decision", by=staff), body=su, by=staff)
    with pytest.raises(ValidationError):
        agenda_changes.item_add_case(meeting=scene.meeting, case=case, purpose=Purpose.DISCUSSION, reason="", by=staff)
    item = agenda_changes.item_add_case(meeting=scene.meeting, case=case, purpose=Purpose.DISCUSSION,
                                        reason="Frist fra departementet.", by=staff)
    added = NoticeChange.objects.get(meeting=scene.meeting, kind=NoticeChange.Kind.ITEM_ADDED)
    assert added.item == item and added.reason == "Frist fra departementet."
    meeting = Meeting.objects.get(pk=scene.meeting.pk)
    assert item.pk in meeting.added_item_ids and scene.first.pk not in meeting.added_item_ids


def test_one_supplementary_notice_bundles_the_changes_since_the_last(scene, staff, su_members, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    agenda_changes.item_postpone(item=scene.first, to_meeting=scene.later, reason="Mangler innspill.", by=staff)
    agenda_changes.item_withdraw(item=scene.second, reason="Trukket av forslagsstiller.", by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        notice = agenda_changes.supplementary_notice_send(meeting=scene.meeting, by=staff)

    assert notice.number == 1 and notice.changes.count() == 2
    assert not agenda_changes.pending_changes(scene.meeting).exists()
    chair, member = su_members
    assert sorted(m.to[0] for m in mail.outbox) == sorted([chair.person.email, member.person.email])
    message = mail.outbox[0]
    assert message.subject.startswith("Tilleggsinnkalling 1 til møte i SU ")
    assert "Mangler innspill." in message.body and "Trukket av forslagsstiller." in message.body
    (name, content, mimetype), = message.attachments
    assert mimetype == "application/pdf" and "Tilleggsinnkalling 1" in text_of(content)
    assert "Trukket av forslagsstiller." in text_of(content)
    with pytest.raises(ValidationError):
        agenda_changes.supplementary_notice_send(meeting=scene.meeting, by=staff)


def test_the_pages_withdraw_postpone_and_send(staff_client, scene):
    url = reverse("meetings:agenda_item_change", kwargs={"item_pk": scene.first.pk})
    page = staff_client.get(url)
    assert page.status_code == 200
    refused = staff_client.post(url, {"form_token": page.context["form_token"], "action": "postpone",
                                      "postpone-to_meeting": scene.later.pk, "postpone-reason": ""})
    assert refused.status_code == 200 and 'id="id_postpone-reason_error"' in refused.content.decode()
    response = staff_client.post(url, {"form_token": refused.context["form_token"], "action": "postpone",
                                       "postpone-to_meeting": scene.later.pk, "postpone-reason": "Venter på høring."})
    changes_url = reverse("meetings:agenda_changes", kwargs={"meeting_pk": scene.meeting.pk})
    assert response["Location"] == changes_url
    assert AgendaItem.objects.get(pk=scene.first.pk).meeting == scene.later
    page = staff_client.get(changes_url).content.decode()
    assert "Venter på høring." in page and "Send tilleggsinnkalling" in page
    staff_client.post(reverse("meetings:supplementary_notice_send", kwargs={"meeting_pk": scene.meeting.pk}))
    notice = scene.meeting.supplementary_notices.get()
    pdf = staff_client.get(reverse("meetings:supplementary_notice_pdf", kwargs={"notice_pk": notice.pk}))
    assert pdf["Content-Type"] == "application/pdf" and "Venter på høring." in text_of(pdf.content)


def test_another_partnerships_secretariat_cannot_change_the_agenda(client, other_staff, scene):
    client.force_login(other_staff)
    url = reverse("meetings:agenda_item_change", kwargs={"item_pk": scene.first.pk})
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"action": "withdraw", "withdraw-reason": "x"}).status_code in (403, 404)
    assert AgendaItem.objects.filter(pk=scene.first.pk).exists()


def test_the_public_agenda_marks_withdrawn_postponed_and_added_items(client, scene, staff, partnership, su):
    from cases import services as case_services

    agenda_changes.item_postpone(item=scene.first, to_meeting=scene.later, reason="Venter på høring.", by=staff)
    agenda_changes.item_withdraw(item=scene.second, reason="Trukket.", by=staff)
    case = case_services.case_register(case=case_services.case_report(
        partnership=partnership, title="Ny sak om legevakt", case_type="decision", by=staff), body=su, by=staff)
    agenda_changes.item_add_case(meeting=scene.meeting, case=case, purpose=Purpose.DISCUSSION, reason="Frist.", by=staff)
    html = client.get(reverse("public:meeting", kwargs={"slug": partnership.slug, "meeting_pk": scene.meeting.pk})).content.decode()
    assert "Punkt utsatt" in html and "Punkt trukket" in html and "Lagt til etter innkallingen" in html
    assert "Venter på høring." in html


def test_the_admin_does_not_delete_a_meeting_that_carries_cases(scene, admin_user, client):
    client.force_login(admin_user)
    url = reverse("admin:meetings_meeting_delete", args=[scene.meeting.pk])
    page = client.get(url)
    assert page.status_code == 200 and "trekk den fra sakslisten først" in page.content.decode()
    client.post(url, {"post": "yes"})
    assert Meeting.objects.filter(pk=scene.meeting.pk).exists()
    assert not Handling.objects.filter(agenda_item__isnull=True).exists()
    empty = MeetingFactory(body=BodyFactory(partnership=scene.meeting.body.partnership))
    client.post(reverse("admin:meetings_meeting_delete", args=[empty.pk]), {"post": "yes"})
    assert not Meeting.objects.filter(pk=empty.pk).exists()


def test_the_agenda_changes_page_takes_a_fixed_number_of_queries(staff_client, scene, staff, django_assert_max_num_queries):
    for n in range(6):
        agenda_changes.item_add_standing(meeting=scene.meeting, kind="other", title=f"Orientering {n}", reason="Ny informasjon.",
                                         by=staff)
    url = reverse("meetings:agenda_changes", kwargs={"meeting_pk": scene.meeting.pk})
    with django_assert_max_num_queries(20):
        html = staff_client.get(url).content.decode()
    assert html.count("Lagt til etter innkallingen") == 6 and "Orientering 5" in html
