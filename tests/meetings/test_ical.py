from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from meetings import ical
from meetings.models import AgendaItem
from meetings.services import agenda_add_standing, meeting_plan, notice_send
from tests.factories import BodyFactory, MembershipFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def unfold(text):
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_lines_are_folded_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "Skrøpelige eldre, rus; psykisk helse – æøå ÆØÅ " * 6
    folded = ical.fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert folded.replace("\r\n ", "") == line


def test_text_values_are_escaped():
    assert ical.escape("Sak 1/2020; budsjett, plan\\notat\nlinje 2") == "Sak 1/2020\\; budsjett\\, plan\\\\notat\\nlinje 2"


def test_a_body_calendar_lists_its_meetings(committee, staff, soon):
    meeting = meeting_plan(body=committee.body, starts_at=soon, by=staff, place="Kirkenes, rådhuset", chair=committee.chair)
    agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    notice_send(meeting=meeting, by=staff)
    MeetingFactory()  # another body's meeting stays out
    lines = unfold(ical.body_calendar(committee.body))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 1
    assert f"UID:meeting-{meeting.pk}@127.0.0.1" in lines
    assert f"DTSTART:{meeting.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in lines
    assert f"DTEND:{(meeting.starts_at + timedelta(hours=2)).astimezone(UTC):%Y%m%dT%H%M%SZ}" in lines
    assert "LOCATION:Kirkenes\\, rådhuset" in lines
    assert "STATUS:CONFIRMED" in lines
    assert "DESCRIPTION:Saksliste:\\n1. Godkjenning av innkalling og saksliste" in lines


def test_a_member_calendar_has_the_meetings_of_their_current_bodies(committee, staff, soon):
    mine = meeting_plan(body=committee.body, starts_at=soon, by=staff)
    other_body = BodyFactory()
    MembershipFactory(person=committee.chair.person, body=other_body)
    also_mine = meeting_plan(body=other_body, starts_at=soon + timedelta(days=3), by=staff)
    ended = BodyFactory()
    MembershipFactory(person=committee.chair.person, body=ended, term_start=soon.date() - timedelta(days=900),
                      term_end=timezone.localdate() - timedelta(days=1))
    meeting_plan(body=ended, starts_at=soon, by=staff)
    lines = unfold(ical.member_calendar(committee.chair.person))
    uids = [line for line in lines if line.startswith("UID:")]
    assert uids == [f"UID:meeting-{mine.pk}@127.0.0.1", f"UID:meeting-{also_mine.pk}@127.0.0.1"]
    assert "STATUS:TENTATIVE" in lines  # planned, notice not yet sent
