"""What the case page shows of a case, read with few and narrow queries as plain rows.

The case's path (each handling with its positions, disqualifications, decisions and protocol notes), its
anchoring rounds with their tallies, and its follow-up tasks. A handling is read together with its positions,
a decision with its points and a round with its answers (one row per child, the parent's columns repeated), so
the page needs no query per relation and no model instance per row.
"""
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Value
from django.utils import timezone

from common.choices import choice_label
from members.models import Membership, Person

from .anchoring import tally_answers
from .models import AnchoringRound, Case, Decision, Disqualification, FollowUpTask, Handling, Position, ProtocolNote


_purpose = choice_label(Handling, "purpose")
_outcome = choice_label(Handling, "outcome")
_stance = choice_label(Position, "stance")
_side = choice_label(Membership, "side")


@dataclass
class PositionRow:
    person: str
    side: str  # the label of the member's side
    stance: str  # the label of the stance
    reservation: str


@dataclass
class DisqualificationRow:
    person: str
    reason: str


@dataclass
class DecisionRow:
    pk: int
    version: int
    decided_at: datetime
    correction_reason: str
    points: list = field(default_factory=list)  # the texts of the points, in their order


@dataclass
class HandlingRow:
    """One handling as the case's path shows it; ``outcome``, ``created_at`` and ``body`` as ``case_close_problems`` reads them."""

    pk: int
    purpose: str
    outcome: str
    note: str
    created_at: datetime
    body: str
    meeting_id: int | None
    meeting_starts_at: datetime | None
    positions: list = field(default_factory=list)
    disqualifications: list = field(default_factory=list)
    decisions: list = field(default_factory=list)  # newest version first
    protocol_notes: list = field(default_factory=list)  # their texts, oldest first

    def get_purpose_display(self):
        return _purpose(self.purpose)

    def get_outcome_display(self):
        return _outcome(self.outcome)


class PartyRow:
    """The party of an answer as the tally reads it (kind, population) and shows it (its name)."""

    __slots__ = ("name", "kind", "population")

    def __init__(self, name, kind, population):
        self.name, self.kind, self.population = name, kind, population

    def __str__(self):
        return self.name


@dataclass
class AnswerRow:
    party: PartyRow
    response: str
    condition: str
    condition_value: object


@dataclass
class RoundRow:
    pk: int
    title: str
    deadline: object
    threshold: str
    threshold_value: object
    answers: list = field(default_factory=list)  # by party name
    tally: object = None

    def __str__(self):
        return self.title


def case_path(case):
    """The handlings of the case, oldest first, each with its positions, disqualifications, decisions and protocol notes."""
    handlings = {}
    for (pk, purpose, outcome, note, created_at, body_name, body_short_name, meeting_id, starts_at,
         stance, reservation, side, first_name, last_name) in (
            Handling.objects.filter(case=case)
            .order_by("created_at", "pk", "positions__membership__side", "positions__pk")
            .values_list("pk", "purpose", "outcome", "note", "created_at", "body__name", "body__short_name",
                         "agenda_item__meeting", "agenda_item__meeting__starts_at", "positions__stance", "positions__reservation",
                         "positions__membership__side", "positions__membership__person__first_name",
                         "positions__membership__person__last_name")):
        handling = handlings.get(pk)
        if handling is None:
            handling = handlings[pk] = HandlingRow(pk, purpose, outcome, note, created_at, body_short_name or body_name, meeting_id,
                                                   starts_at)
        if stance is not None:
            handling.positions.append(PositionRow(Person.name_of(first_name, last_name), _side(side), _stance(stance), reservation))
    if not handlings:
        return []
    _add_disqualifications_and_notes(case, handlings)
    _add_decisions(case, handlings)
    return list(handlings.values())


