"""Recording a decision: consensus, «ikke konsensus» and where the case goes back; corrections as new versions."""
import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Case, Decision, Handling, Position, Purpose
from meetings import services as meeting_services

from .conftest import attend, decision_handling, discussed_case, meeting_at

AGREE, RESERVATION, DISAGREE = Position.Stance.AGREE, Position.Stance.AGREE_WITH_RESERVATION, Position.Stance.DISAGREE
POINTS = ["SU slutter seg til forslaget.", "Sekretariatet følger opp."]


def all_agree(scene, handling, members=None):
    for membership in members or scene.spec + scene.muni:
        meeting_services.item_record_position(handling=handling, membership=membership, stance=AGREE, by=scene.user)


def test_consensus_makes_a_decision_with_numbered_points(scene):
    handling = decision_handling(scene)
    all_agree(scene, handling, scene.spec + scene.muni[:1])
    meeting_services.item_record_position(handling=handling, membership=scene.muni[1], stance=RESERVATION, reservation="Forutsetter midler",
                             by=scene.user)
    meeting_services.item_record_position(handling=handling, membership=scene.observer, stance=DISAGREE, by=scene.user)
    outcome = meeting_services.item_decide(handling=handling, points=POINTS + ["  "], by=scene.user)
    assert outcome.reached
    handling.refresh_from_db()
    case = handling.case
    case.refresh_from_db()
    assert handling.outcome == Handling.Outcome.DECIDED
    assert case.status == Case.Status.DECIDED
    assert outcome.decision.version == 1
    assert [(p.number, p.text) for p in outcome.decision.points.all()] == [(1, POINTS[0]), (2, POINTS[1])]
    # The reservation is kept with the decision; the observer's disagreement did not count.
    assert [text for _p, text in outcome.consensus.reservations] == ["Forutsetter midler"]
    assert case.current_decision() == outcome.decision
    assert case.history.first().history_change_reason.startswith("Vedtatt ved konsensus")


def test_nobody_from_one_side_present_is_no_consensus_and_the_case_is_postponed(scene):
    handling = decision_handling(scene, attendees=scene.spec + [scene.observer])
    all_agree(scene, handling, scene.spec)
    # Without consensus the user is asked what happens to the case; nothing is recorded until they say.
    with pytest.raises(ValidationError) as error:
        meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user)
    assert "Ingen med stemmerett fra siden «Kommunene»" in error.value.message_dict["if_no_consensus"][0]
    handling.refresh_from_db()
    assert handling.outcome == Handling.Outcome.PENDING and handling.case.handlings.count() == 2
    next_meeting = meeting_at(scene.su, 14)
    outcome = meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user, if_no_consensus="postpone",
                                           postpone_to=next_meeting)
    assert not outcome.reached
    assert outcome.decision is None
    assert any("Kommunene" in reason for reason in outcome.consensus.reasons)
    handling.refresh_from_db()
    case = handling.case
    case.refresh_from_db()
    assert handling.outcome == Handling.Outcome.NO_CONSENSUS
    assert case.status == Case.Status.NO_CONSENSUS
    assert not Decision.objects.exists()
    # Nothing is lost: positions stay, and a new decision handling waits for the next meeting.
    assert handling.positions.count() == 2
    assert outcome.next_handling.purpose == Purpose.DECISION and outcome.next_handling.body == scene.su
    assert outcome.next_handling.outcome == Handling.Outcome.PENDING
    # Postponed to the chosen meeting, and on its agenda.
    assert meeting_services.meeting_of(outcome.next_handling) == next_meeting
    assert next_meeting.items.get().handling == outcome.next_handling


def test_disagreement_sends_the_case_back_to_the_secretariat_on_request(scene):
    handling = decision_handling(scene)
    all_agree(scene, handling, scene.spec + scene.muni[:1])
    meeting_services.item_record_position(handling=handling, membership=scene.muni[1], stance=DISAGREE, by=scene.user)
    outcome = meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user, if_no_consensus="return")
    assert not outcome.reached
    assert outcome.next_handling.body == scene.secretariat
    assert outcome.next_handling.purpose == Purpose.DISCUSSION
    assert outcome.outcome == Handling.Outcome.NO_CONSENSUS


def test_postponed_case_is_decided_at_the_next_meeting(scene):
    handling = decision_handling(scene, attendees=scene.spec)
    next_meeting = meeting_at(scene.su, -3)  # after the first meeting (7 days ago), and under way
    outcome = meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user, if_no_consensus="postpone",
                                           postpone_to=next_meeting)
    again = outcome.next_handling
    for membership in scene.spec + scene.muni:
        attend(next_meeting, membership)
    second = meeting_services.item_decide(handling=again, points=POINTS, by=scene.user)
    assert second.reached
    again.case.refresh_from_db()
    assert again.case.status == Case.Status.DECIDED


def test_quorum_must_be_met(scene):
    scene.su.quorum_percent = 100
    scene.su.save()
    handling = decision_handling(scene, attendees=[scene.spec[0], scene.muni[0]])
    outcome = meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user, if_no_consensus="return")
    assert not outcome.reached
    assert outcome.consensus.quorum_required == 4 and outcome.consensus.present_voting == 2


def test_disqualified_member_is_left_out(scene):
    handling = decision_handling(scene)
    all_agree(scene, handling, scene.spec[:1] + scene.muni)
    meeting_services.item_record_position(handling=handling, membership=scene.spec[1], stance=DISAGREE, by=scene.user)
    meeting_services.item_declare_disqualification(handling=handling, membership=scene.spec[1], reason="Inhabil", by=scene.user)
    outcome = meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user)
    assert outcome.reached
    assert [p.key for p in outcome.consensus.left_out] == [scene.spec[1].pk]


def test_decision_needs_points_and_a_meeting(scene):
    handling = decision_handling(scene)
    with pytest.raises(ValidationError) as error:
        meeting_services.item_decide(handling=handling, points=[" "], by=scene.user)
    assert "points" in error.value.message_dict
    handling.refresh_from_db()
    assert handling.outcome == Handling.Outcome.PENDING
    planned = services.handling_create(case=discussed_case(scene, title="Uten møte"), body=scene.su, purpose=Purpose.DECISION, by=scene.user)
    with pytest.raises(ValidationError, match="ikke satt opp i et møte"):
        meeting_services.item_decide(handling=planned, points=POINTS, by=scene.user)


def test_a_decided_handling_cannot_be_decided_again(scene):
    handling = decision_handling(scene)
    meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user)
    with pytest.raises(ValidationError, match="allerede avsluttet"):
        meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user)


def test_correction_is_a_new_version_and_the_old_one_stays(scene):
    handling = decision_handling(scene)
    first = meeting_services.item_decide(handling=handling, points=POINTS, by=scene.user).decision
    with pytest.raises(ValidationError) as error:
        services.decision_correct(decision=first, points=["Rettet"], reason="", by=scene.user)
    assert "reason" in error.value.message_dict
    second = services.decision_correct(decision=first, points=["SU slutter seg til forslaget.", "Sekretariatet følger opp innen 1. mars."],
                                       reason="Skrivefeil i punkt 2", by=scene.user)
    first.refresh_from_db()
    assert second.version == 2 and second.correction_reason == "Skrivefeil i punkt 2"
    assert [p.text for p in first.points.all()] == POINTS
    assert second.points.get(number=2).text.endswith("1. mars.")
    assert handling.case.current_decision() == second
    with pytest.raises(ValidationError, match="nyere versjon"):
        services.decision_correct(decision=first, points=["X"], reason="Feil versjon", by=scene.user)
