"""Public pages (/offentlig/): all meetings are open, so anyone may follow them without logging in.

What the public sees, and when:
- the meeting calendar of every body whose meetings are public (``Body.meetings_public``);
- a meeting's agenda and case documents once the notice is sent;
- decisions and the minutes once the minutes are approved;
- an exempt document's title and legal basis, never its content or file address.

Links are stable: partnership slug plus the database id of the body, meeting, case or document.
"""
from datetime import timedelta

from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bodies.models import Body, DocumentVersion, Partnership
from cases.models import Case, CaseDocument, Decision, DecisionPoint
from common import files
from common.web import url_of_each
from common import search as text_search

from meetings import ical
from meetings.models import AgendaItem, Meeting
from cases.anchoring import tally_answers
from meetings.selectors import (AGENDA_PUBLIC, MINUTES_PUBLIC, case_progress, latest_versions, public_cases, public_decisions,
                                public_meetings, with_reservations_and_notes)

SEARCH_LIMIT = 25


def _partnership(slug):
    return get_object_or_404(Partnership, slug=slug)


def _public_meeting(partnership, meeting_pk):
    return get_object_or_404(public_meetings(partnership).select_related("body"), pk=meeting_pk)


# -- pages ---------------------------------------------------------------------------------------------


@require_GET
def index(request):
    partnerships = Partnership.objects.order_by("name")
    return render(request, "public/index.html", {"partnerships": partnerships})


@require_GET
def partnership_detail(request, slug):
    partnership = _partnership(slug)
    bodies = list(Body.objects.active().filter(partnership=partnership, meetings_public=True).select_related("kind")
                  .order_by("level", "name"))
    upcoming = list(public_meetings(partnership).filter(starts_at__gte=timezone.now()).select_related("body")
                    .order_by("starts_at")[:10])
    decisions = with_reservations_and_notes(latest_versions(public_decisions(partnership).order_by("-decided_at")[:20])[:10])
    # The statutes, mandates and agreements as they stand today (earlier versions stay in the record).
    documents = list(DocumentVersion.objects.in_force().filter(document__partnership=partnership)
                     .select_related("document__body").order_by("document__kind", "document__number", "document__title"))
    return render(request, "public/partnership_detail.html", {
        "partnership": partnership, "bodies": bodies, "upcoming": upcoming, "decisions": decisions, "documents": documents,
    })


@require_GET
def body_detail(request, slug, body_pk):
    body = get_object_or_404(Body.objects.select_related("kind", "partnership"), partnership__slug=slug, pk=body_pk,
                             meetings_public=True)
    partnership = body.partnership
    now = timezone.now()
    meetings = Meeting.objects.filter(body=body)
    # Past meetings one year at a time: the newest year with meetings, or the year asked for (?ar=2021).
    held = meetings.filter(ends_at__lt=now)
    past_years = [moment.year for moment in held.datetimes("starts_at", "year", order="DESC")]
    asked = request.GET.get("ar", "")
    year = int(asked) if asked.isdigit() and int(asked) in past_years else (past_years[0] if past_years else None)
    # The upcoming meetings and the chosen year's, read together.
    shown = Q(ends_at__gte=now) | Q(starts_at__year=year) if year else Q(ends_at__gte=now)
    rows = list(meetings.filter(shown).only("body_id", "starts_at", "ends_at", "place", "status").order_by("starts_at", "pk"))
    meeting_url = url_of_each("public:meeting", "meeting_pk", slug=partnership.slug)
    for meeting in rows:
        meeting.public_url = meeting_url(meeting.pk)
    upcoming = [m for m in rows if m.ends_at >= now]
    past = [m for m in reversed(rows) if m.ends_at < now]
    return render(request, "public/body_detail.html", {
        "partnership": partnership, "body": body, "upcoming": upcoming, "past": past, "past_years": past_years, "year": year,
    })


@require_GET
def body_calendar(request, slug, body_pk):
    partnership = _partnership(slug)
    body = get_object_or_404(Body, partnership=partnership, pk=body_pk, meetings_public=True)
    meetings = Meeting.objects.filter(body=body, starts_at__gte=timezone.now() - timedelta(days=365)).select_related(
        "body__partnership").prefetch_related("items__handling__case").order_by("starts_at")
    return HttpResponse(ical.calendar(meetings, name=f"{body.name} – {partnership.name}"), content_type="text/calendar; charset=utf-8")


