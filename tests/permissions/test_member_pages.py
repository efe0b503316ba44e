"""Members' own pages: my bodies, my meetings, my tasks, my apologies and my calendar."""
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bodies.models import Side
from cases.models import Case, FollowUpTask
from meetings.models import Attendance, Meeting
from members.models import Membership
from members.services import calendar_feed_for, membership_create, membership_end
from tests.factories import BodyFactory, PersonFactory, UserFactory
from tests.public.conftest import make_case, put_on_agenda, set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="sekretariatet")


@pytest.fixture
def body():
    return BodyFactory(name="Strategisk samarbeidsutvalg")


@pytest.fixture
def seat(body, staff):
    person = PersonFactory(user=UserFactory(username="medlemmet"), first_name="Marit", last_name="Eira")
    return membership_create(body=body, person=person, role=Membership.Role.MEMBER, side=Side.MUNICIPAL,
                             term_start=date(2020, 1, 1), by=staff)


@pytest.fixture
def member(seat, client):
    client.force_login(seat.person.user)
    return seat.person.user


def meeting(body, days, status=Meeting.Status.PLANNED, **fields):
    m = Meeting.objects.create(body=body, starts_at=timezone.now() + timedelta(days=days), **fields)
    return set_status(m, status) if status != Meeting.Status.PLANNED else m


