"""OSO meetings on the demo structure: the demo's meeting of 23 November 2020 with case 28/2020, and a
meeting of 14 December 2020 built step by step through the services (notice, apologies, deputy, positions
with a reservation, decision)."""
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from bodies.models import Body, Side
from cases import services as case_services
from cases.models import Case, CaseDocument, CaseType, Position, Purpose
from meetings import services
from meetings.models import AgendaItem, Attendance, Meeting
from members.models import Membership

OSLO = ZoneInfo("Europe/Oslo")
POINTS_28_2020 = [
    "OSO vedtar den foreslåtte organiseringen av Helsefellesskapet mellom Finnmarkssykehuset og kommunene i Finnmark "
    "etter modell fremlagt av arbeidsgruppen.",
    "OSO sender vedtaket til kommunene for behandling i kommunestyrene etter konsensusprinsippet.",
    "OSO ved leder initierer et samarbeid mellom kommunene for å avklare organisering og finansiering av kommunenes "
    "sekretariatfunksjon i helsefellesskapet.",
]
DECISION_POINTS = [
    "OSO slutter seg til felles retningslinjer for utskrivning av skrøpelige eldre fra sykehus til kommunene.",
    "Retningslinjene tas inn i tjenesteavtale 5 ved neste revisjon.",
]
RESERVATION = "Forutsetter at finansieringen av kommunenes sekretariatfunksjon avklares før tilslutning."


def at(day, hour=10, minute=0, month=11, year=2020):
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


@dataclass
class Story:
    su: Body
    secretariat: Body
    case: Case
    meeting: Meeting
    chair: Membership
    absent_member: Membership
    deputy: Membership
    observer: Membership
    other_side_member: Membership


def su_of(partnership):
    return Body.objects.get(partnership=partnership, kind__slug="strategisk-samarbeidsutvalg")


def find_oso_meeting(su):
    """meetings/demo.py may already create the meeting; use it when it has case 28/2020 on the agenda."""
    return (Meeting.objects.filter(body=su, starts_at__date="2020-11-23", items__handling__case__number=28,
                                   items__handling__case__year=2020).first())


CASE_TITLE = "Utskrivning av skrøpelige eldre"
MEETING_DAY = (14, 12)  # 14 December 2020


def prepare_notice(partnership, by, *, number=None, title=CASE_TITLE, points=DECISION_POINTS, day=MEETING_DAY):
    """A case reported, registered, discussed in the secretariat, and put up for decision in OSO."""
    su = su_of(partnership)
    secretariat = su.discussion_body
    case = case_services.case_report(partnership=partnership, title=title, case_type=CaseType.DECISION,
                                     by=by, at=at(20, month=10), background="Forslag fra fagrådet for skrøpelige eldre.",
                                     proposed_decision="\n".join(points))
    case = case_services.case_register(case=case, body=su, by=by, number=number, at=at(21, month=10))
    CaseDocument.objects.create(case=case, title="Retningslinjer for utskrivning (utkast 01.11.2020)")

    discussion = services.meeting_plan(body=secretariat, starts_at=at(day[0], month=day[1]) - timedelta(days=12), by=by, place="Teams")
    item = services.agenda_add_case(meeting=discussion, case=case, purpose=Purpose.DISCUSSION, by=by)
    services.notice_send(meeting=discussion, by=by)
    for attendance in discussion.attendances.select_related("membership"):
        services.attendance_record(meeting=discussion, membership=attendance.membership, status=Attendance.Status.PRESENT, by=by)
    services.meeting_mark_held(meeting=discussion, by=by)
    services.item_record_discussion(handling=item.handling, by=by, note="Drøftet; anbefales til beslutning i OSO.")

    chair = Membership.objects.current(at(day[0], month=day[1]).date()).get(body=su, role=Membership.Role.CHAIR)
    meeting = services.meeting_plan(body=su, starts_at=at(day[0], month=day[1]), by=by, place="Teams", chair=chair)
    services.agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=by)
    services.agenda_add_case(meeting=meeting, case=case, purpose=Purpose.DECISION, by=by)
    services.agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.ANY_OTHER_BUSINESS, by=by)
    return su, case, meeting, chair


