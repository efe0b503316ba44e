"""The secretariat's missing steps and fast entry, through the pages: the whole attendance in one form (with a
deputy and someone leaving during an item), all positions of an item in one form, minutes approved at a later
meeting, closing a case, the urgent exception with who approved it, a waiting handling placed on a later meeting,
and every party's anchoring answer in one table."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bodies.models import Side
from cases import services as case_services
from cases.models import AnchoringAnswer, Case, Handling, Position
from meetings import services as meeting_services
from meetings.models import Attendance, Meeting, Minutes
from tests.factories import MeetingFactory, MembershipFactory, PersonFactory


def tag_with(page, marker):
    """The whole start tag of the element whose attributes contain `marker`."""
    before, after = page.split(marker, 1)
    return before[before.rindex("<"):] + marker + after[:after.index(">") + 1]


def _held_in_the_past(meeting):
    meeting.status = Meeting.Status.HELD
    meeting.save()
    return meeting


@pytest.fixture
def deputy(su, su_members):
    chair, member = su_members
    deputy = MembershipFactory(body=su, role="deputy", side=Side.MUNICIPAL, person=PersonFactory(first_name="Vera", last_name="Vara"))
    member.personal_deputy = deputy
    member.save()
    return deputy


@pytest.fixture
def discussed_case(registered_case, secretariat_body, staff):
    meeting = MeetingFactory(body=secretariat_body, starts_at=timezone.now() - timedelta(days=3))
    item = meeting_services.agenda_add_case(meeting=meeting, case=registered_case, purpose="discussion", by=staff)
    meeting_services.item_record_discussion(handling=item.handling, by=staff, note="Drøftet.")
    return registered_case


@pytest.fixture
def decision_meeting(su, su_members, discussed_case, staff):
    chair, _member = su_members
    meeting = MeetingFactory(body=su, starts_at=timezone.now() - timedelta(hours=1), chair=chair)
    item = meeting_services.agenda_add_case(meeting=meeting, case=discussed_case, purpose="decision", by=staff)
    meeting_services.agenda_add_standing(meeting=meeting, kind="any_other_business", by=staff)
    meeting_services.notice_send(meeting=meeting, by=staff)
    return meeting, item


# -- attendance of the whole meeting in one form ---------------------------------------------------------------


def test_attendance_in_one_form_everyone_present_by_default_with_an_apology_and_the_deputy_meeting(
        staff_client, su_members, deputy, decision_meeting):
    chair, member = su_members
    meeting, item = decision_meeting
    url = reverse("meetings:meeting_attendance", kwargs={"meeting_pk": meeting.pk})
    page = staff_client.get(url).content.decode()
    # Everyone called is proposed present; the deputy, not called, is proposed «ikke innkalt».
    assert f'<option value="present" selected>Til stede</option>' in page.split(f'name="status_{chair.pk}"')[1].split("</select>")[0]
    assert '<option value="" selected>Ikke innkalt</option>' in page.split(f'name="status_{deputy.pk}"')[1].split("</select>")[0]

    response = staff_client.post(url, {
        f"status_{chair.pk}": "present", f"status_{member.pk}": "apologies", f"note_{member.pk}": "Sykdom",
        f"status_{deputy.pk}": "present", f"substitute_for_{deputy.pk}": member.pk, f"left_at_item_{chair.pk}": item.pk,
    })
    assert response.status_code == 302 and response["Location"] == f"{url}?lagret=1"
    found = {a.membership_id: a for a in meeting.attendances.all()}
    assert found[chair.pk].status == Attendance.Status.PRESENT and found[chair.pk].left_at_item == item
    assert found[member.pk].status == Attendance.Status.APOLOGIES and found[member.pk].apology_note == "Sykdom"
    assert found[deputy.pk].status == Attendance.Status.PRESENT and found[deputy.pk].substitute_for == member
    assert found[deputy.pk].can_vote  # meeting for a voting member

    # Back on the page after the save, the keyboard focus is on the save button where the user was.
    again = staff_client.get(f"{url}?lagret=1").content.decode()
    assert "autofocus" in tag_with(again, 'id="lagre-oppmote"')
    detail = staff_client.get(reverse("meetings:meeting_detail", kwargs={"meeting_pk": meeting.pk})).content.decode()
    assert f"forlot møtet under «{item}»" in detail
    assert f"{deputy.person} ({deputy.get_role_display().lower()}): Til stede – møter for {member.person}" in detail
    assert f"{member.person} ({member.get_role_display().lower()}): Forfall" in detail


def test_attendance_form_saves_nothing_when_one_row_is_refused(staff_client, su_members, decision_meeting):
    chair, member = su_members
    meeting, item = decision_meeting
    url = reverse("meetings:meeting_attendance", kwargs={"meeting_pk": meeting.pk})
    response = staff_client.post(url, {f"status_{chair.pk}": "present", f"status_{member.pk}": "apologies",
                                       f"left_at_item_{member.pk}": item.pk})
    assert response.status_code == 200
    assert "bare den som er til stede kan forlate møtet" in response.content.decode()
    assert not meeting.attendances.filter(status=Attendance.Status.PRESENT).exists()


def test_attendance_of_another_partnership_is_not_found(client, other_staff, decision_meeting):
    meeting, _item = decision_meeting
    client.force_login(other_staff)
    assert client.get(reverse("meetings:meeting_attendance", kwargs={"meeting_pk": meeting.pk})).status_code in (403, 404)


# -- positions of everyone present in one form -------------------------------------------------------------


def test_positions_of_everyone_present_in_one_form_then_focus_on_the_decision(staff_client, su_members, decision_meeting, staff):
    chair, member = su_members
    meeting, item = decision_meeting
    for m in (chair, member):
        meeting_services.attendance_record(meeting=meeting, membership=m, status="present", by=staff)
    url = reverse("meetings:item_positions", kwargs={"item_pk": item.pk})

    refused = staff_client.post(url, {f"stance_{chair.pk}": "agree", f"stance_{member.pk}": "reservation"})
    assert refused.status_code == 200 and "Skriv forbeholdet." in refused.content.decode()
    assert not Position.objects.filter(handling=item.handling).exists()  # all or nothing

    saved = staff_client.post(url, {f"stance_{chair.pk}": "agree", f"stance_{member.pk}": "reservation",
                                    f"reservation_{member.pk}": "Forutsetter tilslutning i kommunestyrene."})
    run_url = reverse("meetings:item_run", kwargs={"item_pk": item.pk})
    assert saved["Location"] == f"{run_url}?lagret=1"
    stances = dict(Position.objects.filter(handling=item.handling).values_list("membership_id", "stance"))
    assert stances == {chair.pk: "agree", member.pk: "reservation"}
    page = staff_client.get(f"{run_url}?lagret=1").content.decode()
    assert "autofocus" in tag_with(page, 'name="decision-points"')


# -- minutes approved at the next meeting -------------------------------------------------------------------


def test_minutes_approved_at_the_next_meeting_chosen_among_the_later_held_ones(staff_client, su, staff):
    first = _held_in_the_past(MeetingFactory(body=su, starts_at=timezone.now() - timedelta(days=60)))
    earlier = _held_in_the_past(MeetingFactory(body=su, starts_at=timezone.now() - timedelta(days=90)))
    later = _held_in_the_past(MeetingFactory(body=su, starts_at=timezone.now() - timedelta(days=2)))
    detail = staff_client.get(reverse("meetings:meeting_detail", kwargs={"meeting_pk": first.pk})).content.decode()
    url = reverse("meetings:minutes_approve_next", kwargs={"meeting_pk": first.pk})
    assert url in detail

    refused = staff_client.post(url, {"approved_at_meeting": earlier.pk})
    assert refused.status_code == 200 and not Minutes.objects.filter(meeting=first, approved_at__isnull=False).exists()
    response = staff_client.post(url, {"approved_at_meeting": later.pk})
    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=first)
    assert minutes.approved_at_next_meeting and minutes.approved_at_meeting == later and minutes.approved_by_user == staff
    first.refresh_from_db()
    assert first.status == Meeting.Status.MINUTES_APPROVED
    detail = staff_client.get(reverse("meetings:meeting_detail", kwargs={"meeting_pk": first.pk})).content.decode()
    assert "Protokollen ble godkjent i møtet" in detail


# -- closing a case -----------------------------------------------------------------------------------------


def test_a_case_waiting_for_a_meeting_cannot_be_closed_and_the_case_page_says_why(staff_client, registered_case, su, staff):
    meeting = MeetingFactory(body=su)
    meeting_services.agenda_add_case(meeting=meeting, case=registered_case, purpose="discussion", by=staff)
    case_url = reverse("cases:case_detail", kwargs={"case_pk": registered_case.pk})
    page = staff_client.get(case_url).content.decode()
    assert "Hvorfor saken ikke kan avsluttes ennå" in page and "Saken venter på drøfting" in page
    assert reverse("cases:case_close", kwargs={"case_pk": registered_case.pk}) not in page
    response = staff_client.post(reverse("cases:case_close", kwargs={"case_pk": registered_case.pk}), {"reason": "Trukket"})
    assert response.status_code == 200 and "Saken venter på drøfting" in response.content.decode()
    registered_case.refresh_from_db()
    assert registered_case.status != Case.Status.CLOSED


def test_a_withdrawn_case_is_closed_with_its_reason(staff_client, registered_case):
    url = reverse("cases:case_close", kwargs={"case_pk": registered_case.pk})
    assert url in staff_client.get(reverse("cases:case_detail", kwargs={"case_pk": registered_case.pk})).content.decode()
    assert "oppgi hvorfor den avsluttes" in staff_client.post(url, {"reason": ""}).content.decode()
    response = staff_client.post(url, {"reason": "Trukket av innmelder"})
    assert response.status_code == 302
    registered_case.refresh_from_db()
    assert registered_case.status == Case.Status.CLOSED
    assert registered_case.history.first().history_change_reason == "Saken er avsluttet: Trukket av innmelder"


def test_a_decided_case_closes_once_its_follow_up_is_done(su_members, decision_meeting, staff):
    meeting, item = decision_meeting
    for m in su_members:
        meeting_services.attendance_record(meeting=meeting, membership=m, status="present", by=staff)
        meeting_services.item_record_position(handling=item.handling, membership=m, stance="agree", by=staff)
    meeting_services.item_decide(handling=item.handling, points=["Vedtatt."], by=staff)
    case = item.handling.case
    task = case_services.task_create(case=case, title="Følg opp", deadline=timezone.localdate() + timedelta(days=10), by=staff)
    with pytest.raises(ValidationError, match="ikke fullført: Følg opp"):
        case_services.case_close(case=case, by=staff)
    case_services.task_complete(task=task, by=staff)
    case_services.case_close(case=case, by=staff)
    assert case.status == Case.Status.CLOSED


# -- the urgent exception, with who approved it ------------------------------------------------------------------


def test_the_urgent_exception_needs_who_approved_it_on_the_agenda_builder(staff_client, partnership, registered_case, su, su_members):
    partnership.allow_urgent_exception = True
    partnership.save()
    chair, _member = su_members
    meeting = MeetingFactory(body=su)
    url = reverse("meetings:meeting_agenda", kwargs={"meeting_pk": meeting.pk})
    data = {"action": "add_case", "case-case": registered_case.pk, "case-purpose": "decision", "case-urgent_reason": "Frist fra departementet"}
    page = staff_client.get(url).content.decode()
    assert 'name="case-urgency_approved_by"' in page
    refused = staff_client.post(url, data)
    assert "Oppgi hvem som har godkjent" in refused.content.decode()
    staff_client.post(url, {**data, "case-urgency_approved_by": chair.person.pk})
    registered_case.refresh_from_db()
    assert registered_case.urgent and registered_case.urgency_approved_by == chair.person
    assert meeting.items.filter(handling__case=registered_case).exists()


# -- a waiting handling placed on a later meeting ---------------------------------------------------------------


def test_a_case_sent_back_is_placed_on_a_later_meeting_with_its_waiting_handling(staff_client, su_members, decision_meeting,
                                                                                 secretariat_body, staff):
    chair, _member = su_members
    meeting, item = decision_meeting
    meeting_services.attendance_record(meeting=meeting, membership=chair, status="present", by=staff)
    outcome = meeting_services.item_decide(handling=item.handling, points=["Vedtak."], by=staff, if_no_consensus="return")
    waiting = outcome.next_handling
    case = waiting.case
    assert waiting.body == secretariat_body and waiting.outcome == Handling.Outcome.PENDING
    later = MeetingFactory(body=secretariat_body, starts_at=timezone.now() + timedelta(days=7))
    url = reverse("meetings:meeting_agenda", kwargs={"meeting_pk": later.pk})
    wrong = staff_client.post(url, {"action": "add_case", "case-case": case.pk, "case-purpose": "information"})
    assert "venter på drøfting" in wrong.content.decode()
    staff_client.post(url, {"action": "add_case", "case-case": case.pk, "case-purpose": "discussion"})
    assert later.items.get(handling__case=case).handling == waiting
    assert case.handlings.filter(outcome=Handling.Outcome.PENDING).count() == 1
    # Once placed, it waits there: putting it on yet another meeting is refused, not a second handling.
    other = MeetingFactory(body=secretariat_body, starts_at=timezone.now() + timedelta(days=14))
    with pytest.raises(ValidationError, match="venter allerede på drøfting"):
        meeting_services.agenda_add_case(meeting=other, case=case, purpose="discussion", by=staff)


# -- anchoring answers in one table --------------------------------------------------------------------------


@pytest.fixture
def anchoring_round(registered_case, parties, staff):
    case = registered_case
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DECIDED)
    case.refresh_from_db()
    handling = Handling.objects.create(case=case, body=case.body, purpose="decision", outcome=Handling.Outcome.DECIDED)
    from cases.models import Decision

    decision = Decision.objects.create(handling=handling)
    return case_services.anchoring_round_start(case=case, decision=decision, deadline=timezone.localdate() + timedelta(days=30), by=staff)


def test_every_partys_answer_in_one_table_keeps_a_condition_and_focuses_the_next_waiting_party(staff_client, anchoring_round, parties, staff):
    answers = {a.party_id: a for a in anchoring_round.answers.all()}
    a, b, hf = answers[parties["a"].pk], answers[parties["b"].pk], answers[parties["hf"].pk]
    case_services.anchoring_answer_record(answer=b, response="reservation", reservation="To tredjedeler må slutte seg til.",
                                          condition="share", condition_value=Decimal("0.6667"), by=staff)
    url = reverse("cases:round_detail", kwargs={"round_pk": anchoring_round.pk})
    page = staff_client.get(url).content.decode()
    assert f'name="response_{a.pk}"' in page and f'name="text_{b.pk}"' in page

    base = {f"response_{x.pk}": "not_answered" for x in (a, hf)}
    base.update({f"response_{b.pk}": "reservation", f"text_{b.pk}": "To tredjedeler må slutte seg til."})
    refused = staff_client.post(url, {**base, f"response_{a.pk}": "amendment"})
    assert "Skriv den foreslåtte endringen." in refused.content.decode()
    assert AnchoringAnswer.objects.get(pk=a.pk).response == "not_answered"

    response = staff_client.post(url, {**base, f"response_{a.pk}": "joined", f"local_reference_{a.pk}": "PS 5/2021",
                                       f"decided_on_{a.pk}": "2021-02-04", f"local_reference_{b.pk}": "KS 12/2021"})
    assert response["Location"] == f"{url}?lagret=1"  # a party has not answered: the focus goes there
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.response, a.local_reference, a.decided_on) == ("joined", "PS 5/2021", date(2021, 2, 4))
    assert (b.local_reference, b.condition, b.condition_value) == ("KS 12/2021", "share", Decimal("0.6667"))
    again = staff_client.get(f"{url}?lagret=1").content.decode()
    assert "autofocus" in tag_with(again, f'name="response_{hf.pk}"')
    assert "autofocus" not in tag_with(again, f'name="response_{a.pk}"')


def test_one_row_posted_on_its_own_is_recorded_and_a_stranger_refused(staff_client, su_members, decision_meeting):
    chair, _member = su_members
    meeting, _item = decision_meeting
    url = reverse("meetings:meeting_attendance", kwargs={"meeting_pk": meeting.pk})
    stranger = MembershipFactory()
    response = staff_client.post(url, {"membership": stranger.pk, "status": "present"}, follow=True)
    assert "Velg en representant i organet." in response.content.decode()
    assert not meeting.attendances.filter(membership=stranger).exists()
    staff_client.post(url, {"membership": chair.pk, "status": "present"})
    assert meeting.attendances.get(membership=chair).status == Attendance.Status.PRESENT
