"""Members take part in the minutes: attendees comment on the draft, the chosen approvers approve it themselves.

- The secretariat asks the chair and one member from the other side to approve (``minutes_request_approval``);
  they get an e-mail (if their e-mail settings allow it) and see the minutes on their own home page.
- Each approver approves in the app (``minutes_approve_in_app``), recording who, when and how they logged in,
  or asks for a change with a comment (``minutes_request_change``). The minutes are approved, frozen and
  archived when every chosen approver has approved the draft as it stands; an approval of an earlier draft
  does not count.
- Those who attended comment on the draft (``minutes_comment_add``); the secretariat sees the comments. Once
  the minutes are approved no comment can be added.
- The secretariat can still record an approval given on paper (``services.minutes_approve``), marked as such.

Every function is keyword-only, runs in one transaction and refuses bad input with a Norwegian ValidationError.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies.history import history_user as _user
from members.models import Person

from . import services, tasks
from .models import ApprovalChannel, Attendance, EmailSettings, Meeting, Minutes, MinutesApproval, MinutesComment, MinutesSignatory

COMMENT_MAX_LENGTH = 4000


def _person_of(user):
    person = Person.of_user(user)
    if person is None:
        raise ValidationError(_("Brukerkontoen din er ikke koblet til en person i helsefellesskapet."))
    return person


def _open_draft(meeting):
    """The meeting (locked) and its minutes, which must be held and not yet approved."""
    meeting = services._locked(meeting)
    if meeting.minutes_frozen:
        raise ValidationError(_("Protokollen er godkjent og låst. Rettinger gjøres av sekretariatet som en ny, registrert versjon."))
    if not meeting.is_held:
        raise ValidationError(_("Protokollen kan leses og godkjennes når møtet er avholdt."))
    return meeting, services._minutes_for(meeting)


def _clean_text(text, *, field="text", required=True):
    text = (text or "").strip()
    if required and not text:
        raise ValidationError({field: _("Skriv en merknad.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError({field: _("Merknaden kan ikke være lengre enn %(n)s tegn.") % {"n": COMMENT_MAX_LENGTH}})
    return text


# -- who may do what (the pages ask the same questions) -------------------------------------------------------


def attended(meeting, person):
    """Whether the person was present at the meeting (as a member, deputy, observer or secretary)."""
    return person is not None and Attendance.objects.filter(
        meeting=meeting, membership__person=person, status=Attendance.Status.PRESENT).exists()


def signatory_of(meeting, person):
    """The person's request to approve the meeting's minutes, or None."""
    if person is None:
        return None
    return MinutesSignatory.objects.filter(minutes__meeting=meeting, person=person).select_related("minutes").first()


def may_comment(meeting, person):
    return meeting.is_held and not meeting.minutes_frozen and (attended(meeting, person) or signatory_of(meeting, person) is not None)


def approvals_in(minutes):
    """The approvals given in the app that count: by a chosen approver, of the draft as it stands now."""
    chosen = set(minutes.signatories.values_list("person_id", flat=True))
    return [a for a in minutes.approvals.filter(version=minutes.version, channel=ApprovalChannel.APP,
                                                draft_version=minutes.draft_version).select_related("person")
            if a.person_id in chosen]


def has_approved(minutes, person):
    return any(a.person_id == person.pk for a in approvals_in(minutes))


# -- e-mail settings ------------------------------------------------------------------------------------------------


@transaction.atomic
def email_settings_update(*, person, by, **choices):
    """Save which e-mails the person gets about meetings."""
    unknown = set(choices) - set(EmailSettings.KINDS)
    if unknown:
        raise ValidationError(_("Ukjent e-postinnstilling: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    settings = EmailSettings.objects.select_for_update().filter(person=person).first() or EmailSettings(person=person)
    for name, value in choices.items():
        setattr(settings, name, bool(value))
    settings.full_clean()
    return services._save(settings, by=by, reason=_("E-postinnstillinger endret"))


# -- the secretariat asks for approval --------------------------------------------------------------------------


@transaction.atomic
def minutes_request_approval(*, meeting, approvers, by):
    """Ask the chair and one member from the other side to approve the draft minutes in the app.

    Replaces the earlier choice (approvals already given by someone chosen again still stand). The approvers
    are e-mailed once this is committed, unless they have turned such e-mails off.
    """
    meeting, minutes = _open_draft(meeting)
    chosen = services._check_signature_approvers(meeting, approvers)
    keep = {person.pk for person, _membership in chosen}
    minutes.signatories.exclude(person_id__in=keep).delete()
    new = []
    for person, membership in chosen:
        signatory = minutes.signatories.filter(person=person).first()
        if signatory is None:
            signatory = services._save(MinutesSignatory(minutes=minutes, person=person, membership=membership,
                                                        requested_by=_user(by)), by=by, reason=_("Bedt om å godkjenne protokollen"))
            new.append(signatory.pk)
    if new:
        meeting_pk = meeting.pk
        transaction.on_commit(lambda: tasks.send_minutes_to_approve.enqueue(meeting_pk, new))
    return list(minutes.signatories.select_related("person"))


# -- the approvers ----------------------------------------------------------------------------------------------


def _finish_if_complete(meeting, minutes, *, by, at):
    """Approve, freeze and archive the minutes once every chosen approver has approved the current draft."""
    chosen = list(minutes.signatories.all())
    approved = {a.person_id for a in approvals_in(minutes)}
    if len(chosen) < 2 or any(s.person_id not in approved for s in chosen):
        return False
    minutes.approval_method = Minutes.ApprovalMethod.SIGNATURES
    minutes.approved_at = at
    minutes.approved_at_meeting = None
    minutes.approved_by_user = _user(by)
    services._save(minutes, by=by, reason=_("Protokoll godkjent av møteleder og ett medlem fra den andre siden"))
    meeting.status = Meeting.Status.MINUTES_APPROVED
    services._bump(meeting, by=by, reason=_("Protokoll godkjent"))
    services._archive_on_commit(meeting, minutes)
    return True


@transaction.atomic
def minutes_approve_in_app(*, meeting, by, login_method=""):
    """The approver approves the draft as it stands; returns the approval. The minutes are approved with the last one."""
    person = _person_of(by)
    meeting, minutes = _open_draft(meeting)
    signatory = minutes.signatories.filter(person=person).select_related("membership").first()
    if signatory is None:
        raise ValidationError(_("Du er ikke bedt om å godkjenne denne protokollen."))
    if has_approved(minutes, person):
        raise ValidationError(_("Du har allerede godkjent dette utkastet."))
    now = timezone.now()
    # An approval of an earlier draft is replaced: only the draft as it stands is approved.
    minutes.approvals.filter(version=minutes.version, person=person).delete()
    approval = MinutesApproval(minutes=minutes, version=minutes.version, person=person, membership=signatory.membership,
                               approved_at=now, channel=ApprovalChannel.APP, login_method=(login_method or "")[:100],
                               draft_version=minutes.draft_version)
    services._save(approval, by=by, reason=_("Protokoll godkjent i appen"))
    _finish_if_complete(meeting, minutes, by=by, at=now)
    return approval


@transaction.atomic
def minutes_request_change(*, meeting, by, text):
    """An approver asks for a change before approving; the secretariat sees the comment."""
    person = _person_of(by)
    meeting, minutes = _open_draft(meeting)
    if not minutes.signatories.filter(person=person).exists():
        raise ValidationError(_("Du er ikke bedt om å godkjenne denne protokollen."))
    text = _clean_text(text)
    comment = MinutesComment(minutes=minutes, person=person, kind=MinutesComment.Kind.CHANGE_REQUEST, text=text,
                             draft_version=minutes.draft_version)
    return services._save(comment, by=by, reason=_("Endring etterspurt i protokollutkastet"))


@transaction.atomic
def minutes_comment_add(*, meeting, by, text):
    """Someone who attended the meeting comments on the draft minutes (refused once they are approved)."""
    person = _person_of(by)
    meeting, minutes = _open_draft(meeting)
    if not (attended(meeting, person) or minutes.signatories.filter(person=person).exists()):
        raise ValidationError(_("Bare de som var til stede i møtet kan gi merknader til protokollutkastet."))
    text = _clean_text(text)
    comment = MinutesComment(minutes=minutes, person=person, kind=MinutesComment.Kind.COMMENT, text=text,
                             draft_version=minutes.draft_version)
    return services._save(comment, by=by, reason=_("Merknad til protokollutkastet"))


# -- what waits on a person --------------------------------------------------------------------------------------


_HELD_MEETING_FIELDS = ("title", "starts_at", "status", "body__name")


def minutes_awaiting_approval(person):
    """Draft minutes the person is asked to approve and has not approved as they stand: their meetings (date, title,
    body), oldest first."""
    if person is None:
        return []
    asked = list(Meeting.objects.filter(status=Meeting.Status.HELD, minutes__signatories__person=person)
                 .select_related("body", "minutes").only(*_HELD_MEETING_FIELDS, "minutes__version", "minutes__draft_version")
                 .order_by("starts_at", "pk"))
    if not asked:
        return []
    # An approval in the app counts only for the draft as it stands (version and draft version).
    given = set(MinutesApproval.objects.filter(minutes__in=[m.minutes.pk for m in asked], person=person, channel=ApprovalChannel.APP)
                .values_list("minutes_id", "version", "draft_version"))
    return [m for m in asked if (m.minutes.pk, m.minutes.version, m.minutes.draft_version) not in given]


def minutes_open_for_comment(person):
    """Draft minutes of meetings the person attended, not yet approved: their meetings (date, title, body), newest first."""
    if person is None:
        return []
    attended = (Attendance.objects.filter(membership__person=person, status=Attendance.Status.PRESENT,
                                          meeting__status=Meeting.Status.HELD, meeting__minutes__isnull=False)
                .select_related("meeting__body").only(*(f"meeting__{name}" for name in _HELD_MEETING_FIELDS))
                .order_by("-meeting__starts_at", "-meeting_id"))
    # A person present in two seats at one meeting has two attendances: the meeting is listed once.
    meetings = {}
    for attendance in attended:
        meetings.setdefault(attendance.meeting_id, attendance.meeting)
    return list(meetings.values())
