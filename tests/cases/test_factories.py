"""The cases factories build valid rows with no arguments."""
import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["CaseFactory", "HandlingFactory", "PositionFactory", "DecisionPointFactory",
                                  "AnchoringAnswerFactory", "FollowUpTaskFactory"])
def test_factory_builds_a_valid_row(name):
    obj = getattr(factories, name)()
    obj.full_clean()
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_case_factory_cases_are_numbered_in_their_body():
    case = factories.CaseFactory()
    assert case.body.partnership == case.partnership
    assert str(case.case_number).startswith("Sak ")
