"""Members' own pages (/mine/): my bodies, my meetings, my follow-up tasks, my apologies, my calendar.

Members and deputies read everything of their bodies (``bodies.view_internal``, which follows the
memberships). Exempt documents only where their body handles the case; every opening is logged.
"""
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, Value
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bodies.models import Partnership
from bodies.permissions import bodies_for_member, can_read_case, can_view_internal, case_bodies, is_secretariat
from cases import services as case_services
from cases.models import CaseDocument, Decision, DecisionPoint, FollowUpTask
from cases.services import exempt_document_log_view
from common import files
from common.web import issue_form_token, run_service, url_of_each
from members.auth import login_method
from members.models import CalendarFeed, Membership, Person
from members.services import calendar_feed_for, calendar_feed_reset

from meetings import ical, minutes_review
from meetings.models import AgendaItem, Attendance, EmailSettings, Meeting, Minutes
from meetings.selectors import MINUTES_PUBLIC, with_reservations_and_notes

from .forms import ChangeRequestForm, EmailSettingsForm, MemberCaseReportForm, MinutesCommentForm
from .rules import may_report_cases, reporting_memberships

NOTICE_SENT_STATUSES = [s for s in Meeting.Status.values if s != Meeting.Status.PLANNED]


def _my_memberships(user):
    return (Membership.objects.current().filter(person__user=user)
            .select_related("body__partnership", "body__kind", "personal_deputy__person").order_by("body__name", "role"))


def _my_meetings(user):
    """Meetings of the bodies where the user has a seat today, plus those they may read as secretariat."""
    seat_bodies = Membership.objects.current().filter(person__user=user).values("body")
    return Meeting.objects.filter(body__in=seat_bodies).select_related("body__partnership")


def _home_seats(user):
    """The user's current seats with what the home page shows of them and the person, read in one query."""
    return list(Membership.objects.current().filter(person__user=user)
                .select_related("person", "body__partnership", "body__kind")
                .only("role", "term_start", "term_end", "person__first_name", "person__last_name", "body__name",
                      "body__members_may_report", "body__can_decide", "body__partnership__name",
                      "body__kind__is_secretariat", "body__kind__is_subcommittee", "body__kind__is_temporary")
                .order_by("body__name", "role"))


def _home_meetings(seats, now):
    """The next five meetings of the seats' bodies and the last five with approved minutes, in one query."""
    bodies = {m.body_id: m.body for m in seats}
    if not bodies:
        return [], []
    meetings = Meeting.objects.filter(body_id__in=bodies).only("title", "starts_at", "status", "body_id").order_by()
    upcoming = meetings.filter(starts_at__gte=now).annotate(is_past=Value(False)).order_by("starts_at")[:5]
    past = meetings.filter(status__in=MINUTES_PUBLIC).annotate(is_past=Value(True)).order_by("-starts_at")[:5]
    rows = list(upcoming.union(past, all=True).order_by())
    for meeting in rows:
        meeting.body = bodies[meeting.body_id]
    return (sorted((m for m in rows if not m.is_past), key=lambda m: m.starts_at),
            sorted((m for m in rows if m.is_past), key=lambda m: m.starts_at, reverse=True))


def _home_tasks(person, seats):
    """The first ten open follow-up tasks of the person or of a party one of their seats represents."""
    if person is None:
        return []
    parties = Membership.represented_parties.through.objects.filter(membership_id__in=[m.pk for m in seats]).values("party_id")
    return list(FollowUpTask.objects.open().filter(Q(responsible_person=person) | Q(responsible_party__in=parties))
                .only("title", "deadline", "completed_at").order_by("deadline", "pk")[:10])


