import pytest
from django.core.exceptions import ValidationError

from meetings.models import AgendaItem, NoticeChange
from meetings.services import agenda_add_standing, agenda_reorder, meeting_plan, notice_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(committee, staff, soon):
    return meeting_plan(body=committee.body, starts_at=soon, by=staff, chair=committee.chair)


def titles(meeting):
    return [str(item) for item in meeting.items.order_by("position")]


def test_standing_items_keep_any_other_business_last(meeting, staff):
    agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.ANY_OTHER_BUSINESS, by=staff)
    agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.OTHER, title="Orientering fra KS", by=staff)
    assert titles(meeting) == ["Godkjenning av innkalling og saksliste", "Orientering fra KS", "Eventuelt"]


def test_a_standing_item_cannot_be_added_twice(meeting, staff):
    agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_MINUTES, by=staff)
    with pytest.raises(ValidationError) as error:
        agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_MINUTES, by=staff)
    assert "står allerede på sakslisten" in error.value.message_dict["kind"][0]
    assert meeting.items.count() == 1


def test_reordering_before_the_notice_is_free(meeting, staff):
    a = agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    b = agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.OTHER, title="Budsjett", by=staff)
    agenda_reorder(meeting=meeting, item_ids=[b.pk, a.pk], by=staff)
    assert titles(meeting) == ["Budsjett", "Godkjenning av innkalling og saksliste"]
    assert not NoticeChange.objects.exists()


def test_reordering_after_the_notice_is_recorded_as_a_change_to_the_notice(meeting, staff, django_capture_on_commit_callbacks):
    a = agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    b = agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.OTHER, title="Budsjett", by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        notice_send(meeting=meeting, by=staff)
    agenda_reorder(meeting=meeting, item_ids=[b.pk, a.pk], by=staff, reason="Budsjettet må vedtas først.")
    agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.OTHER, title="Tilleggssak: vaksinasjon", by=staff,
                        reason="Nye råd fra FHI.")
    changes = list(meeting.notice_changes.order_by("pk"))
    assert [c.kind for c in changes] == [NoticeChange.Kind.REORDERED, NoticeChange.Kind.ITEM_ADDED]
    assert "1. Budsjett" in changes[0].description
    assert changes[0].changed_by == staff
    assert [c.reason for c in changes] == ["Budsjettet må vedtas først.", "Nye råd fra FHI."]


def test_a_reordering_must_name_every_item_once(meeting, staff):
    a = agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.OTHER, title="Budsjett", by=staff)
    with pytest.raises(ValidationError) as error:
        agenda_reorder(meeting=meeting, item_ids=[a.pk, a.pk], by=staff)
    assert "nøyaktig én gang" in error.value.message_dict["item_ids"][0]
    assert titles(meeting) == ["Godkjenning av innkalling og saksliste", "Budsjett"]


def test_an_empty_agenda_cannot_be_sent(meeting, staff):
    with pytest.raises(ValidationError) as error:
        notice_send(meeting=meeting, by=staff)
    assert "Sakslisten er tom" in error.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.notice_sent_at is None
