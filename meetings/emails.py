"""E-mails about meetings, one small function per message (templates in templates/emails/, in threes), written in
the language of the meeting's body (Body.language).

Each message is written for its reader: a document is linked when the reader may open it. A public body's
documents link to the public pages; an exempt document links to the members' page only for a reader entitled
to open it (bodies.permissions.can_view_exempt), and shows its title and legal basis to everyone else.
"""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cases.documents import documents_for_reader

from .models import EmailSettings


def wants_email(person, kind):
    """Whether the person gets this kind of e-mail (their e-mail settings; everyone does until they say otherwise)."""
    if kind not in EmailSettings.KINDS:
        raise ValueError(kind)
    settings_row = EmailSettings.objects.filter(person=person).first()
    return True if settings_row is None else bool(getattr(settings_row, kind))


def absolute_url(name, **kwargs):
    """The full address of a page, or "" when there is no such page (a link to nowhere is left out)."""
    try:
        return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"
    except NoReverseMatch:
        return ""


def _document_url(readable, *, slug, public_body):
    document = readable.document
    if not readable.may_open:
        return ""
    if document.exempt or not public_body:
        return absolute_url("member:document", document_pk=document.pk)
    return absolute_url("public:document", slug=slug, document_pk=document.pk)


def agenda_context(meeting, *, reader=None):
    """The agenda as the notice shows it: numbered items, case numbers and links to what ``reader`` may open.

    ``reader`` is a user account (or None: anyone, as on the public notice PDF).
    """
    slug = meeting.body.partnership.slug
    public_body = meeting.body.meetings_public
    items = []
    for number, item in enumerate(meeting.items.select_related("handling__case").order_by("position", "pk"), start=1):
        entry = {"number": number, "item": item, "case": None, "documents": []}
        if item.handling_id:
            case = item.handling.case
            entry.update(case=case, purpose=item.handling.get_purpose_display(),
                         case_url=absolute_url("public:case", slug=slug, case_pk=case.pk) if public_body else "",
                         presentation_url=absolute_url("meetings:case_presentation_open", slug=slug, case_pk=case.pk))
            entry["documents"] = [
                {"document": readable.document, "url": _document_url(readable, slug=slug, public_body=public_body)}
                for readable in documents_for_reader(case, reader, public=reader is None)]
        items.append(entry)
    return items


def _send(template, context, recipients, attachments=()):
    subject = render_to_string(f"emails/{template}-subject.txt", context).strip().replace("\n", " ")
    text = render_to_string(f"emails/{template}-body.txt", context)
    html = render_to_string(f"emails/{template}-body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
    return message


def _meeting_context(meeting, *, reader=None):
    slug = meeting.body.partnership.slug
    public_body = meeting.body.meetings_public
    return {
        "meeting": meeting,
        "body": meeting.body,
        "partnership": meeting.body.partnership,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "agenda": agenda_context(meeting, reader=reader),
        "notice_pdf_url": absolute_url("public:notice_pdf", slug=slug, meeting_pk=meeting.pk) if public_body else "",
        "meeting_url": absolute_url("public:meeting", slug=slug, meeting_pk=meeting.pk) if public_body else "",
        "member_meeting_url": absolute_url("member:meeting_detail", meeting_pk=meeting.pk),
        "pack_url": absolute_url("meetings:pack_member", meeting_pk=meeting.pk),
    }


def _reader(person):
    return getattr(person, "user", None)


def notice(meeting, people):
    """The notice (innkalling) with the agenda, one personal message per person called, in the body's language."""
    with meeting.body.in_own_language():
        return [_send("notice", {**_meeting_context(meeting, reader=_reader(person)), "person": person}, [person.email])
                for person in people if person.email and wants_email(person, "notices")]


def deputy_called(meeting, attendance):
    """The personal deputy is called because the member sent apologies."""
    person = attendance.membership.person
    if not person.email or not wants_email(person, "deputy_called"):
        return None
    with meeting.body.in_own_language():
        context = {**_meeting_context(meeting, reader=_reader(person)), "person": person,
                   "member": attendance.substitute_for.person if attendance.substitute_for_id else None}
        return _send("deputy-called", context, [person.email])


def reminders(partnership, person, lines, *, on, overview=False):
    """The day's reminders to one person: their own, or (`overview`) all of the partnership's for the secretariat."""
    context = {"partnership": partnership, "person": person, "lines": lines, "on": on, "overview": overview,
               "dashboard_url": absolute_url("dashboard", slug=partnership.slug) if overview else ""}
    return _send("reminders", context, [person.email])


def _minutes_context(meeting, person):
    return {**_meeting_context(meeting, reader=_reader(person)), "person": person,
            "review_url": absolute_url("member:meeting_detail", meeting_pk=meeting.pk)}


def minutes_to_approve(meeting, people):
    """The chosen approvers are asked to read and approve the draft minutes (unless they turned this off)."""
    with meeting.body.in_own_language():
        return [_send("minutes-to-approve", _minutes_context(meeting, person), [person.email]) for person in people
                if person.email and wants_email(person, "minutes_to_approve")]


def minutes_for_comment(meeting, people):
    """Those who attended are told the draft minutes are ready for their comments (unless they turned this off)."""
    with meeting.body.in_own_language():
        return [_send("minutes-for-comment", _minutes_context(meeting, person), [person.email]) for person in people
                if person.email and wants_email(person, "minutes_for_comment")]


def supplementary_notice(notice, people, *, pdf=None):
    """The supplementary notice (tilleggsinnkalling): the changes since the last notice and the agenda as it now
    stands, with the PDF attached, one personal message per person called."""
    meeting = notice.meeting
    changes = list(notice.changes.select_related("case", "moved_to__body").order_by("changed_at", "pk"))
    attachments = [(f"tilleggsinnkalling-{meeting.pk}-{notice.number}.pdf", pdf, "application/pdf")] if pdf else []
    with meeting.body.in_own_language():
        return [_send("supplementary-notice", {**_meeting_context(meeting, reader=_reader(person)), "person": person,
                                               "notice": notice, "changes": changes}, [person.email], attachments)
                for person in people if person.email and wants_email(person, "notices")]
