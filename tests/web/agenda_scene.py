"""A notice sent for an SU meeting with two cases, a later SU meeting, and a member with a login (helpers, not fixtures)."""
import io
import re
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from guardian.shortcuts import assign_perm
from pypdf import PdfReader
from weasyprint import HTML

from cases import services as case_services
from cases.models import Purpose
from meetings import services as meeting_services
from tests.factories import UserFactory


def pdf_bytes(text):
    """A small real PDF whose text can be found again in the pack."""
    return HTML(string=f"<p>{text}</p>").write_pdf()


def pdf_upload(text, name="vedlegg.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


@dataclass
class Scene:
    meeting: object
    later: object
    first: object
    second: object
    member_user: object


def notice_sent(*, partnership, su, su_members, staff, capture):
    """SU meets in 14 days with two cases up for discussion (notice sent) and again in 42 days (planned)."""
    chair, member = su_members
    member_user = UserFactory(username="medlem-su")
    member.person.user = member_user
    member.person.save()
    assign_perm("bodies.view_internal", member_user, su)
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=14)
    meeting = meeting_services.meeting_plan(body=su, starts_at=start, by=staff, place="Kirkenes")
    later = meeting_services.meeting_plan(body=su, starts_at=start + timedelta(days=28), by=staff, place="Alta")
    cases = []
    for title in ("Felles forløp for skrøpelige eldre", "Digital hjemmeoppfølging"):
        case = case_services.case_report(partnership=partnership, title=title, case_type="decision", by=staff,
                                         proposed_decision="SU slutter seg til forslaget.")
        case_services.case_register(case=case, body=su, by=staff)
        cases.append(meeting_services.agenda_add_case(meeting=meeting, case=case, purpose=Purpose.DISCUSSION, by=staff))
    with capture(execute=True):
        meeting_services.notice_send(meeting=meeting, by=staff)
    meeting.refresh_from_db()
    return Scene(meeting, later, cases[0], cases[1], member_user)


def text_of(content):
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)
