"""Everything that changes a case: reporting, registering, handlings, positions, decisions, anchoring, follow-up.

Each function is keyword-only, runs inside `transaction.atomic()`, locks the rows two people could race
on, refuses bad input with a `ValidationError` in Norwegian (nothing half-saved), and leaves a history
row saying who and why. A case's status changes only here, and only along `ALLOWED_TRANSITIONS`.

Most functions take an optional `at` (a datetime): when the step happened, for recording past events
such as the partnership's history; checks such as «a deadline in the past» are made relative to it.
"""
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.history import history_user as _user
from bodies.history import stamp as _stamp
from bodies.models import Body, BodyKind, DocumentVersion, GovernanceDocument, Party
from members.models import Membership

from .anchoring import tally_answers
from .consensus import DECIDING_SIDES, consensus_reached
from .models import (
    ALLOWED_TRANSITIONS,
    AnchoringAnswer,
    AnchoringRound,
    Case,
    CaseSeries,
    CaseType,
    Decision,
    DecisionPoint,
    Disqualification,
    DocumentAdoption,
    DocumentRevision,
    ExemptDocumentView,
    FollowUpTask,
    Handling,
    Position,
    ProtocolNote,
    Purpose,
    SubcommitteeAppointment,
    SubcommitteeReport,
)
from .two_step import two_step_problem

__all__ = [
    "ALLOWED_TRANSITIONS", "DecisionOutcome", "anchoring_answer_record", "anchoring_answers_record", "anchoring_round_start", "anchoring_tally",
    "case_close", "case_close_problems", "close_problems", "case_record_decision", "case_register", "case_report", "case_update", "consensus_check",
    "decision_correct", "disqualification_declare", "document_revision_start", "document_version_adopt", "exempt_document_log_view", "handling_create", "handling_note_information",
    "handling_record_discussion", "position_record", "protocol_note_add", "subcommittee_create",
    "subcommittee_report", "task_complete",
    "task_create", "two_step_problem",
]

Status = Case.Status
Outcome = Handling.Outcome
Response = AnchoringAnswer.Response
Condition = AnchoringAnswer.Condition

# Fields of the reporting template (saker meldes i egen mal) that case_report and case_update accept.
TEMPLATE_FIELDS = (
    "background", "subject", "proposed_decision", "consequences_hf", "consequences_municipalities",
    "consequences_patients", "consequences_economy", "priority_groups",
)
EDITABLE_FIELDS = ("title", "case_type", "reported_by", "on_behalf_of") + TEMPLATE_FIELDS

MSG_STALE = gettext_lazy("Saken er endret av en annen siden du åpnet den. Last saken på nytt og gjør endringen igjen.")
MSG_NOT_AT_MEETING = gettext_lazy("Behandlingen er ikke satt opp i et møte ennå.")


# -- helpers ----------------------------------------------------------------------------------------------

def _now(at):
    return at or timezone.now()


def _today(at):
    return timezone.localdate(at) if at else timezone.localdate()


def _lock_case(case):
    return Case.objects.select_for_update(of=("self",)).select_related("partnership", "body").get(pk=case.pk)


def _save_case(case, by, reason):
    case.version += 1
    _stamp(case, by, reason)
    case.save()


def _move(case, status, *, by, reason):
    """Change the case's status along ALLOWED_TRANSITIONS, or refuse."""
    if case.status == status:
        return
    if not case.can_move_to(status):
        raise ValidationError(
            _("Saken kan ikke gå fra «%(from)s» til «%(to)s».") % {"from": case.get_status_display(), "to": Case.Status(status).label}
        )
    case.status = status
    _save_case(case, by, reason)


def _sync(original, fresh):
    """Let the caller's object see what the service saved."""
    if original is not fresh:
        original.refresh_from_db()


def _require_held(held_at):
    """A discussion or decision is recorded at a meeting: the meetings services pass its start as `held_at`."""
    if held_at is None:
        raise ValidationError(MSG_NOT_AT_MEETING)


# -- reporting and registering ----------------------------------------------------------------------------

def case_report(*, partnership, title, case_type, by=None, reported_by=None, on_behalf_of=None, at=None, **template_fields):
    """Report a case on the template (saker meldes i egen mal). Status: reported."""
    unknown = set(template_fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"case_report() got unexpected fields: {', '.join(sorted(unknown))}")
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Saken må ha en tittel.")
    if case_type not in CaseType.values:
        errors["case_type"] = _("Velg sakstype: beslutningssak, drøftingssak eller orienteringssak.")
    if on_behalf_of is not None and on_behalf_of.partnership_id != partnership.pk:
        errors["on_behalf_of"] = _("%(party)s er ikke part i %(partnership)s.") % {"party": on_behalf_of, "partnership": partnership}
    if errors:
        raise ValidationError(errors)
    user = _user(by)
    if reported_by is None and user is not None:
        reported_by = getattr(user, "person", None)
    priority_groups = template_fields.pop("priority_groups", None)
    with transaction.atomic():
        case = Case(partnership=partnership, title=title.strip(), case_type=case_type, reported_by=reported_by,
                    on_behalf_of=on_behalf_of, reported_by_user=user, reported_at=_now(at), status=Status.REPORTED,
                    **template_fields)
        _stamp(case, by, _("Sak meldt"))
        case.save()
        if priority_groups:
            case.priority_groups.set(priority_groups)
    return case


