from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Window
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bodies.models import Body, Partnership
from bodies.permissions import bodies_for_member, partnerships_for_secretariat, secretariat_partnership
from cases.anchoring import tally_answers
from cases.models import AnchoringAnswer, Case, FollowUpTask, case_in_partnership
from cases.selectors import AnswerRow, PartyRow
from common.choices import choice_label
from common.web import url_of_each
from meetings.models import Meeting
from members.models import Membership, Person
from members.terms import memberships_ending


DASHBOARD_LIMIT = 25


def my_pages(user):
    """The pages of their own a logged-in user may open: member home, each secretariat dashboard, the admin."""
    if not user.is_authenticated:
        return {"member": False, "secretariat": [], "admin": False}
    return {
        "member": Membership.objects.current().filter(person__user=user).exists() or bodies_for_member(user).exists(),
        "secretariat": list(partnerships_for_secretariat(user).order_by("name")),
        "admin": user.is_active and user.is_staff,
    }


def home(request):
    """The public front page: every partnership's public pages, and the user's own pages when logged in."""
    today = timezone.localdate()
    public_bodies = Body.objects.active(today).filter(meetings_public=True).order_by("level", "name")
    partnerships = Partnership.objects.prefetch_related(Prefetch("bodies", queryset=public_bodies, to_attr="public_bodies")).order_by("name")
    return render(request, "home.html", {"partnerships": partnerships, "mine": my_pages(request.user)})


@login_required
def start(request):
    """Where a user lands after login: where their work is.

    The secretariat of one partnership goes to its dashboard; an administrator, or staff serving several
    partnerships, chooses; a member goes to their own pages; anyone else to the front page.
    """
    mine = my_pages(request.user)
    several = len(mine["secretariat"]) > 1
    if request.user.is_superuser or (mine["admin"] and several):
        return render(request, "start.html", {"mine": mine})
    if len(mine["secretariat"]) == 1:
        return redirect("dashboard", slug=mine["secretariat"][0].slug)
    if several:
        return redirect("secretariat_home")
    if mine["member"]:
        return redirect("member:home")
    if mine["admin"]:
        return redirect("admin:index")
    return redirect("home")


def accessibility(request):
    """Tilgjengelighetserklæring: what is tested, what is not yet accessible, how to report a problem."""
    return render(request, "accessibility.html", {"contact": getattr(settings, "ACCESSIBILITY_CONTACT", "")})


def health(request):
    """For the load balancer: answers 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def secretariat_home(request):
    """Where the secretariat starts: its partnership's dashboard (or a choice when it serves several)."""
    partnerships = list(partnerships_for_secretariat(request.user).order_by("name"))
    if not partnerships:
        raise PermissionDenied
    if len(partnerships) == 1:
        return redirect("dashboard", slug=partnerships[0].slug)
    return render(request, "secretariat_home.html", {"partnerships": partnerships})


def _next_meetings(partnership, now):
    """The next meeting of each body, with its notice state: one row per body (DISTINCT ON), soonest first."""
    rows = list(
        Meeting.objects.filter(body__partnership=partnership, starts_at__gte=now)
        .order_by("body_id", "starts_at", "pk").distinct("body_id")
        .values("pk", "starts_at", "notice_sent_at", "body__name", "body__short_name")
    )
    meeting_url = url_of_each("meetings:meeting_detail", "meeting_pk")
    for row in rows:
        row["body"], row["url"] = row["body__short_name"] or row["body__name"], meeting_url(row["pk"])
    return sorted(rows, key=itemgetter("starts_at", "pk"))


def _open_rounds(partnership, today):
    """The rounds some party has not answered, each with its tally and those who have not answered: the rounds come
    with their answers, in one query of the values shown and tallied."""
    not_answered = AnchoringAnswer.Response.NOT_ANSWERED
    answers = (
        AnchoringAnswer.objects.filter(case_in_partnership(partnership, "round__case"))
        .filter(Exists(AnchoringAnswer.objects.filter(round=OuterRef("round"), response=not_answered)))
        .values("round_id", "round__title", "round__deadline", "response", "condition", "condition_value",
                "party__name", "party__kind", "party__population")
        .order_by("round__deadline", "round_id", "party__name")
    )
    rows = []
    for round_id, group in groupby(answers, key=itemgetter("round_id")):
        group = list(group)
        deadline = group[0]["round__deadline"]
        # What the tally reads of an answer: its response and condition, and its party's kind and population.
        tally = tally_answers([AnswerRow(PartyRow(a["party__name"], a["party__kind"], a["party__population"]), a["response"],
                                         a["condition"], a["condition_value"]) for a in group], deadline=deadline, today=today)
        rows.append({
            "round": {"pk": round_id, "title": group[0]["round__title"], "deadline": deadline},
            "tally": tally,
            "missing": [a["party__name"] for a in group if a["response"] == not_answered],
            "short_of_two_thirds": tally.short_of_two_thirds,
            "short_of_all": tally.short_of_all,
        })
    return rows


