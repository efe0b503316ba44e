"""E-mails about meetings, one small function per message (templates in templates/emails/, in threes)."""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import EmailSettings

# Links in e-mails point at the public pages (all meetings are public; exempt documents show only their
# title and legal basis there). A link whose page does not exist is left out.
def wants_email(person, kind):
    """Whether the person gets this kind of e-mail (their e-mail settings; everyone does until they say otherwise)."""
    if kind not in EmailSettings.KINDS:
        raise ValueError(kind)
    settings_row = EmailSettings.objects.filter(person=person).first()
    return True if settings_row is None else bool(getattr(settings_row, kind))


def absolute_url(name, **kwargs):
    try:
        return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"
    except NoReverseMatch:
        return ""


def agenda_context(meeting):
    """The agenda as the notice shows it: numbered items, case numbers and links to the documents."""
    slug = meeting.body.partnership.slug
    items = []
    for number, item in enumerate(meeting.items.select_related("handling__case").prefetch_related("handling__case__documents"), start=1):
        entry = {"number": number, "item": item, "case": None, "documents": []}
        if item.handling_id:
            case = item.handling.case
            entry.update(case=case, purpose=item.handling.get_purpose_display(),
                         case_url=absolute_url("public:case", slug=slug, case_pk=case.pk),
                         presentation_url=absolute_url("public:case_presentation_pdf", slug=slug, case_pk=case.pk))
            entry["documents"] = [{"document": d, "url": absolute_url("public:document", slug=slug, document_pk=d.pk)}
                                  for d in case.documents.all()]
        items.append(entry)
    return items


def _send(template, context, recipients):
    subject = render_to_string(f"emails/{template}-subject.txt", context).strip().replace("\n", " ")
    text = render_to_string(f"emails/{template}-body.txt", context)
    html = render_to_string(f"emails/{template}-body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    message.send()
    return message


def _meeting_context(meeting):
    return {
        "meeting": meeting,
        "body": meeting.body,
        "partnership": meeting.body.partnership,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "agenda": agenda_context(meeting),
        "notice_pdf_url": absolute_url("public:notice_pdf", slug=meeting.body.partnership.slug, meeting_pk=meeting.pk),
        "meeting_url": absolute_url("public:meeting", slug=meeting.body.partnership.slug, meeting_pk=meeting.pk),
    }


def notice(meeting, people):
    """The notice (innkalling) with the agenda, one personal message per person called."""
    context = _meeting_context(meeting)
    return [_send("notice", {**context, "person": person}, [person.email]) for person in people
            if person.email and wants_email(person, "notices")]


def deputy_called(meeting, attendance):
    """The personal deputy is called because the member sent apologies."""
    person = attendance.membership.person
    if not person.email or not wants_email(person, "deputy_called"):
        return None
    context = {**_meeting_context(meeting), "person": person, "member": attendance.substitute_for.person if attendance.substitute_for_id else None}
    return _send("deputy-called", context, [person.email])


def reminders(partnership, person, lines, *, on, overview=False):
    """The day's reminders to one person: their own, or (`overview`) all of the partnership's for the secretariat."""
    context = {"partnership": partnership, "person": person, "lines": lines, "on": on, "overview": overview,
               "dashboard_url": absolute_url("dashboard", slug=partnership.slug) if overview else ""}
    return _send("reminders", context, [person.email])


def _minutes_context(meeting, person):
    return {**_meeting_context(meeting), "person": person,
            "review_url": absolute_url("member:meeting_detail", meeting_pk=meeting.pk)}


def minutes_to_approve(meeting, people):
    """The chosen approvers are asked to read and approve the draft minutes (unless they turned this off)."""
    return [_send("minutes-to-approve", _minutes_context(meeting, person), [person.email]) for person in people
            if person.email and wants_email(person, "minutes_to_approve")]


def minutes_for_comment(meeting, people):
    """Those who attended are told the draft minutes are ready for their comments (unless they turned this off)."""
    return [_send("minutes-for-comment", _minutes_context(meeting, person), [person.email]) for person in people
            if person.email and wants_email(person, "minutes_for_comment")]