def case_register(*, case, body, by, number=None, at=None):
    """Register a reported case and route it to `body`, giving it the next number of the body's series.

    Numbers run per body and year without gaps or duplicates: the series row is locked while a number is
    taken. `number` imports a historic case under its original number (refused if taken; the series then
    continues after it).
    """
    with transaction.atomic():
        locked = _lock_case(case)
        if locked.number is not None:
            raise ValidationError(_("Saken er allerede registrert som %(number)s.") % {"number": locked.case_number})
        if body.partnership_id != locked.partnership_id:
            raise ValidationError({"body": _("%(body)s hører til et annet helsefellesskap enn saken.") % {"body": body}})
        if not locked.can_move_to(Status.REGISTERED):
            raise ValidationError(_("Saken kan ikke registreres når den har status «%(status)s».") % {"status": locked.get_status_display()})
        year = _today(at).year
        series, _created = CaseSeries.objects.get_or_create(body=body, year=year)
        series = CaseSeries.objects.select_for_update().get(pk=series.pk)
        if number is None:
            number = series.last_number + 1
        else:
            if number < 1:
                raise ValidationError({"number": _("Saksnummeret må være et positivt tall.")})
            if Case.objects.filter(body=body, year=year, number=number).exists():
                raise ValidationError({"number": _("Sak %(number)s/%(year)s finnes allerede i %(body)s.") % {
                    "number": number, "year": year, "body": body}})
        series.last_number = max(series.last_number, number)
        series.save(update_fields=["last_number"])
        locked.body, locked.year, locked.number = body, year, number
        locked.registered_at = _now(at)
        locked.status = Status.REGISTERED
        _save_case(locked, by, _("Registrert som sak %(number)s/%(year)s i %(body)s") % {"number": number, "year": year, "body": body})
    _sync(case, locked)
    return locked


def case_update(*, case, expected_version, by, **fields):
    """Edit the template fields; refuses a stale edit (someone saved the case meanwhile)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Disse feltene kan ikke endres her: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        locked = _lock_case(case)
        if locked.version != expected_version:
            raise ValidationError(str(MSG_STALE))
        if locked.status == Status.CLOSED:
            raise ValidationError(_("En avsluttet sak kan ikke endres."))
        errors = {}
        if "title" in fields and not (fields["title"] or "").strip():
            errors["title"] = _("Saken må ha en tittel.")
        if "case_type" in fields and fields["case_type"] != locked.case_type:
            if fields["case_type"] not in CaseType.values:
                errors["case_type"] = _("Ukjent sakstype.")
            elif locked.handlings.exists():
                errors["case_type"] = _("Sakstypen kan ikke endres etter at saken er satt opp til behandling.")
        party = fields.get("on_behalf_of")
        if party is not None and party.partnership_id != locked.partnership_id:
            errors["on_behalf_of"] = _("%(party)s er ikke part i helsefellesskapet.") % {"party": party}
        if errors:
            raise ValidationError(errors)
        priority_groups = fields.pop("priority_groups", None)
        for name, value in fields.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        _save_case(locked, by, _("Saken er endret"))
        if priority_groups is not None:
            locked.priority_groups.set(priority_groups)
    _sync(case, locked)
    return locked


# A case that has reached one of these has been concluded; closing it earlier is withdrawing it (a reason is required).
CONCLUDED = (Status.DECIDED, Status.NOTED, Status.IN_ANCHORING, Status.FOLLOW_UP)


def case_close_problems(case, *, today=None):
    """Why the case may not be closed now, as a list of Norwegian sentences (empty when it may).

    A case is closed when nothing more is to happen in it: no handling waits for a meeting, every follow-up
    task is done, and no anchoring round still waits for answers before its deadline.
    """
    if case.status == Status.CLOSED:
        return [_("Saken er allerede avsluttet.")]
    prefetch_related_objects([case], "handlings__body", "tasks", "anchoring_rounds__answers")
    return close_problems(handlings=case.handlings.all(), tasks=case.tasks.all(),
                          rounds=[(r, r.answers.all()) for r in case.anchoring_rounds.all()], today=today)


def close_problems(*, handlings, tasks, rounds, today=None):
    """``case_close_problems`` of a case that is not closed, from its handlings, its tasks and its rounds with their
    answers as (round, answers) pairs: model instances, or the rows the case page has read (cases/selectors.py)."""
    today = today or timezone.localdate()
    problems = []
    pending = sorted((h for h in handlings if h.outcome == Outcome.PENDING), key=lambda h: (h.created_at, h.pk))
    for handling in pending:
        problems.append(_("Saken venter på %(purpose)s i %(body)s. Ta den av sakslisten, behandle den, eller registrer i møtet at den ikke ble behandlet.") % {
            "purpose": handling.get_purpose_display().lower(), "body": handling.body})
    open_tasks = sorted((t for t in tasks if t.completed_at is None), key=lambda t: (t.deadline, t.pk))
    if open_tasks:
        problems.append(_("%(count)s oppfølgingsoppgave(r) er ikke fullført: %(tasks)s.") % {
            "count": len(open_tasks), "tasks": "; ".join(t.title for t in open_tasks)})
    running = sorted((pair for pair in rounds if pair[0].deadline >= today), key=lambda pair: (pair[0].deadline, pair[0].pk))
    for anchoring_round, answers in running:
        waiting = sum(1 for a in answers if a.response == Response.NOT_ANSWERED)
        if waiting:
            problems.append(_("Tilslutningsrunden «%(round)s» venter på svar fra %(count)s part(er) (frist %(deadline)s).") % {
                "round": anchoring_round, "count": waiting, "deadline": date_format(anchoring_round.deadline, "SHORT_DATE_FORMAT")})
    return problems


def case_close(*, case, by, reason="", at=None):
    """Close a case (avsluttet): nothing more will happen in it (see `case_close_problems`).

    A case closed before it was decided or noted is withdrawn, and the reason is then required.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock_case(case)
        if locked.status == Status.CLOSED:
            raise ValidationError(_("Saken er allerede avsluttet."))
        problems = case_close_problems(locked, today=_today(at))
        if problems:
            raise ValidationError(" ".join(problems))
        if locked.status not in CONCLUDED and not reason:
            raise ValidationError({"reason": _("Saken er ikke vedtatt eller tatt til orientering: oppgi hvorfor den avsluttes "
                                               "(for eksempel at den er trukket).")})
        _move(locked, Status.CLOSED, by=by, reason=_("Saken er avsluttet: %(reason)s") % {"reason": reason} if reason
              else _("Saken er avsluttet"))
    _sync(case, locked)
    return locked


# -- handlings across bodies (saksgang) ---------------------------------------------------------------------

