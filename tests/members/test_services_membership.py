"""Appointing and ending memberships: validation, history, and permissions that follow with no other step."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from bodies.models import Side
from bodies.permissions import bodies_for_member, can_view_internal, is_secretariat, partnerships_for_secretariat
from members.models import Membership
from members.services import membership_create, membership_end, person_link_user, permissions_sync_all
from tests.factories import BodyFactory, PartyFactory, PersonFactory, SecretariatKindFactory, UserFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def staff():
    return UserFactory(username="saksbehandler")


@pytest.fixture
def person_with_login():
    user = UserFactory(username="kari")
    return PersonFactory(user=user)


def appoint(body, person, by, role=Membership.Role.MEMBER, **kwargs):
    kwargs.setdefault("side", Side.NONE if role == Membership.Role.OBSERVER else Side.MUNICIPAL)
    kwargs.setdefault("term_start", today() - timedelta(days=10))
    return membership_create(body=body, person=person, role=role, by=by, **kwargs)


def test_appointing_a_member_lets_them_see_the_body_and_ending_takes_it_away(person_with_login, staff):
    body, other = BodyFactory(), BodyFactory()
    user = person_with_login.user
    assert not can_view_internal(user, body)

    membership = appoint(body, person_with_login, staff)
    assert can_view_internal(user, body)
    assert not can_view_internal(user, other)
    assert list(bodies_for_member(user)) == [body]

    membership_end(membership=membership, on=today() - timedelta(days=1), by=staff)
    user.refresh_from_db()
    assert not can_view_internal(user, body)
    assert list(bodies_for_member(user)) == []


def test_service_records_who_and_why_in_the_history(person_with_login, staff):
    membership = appoint(BodyFactory(), person_with_login, staff, role=Membership.Role.DEPUTY)
    record = membership.history.latest()
    assert record.history_user == staff
    assert "Vara" in record.history_change_reason
    membership_end(membership=membership, on=today(), by=staff)
    record = membership.history.latest()
    assert record.history_user == staff and record.term_end == today()
    assert record.history_change_reason == "Funksjonsperioden avsluttet"


def test_observer_and_deputy_read_the_body_but_do_not_manage_it(staff):
    body = BodyFactory()
    for role in (Membership.Role.OBSERVER, Membership.Role.DEPUTY, Membership.Role.SECRETARY):
        person = PersonFactory(user=UserFactory())
        appoint(body, person, staff, role=role)
        assert can_view_internal(person.user, body), role
        assert not is_secretariat(person.user, body.partnership), role
        assert not person.user.has_perm("bodies.manage_cases", body), role


def test_observer_defaults_to_no_vote(person_with_login, staff):
    membership = appoint(BodyFactory(), person_with_login, staff, role=Membership.Role.OBSERVER)
    assert (membership.can_vote, membership.can_speak, membership.can_propose) == (False, True, False)


def test_secretariat_membership_gives_work_on_the_whole_partnership_only(person_with_login, staff):
    secretariat = BodyFactory(kind=SecretariatKindFactory())
    su = BodyFactory(partnership=secretariat.partnership)
    elsewhere = BodyFactory()
    user = person_with_login.user
    membership = appoint(secretariat, person_with_login, staff)
    assert is_secretariat(user, secretariat.partnership)
    assert list(partnerships_for_secretariat(user)) == [secretariat.partnership]
    assert user.has_perm("bodies.manage_cases", su)
    assert can_view_internal(user, su)
    assert not is_secretariat(user, elsewhere.partnership)
    assert not can_view_internal(user, elsewhere)

    membership_end(membership=membership, on=today() - timedelta(days=1), by=staff)
    assert not is_secretariat(user, secretariat.partnership)
    assert not user.has_perm("bodies.manage_cases", su)


def test_ending_one_seat_keeps_rights_another_current_seat_gives(person_with_login, staff):
    body = BodyFactory()
    member = appoint(body, person_with_login, staff)
    appoint(body, person_with_login, staff, role=Membership.Role.CHAIR)
    assert Membership.objects.current().filter(person=person_with_login, body=body, role=Membership.Role.CHAIR).exists()
    membership_end(membership=member, on=today() - timedelta(days=1), by=staff)
    assert can_view_internal(person_with_login.user, body)


def test_future_term_grants_nothing_until_it_starts_then_the_daily_sync_grants(person_with_login, staff, time_machine):
    body = BodyFactory()
    start = today() + timedelta(days=5)
    appoint(body, person_with_login, staff, term_start=start)
    assert not can_view_internal(person_with_login.user, body)
    time_machine.move_to(start + timedelta(hours=12))
    call_command("sync_permissions", stdout=open("/dev/null", "w"))
    person_with_login.user.refresh_from_db()
    assert can_view_internal(person_with_login.user, body)


def test_daily_sync_revokes_when_the_term_runs_out(person_with_login, staff, time_machine):
    body = BodyFactory()
    appoint(body, person_with_login, staff, term_end=today() + timedelta(days=2))
    assert can_view_internal(person_with_login.user, body)
    time_machine.move_to(today() + timedelta(days=3, hours=12))
    result = permissions_sync_all()
    assert result["revoked"] == 1
    person_with_login.user.refresh_from_db()
    assert not can_view_internal(person_with_login.user, body)


def test_sync_removes_a_hand_made_grant(staff):
    from guardian.shortcuts import assign_perm

    body = BodyFactory()
    user = UserFactory()
    assign_perm("bodies.view_internal", user, body)
    permissions_sync_all()
    user.refresh_from_db()
    assert not can_view_internal(user, body)


def test_linking_and_unlinking_a_login_moves_the_rights(staff):
    body = BodyFactory()
    person = PersonFactory()
    appoint(body, person, staff)
    first, second = UserFactory(), UserFactory()
    person_link_user(person=person, user=first, by=staff)
    assert can_view_internal(first, body)
    person_link_user(person=person, user=second, by=staff)
    first.refresh_from_db()
    assert not can_view_internal(first, body)
    assert can_view_internal(second, body)


def test_bad_input_is_refused_with_a_message_and_nothing_saved(person_with_login, staff):
    body = BodyFactory()
    with pytest.raises(ValidationError) as exc:
        appoint(body, person_with_login, staff, term_end=today() - timedelta(days=30))
    assert "term_end" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        appoint(body, person_with_login, staff, represented_parties=[PartyFactory()])
    assert "represented_parties" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        appoint(body, person_with_login, staff, role=Membership.Role.OBSERVER, side=Side.MUNICIPAL)
    assert "side" in exc.value.message_dict
    assert not Membership.objects.exists()
    assert not can_view_internal(person_with_login.user, body)


def test_the_same_seat_twice_in_one_period_is_refused(person_with_login, staff):
    body = BodyFactory()
    appoint(body, person_with_login, staff)
    with pytest.raises(ValidationError) as exc:
        appoint(body, person_with_login, staff, term_start=today())
    assert "overlapper denne" in exc.value.message_dict["term_start"][0]
    assert Membership.objects.filter(body=body).count() == 1


def test_ending_before_start_or_after_an_earlier_end_is_refused(person_with_login, staff):
    membership = appoint(BodyFactory(), person_with_login, staff, term_end=today() + timedelta(days=3))
    with pytest.raises(ValidationError):
        membership_end(membership=membership, on=membership.term_start - timedelta(days=1), by=staff)
    with pytest.raises(ValidationError):
        membership_end(membership=membership, on=today() + timedelta(days=30), by=staff)
    membership.refresh_from_db()
    assert membership.term_end == today() + timedelta(days=3)
