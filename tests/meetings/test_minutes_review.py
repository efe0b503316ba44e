"""Members take part in the minutes: the chosen approvers approve in the app, attendees comment on the draft,
the secretariat records paper approvals as such, and each person's e-mail settings are respected."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import minutes_review, services
from meetings.models import AgendaItem, ApprovalChannel, Attendance, Meeting, Minutes, MinutesApproval, MinutesComment
from members.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def with_login(membership, username):
    person = membership.person
    person.user = UserFactory(username=username)
    person.save()
    return person.user


@pytest.fixture
def held(committee, staff):
    """A meeting held three days ago: chair, the member from the other side and the observer present, the
    member's deputy absent; the draft minutes written."""
    c = committee
    meeting = services.meeting_plan(body=c.body, starts_at=timezone.now().replace(microsecond=0) - timedelta(days=3), by=staff,
                                    chair=c.chair, place="Teams")
    services.agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    services.notice_send(meeting=meeting, by=staff)
    for membership in (c.chair, c.specialist, c.observer):
        services.attendance_record(meeting=meeting, membership=membership, status=Attendance.Status.PRESENT, by=staff)
    services.meeting_mark_held(meeting=meeting, by=staff)
    services.minutes_update(meeting=meeting, by=staff, introduction="Møtet ble ledet av Marit Leder.")
    users = {"chair": with_login(c.chair, "leder"), "specialist": with_login(c.specialist, "foretak"),
             "observer": with_login(c.observer, "bruker"), "deputy": with_login(c.chair_deputy, "vara")}
    return meeting, users


def ask(meeting, committee, staff):
    return minutes_review.minutes_request_approval(meeting=meeting, approvers=[committee.chair.person, committee.specialist.person],
                                                   by=staff)


def test_minutes_are_approved_only_when_both_chosen_approvers_have_approved(held, committee, staff,
                                                                            django_capture_on_commit_callbacks):
    meeting, users = held
    ask(meeting, committee, staff)
    first = minutes_review.minutes_approve_in_app(meeting=meeting, by=users["chair"], login_method="ID-porten (idporten-loa-high)")
    meeting.refresh_from_db()
    assert not meeting.minutes_frozen
    assert meeting.status == Meeting.Status.HELD
    assert (first.channel, first.login_method, first.person) == (ApprovalChannel.APP, "ID-porten (idporten-loa-high)",
                                                                 committee.chair.person)

    with django_capture_on_commit_callbacks(execute=True):
        minutes_review.minutes_approve_in_app(meeting=meeting, by=users["specialist"], login_method="Brukernavn og passord")
    meeting.refresh_from_db()
    minutes = Minutes.objects.get(meeting=meeting)
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert minutes.is_approved and minutes.approval_method == Minutes.ApprovalMethod.SIGNATURES
    approvals = MinutesApproval.objects.filter(minutes=minutes).order_by("pk")
    assert [(a.person, a.channel) for a in approvals] == [(committee.chair.person, "app"), (committee.specialist.person, "app")]
    # The approval froze the minutes and stored the archival PDF.
    assert minutes.documents.filter(version=minutes.version).exists()
    with pytest.raises(ValidationError):
        services.minutes_update(meeting=meeting, by=staff, introduction="Endret etterpå")


def test_an_approval_of_an_earlier_draft_does_not_count(held, committee, staff):
    meeting, users = held
    ask(meeting, committee, staff)
    minutes_review.minutes_approve_in_app(meeting=meeting, by=users["chair"])
    services.minutes_update(meeting=meeting, by=staff, introduction="Rettet etter merknad fra brukerrepresentanten.")
    minutes_review.minutes_approve_in_app(meeting=meeting, by=users["specialist"])
    meeting.refresh_from_db()
    assert not meeting.minutes_frozen
    assert [m.pk for m in minutes_review.minutes_awaiting_approval(committee.chair.person)] == [meeting.pk]
    minutes_review.minutes_approve_in_app(meeting=meeting, by=users["chair"])
    meeting.refresh_from_db()
    assert meeting.minutes_frozen


def test_only_the_chosen_approvers_may_approve_and_each_once(held, committee, staff):
    meeting, users = held
    ask(meeting, committee, staff)
    with pytest.raises(ValidationError, match="ikke bedt om å godkjenne"):
        minutes_review.minutes_approve_in_app(meeting=meeting, by=users["observer"])
    minutes_review.minutes_approve_in_app(meeting=meeting, by=users["chair"])
    with pytest.raises(ValidationError, match="allerede godkjent"):
        minutes_review.minutes_approve_in_app(meeting=meeting, by=users["chair"])
    with pytest.raises(ValidationError, match="ikke koblet"):
        minutes_review.minutes_approve_in_app(meeting=meeting, by=UserFactory(username="uten-person"))


def test_the_approvers_must_be_the_chair_and_a_member_of_the_other_side(held, committee, staff):
    meeting, _users = held
    with pytest.raises(ValidationError, match="Møtelederen"):
        minutes_review.minutes_request_approval(meeting=meeting, approvers=[committee.specialist.person, committee.observer.person],
                                                by=staff)
    with pytest.raises(ValidationError):
        minutes_review.minutes_request_approval(meeting=meeting, approvers=[committee.chair.person, committee.chair_deputy.person],
                                                by=staff)
    assert not meeting.minutes.signatories.exists()