def hold_meeting(su, case, meeting, chair, by, *, points=DECISION_POINTS):
    """Apologies from one HF member (the deputy meets), everyone else present, the decision at consensus."""
    day = timezone.localdate(meeting.starts_at)
    current = Membership.objects.current(day).filter(body=su)
    absent_member = current.filter(role=Membership.Role.MEMBER, side=Side.SPECIALIST).order_by("pk").first()
    deputy_attendance = services.apology_record(meeting=meeting, membership=absent_member, by=by, note="Styremøte i HF")
    deputy = deputy_attendance.membership
    services.attendance_record(meeting=meeting, membership=deputy, substitute_for=absent_member, status=Attendance.Status.PRESENT, by=by)
    for membership in current.filter(role__in=(*Membership.FIXED_ROLES, Membership.Role.OBSERVER)).exclude(pk=absent_member.pk):
        services.attendance_record(meeting=meeting, membership=membership, status=Attendance.Status.PRESENT, by=by)
    observer = current.filter(role=Membership.Role.OBSERVER, seat=Membership.Seat.USER_REPRESENTATIVE).get()
    other_side_member = current.filter(role=Membership.Role.VICE_CHAIR).exclude(side=chair.side).get()

    handling = case.handlings.get(body=su, agenda_item__meeting=meeting)
    voters = meeting.attendances.filter(status=Attendance.Status.PRESENT, can_vote=True).select_related("membership")
    for attendance in voters:
        reserved = attendance.membership_id == other_side_member.pk
        services.item_record_position(
            handling=handling, membership=attendance.membership, by=by, at=meeting.starts_at,
            stance=Position.Stance.AGREE_WITH_RESERVATION if reserved else Position.Stance.AGREE,
            reservation=RESERVATION if reserved else "")
    case_services.protocol_note_add(handling=handling, membership=observer, by=by,
                                    text="Brukerrepresentanten ber om at brukerne involveres i det videre arbeidet.")
    outcome = services.item_decide(handling=handling, points=points, by=by, at=meeting.starts_at)
    assert outcome.reached, outcome.consensus.reasons
    services.minutes_update(meeting=meeting, by=by, discussions={handling.agenda_item.pk: "Arbeidsgruppens leder presenterte rapporten."})
    services.meeting_mark_held(meeting=meeting, by=by)
    return Story(su=su, secretariat=su.discussion_body, case=case, meeting=meeting, chair=chair, absent_member=absent_member,
                 deputy=deputy, observer=observer, other_side_member=other_side_member)


def build_story(partnership, by, **kwargs):
    su, case, meeting, chair = prepare_notice(partnership, by, **kwargs)
    services.notice_send(meeting=meeting, by=by)
    return hold_meeting(su, case, meeting, chair, by, points=kwargs.get("points", DECISION_POINTS))


def oso_23_november_2020(partnership, by):
    """The demo's OSO meeting with case 28/2020 (meetings/demo.py); built here if the demo does not have it."""
    su = su_of(partnership)
    meeting = find_oso_meeting(su)
    if meeting is None:
        return build_story(partnership, by, number=28, title="Etablering av Helsefellesskap", points=POINTS_28_2020, day=(23, 11))
    if meeting.minutes_frozen:
        meeting = reopen_demo_minutes(meeting)
    services.minutes_update(meeting=meeting, by=by, discussions={
        meeting.items.get(handling__case__number=28).pk: "Arbeidsgruppens leder presenterte rapporten."})
    replaced = meeting.attendances.get(substitute_for__isnull=False, status=Attendance.Status.PRESENT)
    chair = meeting.chair
    return Story(
        su=su, secretariat=su.discussion_body, case=Case.objects.get(body=su, year=2020, number=28), meeting=meeting, chair=chair,
        absent_member=replaced.substitute_for, deputy=replaced.membership,
        observer=meeting.attendances.get(membership__role=Membership.Role.OBSERVER,
                                         membership__seat=Membership.Seat.USER_REPRESENTATIVE).membership,
        other_side_member=Membership.objects.current(timezone.localdate(meeting.starts_at)).filter(
            body=su, role=Membership.Role.VICE_CHAIR).exclude(side=chair.side).get(),
    )


def reopen_demo_minutes(meeting):
    """Test setup only: take a demo meeting whose minutes the demo approved back to «held».

    The demo approves its 2020–2021 minutes (so the story's decisions are public); the tests that approve the
    minutes of 23 November 2020 themselves start from the meeting as it was before. The product never does
    this: approved minutes are corrected as new versions.
    """
    from meetings.models import Minutes, MinutesApproval, MinutesDocument

    minutes = Minutes.objects.filter(meeting=meeting)
    MinutesApproval.objects.filter(minutes__in=minutes).delete()
    for document in MinutesDocument.objects.filter(minutes__in=minutes):
        document.file.delete(save=False)
        document.delete()
    minutes.update(approval_method="", approved_at=None, approved_at_meeting=None, approved_by_user=None)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    meeting.refresh_from_db()
    return meeting