def _panel(queryset, fields, add):
    """A panel's first rows, as the values it shows with ``add(row)`` putting in what is worked out from them, and
    its total. The total comes with the rows (a window count over the whole list), not from a second query, so the
    page stays fast however much is waiting."""
    rows = list(queryset.annotate(panel_total=Window(Count("pk"))).values(*fields, "panel_total")[:DASHBOARD_LIMIT])
    for row in rows:
        add(row)
    return rows, rows[0]["panel_total"] if rows else 0


def _waiting_panels(partnership, today):
    """The panels of what waits (cases to register and to decide, overdue tasks, terms ending) with their totals; each
    row's link numbered from one reversed link, its labels worked out once."""
    case_url, body_url = url_of_each("cases:case_detail", "case_pk"), url_of_each("bodies:body_detail", "body_pk")
    role_label, status_label = choice_label(Membership, "role"), choice_label(Case, "status")

    def reported(row):
        row["url"] = case_url(row["pk"])

    def awaiting(row):
        row["url"], row["label"] = case_url(row["pk"]), Case.label(row["number"], row["year"], row["title"])
        row["status_label"] = status_label(row["status"])

    def task(row):
        row["url"], row["responsible"] = case_url(row["case_id"]), None
        # The person responsible, else the party (as the task names them), else no one.
        if row["responsible_person_id"] is not None:
            row["responsible"] = Person.name_of(row["responsible_person__first_name"], row["responsible_person__last_name"])
        elif row["responsible_party_id"] is not None:
            row["responsible"] = row["responsible_party__name"]

    def term(row):
        row["url"], row["role_label"] = body_url(row["body_id"]), role_label(row["role"])
        row["person"] = Person.name_of(row["person__first_name"], row["person__last_name"])
        row["body"] = row["body__short_name"] or row["body__name"]

    cases = Case.objects.filter(partnership=partnership)
    panels = {
        "to_register": (cases.filter(status=Case.Status.REPORTED).order_by("reported_at"), ("pk", "title", "reported_at"), reported),
        "awaiting_decision": (cases.filter(status__in=[Case.Status.DISCUSSED, Case.Status.FOR_DECISION]).order_by("year", "number"),
                              ("pk", "title", "number", "year", "status"), awaiting),
        "overdue_tasks": (FollowUpTask.objects.overdue(today).filter(case_in_partnership(partnership)).order_by("deadline", "pk"),
                          ("case_id", "title", "deadline", "responsible_person_id", "responsible_person__first_name",
                           "responsible_person__last_name", "responsible_party_id", "responsible_party__name"), task),
        "terms_ending": (memberships_ending(on=today, partnership=partnership),
                         ("role", "term_end", "body_id", "body__name", "body__short_name", "person__first_name", "person__last_name"), term),
    }
    context = {}
    for name, (queryset, fields, add) in panels.items():
        context[name], context[f"{name}_total"] = _panel(queryset, fields, add)
    return context


def _bodies_short(partnership, today):
    """Active bodies with fewer meetings this year than their minimum, each with its link."""
    body_url = url_of_each("bodies:body_detail", "body_pk")
    bodies = (
        Body.objects.filter(partnership=partnership, min_meetings_per_year__gt=0).active(today)
        .annotate(meetings_this_year=Count("meetings", filter=Q(meetings__starts_at__year=today.year)))
        .order_by("level", "name").values("pk", "name", "min_meetings_per_year", "meetings_this_year")
    )
    rows = [b for b in bodies if b["meetings_this_year"] < b["min_meetings_per_year"]]
    for row in rows:
        row["url"] = body_url(row["pk"])
    return rows


@login_required
def dashboard(request, slug):
    partnership = secretariat_partnership(request, slug)
    today = timezone.localdate()
    return render(request, "dashboard.html", {
        "partnership": partnership,
        "nav": "dashboard",
        "next_meetings": _next_meetings(partnership, timezone.now()),
        "rounds": _open_rounds(partnership, today),
        "bodies_short": _bodies_short(partnership, today),
        "year": today.year,
        "limit": DASHBOARD_LIMIT,
        **_waiting_panels(partnership, today),
    })


# -- error pages (handler400/403/404/500 in urls.py, CSRF_FAILURE_VIEW in settings) -------------------


def _partnerships_to_ask(request):
    """Whose secretariat to ask for access: the partnership named in the address, else the user's own."""
    from django.urls import Resolver404, resolve

    try:
        slug = resolve(request.path_info).kwargs.get("slug")
    except Resolver404:
        slug = None
    try:
        if slug:
            return list(Partnership.objects.filter(slug=slug))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return list(Partnership.objects.filter(
                bodies__memberships__in=Membership.objects.current().filter(person__user=user)).distinct().order_by("name"))
    except Exception:  # noqa: BLE001 - an error page never fails on its help text
        return []
    return []


def _error_page(request, template, status, context=None):
    return render(request, template, context or {}, status=status)


def bad_request(request, exception=None):
    return _error_page(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _error_page(request, "403.html", 403, {"ask": _partnerships_to_ask(request)})


def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404)


def server_error(request):
    """No database, no request context: the page must render whatever went wrong."""
    from django.http import HttpResponseServerError
    from django.template.loader import render_to_string

    return HttpResponseServerError(render_to_string("500.html", {"request_path": request.path}))


def csrf_failure(request, reason=""):
    return _error_page(request, "403_csrf.html", 403)
