"""The annual calendar (årshjul): each body's planned and held meetings against its minimum, the dialogue meeting
before the partnership meeting, and a year of meetings planned from one form."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import BodyFactory, BodyKindFactory

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def top_level(partnership):
    kind = BodyKindFactory(default_level=1)
    meeting_body = BodyFactory(partnership=partnership, kind=kind, level=1, name="Partnerskapsmøtet", min_meetings_per_year=1)
    dialogue = BodyFactory(partnership=partnership, kind=kind, level=1, name="Dialogmøtet", min_meetings_per_year=1, can_decide=False)
    return meeting_body, dialogue


def test_the_calendar_shows_meetings_against_the_minimum_and_the_dialogue_rule(staff_client, su, top_level,
                                                                              django_assert_max_num_queries):
    partnership_meeting, dialogue = top_level
    held = Meeting.objects.create(body=su, starts_at=datetime(2027, 3, 1, 10, tzinfo=OSLO))
    held.status = Meeting.Status.HELD
    held.save()
    Meeting.objects.create(body=su, starts_at=datetime(2027, 6, 1, 10, tzinfo=OSLO))
    Meeting.objects.create(body=partnership_meeting, starts_at=datetime(2027, 10, 20, 10, tzinfo=OSLO))
    url = reverse("meetings:year_plan", kwargs={"slug": "testmark", "year": 2027})
    with django_assert_max_num_queries(20):
        page = staff_client.get(url).content.decode()
    assert "Årshjul 2027" in page
    su_row = page.split(f">{su}</a>")[1].split("</tr>")[0]
    assert "2 for få" in su_row  # 2 of at least 4
    assert [cell.split(">")[-1] for cell in su_row.split("</td>")[:3]] == ["4", "2", "1"]  # minimum, planned, held
    assert "Dialogmøtet bør legges rett før partnerskapsmøtet 20.10.2027." in page

    Meeting.objects.create(body=dialogue, starts_at=datetime(2027, 10, 19, 10, tzinfo=OSLO))
    assert "Dialogmøtet bør legges rett før" not in staff_client.get(url).content.decode()


def test_a_year_of_meetings_is_planned_from_one_form(staff_client, su, secretariat_body):
    url = reverse("meetings:year_plan", kwargs={"slug": "testmark", "year": 2027})
    page = staff_client.get(url).content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    refused = staff_client.post(url, {"form_token": token, f"dates_{su.pk}": "15.03.2027\n31.02.2027",
                                      f"dates_{secretariat_body.pk}": "01.03.2028"})
    assert "Forstår ikke: 31.02.2027" in refused.content.decode()
    refused = staff_client.post(url, {"form_token": token, f"dates_{secretariat_body.pk}": "01.03.2028"})
    assert "01.03.2028 er ikke i 2027." in refused.content.decode()
    assert not Meeting.objects.exists()

    response = staff_client.post(url, {"form_token": token, "place": "Teams", f"dates_{su.pk}": "15.03.2027\n14.06.2027 12:00",
                                       f"dates_{secretariat_body.pk}": "2027-03-01"})
    assert response.status_code == 302 and response["Location"] == f"{url}#arshjul"
    starts = sorted((m.body_id, m.starts_at.astimezone(OSLO).strftime("%d.%m.%Y %H:%M"), m.place) for m in Meeting.objects.all())
    assert starts == sorted([(su.pk, "15.03.2027 10:00", "Teams"), (su.pk, "14.06.2027 12:00", "Teams"),
                             (secretariat_body.pk, "01.03.2027 10:00", "Teams")])
    # The same form posted again is not planned twice.
    staff_client.post(url, {"form_token": token, f"dates_{su.pk}": "15.03.2027"})
    assert Meeting.objects.count() == 3


def test_the_calendar_belongs_to_the_partnerships_secretariat(client, other_staff, su):
    client.force_login(other_staff)
    assert client.get(reverse("meetings:year_plan", kwargs={"slug": "testmark", "year": 2027})).status_code == 403
    assert client.get(reverse("meetings:year_plan", kwargs={"slug": "annet", "year": 1})).status_code == 404