def handling_create(*, case, body, purpose, by, meeting_starts_at=None, urgent_reason="", urgency_approved_by=None, at=None):
    """Put a case up for discussion, decision or information in a body.

    A decision needs an earlier discussion under the two-step rule (before `meeting_starts_at`, the start of
    the meeting it is put on, when there is one), unless the partnership allows the urgent exception and a
    reason and the person approving it are given (recorded on the case). Which meeting carries the handling
    is the meeting's agenda: meetings.services.agenda_add_case.
    """
    with transaction.atomic():
        locked = _lock_case(case)
        partnership = locked.partnership
        if locked.number is None:
            raise ValidationError(_("Saken må registreres av sekretariatet før den kan settes opp til behandling."))
        if purpose not in Purpose.values:
            raise ValidationError({"purpose": _("Velg formål: drøfting, beslutning eller orientering.")})
        if body.partnership_id != locked.partnership_id:
            raise ValidationError({"body": _("%(body)s hører til et annet helsefellesskap enn saken.") % {"body": body}})
        urgent_reason = (urgent_reason or "").strip()
        if purpose == Purpose.DECISION:
            if locked.case_type == CaseType.INFORMATION:
                raise ValidationError({"purpose": _("En orienteringssak tas til orientering; den settes ikke opp til beslutning.")})
            if not body.can_decide:
                raise ValidationError({"body": _("%(body)s fatter ikke vedtak.") % {"body": body}})
            problem = two_step_problem(case=locked, body=body, before=meeting_starts_at)
            if problem and not urgent_reason:
                raise ValidationError({"purpose": problem})
            if problem:
                if not partnership.allow_urgent_exception:
                    raise ValidationError({"urgent_reason": _(
                        "%(partnership)s tillater ikke unntak fra totrinnsbehandlingen i hastesaker.") % {"partnership": partnership}})
                if urgency_approved_by is None:
                    raise ValidationError({"urgency_approved_by": _("Oppgi hvem som har godkjent at saken behandles som hastesak.")})
                locked.urgent, locked.urgency_reason, locked.urgency_approved_by = True, urgent_reason, urgency_approved_by
                _save_case(locked, by, _("Hastesak: unntak fra totrinnsbehandling godkjent av %(person)s") % {"person": urgency_approved_by})

        target = {Purpose.DISCUSSION: Status.FOR_DISCUSSION, Purpose.DECISION: Status.FOR_DECISION}.get(purpose)
        if target and locked.status != target and not locked.can_move_to(target):
            raise ValidationError(_("Saken kan ikke settes opp til %(purpose)s når den har status «%(status)s».") % {
                "purpose": Purpose(purpose).label.lower(), "status": locked.get_status_display()})
        handling = _new_handling(case=locked, body=body, purpose=purpose, by=by, at=at)
        if target:
            _move(locked, target, by=by, reason=_("Satt opp til %(purpose)s i %(body)s") % {
                "purpose": Purpose(purpose).label.lower(), "body": body})
    _sync(case, locked)
    return handling


def _new_handling(*, case, body, purpose, by, at=None, reason=None):
    handling = Handling(case=case, body=body, purpose=purpose, authoritative=purpose == Purpose.DECISION,
                        created_at=_now(at))
    _stamp(handling, by, reason or _("Satt opp til %(purpose)s") % {"purpose": Purpose(purpose).label.lower()})
    handling.save()
    return handling


def _lock_pending_handling(handling, purpose):
    locked = Handling.objects.select_for_update(of=("self",)).select_related("case", "body__partnership").get(pk=handling.pk)
    if locked.purpose != purpose:
        raise ValidationError(_("Behandlingen har formål «%(purpose)s».") % {"purpose": locked.get_purpose_display()})
    if locked.outcome != Outcome.PENDING:
        raise ValidationError(_("Behandlingen er allerede avsluttet (%(outcome)s).") % {"outcome": locked.get_outcome_display()})
    return locked


def handling_record_discussion(*, handling, by, held_at, note="", at=None):
    """The body has discussed the case (drøftet) at the meeting that started at `held_at`, with a note.

    Whether that meeting has begun is checked by meetings.services.item_record_discussion, the way in.
    """
    note = (note or "").strip()
    with transaction.atomic():
        locked = _lock_pending_handling(handling, Purpose.DISCUSSION)
        _require_held(held_at)
        if not note:
            raise ValidationError({"note": _("Skriv et kort referat fra drøftingen.")})
        locked.outcome, locked.note, locked.concluded_at, locked.held_at = Outcome.DISCUSSED, note, _now(at), held_at
        _stamp(locked, by, _("Drøftet i %(body)s") % {"body": locked.body})
        locked.save()
        case = _lock_case(locked.case)
        if case.can_move_to(Status.DISCUSSED):
            _move(case, Status.DISCUSSED, by=by, reason=_("Drøftet i %(body)s") % {"body": locked.body})
    _sync(handling, locked)
    return locked


def handling_note_information(*, handling, by, held_at, note="", at=None):
    """The body takes the case into account (tar til orientering) at the meeting that started at `held_at`.

    An information case is then done. The way in is meetings.services.item_note_information.
    """
    with transaction.atomic():
        locked = _lock_pending_handling(handling, Purpose.INFORMATION)
        _require_held(held_at)
        locked.outcome, locked.note, locked.concluded_at, locked.held_at = Outcome.NOTED, (note or "").strip(), _now(at), held_at
        _stamp(locked, by, _("Tatt til orientering i %(body)s") % {"body": locked.body})
        locked.save()
        case = _lock_case(locked.case)
        if case.case_type == CaseType.INFORMATION:
            _move(case, Status.NOTED, by=by, reason=_("Tatt til orientering i %(body)s") % {"body": locked.body})
    _sync(handling, locked)
    return locked