@require_GET
def meeting_detail(request, slug, meeting_pk):
    partnership = _partnership(slug)
    meeting = _public_meeting(partnership, meeting_pk)
    agenda_public = meeting.agenda_is_public
    minutes_public = meeting.minutes_are_public
    items = []
    if agenda_public:
        items = list(AgendaItem.objects.filter(meeting=meeting).select_related("handling__case").prefetch_related(
            Prefetch("handling__case__documents", queryset=CaseDocument.objects.current().order_by("uploaded_at", "pk")),
            Prefetch("handling__decisions", queryset=Decision.objects.prefetch_related(
                Prefetch("points", queryset=DecisionPoint.objects.order_by("number"))).order_by("-version")),
        ).order_by("position", "pk"))
        for item in items:
            item.decision = None
            if minutes_public and item.handling_id:
                versions = list(item.handling.decisions.all())
                item.decision = versions[0] if versions else None
        with_reservations_and_notes([item.decision for item in items if item.decision is not None])
    return render(request, "public/meeting_detail.html", {
        "partnership": partnership, "meeting": meeting, "items": items,
        "agenda_public": agenda_public, "minutes_public": minutes_public,
    })


def _pdf_response(data, filename):
    return files.file_response(data, filename=filename, content_type=files.PDF)


@require_GET
def notice_pdf(request, slug, meeting_pk):
    meeting = _public_meeting(_partnership(slug), meeting_pk)
    if not meeting.agenda_is_public:
        raise Http404
    from meetings import pdf

    return _pdf_response(pdf.notice_pdf(meeting), f"innkalling-{meeting.pk}.pdf")


@require_GET
def minutes_pdf(request, slug, meeting_pk):
    meeting = _public_meeting(_partnership(slug), meeting_pk)
    if not meeting.minutes_are_public:
        raise Http404
    from meetings import pdf

    data, _document = pdf.minutes_pdf_stored(meeting)
    return _pdf_response(data, f"protokoll-{meeting.pk}.pdf")


@require_GET
def case_detail(request, slug, case_pk):
    partnership = _partnership(slug)
    case = get_object_or_404(public_cases(partnership).select_related("body"), pk=case_pk)
    documents = list(case.documents.current().order_by("uploaded_at", "pk"))
    handlings = list(case.handlings.filter(Q(agenda_item__isnull=True) | Q(agenda_item__meeting__body__meetings_public=True))
                     .select_related("body", "agenda_item__meeting").order_by("created_at", "pk"))
    decisions = with_reservations_and_notes(latest_versions(public_decisions(partnership).filter(handling__case=case)))
    # After the decision: the parties' answers so far and the follow-up, as far as the decision is public.
    progress = case_progress(case, decisions)
    today = timezone.localdate()
    for anchoring_round in progress["rounds"]:
        anchoring_round.tally = tally_answers(list(anchoring_round.answers.all()), deadline=anchoring_round.deadline, today=today)
    return render(request, "public/case_detail.html", {
        "partnership": partnership, "case": case, "documents": documents, "handlings": handlings,
        "decisions": decisions, **progress,
    })


@require_GET
def document(request, slug, document_pk):
    """A public case document's file. An exempt one is never served here, whoever asks."""
    partnership = _partnership(slug)
    document = get_object_or_404(CaseDocument.objects.filter(case__in=public_cases(partnership)), pk=document_pk)
    if document.exempt:
        return render(request, "public/exempt_document.html", {"partnership": partnership, "document": document}, status=403)
    if not document.file:
        raise Http404
    return files.stored_file_response(document.file, title=document.title)