@login_required
def home(request):
    """What waits on me: next meetings, minutes to approve and to comment on, my tasks, my terms, past meetings."""
    memberships = _home_seats(request.user)
    # Every seat is the same person's (a user is one person); without a seat the person is read on its own.
    person = memberships[0].person if memberships else Person.of_user(request.user)
    upcoming, past = _home_meetings(memberships, timezone.now())
    to_approve = minutes_review.minutes_awaiting_approval(person)
    approve_ids = {m.pk for m in to_approve}
    for_comment = [m for m in minutes_review.minutes_open_for_comment(person) if m.pk not in approve_ids][:10]
    meeting_url = url_of_each("member:meeting_detail", "meeting_pk")
    for meeting in to_approve + for_comment + past:
        meeting.detail_url = meeting_url(meeting.pk)
    return render(request, "member/home.html", {
        "memberships": memberships, "upcoming": upcoming, "tasks": _home_tasks(person, memberships), "nav": "home",
        "to_approve": to_approve, "for_comment": for_comment, "past": past, "person": person,
        "may_report": may_report_cases(request.user, memberships),
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


def _agenda(request, meeting):
    """The agenda with documents (exempt ones readable where the user's body handles the case) and, once the meeting
    is held, each item's decision with its reservations and protocol notes."""
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("handling__case").prefetch_related(
        Prefetch("handling__case__documents", queryset=CaseDocument.objects.current().order_by("uploaded_at", "pk")),
        "handling__case__handlings",
        Prefetch("handling__decisions", queryset=Decision.objects.prefetch_related(
            Prefetch("points", queryset=DecisionPoint.objects.order_by("number"))).order_by("-version")),
    ).order_by("position", "pk"))
    # Who may open exempt documents, worked out once for the page, not once per document.
    secretariat = is_secretariat(request.user, meeting.body.partnership)
    allowed = set(bodies_for_member(request.user).values_list("pk", flat=True))
    decisions = []
    for item in items:
        case = item.handling.case if item.handling_id else None
        item.documents, item.decision = [], None
        if case is not None:
            handles = secretariat or bool(allowed & case_bodies(case))
            for document in case.documents.all():
                document.readable = handles or not document.exempt
                item.documents.append(document)
            versions = list(item.handling.decisions.all())
            if versions and meeting.is_held:
                item.decision = versions[0]
                decisions.append(item.decision)
    with_reservations_and_notes(decisions)
    return items


def _meeting_page(request, meeting, *, comment_form=None, change_form=None, status=200):
    notice_sent = meeting.status != Meeting.Status.PLANNED
    items = _agenda(request, meeting) if notice_sent else []
    person = Person.of_user(request.user)
    my_seats = [m for m in _my_memberships(request.user) if m.body_id == meeting.body_id]
    my_attendance = Attendance.objects.filter(meeting=meeting, membership__in=my_seats).first() if my_seats else None
    can_send_apologies = bool(my_seats) and meeting.status in (Meeting.Status.PLANNED, Meeting.Status.NOTICE_SENT) \
        and meeting.starts_at > timezone.now()
    minutes = Minutes.objects.filter(meeting=meeting).first() if meeting.is_held else None
    signatory = minutes_review.signatory_of(meeting, person) if minutes is not None else None
    may_comment = minutes is not None and minutes_review.may_comment(meeting, person)
    can_approve = signatory is not None and not meeting.minutes_frozen and not minutes_review.has_approved(minutes, person)
    context = {
        "meeting": meeting, "items": items, "notice_sent": notice_sent, "my_attendance": my_attendance,
        "can_send_apologies": can_send_apologies, "nav": "meetings", "minutes": minutes,
        "signatories": list(minutes.signatories.select_related("person")) if minutes is not None else [],
        "approvals": list(minutes.approvals.filter(version=minutes.version).select_related("person")) if minutes is not None and meeting.minutes_frozen
        else (minutes_review.approvals_in(minutes) if minutes is not None else []),
        "my_comments": list(minutes.comments.filter(person=person).order_by("created_at", "pk")) if minutes is not None and person else [],
        "is_signatory": signatory is not None, "can_approve": can_approve, "may_comment": may_comment,
        "comment_form": (comment_form or MinutesCommentForm()) if may_comment else None,
        "change_form": (change_form or ChangeRequestForm(prefix="change")) if can_approve else None,
        "form_token": issue_form_token(request) if (may_comment or can_approve) else None,
    }
    return render(request, "member/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request, meeting_pk):
    return _meeting_page(request, _readable_meeting(request.user, meeting_pk))


def _meeting_url(meeting):
    return reverse("member:meeting_detail", kwargs={"meeting_pk": meeting.pk})


@login_required
@require_POST
def minutes_comment(request, meeting_pk):
    """Someone who attended comments on the draft minutes."""
    meeting = _readable_meeting(request.user, meeting_pk)
    form = MinutesCommentForm(request.POST)
    response = run_service(request, form, lambda d: minutes_review.minutes_comment_add(meeting=meeting, by=request.user, text=d["text"]),
                           token=True, success=_("Merknaden er sendt til sekretariatet."), redirect_to=_meeting_url(meeting))
    return response or _meeting_page(request, meeting, comment_form=form, status=400)


@login_required
@require_POST
def minutes_request_change(request, meeting_pk):
    """An approver asks for a change before approving."""
    meeting = _readable_meeting(request.user, meeting_pk)
    form = ChangeRequestForm(request.POST, prefix="change")
    response = run_service(request, form, lambda d: minutes_review.minutes_request_change(meeting=meeting, by=request.user, text=d["text"]),
                           token=True, success=_("Sekretariatet har fått beskjed om endringen du ber om."), redirect_to=_meeting_url(meeting))
    return response or _meeting_page(request, meeting, change_form=form, status=400)


@login_required
@require_POST
def minutes_approve(request, meeting_pk):
    """An approver approves the draft minutes as they stand, recording how they logged in."""
    meeting = _readable_meeting(request.user, meeting_pk)
    try:
        minutes_review.minutes_approve_in_app(meeting=meeting, by=request.user, login_method=login_method(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        meeting.refresh_from_db()
        messages.success(request, _("Protokollen er godkjent. Den er låst og publisert.") if meeting.minutes_frozen
                         else _("Din godkjenning er registrert. Protokollen er godkjent når alle godkjennerne har godkjent den."))
    return redirect(_meeting_url(meeting))


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request):
    """Which e-mails I get: notices, deputy calls, minutes to approve, drafts to read, reminders."""
    person = Person.of_user(request.user)
    if person is None:
        return render(request, "member/email_settings.html", {"form": None, "nav": "email"})
    current = EmailSettings.objects.filter(person=person).first()
    initial = {kind: getattr(current, kind) if current else True for kind in EmailSettings.KINDS}
    form = EmailSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        response = run_service(request, form, lambda d: minutes_review.email_settings_update(person=person, by=request.user, **d),
                               token=True, success=_("E-postinnstillingene er lagret."), redirect_to=reverse("member:email_settings"))
        if response:
            return response
    return render(request, "member/email_settings.html", {"form": form, "nav": "email", "form_token": issue_form_token(request)})


@login_required
@require_http_methods(["GET", "POST"])
def case_report(request):
    """A member of a body that may report cases reports one on the template; the secretariat registers and routes it."""
    seats = reporting_memberships(request.user)
    if not seats.exists():
        raise PermissionDenied
    partnerships = Partnership.objects.filter(bodies__memberships__in=seats).distinct().order_by("name")
    form = MemberCaseReportForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST":
        def call(d):
            return case_services.case_report(
                partnership=d["partnership"], title=d["title"], case_type=d["case_type"], by=request.user,
                reported_by=Person.of_user(request.user), subject=d["subject"], background=d["background"],
                proposed_decision=d["proposed_decision"])

        response = run_service(request, form, call, token=True, redirect_to=reverse("member:home"),
                               success=lambda case: _("Saken «%(title)s» er meldt. Sekretariatet registrerer den og setter den opp "
                                                      "i riktig organ.") % {"title": case.title})
        if response:
            return response
    return render(request, "member/case_report.html", {"form": form, "nav": "report", "form_token": issue_form_token(request)})


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
