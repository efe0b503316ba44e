"""Shapes other partnerships have, on the secretariat's pages: an anchoring round to chosen parties with its own
threshold, consensus checked per party, and a guest at one agenda item named in the minutes under that item only."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bodies.models import Party, Side
from cases.models import Handling
from meetings import guests
from meetings import services as meeting_services
from meetings.pdf import minutes_context
from tests.factories import MeetingFactory, MembershipFactory, PartyFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussed_case(registered_case, secretariat_body, staff):
    meeting = MeetingFactory(body=secretariat_body, starts_at=timezone.now() - timedelta(days=3))
    item = meeting_services.agenda_add_case(meeting=meeting, case=registered_case, purpose="discussion", by=staff)
    meeting_services.item_record_discussion(handling=item.handling, by=staff, note="Drøftet.")
    return registered_case


@pytest.fixture
def hospital(partnership):
    return PartyFactory(partnership=partnership, name="Diakonsykehuset", kind=Party.Kind.HOSPITAL, side=Side.SPECIALIST)


@pytest.fixture
def decision_meeting(su, su_members, discussed_case, staff):
    chair, member = su_members
    meeting = MeetingFactory(body=su, starts_at=timezone.now() - timedelta(hours=1), chair=chair)
    item = meeting_services.agenda_add_case(meeting=meeting, case=discussed_case, purpose="decision", by=staff)
    meeting_services.notice_send(meeting=meeting, by=staff)
    for m in (chair, member):
        meeting_services.attendance_record(meeting=meeting, membership=m, status="present", by=staff)
    return meeting, item


def test_an_anchoring_round_to_chosen_parties_with_a_population_share_threshold(staff_client, discussed_case, decision_meeting,
                                                                                staff, parties, hospital):
    _meeting, item = decision_meeting
    meeting_services.item_decide(handling=item.handling, points=["Vedtatt"], by=staff)
    Party.objects.filter(pk=parties["a"].pk).update(population=1000)
    Party.objects.filter(pk=parties["b"].pk).update(population=9000)

    url = reverse("cases:anchoring_round_start", kwargs={"case_pk": discussed_case.pk})
    form_page = staff_client.get(url)
    assert "Diakonsykehuset" in form_page.content.decode()
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    refused = staff_client.post(url, {"form_token": form_page.context["form_token"], "deadline": deadline,
                                      "parties": [parties["a"].pk], "threshold": "population_share", "threshold_value": "1,5"})
    assert "En andel oppgis som et desimaltall mellom 0 og 1" in refused.content.decode()
    response = staff_client.post(url, {
        "form_token": staff_client.get(url).context["form_token"], "deadline": deadline,
        "parties": [parties["hf"].pk, hospital.pk, parties["a"].pk, parties["b"].pk],
        "threshold": "population_share", "threshold_value": "0,5"})
    anchoring_round = discussed_case.anchoring_rounds.get()
    assert response["Location"] == reverse("cases:round_detail", kwargs={"round_pk": anchoring_round.pk})
    assert sorted(anchoring_round.answers.values_list("party__name", flat=True)) == [
        "Alfa kommune", "Beta kommune", "Diakonsykehuset", "Testmarksykehuset HF"]

    def record(party):
        answer = anchoring_round.answers.get(party=party)
        staff_client.post(reverse("cases:answer_record", kwargs={"answer_pk": answer.pk}), {"response": "joined"})

    round_url = reverse("cases:round_detail", kwargs={"round_pk": anchoring_round.pk})
    record(parties["a"])
    record(hospital)
    page = staff_client.get(round_url).content.decode()
    assert "1000 av 10000 innbyggere" in page and "Terskelen er ikke nådd" in page
    record(parties["b"])
    page = staff_client.get(round_url).content.decode()
    assert "10000 av 10000 innbyggere" in page and "Terskelen er nådd" in page
    hospital_row = page[page.index("<dt>Diakonsykehuset</dt>"):].split("</dd>")[0]
    assert "Tilsluttet" in hospital_row and "Ikke tilsluttet" not in hospital_row


def test_consensus_per_party_needs_the_private_hospital_present(su, su_members, decision_meeting, hospital, staff):
    meeting, item = decision_meeting
    su.consensus_per_party = True
    su.save()
    absent = MembershipFactory(body=su, role="member", side=Side.SPECIALIST, represented_parties=[hospital])
    handling = Handling.objects.get(pk=item.handling_id)
    result = meeting_services.item_consensus(handling)
    assert "Ingen med stemmerett for parten «Diakonsykehuset» er til stede." in result.reasons
    meeting_services.attendance_record(meeting=meeting, membership=absent, status="present", by=staff)
    result = meeting_services.item_consensus(handling)
    assert not any("Diakonsykehuset" in reason for reason in result.reasons)


def test_a_guest_at_one_item_is_named_in_the_minutes_under_that_item_only(su, su_members, decision_meeting, staff, discussed_case):
    meeting, item = decision_meeting
    meeting_services.agenda_add_standing(meeting=meeting, kind="other", title="Orientering fra KSU", by=staff,
                                         reason="KSU ba om å orientere.")
    guest = guests.item_guest_add(item=item, name="Ola Ekspert", capacity="leder av KSU eldre", by=staff)
    assert guest.rights().vote is False and guest.rights().speak is True
    with pytest.raises(ValidationError) as exc:
        guests.item_guest_add(item=item, name="ola ekspert", by=staff)
    assert "allerede ført som gjest" in str(exc.value)
    chair, _member = su_members
    with pytest.raises(ValidationError) as exc:
        guests.item_guest_add(item=item, person=chair.person, by=staff)
    assert "føres i oppmøtet, ikke som gjest" in str(exc.value)

    html = render_to_string("meetings/pdf/minutes.html", minutes_context(meeting))
    sections = html.split('<section class="item">')[1:]
    with_guest = [s for s in sections if "Ola Ekspert" in s]
    assert len(with_guest) == 1 and discussed_case.title in with_guest[0]
    assert "Møtte i saken:</span> Ola Ekspert (leder av KSU eldre) med talerett" in with_guest[0]
    assert len(sections) == 2
    present = html.split("<h2>Til stede</h2>")[1].split("<h2>")[0]
    assert "Ola Ekspert" not in present


def test_the_guest_page_records_a_guest_for_the_item(staff_client, other_staff, client, decision_meeting):
    _meeting, item = decision_meeting
    url = reverse("meetings:item_guests", kwargs={"item_pk": item.pk})
    assert reverse("meetings:item_guests", kwargs={"item_pk": item.pk}) in staff_client.get(
        reverse("meetings:item_run", kwargs={"item_pk": item.pk})).content.decode()
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"name": "Ola Ekspert", "capacity": "fagekspert"})
    assert response.status_code == 302
    assert [str(g) for g in item.guests.all()] == ["Ola Ekspert (fagekspert)"]
    again = staff_client.post(url, {"name": "Ola Ekspert"})
    assert "allerede ført som gjest" in again.content.decode()
    client.force_login(other_staff)
    assert client.post(url, {"name": "Smuglet inn"}).status_code in (403, 404)
    assert item.guests.count() == 1
