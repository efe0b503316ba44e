"""Queries the measurements pointed to: the agenda's case picker, member tasks without DISTINCT, object permissions read once."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm, remove_perm

from bodies.models import Side
from bodies.permissions import can_view_internal, is_secretariat
from cases import services as case_services
from cases.models import Case
from tests.factories import (
    BodyFactory, FollowUpTaskFactory, MeetingFactory, MembershipFactory, PersonFactory, UserFactory,
)


def _picker_titles(staff_client, meeting):
    response = staff_client.get(reverse("meetings:meeting_agenda", kwargs={"meeting_pk": meeting.pk}))
    return {str(case.pk) for case in response.context["case_form"].fields["case"].queryset}


def test_agenda_picker_offers_the_bodys_cases_and_those_it_discusses_first(staff_client, partnership, su, secretariat_body, staff):
    other_body = BodyFactory(partnership=partnership, name="Fastlegerådet")
    for_su = case_services.case_register(case=Case.objects.create(partnership=partnership, title="Til SU"), body=su, by=staff)
    for_other = case_services.case_register(case=Case.objects.create(partnership=partnership, title="Til fastlegerådet"),
                                            body=other_body, by=staff)
    # SU's own meeting: its cases only.
    assert _picker_titles(staff_client, MeetingFactory(body=su)) == {str(for_su.pk)}
    # The secretariat discusses SU's cases before SU decides (two-step rule): they are offered there too.
    assert _picker_titles(staff_client, MeetingFactory(body=secretariat_body)) == {str(for_su.pk)}
    assert _picker_titles(staff_client, MeetingFactory(body=other_body)) == {str(for_other.pk)}


def test_member_sees_a_task_once_when_both_they_and_their_party_are_responsible(client, su, parties):
    user = UserFactory()
    person = PersonFactory(user=user)
    MembershipFactory(person=person, body=su, side=Side.MUNICIPAL, represented_parties=[parties["a"], parties["b"]])
    task = FollowUpTaskFactory(case__partnership=su.partnership, case__body=su, responsible_person=person,
                               responsible_party=parties["a"], title="Felles oppfølging")
    client.force_login(user)
    html = client.get(reverse("member:tasks")).content.decode()
    assert html.count("Felles oppfølging") == 1
    home = client.get(reverse("member:home"))
    assert [t.pk for t in home.context["tasks"]] == [task.pk]


def test_object_permissions_are_read_once_per_user_object_and_follow_changes(partnership, su):
    user = UserFactory()
    assign_perm("bodies.view_internal", user, su)
    with CaptureQueriesContext(connection) as first:
        assert can_view_internal(user, su)
        assert not is_secretariat(user, partnership)
    with CaptureQueriesContext(connection) as again:
        for _ in range(5):
            assert can_view_internal(user, su)
            assert not is_secretariat(user, partnership)
    assert len(first.captured_queries) > 0
    assert len(again.captured_queries) == 0
    # A change of the user's object permissions is seen at once, by the same user object.
    remove_perm("bodies.view_internal", user, su)
    assert not can_view_internal(user, su)
    assign_perm("bodies.manage_partnership", user, partnership)
    assert is_secretariat(user, partnership) and can_view_internal(user, su)