def handling_postpone(*, handling, by, held_at, reason, at=None):
    """The body did not treat the case at the meeting that started at `held_at` (not reached, or put off there): the
    handling ends as postponed (utsatt) with the reason, and the case waits for a new handling on a later agenda.

    The way in is meetings.services.item_not_treated (the meeting must have begun)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Handling.objects.select_for_update(of=("self",)).select_related("case", "body__partnership").get(pk=handling.pk)
        if locked.outcome != Outcome.PENDING:
            raise ValidationError(_("Behandlingen er allerede avsluttet (%(outcome)s).") % {"outcome": locked.get_outcome_display()})
        _require_held(held_at)
        if not reason:
            raise ValidationError({"reason": _("Skriv hvorfor saken ikke ble behandlet (for eksempel at møtet ikke rakk den).")})
        locked.outcome, locked.note, locked.concluded_at, locked.held_at = Outcome.POSTPONED, reason, _now(at), held_at
        _stamp(locked, by, _("Ikke behandlet i %(body)s: %(reason)s") % {"body": locked.body, "reason": reason})
        locked.save()
    _sync(handling, locked)
    return locked


# -- positions, disqualification, protocol notes -----------------------------------------------------------------

def _open_decision_handling(handling):
    locked = Handling.objects.select_for_update(of=("self",)).select_related("case", "body__partnership").get(pk=handling.pk)
    if locked.purpose != Purpose.DECISION:
        raise ValidationError(_("Standpunkter, inhabilitet og protokolltilførsler registreres når saken er til beslutning."))
    if locked.outcome != Outcome.PENDING:
        raise ValidationError(_("Behandlingen er allerede avsluttet (%(outcome)s).") % {"outcome": locked.get_outcome_display()})
    return locked


def _check_member_of_body(membership, handling):
    if membership.body_id != handling.body_id:
        raise ValidationError({"membership": _("%(person)s er ikke medlem av %(body)s.") % {
            "person": membership.person, "body": handling.body}})


def position_record(*, handling, membership, stance, present, votes, left=False, reservation="", by, at=None):
    """Record a member's position: agree, agree with a reservation (text required) or disagree.

    Only a voting member present at the meeting, or the personal deputy meeting for them, is counted;
    an observer's view is recorded but never counted; anyone else is refused. Whether the
    member is `present`, `left` before the item, and `votes` at this meeting are the meeting's facts,
    passed in by meetings.services.item_record_position.
    """
    with transaction.atomic():
        locked = _open_decision_handling(handling)
        _check_member_of_body(membership, locked)
        name = membership.person
        if stance not in Position.Stance.values:
            raise ValidationError({"stance": _("Velg enig, enig med forbehold eller uenig.")})
        reservation = (reservation or "").strip()
        if stance == Position.Stance.AGREE_WITH_RESERVATION and not reservation:
            raise ValidationError({"reservation": _("Skriv forbeholdet.")})
        if stance != Position.Stance.AGREE_WITH_RESERVATION:
            reservation = ""
        if not present:
            raise ValidationError({"membership": _("%(person)s er ikke registrert som til stede i møtet.") % {"person": name}})
        if left:
            raise ValidationError({"membership": _("%(person)s forlot møtet før saken ble behandlet.") % {"person": name}})
        if locked.disqualifications.filter(membership=membership).exists():
            raise ValidationError({"membership": _("%(person)s er erklært inhabil i saken.") % {"person": name}})
        if membership.role != Membership.Role.OBSERVER and not votes:
            raise ValidationError({"membership": _(
                "%(person)s har ikke stemmerett i saken. Bare medlemmer med stemmerett, eller personlig vara som møter "
                "for dem, tar standpunkt; observatørenes syn registreres uten å telle med.") % {"person": name}})
        position = locked.positions.filter(membership=membership).first() or Position(handling=locked, membership=membership)
        position.stance, position.reservation = stance, reservation
        position.recorded_at, position.recorded_by = _now(at), _user(by)
        _stamp(position, by, _("Standpunkt registrert"))
        position.save()
    return position


def disqualification_declare(*, handling, membership, reason, by, at=None):
    """Declare a member disqualified (inhabil) in the case (forvaltningsloven § 6); they are left out of consensus."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Oppgi grunnen til inhabiliteten.")})
    with transaction.atomic():
        locked = _open_decision_handling(handling)
        _check_member_of_body(membership, locked)
        if locked.disqualifications.filter(membership=membership).exists():
            raise ValidationError({"membership": _("%(person)s er allerede erklært inhabil i saken.") % {"person": membership.person}})
        disqualification = Disqualification(handling=locked, membership=membership, reason=reason, declared_at=_now(at))
        _stamp(disqualification, by, _("Erklært inhabil"))
        disqualification.save()
    return disqualification


def protocol_note_add(*, handling, text, by, membership=None, side="", at=None):
    """Add a protocol note (protokolltilførsel) by a member or by one side as a whole."""
    from bodies.models import Side

    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Skriv protokolltilførselen.")})
    if membership is None and side not in (Side.SPECIALIST, Side.MUNICIPAL):
        raise ValidationError({"side": _("Oppgi representanten eller siden som står bak protokolltilførselen.")})
    with transaction.atomic():
        locked = Handling.objects.select_for_update(of=("self",)).select_related("body").get(pk=handling.pk)
        if membership is not None:
            _check_member_of_body(membership, locked)
            side = side or membership.side
        note = ProtocolNote(handling=locked, membership=membership, side=side, text=text, created_at=_now(at))
        _stamp(note, by, _("Protokolltilførsel"))
        note.save()
    return note


# -- consensus and decision ---------------------------------------------------------------------------------

def _voting_seats(body, on):
    return Membership.objects.filter(body=body).voting_seats().current(on=on).count()


def consensus_check(*, handling, participants, meeting_starts_at):
    """The consensus check for a decision handling, without saving anything.

    `participants` are those present at the meeting (consensus.Participant, built by
    meetings.services.item_consensus); the voting seats are counted on the day the meeting starts.
    """
    on = timezone.localdate(meeting_starts_at)
    required_parties = None
    if handling.body.consensus_per_party:
        participants, required_parties = _with_parties(handling.body, participants, on)
    return consensus_reached(
        participants=participants,
        positions=list(handling.positions.all()),
        voting_seats=_voting_seats(handling.body, on),
        quorum_percent=handling.body.quorum_percent,
        required_parties=required_parties,
    )


def _with_parties(body, participants, on):
    """Where a body checks consensus per party: the parties each participant represents, and the parties
    with a voting seat in the body on the day (each must be present, not just each side)."""
    links = Membership.represented_parties.through.objects.filter(membership_id__in=[p.key for p in participants])
    by_membership = {}
    for membership_id, party_id in links.values_list("membership_id", "party_id"):
        by_membership.setdefault(membership_id, []).append(party_id)
    participants = [replace(p, parties=tuple(by_membership.get(p.key, ()))) for p in participants]
    seats = body.memberships.current(on).voting_seats()
    required = dict(Party.objects.filter(representatives__in=seats, side__in=DECIDING_SIDES).distinct()
                    .order_by("name").values_list("pk", "name"))
    return participants, required


