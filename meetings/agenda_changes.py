"""The agenda after the notice is sent: withdraw, postpone, move and add items, and the supplementary notice.

Each change of a sent notice is recorded as a NoticeChange with its reason. The changes made since the last
supplementary notice (tilleggsinnkalling) go out together, by e-mail to those called and as a PDF, when the
secretariat sends it. Withdrawing an item also ends its handling (a handling never treated is removed with
the item, so no handling is left without a meeting); postponing moves the same item and handling to a later
meeting of the body.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.history import history_user, stamp
from cases.models import Handling, Purpose
from cases.two_step import two_step_problem
from members.models import Person

from . import emails, pack, services
from .services import _bump, _locked, _save  # the meeting services' save with history, row lock and version bump
from .models import AgendaItem, Attendance, Meeting, NoticeChange, SupplementaryNotice

MSG_REASON = services.MSG_REASON
MSG_BEGUN = gettext_lazy("Møtet %(meeting)s har begynt eller er holdt; sakslisten kan ikke endres lenger.")
MSG_TREATED = gettext_lazy("«%(item)s» er allerede behandlet i møtet og kan ikke trekkes eller utsettes.")
MSG_NOT_A_CASE = gettext_lazy("Bare saker kan utsettes til et senere møte; en fast post trekkes.")
MSG_NOTHING_TO_SEND = gettext_lazy("Ingen endringer i sakslisten siden forrige innkalling; det er ingen tilleggsinnkalling å sende.")
MSG_NOTICE_NOT_SENT = gettext_lazy("Innkallingen er ikke sendt ennå; endringene kommer med i innkallingen.")


def _refuse_if_begun(meeting):
    if meeting.has_begun():
        raise ValidationError(MSG_BEGUN % {"meeting": meeting})


def _locked_item(item):
    item = (AgendaItem.objects.select_for_update(of=("self",))
            .select_related("meeting__body__partnership", "handling__case", "handling__body").get(pk=item.pk))
    item.meeting = _locked(item.meeting)
    return item


def _refuse_if_treated(item):
    handling = item.handling
    if handling is None:
        return
    treated = (handling.outcome != Handling.Outcome.PENDING or handling.decisions.exists() or handling.positions.exists()
               or handling.disqualifications.exists() or handling.protocol_notes.exists())
    if treated:
        raise ValidationError(MSG_TREATED % {"item": item})


# -- withdraw ---------------------------------------------------------------------------------------------

@transaction.atomic
def item_withdraw(*, item, reason, by):
    """Take an item off the agenda of a meeting not yet begun. A case's handling, never treated, goes with it.

    After the notice the withdrawal and its reason are recorded for the supplementary notice.
    """
    item = _locked_item(item)
    meeting = item.meeting
    _refuse_if_begun(meeting)
    reason = services._notice_reason(meeting, reason)
    _refuse_if_treated(item)
    handling, case, label = item.handling, item.case, str(item)
    description = _("%(item)s er trukket fra sakslisten.") % {"item": label}
    # Attendance rows that point at the item («left during») cannot exist before the meeting; the FK is SET_NULL anyway.
    stamp(item, by, _("Trukket fra sakslisten: %(reason)s") % {"reason": reason} if reason else _("Trukket fra sakslisten"))
    item.delete()
    if handling is not None:
        stamp(handling, by, _("Trukket fra sakslisten til %(meeting)s") % {"meeting": meeting})
        handling.delete()
    services._record_notice_change(meeting, kind=NoticeChange.Kind.ITEM_REMOVED, description=description, reason=reason, by=by, case=case)
    _bump(meeting, by=by, reason=_("Sakslisten endret"))
    return meeting


# -- postpone ---------------------------------------------------------------------------------------------

def postpone_targets(meeting):
    """The meetings an item may be postponed to: later meetings of the same body not begun yet."""
    return (Meeting.objects.filter(body=meeting.body, starts_at__gt=max(meeting.starts_at, timezone.now()))
            .exclude(status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED, Meeting.Status.PUBLISHED])
            .order_by("starts_at"))


@transaction.atomic
def item_postpone(*, item, to_meeting, reason, by):
    """Postpone a case to a chosen later meeting of the same body: the same item and handling move there.

    The two-step rule is checked again for a decision; both agendas record the change when their notice is sent.
    """
    item = _locked_item(item)
    meeting = item.meeting
    _refuse_if_begun(meeting)
    reason = services._notice_reason(meeting, reason)
    if item.handling is None:
        raise ValidationError(MSG_NOT_A_CASE)
    _refuse_if_treated(item)
    if to_meeting is None:
        raise ValidationError({"to_meeting": _("Velg møtet saken utsettes til.")})
    target = _locked(to_meeting)
    if target.body_id != meeting.body_id:
        raise ValidationError({"to_meeting": _("Velg et møte i %(body)s.") % {"body": meeting.body}})
    if target.starts_at <= meeting.starts_at or target.has_begun():
        raise ValidationError({"to_meeting": _("Velg et senere møte i %(body)s som ikke er holdt ennå.") % {"body": meeting.body}})
    handling, case = item.handling, item.handling.case
    if services.already_on_agenda(case, target, other_than=handling):
        raise ValidationError({"to_meeting": services.MSG_TWICE_ON_AGENDA % {"case": case, "meeting": target}})
    if handling.purpose == Purpose.DECISION and not case.urgent:
        problem = two_step_problem(case=case, body=handling.body, before=target.starts_at)
        if problem:
            raise ValidationError({"to_meeting": problem})
    services.handling_schedule(handling=handling, meeting=target, by=by)
    item.refresh_from_db()
    services._record_notice_change(meeting, kind=NoticeChange.Kind.ITEM_POSTPONED, reason=reason, by=by, case=case, moved_to=target,
            description=_("%(case)s er utsatt til møtet %(meeting)s.") % {"case": case, "meeting": target})
    services._record_notice_change(target, kind=NoticeChange.Kind.ITEM_ADDED, reason=reason, by=by, case=case, item=item,
            description=_("%(case)s er utsatt hit fra møtet %(meeting)s.") % {"case": case, "meeting": meeting})
    _bump(meeting, by=by, reason=_("Sakslisten endret"))
    _bump(target, by=by, reason=_("Sakslisten endret"))
    return item


# -- move and add -----------------------------------------------------------------------------------------

@transaction.atomic
def item_move(*, item, position, by, reason=""):
    """Move an item to a place (1 = first) on the agenda; after the notice the change needs its reason and is recorded.

    Moving an item to the place it already has changes nothing and needs no reason.
    """
    item = _locked_item(item)
    meeting = item.meeting
    _refuse_if_begun(meeting)
    ids = list(meeting.items.order_by("position", "pk").values_list("pk", flat=True))
    try:
        position = int(position)
    except (TypeError, ValueError):
        raise ValidationError({"position": _("Oppgi en plass på sakslisten.")}) from None
    if not 1 <= position <= len(ids):
        raise ValidationError({"position": _("Velg en plass mellom 1 og %(count)s.") % {"count": len(ids)}})
    ids.remove(item.pk)
    ids.insert(position - 1, item.pk)
    services.agenda_reorder(meeting=meeting, item_ids=ids, by=by, reason=reason, moved=item)
    item.refresh_from_db()
    return item


@transaction.atomic
def item_add_case(*, meeting, case, purpose, reason, by, urgent_reason=""):
    """Add a case to an agenda; after the notice the addition needs its reason (it goes in the supplementary notice)."""
    locked = _locked(meeting)
    _refuse_if_begun(locked)
    return services.agenda_add_case(meeting=locked, case=case, purpose=purpose, by=by, urgent_reason=urgent_reason,
                                    reason=reason)


@transaction.atomic
def item_add_standing(*, meeting, kind, reason, by, title=""):
    """Add a standing item; after the notice with its reason."""
    locked = _locked(meeting)
    _refuse_if_begun(locked)
    return services.agenda_add_standing(meeting=locked, kind=kind, title=title, by=by, reason=reason)


# -- the supplementary notice -------------------------------------------------------------------------------

def pending_changes(meeting):
    """The changes of the sent notice not yet sent in a supplementary notice, oldest first."""
    return (NoticeChange.objects.filter(meeting=meeting, supplementary_notice__isnull=True)
            .select_related("case", "moved_to__body", "item__handling__case").order_by("changed_at", "pk"))


def called_people(meeting):
    """Those called to the meeting (members, observers, secretaries, deputies called) who have not sent apologies."""
    return list(Person.objects.filter(memberships__attendances__meeting=meeting,
                                      memberships__attendances__status__in=[Attendance.Status.CALLED, Attendance.Status.PRESENT])
                .exclude(email="").distinct().order_by("pk"))


@transaction.atomic
def supplementary_notice_send(*, meeting, by):
    """Send the changes since the notice (or the last supplementary notice) as one supplementary notice."""
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.PLANNED:
        raise ValidationError(MSG_NOTICE_NOT_SENT)
    _refuse_if_begun(meeting)
    changes = list(pending_changes(meeting).select_for_update(of=("self",)))
    if not changes:
        raise ValidationError(MSG_NOTHING_TO_SEND)
    number = (meeting.supplementary_notices.aggregate(m=Max("number"))["m"] or 0) + 1
    notice = _save(SupplementaryNotice(meeting=meeting, number=number, sent_by=history_user(by)), by=by,
                   reason=_("Tilleggsinnkalling sendt"))
    for change in changes:
        change.supplementary_notice = notice
        _save(change, by=by, reason=_("Sendt med tilleggsinnkalling %(number)s") % {"number": number})
    person_ids = [person.pk for person in called_people(meeting)]
    notice_pk = notice.pk
    transaction.on_commit(lambda: send_supplementary_notice.enqueue(notice_pk, person_ids))
    return notice


@task
def send_supplementary_notice(notice_id: int, person_ids: list[int]) -> int:
    """E-mail the supplementary notice (with its PDF) to each person called; returns how many."""
    notice = SupplementaryNotice.objects.select_related("meeting__body__partnership").get(pk=notice_id)
    people = list(Person.objects.filter(pk__in=person_ids).select_related("user").order_by("pk"))
    return len(emails.supplementary_notice(notice, people, pdf=pack.supplementary_notice_pdf(notice)))
