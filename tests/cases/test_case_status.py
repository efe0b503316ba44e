"""Status steps, stale edits and the history of who changed what and why."""
import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import ALLOWED_TRANSITIONS, Case

from .conftest import registered_case


def test_can_move_to_follows_the_allowed_steps():
    case = Case(status=Case.Status.REPORTED)
    assert case.can_move_to(Case.Status.REGISTERED)
    assert not case.can_move_to(Case.Status.DECIDED)
    case.status = Case.Status.FOR_DECISION
    assert case.can_move_to(Case.Status.DECIDED) and case.can_move_to(Case.Status.NO_CONSENSUS)
    case.status = Case.Status.CLOSED
    assert not any(case.can_move_to(s) for s in Case.Status.values)
    assert set(ALLOWED_TRANSITIONS) == set(Case.Status.values)


def test_history_says_who_and_why(scene):
    case = registered_case(scene)
    latest = case.history.first()
    assert latest.history_user == scene.user
    assert latest.history_change_reason.startswith("Registrert som sak 1/")
    assert latest.status == Case.Status.REGISTERED
    assert [h.status for h in case.history.order_by("history_id")] == [Case.Status.REPORTED, Case.Status.REGISTERED]


def test_stale_edit_is_refused(scene):
    case = registered_case(scene)
    opened_version = case.version
    services.case_update(case=case, expected_version=opened_version, by=scene.user, title="Ny tittel")
    case.refresh_from_db()
    assert case.title == "Ny tittel" and case.version == opened_version + 1
    with pytest.raises(ValidationError, match="endret av en annen"):
        services.case_update(case=case, expected_version=opened_version, by=scene.user, title="Gammel skjerm")
    case.refresh_from_db()
    assert case.title == "Ny tittel"


def test_status_and_number_cannot_be_edited(scene):
    case = registered_case(scene)
    with pytest.raises(ValidationError, match="kan ikke endres her"):
        services.case_update(case=case, expected_version=case.version, by=scene.user, status=Case.Status.DECIDED)
    with pytest.raises(ValidationError, match="kan ikke endres her"):
        services.case_update(case=case, expected_version=case.version, by=scene.user, number=99)


def test_closing_is_final(scene):
    case = registered_case(scene)
    services.case_close(case=case, by=scene.user, reason="Trukket av innmelder")
    assert case.status == Case.Status.CLOSED
    with pytest.raises(ValidationError):
        services.case_close(case=case, by=scene.user)
    with pytest.raises(ValidationError, match="avsluttet sak"):
        services.case_update(case=case, expected_version=case.version, by=scene.user, title="X")
