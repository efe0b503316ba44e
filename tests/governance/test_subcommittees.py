"""Sub-committees: appointed by a decision with a mandate and (when temporary) a deadline; report back; dissolve."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bodies.models import Body
from bodies.services import subcommittee_dissolve
from cases.services import subcommittee_create, subcommittee_report
from tests.factories import BodyFactory

from .conftest import make_decision

pytestmark = pytest.mark.django_db


def test_a_working_group_is_appointed_by_a_decision_of_su(su, working_group_kind):
    decision = make_decision(su, year=2020, number=3)
    group = subcommittee_create(partnership=su.partnership, kind=working_group_kind, name="Arbeidsgruppe helsefellesskap",
                                appointed_by=su, appointing_decision=decision, mandate="Utrede modell for helsefellesskap.",
                                deadline=date(2020, 10, 19), active_from=date(2020, 2, 24))
    group.refresh_from_db()
    assert group.appointment.decision == decision
    assert group.reports_to == su
    assert [a.body for a in decision.appointments.all()] == [group]
    assert group.history.first().history_change_reason == "Oppnevnt av SU"


def test_a_working_group_without_a_mandate_or_deadline_is_refused(su, working_group_kind):
    with pytest.raises(ValidationError) as exc:
        subcommittee_create(partnership=su.partnership, kind=working_group_kind, name="Uten mandat", appointed_by=su,
                            mandate="  ", deadline=None)
    assert exc.value.message_dict["mandate"] == ["Et underutvalg eller en arbeidsgruppe må ha et mandat."]
    assert exc.value.message_dict["deadline"] == ["En midlertidig arbeidsgruppe eller et KSU må ha en frist for oppdraget."]
    assert not Body.objects.filter(name="Uten mandat").exists()


def test_a_permanent_subcommittee_needs_a_mandate_but_no_deadline(su, permanent_subcommittee_kind):
    body = subcommittee_create(partnership=su.partnership, kind=permanent_subcommittee_kind, name="Underutvalg for IKT",
                               appointed_by=su, mandate="Felles IKT-løsninger.")
    assert body.deadline is None


def test_a_permanent_subcommittee_is_not_appointed_by_the_secretariat(su, secretariat, permanent_subcommittee_kind, working_group_kind):
    with pytest.raises(ValidationError) as exc:
        subcommittee_create(partnership=su.partnership, kind=permanent_subcommittee_kind, name="Fast utvalg",
                            appointed_by=secretariat, mandate="Noe fast.")
    assert "oppnevnes av strategisk samarbeidsutvalg" in exc.value.message_dict["appointed_by"][0]
    # A temporary working group may be appointed by the secretariat.
    group = subcommittee_create(partnership=su.partnership, kind=working_group_kind, name="Midlertidig gruppe",
                                appointed_by=secretariat, mandate="Kort oppdrag.", deadline=date(2030, 1, 1))
    assert group.appointed_by == secretariat


def test_a_body_kind_that_is_not_a_subcommittee_is_refused(su):
    with pytest.raises(ValidationError) as exc:
        subcommittee_create(partnership=su.partnership, kind=su.kind, name="Feil type", appointed_by=su, mandate="x")
    assert "er ikke en type underutvalg" in exc.value.message_dict["kind"][0]


def test_the_report_comes_back_as_a_case_to_su_and_the_group_is_dissolved(su, working_group_kind):
    group = subcommittee_create(partnership=su.partnership, kind=working_group_kind, name="AG", appointed_by=su,
                                mandate="Utrede.", deadline=date(2020, 10, 19), active_from=date(2020, 2, 24))
    assert group.is_overdue(date(2020, 11, 1))
    report = make_decision(su, year=2020, number=28, title="Helsefellesskap – sammen for pasientene").handling.case
    subcommittee_report(body=group, case=report)
    group.refresh_from_db()
    assert group.report.case == report
    assert group.reported_on == report.reported_at.date()
    assert not group.is_overdue(date(2020, 11, 1))
    subcommittee_dissolve(body=group, on=date(2020, 11, 23))
    group.refresh_from_db()
    assert group.active_until == date(2020, 11, 23)
    assert not group.is_active(date(2020, 12, 1))
    with pytest.raises(ValidationError):
        subcommittee_dissolve(body=group, on=date(2021, 1, 1))


def test_a_report_to_another_body_is_refused(su, working_group_kind):
    group = subcommittee_create(partnership=su.partnership, kind=working_group_kind, name="AG", appointed_by=su,
                                mandate="Utrede.", deadline=date(2030, 1, 1))
    other = BodyFactory(partnership=su.partnership)
    case = make_decision(other, year=2020, number=1).handling.case
    with pytest.raises(ValidationError) as exc:
        subcommittee_report(body=group, case=case)
    assert "SU" in exc.value.message_dict["report_case"][0]


def test_a_decision_of_another_partnership_cannot_appoint(su, working_group_kind):
    stranger = make_decision(BodyFactory(), year=2020, number=1)
    with pytest.raises(ValidationError) as exc:
        subcommittee_create(partnership=su.partnership, kind=working_group_kind, name="AG", appointed_by=su,
                            appointing_decision=stranger, mandate="x", deadline=date(2030, 1, 1))
    assert exc.value.message_dict["appointing_decision"] == ["Vedtaket hører til et annet helsefellesskap."]


def test_the_factory_builds_a_valid_working_group():
    from tests.factories import WorkingGroupFactory

    group = WorkingGroupFactory()
    group.full_clean()
    assert group.kind.is_subcommittee and group.reports_to == group.appointed_by
    assert not group.is_overdue()
