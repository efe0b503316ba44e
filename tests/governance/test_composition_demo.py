"""Composition rules on the demo: nothing flagged as loaded; each rule flagged where the structure breaks it."""
from datetime import date, timedelta

import pytest

from members.composition import check_composition, check_partnership
from bodies.models import Body, CompositionRule, Party, Side
from members.models import Membership
from members.terms import propose_next_leaders, validate_term

pytestmark = pytest.mark.django_db

STORY_DATES = [date(2020, 11, 23), date(2021, 6, 7), date(2021, 9, 1), date(2026, 11, 23)]


def su(demo):
    return Body.objects.get(partnership=demo["finnmark"], kind__slug="strategisk-samarbeidsutvalg")


def rules(breaches):
    return [b.rule for b in breaches]


@pytest.mark.parametrize("on", STORY_DATES)
def test_nothing_is_flagged_on_the_demo_as_loaded(demo, on):
    for partnership in demo.values():
        assert [b.message for b in check_partnership(partnership, on)] == []


def test_the_demo_loads_the_rules_of_the_documents(demo):
    fm = demo["finnmark"]
    su_rules = CompositionRule.objects.filter(body=su(demo))
    assert {(r.side, r.min_count, r.max_count) for r in su_rules.filter(kind="side_seats")} == {
        (Side.SPECIALIST, 5, 5), (Side.MUNICIPAL, 5, 5)}
    assert set(su_rules.filter(kind="required_seat").values_list("seat", flat=True)) == {
        "gp", "user_representative", "employee_representative"}
    for lfso in Body.objects.filter(partnership=fm, kind__slug="lfso"):
        notes = set(lfso.composition_rules.filter(kind="required_seat").values_list("seat_note", flat=True))
        assert notes == {"psykisk helse og rus", "somatikk"}
    assert set(fm.composition_rules.filter(kind="level_seat").values_list("seat", flat=True)) == {"gp", "user_representative"}


def test_every_demo_membership_passes_the_term_rules(demo):
    # No second chair in a period and no term overlapping the same seat anywhere in the demo.
    for membership in Membership.objects.select_related("body", "person"):
        validate_term(membership)


def test_removing_the_gp_from_su_is_flagged(demo):
    on = date(2020, 11, 23)
    gp = Membership.objects.current(on).get(body=su(demo), seat=Membership.Seat.GP)
    gp.term_end = on - timedelta(days=1)
    gp.save()
    breaches = check_composition(su(demo), on)
    assert rules(breaches) == ["required_seat"]
    assert "mangler fastlege" in breaches[0].message


def test_a_gp_seat_held_by_a_full_time_chief_medical_officer_is_flagged(demo):
    on = date(2020, 11, 23)
    gp = Membership.objects.current(on).get(body=su(demo), seat=Membership.Seat.GP)
    person = gp.person
    person.is_practising_gp = False
    person.is_full_time_chief_medical_officer = True
    person.save()
    breaches = check_composition(su(demo), on)
    assert rules(breaches) == ["gp_not_practising"]
    assert "kommuneoverlege i full stilling" in breaches[0].message
    assert str(person) in breaches[0].message


def test_a_sixth_municipal_member_in_su_is_flagged(demo):
    on = date(2020, 11, 23)
    extra = Membership.objects.current(on).filter(body=su(demo), role=Membership.Role.DEPUTY, side=Side.MUNICIPAL).first()
    extra.role = Membership.Role.MEMBER
    extra.save()
    breaches = check_composition(su(demo), on)
    assert "side_seats" in rules(breaches)
    assert "6 faste medlemmer fra kommunene" in next(b.message for b in breaches if b.rule == "side_seats")


def test_a_fixed_member_without_personal_deputy_is_flagged(demo):
    on = date(2020, 11, 23)
    member = Membership.objects.current(on).filter(body=su(demo), role=Membership.Role.MEMBER).order_by("pk").first()
    member.personal_deputy = None
    member.save()
    breaches = check_composition(su(demo), on)
    assert rules(breaches) == ["personal_deputy"]
    assert str(member.person) in breaches[0].message


def test_losing_the_sami_municipalities_from_su_is_flagged(demo):
    on = date(2020, 11, 23)
    sami_seat = Membership.objects.current(on).get(body=su(demo), role=Membership.Role.MEMBER,
                                                   person__position="kommunalsjef, samisk forvaltningsområde")
    sami_seat.represented_parties.set(sami_seat.represented_parties.filter(sami_area=False))
    breaches = check_composition(su(demo), on)
    assert "sami_coverage" in rules(breaches)
    message = next(b.message for b in breaches if b.rule == "sami_coverage")
    # Missing: the Sámi-area municipalities no other fixed member of SU speaks for (counted here independently).
    others = Party.objects.filter(representatives__in=Membership.objects.current(on).fixed().filter(body=su(demo)).exclude(pk=sami_seat.pk))
    missing = Party.objects.filter(partnership=demo["finnmark"], sami_area=True).exclude(pk__in=others.values("pk"))
    assert missing.exists()
    assert message.endswith(", ".join(p.name for p in missing.order_by("name")) + " mangler.")


