"""The two-step rule (drøfting → beslutning), the urgent exception and information cases."""
import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Case, CaseType, Handling, Purpose
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.factories import PersonFactory

from .conftest import discussed_case, meeting_at, registered_case


def test_deciding_without_a_discussion_is_refused(scene):
    case = registered_case(scene)
    with pytest.raises(ValidationError) as error:
        meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=scene.su_meeting)
    assert "drøftet i Sek i et tidligere møte" in error.value.message_dict["purpose"][0]
    case.refresh_from_db()
    assert case.status == Case.Status.REGISTERED
    assert not case.handlings.exists()


def test_discussed_at_an_earlier_meeting_may_be_decided(scene):
    case = discussed_case(scene)
    assert case.status == Case.Status.DISCUSSED
    handling = meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=scene.su_meeting)
    case.refresh_from_db()
    assert case.status == Case.Status.FOR_DECISION
    assert handling.authoritative
    assert [h.purpose for h in case.handlings.all()] == [Purpose.DISCUSSION, Purpose.DECISION]


def test_a_discussion_at_a_later_or_the_same_time_does_not_count(scene):
    case = registered_case(scene)
    later_secretariat = meeting_at(scene.secretariat, -1)  # after the SU meeting (7 days ago)
    handling = meeting_services.handling_create_at_meeting(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION, by=scene.user,
                                        meeting=later_secretariat)
    meeting_services.item_record_discussion(handling=handling, by=scene.user, note="Drøftet.")
    with pytest.raises(ValidationError, match="tidligere møte"):
        meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=scene.su_meeting)
    same_time = Meeting.objects.create(body=scene.su, starts_at=later_secretariat.starts_at)
    with pytest.raises(ValidationError, match="tidligere møte"):
        meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=same_time)
    next_meeting = meeting_at(scene.su, 20)
    meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=next_meeting)


def test_a_pending_discussion_does_not_count(scene):
    case = registered_case(scene)
    meeting_services.handling_create_at_meeting(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION, by=scene.user, meeting=scene.sec_meeting)
    with pytest.raises(ValidationError):
        meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=scene.su_meeting)


def test_without_the_rule_a_case_may_go_straight_to_decision(scene):
    scene.partnership.two_step_rule = False
    scene.partnership.save()
    case = registered_case(scene)
    meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=scene.su_meeting)
    case.refresh_from_db()
    assert case.status == Case.Status.FOR_DECISION


def test_urgent_exception_only_where_the_partnership_allows_it(scene):
    case = registered_case(scene)
    approver = PersonFactory()
    with pytest.raises(ValidationError) as error:
        meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=scene.su_meeting,
                                 urgent_reason="Frist fra departementet", urgency_approved_by=approver)
    assert "urgent_reason" in error.value.message_dict
    scene.partnership.allow_urgent_exception = True
    scene.partnership.save()
    with pytest.raises(ValidationError) as error:
        meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=scene.su_meeting,
                                 urgent_reason="Frist fra departementet")
    assert "urgency_approved_by" in error.value.message_dict
    meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=scene.su_meeting,
                             urgent_reason="Frist fra departementet", urgency_approved_by=approver)
    case.refresh_from_db()
    assert case.urgent and case.urgency_reason == "Frist fra departementet" and case.urgency_approved_by == approver
    assert case.status == Case.Status.FOR_DECISION


def test_information_case_takes_one_step(scene):
    case = registered_case(scene, case_type=CaseType.INFORMATION)
    with pytest.raises(ValidationError, match="orientering"):
        meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=scene.su_meeting)
    handling = meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.INFORMATION, by=scene.user, meeting=scene.su_meeting)
    meeting_services.item_note_information(handling=handling, by=scene.user)
    case.refresh_from_db()
    handling.refresh_from_db()
    assert handling.outcome == Handling.Outcome.NOTED
    assert case.status == Case.Status.NOTED


def test_unregistered_case_and_meeting_of_another_body_are_refused(scene):
    case = services.case_report(partnership=scene.partnership, title="Meldt", case_type=CaseType.DECISION)
    with pytest.raises(ValidationError, match="registreres"):
        services.handling_create(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION, by=scene.user)
    case = registered_case(scene)
    with pytest.raises(ValidationError) as error:
        meeting_services.handling_create_at_meeting(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION, by=scene.user, meeting=scene.su_meeting)
    assert "meeting" in error.value.message_dict


def test_scheduling_a_decision_later_is_checked_again(scene):
    case = registered_case(scene)
    later_secretariat = meeting_at(scene.secretariat, -1)  # after the SU meeting (7 days ago)
    discussion = meeting_services.handling_create_at_meeting(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION, by=scene.user,
                                          meeting=later_secretariat)
    meeting_services.item_record_discussion(handling=discussion, by=scene.user, note="Drøftet.")
    # Discussed, but after the SU meeting: the decision may be planned, not placed at that meeting.
    decision = services.handling_create(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user)
    with pytest.raises(ValidationError) as error:
        meeting_services.handling_schedule(handling=decision, meeting=scene.su_meeting, by=scene.user)
    assert "meeting" in error.value.message_dict
    decision.refresh_from_db()
    assert meeting_services.meeting_of(decision) is None
