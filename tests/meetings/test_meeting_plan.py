from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from meetings.models import Meeting
from meetings.services import meeting_mark_held, meeting_plan, meeting_set_chair
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_it_plans_a_two_hour_meeting_by_default(committee, staff, soon):
    meeting = meeting_plan(body=committee.body, starts_at=soon, by=staff, place="Vadsø", chair=committee.chair)
    meeting.refresh_from_db()
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2)
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.chair == committee.chair
    record = meeting.history.first()
    assert (record.history_change_reason, record.history_user) == ("Møtet planlagt", staff)


def test_it_refuses_a_meeting_that_ends_before_it_starts(committee, staff, soon):
    with pytest.raises(ValidationError) as error:
        meeting_plan(body=committee.body, starts_at=soon, ends_at=soon - timedelta(minutes=30), by=staff)
    assert error.value.message_dict["ends_at"] == ["Møtet kan ikke slutte før det starter."]
    assert not Meeting.objects.exists()


def test_it_refuses_two_chairs(committee, staff, soon):
    with pytest.raises(ValidationError) as error:
        meeting_plan(body=committee.body, starts_at=soon, by=staff, chair=[committee.chair, committee.specialist])
    assert error.value.message_dict["chair"] == ["Et møte kan bare ha én møteleder."]
    assert not Meeting.objects.exists()


def test_it_refuses_a_chair_from_another_body(committee, staff, soon):
    stranger = MembershipFactory()
    with pytest.raises(ValidationError) as error:
        meeting_plan(body=committee.body, starts_at=soon, by=staff, chair=stranger)
    assert "Møtelederen må være medlem av SU" in error.value.message_dict["chair"][0]
    assert not Meeting.objects.exists()


def test_it_refuses_a_chair_whose_term_has_ended(committee, staff, soon):
    former = MembershipFactory(body=committee.body, term_end=soon.date() - timedelta(days=30))
    with pytest.raises(ValidationError):
        meeting_plan(body=committee.body, starts_at=soon, by=staff, chair=former)
    assert not Meeting.objects.exists()


def test_it_replaces_the_chair(committee, staff, soon):
    meeting = meeting_plan(body=committee.body, starts_at=soon, by=staff, chair=committee.chair)
    meeting_set_chair(meeting=meeting, chair=committee.specialist, by=staff)
    meeting.refresh_from_db()
    assert meeting.chair == committee.specialist


def test_a_meeting_in_the_future_cannot_be_marked_held(committee, staff, soon):
    meeting = meeting_plan(body=committee.body, starts_at=soon, by=staff)
    with pytest.raises(ValidationError) as error:
        meeting_mark_held(meeting=meeting, by=staff)
    assert "har ikke startet" in error.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