@dataclass
class DecisionOutcome:
    """What case_record_decision did: the consensus check, and the decision or where the case went back to."""

    handling: Handling
    consensus: object
    decision: Decision | None = None
    next_handling: Handling | None = None
    # The meeting a case without consensus was postponed to; set by meetings.services.item_decide.
    postponed_to: object = None

    @property
    def reached(self):
        return self.consensus.reached

    @property
    def outcome(self):
        return self.handling.outcome


def _save_points(decision, points):
    for number, text in enumerate(points, start=1):
        DecisionPoint.objects.create(decision=decision, number=number, text=text)


MAX_DECISION_POINTS = 200


def _clean_points(points):
    cleaned = [p.strip() for p in (points or []) if p and p.strip()]
    if not cleaned:
        raise ValidationError({"points": _("Vedtaket må ha minst ett punkt.")})
    if len(cleaned) > MAX_DECISION_POINTS:
        raise ValidationError({"points": _("Et vedtak kan ha høyst %(max)s punkter; dette har %(count)s.") % {
            "max": MAX_DECISION_POINTS, "count": len(cleaned)}})
    return cleaned


NO_CONSENSUS_CHOICES = ("postpone", "return")


def case_record_decision(*, handling, points, by, participants, meeting_starts_at, if_no_consensus=None, postpone_to=None,
                         at=None):
    """Decide the case at its meeting if there is consensus; otherwise record «ikke konsensus» as the user chose.

    The way in is meetings.services.item_decide: it checks that the meeting has begun and the meeting to
    postpone to, and passes the meeting's facts (`participants` present, `meeting_starts_at`, and
    `postpone_to` only for the history text). At consensus: decision version 1 with numbered points,
    handling «vedtatt», case «vedtatt». Without consensus (too few present, a side missing, someone
    disagreeing) nothing is recorded unless the user has said what happens to the case: postpone it to a
    later meeting of the same body (`if_no_consensus="postpone"`; item_decide puts the new handling on that
    meeting's agenda in the same transaction) or send it back to the secretariat for a new discussion (`"return"`).
    Then handling and case are «ikke konsensus», positions kept, and the new pending handling is made.
    """
    if if_no_consensus not in (None, "", *NO_CONSENSUS_CHOICES):
        raise ValidationError({"if_no_consensus": _("Velg om saken utsettes eller sendes tilbake til sekretariatet.")})
    with transaction.atomic():
        locked = _open_decision_handling(handling)
        _require_held(meeting_starts_at)
        case = _lock_case(locked.case)
        body = locked.body
        if not body.can_decide:
            raise ValidationError(_("%(body)s fatter ikke vedtak.") % {"body": body})
        if not case.can_move_to(Status.DECIDED):
            raise ValidationError(_("Saken kan ikke vedtas når den har status «%(status)s».") % {"status": case.get_status_display()})
        if not case.urgent:
            problem = two_step_problem(case=case, body=body, before=meeting_starts_at)
            if problem:
                raise ValidationError(problem)
        result = consensus_check(handling=locked, participants=participants, meeting_starts_at=meeting_starts_at)
        now = _now(at)
        if result.reached:
            cleaned = _clean_points(points)
            decision = Decision(handling=locked, version=1, consensus=True, decided_at=now, created_by=_user(by))
            _stamp(decision, by, _("Vedtatt ved konsensus"))
            decision.save()
            _save_points(decision, cleaned)
            locked.outcome, locked.concluded_at, locked.held_at = Outcome.DECIDED, now, meeting_starts_at
            _stamp(locked, by, _("Vedtatt ved konsensus"))
            locked.save()
            _move(case, Status.DECIDED, by=by, reason=_("Vedtatt ved konsensus i %(body)s") % {"body": body})
            outcome = DecisionOutcome(handling=locked, consensus=result, decision=decision)
        else:
            why = " ".join(result.reasons)
            if not if_no_consensus:
                raise ValidationError({"if_no_consensus": _(
                    "Det er ikke konsensus, og saken kan ikke vedtas nå: %(why)s Velg hva som skal skje med saken: "
                    "utsett den til et senere møte i %(body)s, eller send den tilbake til sekretariatet.") % {"why": why, "body": body}})
            locked.outcome, locked.concluded_at, locked.held_at = Outcome.NO_CONSENSUS, now, meeting_starts_at
            locked.note = (locked.note + "\n" if locked.note else "") + why
            _stamp(locked, by, _("Ikke konsensus: %(why)s") % {"why": why})
            locked.save()
            _move(case, Status.NO_CONSENSUS, by=by, reason=_("Ikke konsensus i %(body)s: %(why)s") % {"body": body, "why": why})
            if if_no_consensus == "postpone":
                # The meeting's agenda is the meetings app's: meetings.services.item_decide puts it there.
                next_handling = _new_handling(case=case, body=body, purpose=Purpose.DECISION, by=by, at=now,
                                              reason=_("Utsatt til møtet %(meeting)s etter at det ikke ble konsensus") % {
                                                  "meeting": postpone_to})
            else:
                back_to = body.discussion_body or body
                next_handling = _new_handling(case=case, body=back_to, purpose=Purpose.DISCUSSION, by=by, at=now,
                                              reason=_("Sendt tilbake til sekretariatet etter at det ikke ble konsensus"))
            outcome = DecisionOutcome(handling=locked, consensus=result, next_handling=next_handling)
    _sync(handling, locked)
    return outcome


