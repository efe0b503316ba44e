"""A small strategic committee built with factories: chair and member from each side, deputies, an observer."""
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from bodies.models import Side
from members.models import Membership
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory


@dataclass
class Committee:
    body: object
    chair: Membership
    chair_deputy: Membership
    specialist: Membership
    specialist_deputy: Membership
    observer: Membership
    secretary: Membership


def build_committee(body=None):
    body = body or BodyFactory(name="Strategisk samarbeidsutvalg", short_name="SU")
    chair_deputy = MembershipFactory(body=body, role=Membership.Role.DEPUTY, side=Side.MUNICIPAL,
                                     person=PersonFactory(first_name="Vigdis", last_name="Vara"))
    chair = MembershipFactory(body=body, role=Membership.Role.CHAIR, side=Side.MUNICIPAL, personal_deputy=chair_deputy,
                              person=PersonFactory(first_name="Marit", last_name="Leder"))
    specialist_deputy = MembershipFactory(body=body, role=Membership.Role.DEPUTY, side=Side.SPECIALIST,
                                          person=PersonFactory(first_name="Per", last_name="Varamann"))
    specialist = MembershipFactory(body=body, role=Membership.Role.MEMBER, side=Side.SPECIALIST, personal_deputy=specialist_deputy,
                                   person=PersonFactory(first_name="Håkon", last_name="Foretak"))
    observer = MembershipFactory(body=body, role=Membership.Role.OBSERVER, side=Side.NONE, can_vote=False, can_propose=True,
                                 seat=Membership.Seat.USER_REPRESENTATIVE, person=PersonFactory(first_name="Elle", last_name="Bruker"))
    secretary = MembershipFactory(body=body, role=Membership.Role.SECRETARY, side=Side.SPECIALIST, can_vote=False, can_propose=False,
                                  person=PersonFactory(first_name="Siri", last_name="Sekretær"))
    return Committee(body, chair, chair_deputy, specialist, specialist_deputy, observer, secretary)


@pytest.fixture
def committee(db):
    return build_committee()


@pytest.fixture
def staff(db):
    return UserFactory(username="sekretariat-test", is_staff=True)


@pytest.fixture
def soon():
    return timezone.now().replace(second=0, microsecond=0) + timedelta(days=14)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored PDFs go to a throwaway folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
