"""``bodies.manage_cases`` on a body opens that body's meeting pages, and no other body's."""
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from meetings.models import Meeting
from tests.factories import BodyFactory, UserFactory


def _meeting(body):
    return Meeting.objects.create(body=body, starts_at=timezone.now() + timedelta(days=10), place="Vadsø")


def test_manage_cases_on_a_body_opens_its_meetings_only(client, db):
    body = BodyFactory()
    other = BodyFactory(partnership=body.partnership)
    user = UserFactory()
    assign_perm("bodies.manage_cases", user, body)
    client.force_login(user)
    assert client.get(reverse("meetings:meeting_detail", kwargs={"meeting_pk": _meeting(body).pk})).status_code == 200
    assert client.get(reverse("meetings:meeting_detail", kwargs={"meeting_pk": _meeting(other).pk})).status_code == 403


def test_without_the_right_the_meeting_page_is_refused(client, db):
    body = BodyFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("meetings:meeting_detail", kwargs={"meeting_pk": _meeting(body).pk})).status_code == 403
