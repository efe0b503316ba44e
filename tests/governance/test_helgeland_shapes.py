"""Helgeland in the demo: its statutes as a versioned document adopted by a decision, and its rule for every council."""
import pytest

from bodies.models import Body, GovernanceDocument
from members.composition import check_composition


@pytest.mark.django_db
def test_helgelands_statutes_are_a_versioned_document_adopted_by_the_partnership_meeting(demo):
    statutes = GovernanceDocument.objects.get(partnership=demo["helgeland"], kind=GovernanceDocument.Kind.STATUTES)
    version = statutes.version_in_force()
    assert version.number == 1
    assert "fire fagråd, ett for hver prioriterte pasientgruppe" in version.text
    decision = version.adoption.decision
    assert decision.consensus
    assert decision.handling.body.name == "Partnerskapsmøtet Helgeland"
    assert decision.handling.case.number == 1 and decision.handling.case.year == 2021


@pytest.mark.django_db
def test_the_rule_for_every_council_applies_to_a_council_without_a_gp(demo):
    council = Body.objects.filter(partnership=demo["helgeland"], kind__slug="fagrad").order_by("name").first()
    assert not [b for b in check_composition(council) if b.rule == "required_seat"]
    gp = council.memberships.current().get(seat="gp")
    gp.seat = "ordinary"
    gp.save()
    assert f"{council} mangler fastlege." in [b.message for b in check_composition(council)]
