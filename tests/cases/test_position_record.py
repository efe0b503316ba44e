"""Positions at a decision: who may take one, and what is refused."""
import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Position
from meetings import services as meeting_services
from meetings.models import AgendaItem, Attendance
from tests.factories import MembershipFactory

from .conftest import attend, decision_handling

AGREE, RESERVATION, DISAGREE = Position.Stance.AGREE, Position.Stance.AGREE_WITH_RESERVATION, Position.Stance.DISAGREE


def test_voting_member_present_records_agreement_and_may_change_it(scene):
    handling = decision_handling(scene)
    meeting_services.item_record_position(handling=handling, membership=scene.spec[0], stance=DISAGREE, by=scene.user)
    meeting_services.item_record_position(handling=handling, membership=scene.spec[0], stance=AGREE, by=scene.user)
    position = handling.positions.get()
    assert position.stance == AGREE
    assert position.recorded_by == scene.user
    assert position.history.count() == 2


def test_reservation_needs_its_text(scene):
    handling = decision_handling(scene)
    with pytest.raises(ValidationError) as error:
        meeting_services.item_record_position(handling=handling, membership=scene.muni[1], stance=RESERVATION, by=scene.user)
    assert "reservation" in error.value.message_dict
    meeting_services.item_record_position(handling=handling, membership=scene.muni[1], stance=RESERVATION, reservation="Under forutsetning av midler",
                             by=scene.user)
    assert handling.positions.get().reservation == "Under forutsetning av midler"


def test_someone_with_no_vote_is_refused(scene):
    handling = decision_handling(scene)
    with pytest.raises(ValidationError, match="har ikke stemmerett"):
        meeting_services.item_record_position(handling=handling, membership=scene.secretary, stance=AGREE, by=scene.user)
    assert not handling.positions.exists()


def test_observer_view_is_recorded(scene):
    handling = decision_handling(scene)
    meeting_services.item_record_position(handling=handling, membership=scene.observer, stance=DISAGREE, by=scene.user)
    assert handling.positions.get().membership == scene.observer


def test_someone_not_present_is_refused(scene):
    handling = decision_handling(scene, attendees=scene.spec + [scene.muni[1]])
    attend(scene.su_meeting, scene.muni[0], status=Attendance.Status.APOLOGIES)
    with pytest.raises(ValidationError, match="ikke registrert som til stede"):
        meeting_services.item_record_position(handling=handling, membership=scene.muni[0], stance=AGREE, by=scene.user)


def test_personal_deputy_meeting_for_a_member_may_take_a_position(scene):
    handling = decision_handling(scene, attendees=scene.spec + [scene.muni[1]])
    attend(scene.su_meeting, scene.muni[0], status=Attendance.Status.APOLOGIES)
    attend(scene.su_meeting, scene.deputy, substitute_for=scene.muni[0])
    meeting_services.item_record_position(handling=handling, membership=scene.deputy, stance=AGREE, by=scene.user)
    assert handling.positions.get().membership == scene.deputy


def test_deputy_not_meeting_for_anyone_has_no_vote(scene):
    handling = decision_handling(scene)
    attend(scene.su_meeting, scene.deputy)
    with pytest.raises(ValidationError, match="har ikke stemmerett"):
        meeting_services.item_record_position(handling=handling, membership=scene.deputy, stance=AGREE, by=scene.user)


def test_member_of_another_body_disqualified_or_gone_is_refused(scene):
    handling = decision_handling(scene)
    with pytest.raises(ValidationError, match="ikke medlem av SU"):
        meeting_services.item_record_position(handling=handling, membership=MembershipFactory(), stance=AGREE, by=scene.user)
    meeting_services.item_declare_disqualification(handling=handling, membership=scene.spec[1], reason="Styremedlem i leverandøren", by=scene.user)
    with pytest.raises(ValidationError, match="inhabil"):
        meeting_services.item_record_position(handling=handling, membership=scene.spec[1], stance=AGREE, by=scene.user)
    earlier_item = AgendaItem.objects.create(meeting=scene.su_meeting, position=2, kind=AgendaItem.Kind.OTHER, title="Orientering")
    attendance = scene.su_meeting.attendances.get(membership=scene.muni[1])
    attendance.left_at_item = earlier_item
    attendance.save()
    with pytest.raises(ValidationError, match="forlot møtet"):
        meeting_services.item_record_position(handling=handling, membership=scene.muni[1], stance=AGREE, by=scene.user)


def test_disqualification_needs_a_reason_and_is_declared_once(scene):
    handling = decision_handling(scene)
    with pytest.raises(ValidationError) as error:
        meeting_services.item_declare_disqualification(handling=handling, membership=scene.spec[1], reason=" ", by=scene.user)
    assert "reason" in error.value.message_dict
    meeting_services.item_declare_disqualification(handling=handling, membership=scene.spec[1], reason="Part i saken", by=scene.user)
    with pytest.raises(ValidationError, match="allerede"):
        meeting_services.item_declare_disqualification(handling=handling, membership=scene.spec[1], reason="Part i saken", by=scene.user)


def test_protocol_note_by_a_member_or_a_side(scene):
    from bodies.models import Side

    handling = decision_handling(scene)
    note = services.protocol_note_add(handling=handling, text="Kommunene ber om evaluering etter ett år.", side=Side.MUNICIPAL,
                                      by=scene.user)
    assert note.side == Side.MUNICIPAL and note.membership is None
    by_member = services.protocol_note_add(handling=handling, text="Jeg viser til tidligere innspill.", membership=scene.spec[0],
                                           by=scene.user)
    assert by_member.side == Side.SPECIALIST
    with pytest.raises(ValidationError) as error:
        services.protocol_note_add(handling=handling, text="Uten avsender", by=scene.user)
    assert "side" in error.value.message_dict
