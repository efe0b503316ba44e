"""Meeting work of the secretariat: plan, build the agenda, send the notice, record attendance, approve minutes.

Every function is keyword-only, runs in one transaction and refuses bad input with a ValidationError in
Norwegian, leaving nothing half-saved. History records say who changed what and why.
"""
import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.history import history_user as _user
from bodies.history import stamp
from bodies.models import Body
from cases import services as case_services
from cases.consensus import Participant
from cases.models import Handling, Purpose
from cases.two_step import two_step_problem
from members.models import Membership, Person

from . import tasks
from .models import AgendaItem, Attendance, Meeting, Minutes, MinutesApproval, MinutesCorrection, MinutesDocument, NoticeChange

ARCHIVAL_PDF_VARIANT = "pdf/a-3b"
# The roles called to every meeting; deputies are called when their member sends apologies.
CALLED_ROLES = (*Membership.FIXED_ROLES, Membership.Role.OBSERVER, Membership.Role.SECRETARY)

MSG_REASON = gettext_lazy("Oppgi begrunnelsen for endringen; den står i tilleggsinnkallingen.")
MSG_TWICE_ON_AGENDA = gettext_lazy("Saken «%(case)s» står allerede på sakslisten til %(meeting)s.")
MSG_MEETING_NOT_BEGUN = gettext_lazy(
    "Møtet %(meeting)s er ikke holdt ennå. %(what)s registreres når møtet holdes eller er holdt."
)


def _save(obj, *, by, reason):
    """Save with the history saying who and why (django-simple-history reads these two attributes)."""
    stamp(obj, by, reason)
    obj.save()
    return obj


def _locked(meeting):
    return Meeting.objects.select_for_update(of=("self",)).select_related("body__partnership", "chair__person").get(pk=meeting.pk)


def _meeting_day(meeting):
    return timezone.localdate(meeting.starts_at)


def _bump(meeting, *, by, reason):
    meeting.version += 1
    _save(meeting, by=by, reason=reason)


def _refuse_if_frozen(meeting):
    if meeting.minutes_frozen:
        raise ValidationError(_("Protokollen er godkjent og kan ikke endres. Rettinger gjøres som en ny, registrert versjon."))


def _refuse_if_held(meeting, what):
    if meeting.is_held:
        raise ValidationError(_("Møtet er avholdt; %(what)s kan ikke endres lenger.") % {"what": what})


# -- meetings ---------------------------------------------------------------------------------------


def _check_chair(*, body, chair, on):
    """One chair, a current member of the body on the meeting day. Returns the Membership or None."""
    if chair is None:
        return None
    if isinstance(chair, (list, tuple, set)):
        chairs = [c for c in chair if c is not None]
        if len(chairs) > 1:
            raise ValidationError({"chair": _("Et møte kan bare ha én møteleder.")})
        if not chairs:
            return None
        chair = chairs[0]
    if not isinstance(chair, Membership) or chair.body_id != body.pk or not chair.is_current(on):
        person = getattr(chair, "person", chair)
        raise ValidationError({"chair": _("Møtelederen må være medlem av %(body)s på møtedagen (%(person)s er ikke det).")
                                        % {"body": body, "person": person}})
    if not chair.is_fixed:
        raise ValidationError({"chair": _("Møtelederen må være fast medlem av %(body)s, ikke %(role)s.")
                                        % {"body": body, "role": chair.get_role_display().lower()}})
    return chair


@transaction.atomic
def meeting_plan(*, body, starts_at, by, ends_at=None, place="", video_link="", chair=None, title=""):
    """Plan a meeting of a body. Without an end it lasts the body's usual length (two hours)."""
    if starts_at is None:
        raise ValidationError({"starts_at": _("Oppgi når møtet starter.")})
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if ends_at is None:
        ends_at = starts_at + timedelta(minutes=body.default_meeting_minutes or 120)
    elif timezone.is_naive(ends_at):
        ends_at = timezone.make_aware(ends_at)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Møtet kan ikke slutte før det starter.")})
    meeting = Meeting(body=body, title=title, starts_at=starts_at, ends_at=ends_at, place=place, video_link=video_link)
    meeting.chair = _check_chair(body=body, chair=chair, on=timezone.localdate(starts_at))
    meeting.full_clean()
    return _save(meeting, by=by, reason=_("Møtet planlagt"))


