"""The structure services: bodies, people, memberships with rights, personal deputy and a term from the body's rule."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from bodies.models import BodyKind, Side
from bodies.services import body_create, body_update, governance_document_create, subcommittee_dissolve
from cases.services import document_version_adopt, subcommittee_create
from members.models import Membership
from members.services import membership_appoint, membership_update, person_create, person_update
from members.terms import default_term_end
from tests.factories import BodyFactory, MembershipFactory, PartyFactory, PersonFactory, UserFactory
from tests.governance.conftest import make_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def su(db):
    body = BodyFactory(name="Strategisk samarbeidsutvalg", short_name="SU")
    body.kind.term_years = 4
    body.kind.save()
    return body


@pytest.fixture
def staff(db):
    return UserFactory(username="sek-tjenester")


def test_the_term_of_a_new_membership_ends_by_the_bodys_rule(su):
    council = BodyFactory(partnership=su.partnership, name="Fagråd", term_years=2)
    start = date(2024, 3, 1)
    assert default_term_end(body=su, role=Membership.Role.MEMBER, start=start) == date(2028, 2, 29)
    assert default_term_end(body=council, role=Membership.Role.MEMBER, start=start) == date(2026, 2, 28)
    # Chair and vice chair serve two years, never longer than the body's own term.
    assert default_term_end(body=su, role=Membership.Role.CHAIR, start=start) == date(2026, 2, 28)
    one_year = BodyFactory(partnership=su.partnership, name="Ettårig", term_years=1)
    assert default_term_end(body=one_year, role=Membership.Role.VICE_CHAIR, start=start) == date(2025, 2, 28)
    # The body's own rule wins over its kind's.
    su.term_years = 3
    assert default_term_end(body=su, role=Membership.Role.MEMBER, start=start) == date(2027, 2, 28)


def test_a_body_is_created_and_edited_with_history_but_a_subcommittee_needs_a_decision(su, staff):
    kind = BodyKind.objects.create(name="Fagråd for test", slug="fagrad-test", default_level=3, term_years=2)
    council = body_create(partnership=su.partnership, kind=kind, name="Fagråd barn og unge", by=staff, reports_to=su,
                          min_meetings_per_year=4)
    assert council.level == 3 and council.member_term_years == 2
    assert council.history.first().history_user == staff
    body_update(body=council, by=staff, term_years=3, mandate="Tjenester for barn og unge.")
    council.refresh_from_db()
    assert council.member_term_years == 3 and council.history.first().history_change_reason == "Organet endret"

    group_kind = BodyKind.objects.create(name="Arbeidsgruppe t", slug="ag-t", is_subcommittee=True, is_temporary=True)
    with pytest.raises(ValidationError) as exc:
        body_create(partnership=su.partnership, kind=group_kind, name="Gruppe", by=staff, mandate="x")
    assert "oppnevnes ved et vedtak" in exc.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as exc:
        body_update(body=council, by=staff, kind=group_kind)
    assert "kan ikke gjøres om" in exc.value.message_dict["kind"][0]
    other = BodyFactory(name="Fremmed organ")
    with pytest.raises(ValidationError) as exc:
        body_update(body=council, by=staff, reports_to=other)
    assert "annet helsefellesskap" in exc.value.message_dict["reports_to"][0]


def test_a_person_is_registered_and_edited_within_the_partnership(su, staff):
    party = PartyFactory(partnership=su.partnership, name="Alfa kommune")
    person = person_create(partnership=su.partnership, by=staff, first_name=" Aslak ", last_name="Eira", employer=party,
                           position="Kommunalsjef")
    assert person.full_name == "Aslak Eira"
    person_update(person=person, partnership=su.partnership, by=staff, position="Kommunedirektør")
    person.refresh_from_db()
    assert person.position == "Kommunedirektør"
    with pytest.raises(ValidationError) as exc:
        person_update(person=person, partnership=su.partnership, by=staff, employer=PartyFactory(name="Fremmed kommune"))
    assert "annet helsefellesskap" in exc.value.message_dict["employer"][0]
    with pytest.raises(ValidationError):
        person_create(partnership=su.partnership, by=staff, first_name="", last_name="Eira")


def test_appointing_a_member_with_a_new_person_as_personal_deputy(su, staff):
    party = PartyFactory(partnership=su.partnership, name="Alfa kommune")
    person = PersonFactory()
    membership = membership_appoint(
        body=su, person=person, role=Membership.Role.MEMBER, side=Side.MUNICIPAL, term_start=date(2024, 1, 1),
        term_end=date(2027, 12, 31), represented_parties=[party], can_propose=False, by=staff,
        new_deputy={"first_name": "Máret", "last_name": "Sara", "email": "maret@example.no", "employer": party})
    deputy = membership.personal_deputy
    assert deputy.person.full_name == "Máret Sara" and deputy.role == Membership.Role.DEPUTY
    assert (deputy.body, deputy.side, deputy.term_start, deputy.term_end) == (su, Side.MUNICIPAL, date(2024, 1, 1), date(2027, 12, 31))
    assert list(deputy.represented_parties.all()) == [party]
    assert membership.can_vote and membership.can_speak and not membership.can_propose


def test_an_existing_deputy_seat_is_reused_and_a_deputy_cannot_have_one(su, staff):
    member = MembershipFactory(body=su, role=Membership.Role.MEMBER, side=Side.MUNICIPAL, term_start=date(2024, 1, 1),
                               term_end=date(2027, 12, 31))
    seat = MembershipFactory(body=su, role=Membership.Role.DEPUTY, side=Side.MUNICIPAL, term_start=date(2024, 1, 1), term_end=None)
    membership_update(membership=member, by=staff, deputy_person=seat.person)
    member.refresh_from_db()
    assert member.personal_deputy == seat
    assert Membership.objects.filter(person=seat.person, body=su).count() == 1
    with pytest.raises(ValidationError) as exc:
        membership_update(membership=seat, by=staff, deputy_person=member.person)
    assert "Bare faste medlemmer" in exc.value.message_dict["personal_deputy"][0]
    with pytest.raises(ValidationError) as exc:
        membership_update(membership=member, by=staff, deputy_person=member.person)
    assert "sin egen" in exc.value.message_dict["personal_deputy"][0]


def test_editing_rights_refuses_a_vote_for_an_observer(su, staff):
    observer = MembershipFactory(body=su, role=Membership.Role.OBSERVER, side=Side.NONE, can_vote=False)
    membership_update(membership=observer, by=staff, can_propose=True, seat="gp")
    observer.refresh_from_db()
    assert observer.can_propose and observer.seat == "gp"
    with pytest.raises(ValidationError) as exc:
        membership_update(membership=observer, by=staff, can_vote=True)
    assert exc.value.message_dict["can_vote"] == ["Observatører har ikke stemmerett."]
    observer.refresh_from_db()
    assert not observer.can_vote


def test_a_subcommittee_is_appointed_by_a_decision_of_the_appointing_body(su, staff):
    kind = BodyKind.objects.create(name="Arbeidsgruppe s", slug="ag-s", is_subcommittee=True, is_temporary=True)
    other_body = BodyFactory(partnership=su.partnership, name="LFSO Øst", short_name="LFSO")
    wrong = make_decision(other_body, number=4)
    with pytest.raises(ValidationError) as exc:
        subcommittee_create(partnership=su.partnership, kind=kind, name="AG", appointed_by=su, appointing_decision=wrong,
                            mandate="Utrede.", deadline=date(2030, 1, 1), by=staff)
    assert "fattet i LFSO" in exc.value.message_dict["appointing_decision"][0]
    group = subcommittee_create(partnership=su.partnership, kind=kind, name="AG", appointed_by=su, by=staff,
                                appointing_decision=make_decision(su, number=5), mandate="Utrede.", deadline=date(2030, 1, 1))
    assert group.history.first().history_user == staff
    with pytest.raises(ValidationError):
        subcommittee_dissolve(body=su, by=staff)


def test_a_version_can_be_a_file_and_needs_text_or_file(su, staff, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    statutes = governance_document_create(partnership=su.partnership, kind="statutes", title="Vedtekter", by=staff)
    decision = make_decision(su, number=17)
    with pytest.raises(ValidationError) as exc:
        document_version_adopt(document=statutes, text=" ", valid_from=date(2021, 9, 20), adopted_by=decision, by=staff)
    assert "last opp dokumentet" in exc.value.message_dict["text"][0]
    version = document_version_adopt(document=statutes, text="", valid_from=date(2021, 9, 20), adopted_by=decision, by=staff,
                                     file=ContentFile(b"%PDF-1.4\n%vedtekter\n", name="vedtekter.pdf"))
    assert version.number == 1 and version.file.read().startswith(b"%PDF")
    assert version.adoption.decision == decision and version.history.first().history_user == staff
