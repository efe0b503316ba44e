"""What the API lists, per partnership: the public pages' rules, asked of ``meetings.selectors``.

Every queryset carries ``oparl_created`` and ``oparl_modified`` from the model's history (simple-history):
the first and the latest recorded change of the row. Models without a history use their own timestamp.
"""
from django.db.models import Exists, F, OuterRef, Q, Subquery

from bodies.models import Body, Partnership
from cases.models import CaseDocument, Handling
from meetings.models import AgendaItem, MinutesDocument
from meetings.selectors import AGENDA_PUBLIC, MINUTES_PUBLIC, public_cases, public_meetings
from members.models import Membership, Person


def with_times(queryset):
    """Annotate the first and latest history date of each row (``oparl_created``, ``oparl_modified``)."""
    history = queryset.model.history.model.objects.filter(id=OuterRef("pk"))
    return queryset.annotate(
        oparl_created=Subquery(history.order_by("history_date").values("history_date")[:1]),
        oparl_modified=Subquery(history.order_by("-history_date").values("history_date")[:1]),
    )


def partnerships():
    return with_times(Partnership.objects.all()).order_by("name")


def organizations(partnership):
    """The partnership's bodies whose meetings are public (the public body page shows the same)."""
    return with_times(Body.objects.filter(partnership=partnership, meetings_public=True)
                      .select_related("kind", "appointed_by")).order_by("level", "name", "pk")


def memberships(partnership):
    """Seats in the partnership's public bodies: person, body, role, vote and term; nothing else of the person."""
    return with_times(Membership.objects.filter(body__partnership=partnership, body__meetings_public=True)
                      .select_related("person", "body")).order_by("body__level", "body__name", "role", "pk")


def persons(partnership):
    """People with a seat in one of the partnership's public bodies."""
    seated = Membership.objects.filter(person=OuterRef("pk"), body__partnership=partnership, body__meetings_public=True)
    return with_times(Person.objects.filter(Exists(seated))).order_by("last_name", "first_name", "pk")


def meetings(partnership):
    return with_times(public_meetings(partnership).select_related("body")).order_by("starts_at", "pk")


def agenda_items(partnership):
    """Items of public meetings whose agenda is public (the notice is sent)."""
    return with_times(AgendaItem.objects.filter(meeting__in=public_meetings(partnership), meeting__status__in=AGENDA_PUBLIC)
                      .select_related("meeting", "handling__case")).order_by("meeting__starts_at", "meeting_id", "position", "pk")


def papers(partnership):
    return with_times(public_cases(partnership).select_related("body")).order_by("year", "body_id", "number", "pk")


def consultations(partnership):
    """Handlings of public cases, as the public case page lists them: not on an agenda yet, or on a public body's."""
    return with_times(Handling.objects.filter(case__in=public_cases(partnership))
                      .filter(Q(agenda_item__isnull=True) | Q(agenda_item__meeting__body__meetings_public=True))
                      .select_related("case", "body", "agenda_item__meeting")).order_by("case_id", "created_at", "pk")


def case_documents(partnership):
    """Public case documents with a file: never an exempt one."""
    return with_times(CaseDocument.objects.filter(case__in=public_cases(partnership), exempt=False).exclude(file="")
                      .select_related("case")).order_by("case_id", "uploaded_at", "pk")


def current_case_documents(partnership):
    """The public case documents the lists show: the current version of each (a replaced version stays reachable
    at its own address, as on the public pages, but is no longer listed)."""
    return case_documents(partnership).current()


def current_minutes_documents(partnership):
    """The archival PDF of the current version of public minutes (approved, in a public body's meeting): the file
    the public minutes page serves. Earlier versions stay in the archive (see helsefellesskap/archive)."""
    return (MinutesDocument.objects.filter(minutes__meeting__in=public_meetings(partnership),
                                           minutes__meeting__status__in=MINUTES_PUBLIC, version=F("minutes__version"))
            .annotate(oparl_created=F("created_at"), oparl_modified=F("created_at"))
            .select_related("minutes__meeting__body").order_by("minutes__meeting__starts_at", "minutes_id", "version", "pk"))

