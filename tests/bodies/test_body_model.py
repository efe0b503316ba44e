from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bodies.models import Body, Party, Side
from tests.factories import BodyFactory, PartnershipFactory, PartyFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_a_body_appointed_by_a_body_of_another_partnership_is_refused():
    appointing = BodyFactory()
    body = BodyFactory.build(partnership=PartnershipFactory(), kind=appointing.kind, appointed_by=appointing)
    with pytest.raises(ValidationError) as exc:
        body.full_clean()
    assert "hører til et annet helsefellesskap" in exc.value.message_dict["appointed_by"][0]


def test_a_body_appointed_by_a_body_of_the_same_partnership_is_accepted():
    su = BodyFactory()
    ksu = BodyFactory.build(partnership=su.partnership, kind=su.kind, appointed_by=su)
    ksu.full_clean()
    ksu.save()
    assert su.appointed_bodies.get() == ksu


def test_a_temporary_body_cannot_end_before_it_starts():
    body = BodyFactory.build(partnership=PartnershipFactory(), kind=BodyFactory().kind,
                             active_from=date(2021, 8, 23), active_until=date(2021, 6, 7))
    with pytest.raises(ValidationError) as exc:
        body.full_clean()
    assert "opphøre før" in exc.value.message_dict["active_until"][0]


def test_active_bodies_leave_out_dissolved_ones():
    live = BodyFactory()
    BodyFactory(partnership=live.partnership, active_until=date(2021, 9, 20))
    assert list(Body.objects.filter(partnership=live.partnership).active()) == [live]


def test_a_municipality_belongs_to_the_municipal_side():
    party = PartyFactory.build(partnership=PartnershipFactory(), kind=Party.Kind.MUNICIPALITY, side=Side.SPECIALIST)
    with pytest.raises(ValidationError) as exc:
        party.full_clean()
    assert exc.value.message_dict["side"] == ["En kommune hører til kommunesiden."]


def test_a_party_in_a_region_of_another_partnership_is_refused():
    party = PartyFactory.build(partnership=PartnershipFactory(), region=RegionFactory())
    with pytest.raises(ValidationError) as exc:
        party.full_clean()
    assert "annet helsefellesskap" in exc.value.message_dict["region"][0]


def test_every_change_to_a_body_is_in_its_history():
    body = BodyFactory(min_meetings_per_year=4)
    body.min_meetings_per_year = 5
    body.save()
    assert [h.min_meetings_per_year for h in body.history.order_by("history_date")] == [4, 5]
