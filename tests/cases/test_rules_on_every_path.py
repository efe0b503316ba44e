"""Rules that hold on every path (the services, so the admin, the pages and the commands alike):
a discussion or decision only at a meeting under way or held, a discussion with its note, one case once per
agenda, and no «postponed to no meeting» when there is no consensus."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases import services
from cases.models import Case, Handling, Purpose
from cases.two_step import two_step_problem
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting

from .conftest import decision_handling, meeting_at, registered_case

pytestmark = pytest.mark.django_db
POINTS = ["SU slutter seg til forslaget."]


def test_a_discussion_at_a_planned_meeting_not_yet_held_is_refused(scene):
    case = registered_case(scene)
    future = meeting_at(scene.secretariat, 7)
    handling = meeting_services.handling_create_at_meeting(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION, by=scene.user, meeting=future)
    with pytest.raises(ValidationError) as error:
        meeting_services.item_record_discussion(handling=handling, by=scene.user, note="Drøftet.")
    assert "er ikke holdt ennå" in error.value.messages[0]
    handling.refresh_from_db()
    case.refresh_from_db()
    assert handling.outcome == Handling.Outcome.PENDING
    assert case.status == Case.Status.FOR_DISCUSSION
    # The case does not count as discussed, so it cannot go up for decision.
    assert two_step_problem(case=case, body=scene.su, before=meeting_at(scene.su, 30).starts_at) is not None


def test_a_discussion_needs_a_meeting_and_a_note(scene):
    case = registered_case(scene)
    unplaced = services.handling_create(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION, by=scene.user)
    with pytest.raises(ValidationError, match="ikke satt opp i et møte"):
        meeting_services.item_record_discussion(handling=unplaced, by=scene.user, note="Drøftet.")
    meeting_services.handling_schedule(handling=unplaced, meeting=scene.sec_meeting, by=scene.user)
    for note in ("", "   \n\t "):
        with pytest.raises(ValidationError) as error:
            meeting_services.item_record_discussion(handling=unplaced, by=scene.user, note=note)
        assert error.value.message_dict == {"note": ["Skriv et kort referat fra drøftingen."]}
    unplaced.refresh_from_db()
    assert unplaced.outcome == Handling.Outcome.PENDING
    meeting_services.item_record_discussion(handling=unplaced, by=scene.user, note="  Drøftet; klar for beslutning. ")
    unplaced.refresh_from_db()
    assert unplaced.outcome == Handling.Outcome.DISCUSSED and unplaced.note == "Drøftet; klar for beslutning."


def test_a_meeting_marked_held_may_record_even_when_its_time_was_later(scene):
    case = registered_case(scene)
    meeting = meeting_at(scene.secretariat, 3)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    handling = meeting_services.handling_create_at_meeting(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION, by=scene.user, meeting=meeting)
    meeting_services.item_record_discussion(handling=handling, by=scene.user, note="Drøftet.")
    handling.refresh_from_db()
    assert handling.outcome == Handling.Outcome.DISCUSSED


def test_a_decision_at_a_meeting_not_yet_held_is_refused(scene):
    handling = decision_handling(scene)
    Meeting.objects.filter(pk=scene.su_meeting.pk).update(starts_at=scene.su_meeting.starts_at.replace(year=scene.su_meeting.starts_at.year + 1))
    with pytest.raises(ValidationError, match="er ikke holdt ennå"):
        meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user)
    assert not handling.decisions.exists()


def test_one_case_once_per_agenda(scene):
    case = registered_case(scene)
    meeting_services.handling_create_at_meeting(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION, by=scene.user, meeting=scene.sec_meeting)
    with pytest.raises(ValidationError) as error:
        meeting_services.handling_create_at_meeting(case=case, body=scene.secretariat, purpose=Purpose.INFORMATION, by=scene.user, meeting=scene.sec_meeting)
    assert "står allerede på sakslisten" in error.value.message_dict["meeting"][0]
    unplaced = services.handling_create(case=case, body=scene.secretariat, purpose=Purpose.INFORMATION, by=scene.user)
    with pytest.raises(ValidationError) as error:
        meeting_services.handling_schedule(handling=unplaced, meeting=scene.sec_meeting, by=scene.user)
    assert "står allerede på sakslisten" in error.value.message_dict["meeting"][0]
    assert case.handlings.filter(agenda_item__meeting=scene.sec_meeting).count() == 1


def test_the_database_refuses_a_case_twice_at_one_meeting(scene):
    case = registered_case(scene)
    first = Handling.objects.create(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION)
    AgendaItem.objects.create(meeting=scene.sec_meeting, position=1, handling=first)
    second = Handling.objects.create(case=case, body=scene.secretariat, purpose=Purpose.INFORMATION)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=scene.sec_meeting, position=2, handling=second)
    # Pending handlings not yet at a meeting are many and fine.
    Handling.objects.create(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION)
    Handling.objects.create(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION)


def test_without_quorum_the_case_goes_only_where_the_user_chose(scene):
    handling = decision_handling(scene, attendees=[scene.spec[0]])
    with pytest.raises(ValidationError) as error:
        meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user)
    message = error.value.message_dict["if_no_consensus"][0]
    assert "Organet er ikke beslutningsdyktig" in message and "Velg hva som skal skje med saken" in message
    earlier = meeting_at(scene.su, -30)
    other_body = meeting_at(scene.secretariat, 10)
    held = meeting_at(scene.su, 20)
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.HELD)
    for chosen in (None, earlier, other_body, Meeting.objects.get(pk=held.pk)):
        with pytest.raises(ValidationError) as error:
            meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user, if_no_consensus="postpone", postpone_to=chosen)
        assert "postpone_to" in error.value.message_dict
    handling.refresh_from_db()
    assert handling.outcome == Handling.Outcome.PENDING
    assert handling.case.handlings.count() == 2  # the discussion and this one: nothing half-saved

    outcome = meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user, if_no_consensus="return")
    assert outcome.next_handling.body == scene.secretariat and meeting_services.meeting_of(outcome.next_handling) is None
    assert outcome.next_handling.purpose == Purpose.DISCUSSION


def test_a_meeting_with_everyone_present_still_decides(scene):
    handling = decision_handling(scene)
    outcome = meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user)
    assert outcome.reached and outcome.decision.points.count() == 1
