"""Members' own pages (/mine/): my bodies, my meetings, my follow-up tasks, my apologies, my calendar.

Members and deputies read everything of their bodies (``bodies.view_internal``, which follows the
memberships). Exempt documents only where their body handles the case; every opening is logged.
"""
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bodies.permissions import bodies_for_member, can_read_case, can_view_internal, case_bodies, is_secretariat
from cases.models import CaseDocument, FollowUpTask
from cases.services import exempt_document_log_view
from common import files
from members.models import CalendarFeed, Membership
from members.services import calendar_feed_for, calendar_feed_reset

from meetings import ical
from meetings.models import AgendaItem, Attendance, Meeting

NOTICE_SENT_STATUSES = [s for s in Meeting.Status.values if s != Meeting.Status.PLANNED]


def _my_memberships(user):
    return (Membership.objects.current().filter(person__user=user)
            .select_related("body__partnership", "personal_deputy__person").order_by("body__name", "role"))


def _my_meetings(user):
    """Meetings of the bodies where the user has a seat today, plus those they may read as secretariat."""
    seat_bodies = Membership.objects.current().filter(person__user=user).values("body")
    return Meeting.objects.filter(body__in=seat_bodies).select_related("body__partnership")


@login_required
def home(request):
    now = timezone.now()
    memberships = list(_my_memberships(request.user))
    upcoming = list(_my_meetings(request.user).filter(starts_at__gte=now).order_by("starts_at")[:5])
    tasks = list(_my_tasks(request.user).filter(completed_at__isnull=True)[:10])
    return render(request, "member/home.html", {
        "memberships": memberships, "upcoming": upcoming, "tasks": tasks, "nav": "home",
    })


@login_required
def body_list(request):
    return render(request, "member/body_list.html", {"memberships": _my_memberships(request.user), "nav": "bodies"})


@login_required
def meeting_list(request):
    now = timezone.now()
    meetings = _my_meetings(request.user)
    attendance = {a.meeting_id: a for a in Attendance.objects.filter(
        membership__person__user=request.user, meeting__in=meetings).select_related("membership")}
    upcoming = list(meetings.filter(ends_at__gte=now).order_by("starts_at"))
    past = list(meetings.filter(ends_at__lt=now).order_by("-starts_at")[:30])
    for meeting in upcoming + past:
        meeting.my_attendance = attendance.get(meeting.pk)
    return render(request, "member/meeting_list.html", {"upcoming": upcoming, "past": past, "nav": "meetings"})


def _readable_meeting(user, meeting_pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body__partnership"), pk=meeting_pk)
    if not can_view_internal(user, meeting.body):
        raise Http404
    return meeting


@login_required
def meeting_detail(request, meeting_pk):
    meeting = _readable_meeting(request.user, meeting_pk)
    notice_sent = meeting.status != Meeting.Status.PLANNED
    items = []
    if notice_sent:
        items = list(AgendaItem.objects.filter(meeting=meeting).select_related("handling__case").prefetch_related(
            Prefetch("handling__case__documents", queryset=CaseDocument.objects.order_by("uploaded_at", "pk")),
            "handling__case__handlings",
        ).order_by("position", "pk"))
        # Who may open exempt documents, worked out once for the page, not once per document.
        secretariat = is_secretariat(request.user, meeting.body.partnership)
        allowed = set(bodies_for_member(request.user).values_list("pk", flat=True))
        for item in items:
            case = item.handling.case if item.handling_id else None
            item.documents = []
            if case is not None:
                handles = secretariat or bool(allowed & case_bodies(case))
                for document in case.documents.all():
                    document.readable = handles or not document.exempt
                    item.documents.append(document)
    my_seats = [m for m in _my_memberships(request.user) if m.body_id == meeting.body_id]
    my_attendance = Attendance.objects.filter(meeting=meeting, membership__in=my_seats).first() if my_seats else None
    can_send_apologies = bool(my_seats) and meeting.status in (Meeting.Status.PLANNED, Meeting.Status.NOTICE_SENT) \
        and meeting.starts_at > timezone.now()
    return render(request, "member/meeting_detail.html", {
        "meeting": meeting, "items": items, "notice_sent": notice_sent, "my_attendance": my_attendance,
        "can_send_apologies": can_send_apologies, "nav": "meetings",
    })


@login_required
@require_POST
def apology(request, meeting_pk):
    """Record my own apologies (forfall) for a meeting; the meetings service calls my personal deputy."""
    meeting = _readable_meeting(request.user, meeting_pk)
    membership = Membership.objects.current().filter(person__user=request.user, body=meeting.body).order_by("pk").first()
    if membership is None:
        raise PermissionDenied
    note = request.POST.get("note", "")[:255]
    try:
        from meetings.services import apology_record
    except ImportError:  # pragma: no cover - the meetings services are always installed with this app
        raise Http404 from None
    try:
        apology_record(meeting=meeting, membership=membership, by=request.user, note=note)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Forfallet er registrert. Sekretariatet og eventuell personlig vara er varslet."))
    return redirect("member:meeting_detail", meeting_pk=meeting.pk)


def _my_tasks(user):
    my_parties = Membership.objects.current().filter(person__user=user).values("represented_parties")
    # Both conditions follow foreign keys from the task, so each task is one row: no DISTINCT needed.
    return (FollowUpTask.objects.filter(Q(responsible_person__user=user) | Q(responsible_party__in=my_parties))
            .select_related("case__body", "responsible_person", "responsible_party").order_by("completed_at", "deadline", "pk"))


@login_required
def task_list(request):
    tasks = list(_my_tasks(request.user))
    return render(request, "member/task_list.html", {
        "open_tasks": [t for t in tasks if t.completed_at is None],
        "done_tasks": [t for t in tasks if t.completed_at is not None],
        "nav": "tasks",
    })


@login_required
def document(request, document_pk):
    """A case document for a member: exempt ones only where their body handles the case (and logged)."""
    document = get_object_or_404(CaseDocument.objects.select_related("case__partnership"), pk=document_pk)
    if not can_read_case(request.user, document.case):
        if document.exempt:
            raise PermissionDenied
        raise Http404
    if not document.file:
        raise Http404
    if document.exempt:
        exempt_document_log_view(document=document, user=request.user, request=request)
    return files.stored_file_response(document.file, title=document.title, private=document.exempt)


@login_required
def calendar(request):
    feed = calendar_feed_for(user=request.user)
    url = request.build_absolute_uri(reverse("member:calendar_feed", kwargs={"token": feed.token}))
    return render(request, "member/calendar.html", {"feed_url": url, "nav": "calendar"})


@login_required
@require_POST
def calendar_reset(request):
    calendar_feed_reset(user=request.user)
    messages.success(request, _("Du har fått en ny kalenderadresse. Den gamle virker ikke lenger."))
    return redirect("member:calendar")


def calendar_feed(request, token):
    """The member's meetings as iCalendar, found by the secret token alone (calendar apps cannot log in)."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    meetings = (_my_meetings(feed.user).filter(starts_at__gte=timezone.now() - timedelta(days=365))
                .prefetch_related("items__handling__case").order_by("starts_at"))
    body = ical.calendar(meetings, name=_("Mine møter – Helsefellesskap"), video_link=True)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
