"""The agenda builder after the notice: adding and reordering need a reason, which goes in the supplementary notice."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Purpose
from meetings import agenda_changes
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting, NoticeChange

from .agenda_scene import notice_sent, text_of

MISSING = "Oppgi begrunnelsen for endringen; den står i tilleggsinnkallingen."


@pytest.fixture
def scene(partnership, su, su_members, staff, registered_case, django_capture_on_commit_callbacks):
    return notice_sent(partnership=partnership, su=su, su_members=su_members, staff=staff,
                       capture=django_capture_on_commit_callbacks)


@pytest.fixture
def new_case(partnership, su, staff):
    case = case_services.case_report(partnership=partnership, title="Ny sak om legevakt", case_type="decision", by=staff)
    return case_services.case_register(case=case, body=su, by=staff)


def _agenda_url(meeting):
    return reverse("meetings:meeting_agenda", kwargs={"meeting_pk": meeting.pk})


def _order(meeting):
    return list(meeting.items.order_by("position", "pk").values_list("pk", flat=True))


def _state(meeting):
    meeting = Meeting.objects.get(pk=meeting.pk)
    return _order(meeting), meeting.version, NoticeChange.objects.filter(meeting=meeting).count()


def test_before_the_notice_the_builder_adds_without_a_reason(staff_client, su, staff, new_case):
    meeting = meeting_services.meeting_plan(body=su, starts_at=timezone.now().replace(second=0, microsecond=0) + timedelta(days=21),
                                            by=staff, place="Vadsø")
    page = staff_client.get(_agenda_url(meeting))
    assert page.status_code == 200 and "case-reason" not in page.content.decode()
    response = staff_client.post(_agenda_url(meeting), {"action": "add_case", "case-case": new_case.pk,
                                                        "case-purpose": Purpose.DISCUSSION})
    assert response.status_code == 302
    assert meeting.items.filter(handling__case=new_case).exists()
    response = staff_client.post(_agenda_url(meeting), {"action": "add_standing", "standing-kind": AgendaItem.Kind.ANY_OTHER_BUSINESS})
    assert response.status_code == 302 and meeting.items.filter(kind=AgendaItem.Kind.ANY_OTHER_BUSINESS).exists()
    assert not NoticeChange.objects.filter(meeting=meeting).exists()  # nothing to tell before the notice


def test_after_the_notice_adding_a_case_without_a_reason_is_refused_next_to_the_field(staff_client, scene, new_case):
    before = _state(scene.meeting)
    page = staff_client.get(_agenda_url(scene.meeting)).content.decode()
    assert 'name="case-reason"' in page and "tilleggsinnkalling" in page
    response = staff_client.post(_agenda_url(scene.meeting), {"action": "add_case", "case-case": new_case.pk,
                                                              "case-purpose": Purpose.DISCUSSION, "case-reason": "  "})
    assert response.status_code == 200
    assert response.context["case_form"].errors["reason"] == [MISSING]
    assert 'id="id_case-reason_error"' in response.content.decode()
    assert _state(scene.meeting) == before
    assert not new_case.handlings.exists()  # no handling left behind either


def test_after_the_notice_adding_a_standing_item_without_a_reason_is_refused(staff_client, scene):
    before = _state(scene.meeting)
    response = staff_client.post(_agenda_url(scene.meeting), {"action": "add_standing", "standing-kind": AgendaItem.Kind.OTHER,
                                                              "standing-title": "Orientering om budsjett"})
    assert response.status_code == 200 and response.context["standing_form"].errors["reason"] == [MISSING]
    assert _state(scene.meeting) == before


def test_after_the_notice_moving_without_a_reason_is_refused_next_to_the_item(staff_client, scene):
    before = _state(scene.meeting)
    response = staff_client.post(_agenda_url(scene.meeting), {"action": "up", "item": scene.second.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert MISSING in html and 'id="id_reason_error"' in html
    assert _state(scene.meeting) == before


def test_the_services_refuse_every_path_after_the_notice_without_a_reason(scene, staff, new_case):
    before = _state(scene.meeting)
    for call in (
        lambda: meeting_services.agenda_add_case(meeting=scene.meeting, case=new_case, purpose=Purpose.DISCUSSION, by=staff),
        lambda: meeting_services.agenda_add_standing(meeting=scene.meeting, kind=AgendaItem.Kind.ANY_OTHER_BUSINESS, by=staff),
        lambda: meeting_services.agenda_reorder(meeting=scene.meeting, item_ids=list(reversed(before[0])), by=staff),
        lambda: agenda_changes.item_move(item=scene.second, position=1, reason="", by=staff),
    ):
        with pytest.raises(ValidationError) as refused:
            call()
        assert refused.value.message_dict == {"reason": [MISSING]}
    assert _state(scene.meeting) == before


def test_with_a_reason_the_builder_saves_records_and_sends_the_changes(staff_client, scene, staff, new_case,
                                                                       django_capture_on_commit_callbacks):
    url = _agenda_url(scene.meeting)
    response = staff_client.post(url, {"action": "add_case", "case-case": new_case.pk, "case-purpose": Purpose.DISCUSSION,
                                       "case-reason": "Frist fra departementet."})
    assert response.status_code == 302
    item = scene.meeting.items.get(handling__case=new_case)
    response = staff_client.post(url, {"action": "add_standing", "standing-kind": AgendaItem.Kind.OTHER,
                                       "standing-title": "Orientering om budsjett", "standing-reason": "Nye tall fra Helse Nord."})
    assert response.status_code == 302
    standing = scene.meeting.items.get(kind=AgendaItem.Kind.OTHER)
    response = staff_client.post(url, {"action": "up", "item": scene.second.pk, "reason": "Digital oppfølging haster."})
    assert response.status_code == 302
    assert _order(scene.meeting)[:2] == [scene.second.pk, scene.first.pk]

    added = {c.item_id: c for c in NoticeChange.objects.filter(meeting=scene.meeting, kind=NoticeChange.Kind.ITEM_ADDED)}
    assert added[item.pk].reason == "Frist fra departementet." and added[item.pk].case == new_case
    assert added[standing.pk].reason == "Nye tall fra Helse Nord."
    moved = NoticeChange.objects.get(meeting=scene.meeting, kind=NoticeChange.Kind.REORDERED)
    assert moved.reason == "Digital oppfølging haster."
    meeting = Meeting.objects.get(pk=scene.meeting.pk)
    assert item.pk in meeting.added_item_ids

    changes_page = staff_client.get(reverse("meetings:agenda_changes", kwargs={"meeting_pk": scene.meeting.pk})).content.decode()
    assert "Frist fra departementet." in changes_page and "Digital oppfølging haster." in changes_page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice = agenda_changes.supplementary_notice_send(meeting=scene.meeting, by=staff)
    assert notice.changes.count() == 3
    assert {c.reason for c in notice.changes.all()} == {"Frist fra departementet.", "Nye tall fra Helse Nord.",
                                                         "Digital oppfølging haster."}
    message = mail.outbox[0]
    assert "Frist fra departementet." in message.body and "Digital oppfølging haster." in message.body
    (_name, content, _mimetype), = message.attachments
    assert "Nye tall fra Helse Nord." in text_of(content)


def test_adding_from_the_case_page_after_the_notice_needs_a_reason(staff_client, scene, new_case):
    url = reverse("meetings:case_add_to_agenda", kwargs={"case_pk": new_case.pk})
    data = {"meeting": scene.meeting.pk, "purpose": Purpose.DISCUSSION}
    refused = staff_client.post(url, data)
    assert refused.status_code == 200 and refused.context["form"].errors["reason"] == [MISSING]
    assert not scene.meeting.items.filter(handling__case=new_case).exists()
    response = staff_client.post(url, {**data, "reason": "Frist fra departementet."})
    assert response.status_code == 302
    change = NoticeChange.objects.get(meeting=scene.meeting, kind=NoticeChange.Kind.ITEM_ADDED)
    assert change.reason == "Frist fra departementet." and change.case == new_case