def test_an_uncovered_region_is_flagged(demo):
    on = date(2020, 11, 23)
    council = Body.objects.get(partnership=demo["finnmark"], kind__slug="fastlegerad")
    middle = Membership.objects.current(on).get(body=council, person__position="fastlege, Midt-Finnmark")
    middle.term_end = on - timedelta(days=1)
    middle.save()
    breaches = check_composition(council, on)
    region = next(b for b in breaches if b.rule == "region_coverage")
    assert "Midt-Finnmark" in region.message
    # The council also loses one of its four municipal seats and one of its GPs.
    assert sorted(rules(breaches)) == ["region_coverage", "required_seat", "side_seats"]


def test_lfso_without_its_somatic_user_representative_is_flagged(demo):
    on = date(2026, 11, 23)
    lfso = Body.objects.get(partnership=demo["finnmark"], name="LFSO Øst-Finnmark")
    somatic = Membership.objects.current(on).get(body=lfso, seat=Membership.Seat.USER_REPRESENTATIVE, seat_note="somatikk")
    somatic.seat_note = "psykisk helse og rus"
    somatic.save()
    breaches = check_composition(lfso, on)
    assert rules(breaches) == ["required_seat"]
    assert "brukerrepresentant (somatikk)" in breaches[0].message


def test_chair_from_the_same_side_two_periods_running_is_flagged(demo):
    secretariat = Body.objects.get(partnership=demo["finnmark"], kind__is_secretariat=True)
    chair_2022 = Membership.objects.get(body=secretariat, role=Membership.Role.CHAIR, term_start=date(2022, 1, 1))
    vice_2022 = Membership.objects.get(body=secretariat, role=Membership.Role.VICE_CHAIR, term_start=date(2022, 1, 1))
    # Swap: the 2020–21 chair's side leads again in 2022–23.
    chair_2022.role, vice_2022.role = Membership.Role.VICE_CHAIR, Membership.Role.CHAIR
    chair_2022.save()
    vice_2022.save()
    breaches = check_composition(secretariat, date(2022, 6, 1))
    assert set(rules(breaches)) == {"chair_rotation"}
    assert any("samme side som forrige leder" in b.message for b in breaches)


def test_no_gp_at_level_three_is_flagged_for_the_partnership(demo):
    on = date(2020, 11, 23)
    fm = demo["finnmark"]
    for m in Membership.objects.current(on).filter(body__partnership=fm, body__level=3, seat=Membership.Seat.GP):
        m.seat = Membership.Seat.ORDINARY
        m.save()
    level = [b for b in check_partnership(fm, on) if b.rule == "level_seat"]
    assert [b.message for b in level] == ["Ingen organer på nivå 3 har fastlege; brukere og fastleger skal delta på alle nivå."]
    # The Fastlegeråd itself also lacks its GPs now.
    assert any(b.rule == "required_seat" and "Fastlegerådet" in b.message for b in check_partnership(fm, on))


def test_the_working_groups_of_the_story_have_both_sides(demo):
    fm = demo["finnmark"]
    first = Body.objects.get(partnership=fm, short_name="AG 3/2020")
    second = Body.objects.get(partnership=fm, short_name="AG 17/2021")
    for group, on, per_side in ((first, date(2020, 6, 1), 2), (second, date(2021, 9, 1), 3)):
        assert group.kind.is_subcommittee and group.kind.is_temporary
        assert group.appointed_by == su(demo) and group.reports_to == su(demo)
        for side in (Side.SPECIALIST, Side.MUNICIPAL):
            assert Membership.objects.current(on).filter(body=group, side=side).count() == per_side
    assert (first.deadline, first.active_until) == (date(2020, 11, 23), date(2020, 11, 23))
    assert second.deadline == date(2021, 9, 20)


def test_a_working_group_past_its_deadline_that_has_not_reported_is_flagged(demo):
    group = Body.objects.get(partnership=demo["finnmark"], short_name="AG 17/2021")
    group.active_until = None
    group.reported_on = None
    group.save()
    breaches = check_composition(group, date(2021, 10, 1))
    assert "subcommittee_overdue" in rules(breaches)
    assert "20. september 2021" in next(b.message for b in breaches if b.rule == "subcommittee_overdue")
    # Before the deadline it is not overdue.
    assert "subcommittee_overdue" not in rules(check_composition(group, date(2021, 9, 1)))


def test_a_working_group_with_one_side_only_is_flagged(demo):
    group = Body.objects.get(partnership=demo["finnmark"], short_name="AG 3/2020")
    on = date(2020, 6, 1)
    for m in Membership.objects.current(on).filter(body=group, side=Side.SPECIALIST):
        m.term_end = date(2020, 5, 1)
        m.save()
    breaches = check_composition(group, on)
    assert rules(breaches) == ["subcommittee_sides"]
    assert "spesialisthelsetjenesten" in breaches[0].message


def test_demo_secretariat_rotation_proposes_the_other_side(demo):
    secretariat = Body.objects.get(partnership=demo["finnmark"], kind__is_secretariat=True)
    on = date(2021, 11, 1)
    current = Membership.objects.current(on).get(body=secretariat, role=Membership.Role.CHAIR)
    vice = Membership.objects.current(on).get(body=secretariat, role=Membership.Role.VICE_CHAIR)
    proposal = propose_next_leaders(secretariat, on)
    assert proposal.chair == vice.person and proposal.chair_side != current.side
    # The demo itself has the successor in place: the next period's chair is the proposed one.
    assert Membership.objects.get(body=secretariat, role=Membership.Role.CHAIR, term_start=date(2022, 1, 1)).person == proposal.chair
