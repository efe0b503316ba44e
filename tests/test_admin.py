"""Django admin: every model usable, history visible, bad input refused in Norwegian."""
import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from bodies.models import Body
from members.models import Membership
from tests.factories import BodyFactory, MembershipFactory, PartyFactory

pytestmark = pytest.mark.django_db

GOVERNANCE_APPS = ["bodies", "members", "cases", "meetings"]


def test_every_governance_model_is_in_the_admin():
    """Each model has its own admin page or is edited inline on its parent's page."""
    reachable = set(admin.site._registry)
    for model_admin in admin.site._registry.values():
        reachable |= {inline.model for inline in model_admin.inlines}
    missing = [
        m._meta.label for app in GOVERNANCE_APPS for m in apps.get_app_config(app).get_models()
        if m not in reachable and not m.__name__.startswith("Historical") and m.__name__ != "CaseSeries"
        # Object permissions are edited on the object's own «Objekttillatelser» page (GuardedModelAdmin).
        and not m.__name__.endswith("ObjectPermission")
    ]
    assert missing == []


def test_admin_change_lists_and_history_pages_load(client, admin_user, demo):
    client.force_login(admin_user)
    for model in (Body, Membership):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url, {"q": "Finnmark"}).status_code == 200
    su = Body.objects.get(partnership=demo["finnmark"], kind__slug="strategisk-samarbeidsutvalg")
    response = client.get(reverse("admin:bodies_body_history", args=[su.pk]))
    assert response.status_code == 200
    assert "Endringshistorikk" in response.content.decode() or "history" in response.content.decode().lower()
    response = client.get(reverse("admin:bodies_body_change", args=[su.pk]))
    assert response.status_code == 200
    assert "medlemskap" in response.content.decode().lower()


def test_admin_refuses_a_membership_for_a_party_of_another_partnership(client, admin_user):
    client.force_login(admin_user)
    membership = MembershipFactory()
    foreign = PartyFactory()
    url = reverse("admin:members_membership_change", args=[membership.pk])
    data = {
        "person": membership.person.pk, "body": membership.body.pk, "role": "member", "side": "municipal",
        "seat": "ordinary", "can_vote": "on", "can_speak": "on", "term_start": "2024-01-01", "term_end": "2027-12-31",
        "represented_parties": [foreign.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "hører ikke til helsefellesskapet" in response.content.decode()
    assert not membership.represented_parties.exists()


def test_admin_refuses_a_term_that_ends_before_it_starts(client, admin_user):
    client.force_login(admin_user)
    body = BodyFactory()
    person = MembershipFactory(body=body).person
    response = client.post(reverse("admin:members_membership_add"), {
        "person": person.pk, "body": body.pk, "role": "member", "side": "municipal", "seat": "ordinary",
        "term_start": "2024-01-01", "term_end": "2020-01-01",
    })
    assert response.status_code == 200
    assert "Funksjonsperioden kan ikke slutte før den begynner." in response.content.decode()
    assert Membership.objects.filter(body=body).count() == 1