def test_attendees_comment_on_the_draft_and_the_comments_are_locked_at_approval(held, committee, staff):
    meeting, users = held
    comment = minutes_review.minutes_comment_add(meeting=meeting, by=users["observer"], text="  Brukerrepresentanten møtte også.  ")
    assert (comment.person, comment.kind, comment.text) == (committee.observer.person, MinutesComment.Kind.COMMENT,
                                                            "Brukerrepresentanten møtte også.")
    # The chair's deputy did not attend: no comment.
    with pytest.raises(ValidationError, match="til stede"):
        minutes_review.minutes_comment_add(meeting=meeting, by=users["deputy"], text="Jeg var ikke der.")
    with pytest.raises(ValidationError, match="Skriv en merknad"):
        minutes_review.minutes_comment_add(meeting=meeting, by=users["observer"], text="   ")
    ask(meeting, committee, staff)
    change = minutes_review.minutes_request_change(meeting=meeting, by=users["specialist"], text="Punkt 2 mangler forbeholdet.")
    assert change.kind == MinutesComment.Kind.CHANGE_REQUEST
    with pytest.raises(ValidationError):
        minutes_review.minutes_request_change(meeting=meeting, by=users["observer"], text="Ikke godkjenner.")
    minutes_review.minutes_approve_in_app(meeting=meeting, by=users["chair"])
    minutes_review.minutes_approve_in_app(meeting=meeting, by=users["specialist"])
    with pytest.raises(ValidationError, match="godkjent og låst"):
        minutes_review.minutes_comment_add(meeting=meeting, by=users["observer"], text="For sent.")
    assert MinutesComment.objects.filter(minutes__meeting=meeting).count() == 2


def test_paper_approval_by_the_secretariat_is_marked_as_such(held, committee, staff):
    meeting, _users = held
    services.minutes_approve(meeting=meeting, by=staff, approvers=[committee.chair.person, committee.specialist.person])
    channels = set(MinutesApproval.objects.filter(minutes__meeting=meeting).values_list("channel", flat=True))
    assert channels == {ApprovalChannel.PAPER}


def test_what_waits_on_the_approver_and_the_attendee(held, committee, staff):
    meeting, users = held
    assert minutes_review.minutes_awaiting_approval(committee.chair.person) == []
    assert [m.pk for m in minutes_review.minutes_open_for_comment(committee.observer.person)] == [meeting.pk]
    assert minutes_review.minutes_open_for_comment(committee.chair_deputy.person) == []
    ask(meeting, committee, staff)
    assert [m.pk for m in minutes_review.minutes_awaiting_approval(committee.chair.person)] == [meeting.pk]
    minutes_review.minutes_approve_in_app(meeting=meeting, by=users["chair"])
    assert minutes_review.minutes_awaiting_approval(committee.chair.person) == []


def test_a_draft_is_listed_once_for_someone_present_in_two_seats(held, committee):
    meeting, _users = held
    second_seat = MembershipFactory(person=committee.observer.person, body=committee.body, role=Membership.Role.SECRETARY)
    Attendance.objects.create(meeting=meeting, membership=second_seat, status=Attendance.Status.PRESENT)
    assert [m.pk for m in minutes_review.minutes_open_for_comment(committee.observer.person)] == [meeting.pk]


def test_approvers_and_attendees_get_e_mails_unless_they_turned_them_off(held, committee, staff, django_capture_on_commit_callbacks):
    meeting, users = held
    minutes_review.email_settings_update(person=committee.specialist.person, by=users["specialist"], minutes_to_approve=False)
    minutes_review.email_settings_update(person=committee.observer.person, by=users["observer"], minutes_for_comment=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ask(meeting, committee, staff)
    recipients = {message.to[0]: message.subject for message in mail.outbox}
    assert recipients[committee.chair.person.email].startswith("Protokoll til godkjenning")
    assert committee.specialist.person.email not in recipients
    assert recipients[committee.observer.person.email].startswith("Protokollutkast til gjennomlesing")
    assert f"/mine/moter/{meeting.pk}/" in mail.outbox[0].body


def test_notices_respect_the_e_mail_settings(committee, staff, django_capture_on_commit_callbacks):
    minutes_review.email_settings_update(person=committee.specialist.person, by=staff, notices=False)
    meeting = services.meeting_plan(body=committee.body, starts_at=timezone.now() + timedelta(days=10), by=staff, chair=committee.chair)
    services.agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(meeting=meeting, by=staff)
    recipients = {message.to[0] for message in mail.outbox}
    assert committee.chair.person.email in recipients
    assert committee.specialist.person.email not in recipients


def test_unknown_e_mail_setting_is_refused(committee, staff):
    with pytest.raises(ValidationError, match="Ukjent"):
        minutes_review.email_settings_update(person=committee.chair.person, by=staff, newsletters=True)
