"""A forged row count in an admin inline is refused at once, without building thousands of empty rows.

The admin's inlines post their row count in hidden fields. Django only refuses counts above 2 000, after
building, cleaning and rendering 2 000 empty rows (tens of seconds per request). Here an inline takes the
existing rows and at most ``NEW_INLINE_ROWS`` new ones per save; above that the page answers with the
formset's own error and only the existing rows.
"""
import pytest
from django.urls import reverse

from bodies.admin_scope import NEW_INLINE_ROWS
from bodies.models import Region
from tests.factories import PartnershipFactory, RegionFactory
from tests.test_fuzz_admin import posted_as_shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership_page(client, admin_user):
    partnership = PartnershipFactory(name="Vesterålen")
    RegionFactory(partnership=partnership, name="Nord")
    RegionFactory(partnership=partnership, name="Sør")
    client.force_login(admin_user)
    url = reverse("admin:bodies_partnership_change", args=[partnership.pk])
    data = posted_as_shown(client.get(url).content.decode(), "partnership_form")
    return client, url, data, partnership


def region_formset(response):
    return next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is Region)


@pytest.mark.parametrize("forged", ["99999999999", "1999", str(2 + NEW_INLINE_ROWS + 1)])
def test_a_forged_row_count_is_refused_with_only_the_existing_rows_built(partnership_page, forged):
    client, url, data, partnership = partnership_page
    data["regions-TOTAL_FORMS"] = [forged]
    response = client.post(url, data)
    assert response.status_code == 200
    formset = region_formset(response)
    assert len(formset.forms) == 2, "only the two existing regions are built"
    errors = [str(e) for e in formset.non_form_errors()]
    assert errors and str(2 + NEW_INLINE_ROWS) in errors[0], errors
    assert errors[0] in response.content.decode()
    assert sorted(partnership.regions.values_list("name", flat=True)) == ["Nord", "Sør"]


def test_new_rows_within_the_bound_are_saved(partnership_page):
    client, url, data, partnership = partnership_page
    data["regions-TOTAL_FORMS"] = ["3"]
    data["regions-2-name"] = ["Midt"]
    data["regions-2-partnership"] = [str(partnership.pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [f.formset.errors for f in response.context["inline_admin_formsets"]]
    assert sorted(partnership.regions.values_list("name", flat=True)) == ["Midt", "Nord", "Sør"]
