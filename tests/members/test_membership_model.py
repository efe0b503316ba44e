from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bodies.models import Side
from members.models import Membership
from tests.factories import BodyFactory, MembershipFactory, PartyFactory

pytestmark = pytest.mark.django_db


def test_a_term_that_ends_before_it_starts_is_refused():
    membership = MembershipFactory.build(body=BodyFactory(), person=MembershipFactory().person,
                                         term_start=date(2024, 1, 1), term_end=date(2023, 12, 31))
    with pytest.raises(ValidationError) as exc:
        membership.full_clean()
    assert exc.value.message_dict["term_end"] == ["Funksjonsperioden kan ikke slutte før den begynner."]


def test_a_personal_deputy_must_be_a_deputy_in_the_same_body():
    member = MembershipFactory()
    deputy_elsewhere = MembershipFactory(role=Membership.Role.DEPUTY)
    member.personal_deputy = deputy_elsewhere
    with pytest.raises(ValidationError) as exc:
        member.full_clean()
    assert "samme organ" in exc.value.message_dict["personal_deputy"][0]


def test_a_personal_deputy_in_the_same_body_is_accepted():
    member = MembershipFactory()
    deputy = MembershipFactory(body=member.body, role=Membership.Role.DEPUTY)
    member.personal_deputy = deputy
    member.full_clean()
    member.save()
    assert deputy.deputy_for.get() == member


def test_a_personal_deputy_must_have_the_deputy_role():
    member = MembershipFactory()
    other_member = MembershipFactory(body=member.body, role=Membership.Role.MEMBER)
    member.personal_deputy = other_member
    with pytest.raises(ValidationError) as exc:
        member.full_clean()
    assert exc.value.message_dict["personal_deputy"] == ["Personlig vara må ha rollen vara i organet."]


def test_representing_a_party_of_another_partnership_is_refused():
    membership = MembershipFactory()
    foreign = PartyFactory()  # its own partnership
    with pytest.raises(ValidationError) as exc:
        membership.clean_represented_parties([foreign])
    assert "hører ikke til helsefellesskapet" in exc.value.message_dict["represented_parties"][0]


def test_one_representative_may_represent_several_municipalities():
    membership = MembershipFactory()
    municipalities = [PartyFactory(partnership=membership.body.partnership) for _ in range(3)]
    membership.clean_represented_parties(municipalities)
    membership.represented_parties.set(municipalities)
    assert membership.represented_parties.count() == 3


def test_an_observer_has_no_vote_and_no_side():
    observer = MembershipFactory.build(body=BodyFactory(), person=MembershipFactory().person,
                                       role=Membership.Role.OBSERVER, side=Side.MUNICIPAL, can_vote=True)
    with pytest.raises(ValidationError) as exc:
        observer.full_clean()
    assert set(exc.value.message_dict) == {"side", "can_vote"}


def test_current_memberships_leave_out_ended_terms():
    current = MembershipFactory()
    MembershipFactory(body=current.body, term_start=date(2016, 1, 1), term_end=date(2019, 12, 31))
    assert list(Membership.objects.filter(body=current.body).current()) == [current]