@pytest.mark.parametrize("name", ["home", "bodies", "meetings", "tasks", "calendar"])
def test_anonymous_goes_to_login(client, name):
    response = client.get(reverse(f"member:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_my_bodies_show_role_and_deputy(client, member, body):
    text = client.get(reverse("member:bodies")).content.decode()
    assert body.name in text and "Medlem" in text


def test_my_meetings_next_first_and_not_other_bodies(client, member, body):
    later = meeting(body, 30, place="Vadsø")
    sooner = meeting(body, 3, place="Alta")
    elsewhere = meeting(BodyFactory(name="Et helt annet utvalg"), 2)
    text = client.get(reverse("member:meetings")).content.decode()
    sooner_url = reverse("member:meeting_detail", kwargs={"meeting_pk": sooner.pk})
    later_url = reverse("member:meeting_detail", kwargs={"meeting_pk": later.pk})
    assert text.index(sooner_url) < text.index(later_url)
    assert reverse("member:meeting_detail", kwargs={"meeting_pk": elsewhere.pk}) not in text
    home = client.get(reverse("member:home")).content.decode()
    assert home.index(sooner_url) < home.index(later_url)


def test_agenda_and_documents_only_once_the_notice_is_sent(client, member, body):
    planned = meeting(body, 10)
    put_on_agenda(make_case(body, 1, "Planlagt sak"), planned, 1)
    noticed = meeting(body, 5, Meeting.Status.NOTICE_SENT)
    put_on_agenda(make_case(body, 2, "Innkalt sak"), noticed, 1)
    assert "Planlagt sak" not in client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": planned.pk})).content.decode()
    assert "Innkalt sak" in client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": noticed.pk})).content.decode()


def test_another_bodys_meeting_is_not_found(client, member):
    other = meeting(BodyFactory(), 5, Meeting.Status.NOTICE_SENT)
    assert client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": other.pk})).status_code == 404
    assert client.post(reverse("member:apology", kwargs={"meeting_pk": other.pk})).status_code == 404


def test_record_my_apologies_calls_my_personal_deputy(client, member, seat, body, staff):
    deputy_person = PersonFactory(user=UserFactory())
    deputy = membership_create(body=body, person=deputy_person, role=Membership.Role.DEPUTY, side=Side.MUNICIPAL,
                               term_start=date(2020, 1, 1), by=staff)
    seat.personal_deputy = deputy
    seat.save()
    upcoming = meeting(body, 7)
    response = client.post(reverse("member:apology", kwargs={"meeting_pk": upcoming.pk}), {"note": "Sykdom"})
    assert response.status_code == 302
    mine = Attendance.objects.get(meeting=upcoming, membership=seat)
    assert mine.status == Attendance.Status.APOLOGIES and mine.apology_note == "Sykdom"
    assert Attendance.objects.get(meeting=upcoming, membership=deputy).substitute_for == seat
    assert mine.history.latest().history_user == member


def test_apologies_for_a_held_meeting_are_refused_with_a_message(client, member, body):
    held = meeting(body, -7, Meeting.Status.HELD)
    response = client.post(reverse("member:apology", kwargs={"meeting_pk": held.pk}), follow=True)
    assert response.status_code == 200
    assert not Attendance.objects.filter(meeting=held).exists()
    assert list(response.context["messages"])


def test_apologies_need_post(client, member, body):
    assert client.get(reverse("member:apology", kwargs={"meeting_pk": meeting(body, 7).pk})).status_code == 405


def test_my_follow_up_tasks(client, member, seat, body):
    case = Case.objects.create(partnership=body.partnership, body=body, title="Sak med oppgave")
    FollowUpTask.objects.create(case=case, title="Oppnevne to representanter", responsible_person=seat.person,
                                deadline=timezone.localdate() + timedelta(days=14))
    FollowUpTask.objects.create(case=case, title="Noen andres oppgave", deadline=timezone.localdate())
    text = client.get(reverse("member:tasks")).content.decode()
    assert "Oppnevne to representanter" in text and "Noen andres oppgave" not in text
    assert "Oppnevne to representanter" in client.get(reverse("member:home")).content.decode()


def test_calendar_feed_by_secret_token_and_a_new_token_stops_the_old(client, member, body):
    upcoming = meeting(body, 7, place="Kirkenes")
    feed = calendar_feed_for(user=member)
    client.logout()
    url = reverse("member:calendar_feed", kwargs={"token": feed.token})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert f"UID:meeting-{upcoming.pk}@" in response.content.decode() and "Kirkenes" in response.content.decode()
    assert client.get(reverse("member:calendar_feed", kwargs={"token": "gjettet"})).status_code == 404
    client.force_login(member)
    assert feed.token in client.get(reverse("member:calendar")).content.decode()
    client.post(reverse("member:calendar_reset"))
    assert client.get(url).status_code == 404


def test_ending_the_term_removes_the_body_from_my_pages(client, member, seat, body, staff):
    upcoming = meeting(body, 7, Meeting.Status.NOTICE_SENT)
    assert client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": upcoming.pk})).status_code == 200
    membership_end(membership=seat, on=timezone.localdate() - timedelta(days=1), by=staff)
    assert body.name not in client.get(reverse("member:bodies")).content.decode()
    assert client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": upcoming.pk})).status_code == 404


@pytest.mark.parametrize("name", ["home", "meetings", "meeting_detail"])
def test_query_count_does_not_grow(client, member, body, django_assert_max_num_queries, name):
    first = meeting(body, 5, Meeting.Status.NOTICE_SENT)
    for n in range(1, 8):
        meeting(body, 10 + n)
        put_on_agenda(make_case(body, n, f"Sak {n}"), first, n)
    kwargs = {"meeting_pk": first.pk} if name == "meeting_detail" else {}
    with django_assert_max_num_queries(20):
        assert client.get(reverse(f"member:{name}", kwargs=kwargs)).status_code == 200


def test_meeting_page_query_count_with_exempt_documents(client, member, body, django_assert_max_num_queries):
    from cases.models import CaseDocument

    first = meeting(body, 5, Meeting.Status.NOTICE_SENT)
    for n in range(1, 8):
        case = make_case(body, n, f"Sak {n}")
        put_on_agenda(case, first, n)
        CaseDocument.objects.create(case=case, title=f"Unntatt {n}", exempt=True, legal_basis="offentleglova § 13", file="x.txt")
    with django_assert_max_num_queries(20):
        text = client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": first.pk})).content.decode()
    assert text.count("/mine/dokumenter/") == 7
