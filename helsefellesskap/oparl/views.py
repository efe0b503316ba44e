"""The OParl API's views: the System, object lists (paginated, with filters) and single objects. Read only.

Lists answer ``{"data": [...], "pagination": {...}, "links": {"first", "prev", "next", "last", "self"}}`` and
take the filters ``created_since``, ``created_until``, ``modified_since``, ``modified_until`` (ISO 8601) and
``limit`` (objects per page, at most MAX_LIMIT), as OParl 1.1 defines them. Every answer is open to any origin
for reading (CORS); other methods than GET, HEAD and OPTIONS answer 405. Each list page runs a fixed number of
queries whatever its size.
"""
import datetime
from functools import wraps
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from bodies.models import Partnership
from cases.models import Decision, DecisionPoint
from common.input import date_in_range
from members.models import Membership

from . import objects, selectors

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
READ_METHODS = ("GET", "HEAD", "OPTIONS")
FILTERS = {
    "created_since": ("oparl_created", "gte"),
    "created_until": ("oparl_created", "lte"),
    "modified_since": ("oparl_modified", "gte"),
    "modified_until": ("oparl_modified", "lte"),
}


class BadRequest(Exception):
    pass


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def oparl_view(view):
    """Read only, open to every origin (CORS), and errors as JSON rather than the site's HTML pages."""
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.method not in ("GET", "HEAD"):
            response = _json({"error": _("Bare lesing: GET, HEAD og OPTIONS.")}, status=405)
            response["Allow"] = ", ".join(READ_METHODS)
        else:
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = _json({"error": _("Finnes ikke.")}, status=404)
            except BadRequest as exc:
                response = _json({"error": str(exc)}, status=400)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = ", ".join(READ_METHODS)
        response["Access-Control-Allow-Headers"] = "Accept, Accept-Language"
        response["Access-Control-Max-Age"] = "86400"
        return response
    return wrapper


# -- what each kind of object is made of ---------------------------------------------------------------

def _decisions():
    return Prefetch("handling__decisions", queryset=Decision.objects.prefetch_related(
        Prefetch("points", queryset=DecisionPoint.objects.order_by("number"))))


def _organizations(partnership):
    return selectors.organizations(partnership).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.only("pk", "body_id").order_by("pk"), to_attr="oparl_seats"))


def _persons(partnership):
    return selectors.persons(partnership).prefetch_related(
        Prefetch("memberships", queryset=selectors.memberships(partnership), to_attr="oparl_memberships"))


def _meetings(partnership):
    items = selectors.agenda_items(partnership).prefetch_related(_decisions())
    return selectors.meetings(partnership).prefetch_related(Prefetch("items", queryset=items, to_attr="oparl_items"))


def _papers(partnership):
    return selectors.papers(partnership).prefetch_related(
        Prefetch("handlings", queryset=selectors.consultations(partnership), to_attr="oparl_consultations"),
        Prefetch("documents", queryset=selectors.current_case_documents(partnership), to_attr="oparl_files"))


def _attach_minutes(partnership, meetings):
    """The public archival minutes of the meetings on the page, in one query."""
    found = {}
    for document in selectors.current_minutes_documents(partnership).filter(minutes__meeting__in=[m.pk for m in meetings]):
        found.setdefault(document.minutes.meeting_id, []).append(document)
    for meeting in meetings:
        meeting.oparl_minutes_documents = found.get(meeting.pk, [])


def _organization_object(links, body):
    body.oparl_membership_ids = [seat.pk for seat in body.oparl_seats]
    return objects.organization(links, body)


KINDS = {
    "organization": (_organizations, _organization_object),
    "person": (_persons, objects.person),
    "membership": (selectors.memberships, objects.membership),
    "meeting": (_meetings, objects.meeting),
    "agendaitem": (lambda p: selectors.agenda_items(p).prefetch_related(_decisions()), objects.agenda_item),
    "paper": (_papers, objects.paper),
    "consultation": (selectors.consultations, objects.consultation),
}
AFTER_FETCH = {"meeting": _attach_minutes}
# The URL keyword of each kind's id: the same names as the public pages use.
KEYS = {kind: objects.Links.KEYS[kind] for kind in KINDS}


# -- helpers -------------------------------------------------------------------------------------------

def _partnership(slug):
    return get_object_or_404(Partnership, slug=slug)


def _moment(name, value):
    """An ISO 8601 date-time (or date) from a filter parameter, in the site's time zone; BadRequest if not one."""
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.datetime(day.year, day.month, day.day) if day else None
    except ValueError:
        moment = None
    if moment is None or not date_in_range(moment):
        raise BadRequest(_("«%(name)s» må være et tidspunkt etter ISO 8601, for eksempel 2020-11-23T10:00:00+01:00.") % {"name": name})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _filters(request):
    lookups = {}
    for name, (field, op) in FILTERS.items():
        value = request.GET.get(name)
        if value:
            lookups[f"{field}__{op}"] = _moment(name, value)
    return lookups


