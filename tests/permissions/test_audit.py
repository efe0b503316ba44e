"""Audit: who changed a governance record is in the history; openings of exempt documents are logged and viewable."""
import pytest
from django.urls import reverse

from bodies.models import Body
from cases.models import ExemptDocumentView
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def test_a_change_through_a_web_request_records_the_user_in_the_history(client, admin_user):
    body = BodyFactory(name="Fastlegerådet")
    client.force_login(admin_user)
    url = reverse("admin:bodies_body_change", args=[body.pk])
    page = client.get(url).context
    data = {key: value for key, value in page["adminform"].form.initial.items() if value is not None}
    data.update({"name": "Fastlegerådet Finnmark", "partnership": body.partnership_id, "kind": body.kind_id})
    # Whatever inlines the page has: submit them empty.
    for inline in page["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    body.refresh_from_db()
    assert body.name == "Fastlegerådet Finnmark"
    assert body.history.latest().history_user == admin_user


def test_exempt_view_log_is_in_the_admin_and_read_only(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:cases_exemptdocumentview_changelist")).status_code == 200
    assert client.get(reverse("admin:cases_exemptdocumentview_add")).status_code == 403
    assert ExemptDocumentView._meta.get_field("document").remote_field.model._meta.label == "cases.CaseDocument"
