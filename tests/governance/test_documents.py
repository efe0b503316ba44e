"""Statutes, mandates and agreements: versions adopted by decisions; the version in force on a date."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bodies.models import DocumentVersion, GovernanceDocument
from cases.services import document_revision_start, document_version_adopt
from tests.factories import BodyFactory

from .conftest import make_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def statutes(su):
    return GovernanceDocument.objects.create(partnership=su.partnership, kind=GovernanceDocument.Kind.STATUTES,
                                             title="Vedtekter for Helsefellesskap Finnmark")


def test_versions_are_numbered_and_the_one_in_force_is_shown(su, statutes):
    first = document_version_adopt(document=statutes, text="§ 1 Formål", valid_from=date(2021, 10, 1),
                                   adopted_by=make_decision(su, year=2021, number=30))
    second = document_version_adopt(document=statutes, text="§ 1 Formål (endret)", valid_from=date(2023, 1, 1),
                                    adopted_by=make_decision(su, year=2022, number=12), change_note="Ny § 4")
    assert (first.number, second.number) == (1, 2)
    assert statutes.version_in_force(date(2020, 1, 1)) is None
    assert statutes.version_in_force(date(2022, 6, 1)) == first
    assert statutes.version_in_force(date(2023, 1, 1)) == second
    assert list(DocumentVersion.objects.in_force(date(2022, 6, 1))) == [first]
    # The earlier version is untouched.
    first.refresh_from_db()
    assert first.text == "§ 1 Formål"


def test_a_version_adopted_by_no_decision_is_refused(statutes):
    with pytest.raises(ValidationError) as exc:
        document_version_adopt(document=statutes, text="§ 1", valid_from=date(2021, 10, 1), adopted_by=None)
    assert exc.value.message_dict["adopted_by"] == ["En versjon må være vedtatt: oppgi vedtaket som vedtok den."]
    # The service is the only way in: the admin offers no «add» for versions (tests/test_permission_matrix.py).
    assert not statutes.versions.exists()


def test_a_decision_of_another_partnership_cannot_adopt(statutes):
    with pytest.raises(ValidationError):
        document_version_adopt(document=statutes, text="§ 1", valid_from=date(2021, 10, 1),
                               adopted_by=make_decision(BodyFactory(), year=2021, number=1))


def test_a_revision_is_started_as_a_case_and_ends_with_the_new_version(su, statutes):
    decision = make_decision(su, year=2022, number=12, title="Revisjon av vedtektene")
    document_revision_start(document=statutes, case=decision.handling.case)
    statutes.refresh_from_db()
    assert statutes.revision.case == decision.handling.case
    version = document_version_adopt(document=statutes, text="Ny tekst", valid_from=date(2023, 1, 1), adopted_by=decision)
    statutes = GovernanceDocument.objects.get(pk=statutes.pk)
    assert not hasattr(statutes, "revision")
    assert version.adoption.decision == decision


def test_a_mandate_belongs_to_a_body(su):
    with pytest.raises(ValidationError) as exc:
        GovernanceDocument(partnership=su.partnership, kind=GovernanceDocument.Kind.MANDATE, title="Mandat").full_clean()
    assert exc.value.message_dict["body"] == ["Et mandat gjelder et organ; velg organet."]
