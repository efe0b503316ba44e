"""Seats held by virtue of an office (ex officio): the seat follows whoever holds the office.

`ex_officio_follow` brings the memberships of ex-officio seats in step with the offices: each term in the
office has a membership in the seat's body with the office's term, the seat's role and rights; a seat whose office holder left (another person took the office, the term was
shortened or the membership removed) ends the day before. An office holder who already sits in the body with a seat
of their own (a fixed member, or in the seat's role) keeps that seat and gets no second one. Called by the membership services whenever a
membership changes, and by the onboarding import. An office nobody holds is flagged by the composition check.
"""
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies.history import stamp
from bodies.models import Side

from .models import ExOfficioSeat, Membership


def office_holders(seat, office_body, on):
    """The memberships holding the seat's office in one body on a date."""
    return list(office_body.memberships.current(on).filter(role=seat.office_role).select_related("person").order_by("pk"))


def sits_already(seat, office):
    """The office holder already sits in the seat's body, during the office's term, with a seat of their own (as a
    member, or in the seat's role)."""
    others = seat.body.memberships.filter(person_id=office.person_id, ex_officio_seat=None,
                                          role__in=(*Membership.FIXED_ROLES, seat.role))
    others = others.filter(Q(term_end__isnull=True) | Q(term_end__gte=office.term_start))
    if office.term_end is not None:
        others = others.filter(term_start__lte=office.term_end)
    return others.exists()


def _office_memberships(seat, on):
    """Every term in the office (past, current and future) in the office bodies active on the date."""
    bodies = seat.office_bodies(on)
    return list(Membership.objects.filter(body__in=bodies, role=seat.office_role)
                .select_related("person").prefetch_related("represented_parties").order_by("term_start", "pk"))


def _seat_membership(seat, office, on, by):
    membership = Membership(
        body=seat.body, person=office.person, role=seat.role, seat=seat.seat,
        side=Side.NONE if seat.role == Membership.Role.OBSERVER else office.side,
        can_vote=seat.can_vote, can_speak=seat.can_speak, can_propose=seat.can_propose,
        term_start=office.term_start, term_end=office.term_end,
        ex_officio_seat=seat, office=office,
    )
    membership.full_clean()
    stamp(membership, by, _("Fast plass som %(office)s") % {"office": seat})
    membership.save()
    if seat.role != Membership.Role.OBSERVER:
        membership.represented_parties.set(office.represented_parties.all())
    return membership


@transaction.atomic
def ex_officio_follow(*, partnership, by=None, on=None):
    """Bring every ex-officio seat of the partnership in step with its offices; returns the user ids whose seats changed."""
    on = on or timezone.localdate()
    changed = set()
    for seat in ExOfficioSeat.objects.filter(body__partnership=partnership).select_related("body", "office_body", "office_body_kind"):
        offices = {m.pk: m for m in _office_memberships(seat, on)}
        seated = list(seat.memberships.select_related("person"))
        for membership in seated:
            office = offices.get(membership.office_id)
            if office is None and membership.term_end is not None and membership.term_end < on:
                continue  # a past term stays as it was
            if office is not None and office.person_id == membership.person_id:
                if membership.term_end != office.term_end:
                    membership.term_end = office.term_end
                    stamp(membership, by, _("Følger funksjonsperioden i vervet"))
                    membership.save(update_fields=["term_end"])
                    changed.add(membership.person.user_id)
                continue
            # The office is no longer held by this person: the seat goes with the office.
            if membership.term_start >= on:
                stamp(membership, by, _("Vervet er overtatt av en annen"))
                membership.delete()
            else:
                membership.term_end = on - timedelta(days=1)
                stamp(membership, by, _("Vervet er overtatt av en annen"))
                membership.save(update_fields=["term_end"])
            changed.add(membership.person.user_id)
        held = {m.office_id for m in seated if m.pk is not None}  # the seat's rows as they stand now (deleted ones have no pk)
        for office in offices.values():
            if office.pk not in held and not sits_already(seat, office):
                _seat_membership(seat, office, on, by)
                changed.add(office.person.user_id)
    changed.discard(None)
    return changed


@transaction.atomic
def ex_officio_seat_save(*, seat, by):
    """Save an ex-officio seat (admin); its memberships follow the offices at once. Returns the user ids whose seats changed."""
    seat.full_clean()
    stamp(seat, by, _("Endret i admin") if seat.pk else _("Opprettet i admin"))
    seat.save()
    return ex_officio_follow(partnership=seat.body.partnership, by=by)


@transaction.atomic
def ex_officio_seat_delete(*, seat, by, on=None):
    """Remove an ex-officio seat: the memberships it gave end (or go, when not begun yet). Returns the user ids affected."""
    on = on or timezone.localdate()
    changed = set()
    for membership in seat.memberships.filter(Q(term_end__isnull=True) | Q(term_end__gte=on)).select_related("person"):
        stamp(membership, by, _("Plassen etter verv er fjernet"))
        if membership.term_start >= on:
            membership.delete()
        else:
            membership.term_end = on - timedelta(days=1)
            membership.save(update_fields=["term_end"])
        changed.add(membership.person.user_id)
    stamp(seat, by, _("Slettet i admin"))
    seat.delete()
    changed.discard(None)
    return changed
