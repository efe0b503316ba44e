"""Rows as OParl 1.1 objects (plain dicts for JsonResponse). Only what the public pages show goes out.

Every object has its ``id`` (the absolute URL it is served at) and ``type`` (``https://schema.oparl.org/1.1/…``);
``created`` and ``modified`` come from the history (see selectors.with_times). Persons carry no contact data.
"""
import os

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

SCHEMA = "https://schema.oparl.org/1.1/"
# Norsk lisens for offentlige data: the open licence of Norwegian public sector data.
LICENSE = "https://data.norge.no/nlod/no/2.0"


def oparl_type(name):
    return f"{SCHEMA}{name}"


def date_time(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def compact(data):
    """Leave out properties without a value (OParl: absent rather than null)."""
    return {key: value for key, value in data.items() if value is not None}


class Links:
    """Absolute URLs of the API's objects and lists, and of the public pages, for one request."""

    def __init__(self, request, slug=None):
        self.request = request
        self.slug = slug

    def url(self, name, **kwargs):
        return self.request.build_absolute_uri(reverse(name, kwargs=kwargs))

    def api(self, name, **kwargs):
        return self.url(f"oparl:{name}", **kwargs)

    def body_api(self, name, **kwargs):
        return self.api(name, slug=self.slug, **kwargs)

    # The URL keyword of each kind's id (as on the public pages; views.KEYS names the same).
    KEYS = {"organization": "body_pk", "person": "person_pk", "membership": "membership_pk", "meeting": "meeting_pk",
            "agendaitem": "item_pk", "paper": "case_pk", "consultation": "handling_pk", "file_document": "document_pk",
            "file_minutes": "meeting_pk"}

    def obj(self, kind, pk):
        return self.body_api(kind, **{self.KEYS[kind]: pk})

    def lst(self, kind):
        return self.body_api(f"{kind}_list")

    def public(self, name, **kwargs):
        return self.url(f"public:{name}", slug=self.slug, **kwargs)


def times(row):
    return {"created": date_time(getattr(row, "oparl_created", None)),
            "modified": date_time(getattr(row, "oparl_modified", None))}


def system(links):
    return compact({
        "id": links.api("system"),
        "type": oparl_type("System"),
        "oparlVersion": SCHEMA,
        "body": links.api("body_list"),
        "name": "Helsefellesskap",
        "license": LICENSE,
        "website": links.url("public:index"),
        "web": links.url("public:index"),
    })


def body(links, partnership):
    links = Links(links.request, partnership.slug)
    return compact({
        "id": links.api("body", slug=partnership.slug),
        "type": oparl_type("Body"),
        "system": links.api("system"),
        "shortName": partnership.slug,
        "name": partnership.name,
        "website": links.public("partnership"),
        "license": LICENSE,
        "classification": "Helsefellesskap",
        "organization": links.lst("organization"),
        "person": links.lst("person"),
        "meeting": links.lst("meeting"),
        "paper": links.lst("paper"),
        "legislativeTerm": [],
        "membership": links.lst("membership"),
        "agendaItem": links.lst("agendaitem"),
        "consultation": links.lst("consultation"),
        "file": links.lst("file"),
        "web": links.public("partnership"),
        **times(partnership),
    })


def organization(links, body):
    parent = body.appointed_by if body.appointed_by_id and body.appointed_by.meetings_public else None
    return compact({
        "id": links.obj("organization", body.pk),
        "type": oparl_type("Organization"),
        "body": links.api("body", slug=links.slug),
        "name": body.name,
        "shortName": body.short_name or None,
        "organizationType": "Gremium",
        "classification": str(body.kind),
        "subOrganizationOf": links.obj("organization", parent.pk) if parent else None,
        "startDate": body.active_from.isoformat() if body.active_from else None,
        "endDate": body.active_until.isoformat() if body.active_until else None,
        "membership": [links.obj("membership", pk) for pk in body.oparl_membership_ids],
        "meeting": links.body_api("organization_meeting_list", body_pk=body.pk),
        "web": links.public("body", body_pk=body.pk),
        **times(body),
    })


def membership(links, seat, *, embedded=False):
    return compact({
        "id": links.obj("membership", seat.pk),
        "type": oparl_type("Membership"),
        "person": None if embedded else links.obj("person", seat.person_id),
        "organization": links.obj("organization", seat.body_id),
        "role": seat.get_role_display(),
        "votingRight": seat.votes_in_own_right,
        "startDate": seat.term_start.isoformat(),
        "endDate": seat.term_end.isoformat() if seat.term_end else None,
        **times(seat),
    })


def person(links, person):
    return compact({
        "id": links.obj("person", person.pk),
        "type": oparl_type("Person"),
        "body": links.api("body", slug=links.slug),
        "name": person.full_name,
        "familyName": person.last_name or None,
        "givenName": person.first_name or None,
        "membership": [membership(links, seat, embedded=True) for seat in person.oparl_memberships],
        **times(person),
    })


def _resolution(item):
    """The decision of an item once the minutes are public (the latest version), as text and result."""
    if not (item.handling_id and item.meeting.minutes_are_public):
        return None, None
    decisions = list(item.handling.decisions.all())
    if not decisions:
        return None, item.handling.get_outcome_display()
    latest = max(decisions, key=lambda d: d.version)
    text = "\n".join(f"{point.number}. {point.text}" for point in sorted(latest.points.all(), key=lambda p: p.number))
    return text or None, item.handling.get_outcome_display()


def agenda_item(links, item, *, embedded=False):
    text, result = _resolution(item)
    case = item.handling.case if item.handling_id else None
    return compact({
        "id": links.obj("agendaitem", item.pk),
        "type": oparl_type("AgendaItem"),
        "meeting": None if embedded else links.obj("meeting", item.meeting_id),
        "number": str(item.position),
        "name": str(case) if case else (item.title or item.get_kind_display()),
        "public": True,
        "consultation": links.obj("consultation", item.handling_id) if item.handling_id else None,
        "result": result,
        "resolutionText": text,
        **times(item),
    })


def minutes_file(links, document):
    meeting = document.minutes.meeting
    name = _("Protokoll %(body)s %(date)s, versjon %(version)s") % {
        "body": meeting.body, "date": date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT"),
        "version": document.version}
    public_pdf = links.public("minutes_pdf", meeting_pk=meeting.pk)
    return compact({
        "id": links.obj("file_minutes", meeting.pk),
        "type": oparl_type("File"),
        "name": name,
        "fileName": os.path.basename(document.file.name),
        "mimeType": "application/pdf",
        "date": document.created_at.date().isoformat(),
        "size": _size(document.file),
        "accessUrl": public_pdf,
        "downloadUrl": public_pdf,
        "meeting": [links.obj("meeting", meeting.pk)],
        "fileLicense": LICENSE,
        **times(document),
    })


def case_file(links, document):
    return compact({
        "id": links.obj("file_document", document.pk),
        "type": oparl_type("File"),
        "name": document.title,
        "fileName": os.path.basename(document.file.name),
        "date": timezone.localdate(document.uploaded_at).isoformat(),
        "size": _size(document.file),
        "accessUrl": links.public("document", document_pk=document.pk),
        "downloadUrl": links.public("document", document_pk=document.pk),
        "paper": [links.obj("paper", document.case_id)],
        "fileLicense": LICENSE,
        **times(document),
    })


def _size(field_file):
    try:
        return field_file.size
    except (FileNotFoundError, OSError):
        return None


def meeting(links, meeting):
    items = [agenda_item(links, item, embedded=True) for item in meeting.oparl_items] if meeting.agenda_is_public else []
    protocol = None
    if meeting.minutes_are_public and meeting.oparl_minutes_documents:
        protocol = minutes_file(links, meeting.oparl_minutes_documents[0])
    return compact({
        "id": links.obj("meeting", meeting.pk),
        "type": oparl_type("Meeting"),
        "name": meeting.title or meeting.body.name,
        "meetingState": meeting.get_status_display(),
        "cancelled": False,
        "start": date_time(meeting.starts_at),
        "end": date_time(meeting.ends_at),
        "organization": [links.obj("organization", meeting.body_id)],
        "agendaItem": items,
        "resultsProtocol": protocol,
        "web": links.public("meeting", meeting_pk=meeting.pk),
        **times(meeting),
    })


def consultation(links, handling, *, embedded=False):
    item = getattr(handling, "agenda_item", None)
    on_public_agenda = item is not None and item.meeting.agenda_is_public
    return compact({
        "id": links.obj("consultation", handling.pk),
        "type": oparl_type("Consultation"),
        "paper": None if embedded else links.obj("paper", handling.case_id),
        "agendaItem": links.obj("agendaitem", item.pk) if on_public_agenda else None,
        "meeting": links.obj("meeting", item.meeting_id) if on_public_agenda else None,
        "organization": [links.obj("organization", handling.body_id)] if handling.body.meetings_public else [],
        "authoritative": handling.authoritative,
        "role": handling.get_purpose_display(),
        **times(handling),
    })


def paper(links, case):
    files = [case_file(links, document) for document in case.oparl_files]
    date = timezone.localdate(case.registered_at or case.reported_at)
    return compact({
        "id": links.obj("paper", case.pk),
        "type": oparl_type("Paper"),
        "body": links.api("body", slug=links.slug),
        "name": case.title,
        "reference": str(case.case_number) or None,
        "date": date.isoformat(),
        "paperType": case.get_case_type_display(),
        "mainFile": files[0] if files else None,
        "auxiliaryFile": files[1:],
        "underDirectionOf": [links.obj("organization", case.body_id)] if case.body_id and case.body.meetings_public else [],
        "consultation": [consultation(links, handling, embedded=True) for handling in case.oparl_consultations],
        "web": links.public("case", case_pk=case.pk),
        **times(case),
    })
