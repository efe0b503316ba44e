"""The rule rows themselves: refused when incomplete; seat values are those of memberships."""
import pytest
from django.core.exceptions import ValidationError

from members.composition import check_composition
from bodies.models import CompositionRule, Side
from members.models import Membership
from tests.factories import BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_rule_seats_are_membership_seats():
    assert set(CompositionRule.Seat.values) <= set(Membership.Seat.values)


def test_a_seat_rule_without_a_seat_is_refused(su):
    with pytest.raises(ValidationError) as exc:
        CompositionRule(partnership=su.partnership, body=su, kind=CompositionRule.Kind.REQUIRED_SEAT).full_clean()
    assert exc.value.message_dict["seat"] == ["Velg hvilken plass som kreves."]


def test_a_side_rule_needs_a_side_and_a_count(su):
    with pytest.raises(ValidationError) as exc:
        CompositionRule(partnership=su.partnership, body=su, kind=CompositionRule.Kind.SIDE_SEATS, side=Side.NONE).full_clean()
    assert set(exc.value.message_dict) == {"side", "min_count"}


def test_a_level_rule_applies_to_the_whole_partnership(su):
    with pytest.raises(ValidationError) as exc:
        CompositionRule(partnership=su.partnership, body=su, kind=CompositionRule.Kind.LEVEL_SEAT, seat="gp").full_clean()
    assert "la organ stå tomt" in exc.value.message_dict["body"][0]


def test_a_rule_for_a_body_of_another_partnership_is_refused(su):
    with pytest.raises(ValidationError) as exc:
        CompositionRule(partnership=su.partnership, body=BodyFactory(), kind=CompositionRule.Kind.PERSONAL_DEPUTY).full_clean()
    assert exc.value.message_dict["body"] == ["Organet hører til et annet helsefellesskap."]


def test_a_gp_seat_held_by_someone_who_is_not_a_practising_gp_is_flagged_without_any_rule(su):
    officer = PersonFactory(is_practising_gp=False, is_full_time_chief_medical_officer=True)
    MembershipFactory(body=su, person=officer, role=Membership.Role.OBSERVER, side=Side.NONE, seat=Membership.Seat.GP, can_vote=False)
    MembershipFactory(body=su, person=PersonFactory(is_practising_gp=True), role=Membership.Role.OBSERVER, side=Side.NONE,
                      seat=Membership.Seat.GP, can_vote=False)
    breaches = check_composition(su)
    assert [b.rule for b in breaches] == ["gp_not_practising"]
    assert breaches[0].memberships[0].person == officer


def test_two_chairs_at_once_are_flagged(su):
    MembershipFactory(body=su, role=Membership.Role.CHAIR)
    MembershipFactory(body=su, role=Membership.Role.CHAIR, side=Side.SPECIALIST)
    assert [b.rule for b in check_composition(su)] == ["double_chair"]
