"""Who votes and speaks at a meeting: one rule on the membership (unsaved objects, no database)."""
from bodies.models import Side
from members.models import Membership


def seat(role, *, can_vote=True, can_speak=True, can_propose=True, side=Side.MUNICIPAL):
    return Membership(role=role, side=side, can_vote=can_vote, can_speak=can_speak, can_propose=can_propose)


def test_a_fixed_member_votes_speaks_and_proposes():
    rights = seat(Membership.Role.MEMBER).rights_at_meeting()
    assert (rights.vote, rights.speak, rights.propose) == (True, True, True)


def test_a_fixed_seat_without_the_vote_does_not_vote():
    assert not seat(Membership.Role.CHAIR, can_vote=False).rights_at_meeting().vote


def test_an_observer_speaks_and_proposes_but_never_votes():
    rights = seat(Membership.Role.OBSERVER, can_vote=True, side=Side.NONE).rights_at_meeting()
    assert (rights.vote, rights.speak, rights.propose) == (False, True, True)


def test_a_secretary_never_votes_even_with_the_vote_ticked_on_the_membership():
    # The attendance used to copy the membership's tick while the consensus check ignored it.
    assert not seat(Membership.Role.SECRETARY, can_vote=True).rights_at_meeting().vote


def test_a_deputy_meeting_for_nobody_only_speaks():
    rights = seat(Membership.Role.DEPUTY).rights_at_meeting()
    assert (rights.vote, rights.speak, rights.propose) == (False, True, False)


def test_a_deputy_meeting_for_a_member_takes_the_members_seat():
    member = seat(Membership.Role.MEMBER, can_propose=False)
    rights = seat(Membership.Role.DEPUTY).rights_at_meeting(substitute_for=member)
    assert (rights.vote, rights.speak, rights.propose) == (True, True, False)
    assert not seat(Membership.Role.DEPUTY).rights_at_meeting(substitute_for=seat(Membership.Role.MEMBER, can_vote=False)).vote
