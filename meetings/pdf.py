"""PDF documents from ordinary Django templates, rendered by WeasyPrint (wrapped here, once).

One function per document: notice_pdf, case_presentation_pdf, minutes_pdf, each in the body's language. Templates live in
templates/meetings/pdf/ and templates/cases/pdf/ and extend templates/pdf/base_pdf.html; a partnership can
adapt logo, colours and wording by overriding blocks or passing `branding` in the context.
"""
import gc
import mimetypes
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cases.models import Position
from members.models import Membership

from .emails import agenda_context
from .models import Attendance, Minutes


class LocalFetcher(URLFetcher):
    """Serves static and media files from disk; rendering never reaches out to the network."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme in ("data", "file"):
            return super().fetch(url, headers)
        path = parts.path
        content = None
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path.removeprefix(settings.STATIC_URL))
            if not found and settings.STATIC_ROOT:
                candidate = settings.STATIC_ROOT / path.removeprefix(settings.STATIC_URL)
                found = str(candidate) if candidate.exists() else None
            if found:
                with open(found, "rb") as handle:
                    content = handle.read()
        elif path.startswith(settings.MEDIA_URL):
            name = path.removeprefix(settings.MEDIA_URL)
            if default_storage.exists(name):
                with default_storage.open(name) as handle:
                    content = handle.read()
        if content is None:
            raise ValueError(f"PDF-ressursen finnes ikke lokalt: {url}")
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=content, headers={"Content-Type": mime})


_fetchers = threading.local()


def local_fetcher():
    """This thread's LocalFetcher, made once: building one sets up an HTTPS context (tens of milliseconds) it never uses."""
    fetcher = getattr(_fetchers, "fetcher", None)
    if fetcher is None:
        fetcher = _fetchers.fetcher = LocalFetcher()
    return fetcher


_gc_lock = threading.Lock()
_gc_pauses = {"count": 0, "was_enabled": False}


