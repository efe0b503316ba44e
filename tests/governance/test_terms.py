"""Terms and rotation: end dates, reminders, one chair at a time, alternation between the sides, the next leaders."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bodies.models import CompositionRule, Side
from members.models import Membership
from members.terms import (
    due_rotations, memberships_ending, propose_next_leaders, rotation_breaches, term_end_for, term_reminders, validate_term,
)
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def leader(body, role, side, start, end, person=None):
    return MembershipFactory(body=body, role=role, side=side, term_start=start, term_end=end, person=person or PersonFactory())


def test_members_serve_four_years_and_chairs_two():
    assert term_end_for(role=Membership.Role.MEMBER, start=date(2020, 1, 1)) == date(2023, 12, 31)
    assert term_end_for(role=Membership.Role.CHAIR, start=date(2020, 1, 1)) == date(2021, 12, 31)
    assert term_end_for(role=Membership.Role.VICE_CHAIR, start=date(2021, 9, 20)) == date(2023, 9, 19)
    assert term_end_for(role=Membership.Role.MEMBER, start=date(2024, 2, 29)) == date(2028, 2, 28)


def test_a_second_chair_in_the_same_period_is_refused(su):
    leader(su, Membership.Role.CHAIR, Side.MUNICIPAL, date(2020, 1, 1), date(2021, 12, 31))
    second = Membership(body=su, person=PersonFactory(), role=Membership.Role.CHAIR, side=Side.SPECIALIST,
                        term_start=date(2021, 6, 1), term_end=date(2023, 5, 31))
    with pytest.raises(ValidationError) as exc:
        validate_term(second)
    assert "har allerede leder i perioden" in exc.value.message_dict["role"][0]
    assert "Et organ har én leder om gangen" in exc.value.message_dict["role"][0]


def test_a_chair_taking_over_the_day_after_is_accepted(su):
    leader(su, Membership.Role.CHAIR, Side.MUNICIPAL, date(2020, 1, 1), date(2021, 12, 31))
    next_chair = Membership(body=su, person=PersonFactory(), role=Membership.Role.CHAIR, side=Side.SPECIALIST,
                            term_start=date(2022, 1, 1), term_end=date(2023, 12, 31))
    validate_term(next_chair)


def test_an_open_ended_chair_blocks_any_later_chair(su):
    leader(su, Membership.Role.VICE_CHAIR, Side.MUNICIPAL, date(2020, 1, 1), None)
    later = Membership(body=su, person=PersonFactory(), role=Membership.Role.VICE_CHAIR, side=Side.SPECIALIST,
                       term_start=date(2030, 1, 1), term_end=None)
    with pytest.raises(ValidationError) as exc:
        validate_term(later)
    assert "nestleder" in exc.value.message_dict["role"][0]


def test_a_term_overlapping_the_same_seat_is_refused(su):
    first = MembershipFactory(body=su, term_start=date(2020, 1, 1), term_end=date(2023, 12, 31))
    overlap = Membership(body=su, person=first.person, role=Membership.Role.MEMBER, side=Side.MUNICIPAL,
                         term_start=date(2023, 1, 1), term_end=date(2026, 12, 31))
    with pytest.raises(ValidationError) as exc:
        validate_term(overlap)
    message = exc.value.message_dict["term_start"][0]
    assert str(first.person) in message and "overlapper" in message


def test_the_same_person_as_member_and_deputy_elsewhere_in_time_is_accepted(su):
    first = MembershipFactory(body=su, term_start=date(2020, 1, 1), term_end=date(2023, 12, 31))
    # A new term right after, and a different role in the same period, are both fine.
    validate_term(Membership(body=su, person=first.person, role=Membership.Role.MEMBER, side=Side.MUNICIPAL,
                             term_start=date(2024, 1, 1), term_end=date(2027, 12, 31)))
    validate_term(Membership(body=su, person=first.person, role=Membership.Role.OBSERVER, side=Side.NONE,
                             term_start=date(2021, 1, 1), term_end=date(2021, 12, 31)))


def test_editing_a_membership_does_not_clash_with_itself(su):
    chair = leader(su, Membership.Role.CHAIR, Side.MUNICIPAL, date(2020, 1, 1), date(2021, 12, 31))
    chair.term_end = date(2021, 6, 30)
    validate_term(chair)


def test_memberships_ending_within_n_days_are_reminded(su):
    ending = MembershipFactory(body=su, term_start=date(2020, 1, 1), term_end=date(2023, 12, 31))
    MembershipFactory(body=su, term_start=date(2020, 1, 1), term_end=date(2025, 12, 31))  # not yet
    renewed = MembershipFactory(body=su, term_start=date(2020, 1, 1), term_end=date(2023, 12, 31))
    MembershipFactory(body=su, person=renewed.person, term_start=date(2024, 1, 1), term_end=date(2027, 12, 31))
    on = date(2023, 11, 1)
    assert set(memberships_ending(within_days=60, on=on, body=su)) == {ending, renewed}
    reminders = term_reminders(within_days=60, on=on, body=su)
    assert [r.membership for r in reminders] == [ending]
    assert reminders[0].days_left == 60
    assert "slutter 31. desember 2023 (om 60 dager)" in reminders[0].message


def test_chair_alternation_breach_is_flagged_and_next_leaders_proposed(su):
    a, b = PersonFactory(first_name="Anne"), PersonFactory(first_name="Bjørn")
    leader(su, Membership.Role.CHAIR, Side.MUNICIPAL, date(2020, 1, 1), date(2021, 12, 31), a)
    leader(su, Membership.Role.VICE_CHAIR, Side.SPECIALIST, date(2020, 1, 1), date(2021, 12, 31), b)
    assert rotation_breaches(su, date(2021, 6, 1)) == []

    proposal = propose_next_leaders(su, date(2021, 11, 1))
    assert (proposal.chair, proposal.chair_side) == (b, Side.SPECIALIST)
    assert (proposal.vice_chair, proposal.vice_chair_side) == (a, Side.MUNICIPAL)
    assert (proposal.term_start, proposal.term_end) == (date(2022, 1, 1), date(2023, 12, 31))
    assert "leder Bjørn" in proposal.message

    # The municipal side keeps the chair for a second period: flagged.
    leader(su, Membership.Role.CHAIR, Side.MUNICIPAL, date(2022, 1, 1), date(2023, 12, 31), a)
    breaches = rotation_breaches(su, date(2022, 6, 1))
    assert [x.rule for x in breaches] == ["chair_rotation"]
    assert "samme side som forrige" in breaches[0].message


def test_due_rotations_lists_bodies_whose_chair_term_ends_soon(su):
    CompositionRule.objects.create(partnership=su.partnership, body=su, kind=CompositionRule.Kind.CHAIR_ROTATION)
    leader(su, Membership.Role.CHAIR, Side.SPECIALIST, date(2020, 1, 1), date(2021, 12, 31))
    leader(su, Membership.Role.VICE_CHAIR, Side.MUNICIPAL, date(2020, 1, 1), date(2021, 12, 31))
    assert due_rotations(partnership=su.partnership, within_days=90, on=date(2021, 6, 1)) == []
    (proposal,) = due_rotations(partnership=su.partnership, within_days=90, on=date(2021, 11, 1))
    assert proposal.chair_side == Side.MUNICIPAL


def test_rotation_with_the_rule_flags_a_missing_chair_and_same_side_pair(su):
    CompositionRule.objects.create(partnership=su.partnership, body=su, kind=CompositionRule.Kind.CHAIR_ROTATION)
    leader(su, Membership.Role.CHAIR, Side.SPECIALIST, date(2020, 1, 1), date(2021, 12, 31))
    leader(su, Membership.Role.VICE_CHAIR, Side.SPECIALIST, date(2020, 1, 1), date(2021, 12, 31))
    messages = [b.message for b in rotation_breaches(su, date(2021, 1, 1))]
    assert any("begge fra spesialisthelsetjenesten" in m for m in messages)
    assert any("har ingen leder" in m for m in (b.message for b in rotation_breaches(su, date(2022, 3, 1))))


def test_the_reminder_command_lists_terms_ending_and_rotations_due(su):
    import io

    import time_machine
    from django.core.management import call_command

    CompositionRule.objects.create(partnership=su.partnership, body=su, kind=CompositionRule.Kind.CHAIR_ROTATION)
    chair = leader(su, Membership.Role.CHAIR, Side.SPECIALIST, date(2020, 1, 1), date(2021, 12, 31))
    leader(su, Membership.Role.VICE_CHAIR, Side.MUNICIPAL, date(2020, 1, 1), date(2021, 12, 31))
    out = io.StringIO()
    with time_machine.travel(date(2021, 11, 1)):
        call_command("governance_reminders", "--dager", "90", "--helsefellesskap", su.partnership.slug, stdout=out)
    text = out.getvalue()
    assert f"{su.partnership}: 3 påminnelser" in text
    assert f"Funksjonsperioden til {chair.person} som leder i SU slutter 31. desember 2021" in text
    assert "Neste periode i SU (1. januar 2022–31. desember 2023)" in text


def test_terms_ending_means_within_ninety_days_on_the_reminders_the_dashboard_and_the_body_page(su):
    from members.terms import TERMS_ENDING_WITHIN_DAYS, terms_ending_by

    today = date(2025, 3, 1)
    inside = MembershipFactory(body=su, term_start=date(2022, 1, 1), term_end=date(2025, 5, 30))  # 90 days
    outside = MembershipFactory(body=su, term_start=date(2022, 1, 1), term_end=date(2025, 5, 31))  # 91 days
    assert TERMS_ENDING_WITHIN_DAYS == 90
    assert terms_ending_by(today) == date(2025, 5, 30)
    ending = list(memberships_ending(on=today, body=su))
    assert inside in ending and outside not in ending
