"""A scene on the demo for the members' pages: Finnmark's SU has just held a meeting whose draft minutes wait for
the chair and the vice chair (the other side) to approve them, and its next meeting's notice is out, with a case
and a document on the agenda. `medlem` and `observator` attended the held meeting."""
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from bodies.models import Body
from cases import services as case_services
from cases.models import CaseDocument, CaseType, Purpose
from meetings import minutes_review, services
from meetings.models import AgendaItem, Attendance, Meeting
from members.models import Membership
from members.services import user_sync_permissions

AGENDA_CASE = "Felles plan for legevakt i Øst-Finnmark"
DOCUMENT_TITLE = "Utkast til legevaktplan (versjon 2)"
DOCUMENT_TEXT = b"Legevaktplan for Ost-Finnmark, utkast 2."
INTRODUCTION = "Møtet ble ledet av leder. Innkallingen og sakslisten ble godkjent."


@dataclass
class MemberScene:
    su: Body
    held: Meeting
    next_meeting: Meeting
    document: CaseDocument
    chair: Membership
    vice_chair: Membership
    users: dict


def _login_for(membership, username):
    User = get_user_model()
    person = membership.person
    if person.user_id is None:
        person.user = User.objects.create_user(username=username, password="demo")
        person.save()
    user_sync_permissions(user=person.user)
    return person.user


def build_member_scene(finnmark):
    User = get_user_model()
    staff = User.objects.get(username="sekretariat")
    su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
    chair = Membership.objects.current().get(body=su, role=Membership.Role.CHAIR)
    vice_chair = Membership.objects.current().filter(body=su, role=Membership.Role.VICE_CHAIR).exclude(side=chair.side).get()
    users = {"medlem": User.objects.get(username="medlem"), "observator": User.objects.get(username="observator"),
             "sekretariat": staff, "leder": _login_for(chair, "leder"), "nestleder": _login_for(vice_chair, "nestleder")}

    # The meeting held four days ago, its draft minutes sent to the chair and the vice chair for approval.
    held = services.meeting_plan(body=su, starts_at=timezone.now().replace(second=0, microsecond=0) - timedelta(days=4), by=staff,
                                 chair=chair, place="Teams", title="SU-møte")
    services.agenda_add_standing(meeting=held, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    services.notice_send(meeting=held, by=staff)
    present = [chair, vice_chair, *Membership.objects.current().filter(body=su, person__user__in=[users["medlem"], users["observator"]])]
    for membership in present:
        services.attendance_record(meeting=held, membership=membership, status=Attendance.Status.PRESENT, by=staff)
    services.meeting_mark_held(meeting=held, by=staff)
    services.minutes_update(meeting=held, by=staff, introduction=INTRODUCTION)
    minutes_review.minutes_request_approval(meeting=held, approvers=[chair.person, vice_chair.person], by=staff)

    # The next meeting: notice sent, a case with a document on the agenda.
    next_meeting = (Meeting.objects.filter(body=su, starts_at__gte=timezone.now(), status=Meeting.Status.PLANNED).order_by("starts_at").first()
                    or services.meeting_plan(body=su, starts_at=timezone.now() + timedelta(days=10), by=staff, chair=chair))
    case = case_services.case_report(partnership=finnmark, title=AGENDA_CASE, case_type=CaseType.INFORMATION, by=staff)
    case = case_services.case_register(case=case, body=su, by=staff)
    document = CaseDocument(case=case, title=DOCUMENT_TITLE)
    document.file.save("legevaktplan.txt", ContentFile(DOCUMENT_TEXT), save=True)
    services.agenda_add_case(meeting=next_meeting, case=case, purpose=Purpose.INFORMATION, by=staff)
    services.notice_send(meeting=next_meeting, by=staff)
    return MemberScene(su=su, held=held, next_meeting=next_meeting, document=document, chair=chair, vice_chair=vice_chair,
                       users=users)
