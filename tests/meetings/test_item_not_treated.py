"""An agenda item the meeting did not reach: recorded as not treated (utsatt) with its reason, shown so in the
minutes, and the case can then go on a later agenda and be closed; without that record it cannot slip onto a new
agenda as a second handling."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services as case_services
from cases.models import Handling, Purpose
from meetings import pdf, services
from meetings.models import Attendance
from tests.factories import UserFactory

from .story import at, prepare_notice

pytestmark = pytest.mark.django_db

REASON = "Møtet rakk ikke saken; den settes opp i neste møte."


@pytest.fixture
def staff(db):
    return UserFactory(username="sekretariat-ub", is_staff=True)


@pytest.fixture
def untreated(demo, staff):
    """The OSO meeting of 14 Dec 2020 held with everyone present, the decision case on its agenda never reached."""
    su, case, meeting, chair = prepare_notice(demo["finnmark"], staff)
    services.notice_send(meeting=meeting, by=staff)
    for attendance in meeting.attendances.select_related("membership"):
        services.attendance_record(meeting=meeting, membership=attendance.membership, status=Attendance.Status.PRESENT, by=staff)
    services.meeting_mark_held(meeting=meeting, by=staff)
    handling = case.handlings.get(body=su, agenda_item__meeting=meeting)
    return su, case, meeting, handling


def next_meeting(su, staff):
    return services.meeting_plan(body=su, starts_at=at(25, month=1, year=2021), by=staff, place="Teams")


def test_an_untreated_case_on_a_held_meeting_is_not_put_on_a_new_agenda_as_a_second_handling(untreated, staff):
    su, case, meeting, handling = untreated
    later = next_meeting(su, staff)
    with pytest.raises(ValidationError) as error:
        services.agenda_add_case(meeting=later, case=case, purpose=Purpose.DECISION, by=staff)
    assert "står ubehandlet på sakslisten til møtet" in error.value.message_dict["case"][0]
    assert case.handlings.count() == 2 and not later.items.exists()  # the discussion and the untreated decision
    assert any("registrer i møtet at den ikke ble behandlet" in p for p in case_services.case_close_problems(case))


def test_recording_it_as_not_treated_needs_a_reason_and_then_frees_the_case(untreated, staff):
    su, case, meeting, handling = untreated
    with pytest.raises(ValidationError) as error:
        services.item_not_treated(handling=handling, by=staff, reason="  ")
    assert "Skriv hvorfor saken ikke ble behandlet" in error.value.message_dict["reason"][0]
    handling.refresh_from_db()
    assert handling.outcome == Handling.Outcome.PENDING

    services.item_not_treated(handling=handling, by=staff, reason=REASON)
    handling.refresh_from_db()
    assert (handling.outcome, handling.note, handling.held_at) == (Handling.Outcome.POSTPONED, REASON, meeting.starts_at)
    assert handling.history.first().history_change_reason.startswith("Ikke behandlet i")
    with pytest.raises(ValidationError):
        services.item_not_treated(handling=handling, by=staff, reason=REASON)  # twice: the handling has ended

    # The minutes say so under the item.
    [row] = [r for r in pdf.minutes_context(meeting)["items"] if r.get("handling") == handling]
    assert row["outcome"] == "Utsatt" and row["not_treated"] == REASON
    # A later meeting takes the case up as a new handling; the discussion before still counts for the two-step rule.
    later = next_meeting(su, staff)
    item = services.agenda_add_case(meeting=later, case=case, purpose=Purpose.DECISION, by=staff)
    assert item.handling.pk != handling.pk and item.handling.outcome == Handling.Outcome.PENDING


def test_a_meeting_not_yet_begun_cannot_record_an_item_as_not_treated(demo, staff):
    su, case, meeting, chair = prepare_notice(demo["finnmark"], staff, day=(14, 12))
    meeting.starts_at = meeting.starts_at.replace(year=2099)
    meeting.save(update_fields=["starts_at"])
    handling = case.handlings.get(body=su, agenda_item__meeting=meeting)
    with pytest.raises(ValidationError):
        services.item_not_treated(handling=handling, by=staff, reason=REASON)
    handling.refresh_from_db()
    assert handling.outcome == Handling.Outcome.PENDING


def test_the_secretariat_records_it_on_the_item_page(untreated, client, django_user_model):
    su, case, meeting, handling = untreated
    secretary = UserFactory(username="sekretar-ub", is_superuser=True, is_staff=True)
    client.force_login(secretary)
    url = reverse("meetings:item_run", kwargs={"item_pk": handling.agenda_item.pk})
    page = client.get(url).content.decode()
    assert "Saken ble ikke behandlet i møtet" in page
    post = reverse("meetings:item_not_treated", kwargs={"item_pk": handling.agenda_item.pk})
    refused = client.post(post, {"not_treated-reason": ""})
    assert refused.status_code == 200
    assert "Skriv hvorfor saken ikke ble behandlet" in refused.content.decode()
    done = client.post(post, {"not_treated-reason": REASON}, follow=True)
    assert "registrert som ikke behandlet i møtet" in done.content.decode()
    handling.refresh_from_db()
    assert handling.outcome == Handling.Outcome.POSTPONED
