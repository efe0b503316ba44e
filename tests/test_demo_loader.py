"""The demo loader: Finnmark and Helgeland as DOMAIN.md describes them, loaded idempotently."""
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from bodies.models import Body, Party, Side
from members.models import Membership, Person

pytestmark = pytest.mark.django_db

ON = date(2020, 11, 23)  # the OSO meeting that adopted the model


def seats(body, side, on=ON):
    return Membership.objects.filter(body=body, side=side).fixed().current(on).count()


def test_finnmark_has_the_hf_and_its_18_municipalities(demo):
    fm = demo["finnmark"]
    assert fm.parties.filter(kind=Party.Kind.MUNICIPALITY).count() == 18
    assert fm.parties.get(kind=Party.Kind.HEALTH_TRUST).name == "Finnmarkssykehuset HF"
    for kind in (Party.Kind.KS, Party.Kind.COUNTY_GOVERNOR, Party.Kind.UNIVERSITY, Party.Kind.USER_COMMITTEE):
        assert fm.parties.filter(kind=kind, side=Side.NONE).count() == 1
    sami = set(fm.parties.filter(sami_area=True).values_list("name", flat=True))
    assert sami == {f"{n} kommune" for n in ("Tana", "Nesseby", "Porsanger", "Kautokeino", "Karasjok")}
    assert set(fm.regions.values_list("name", flat=True)) == {"Øst-Finnmark", "Midt-Finnmark", "Vest-Finnmark"}


def test_finnmark_has_the_bodies_of_the_proposal(demo):
    kinds = set(Body.objects.filter(partnership=demo["finnmark"]).values_list("kind__slug", flat=True))
    assert kinds == {"partnerskapsmote", "dialogmote", "strategisk-samarbeidsutvalg", "samhandlingssekretariat",
                     "lfso", "fastlegerad", "ksu", "arbeidsgruppe"}
    assert Body.objects.filter(partnership=demo["finnmark"], kind__slug="lfso").count() == 2


@pytest.mark.parametrize("on", [ON, date(2026, 11, 23)])
def test_su_has_five_plus_five_with_personal_deputies_and_observers(demo, on):
    su = Body.objects.get(partnership=demo["finnmark"], kind__slug="strategisk-samarbeidsutvalg")
    assert seats(su, Side.SPECIALIST, on) == 5
    assert seats(su, Side.MUNICIPAL, on) == 5
    fixed = Membership.objects.filter(body=su).fixed().current(on)
    assert all(m.personal_deputy and m.personal_deputy.is_current(on) for m in fixed)
    observers = Membership.objects.filter(body=su, role=Membership.Role.OBSERVER).current(on)
    assert {o.seat for o in observers} == {"gp", "user_representative", "employee_representative"}
    assert not any(o.can_vote for o in observers)
    assert Membership.objects.filter(body=su, role=Membership.Role.SECRETARY).current(on).count() == 2
    assert Membership.objects.filter(body=su, role=Membership.Role.CHAIR).current(on).count() == 1


def test_su_municipal_seats_cover_all_regions_and_the_sami_area(demo):
    su = Body.objects.get(partnership=demo["finnmark"], kind__slug="strategisk-samarbeidsutvalg")
    parties = Party.objects.filter(representatives__body=su, representatives__side=Side.MUNICIPAL).distinct()
    assert set(parties.values_list("region__name", flat=True)) == {"Øst-Finnmark", "Midt-Finnmark", "Vest-Finnmark"}
    assert parties.filter(sami_area=True).count() == 5


def test_partnership_meeting_has_all_municipal_chief_executives_and_seven_observers(demo):
    pm = Body.objects.get(partnership=demo["finnmark"], kind__slug="partnerskapsmote")
    assert seats(pm, Side.MUNICIPAL) == 18
    assert seats(pm, Side.SPECIALIST) == 5
    assert Membership.objects.filter(body=pm, role=Membership.Role.OBSERVER).current(ON).count() == 7


def test_secretariat_lfso_and_gp_council_compositions(demo):
    fm = demo["finnmark"]
    secretariat = Body.objects.get(partnership=fm, kind__is_secretariat=True)
    assert (seats(secretariat, Side.SPECIALIST), seats(secretariat, Side.MUNICIPAL)) == (5, 5)
    east = Body.objects.get(partnership=fm, name="LFSO Øst-Finnmark")
    west = Body.objects.get(partnership=fm, name="LFSO Vest-Finnmark")
    assert seats(east, Side.MUNICIPAL) + seats(west, Side.MUNICIPAL) == 18
    assert seats(east, Side.SPECIALIST) == seats(west, Side.SPECIALIST) == 8
    for lfso in (east, west):
        notes = set(Membership.objects.filter(body=lfso, seat="user_representative").current(ON).values_list("seat_note", flat=True))
        assert notes == {"psykisk helse og rus", "somatikk"}
    gp = Body.objects.get(partnership=fm, kind__slug="fastlegerad")
    assert (seats(gp, Side.MUNICIPAL), seats(gp, Side.SPECIALIST)) == (4, 4)


def test_helgeland_has_four_councils_one_per_priority_group(demo):
    councils = Body.objects.filter(partnership=demo["helgeland"], kind__slug="fagrad")
    assert councils.count() == 4
    assert councils.values("priority_group").distinct().count() == 4
    assert demo["helgeland"].parties.filter(kind=Party.Kind.MUNICIPALITY).count() == 18


def test_loading_twice_changes_nothing(demo, settings):
    def counts():
        return (Party.objects.count(), Body.objects.count(), Person.objects.count(), Membership.objects.count(),
                Membership.history.count(), get_user_model().objects.count())

    before = counts()
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert counts() == before
