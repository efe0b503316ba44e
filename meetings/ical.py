"""iCalendar (RFC 5545) feeds of meetings: a body's meetings, and a person's meetings in their current bodies.

Written by hand (a few lines): text values are escaped (RFC 5545 3.3.11) and lines folded at 75 octets
without splitting a UTF-8 character (3.1); times are in UTC.
"""
from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Membership

from .models import Meeting

PRODID = "-//Helsefellesskap//Møter//NB"


def escape(text):
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line):
    """Fold a content line into physical lines of at most 75 octets; continuation lines start with a space."""
    out, current, limit = [], bytearray(), 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current, limit = bytearray(b" "), 75
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n".join(out)


def _utc(value):
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _host():
    return urlsplit(settings.SITE_URL).hostname or "helsefellesskap"


def _meeting_url(meeting):
    try:
        path = reverse("public:meeting", kwargs={"slug": meeting.body.partnership.slug, "meeting_pk": meeting.pk})
    except NoReverseMatch:
        return ""
    return f"{settings.SITE_URL}{path}"


def _description(meeting):
    """The agenda, once the notice is sent (before that it may still change without notice)."""
    if meeting.status == Meeting.Status.PLANNED:
        return ""
    lines = [_("Saksliste:")]
    for number, item in enumerate(meeting.items.all(), start=1):
        case = item.handling.case if item.handling_id else None
        lines.append(f"{number}. {case.case_number} {case.title}" if case else f"{number}. {item}")
    return "\n".join(lines)


def event_lines(meeting, *, stamp, video_link=False):
    """One VEVENT. The video link (a way into the meeting) only in the members' feeds: ``video_link=True``."""
    summary = meeting.title or _("Møte i %(body)s") % {"body": meeting.body}
    status = {Meeting.Status.PLANNED: "TENTATIVE"}.get(meeting.status, "CONFIRMED")
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{_host()}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{escape(summary)}",
        f"SEQUENCE:{meeting.version}",
        f"STATUS:{status}",
    ]
    location = meeting.place or (meeting.video_link if video_link else "")
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    description = _description(meeting)
    if video_link and meeting.video_link:
        description = f"{description}\n\n{_('Videolenke')}: {meeting.video_link}".strip()
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    url = _meeting_url(meeting)
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings, *, name, video_link=False):
    """A VCALENDAR text (CRLF line ends) of the given meetings; the public's feeds leave the video link out."""
    stamp = _utc(timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(name)}", "X-WR-TIMEZONE:Europe/Oslo"]
    for meeting in meetings:
        lines += event_lines(meeting, stamp=stamp, video_link=video_link)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _meetings():
    return (Meeting.objects.select_related("body__partnership")
            .prefetch_related("items__handling__case").order_by("starts_at", "pk"))


def body_calendar(body):
    """All meetings of a body, as the public sees them (no video link)."""
    return calendar(_meetings().filter(body=body), name=f"{body.name} – {body.partnership.name}")


def member_calendar(person):
    """The meetings of every body where the person holds a current membership (deputies included)."""
    bodies = Membership.objects.current().filter(person=person).values("body")
    return calendar(_meetings().filter(body__in=bodies), name=_("Møter for %(person)s") % {"person": person}, video_link=True)
