"""The pure consensus check, with unsaved memberships and positions (no database)."""
from bodies.models import Side
from cases.consensus import Participant, consensus_reached, quorum_required
from cases.models import Position
from members.models import Membership, Person


def member(pk, side, *, role=Membership.Role.MEMBER, can_vote=True, name=None):
    person = Person(first_name=name or f"Person{pk}", last_name="Test")
    return Membership(pk=pk, person=person, side=side, role=role, can_vote=can_vote)


def position(membership, stance, reservation=""):
    return Position(membership=membership, stance=stance, reservation=reservation)


AGREE, RESERVATION, DISAGREE = Position.Stance.AGREE, Position.Stance.AGREE_WITH_RESERVATION, Position.Stance.DISAGREE


def check(participants, positions, *, seats=4, percent=50):
    return consensus_reached(participants=participants, positions=positions, voting_seats=seats, quorum_percent=percent)


def test_everybody_agreeing_from_both_sides_is_consensus():
    a, b = member(1, Side.SPECIALIST), member(2, Side.MUNICIPAL)
    result = check([Participant.from_membership(a), Participant.from_membership(b)], [position(a, AGREE), position(b, AGREE)], seats=4)
    assert result.reached
    assert result.reasons == ()
    assert result.present_voting == 2 and result.quorum_required == 2


def test_one_disagreeing_blocks_and_is_named():
    a, b = member(1, Side.SPECIALIST), member(2, Side.MUNICIPAL, name="Marit")
    result = check([Participant.from_membership(a), Participant.from_membership(b)], [position(a, AGREE), position(b, DISAGREE)])
    assert not result.reached
    assert [p.key for p in result.disagreeing] == [2]
    assert "Marit" in result.reasons[0]


def test_no_one_present_from_one_side_blocks():
    a, b = member(1, Side.SPECIALIST), member(2, Side.SPECIALIST)
    result = check([Participant.from_membership(a), Participant.from_membership(b)], [position(a, AGREE), position(b, AGREE)])
    assert not result.reached
    assert result.missing_sides == (Side.MUNICIPAL,)
    assert "Kommunene" in result.reasons[0]


def test_quorum_is_a_share_of_voting_seats_rounded_up():
    assert quorum_required(10, 50) == 5
    assert quorum_required(9, 50) == 5
    assert quorum_required(10, 0) == 0
    a, b = member(1, Side.SPECIALIST), member(2, Side.MUNICIPAL)
    result = check([Participant.from_membership(a), Participant.from_membership(b)], [], seats=10, percent=50)
    assert not result.reached
    assert not result.quorum_met
    assert "beslutningsdyktig" in result.reasons[0]


def test_reservation_does_not_block_and_is_kept_with_its_text():
    a, b = member(1, Side.SPECIALIST), member(2, Side.MUNICIPAL)
    result = check([Participant.from_membership(a), Participant.from_membership(b)],
                   [position(a, AGREE), position(b, RESERVATION, "Forutsetter finansiering")])
    assert result.reached
    assert [(p.key, text) for p, text in result.reservations] == [(2, "Forutsetter finansiering")]


def test_disqualified_member_is_left_out_even_if_disagreeing():
    a, b, c = member(1, Side.SPECIALIST), member(2, Side.MUNICIPAL), member(3, Side.MUNICIPAL)
    participants = [Participant.from_membership(a), Participant.from_membership(b),
                    Participant.from_membership(c, disqualified=True)]
    result = check(participants, [position(a, AGREE), position(b, AGREE), position(c, DISAGREE)])
    assert result.reached
    assert [p.key for p in result.left_out] == [3]
    assert result.present_voting == 2


def test_a_disqualified_member_can_leave_a_side_empty():
    a, b = member(1, Side.SPECIALIST), member(2, Side.MUNICIPAL)
    participants = [Participant.from_membership(a), Participant.from_membership(b, disqualified=True)]
    result = check(participants, [position(a, AGREE)], seats=2)
    assert not result.reached
    assert result.missing_sides == (Side.MUNICIPAL,)


def test_member_who_left_before_the_item_is_not_counted():
    a, b, c = member(1, Side.SPECIALIST), member(2, Side.MUNICIPAL), member(3, Side.MUNICIPAL)
    participants = [Participant.from_membership(a), Participant.from_membership(b), Participant.from_membership(c, left=True)]
    result = check(participants, [position(a, AGREE), position(b, AGREE), position(c, DISAGREE)])
    assert result.reached
    assert result.present_voting == 2


def test_observer_view_is_recorded_but_not_counted():
    a, b = member(1, Side.SPECIALIST), member(2, Side.MUNICIPAL)
    obs = member(9, Side.NONE, role=Membership.Role.OBSERVER, can_vote=False)
    participants = [Participant.from_membership(m) for m in (a, b, obs)]
    result = check(participants, [position(a, AGREE), position(b, AGREE), position(obs, DISAGREE)])
    assert result.reached
    assert [(p.key, stance) for p, stance, _text in result.observer_positions] == [(9, DISAGREE)]


def test_personal_deputy_votes_only_when_meeting_for_a_member():
    fixed = member(1, Side.MUNICIPAL)
    deputy = member(2, Side.MUNICIPAL, role=Membership.Role.DEPUTY)
    assert Participant.from_membership(deputy, substitute_for=fixed).votes
    assert not Participant.from_membership(deputy).votes


def test_members_without_a_position_are_listed_but_do_not_block():
    a, b = member(1, Side.SPECIALIST), member(2, Side.MUNICIPAL)
    result = check([Participant.from_membership(a), Participant.from_membership(b)], [position(a, AGREE)])
    assert result.reached
    assert [p.key for p in result.without_position] == [2]