def _page_numbers(request):
    try:
        limit = int(request.GET.get("limit", DEFAULT_LIMIT))
        page = int(request.GET.get("page", 1))
    except ValueError as exc:
        raise BadRequest(_("«limit» og «page» må være hele tall.")) from exc
    if not 1 <= limit <= MAX_LIMIT or page < 1:
        raise BadRequest(_("«limit» må være mellom 1 og %(max)s, og «page» minst 1.") % {"max": MAX_LIMIT})
    return limit, page


def _list_response(request, *, total, limit, page, data):
    pages = max(1, -(-total // limit))
    if page > pages:
        raise Http404

    def link(number):
        params = {key: value for key, value in request.GET.items() if key != "page"}
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")

    links = {"first": link(1), "last": link(pages), "self": link(page)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < pages:
        links["next"] = link(page + 1)
    return _json({
        "data": data,
        "pagination": {"totalElements": total, "elementsPerPage": limit, "currentPage": page, "totalPages": pages},
        "links": links,
    })


def _paginate(request, queryset, serialize, after_fetch=None):
    lookups = _filters(request)
    limit, page = _page_numbers(request)
    queryset = queryset.filter(**lookups)
    total = queryset.count()
    rows = list(queryset[(page - 1) * limit:page * limit])
    if after_fetch:
        after_fetch(rows)
    return _list_response(request, total=total, limit=limit, page=page, data=[serialize(row) for row in rows])


# -- views ---------------------------------------------------------------------------------------------

@oparl_view
def system(request):
    return _json(objects.system(objects.Links(request)))


@oparl_view
def body_list(request):
    links = objects.Links(request)
    return _paginate(request, selectors.partnerships(), lambda partnership: objects.body(links, partnership))


@oparl_view
def body(request, slug):
    partnership = get_object_or_404(selectors.partnerships(), slug=slug)
    return _json(objects.body(objects.Links(request), partnership))


@oparl_view
def object_list(request, slug, kind):
    partnership = _partnership(slug)
    build, serialize = KINDS[kind]
    links = objects.Links(request, slug)
    after = AFTER_FETCH.get(kind)
    return _paginate(request, build(partnership), lambda row: serialize(links, row),
                     after_fetch=(lambda rows: after(partnership, rows)) if after else None)


@oparl_view
def object_detail(request, slug, kind, **kwargs):
    partnership = _partnership(slug)
    pk = kwargs[KEYS[kind]]
    build, serialize = KINDS[kind]
    row = get_object_or_404(build(partnership), pk=pk)
    if kind in AFTER_FETCH:
        AFTER_FETCH[kind](partnership, [row])
    return _json(serialize(objects.Links(request, slug), row))


@oparl_view
def organization_meetings(request, slug, body_pk):
    partnership = _partnership(slug)
    body = get_object_or_404(selectors.organizations(partnership), pk=body_pk)
    links = objects.Links(request, slug)
    return _paginate(request, _meetings(partnership).filter(body=body), lambda row: objects.meeting(links, row),
                     after_fetch=lambda rows: _attach_minutes(partnership, rows))


@oparl_view
def file_list(request, slug):
    """Public case documents (current versions) first, then the archival minutes (current version per meeting), paged as one list."""
    partnership = _partnership(slug)
    lookups = _filters(request)
    limit, page = _page_numbers(request)
    documents = selectors.current_case_documents(partnership).filter(**lookups)
    minutes = selectors.current_minutes_documents(partnership).filter(**lookups)
    first_total, second_total = documents.count(), minutes.count()
    start, end = (page - 1) * limit, page * limit
    links = objects.Links(request, slug)
    data = [objects.case_file(links, row) for row in documents[start:end]] if start < first_total else []
    if end > first_total:
        offset = max(0, start - first_total)
        data += [objects.minutes_file(links, row) for row in minutes[offset:offset + (end - max(start, first_total))]]
    return _list_response(request, total=first_total + second_total, limit=limit, page=page, data=data)


@oparl_view
def case_file(request, slug, document_pk):
    row = get_object_or_404(selectors.case_documents(_partnership(slug)), pk=document_pk)
    return _json(objects.case_file(objects.Links(request, slug), row))


@oparl_view
def minutes_file(request, slug, meeting_pk):
    row = get_object_or_404(selectors.current_minutes_documents(_partnership(slug)), minutes__meeting_id=meeting_pk)
    return _json(objects.minutes_file(objects.Links(request, slug), row))