def decision_correct(*, decision, points, reason, by, at=None):
    """Correct a decision: a new version with the new points; the old version stays as it was."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Oppgi hvorfor vedtaket rettes.")})
    cleaned = _clean_points(points)
    with transaction.atomic():
        handling = Handling.objects.select_for_update().get(pk=decision.handling_id)
        newest = handling.decisions.order_by("-version").first()
        if newest.pk != decision.pk:
            raise ValidationError(_("Det finnes en nyere versjon (%(version)s) av vedtaket. Rett den.") % {"version": newest.version})
        corrected = Decision(handling=handling, version=newest.version + 1, consensus=decision.consensus, decided_at=decision.decided_at,
                             created_by=_user(by), correction_reason=reason)
        _stamp(corrected, by, _("Rettet: %(reason)s") % {"reason": reason})
        corrected.save()
        _save_points(corrected, cleaned)
    return corrected


# -- anchoring with the parties (tilslutning) ------------------------------------------------------------------

def _threshold_errors(condition, value, field):
    """Why a threshold (a round's, or a reservation's condition) cannot be used, as {field: message}."""
    if condition not in Condition.values:
        return {field: _("Ukjent terskel.")}
    if condition in (Condition.COUNT, Condition.SHARE, Condition.POPULATION_SHARE) and value is None:
        return {f"{field}_value": _("Oppgi terskelen.")}
    if condition in (Condition.SHARE, Condition.POPULATION_SHARE) and not 0 < value <= 1:
        return {f"{field}_value": _("En andel oppgis som et desimaltall mellom 0 og 1 (to tredjedeler = 0,6667).")}
    if condition == Condition.COUNT and (value < 1 or value != int(value)):
        return {f"{field}_value": _("Antall kommuner må være et helt tall.")}
    return {}


def anchoring_round_start(*, case, decision, deadline, by, parties=None, title="", sent_on=None, threshold="", threshold_value=None):
    """Send a decision to the parties' own bodies with a deadline; one «ikke svart» answer per party.

    By default the parties are all the partnership's municipalities and its health trust; the page lets the
    secretariat choose (a private hospital's board too). `threshold` is what the round requires among its
    municipalities: a count, a share, all, or a share of the population (cases/anchoring.py tallies it).
    """
    sent_on = sent_on or timezone.localdate()
    with transaction.atomic():
        locked = _lock_case(case)
        if decision is None:
            decision = locked.current_decision()
        if decision is None or decision.handling.case_id != locked.pk:
            raise ValidationError({"decision": _("Velg et vedtak i denne saken.")})
        if deadline is None or deadline < sent_on:
            raise ValidationError({"deadline": _("Svarfristen kan ikke være passert.")})
        threshold = threshold or ""
        threshold_errors = _threshold_errors(threshold, threshold_value, "threshold")
        if threshold_errors:
            raise ValidationError(threshold_errors)
        if not locked.can_start_anchoring:
            raise ValidationError(_("Saken kan sendes til tilslutning først når den er vedtatt (status nå: «%(status)s»).") % {
                "status": locked.get_status_display()})
        if parties is None:
            parties = locked.partnership.parties.filter(kind__in=[Party.Kind.MUNICIPALITY, Party.Kind.HEALTH_TRUST])
        parties = list(parties)
        if not parties:
            raise ValidationError({"parties": _("Velg minst én part.")})
        outside = [p for p in parties if p.partnership_id != locked.partnership_id]
        if outside:
            raise ValidationError({"parties": _("%(parties)s er ikke part i %(partnership)s.") % {
                "parties": ", ".join(str(p) for p in outside), "partnership": locked.partnership}})
        anchoring_round = AnchoringRound(case=locked, decision=decision, title=(title or "").strip() or _("Tilslutning: %(case)s") % {"case": locked},
                                         sent_on=sent_on, deadline=deadline, created_by=_user(by), threshold=threshold,
                                         threshold_value=threshold_value if threshold in (Condition.COUNT, Condition.SHARE,
                                                                                          Condition.POPULATION_SHARE) else None)
        _stamp(anchoring_round, by, _("Sendt til partene"))
        anchoring_round.save()
        for party in parties:
            answer = AnchoringAnswer(round=anchoring_round, party=party, response=Response.NOT_ANSWERED)
            _stamp(answer, by, _("Sendt til partene"))
            answer.save()
        _move(locked, Status.IN_ANCHORING, by=by, reason=_("Sendt til tilslutning hos %(count)s parter med frist %(deadline)s") % {
            "count": len(parties), "deadline": date_format(deadline, "SHORT_DATE_FORMAT")})
    _sync(case, locked)
    return anchoring_round


def anchoring_answer_record(*, answer=None, round=None, party=None, response, by, reservation="", condition="",
                            condition_value=None, amendment="", local_reference="", decided_on=None, at=None):
    """Record a party's answer: joined, joined with a reservation (maybe a checkable condition), amendment, rejected."""
    with transaction.atomic():
        if answer is None:
            if round is None or party is None:
                raise ValidationError(_("Oppgi svaret, eller runden og parten."))
            partnership = round.case.partnership
            if party.partnership_id != partnership.pk:
                raise ValidationError({"party": _("%(party)s er ikke part i %(partnership)s.") % {"party": party, "partnership": partnership}})
            answer = round.answers.filter(party=party).first()
            if answer is None:
                raise ValidationError({"party": _("%(party)s er ikke med i tilslutningsrunden «%(round)s».") % {"party": party, "round": round}})
        elif party is not None and answer.party_id != party.pk:
            raise ValidationError({"party": _("Svaret hører til %(other)s, ikke %(party)s.") % {"other": answer.party, "party": party}})
        locked = AnchoringAnswer.objects.select_for_update(of=("self",)).select_related("party", "round").get(pk=answer.pk)

        errors = {}
        reservation, amendment = (reservation or "").strip(), (amendment or "").strip()
        condition = condition or ""
        if response not in Response.values:
            errors["response"] = _("Ukjent svar.")
        if response == Response.JOINED_WITH_RESERVATION and not reservation:
            errors["reservation"] = _("Skriv forbeholdet.")
        if response == Response.AMENDMENT_PROPOSED and not amendment:
            errors["amendment"] = _("Skriv den foreslåtte endringen.")
        if condition and response != Response.JOINED_WITH_RESERVATION:
            errors["condition"] = _("En betingelse hører til et svar med forbehold.")
        if condition not in Condition.values:
            errors["condition"] = _("Ukjent betingelse.")
        elif condition in (Condition.COUNT, Condition.SHARE, Condition.POPULATION_SHARE) and condition_value is None:
            errors["condition_value"] = _("Oppgi terskelen for betingelsen.")
        elif condition in (Condition.SHARE, Condition.POPULATION_SHARE) and not 0 < condition_value <= 1:
            errors["condition_value"] = _("En andel oppgis som et desimaltall mellom 0 og 1 (to tredjedeler = 0,6667).")
        elif condition == Condition.COUNT and (condition_value < 1 or condition_value != int(condition_value)):
            errors["condition_value"] = _("Antall kommuner må være et helt tall.")
        if decided_on is not None and decided_on > _today(at):
            errors["decided_on"] = _("Vedtaksdatoen kan ikke være fram i tid.")
        if errors:
            raise ValidationError(errors)

        locked.response = response
        locked.reservation = reservation if response == Response.JOINED_WITH_RESERVATION else ""
        locked.condition = condition
        locked.condition_value = condition_value if condition in (Condition.COUNT, Condition.SHARE, Condition.POPULATION_SHARE) else None
        locked.amendment = amendment if response == Response.AMENDMENT_PROPOSED else ""
        locked.local_reference = (local_reference or "").strip()
        locked.decided_on = decided_on
        locked.recorded_at = _now(at) if response != Response.NOT_ANSWERED else None
        _stamp(locked, by, _("Svar registrert: %(response)s") % {"response": Response(response).label})
        locked.save()
    return locked


def anchoring_answers_record(*, round, rows, by, at=None):
    """Record several parties' answers of one round at once (the round page's table), all or nothing.

    `rows` are dicts with `answer` (of this round), `response`, `text` (the reservation or the proposed
    amendment, by the response), `local_reference` and `decided_on`. A row that changes nothing is left
    alone; a reservation's condition stays as recorded on the answer's own page. A refusal names the
    row: the errors are keyed `<field>_<answer id>`. Returns the answers that were saved.
    """
    saved, errors = [], {}
    with transaction.atomic():
        for row in rows:
            answer = row["answer"]
            if answer.round_id != round.pk:
                raise ValidationError(_("Svaret hører til en annen tilslutningsrunde."))
            response, text = row["response"], (row.get("text") or "").strip()
            reference, decided_on = (row.get("local_reference") or "").strip(), row.get("decided_on")
            current_text = answer.reservation if answer.response == Response.JOINED_WITH_RESERVATION else answer.amendment
            if (response, text, reference, decided_on) == (answer.response, current_text, answer.local_reference, answer.decided_on):
                continue
            keep_condition = response == Response.JOINED_WITH_RESERVATION
            try:
                saved.append(anchoring_answer_record(
                    answer=answer, response=response, by=by, at=at,
                    reservation=text if response == Response.JOINED_WITH_RESERVATION else "",
                    amendment=text if response == Response.AMENDMENT_PROPOSED else "",
                    condition=answer.condition if keep_condition else "",
                    condition_value=answer.condition_value if keep_condition else None,
                    local_reference=reference, decided_on=decided_on))
            except ValidationError as exc:
                messages = exc.message_dict if hasattr(exc, "error_dict") else {"response": exc.messages}
                for field, texts in messages.items():
                    name = {"reservation": "text", "amendment": "text"}.get(field, field)
                    if name not in ("response", "text", "local_reference", "decided_on"):
                        name = "response"
                    errors.setdefault(f"{name}_{answer.pk}", []).extend(f"{answer.party}: {t}" for t in texts)
        if errors:
            raise ValidationError(errors)
    return saved


def anchoring_tally(round, *, today=None, remind_within_days=None):
    """The tally of a round: counts, thresholds (two thirds, all), the HF, conditions and who to remind."""
    kwargs = {} if remind_within_days is None else {"remind_within_days": remind_within_days}
    if "answers" in getattr(round, "_prefetched_objects_cache", {}):  # read with the round, ordered by party name
        answers = list(round.answers.all())
    else:
        answers = round.answers.select_related("party").order_by("party__name")
    return tally_answers(answers, deadline=round.deadline, today=today or timezone.localdate(), threshold=round.threshold,
                         threshold_value=round.threshold_value, **kwargs)


# -- follow-up -------------------------------------------------------------------------------------------

FOLLOW_UP_FROM = (Status.DECIDED, Status.NOTED, Status.IN_ANCHORING, Status.FOLLOW_UP)


def task_create(*, case, title, deadline, by, decision=None, responsible_person=None, responsible_party=None, description="", at=None):
    """A follow-up task from a decision, with who is responsible and a deadline («Frist: 9. mars»)."""
    title = (title or "").strip()
    with transaction.atomic():
        locked = _lock_case(case)
        errors = {}
        if not title:
            errors["title"] = _("Oppgaven må ha en tittel.")
        if deadline is None:
            errors["deadline"] = _("Oppgi en frist.")
        elif deadline < _today(at):
            errors["deadline"] = _("Fristen kan ikke være passert.")
        if decision is not None and decision.handling.case_id != locked.pk:
            errors["decision"] = _("Vedtaket hører til en annen sak.")
        if responsible_party is not None and responsible_party.partnership_id != locked.partnership_id:
            errors["responsible_party"] = _("%(party)s er ikke part i helsefellesskapet.") % {"party": responsible_party}
        if errors:
            raise ValidationError(errors)
        if locked.status not in FOLLOW_UP_FROM:
            raise ValidationError(_("Oppfølgingsoppgaver lages når saken er vedtatt eller tatt til orientering."))
        task = FollowUpTask(case=locked, decision=decision, title=title, description=(description or "").strip(), deadline=deadline,
                            responsible_person=responsible_person, responsible_party=responsible_party)
        _stamp(task, by, _("Oppfølgingsoppgave opprettet"))
        task.save()
        if locked.status in (Status.DECIDED, Status.NOTED):
            _move(locked, Status.FOLLOW_UP, by=by, reason=_("Under oppfølging: %(task)s") % {"task": title})
    _sync(case, locked)
    return task


def task_complete(*, task, by, note="", at=None):
    with transaction.atomic():
        locked = FollowUpTask.objects.select_for_update().get(pk=task.pk)
        if locked.completed_at is not None:
            raise ValidationError(_("Oppgaven er allerede fullført."))
        locked.completed_at, locked.completion_note = _now(at), (note or "").strip()
        _stamp(locked, by, _("Oppgaven er fullført"))
        locked.save()
    _sync(task, locked)
    return locked


def exempt_document_log_view(*, document, user, request=None):
    """Record that a user opened an exempt document (who, when, which legal basis, from where)."""
    ip = None
    path = ""
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
        path = request.get_full_path()[:300]
    return ExemptDocumentView.objects.create(document=document, user=user, legal_basis=document.legal_basis, path=path, ip_address=ip)


# -- sub-committees and governing documents: the links from the decisions and cases to the bodies' records ---

NOT_A_SUBCOMMITTEE = gettext_lazy("«%(kind)s» er ikke en type underutvalg eller arbeidsgruppe.")
NO_DECISION = gettext_lazy("En versjon må være vedtatt: oppgi vedtaket som vedtok den.")
DECISION_OTHER_PARTNERSHIP = gettext_lazy("Vedtaket hører til et annet helsefellesskap.")
REPORT_WRONG_BODY = gettext_lazy("Rapporten skal legges fram som en sak for %(body)s, organet utvalget rapporterer til.")
DECISION_OTHER_BODY = gettext_lazy("Vedtaket er fattet i %(decided_in)s; utvalget oppnevnes ved et vedtak i %(body)s, organet som oppnevner det.")
REPORT_OTHER_PARTNERSHIP = gettext_lazy("Saken hører til et annet helsefellesskap.")


def _decision_partnership_id(decision):
    return decision.handling.case.partnership_id


@transaction.atomic
def subcommittee_create(*, partnership, kind, name, appointed_by, mandate, deadline=None, reports_to=None,
                        appointing_decision=None, active_from=None, short_name="", priority_group=None, term_years=None,
                        by=None):
    """Appoint a KSU, sub-committee or working group: a mandate always, a deadline when it is temporary.

    The appointing decision is one made in the appointing body (SU, or the secretariat for temporary groups)."""
    if not isinstance(kind, BodyKind):
        kind = BodyKind.objects.get(slug=kind)
    if not kind.is_subcommittee:
        raise ValidationError({"kind": NOT_A_SUBCOMMITTEE % {"kind": kind}})
    if appointing_decision is not None and _decision_partnership_id(appointing_decision) != partnership.pk:
        raise ValidationError({"appointing_decision": DECISION_OTHER_PARTNERSHIP})
    if appointing_decision is not None and appointed_by is not None and appointing_decision.handling.body_id != appointed_by.pk:
        raise ValidationError({"appointing_decision": DECISION_OTHER_BODY % {
            "decided_in": appointing_decision.handling.body, "body": appointed_by}})
    body = Body(
        partnership=partnership, kind=kind, name=name, short_name=short_name, level=kind.default_level,
        appointed_by=appointed_by, reports_to=reports_to or appointed_by, mandate=mandate or "", deadline=deadline,
        active_from=active_from or timezone.localdate(), priority_group=priority_group, term_years=term_years,
    )
    body.full_clean()
    _stamp(body, by, _("Oppnevnt av %(body)s") % {"body": appointed_by})
    body.save()
    if appointing_decision is not None:
        appointment = SubcommitteeAppointment(body=body, decision=appointing_decision)
        _stamp(appointment, by, body._change_reason)
        appointment.save()
    return body


@transaction.atomic
def subcommittee_report(*, body, case, by=None):
    """Record the case in which the sub-committee's report comes back to the body it reports to."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    if case.partnership_id != body.partnership_id:
        raise ValidationError({"report_case": REPORT_OTHER_PARTNERSHIP})
    target = body.reports_to or body.appointed_by
    if target is not None and case.body_id != target.pk:
        raise ValidationError({"report_case": REPORT_WRONG_BODY % {"body": target}})
    reason = _("Rapport lagt fram i %(case)s") % {"case": case}
    report = SubcommitteeReport.objects.filter(body=body).first() or SubcommitteeReport(body=body)
    report.case = case
    _stamp(report, by, reason)
    report.save()
    body.reported_on = timezone.localdate(case.reported_at)
    _stamp(body, by, reason)
    body.save(update_fields=["reported_on"])
    return body


@transaction.atomic
def document_version_adopt(*, document, text, valid_from, adopted_by, change_note="", file=None, by=None):
    """Record a new version of a governing document, adopted by a decision; earlier versions stay as they were.

    The version is its text, an uploaded file (checked by common.files in the form), or both."""
    if adopted_by is None:
        raise ValidationError({"adopted_by": NO_DECISION})
    if _decision_partnership_id(adopted_by) != document.partnership_id:
        raise ValidationError({"adopted_by": DECISION_OTHER_PARTNERSHIP})
    document = GovernanceDocument.objects.select_for_update().get(pk=document.pk)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(document=document, number=number, text=text or "", valid_from=valid_from, change_note=change_note)
    if file:
        version.file = file
    version.full_clean()
    reason = _("Vedtatt: %(decision)s") % {"decision": adopted_by}
    _stamp(version, by, reason)
    version.save()
    adoption = DocumentAdoption(version=version, decision=adopted_by)
    _stamp(adoption, by, reason)
    adoption.save()
    revision = DocumentRevision.objects.filter(document=document, case_id=adopted_by.handling.case_id).first()
    if revision is not None:
        revision._change_reason = _("Revisjon avsluttet med ny versjon")
        revision.delete()
    return version


@transaction.atomic
def document_revision_start(*, document, case):
    """Mark a document as under revision in a case (the case itself is reported through the case services)."""
    document = GovernanceDocument.objects.select_for_update().get(pk=document.pk)
    if case.partnership_id != document.partnership_id:
        raise ValidationError({"revision_case": _("Saken hører til et annet helsefellesskap.")})
    revision = DocumentRevision.objects.filter(document=document).select_related("case").first()
    if revision is not None and revision.case_id != case.pk:
        raise ValidationError({"revision_case": _("%(document)s er allerede under revisjon i %(case)s.")
                               % {"document": document, "case": revision.case}})
    if revision is None:
        revision = DocumentRevision(document=document, case=case)
        revision._change_reason = _("Revisjon startet i %(case)s") % {"case": case}
        revision.save()
    return document