@transaction.atomic
def meeting_set_chair(*, meeting, chair, by):
    """Set (or replace) the one chair of a meeting."""
    meeting = _locked(meeting)
    _refuse_if_frozen(meeting)
    meeting.chair = _check_chair(body=meeting.body, chair=chair, on=_meeting_day(meeting))
    _bump(meeting, by=by, reason=_("Møteleder satt"))
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting, by):
    """The meeting has taken place: those called who did not come are recorded as absent; the minutes open."""
    meeting = _locked(meeting)
    if meeting.is_held:
        raise ValidationError(_("Møtet er allerede registrert som avholdt."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Møtet har ikke startet ennå og kan ikke registreres som avholdt."))
    if not meeting.can_move_to(Meeting.Status.HELD):
        raise ValidationError(_("Innkallingen er ikke sendt; send innkallingen før møtet registreres som avholdt."))
    if not meeting.attendances.filter(status=Attendance.Status.PRESENT).exists():
        raise ValidationError(_("Ingen er registrert til stede. Registrer oppmøtet før møtet registreres som avholdt."))
    for attendance in meeting.attendances.filter(status=Attendance.Status.CALLED):
        attendance.status = Attendance.Status.ABSENT
        _save(attendance, by=by, reason=_("Møtte ikke"))
    meeting.status = Meeting.Status.HELD
    _bump(meeting, by=by, reason=_("Møtet avholdt"))
    Minutes.objects.get_or_create(meeting=meeting)
    return meeting


# -- agenda -----------------------------------------------------------------------------------------


def _notice_reason(meeting, reason):
    """After the notice is sent a change of the agenda needs its reason (it goes in the supplementary notice).

    Checked before anything changes, on every path that changes the agenda; before the notice none is needed.
    """
    reason = (reason or "").strip()
    if meeting.status == Meeting.Status.NOTICE_SENT and not reason:
        raise ValidationError({"reason": MSG_REASON})
    return reason


def _record_notice_change(meeting, *, kind, description, by, reason, item=None, case=None, moved_to=None):
    """After the notice is sent, every change of the agenda is recorded as a change to the notice, with its reason.

    The case is the item's unless given (a withdrawn item is gone); `moved_to` is the meeting a case is postponed to."""
    if meeting.status != Meeting.Status.NOTICE_SENT:
        return None
    if case is None and item is not None and item.handling_id:
        case = item.handling.case
    change = NoticeChange(meeting=meeting, kind=kind, description=description, reason=reason, item=item, case=case,
                          moved_to=moved_to, changed_by=_user(by))
    return _save(change, by=by, reason=_("Endring i innkallingen"))


def _insert_position(meeting):
    """New items go before «Eventuelt», which stays last."""
    items = list(meeting.items.order_by("position", "pk"))
    aob = [i for i in items if i.kind == AgendaItem.Kind.ANY_OTHER_BUSINESS]
    if not aob:
        return (max((i.position for i in items), default=0)) + 1, []
    position = aob[0].position
    return position, [i for i in items if i.position >= position]


def _add_item(meeting, item, *, by, description, reason):
    position, after = _insert_position(meeting)
    for other in after:
        other.position += 1
        _save(other, by=by, reason=_("Nytt punkt satt inn før"))
    item.position = position
    _save(item, by=by, reason=_("Lagt til sakslisten"))
    _record_notice_change(meeting, kind=NoticeChange.Kind.ITEM_ADDED, description=description, by=by, reason=reason, item=item)
    _bump(meeting, by=by, reason=_("Sakslisten endret"))
    return item


@transaction.atomic
def agenda_add_case(*, meeting, case, purpose, by, title="", urgent_reason="", urgency_approved_by=None, reason=""):
    """Put a case on the agenda for drøfting, beslutning or orientering.

    The handling is created by the cases services, which enforce the two-step rule. After the notice is sent
    the addition needs its reason, recorded for the supplementary notice.
    """
    meeting = _locked(meeting)
    _refuse_if_held(meeting, _("sakslisten"))
    reason = _notice_reason(meeting, reason)
    if case.partnership_id != meeting.body.partnership_id:
        raise ValidationError({"case": _("Saken «%(case)s» hører til et annet helsefellesskap enn møtet.") % {"case": case}})
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Velg drøfting, beslutning eller orientering.")})
    _refuse_twice_on_agenda(case, meeting, field="case")
    waiting = _waiting_handling(case, meeting, purpose)
    if waiting is not None:
        # A handling postponed or sent back waits for a meeting: it is placed there, not made a second time.
        return agenda_add_handling(meeting=meeting, handling=waiting, by=by, reason=reason)
    handling = case_services.handling_create(
        case=case, body=meeting.body, purpose=purpose, by=by, meeting_starts_at=meeting.starts_at,
        urgent_reason=urgent_reason, urgency_approved_by=urgency_approved_by,
    )
    item = AgendaItem(meeting=meeting, kind=AgendaItem.Kind.CASE, handling=handling, title=title)
    item.full_clean(exclude=["position"])
    return _add_item(meeting, item, by=by, reason=reason, description=_("%(case)s satt opp til %(purpose)s.") % {
        "case": case, "purpose": Purpose(purpose).label.lower()})


def _waiting_handling(case, meeting, purpose):
    """The case's pending handling in the meeting's body that no agenda carries yet (postponed, or sent back), or None.

    A pending handling already on the agenda of a meeting not held yet is refused here: the case waits there.
    A decision is checked against the two-step rule for this meeting, as a new one would be.
    """
    pending = (Handling.objects.filter(case=case, body=meeting.body, outcome=Handling.Outcome.PENDING)
               .select_related("agenda_item__meeting").order_by("created_at", "pk"))
    for handling in pending:
        item = getattr(handling, "agenda_item", None)
        if item is not None and not item.meeting.is_held:
            raise ValidationError({"case": _("«%(case)s» venter allerede på %(purpose)s i møtet %(meeting)s.") % {
                "case": case, "purpose": handling.get_purpose_display().lower(), "meeting": item.meeting}})
        if item is not None:
            raise ValidationError({"case": _("«%(case)s» står ubehandlet på sakslisten til møtet %(meeting)s. Registrer i det "
                                             "møtet at saken ikke ble behandlet, og sett den så opp på nytt.") % {
                "case": case, "meeting": item.meeting}})
    waiting = next((h for h in pending if getattr(h, "agenda_item", None) is None), None)
    if waiting is None:
        return None
    if waiting.purpose != purpose:
        raise ValidationError({"purpose": _("«%(case)s» venter på %(purpose)s i %(body)s; sett den opp til det.") % {
            "case": case, "purpose": waiting.get_purpose_display().lower(), "body": meeting.body}})
    if purpose == Purpose.DECISION and not case.urgent:
        problem = two_step_problem(case=case, body=meeting.body, before=meeting.starts_at)
        if problem:
            raise ValidationError({"purpose": problem})
    return waiting


@transaction.atomic
def agenda_add_handling(*, meeting, handling, by, reason=""):
    """Put an existing handling (e.g. a case postponed to the meeting) on the agenda of a meeting not yet held.

    After the notice is sent the addition needs its reason.
    """
    meeting = _locked(meeting)
    _refuse_if_held(meeting, _("sakslisten"))
    reason = _notice_reason(meeting, reason)
    if AgendaItem.objects.filter(handling=handling).exists():
        raise ValidationError({"meeting": _("Behandlingen står allerede på en saksliste.")})
    item = AgendaItem(meeting=meeting, kind=AgendaItem.Kind.CASE, handling=handling)
    item.full_clean(exclude=["position"])
    return _add_item(meeting, item, by=by, reason=reason, description=_("%(case)s satt opp til %(purpose)s.") % {
        "case": handling.case, "purpose": handling.get_purpose_display().lower()})


# -- handlings at a meeting: the meeting owns the link (AgendaItem.handling) ----------------------------------

def already_on_agenda(case, meeting, *, other_than=None):
    """Whether the case already stands on the meeting's agenda (one case appears once per agenda)."""
    if meeting is None:
        return False
    items = AgendaItem.objects.filter(meeting=meeting, handling__case=case)
    if other_than is not None:
        items = items.exclude(handling=other_than)
    return items.exists()


def _refuse_twice_on_agenda(case, meeting, *, field, other_than=None):
    """One case appears once per agenda: the refusal, next to the field that chose the case or the meeting."""
    if already_on_agenda(case, meeting, other_than=other_than):
        raise ValidationError({field: MSG_TWICE_ON_AGENDA % {"case": case, "meeting": meeting}})


def meeting_of(handling):
    """The meeting whose agenda carries the handling, or None."""
    item = AgendaItem.objects.select_related("meeting__body").filter(handling=handling).first()
    return item.meeting if item is not None else None


def _place(meeting, handling, *, by, reason):
    """Carry the handling on the meeting's agenda (a new item after the others, or its item moved there)."""
    item = AgendaItem.objects.filter(handling=handling).first() or AgendaItem(kind=AgendaItem.Kind.CASE, handling=handling)
    if item.pk and item.meeting_id == meeting.pk:
        return item
    item.meeting = meeting
    item.position, after = _insert_position(meeting)
    for other in after:
        other.position += 1
        _save(other, by=by, reason=_("Nytt punkt satt inn før"))
    return _save(item, by=by, reason=reason)


def _check_meeting_for(meeting, *, body, case, field="meeting", other_than=None):
    if meeting.body_id != body.pk:
        raise ValidationError({field: _("Møtet hører til %(other)s, ikke %(body)s.") % {"other": meeting.body, "body": body}})
    _refuse_twice_on_agenda(case, meeting, field=field, other_than=other_than)


@transaction.atomic
def handling_create_at_meeting(*, meeting, case, purpose, by, body=None, urgent_reason="", urgency_approved_by=None, at=None):
    """Record a handling of a case at a meeting of its body (also a past one), carried by an agenda item.

    The case's own rules (registered, purpose, two-step before the meeting's start) are cases.services.handling_create's.
    The secretariat's page uses agenda_add_case, which also records the change to a sent notice.
    """
    body = body or meeting.body
    _check_meeting_for(meeting, body=body, case=case)
    handling = case_services.handling_create(
        case=case, body=body, purpose=purpose, by=by, meeting_starts_at=meeting.starts_at,
        urgent_reason=urgent_reason, urgency_approved_by=urgency_approved_by, at=at,
    )
    _place(meeting, handling, by=by, reason=_("Satt opp i møtet %(meeting)s") % {"meeting": meeting})
    return handling


@transaction.atomic
def handling_schedule(*, handling, meeting, by):
    """Place a pending handling at a meeting of its body; a decision is re-checked against the two-step rule."""
    locked = Handling.objects.select_for_update(of=("self",)).select_related("case", "body__partnership").get(pk=handling.pk)
    if locked.outcome != Handling.Outcome.PENDING:
        raise ValidationError(_("Behandlingen er allerede avsluttet."))
    _check_meeting_for(meeting, body=locked.body, case=locked.case, other_than=locked)
    if locked.purpose == Purpose.DECISION and not locked.case.urgent:
        problem = two_step_problem(case=locked.case, body=locked.body, before=meeting.starts_at)
        if problem:
            raise ValidationError({"meeting": problem})
    reason = _("Satt opp i møtet %(meeting)s") % {"meeting": meeting}
    _place(meeting, locked, by=by, reason=reason)
    _save(locked, by=by, reason=reason)
    if handling is not locked:
        handling.refresh_from_db()
    return locked


def _begun_meeting(handling, what, at):
    """The meeting carrying the handling, which must be being held or have been held."""
    meeting = meeting_of(handling)
    if meeting is None:
        raise ValidationError(_("Behandlingen er ikke satt opp i et møte ennå; %(what)s registreres i møtet.") % {"what": what.lower()})
    if not meeting.has_begun(at):
        raise ValidationError(MSG_MEETING_NOT_BEGUN % {"meeting": meeting, "what": what})
    return meeting


def _meeting_or_refuse(handling):
    meeting = meeting_of(handling)
    if meeting is None:
        raise ValidationError(case_services.MSG_NOT_AT_MEETING)
    return meeting


@transaction.atomic
def item_record_discussion(*, handling, by, note="", at=None):
    """The body has discussed the case at the meeting carrying it, once that meeting is being held or has been held."""
    meeting = _begun_meeting(handling, _("Drøftingen"), at)
    return case_services.handling_record_discussion(handling=handling, by=by, note=note, at=at, held_at=meeting.starts_at)


@transaction.atomic
def item_note_information(*, handling, by, note="", at=None):
    """The body takes the case into account at the meeting carrying it, once that meeting has begun."""
    meeting = _begun_meeting(handling, _("Orienteringen"), at)
    return case_services.handling_note_information(handling=handling, by=by, note=note, at=at, held_at=meeting.starts_at)


@transaction.atomic
def item_not_treated(*, handling, by, reason, at=None):
    """The meeting carrying the handling did not treat it (not reached, or put off at the meeting): recorded as
    postponed with the reason, in the minutes under its item. The case can then go on a later agenda (agenda_add_case)."""
    meeting = _begun_meeting(handling, _("At saken ikke ble behandlet"), at)
    return case_services.handling_postpone(handling=handling, by=by, held_at=meeting.starts_at, reason=reason, at=at)


def _left_before(attendance, item_position):
    """Whether the attendee left before or during the item (Attendance.left_at_item at or before it)."""
    if attendance.left_at_item_id is None or item_position is None:
        return False
    return attendance.left_at_item.position <= item_position


def _attendance_votes(attendance):
    return attendance.membership.rights_at_meeting(substitute_for=attendance.substitute_for).vote


def _item_position(handling):
    return AgendaItem.objects.filter(handling=handling).values_list("position", flat=True).first()


@transaction.atomic
def item_record_position(*, handling, membership, stance, by, reservation="", at=None):
    """A member's position on a decision item: present, not left before the item, with the vote at this meeting."""
    meeting = _meeting_or_refuse(handling)
    attendance = meeting.attendances.filter(membership=membership).select_related(
        "membership", "substitute_for", "left_at_item").first()
    present = attendance is not None and attendance.status == Attendance.Status.PRESENT
    return case_services.position_record(
        handling=handling, membership=membership, stance=stance, reservation=reservation, by=by, at=at,
        present=present, left=present and _left_before(attendance, _item_position(handling)),
        votes=present and _attendance_votes(attendance),
    )


@transaction.atomic
def item_declare_disqualification(*, handling, membership, reason, by, at=None):
    """Declare a member disqualified (inhabil) in a case on the meeting's agenda."""
    _meeting_or_refuse(handling)
    return case_services.disqualification_declare(handling=handling, membership=membership, reason=reason, by=by, at=at)


def participants(handling, meeting):
    """Those present at the meeting, as the cases consensus rule sees them (left before the item, disqualified)."""
    item_position = _item_position(handling)
    disqualified = set(handling.disqualifications.values_list("membership_id", flat=True))
    attendances = meeting.attendances.filter(status=Attendance.Status.PRESENT).select_related(
        "membership__person", "substitute_for", "left_at_item")
    return [
        Participant.from_membership(
            attendance.membership, substitute_for=attendance.substitute_for, votes=_attendance_votes(attendance),
            disqualified=attendance.membership_id in disqualified, left=_left_before(attendance, item_position))
        for attendance in attendances
    ]


def item_consensus(handling):
    """The consensus check for a decision item at its meeting, without saving anything."""
    meeting = _meeting_or_refuse(handling)
    return case_services.consensus_check(handling=handling, participants=participants(handling, meeting),
                                         meeting_starts_at=meeting.starts_at)


def _check_postpone_to(postpone_to, *, handling, meeting):
    """The later meeting of the same body, not held yet, a case without consensus is postponed to."""
    if postpone_to is None:
        raise ValidationError({"postpone_to": _("Velg møtet saken utsettes til.")})
    if postpone_to.body_id != handling.body_id:
        raise ValidationError({"postpone_to": _("Velg et møte i %(body)s.") % {"body": handling.body}})
    if postpone_to.starts_at <= meeting.starts_at or postpone_to.is_held:
        raise ValidationError({"postpone_to": _("Velg et senere møte i %(body)s som ikke er holdt ennå.") % {"body": handling.body}})
    _refuse_twice_on_agenda(handling.case, postpone_to, field="postpone_to")


@transaction.atomic
def item_decide(*, handling, points, by, if_no_consensus=None, postpone_to=None, at=None):
    """«Fatt vedtak» on an agenda item: the case's decision step, and a postponed case onto the chosen meeting's agenda.

    The meeting's part is here: it has begun, who is present, the meeting to postpone to. The consensus and
    two-step rules are the case's (cases.services.case_record_decision); the agenda is the meeting's.
    """
    meeting = _begun_meeting(handling, _("Vedtaket"), at)
    present = participants(handling, meeting)
    if if_no_consensus == "postpone":
        result = case_services.consensus_check(handling=handling, participants=present, meeting_starts_at=meeting.starts_at)
        if not result.reached:
            _check_postpone_to(postpone_to, handling=handling, meeting=meeting)
    outcome = case_services.case_record_decision(
        handling=handling, points=points, by=by, if_no_consensus=if_no_consensus, at=at,
        participants=present, meeting_starts_at=meeting.starts_at,
        postpone_to=postpone_to if if_no_consensus == "postpone" else None)
    if outcome.next_handling is not None and if_no_consensus == "postpone":
        agenda_add_handling(meeting=postpone_to, handling=outcome.next_handling, by=by,
                            reason=_("Utsatt fra møtet %(meeting)s uten konsensus.") % {"meeting": meeting})
        outcome.postponed_to = postpone_to
    return outcome


@transaction.atomic
def agenda_add_standing(*, meeting, kind, by, title="", reason=""):
    """A standing item: approval of notice and agenda, approval of last minutes, any other business, other.

    After the notice is sent the addition needs its reason.
    """
    meeting = _locked(meeting)
    _refuse_if_held(meeting, _("sakslisten"))
    reason = _notice_reason(meeting, reason)
    if kind == AgendaItem.Kind.CASE or kind not in AgendaItem.Kind.values:
        raise ValidationError({"kind": _("Velg en fast post; saker settes opp med «sett opp sak».")})
    if kind == AgendaItem.Kind.OTHER and not title.strip():
        raise ValidationError({"title": _("Gi punktet en tittel.")})
    if kind != AgendaItem.Kind.OTHER and meeting.items.filter(kind=kind).exists():
        raise ValidationError({"kind": _("«%(kind)s» står allerede på sakslisten.") % {"kind": AgendaItem.Kind(kind).label}})
    item = AgendaItem(meeting=meeting, kind=kind, title=title.strip())
    if kind == AgendaItem.Kind.ANY_OTHER_BUSINESS:
        item.position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
        _save(item, by=by, reason=_("Lagt til sakslisten"))
        _record_notice_change(meeting, kind=NoticeChange.Kind.ITEM_ADDED, description=str(item), by=by, reason=reason, item=item)
        _bump(meeting, by=by, reason=_("Sakslisten endret"))
        return item
    return _add_item(meeting, item, by=by, reason=reason, description=str(item))


@transaction.atomic
def agenda_reorder(*, meeting, item_ids, by, reason="", moved=None):
    """Put the agenda in the given order. After the notice is sent the change needs its reason and is recorded on the
    notice (naming `moved`, when one item was moved)."""
    meeting = _locked(meeting)
    _refuse_if_held(meeting, _("sakslisten"))
    items = {item.pk: item for item in meeting.items.select_related("handling__case")}
    item_ids = [int(i) for i in item_ids]
    if sorted(item_ids) != sorted(items):
        raise ValidationError({"item_ids": _("Den nye rekkefølgen må inneholde hvert punkt på sakslisten nøyaktig én gang.")})
    before = [pk for pk in sorted(items, key=lambda pk: (items[pk].position, pk))]
    if before == item_ids:
        return [items[pk] for pk in item_ids]
    reason = _notice_reason(meeting, reason)
    for position, pk in enumerate(item_ids, start=1):
        item = items[pk]
        if item.position != position:
            item.position = position
            _save(item, by=by, reason=_("Sakslisten omordnet"))
    _record_notice_change(meeting, kind=NoticeChange.Kind.REORDERED, by=by, reason=reason, item=moved, description=_("Ny rekkefølge: %(order)s") % {
        "order": "; ".join(f"{n}. {items[pk]}" for n, pk in enumerate(item_ids, start=1))})
    _bump(meeting, by=by, reason=_("Sakslisten omordnet"))
    return [items[pk] for pk in item_ids]


# -- notice and attendance --------------------------------------------------------------------------


def _with_rights(attendance):
    """Record on the attendance the rights its membership (and the member it meets for) gives at the meeting."""
    rights = attendance.rights()
    attendance.can_vote, attendance.can_speak, attendance.can_propose = rights.vote, rights.speak, rights.propose
    return attendance


@transaction.atomic
def notice_send(*, meeting, by):
    """Send the notice (innkalling) with the agenda to every current member, observer and secretary."""
    meeting = _locked(meeting)
    if not meeting.can_move_to(Meeting.Status.NOTICE_SENT):
        raise ValidationError(_("Innkallingen er allerede sendt."))
    if not meeting.items.exists():
        raise ValidationError(_("Sakslisten er tom; sett opp minst ett punkt før innkallingen sendes."))
    day = _meeting_day(meeting)
    called = []
    memberships = (Membership.objects.current(day).filter(body=meeting.body, role__in=CALLED_ROLES)
                   .select_related("person").order_by("pk"))
    for membership in memberships:
        attendance = Attendance.objects.filter(meeting=meeting, membership=membership).first()
        if attendance is None:
            attendance = _with_rights(Attendance(meeting=meeting, membership=membership, status=Attendance.Status.CALLED))
            _save(attendance, by=by, reason=_("Innkalt"))
        called.append(attendance)
    meeting.status = Meeting.Status.NOTICE_SENT
    meeting.notice_sent_at = timezone.now()
    _bump(meeting, by=by, reason=_("Innkalling sendt"))
    recipients = [a.membership.person for a in called if a.status == Attendance.Status.CALLED and a.membership.person.email]
    meeting_pk = meeting.pk
    person_ids = [person.pk for person in recipients]
    # The e-mails go out in the background once the notice is committed.
    transaction.on_commit(lambda: tasks.send_notice.enqueue(meeting_pk, person_ids))
    return meeting


def _check_member_of_body(meeting, membership, field="membership"):
    if membership.body_id != meeting.body_id:
        raise ValidationError({field: _("%(person)s er ikke medlem av %(body)s.") % {"person": membership.person, "body": meeting.body}})
    if not membership.is_current(_meeting_day(meeting)):
        raise ValidationError({field: _("%(person)s hadde ikke en gyldig funksjonsperiode i %(body)s på møtedagen.")
                                      % {"person": membership.person, "body": meeting.body}})


@transaction.atomic
def apology_record(*, meeting, membership, by, note=""):
    """A member sends apologies (forfall); their personal deputy is called. Returns the deputy's attendance, if any."""
    meeting = _locked(meeting)
    _refuse_if_held(meeting, _("oppmøtet"))
    _check_member_of_body(meeting, membership)
    attendance = Attendance.objects.filter(meeting=meeting, membership=membership).first() or _with_rights(Attendance(
        meeting=meeting, membership=membership))
    attendance.status = Attendance.Status.APOLOGIES
    attendance.apology_note = note
    _save(attendance, by=by, reason=_("Forfall"))
    deputy = membership.personal_deputy
    if deputy is None or not deputy.is_current(_meeting_day(meeting)):
        return None
    deputy_attendance = Attendance.objects.filter(meeting=meeting, membership=deputy).first()
    if deputy_attendance is not None and deputy_attendance.status == Attendance.Status.APOLOGIES:
        return None
    deputy_attendance = deputy_attendance or Attendance(meeting=meeting, membership=deputy, status=Attendance.Status.CALLED)
    deputy_attendance.substitute_for = membership
    _with_rights(deputy_attendance)
    deputy_attendance.full_clean(validate_unique=False)
    _save(deputy_attendance, by=by, reason=_("Vara innkalt ved forfall for %(person)s") % {"person": membership.person})
    meeting_pk, pk = meeting.pk, deputy_attendance.pk
    transaction.on_commit(lambda: tasks.send_deputy_called.enqueue(meeting_pk, pk))
    return deputy_attendance


@transaction.atomic
def attendance_record(*, meeting, membership, status, by, substitute_for=None):
    """Record who met (or did not), for whom and with which rights, copied from the membership."""
    meeting = _locked(meeting)
    _refuse_if_frozen(meeting)
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Ukjent status for oppmøte.")})
    _check_member_of_body(meeting, membership)
    if substitute_for is not None:
        _check_member_of_body(meeting, substitute_for, field="substitute_for")
        if substitute_for.personal_deputy_id != membership.pk:
            raise ValidationError({"substitute_for": _("%(person)s er ikke personlig vara for %(other)s.")
                                                     % {"person": membership.person, "other": substitute_for.person}})
    if status == Attendance.Status.PRESENT:
        # A member and the deputy meeting for them cannot both be present: only one of them holds the seat.
        if substitute_for is not None and Attendance.objects.filter(
                meeting=meeting, membership=substitute_for, status=Attendance.Status.PRESENT).exists():
            raise ValidationError({"substitute_for": _("%(other)s er selv til stede; varaen kan ikke møte for %(other)s samtidig.")
                                                     % {"other": substitute_for.person}})
        if Attendance.objects.filter(meeting=meeting, substitute_for=membership, status=Attendance.Status.PRESENT).exists():
            raise ValidationError({"membership": _("Varaen for %(person)s er registrert til stede for %(person)s.")
                                                 % {"person": membership.person}})
    attendance = Attendance.objects.filter(meeting=meeting, membership=membership).first() or Attendance(
        meeting=meeting, membership=membership)
    attendance.status = status
    attendance.substitute_for = substitute_for
    _with_rights(attendance)
    attendance.full_clean(validate_unique=False)
    _save(attendance, by=by, reason=_("Oppmøte registrert"))
    if substitute_for is not None and status == Attendance.Status.PRESENT:
        member_attendance = Attendance.objects.filter(meeting=meeting, membership=substitute_for).first()
        if member_attendance is not None and member_attendance.status == Attendance.Status.CALLED:
            member_attendance.status = Attendance.Status.APOLOGIES
            _save(member_attendance, by=by, reason=_("Vara møtte"))
    return attendance


@transaction.atomic
def attendance_leave(*, attendance, item, by=None):
    """The person left the meeting during this item (and did not take part in the items after it)."""
    attendance = Attendance.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=attendance.pk)
    _refuse_if_frozen(attendance.meeting)
    if item.meeting_id != attendance.meeting_id:
        raise ValidationError({"item": _("Punktet hører til et annet møte.")})
    if attendance.status != Attendance.Status.PRESENT:
        raise ValidationError({"item": _("%(person)s er ikke registrert til stede.") % {"person": attendance.membership.person}})
    attendance.left_at_item = item
    return _save(attendance, by=by, reason=_("Forlot møtet"))


# -- minutes ----------------------------------------------------------------------------------------


def _minutes_for(meeting):
    minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    return minutes


class StaleMinutes(ValidationError):
    """The minutes were saved by someone else after the form was loaded; carries what they saved."""

    def __init__(self, message, *, minutes, introduction, discussions, saved_by=None, saved_at=None):
        super().__init__(message, code="stale")
        self.minutes, self.introduction, self.discussions = minutes, introduction, discussions
        self.saved_by, self.saved_at = saved_by, saved_at


def _refuse_if_stale(meeting, minutes, expected_version):
    """A save from a form loaded before the last save is refused, with the stored texts, so nothing is lost."""
    if expected_version is None or int(expected_version) == minutes.draft_version:
        return
    last = minutes.history.order_by("-history_date").first()
    saved_by = getattr(last, "history_user", None) if last else None
    raise StaleMinutes(
        _("Protokollen er lagret av %(who)s etter at du åpnet den. Teksten din er ikke lagret: sammenlign den med den lagrede "
          "teksten under hvert felt, og lagre på nytt.") % {"who": saved_by or _("en annen")},
        minutes=minutes, introduction=minutes.introduction,
        discussions={item.pk: item.discussion for item in meeting.items.all()},
        saved_by=saved_by, saved_at=last.history_date if last else None)


def _apply_minutes_changes(meeting, minutes, *, introduction, discussions, by, reason):
    """Write the texts; returns a short description of what changed."""
    changed = []
    if introduction is not None and introduction != minutes.introduction:
        minutes.introduction = introduction
        changed.append(_("innledning"))
    if discussions:
        items = {item.pk: item for item in meeting.items.select_related("handling__case")}
        for pk, text in discussions.items():
            item = items.get(int(pk))
            if item is None:
                raise ValidationError({"discussions": _("Punktet hører til et annet møte.")})
            if item.discussion != text:
                item.discussion = text
                _save(item, by=by, reason=reason)
                changed.append(str(item))
    minutes.draft_version += 1
    _save(minutes, by=by, reason=reason)
    return changed


@transaction.atomic
def minutes_update(*, meeting, by, introduction=None, discussions=None, expected_version=None):
    """Write the draft minutes: the introduction and per item the discussion ({item_id: text}). Refused once approved.

    With `expected_version` (the minutes' `draft_version` when the form was loaded) a stale save is refused
    with `StaleMinutes`, which carries the texts the other editor saved.
    """
    meeting = _locked(meeting)
    _refuse_if_frozen(meeting)
    if not meeting.notice_is_sent:
        raise ValidationError(_("Protokollen skrives når innkallingen er sendt."))
    minutes = _minutes_for(meeting)
    _refuse_if_stale(meeting, minutes, expected_version)
    _apply_minutes_changes(meeting, minutes, introduction=introduction, discussions=discussions, by=by,
                           reason=_("Protokollutkast endret"))
    return minutes


def _check_signature_approvers(meeting, approvers):
    approvers = list(approvers or [])
    if len(approvers) != 2 or len({getattr(p, "pk", None) for p in approvers}) != 2:
        raise ValidationError({"approvers": _("Protokollen godkjennes av møtelederen og ett medlem fra den andre siden: oppgi to personer.")})
    if any(not isinstance(p, Person) for p in approvers):
        raise ValidationError({"approvers": _("Godkjennerne må være personer.")})
    chair = meeting.chair
    if chair is None:
        raise ValidationError({"approvers": _("Møtet har ingen møteleder; sett møteleder eller godkjenn protokollen i neste møte.")})
    others = [p for p in approvers if p.pk != chair.person_id]
    if len(others) != 1:
        raise ValidationError({"approvers": _("Møtelederen (%(chair)s) må være en av dem som godkjenner protokollen.")
                                            % {"chair": chair.person}})
    other = others[0]
    day = _meeting_day(meeting)
    other_side = (Membership.objects.current(day).filter(body=meeting.body, person=other)
                  .filter(role__in=(*Membership.FIXED_ROLES, Membership.Role.DEPUTY))
                  .exclude(side=chair.side).exclude(side="none").order_by("pk").first())
    if other_side is None:
        raise ValidationError({"approvers": _("%(person)s er ikke medlem fra den andre siden enn møtelederen i %(body)s.")
                                            % {"person": other, "body": meeting.body}})
    return [(chair.person, chair), (other, other_side)]


@transaction.atomic
def minutes_approve(*, meeting, by, method=Minutes.ApprovalMethod.SIGNATURES, approvers=(), approved_at_meeting=None,
                    approved_at=None):
    """Approve the minutes, by the chair and one member from the other side, or at the next meeting.

    Records who and when, freezes the minutes and stores the archival PDF (rendered once).
    """
    meeting = _locked(meeting)
    if meeting.minutes_frozen:
        raise ValidationError(_("Protokollen er allerede godkjent."))
    if not meeting.can_move_to(Meeting.Status.MINUTES_APPROVED):
        raise ValidationError(_("Protokollen kan ikke godkjennes før møtet er avholdt."))
    minutes = _minutes_for(meeting)
    if method == Minutes.ApprovalMethod.SIGNATURES:
        signatures, later = _check_signature_approvers(meeting, approvers), None
        approved_at = approved_at or timezone.now()
    elif method == Minutes.ApprovalMethod.NEXT_MEETING:
        if approvers:
            raise ValidationError({"approvers": _("Ved godkjenning i neste møte oppgis møtet, ikke personer.")})
        later = Meeting.objects.filter(pk=approved_at_meeting.pk).first() if approved_at_meeting is not None else None
        if (later is None or later.body_id != meeting.body_id or later.starts_at <= meeting.starts_at
                or not later.is_held):
            raise ValidationError({"approved_at_meeting": _("Velg et senere, avholdt møte i %(body)s.") % {"body": meeting.body}})
        signatures = []
        approved_at = approved_at or later.ends_at
    else:
        raise ValidationError({"method": _("Ukjent godkjenningsmåte.")})
    if approved_at < meeting.starts_at:
        raise ValidationError({"approved_at": _("Protokollen kan ikke være godkjent før møtet ble holdt.")})
    minutes.approval_method = method
    minutes.approved_at = approved_at
    minutes.approved_at_meeting = later if method == Minutes.ApprovalMethod.NEXT_MEETING else None
    minutes.approved_by_user = _user(by)
    _save(minutes, by=by, reason=_("Protokoll godkjent"))
    for person, membership in signatures:
        approval = MinutesApproval(minutes=minutes, version=minutes.version, person=person, membership=membership, approved_at=approved_at)
        _save(approval, by=by, reason=_("Protokoll godkjent"))
    meeting.status = Meeting.Status.MINUTES_APPROVED
    _bump(meeting, by=by, reason=_("Protokoll godkjent"))
    _archive_on_commit(meeting, minutes)
    return minutes


@transaction.atomic
def minutes_correct(*, meeting, reason, by, introduction=None, discussions=None, expected_version=None):
    """Correct approved minutes: a new, recorded version with its reason and a new archival PDF."""
    meeting = _locked(meeting)
    if not meeting.minutes_frozen:
        raise ValidationError(_("Protokollen er ikke godkjent ennå; endre utkastet i stedet."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Oppgi hvorfor protokollen rettes.")})
    minutes = _minutes_for(meeting)
    _refuse_if_stale(meeting, minutes, expected_version)
    minutes.version += 1
    changed = _apply_minutes_changes(meeting, minutes, introduction=introduction, discussions=discussions, by=by,
                                     reason=_("Protokoll rettet: %(reason)s") % {"reason": reason.strip()})
    correction = MinutesCorrection(minutes=minutes, version=minutes.version, reason=reason.strip(), changes=", ".join(changed),
                                   corrected_by=_user(by))
    _save(correction, by=by, reason=_("Protokoll rettet"))
    _bump(meeting, by=by, reason=_("Protokoll rettet"))
    _archive_on_commit(meeting, minutes)
    return minutes


@transaction.atomic
def minutes_publish(*, meeting, by):
    """Publish approved minutes (all meetings are public)."""
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.PUBLISHED:
        raise ValidationError(_("Protokollen er allerede publisert."))
    if not meeting.can_move_to(Meeting.Status.PUBLISHED):
        raise ValidationError(_("Bare godkjente protokoller kan publiseres."))
    minutes = _minutes_for(meeting)
    minutes.published_at = timezone.now()
    _save(minutes, by=by, reason=_("Protokoll publisert"))
    meeting.status = Meeting.Status.PUBLISHED
    _bump(meeting, by=by, reason=_("Protokoll publisert"))
    return minutes


def _archive_on_commit(meeting, minutes):
    """The archival PDF is rendered and stored once the approval (or correction) has committed.

    A failed or rolled-back approval thus leaves no file behind, and the slow rendering holds no lock of the
    approval. Should the rendering fail after the commit, the approval stands and the archival PDF is made
    the next time the minutes are shown (`minutes_archive`).
    """
    meeting_pk, version = meeting.pk, minutes.version
    transaction.on_commit(lambda: minutes_archive(meeting=Meeting(pk=meeting_pk), version=version), robust=True)


def minutes_archive(*, meeting, version=None):
    """Store the archival PDF (PDF/A) of the approved minutes' current version, once; returns the document or None.

    Nothing is stored for minutes not approved, or when `version` is no longer the current one.
    """
    with transaction.atomic():
        meeting = _locked(meeting)
        minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        if minutes is None or not minutes.is_approved or (version is not None and version != minutes.version):
            return None
        existing = minutes.documents.filter(version=minutes.version).first()
        if existing is not None:
            return existing
        return _store_archival_pdf(meeting, minutes)


def _store_archival_pdf(meeting, minutes):
    """Render the approved minutes once as PDF/A and keep the file with its SHA-256 checksum.

    The file is removed again if the row cannot be saved, so no file is left without its record.
    """
    from . import pdf

    content = pdf.minutes_pdf(meeting, pdf_variant=ARCHIVAL_PDF_VARIANT)
    name = f"protokoll-{meeting.body.pk}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-v{minutes.version}.pdf"
    document = MinutesDocument(minutes=minutes, version=minutes.version, sha256=hashlib.sha256(content).hexdigest(),
                               pdf_variant=ARCHIVAL_PDF_VARIANT)
    document.file.save(name, ContentFile(content), save=False)
    stored = document.file.name
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        document.file.storage.delete(stored)
        raise
    return document


def minutes_document_current(*, meeting):
    """The archival document of the minutes' current version, or None before approval.

    Approved minutes whose archival PDF is missing (its rendering after the approval failed) get it now.
    """
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or not minutes.is_approved:
        return None
    return minutes.documents.filter(version=minutes.version).first() or minutes_archive(meeting=meeting, version=minutes.version)


# -- annual calendar (årshjul) ----------------------------------------------------------------------

# The dialogue meeting is the open meeting just before the partnership meeting.
DIALOGUE_WINDOW = timedelta(days=14)


@dataclass
class BodyYear:
    """One body's meetings in a year against its minimum, with warnings for the secretariat."""

    body: object
    meetings: list
    minimum: int
    warnings: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.meetings)

    @property
    def short_by(self):
        return max(0, self.minimum - self.count)


def meeting_year_plan(*, partnership, year):
    """The annual calendar: each active body's meetings in `year` against its minimum per year.

    Warns where a body falls short, and where a partnership meeting (level 1, decides) has no dialogue
    meeting (level 1, no decisions) placed just before it.
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    bodies = (Body.objects.filter(partnership=partnership)
              .filter(Q(active_from__isnull=True) | Q(active_from__lte=last))
              .filter(Q(active_until__isnull=True) | Q(active_until__gte=first))
              .order_by("level", "name"))
    meetings = {}
    for meeting in (Meeting.objects.filter(body__partnership=partnership, starts_at__year=year)
                    .select_related("body").order_by("starts_at")):
        meetings.setdefault(meeting.body_id, []).append(meeting)
    plan = [BodyYear(body=body, meetings=meetings.get(body.pk, []), minimum=body.min_meetings_per_year) for body in bodies]
    dialogue = [m for row in plan if row.body.level == 1 and not row.body.can_decide for m in row.meetings]
    for row in plan:
        if row.short_by:
            row.warnings.append(_("%(body)s har %(count)s møter i %(year)s, men skal ha minst %(minimum)s.")
                                % {"body": row.body, "count": row.count, "year": year, "minimum": row.minimum})
        if row.body.level == 1 and row.body.can_decide:
            for meeting in row.meetings:
                before = [d for d in dialogue if d.ends_at <= meeting.starts_at and meeting.starts_at - d.starts_at <= DIALOGUE_WINDOW]
                if not before:
                    row.warnings.append(_("Dialogmøtet bør legges rett før partnerskapsmøtet %(date)s.")
                                        % {"date": date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")})
    return plan
