"""A small partnership (secretariat, SU, two municipalities, a hospital trust) and its secretariat login."""
import pytest
from guardian.shortcuts import assign_perm

from bodies.models import BodyKind, Side
from cases import services as case_services
from tests.factories import (
    BodyFactory, HealthTrustFactory, MembershipFactory, PartnershipFactory, PartyFactory, SecretariatKindFactory, UserFactory,
)


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Helsefellesskap Testmark", slug="testmark")


@pytest.fixture
def secretariat_body(partnership):
    return BodyFactory(partnership=partnership, kind=SecretariatKindFactory(), name="Samhandlingssekretariatet", short_name="Sek")


@pytest.fixture
def su(partnership, secretariat_body):
    return BodyFactory(partnership=partnership, name="Strategisk samarbeidsutvalg", short_name="SU", discussion_body=secretariat_body)


@pytest.fixture
def parties(partnership):
    return {
        "hf": HealthTrustFactory(partnership=partnership, name="Testmarksykehuset HF"),
        "a": PartyFactory(partnership=partnership, name="Alfa kommune"),
        "b": PartyFactory(partnership=partnership, name="Beta kommune"),
    }


@pytest.fixture
def su_members(su, parties):
    chair = MembershipFactory(body=su, role="chair", side=Side.SPECIALIST, represented_parties=[parties["hf"]])
    member = MembershipFactory(body=su, role="member", side=Side.MUNICIPAL, represented_parties=[parties["a"]])
    return chair, member


@pytest.fixture
def staff(partnership):
    user = UserFactory(username="sekretar")
    assign_perm("bodies.manage_partnership", user, partnership)
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def other_staff(db):
    """Secretariat of another partnership: must never see Testmark's records."""
    other = PartnershipFactory(name="Helsefellesskap Annet", slug="annet")
    user = UserFactory(username="annen-sekretar")
    assign_perm("bodies.manage_partnership", user, other)
    return user


@pytest.fixture
def reported_case(partnership, staff):
    return case_services.case_report(partnership=partnership, title="Felles pasientforløp for skrøpelige eldre",
                                     case_type="decision", by=staff, background="Bakgrunn for saken.",
                                     proposed_decision="SU slutter seg til forløpet.")


@pytest.fixture
def registered_case(reported_case, su, staff):
    return case_services.case_register(case=reported_case, body=su, by=staff)


@pytest.fixture
def kinds(db):
    return BodyKind.objects.all()
