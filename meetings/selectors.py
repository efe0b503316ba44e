"""What the public may see, asked in one place: the public pages and feeds use these, templates ask the meeting.

A public body's meeting shows its agenda once the notice is sent, and its decisions and minutes once the
minutes are approved; exempt documents are shown by title and legal basis only (bodies/permissions.py
says who may open them). Below them, the rows of the secretariat's meeting page.
"""
from django.db.models import Exists, OuterRef, Prefetch

from common.choices import choice_label

from cases.models import AnchoringAnswer, AnchoringRound, Case, Decision, DecisionPoint, FollowUpTask, Handling, Position, ProtocolNote

from .models import Meeting

AGENDA_PUBLIC = [s for s in Meeting.Status.values if s != Meeting.Status.PLANNED]
MINUTES_PUBLIC = [Meeting.Status.MINUTES_APPROVED, Meeting.Status.PUBLISHED]


def public_meetings(partnership):
    """The meetings of the partnership's public bodies (all meetings are public; a body may be marked otherwise)."""
    return Meeting.objects.filter(body__partnership=partnership, body__meetings_public=True)


def public_cases(partnership):
    """Cases on the agenda of a public meeting whose notice is sent."""
    on_public_agenda = Handling.objects.filter(
        case=OuterRef("pk"), agenda_item__meeting__status__in=AGENDA_PUBLIC, agenda_item__meeting__body__meetings_public=True)
    return Case.objects.filter(partnership=partnership).filter(Exists(on_public_agenda))


def public_decisions(partnership):
    """Decisions made in public meetings whose minutes are approved (the latest version of each)."""
    return (Decision.objects.filter(handling__case__partnership=partnership, handling__agenda_item__meeting__status__in=MINUTES_PUBLIC,
                                    handling__agenda_item__meeting__body__meetings_public=True)
            .select_related("handling__case__body", "handling__agenda_item__meeting__body")
            .prefetch_related(Prefetch("points", queryset=DecisionPoint.objects.order_by("number"))))


def latest_versions(decisions):
    """Keep the newest version per handling: corrections are new versions, the old ones stay in the record."""
    seen, result = set(), []
    for decision in sorted(decisions, key=lambda d: (d.handling_id, -d.version)):
        if decision.handling_id not in seen:
            seen.add(decision.handling_id)
            result.append(decision)
    return result


def with_reservations_and_notes(decisions):
    """Give each decision the reservations (and disagreements) and the protocol notes recorded with it.

    Two queries for the whole list; sets ``decision.reservations`` and ``decision.notes``.
    """
    decisions = list(decisions)
    handling_ids = {d.handling_id for d in decisions}
    positions, notes = {}, {}
    for position in (Position.objects.filter(handling_id__in=handling_ids)
                     .exclude(stance=Position.Stance.AGREE).select_related("membership__person")
                     .order_by("membership__person__last_name", "pk")):
        positions.setdefault(position.handling_id, []).append(position)
    for note in ProtocolNote.objects.filter(handling_id__in=handling_ids).select_related("membership__person").order_by("created_at", "pk"):
        notes.setdefault(note.handling_id, []).append(note)
    for decision in decisions:
        decision.reservations = positions.get(decision.handling_id, [])
        decision.notes = notes.get(decision.handling_id, [])
    return decisions


def case_progress(case, decisions):
    """What happened after the public decisions of a case: the anchoring rounds so far and the follow-up tasks."""
    decision_ids = [d.pk for d in decisions]
    if not decision_ids:
        return {"rounds": [], "tasks": []}
    # A correction is a new version of the decision: a round or task of any version of a public decision counts.
    handling_ids = {d.handling_id for d in decisions}
    rounds = list(AnchoringRound.objects.filter(case=case, decision__handling_id__in=handling_ids)
                  .prefetch_related(Prefetch("answers", queryset=AnchoringAnswer.objects.select_related("party").order_by("party__name")))
                  .order_by("sent_on", "pk"))
    tasks = list(FollowUpTask.objects.filter(case=case, decision__handling_id__in=handling_ids)
                 .select_related("responsible_party", "responsible_person").order_by("deadline", "pk"))
    return {"rounds": rounds, "tasks": tasks}


def agenda_rows(meeting):
    """The meeting's agenda as its page lists it, in order: one dict per item with its ``pk``, ``label`` (the case's
    name, «Sak N/ÅÅÅÅ Title», or the item's own title or kind), the ``case_id``, and the handling's ``purpose`` and
    ``outcome`` labels, from one query of plain values."""
    from .models import AgendaItem

    kind_label, purpose_label = choice_label(AgendaItem, "kind"), choice_label(Handling, "purpose")
    outcome_label = choice_label(Handling, "outcome")
    rows = []
    for pk, kind, title, handling_id, purpose, outcome, case_id, number, year, case_title in (
            meeting.items.order_by("position", "pk").values_list(
                "pk", "kind", "title", "handling_id", "handling__purpose", "handling__outcome", "handling__case_id",
                "handling__case__number", "handling__case__year", "handling__case__title")):
        rows.append({
            "pk": pk, "case_id": case_id if handling_id else None,
            "label": Case.label(number, year, case_title) if handling_id else (title or kind_label(kind)),
            "purpose": purpose_label(purpose) if handling_id else "", "outcome": outcome_label(outcome) if handling_id else "",
        })
    return rows


def attendance_rows(meeting, items):
    """Who is called to ``meeting`` and how they met, as the meeting page lists them (by role, then last name): one
    dict per attendance with the person's name, role and status labels, whom they met for and the item they left
    during (its label from ``items``, the rows of ``agenda_rows``), from one query of plain values."""
    from members.models import Membership, Person

    from .models import Attendance

    role_label, status_label = choice_label(Membership, "role"), choice_label(Attendance, "status")
    item_labels = {item["pk"]: item["label"] for item in items}
    rows = []
    for row in (meeting.attendances.order_by("membership__role", "membership__person__last_name", "pk")
                .values_list("status", "membership__role", "membership__person__first_name", "membership__person__last_name",
                             "substitute_for_id", "substitute_for__person__first_name", "substitute_for__person__last_name",
                             "left_at_item_id")):
        status, role, first, last, substitute_id, sub_first, sub_last, left_at = row
        rows.append({
            "person": Person.name_of(first, last), "role": role_label(role), "status": status_label(status),
            "substitute_for": Person.name_of(sub_first, sub_last) if substitute_id else "",
            "left_at_item": item_labels.get(left_at, "") if left_at else "",
        })
    return rows
