"""The public sees the version in force of the statutes, mandates and agreements."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bodies.models import Body, GovernanceDocument
from cases.services import document_version_adopt
from cases.models import Decision

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_the_su_mandate_in_force_and_not_a_future_version(client, demo):
    finnmark = demo["finnmark"]
    su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
    mandate = GovernanceDocument.objects.get(partnership=finnmark, kind=GovernanceDocument.Kind.MANDATE, body=su)
    in_force = mandate.version_in_force()
    decision = Decision.objects.filter(handling__case__partnership=finnmark).order_by("-decided_at").first()
    document_version_adopt(document=mandate, text="Et nytt mandat som ennå ikke gjelder.",
                           valid_from=timezone.localdate() + timedelta(days=30), adopted_by=decision)

    page = client.get(reverse("public:partnership", kwargs={"slug": finnmark.slug})).content.decode()

    assert mandate.title in page
    assert f"versjon {in_force.number}, gjelder fra" in page
    assert "Et nytt mandat som ennå ikke gjelder." not in page
