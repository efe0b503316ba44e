"""Reporting and registering: the numbering «Sak N/ÅÅÅÅ» per body and year."""
import threading
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from cases import services
from cases.models import Case, CaseSeries, CaseType
from tests.factories import BodyFactory, PartnershipFactory, PartyFactory, UserFactory

from .conftest import registered_case


def report(scene, title="Sak"):
    return services.case_report(partnership=scene.partnership, title=title, case_type=CaseType.DECISION, by=scene.user)


def test_report_keeps_the_template_and_starts_as_reported(scene):
    case = services.case_report(
        partnership=scene.partnership, title="Ny modell for utskrivning", case_type=CaseType.DECISION, by=scene.user,
        on_behalf_of=scene.municipalities[0], background="Bakgrunn", proposed_decision="1. Vedtas.\n2. Evalueres.",
        consequences_economy="Ingen",
    )
    case.refresh_from_db()
    assert case.status == Case.Status.REPORTED
    assert case.number is None
    assert case.proposed_decision == "1. Vedtas.\n2. Evalueres."
    assert case.reported_by_user == scene.user
    assert case.history.first().history_user == scene.user


def test_report_refuses_a_party_of_another_partnership(scene):
    stranger = PartyFactory()
    with pytest.raises(ValidationError) as error:
        services.case_report(partnership=scene.partnership, title="X", case_type=CaseType.DECISION, on_behalf_of=stranger)
    assert "on_behalf_of" in error.value.message_dict
    assert not Case.objects.exists()


def test_register_numbers_per_body_and_year(scene):
    first = registered_case(scene, title="En")
    second = registered_case(scene, title="To")
    in_secretariat = registered_case(scene, title="Tre", body=scene.secretariat)
    year = timezone.localdate().year
    assert (first.number, second.number, in_secretariat.number) == (1, 2, 1)
    assert first.status == Case.Status.REGISTERED
    assert str(second.case_number) == f"Sak 2/{year}"
    assert CaseSeries.objects.get(body=scene.su, year=year).last_number == 2


def test_register_refuses_twice_and_a_body_of_another_partnership(scene):
    case = registered_case(scene)
    with pytest.raises(ValidationError, match="allerede registrert"):
        services.case_register(case=case, body=scene.su, by=scene.user)
    other = report(scene)
    with pytest.raises(ValidationError) as error:
        services.case_register(case=other, body=BodyFactory(), by=scene.user)
    assert "body" in error.value.message_dict
    other.refresh_from_db()
    assert other.number is None and other.status == Case.Status.REPORTED


def test_historic_case_keeps_its_number_and_the_series_continues(scene):
    at = timezone.make_aware(datetime(2020, 11, 2, 10, 0))
    old = services.case_register(case=report(scene, "Etablering"), body=scene.su, by=scene.user, number=28, at=at)
    assert (old.number, old.year) == (28, 2020)
    with pytest.raises(ValidationError) as error:
        services.case_register(case=report(scene, "Dobbel"), body=scene.su, by=scene.user, number=28, at=at)
    assert "finnes allerede" in error.value.message_dict["number"][0]
    following = services.case_register(case=report(scene, "Neste"), body=scene.su, by=scene.user, at=at)
    assert following.number == 29


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_registering_at_the_same_moment_get_different_numbers():
    partnership = PartnershipFactory()
    body = BodyFactory(partnership=partnership)
    user = UserFactory()
    cases = [services.case_report(partnership=partnership, title=f"Sak {n}", case_type=CaseType.DECISION) for n in range(8)]
    barrier = threading.Barrier(len(cases))
    errors = []

    def register(case):
        try:
            barrier.wait()
            services.case_register(case=case, body=body, by=user)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Case.objects.filter(body=body).values_list("number", flat=True))
    assert numbers == list(range(1, len(cases) + 1))
    assert CaseSeries.objects.get(body=body).last_number == len(cases)
