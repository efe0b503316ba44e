from datetime import date

import pytest
from django.utils import timezone

from bodies.models import BodyKind
from cases.models import Case, Decision, Handling
from tests.factories import BodyFactory, PartnershipFactory


def make_decision(body, *, year=2020, number=3, title="Etablering av helsefellesskap", decided_on=date(2020, 2, 24)):
    """A decided case of a body, built directly (the case services have their own tests)."""
    case = Case.objects.create(partnership=body.partnership, body=body, year=year, number=number, title=title,
                               reported_at=timezone.make_aware(timezone.datetime(year, 1, 10, 12)))
    handling = Handling.objects.create(case=case, body=body, purpose="decision", authoritative=True, outcome="decided")
    return Decision.objects.create(handling=handling, decided_at=timezone.make_aware(timezone.datetime.combine(decided_on, timezone.datetime.min.time())))


@pytest.fixture
def su(db):
    return BodyFactory(partnership=PartnershipFactory(), name="Strategisk samarbeidsutvalg", short_name="SU")


@pytest.fixture
def secretariat(su):
    kind, _ = BodyKind.objects.get_or_create(slug="samhandlingssekretariat", defaults={"name": "Samhandlingssekretariat", "is_secretariat": True})
    return BodyFactory(partnership=su.partnership, kind=kind, name="Samhandlingssekretariatet", short_name="Sekretariatet")


@pytest.fixture
def working_group_kind(db):
    kind, _ = BodyKind.objects.get_or_create(slug="arbeidsgruppe", defaults={"name": "Arbeidsgruppe", "default_level": 3})
    kind.is_temporary = True
    kind.is_subcommittee = True
    kind.save()
    return kind


@pytest.fixture
def permanent_subcommittee_kind(db):
    kind, _ = BodyKind.objects.get_or_create(slug="underutvalg", defaults={"name": "Underutvalg", "default_level": 3})
    kind.is_subcommittee = True
    kind.is_temporary = False
    kind.save()
    return kind