def _add_disqualifications_and_notes(case, handlings):
    """Disqualifications (in the order declared) and protocol notes (oldest first), in one query."""
    disqualifications = (Disqualification.objects.filter(handling__case=case)
                         .annotate(kind=Value("d"), at=F("declared_at"), first_name=F("membership__person__first_name"),
                                   last_name=F("membership__person__last_name"), words=F("reason"))
                         .values_list("kind", "handling_id", "pk", "at", "first_name", "last_name", "words").order_by())
    notes = (ProtocolNote.objects.filter(handling__case=case)
             .annotate(kind=Value("n"), at=F("created_at"), first_name=Value(""), last_name=Value(""), words=F("text"))
             .values_list("kind", "handling_id", "pk", "at", "first_name", "last_name", "words").order_by())
    rows = {"d": [], "n": []}
    for row in disqualifications.union(notes, all=True):
        rows[row[0]].append(row)
    for _kind, handling_id, _pk, _at, first_name, last_name, reason in sorted(rows["d"], key=lambda row: row[2]):
        handlings[handling_id].disqualifications.append(DisqualificationRow(Person.name_of(first_name, last_name), reason))
    for _kind, handling_id, _pk, _at, _first, _last, text in sorted(rows["n"], key=lambda row: (row[3], row[2])):
        handlings[handling_id].protocol_notes.append(text)


def _add_decisions(case, handlings):
    """Each handling's decisions, newest version first, with their points in order."""
    decisions = {}
    for handling_id, pk, version, decided_at, correction_reason, point in (
            Decision.objects.filter(handling__case=case).order_by("-version", "pk", "points__number", "points__pk")
            .values_list("handling_id", "pk", "version", "decided_at", "correction_reason", "points__text")):
        decision = decisions.get(pk)
        if decision is None:
            decision = decisions[pk] = DecisionRow(pk, version, decided_at, correction_reason)
            handlings[handling_id].decisions.append(decision)
        if point is not None:
            decision.points.append(point)


def newest_decision(handlings):
    """Case.current_decision from the rows: the newest version of the newest decision, or None."""
    return max((d for h in handlings for d in h.decisions), key=lambda d: (d.decided_at, d.version, d.pk), default=None)


def case_rounds(case, *, today=None):
    """The case's anchoring rounds, newest first, each with its answers (by party name) and its tally."""
    today = today or timezone.localdate()
    rounds = {}
    for (pk, title, deadline, threshold, threshold_value, answer_pk, response, condition, condition_value,
         party_name, party_kind, population) in (
            AnchoringRound.objects.filter(case=case).order_by("-sent_on", "-pk", "answers__party__name", "answers__pk")
            .values_list("pk", "title", "deadline", "threshold", "threshold_value", "answers__pk", "answers__response",
                         "answers__condition", "answers__condition_value", "answers__party__name", "answers__party__kind",
                         "answers__party__population")):
        anchoring_round = rounds.get(pk)
        if anchoring_round is None:
            anchoring_round = rounds[pk] = RoundRow(pk, title, deadline, threshold, threshold_value)
        if answer_pk is not None:
            anchoring_round.answers.append(AnswerRow(PartyRow(party_name, party_kind, population), response, condition, condition_value))
    for anchoring_round in rounds.values():
        anchoring_round.tally = tally_answers(anchoring_round.answers, deadline=anchoring_round.deadline, today=today,
                                              threshold=anchoring_round.threshold, threshold_value=anchoring_round.threshold_value)
    return list(rounds.values())


@dataclass
class HistoryRow:
    at: datetime
    change: str  # the reason recorded with the change, else what kind of change it was
    user: str | None  # who made it (their username)


# The case's history records (``case.history``), taken from the descriptor once: each ``case.history`` builds a new manager class.
HistoricalCase = Case.history.model
_history_kind = choice_label(HistoricalCase, "history_type")


def case_history(case, *, limit=20):
    """The newest changes of the case, newest first, as its change log shows them."""
    return [HistoryRow(at, reason or _history_kind(kind), username) for at, reason, kind, username in (
        HistoricalCase.objects.filter(id=case.pk).order_by("-history_date")
        .values_list("history_date", "history_change_reason", "history_type", "history_user__username")[:limit])]


def case_tasks(case):
    """The follow-up tasks by deadline, with what the page shows of them (title, deadline, done, the party responsible)."""
    return list(FollowUpTask.objects.filter(case=case).select_related("responsible_party")
                .only("title", "deadline", "completed_at", "responsible_party__name").order_by("deadline", "pk"))
