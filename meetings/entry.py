"""Fast entry at a meeting: the attendance of everyone in one form, the positions of everyone present in one form.

Each function takes all rows of its form, calls the one-row services in `meetings.services` for the rows that
change something, and saves all or nothing in one transaction. A refusal names its row: the errors are keyed
`<field>_<membership id>`, so a form with those field names shows each message next to the row it is about.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Membership

from . import services
from .services import _locked, _save
from .models import MINUTES_FROZEN, AgendaItem, Attendance, Meeting

NOT_RECORDED = ""
# Who is listed on the attendance form without being called: the body's deputies, called when a member sends apologies.
LISTED_ROLES = (*services.CALLED_ROLES, Membership.Role.DEPUTY)


def _collect(errors, key, exc, person):
    texts = exc.messages if not hasattr(exc, "error_dict") else [t for msgs in exc.message_dict.values() for t in msgs]
    errors.setdefault(key, []).extend(f"{person}: {t}" for t in texts)


def attendance_rows(meeting):
    """The memberships on the attendance form (current on the meeting day), with their attendance and what the form
    proposes: those called are present unless recorded otherwise; a deputy is present when called in for a member."""
    day = timezone.localdate(meeting.starts_at)
    attendances = {a.membership_id: a for a in meeting.attendances.select_related("substitute_for__person", "left_at_item")}
    memberships = (Membership.objects.current(day).filter(body=meeting.body, role__in=LISTED_ROLES)
                   .select_related("person").order_by("role", "side", "person__last_name", "pk"))
    deputy_for = {}
    for member in Membership.objects.current(day).filter(body=meeting.body, personal_deputy__isnull=False).select_related("person"):
        deputy_for.setdefault(member.personal_deputy_id, []).append(member)
    rows = []
    for membership in memberships:
        attendance = attendances.get(membership.pk)
        if attendance is None or attendance.status == Attendance.Status.CALLED:
            proposed = (Attendance.Status.PRESENT if attendance is not None or membership.role != Membership.Role.DEPUTY
                        else NOT_RECORDED)
        else:
            proposed = attendance.status
        rows.append({"membership": membership, "attendance": attendance, "status": proposed,
                     "substitute_for": attendance.substitute_for if attendance else None,
                     "left_at_item": attendance.left_at_item if attendance else None,
                     "note": attendance.apology_note if attendance else "",
                     "deputy_for": deputy_for.get(membership.pk, [])})
    return rows


@transaction.atomic
def attendance_record_all(*, meeting, rows, by):
    """Record the whole meeting's attendance from one form.

    `rows` are dicts with `membership`, `status` (an Attendance status, or "" for a deputy not called),
    `substitute_for` (the member a deputy meets for, or None), `left_at_item` (the item during which the person
    left, or None) and `note` (for apologies). Apologies are recorded first (before the meeting they call the
    personal deputy), then who met. Returns the number of rows changed.
    """
    meeting = _locked(meeting)
    if meeting.minutes_frozen:
        raise ValidationError(str(MINUTES_FROZEN))
    current = {a.membership_id: a for a in meeting.attendances.all()}
    items = set(meeting.items.values_list("pk", flat=True))
    errors, changed = {}, 0
    order = {Attendance.Status.APOLOGIES: 0, Attendance.Status.ABSENT: 1, Attendance.Status.CALLED: 1, Attendance.Status.PRESENT: 2}
    for row in sorted(rows, key=lambda r: order.get(r["status"], 3)):
        membership, status = row["membership"], row["status"]
        substitute_for, left = row.get("substitute_for"), row.get("left_at_item")
        person = membership.person
        if membership.body_id != meeting.body_id:
            raise ValidationError(_("%(person)s er ikke medlem av %(body)s.") % {"person": person, "body": meeting.body})
        if status == NOT_RECORDED:
            if membership.pk in current and current[membership.pk].status != Attendance.Status.CALLED:
                errors.setdefault(f"status_{membership.pk}", []).append(
                    _("%(person)s: oppmøtet er registrert og kan ikke tas bort; velg en status.") % {"person": person})
            continue
        if left is not None and (left.pk not in items or status != Attendance.Status.PRESENT):
            errors.setdefault(f"left_at_item_{membership.pk}", []).append(
                _("%(person)s: bare den som er til stede kan forlate møtet under et punkt i møtet.") % {"person": person})
            continue
        existing = current.get(membership.pk) or Attendance.objects.filter(meeting=meeting, membership=membership).first()
        before = (existing.status, existing.substitute_for_id, existing.left_at_item_id, existing.apology_note) if existing else None
        note = (row.get("note") or "").strip() if status == Attendance.Status.APOLOGIES else (existing.apology_note if existing else "")
        wanted = (status, getattr(substitute_for, "pk", None), getattr(left, "pk", None), note)
        if before == wanted:
            continue
        try:
            if status == Attendance.Status.APOLOGIES and not meeting.is_held:
                services.apology_record(meeting=meeting, membership=membership, by=by, note=note)
            elif before is None or before[:2] != wanted[:2]:
                services.attendance_record(meeting=meeting, membership=membership, status=status, by=by,
                                           substitute_for=substitute_for)
            attendance = Attendance.objects.get(meeting=meeting, membership=membership)
            if status == Attendance.Status.APOLOGIES and attendance.apology_note != note:
                attendance.apology_note = note
                _save(attendance, by=by, reason=_("Forfall"))
            if left is not None and attendance.left_at_item_id != left.pk:
                services.attendance_leave(attendance=attendance, item=AgendaItem.objects.get(pk=left.pk), by=by)
            elif left is None and attendance.left_at_item_id is not None:
                attendance.left_at_item = None
                _save(attendance, by=by, reason=_("Var til stede hele møtet"))
        except ValidationError as exc:
            _collect(errors, f"status_{membership.pk}", exc, person)
            continue
        changed += 1
        current = {a.membership_id: a for a in meeting.attendances.all()}
    if errors:
        raise ValidationError(errors)
    return changed


def present_memberships(meeting):
    """Those recorded present at the meeting, as the positions form lists them."""
    return (Membership.objects.filter(attendances__meeting=meeting, attendances__status=Attendance.Status.PRESENT)
            .select_related("person").order_by("side", "person__last_name", "pk"))


@transaction.atomic
def item_record_positions(*, handling, rows, by):
    """The positions of everyone present on a decision item, from one form.

    `rows` are dicts with `membership`, `stance` ("" for no position yet) and `reservation`. A row without a stance
    or with the position already recorded is left alone. Returns the positions saved.
    """
    existing = {p.membership_id: p for p in handling.positions.all()}
    saved, errors = [], {}
    for row in rows:
        membership, stance = row["membership"], row.get("stance") or ""
        reservation = (row.get("reservation") or "").strip()
        if not stance:
            continue
        known = existing.get(membership.pk)
        if known is not None and (known.stance, known.reservation) == (stance, reservation):
            continue
        try:
            saved.append(services.item_record_position(handling=handling, membership=membership, stance=stance,
                                                       reservation=reservation, by=by))
        except ValidationError as exc:
            field = "reservation" if hasattr(exc, "error_dict") and "reservation" in exc.error_dict else "stance"
            _collect(errors, f"{field}_{membership.pk}", exc, membership.person)
    if errors:
        raise ValidationError(errors)
    return saved


def later_held_meetings(meeting):
    """The meetings of the same body after this one that are held: where its minutes can be approved «i neste møte»."""
    return (Meeting.objects.filter(body=meeting.body_id, starts_at__gt=meeting.starts_at)
            .filter(status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED, Meeting.Status.PUBLISHED])
            .order_by("starts_at"))
