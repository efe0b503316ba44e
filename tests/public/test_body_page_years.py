"""A public body page shows its past meetings one year at a time, the newest year first, with a link to each year
that has meetings; a year in the address that has none (or is not a year) shows the newest."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import BodyFactory, PartnershipFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def body():
    body = BodyFactory(partnership=PartnershipFactory(slug="arsvis", name="Helsefellesskap Årsvis"), name="SU Årsvis")
    for year, month, place in ((2019, 3, "Alta"), (2019, 9, "Hammerfest"), (2021, 5, "Vadsø"), (2024, 2, "Kirkenes"),
                               (2024, 11, "Tana")):
        Meeting.objects.create(body=body, starts_at=datetime(year, month, 10, 10, tzinfo=OSLO), place=place,
                               status=Meeting.Status.HELD)
    return body


def page(client, body, **query):
    response = client.get(reverse("public:body", kwargs={"slug": body.partnership.slug, "body_pk": body.pk}), query)
    assert response.status_code == 200
    return response.content.decode()


def shown(html):
    """The dates of the past meetings listed (after the heading «Tidligere møter»)."""
    past = html.split('id="tidligere"', 1)[1]
    return [month for month in ("mars 2019", "september 2019", "mai 2021", "februar 2024", "november 2024") if month in past]


def test_the_newest_year_is_shown_with_links_to_the_others(client, body):
    html = page(client, body)
    assert shown(html) == ["februar 2024", "november 2024"]
    assert "Møter i 2024" in html and 'aria-current="page">2024<' in html
    assert 'href="?ar=2021#tidligere"' in html and 'href="?ar=2019#tidligere"' in html
    assert "?ar=2020" not in html  # a year without meetings has no link


def test_another_year_is_chosen_in_the_address(client, body):
    html = page(client, body, ar="2019")
    assert shown(html) == ["mars 2019", "september 2019"]
    assert 'href="?ar=2024#tidligere"' in html


@pytest.mark.parametrize("asked", ["2020", "abc", "0001", "99999999999999999999", "-2024", " 2019"])
def test_a_year_without_meetings_or_no_year_shows_the_newest(client, body, asked):
    assert shown(page(client, body, ar=asked)) == ["februar 2024", "november 2024"]
