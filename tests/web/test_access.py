"""Every secretariat page: anonymous users go to the login page; others get 403 or 404, never content."""
import pytest
from django.urls import reverse

from meetings import services as meeting_services
from tests.factories import MeetingFactory


@pytest.fixture
def urls(partnership, su, su_members, registered_case, staff):
    meeting = MeetingFactory(body=su)
    item = meeting_services.agenda_add_standing(meeting=meeting, kind="approve_notice", by=staff)
    chair, _member = su_members
    return [
        reverse("dashboard", kwargs={"slug": partnership.slug}),
        reverse("cases:case_list", kwargs={"slug": partnership.slug}),
        reverse("cases:case_report", kwargs={"slug": partnership.slug}),
        reverse("cases:case_detail", kwargs={"case_pk": registered_case.pk}),
        reverse("cases:case_edit", kwargs={"case_pk": registered_case.pk}),
        reverse("meetings:case_add_to_agenda", kwargs={"case_pk": registered_case.pk}),
        reverse("meetings:meeting_list", kwargs={"slug": partnership.slug}),
        reverse("meetings:meeting_plan", kwargs={"slug": partnership.slug}),
        reverse("meetings:meeting_detail", kwargs={"meeting_pk": meeting.pk}),
        reverse("meetings:meeting_agenda", kwargs={"meeting_pk": meeting.pk}),
        reverse("meetings:meeting_attendance", kwargs={"meeting_pk": meeting.pk}),
        reverse("meetings:item_run", kwargs={"item_pk": item.pk}),
        reverse("meetings:minutes_edit", kwargs={"meeting_pk": meeting.pk}),
        reverse("bodies:body_list", kwargs={"slug": partnership.slug}),
        reverse("bodies:body_detail", kwargs={"body_pk": su.pk}),
        reverse("bodies:membership_create", kwargs={"body_pk": su.pk}),
        reverse("bodies:membership_end", kwargs={"membership_pk": chair.pk}),
        reverse("members:person_list", kwargs={"slug": partnership.slug}),
    ]


def test_it_sends_anonymous_users_to_login(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_it_refuses_users_outside_the_secretariat(client, outsider, urls):
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_it_refuses_another_partnerships_secretariat(client, other_staff, urls):
    client.force_login(other_staff)
    for url in urls:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "Felles pasientforløp" not in response.content.decode(), url


def test_it_shows_every_page_to_the_secretariat(staff_client, urls):
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert b'lang="nb"' in response.content and b'href="#main"' in response.content


def test_posts_are_refused_for_outsiders_too(client, outsider, registered_case, su):
    client.force_login(outsider)
    response = client.post(reverse("cases:case_register", kwargs={"case_pk": registered_case.pk}), {"body": su.pk})
    assert response.status_code == 403