@contextmanager
def gc_paused():
    """The cyclic garbage collector held back while WeasyPrint builds and lays out its boxes.

    A PDF creates hundreds of thousands of short-lived objects, and the collector's passes over them cost about
    a seventh of the rendering time. Reference counting still frees them as usual; the collector runs again as
    soon as the last concurrent rendering in the process is done.
    """
    with _gc_lock:
        if _gc_pauses["count"] == 0:
            _gc_pauses["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_pauses["count"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses["count"] -= 1
            if _gc_pauses["count"] == 0 and _gc_pauses["was_enabled"]:
                gc.enable()


def default_base_url():
    return f"{settings.SITE_URL}/"


PRINT_CSS = "pdf/print.css"
_shared = {}
_shared_lock = threading.Lock()


def _print_stylesheet():
    """The print stylesheet and the font configuration, parsed and loaded once per process (not once per PDF)."""
    with _shared_lock:
        if not _shared:
            fonts = FontConfiguration()
            path = finders.find(PRINT_CSS) or str(settings.STATIC_ROOT / PRINT_CSS)
            _shared["fonts"] = fonts
            _shared["css"] = CSS(filename=path, font_config=fonts, url_fetcher=local_fetcher())
        return _shared["css"], _shared["fonts"]


def render_pdf(template_name, context, *, base_url, pdf_variant=None):
    """Render a Django template to PDF bytes. pdf_variant e.g. "pdf/a-3b" for archival copies.

    The print stylesheet comes parsed from the process's cache (templates/pdf/base_pdf.html links it only when
    rendered without it); the page's own <style> block still applies on top.
    """
    stylesheet, fonts = _print_stylesheet()
    html = render_to_string(template_name, {**context, "print_css_shared": True})
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    with gc_paused():
        return HTML(string=html, base_url=base_url, url_fetcher=local_fetcher()).write_pdf(
            stylesheets=[stylesheet], font_config=fonts, **options)


def branding_for(partnership):
    """A partnership's logo and colour for its PDFs: settings.PDF_BRANDING = {slug: {"logo_url": …, "colour": …}}.

    logo_url may be a static path (/static/…), a media path or a data: URL; nothing is fetched from the network.
    """
    return dict(getattr(settings, "PDF_BRANDING", {}).get(partnership.slug, {}))


def _common(meeting):
    body = meeting.body
    return {
        "meeting": meeting,
        "body": body,
        "partnership": body.partnership,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "branding": branding_for(body.partnership),
    }


# -- notice -------------------------------------------------------------------------------------------


def notice_context(meeting):
    return {**_common(meeting), "agenda": agenda_context(meeting), "notice_changes": list(meeting.notice_changes.all()),
            "called": attendance_rows(meeting, statuses=None)}


def notice_pdf(meeting, *, video_link=False):
    """The notice (innkalling) with the agenda. The video link only in the secretariat's copy (``video_link=True``):
    the public notice is open to anyone, and members have the link on their own pages and in the notice e-mail."""
    with meeting.body.in_own_language():
        context = {**notice_context(meeting), "show_video_link": video_link}
        return render_pdf("meetings/pdf/notice.html", context, base_url=default_base_url())


# -- case presentation --------------------------------------------------------------------------------


def case_presentation_context(case):
    handlings = list(case.handlings.select_related("body", "agenda_item__meeting").order_by("created_at", "pk"))
    return {
        "case": case,
        "partnership": case.partnership,
        "body": case.body,
        "proposed_points": [line.strip() for line in case.proposed_decision.splitlines() if line.strip()],
        "handlings": handlings,
        "documents": list(case.documents.all()),
        "priority_groups": list(case.priority_groups.all()),
        "branding": branding_for(case.partnership),
    }


def case_presentation_pdf(case):
    """The case presentation (saksfremlegg) with the proposed decision, in its body's language (bokmål without a body)."""
    with case.body.in_own_language() if case.body_id else translation.override(settings.LANGUAGE_CODE):
        return render_pdf("cases/pdf/case_presentation.html", case_presentation_context(case), base_url=default_base_url())


# -- minutes ------------------------------------------------------------------------------------------


def rights_labels(attendance):
    """The rights shown in the minutes: the same rule the consensus counts by (Attendance.rights)."""
    rights = attendance.rights()
    labels = []
    if attendance.membership.role == Membership.Role.OBSERVER:
        labels.append(_("observatør"))
    if rights.vote:
        labels.append(_("stemmerett"))
    if rights.speak:
        labels.append(_("talerett"))
    if rights.propose:
        labels.append(_("forslagsrett"))
    return labels


def attendance_rows(meeting, *, statuses=(Attendance.Status.PRESENT,)):
    rows = meeting.attendances.select_related("membership__person", "substitute_for__person", "left_at_item__handling__case")
    if statuses is not None:
        rows = rows.filter(status__in=statuses)
    role_order = {role: i for i, role in enumerate(Membership.Role.values)}
    rows = sorted(rows, key=lambda a: (role_order.get(a.membership.role, 99), a.membership.side, a.membership.person.last_name))
    return [{"attendance": a, "person": a.membership.person, "membership": a.membership, "rights": rights_labels(a),
             "substitute_for": a.substitute_for.person if a.substitute_for_id else None} for a in rows]


def _item_rows(meeting):
    items = (meeting.items.select_related("handling__case__body")
             .prefetch_related("handling__decisions__points", "handling__decisions__tasks__responsible_person",
                               "handling__decisions__tasks__responsible_party", "handling__positions__membership__person",
                               "handling__protocol_notes__membership__person", "handling__disqualifications__membership__person",
                               "guests"))
    rows = []
    for number, item in enumerate(items, start=1):
        row = {"number": number, "item": item, "case": None, "guests": list(item.guests.all())}
        handling = item.handling
        if handling is not None:
            decisions = sorted(handling.decisions.all(), key=lambda d: d.version)
            decision = decisions[-1] if decisions else None
            row.update(
                case=handling.case, handling=handling, purpose=handling.get_purpose_display(),
                outcome=handling.get_outcome_display(), decision=decision,
                not_treated=handling.note if handling.outcome == handling.Outcome.POSTPONED else "",
                points=list(decision.points.all()) if decision else [],
                tasks=list(decision.tasks.all()) if decision else [],
                reservations=[p for p in handling.positions.all() if p.reservation.strip()],
                disagreements=[p for p in handling.positions.all() if p.stance == Position.Stance.DISAGREE],
                protocol_notes=list(handling.protocol_notes.all()),
                disqualifications=list(handling.disqualifications.all()),
            )
        rows.append(row)
    return rows


def minutes_context(meeting):
    minutes = Minutes.objects.filter(meeting=meeting).first()
    approvals = list(minutes.approvals.filter(version__lte=minutes.version).select_related("person")) if minutes else []
    return {
        **_common(meeting),
        "minutes": minutes,
        "present": attendance_rows(meeting),
        "apologies": attendance_rows(meeting, statuses=(Attendance.Status.APOLOGIES,)),
        "absent": attendance_rows(meeting, statuses=(Attendance.Status.ABSENT,)),
        "items": _item_rows(meeting),
        "approvals": approvals,
        "approved_at": timezone.localtime(minutes.approved_at) if minutes and minutes.approved_at else None,
        "corrections": list(minutes.corrections.all()) if minutes else [],
    }


def minutes_pdf(meeting, *, pdf_variant=None):
    """Render the minutes (protokoll) in the body's language. Approved minutes are rendered once by the services (the
    archival copy); see minutes_pdf_stored."""
    with meeting.body.in_own_language():
        return render_pdf("meetings/pdf/minutes.html", minutes_context(meeting), base_url=default_base_url(),
                          pdf_variant=pdf_variant)


def minutes_pdf_stored(meeting):
    """The PDF to show: the stored archival file once the minutes are approved, otherwise a draft rendering.

    Returns (bytes, document or None).
    """
    from .services import minutes_document_current

    document = minutes_document_current(meeting=meeting)
    if document is None:
        return minutes_pdf(meeting), None
    with document.file.open("rb") as handle:
        return handle.read(), document
