"""Public decisions with their reservations and protocol notes, and what happened after the decision (the
parties' answers so far, the follow-up), as the accountability pages of Decidim show them. The demo's 2020–2021
minutes are approved, so its story is public."""
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from bodies.models import Body
from cases.models import Case
from demo.story import PORSANGER_AMENDMENT, TANA_RESERVATION
from meetings import services
from meetings.models import Meeting
from tests.factories import UserFactory
from tests.meetings.story import RESERVATION, build_story

pytestmark = pytest.mark.django_db


def page(address):
    response = Client().get(address)
    assert response.status_code == 200, address
    return unescape(response.content.decode())


def test_the_demo_story_meetings_of_2020_and_2021_have_approved_minutes(demo):
    su = Body.objects.get(partnership=demo["finnmark"], kind__slug="strategisk-samarbeidsutvalg")
    story = Meeting.objects.filter(body=su, starts_at__year__in=[2020, 2021])
    assert story.count() == 3
    assert all(m.minutes_are_public for m in story)
    assert {a.channel for m in story for a in m.minutes.approvals.all()} == {"paper"}


def test_case_28_2020_shows_its_decision_and_the_parties_answers_with_tanas_reservation(demo):
    case = Case.objects.get(partnership=demo["finnmark"], year=2020, number=28)
    text = page(reverse("public:case", kwargs={"slug": "finnmark", "case_pk": case.pk}))
    assert "OSO sender vedtaket til kommunene for behandling i kommunestyrene etter konsensusprinsippet." in text
    assert "Etter vedtaket" in text and "Tilslutning til etablering av Helsefellesskap Finnmark" in text
    assert TANA_RESERVATION in text and "PS 5/2021" in text
    assert PORSANGER_AMENDMENT in text
    assert "Styresak 101/2020" in text
    assert "Ikke svart" in text  # four municipalities had not answered


def test_case_3_2020_shows_the_follow_up_done(demo):
    case = Case.objects.get(partnership=demo["finnmark"], year=2020, number=3)
    text = page(reverse("public:case", kwargs={"slug": "finnmark", "case_pk": case.pk}))
    assert "Oppfølging" in text
    assert "fullført 9. mars 2020: Arbeidsgruppen er oppnevnt" in text


def test_the_front_page_reaches_the_decision_on_28_2020_in_two_clicks(demo):
    case = Case.objects.get(partnership=demo["finnmark"], year=2020, number=28)
    partnership_url = reverse("public:partnership", kwargs={"slug": "finnmark"})
    assert partnership_url in page("/")
    assert reverse("public:case", kwargs={"slug": "finnmark", "case_pk": case.pk}) in page(partnership_url)


def test_reservations_and_protocol_notes_are_public_with_the_decision_once_the_minutes_are_approved(demo):
    staff = UserFactory(username="sekretariat-reservasjon")
    story = build_story(demo["finnmark"], staff)
    case_url = reverse("public:case", kwargs={"slug": "finnmark", "case_pk": story.case.pk})
    meeting_url = reverse("public:meeting", kwargs={"slug": "finnmark", "meeting_pk": story.meeting.pk})
    assert RESERVATION not in page(case_url)
    services.minutes_approve(meeting=story.meeting, by=staff, approvers=[story.chair.person, story.other_side_member.person])
    for address in (case_url, meeting_url, reverse("public:partnership", kwargs={"slug": "finnmark"})):
        text = page(address)
        assert f"{story.other_side_member.person} (enig med forbehold): {RESERVATION}" in text, address
        assert f"{story.observer.person}: Brukerrepresentanten ber om at brukerne involveres" in text, address


def test_the_public_case_page_asks_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    case = Case.objects.get(partnership=demo["finnmark"], year=2020, number=28)
    with django_assert_max_num_queries(14):
        Client().get(reverse("public:case", kwargs={"slug": "finnmark", "case_pk": case.pk}))
