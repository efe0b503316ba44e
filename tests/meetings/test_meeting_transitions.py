"""A meeting's steps go one way (ALLOWED_TRANSITIONS); the services and the meeting page ask the same question."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from tests.factories import MeetingFactory

S = Meeting.Status


def test_each_step_leads_only_to_the_next():
    steps = [S.PLANNED, S.NOTICE_SENT, S.HELD, S.MINUTES_APPROVED, S.PUBLISHED]
    for i, status in enumerate(steps):
        meeting = Meeting(status=status)
        assert [s for s in steps if meeting.can_move_to(s)] == steps[i + 1:i + 2]


def test_the_page_buttons_follow_the_table():
    planned, sent, held, approved = (Meeting(status=s) for s in (S.PLANNED, S.NOTICE_SENT, S.HELD, S.MINUTES_APPROVED))
    assert planned.can_send_notice and not planned.can_be_marked_held and not planned.notice_is_sent
    assert sent.can_be_marked_held and not sent.can_send_notice and sent.notice_is_sent
    assert held.can_approve_minutes and not held.can_publish_minutes
    assert approved.can_publish_minutes and not approved.can_approve_minutes


@pytest.mark.django_db
def test_a_meeting_without_a_notice_cannot_be_marked_held():
    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError, match="Innkallingen er ikke sendt"):
        services.meeting_mark_held(meeting=meeting, by=None)
    meeting.refresh_from_db()
    assert meeting.status == S.PLANNED