def _matching_public_decisions(partnership, q):
    """Decisions of the partnership's public meetings whose minutes are approved (as meetings.selectors.public_decisions)
    whose case or decision points have every word of `q`, newest first, at most SEARCH_LIMIT.

    Looked up from each side's search index (the matching cases, the matching points) and merged, so a rare word
    costs as little as a common one, and neither walks the decisions of other partnerships:

    - the points: the matching points' decisions are read from the points' index first (none, for most words);
    - the cases: the newest matches of the last year first; only when the year has fewer than SEARCH_LIMIT are
      older decisions looked at. A common word is then answered from one year of decisions, however many years
      the partnership has behind it.
    """
    public = Decision.objects.filter(handling__agenda_item__meeting__body__partnership=partnership,
                                     handling__agenda_item__meeting__body__meetings_public=True,
                                     handling__agenda_item__meeting__status__in=MINUTES_PUBLIC)
    matching_cases = Case.objects.filter(partnership=partnership).filter(text_search.matches(q, fields=("title",)))
    newest = set()
    by_case = public.filter(handling__case__in=matching_cases).order_by("-decided_at", "-pk").values_list("decided_at", "pk")
    found = list(by_case.filter(decided_at__gte=timezone.now() - timedelta(days=365))[:SEARCH_LIMIT])
    if len(found) < SEARCH_LIMIT:
        found = list(by_case[:SEARCH_LIMIT])
    newest.update(found)
    # Straight from the points' index (the partnership is checked by `public`): no join before the word is found.
    # No LIMIT here: with one PostgreSQL would rather scan every point than use the index.
    point_rows = list(DecisionPoint.objects.filter(text_search.matches(q, fields=("text",))).order_by()
                      .values_list("decision_id", flat=True))
    point_decisions = sorted(set(point_rows))
    if len(point_rows) > POINT_DECISIONS_AT_ONCE:  # a word in very many points: let the database join them
        point_decisions = (DecisionPoint.objects.filter(decision__handling__case__partnership=partnership)
                           .filter(text_search.matches(q, fields=("text",))).values("decision_id"))
    if point_decisions:
        newest.update(public.filter(pk__in=point_decisions).order_by("-decided_at", "-pk").values_list("decided_at", "pk")[:SEARCH_LIMIT])
    ids = [pk for _decided_at, pk in sorted(newest, reverse=True)[:SEARCH_LIMIT]]
    decisions = (Decision.objects.filter(pk__in=ids).select_related("handling__case__body", "handling__agenda_item__meeting__body")
                 .prefetch_related(Prefetch("points", queryset=DecisionPoint.objects.order_by("number"))))
    return latest_versions(sorted(decisions, key=lambda d: (d.decided_at, d.pk), reverse=True))


# Up to this many matching points have their decisions looked up by id; beyond it the database joins them.
POINT_DECISIONS_AT_ONCE = 500


@require_GET
def search(request, slug):
    """Search public cases, decisions, documents (titles only) and meetings.

    Full-text search in Norwegian on PostgreSQL (every word must match, word forms and compounds included,
    common/search.py); a contains-search for every word elsewhere. Every part starts from the partnership's own
    public meetings, so its cost follows the partnership, not the whole database.
    """
    partnership = _partnership(slug)
    q = request.GET.get("q", "").strip()[:100]
    results = {"cases": [], "decisions": [], "documents": [], "meetings": []}
    if len(q) >= 2:
        meetings = public_meetings(partnership)
        # Cases on the agenda of the partnership's public meetings whose notice is sent (AgendaItem.case is the
        # handling's case, kept on the item), as in meetings.selectors.public_cases.
        on_agenda = AgendaItem.objects.filter(meeting__in=meetings.filter(status__in=AGENDA_PUBLIC)).values("case_id")
        cases = Case.objects.filter(partnership=partnership, pk__in=on_agenda)
        results["cases"] = list(cases.filter(text_search.matches(q, fields=("title", "subject", "proposed_decision", "background")))
                                .select_related("body").order_by("-year", "-number", "-pk")[:SEARCH_LIMIT])
        results["decisions"] = _matching_public_decisions(partnership, q)
        # Titles only: the content of an exempt document is never searched.
        results["documents"] = list(CaseDocument.objects.current().filter(case__in=cases).filter(text_search.matches(q, fields=("title",)))
                                    .select_related("case").order_by("-uploaded_at", "-pk")[:SEARCH_LIMIT])
        results["meetings"] = list(meetings.filter(text_search.contains_every_word(q, ("title", "body__name", "place")))
                                   .select_related("body").order_by("-starts_at", "-pk")[:SEARCH_LIMIT])
    return render(request, "public/search.html", {"partnership": partnership, "q": q, "results": results,
                                                  "searched": len(q) >= 2})
