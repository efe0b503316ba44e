"""Meeting rules on every path: no meeting held with nobody present; draft minutes saved over a newer save are refused."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, Meeting, Minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_way(committee, staff):
    meeting = services.meeting_plan(body=committee.body, starts_at=timezone.now() - timedelta(hours=1), by=staff)
    services.agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    services.notice_send(meeting=meeting, by=staff)
    return meeting


def test_a_meeting_with_nobody_present_cannot_be_marked_held(under_way, committee, staff):
    with pytest.raises(ValidationError) as error:
        services.meeting_mark_held(meeting=under_way, by=staff)
    assert error.value.messages == ["Ingen er registrert til stede. Registrer oppmøtet før møtet registreres som avholdt."]
    under_way.refresh_from_db()
    assert under_way.status == Meeting.Status.NOTICE_SENT and not Minutes.objects.filter(meeting=under_way).exists()
    services.attendance_record(meeting=under_way, membership=committee.chair, status="present", by=staff)
    services.meeting_mark_held(meeting=under_way, by=staff)
    under_way.refresh_from_db()
    assert under_way.status == Meeting.Status.HELD


def test_a_stale_minutes_save_is_refused_with_the_other_editors_text(under_way, staff):
    item = under_way.items.get()
    services.minutes_update(meeting=under_way, by=staff, introduction="Første", discussions={item.pk: "Første referat"}, expected_version=0)
    with pytest.raises(services.StaleMinutes) as error:
        services.minutes_update(meeting=under_way, by=staff, introduction="Andre", discussions={item.pk: "Andre referat"}, expected_version=0)
    assert error.value.introduction == "Første" and error.value.discussions == {item.pk: "Første referat"}
    assert error.value.saved_by == staff and "sekretariat-test" in error.value.messages[0]
    minutes = Minutes.objects.get(meeting=under_way)
    item.refresh_from_db()
    assert (minutes.introduction, item.discussion, minutes.draft_version) == ("Første", "Første referat", 1)
    services.minutes_update(meeting=under_way, by=staff, introduction="Andre", expected_version=1)
    minutes.refresh_from_db()
    assert minutes.introduction == "Andre" and minutes.draft_version == 2
