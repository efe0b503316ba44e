import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from meetings.models import AgendaItem, Attendance, Meeting
from meetings.services import (
    agenda_add_standing,
    apology_record,
    attendance_leave,
    attendance_record,
    meeting_plan,
    notice_send,
)
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(committee, staff, soon, django_capture_on_commit_callbacks):
    meeting = meeting_plan(body=committee.body, starts_at=soon, by=staff, chair=committee.chair, place="Vadsø rådhus")
    agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        notice_send(meeting=meeting, by=staff)
    return meeting


def test_the_notice_calls_every_member_observer_and_secretary_but_not_deputies(sent, committee):
    sent.refresh_from_db()
    assert sent.status == Meeting.Status.NOTICE_SENT
    called = {a.membership for a in sent.attendances.all()}
    assert called == {committee.chair, committee.specialist, committee.observer, committee.secretary}
    assert {a.status for a in sent.attendances.all()} == {Attendance.Status.CALLED}
    observer = sent.attendances.get(membership=committee.observer)
    assert (observer.can_vote, observer.can_speak, observer.can_propose) == (False, True, True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        m.person.email for m in (committee.chair, committee.specialist, committee.observer, committee.secretary))


def test_the_notice_cannot_be_sent_twice(sent, staff):
    with pytest.raises(ValidationError):
        notice_send(meeting=sent, by=staff)


def test_apologies_call_the_personal_deputy(sent, committee, staff, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        deputy = apology_record(meeting=sent, membership=committee.specialist, by=staff, note="Styremøte")
    member = sent.attendances.get(membership=committee.specialist)
    assert (member.status, member.apology_note) == (Attendance.Status.APOLOGIES, "Styremøte")
    assert deputy.membership == committee.specialist_deputy
    assert deputy.substitute_for == committee.specialist
    assert deputy.status == Attendance.Status.CALLED
    assert deputy.can_vote  # the deputy takes the member's vote
    assert [m.to for m in mail.outbox] == [[committee.specialist_deputy.person.email]]
    assert "Håkon Foretak har meldt forfall" in mail.outbox[0].body


def test_a_deputy_meeting_for_a_member_takes_the_members_rights(sent, committee, staff):
    attendance = attendance_record(meeting=sent, membership=committee.chair_deputy, status=Attendance.Status.PRESENT,
                                   substitute_for=committee.chair, by=staff)
    assert (attendance.can_vote, attendance.can_speak, attendance.can_propose) == (True, True, True)
    assert sent.attendances.get(membership=committee.chair).status == Attendance.Status.APOLOGIES


def test_a_deputy_meeting_for_no_one_has_no_vote(sent, committee, staff):
    attendance = attendance_record(meeting=sent, membership=committee.chair_deputy, status=Attendance.Status.PRESENT, by=staff)
    assert attendance.can_vote is False


def test_attendance_for_someone_not_in_the_body_is_refused(sent, staff):
    stranger = MembershipFactory()
    with pytest.raises(ValidationError) as error:
        attendance_record(meeting=sent, membership=stranger, status=Attendance.Status.PRESENT, by=staff)
    assert error.value.message_dict["membership"] == [f"{stranger.person} er ikke medlem av SU."]
    assert not sent.attendances.filter(membership=stranger).exists()


def test_a_deputy_for_someone_else_is_refused(sent, committee, staff):
    with pytest.raises(ValidationError) as error:
        attendance_record(meeting=sent, membership=committee.chair_deputy, status=Attendance.Status.PRESENT,
                          substitute_for=committee.specialist, by=staff)
    assert "er ikke personlig vara for" in error.value.message_dict["substitute_for"][0]
    assert not sent.attendances.filter(membership=committee.chair_deputy).exists()


def test_member_and_deputy_cannot_both_hold_the_seat(sent, committee, staff):
    attendance_record(meeting=sent, membership=committee.chair, status=Attendance.Status.PRESENT, by=staff)
    with pytest.raises(ValidationError) as error:
        attendance_record(meeting=sent, membership=committee.chair_deputy, status=Attendance.Status.PRESENT,
                          substitute_for=committee.chair, by=staff)
    assert "er selv til stede" in error.value.message_dict["substitute_for"][0]


def test_leaving_during_an_item_is_recorded(sent, committee, staff):
    attendance = attendance_record(meeting=sent, membership=committee.specialist, status=Attendance.Status.PRESENT, by=staff)
    item = sent.items.get()
    attendance_leave(attendance=attendance, item=item, by=staff)
    attendance.refresh_from_db()
    assert attendance.left_at_item == item


def test_leaving_during_another_meetings_item_is_refused(sent, committee, staff, soon):
    attendance = attendance_record(meeting=sent, membership=committee.specialist, status=Attendance.Status.PRESENT, by=staff)
    other = meeting_plan(body=committee.body, starts_at=soon.replace(year=soon.year + 1), by=staff)
    item = agenda_add_standing(meeting=other, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    with pytest.raises(ValidationError):
        attendance_leave(attendance=attendance, item=item, by=staff)
    attendance.refresh_from_db()
    assert attendance.left_at_item is None
