from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetings.services import meeting_plan, meeting_year_plan
from tests.factories import BodyFactory, PartnershipFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def at(month, day, hour=10):
    return datetime(2027, month, day, hour, tzinfo=OSLO)


@pytest.fixture
def partnership(db):
    return PartnershipFactory()


def test_a_body_short_of_its_minimum_is_warned(partnership, staff):
    su = BodyFactory(partnership=partnership, short_name="SU", min_meetings_per_year=4)
    for month in (3, 6, 9):
        meeting_plan(body=su, starts_at=at(month, 1), by=staff)
    meeting_plan(body=su, starts_at=datetime(2028, 1, 10, 10, tzinfo=OSLO), by=staff)  # next year does not count
    (row,) = meeting_year_plan(partnership=partnership, year=2027)
    assert (row.count, row.minimum, row.short_by) == (3, 4, 1)
    assert row.warnings == ["SU har 3 møter i 2027, men skal ha minst 4."]


def test_the_dialogue_meeting_must_come_just_before_the_partnership_meeting(partnership, staff):
    pm = BodyFactory(partnership=partnership, short_name="Partnerskapsmøtet", level=1, min_meetings_per_year=1)
    dm = BodyFactory(partnership=partnership, short_name="Dialogmøtet", level=1, can_decide=False, min_meetings_per_year=1)
    meeting_plan(body=dm, starts_at=at(10, 21), by=staff)  # after the partnership meeting: wrong order
    meeting_plan(body=pm, starts_at=at(10, 20), by=staff)
    rows = {row.body: row for row in meeting_year_plan(partnership=partnership, year=2027)}
    assert rows[pm].warnings == ["Dialogmøtet bør legges rett før partnerskapsmøtet 20.10.2027."]

    meeting_plan(body=dm, starts_at=at(10, 19), by=staff)
    rows = {row.body: row for row in meeting_year_plan(partnership=partnership, year=2027)}
    assert rows[pm].warnings == [] and rows[dm].count == 2


def test_a_body_not_active_in_the_year_is_left_out(partnership, staff):
    BodyFactory(partnership=partnership, active_until=at(1, 1).date() - timedelta(days=1))
    assert meeting_year_plan(partnership=partnership, year=2027) == []
