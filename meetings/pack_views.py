"""The meeting pack and the case presentation, public and for members, with the permission checks of the files.

- The public pack and case presentation: a public body's meeting whose notice is sent (meetings.selectors),
  with documents open to anyone; anything else answers 404.
- The member pack: those who read the body's internal pages (bodies.permissions.can_view_internal); exempt
  documents only for those entitled to open them, and every exempt document carried is logged as opened.
"""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from bodies.models import Partnership
from bodies.permissions import can_manage_body, can_read_case, can_view_internal
from cases.models import Case
from cases.services import exempt_document_log_view
from common import files

from . import pack, pdf
from .models import Meeting
from .selectors import public_cases, public_meetings


def _pdf(content, filename, *, private=False):
    return files.file_response(content, filename=filename, content_type=files.PDF, private=private)


@require_GET
def pack_public(request, slug, meeting_pk):
    partnership = get_object_or_404(Partnership, slug=slug)
    meeting = get_object_or_404(public_meetings(partnership).select_related("body__partnership", "chair__person"), pk=meeting_pk)
    if not meeting.agenda_is_public:
        raise Http404
    return _pdf(pack.meeting_pack(meeting, public=True).content, f"motepakke-{meeting.pk}.pdf")


@login_required
@require_GET
def pack_member(request, meeting_pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body__partnership", "chair__person"), pk=meeting_pk)
    if not can_view_internal(request.user, meeting.body):
        raise Http404
    if not meeting.notice_is_sent and not can_manage_body(request.user, meeting.body):
        raise Http404  # members see the agenda once the notice is sent, as on their meeting page
    result = pack.meeting_pack(meeting, reader=request.user, public=False)
    for document in result.exempt_included:
        exempt_document_log_view(document=document, user=request.user, request=request)
    return _pdf(result.content, f"motepakke-medlemmer-{meeting.pk}.pdf", private=True)


@require_GET
def case_presentation_open(request, slug, case_pk):
    """The case presentation (saksfremlegg) linked from the notice: public once the case is on a public agenda,
    otherwise for those who may read the case."""
    partnership = get_object_or_404(Partnership, slug=slug)
    case = public_cases(partnership).filter(pk=case_pk).first()
    if case is None:
        case = Case.objects.filter(partnership=partnership, pk=case_pk).select_related("partnership").first()
        if case is None or not can_read_case(request.user, case):
            raise Http404
    return _pdf(pdf.case_presentation_pdf(case), f"saksfremlegg-{case.pk}.pdf")
