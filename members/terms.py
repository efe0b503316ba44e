"""Terms (funksjonsperioder) and the rotation of chair and vice chair between the sides.

Four years for members, two for chair and vice chair; chair and vice chair alternate between the
specialist and the municipal side every other year (secretariat, LFSO, dialogue meeting, SU).
Pure rules over ``Membership``; no models of its own.
"""
import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .composition import SIDE_NAMES, Breach, alternation_breaches, check_composition
from bodies.models import Body, CompositionRule, Side

from .models import Membership

TERM_YEARS = {Membership.Role.CHAIR: 2, Membership.Role.VICE_CHAIR: 2}
DEFAULT_TERM_YEARS = 4
# «Terms ending»: the dashboard, the body page and the reminders all look this far ahead (about three months).
TERMS_ENDING_WITHIN_DAYS = 90
LEADER_ROLES = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR)
OTHER_SIDE = {Side.SPECIALIST: Side.MUNICIPAL, Side.MUNICIPAL: Side.SPECIALIST}


def _d(value):
    return date_format(value, "DATE_FORMAT")


def term_years(role):
    return TERM_YEARS.get(role, DEFAULT_TERM_YEARS)


def add_years(start, years):
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return start.replace(year=year, day=day)


def term_end_for(*, role, start):
    """The last day of a term that begins on ``start``: 4 years for members, 2 for chair and vice chair."""
    return add_years(start, term_years(role)) - timedelta(days=1)


def default_term_end(*, body, role, start):
    """The proposed last day of a new membership in ``body``: the body's term rule (or its kind's) for members,
    two years for chair and vice chair (never longer than the body's term); four years when the body has no rule."""
    years = body.member_term_years or DEFAULT_TERM_YEARS
    if role in TERM_YEARS:
        years = min(years, TERM_YEARS[role])
    return add_years(start, years) - timedelta(days=1)


# -- validation -----------------------------------------------------------------------------------

def _overlapping(qs, start, end):
    """Memberships in ``qs`` whose term overlaps [start, end] (an open end runs for ever)."""
    qs = qs.filter(Q(term_end__isnull=True) | Q(term_end__gte=start))
    if end is not None:
        qs = qs.filter(term_start__lte=end)
    return qs


def term_errors(membership):
    """Why a membership's term cannot be saved, as {field: message}; empty when it can."""
    errors = {}
    if not (membership.body_id and membership.term_start and membership.role):
        return errors
    if membership.term_end and membership.term_end < membership.term_start:
        return errors  # Membership.clean() says so
    others = Membership.objects.filter(body_id=membership.body_id).exclude(pk=membership.pk).select_related("person")
    if membership.role in LEADER_ROLES:
        clash = _overlapping(others.filter(role=membership.role), membership.term_start, membership.term_end).first()
        if clash is not None:
            errors["role"] = _("%(body)s har allerede %(role)s i perioden: %(person)s (%(start)s–%(end)s). "
                               "Et organ har én %(role)s om gangen.") % {
                "body": membership.body, "role": membership.get_role_display().lower(), "person": clash.person,
                "start": _d(clash.term_start), "end": _d(clash.term_end) if clash.term_end else "…"}
    if membership.person_id:
        same_seat = others.filter(person_id=membership.person_id, role=membership.role)
        clash = _overlapping(same_seat, membership.term_start, membership.term_end).first()
        if clash is not None:
            errors["term_start"] = _("%(person)s har allerede en funksjonsperiode som %(role)s i %(body)s "
                                     "(%(start)s–%(end)s) som overlapper denne.") % {
                "person": clash.person, "role": membership.get_role_display().lower(), "body": membership.body,
                "start": _d(clash.term_start), "end": _d(clash.term_end) if clash.term_end else "…"}
    return errors


def validate_term(membership):
    """Refuse a second chair (or vice chair) in the same period and a term overlapping the same seat."""
    errors = term_errors(membership)
    if errors:
        raise ValidationError(errors)


# -- reminders ------------------------------------------------------------------------------------

@dataclass
class TermReminder:
    membership: Membership
    ends_on: date
    days_left: int

    @property
    def message(self):
        m = self.membership
        return _("Funksjonsperioden til %(person)s som %(role)s i %(body)s slutter %(date)s (om %(days)s dager).") % {
            "person": m.person, "role": m.get_role_display().lower(), "body": m.body, "date": _d(self.ends_on), "days": self.days_left}


def terms_ending_by(on=None, *, within_days=TERMS_ENDING_WITHIN_DAYS):
    """The last day a term may end on and still count as ending soon, seen from ``on`` (today)."""
    return (on or timezone.localdate()) + timedelta(days=within_days)


def memberships_ending(*, within_days=TERMS_ENDING_WITHIN_DAYS, on=None, partnership=None, body=None):
    """Current memberships whose term ends within ``within_days`` days of ``on`` (today)."""
    on = on or timezone.localdate()
    # Current (begun, and not ended before today) with an end within the days: the same as current(on) with a term end.
    qs = Membership.objects.filter(term_start__lte=on, term_end__gte=on, term_end__lte=terms_ending_by(on, within_days=within_days))
    if partnership is not None:
        qs = qs.filter(body__partnership=partnership)
    if body is not None:
        qs = qs.filter(body=body)
    return qs.select_related("person", "body").order_by("term_end", "body__name", "person__last_name")


def term_reminders(*, within_days=TERMS_ENDING_WITHIN_DAYS, on=None, partnership=None, body=None):
    """One reminder per membership ending soon, excluding those already renewed for the next term."""
    on = on or timezone.localdate()
    reminders = []
    for m in memberships_ending(within_days=within_days, on=on, partnership=partnership, body=body):
        renewed = Membership.objects.filter(body_id=m.body_id, person_id=m.person_id, role=m.role,
                                            term_start=m.term_end + timedelta(days=1)).exists()
        if not renewed:
            reminders.append(TermReminder(m, m.term_end, (m.term_end - on).days))
    return reminders


# -- rotation -------------------------------------------------------------------------------------

def rotation_breaches(body, on=None):
    """Chair or vice chair terms following one held by the same side (and same-side pairs), up to ``on``."""
    on = on or timezone.localdate()
    breaches = [b for b in check_composition(body, on) if b.rule in ("chair_rotation", "double_chair")]
    if not body.composition_rules.filter(kind=CompositionRule.Kind.CHAIR_ROTATION).exists():
        # The rule is not loaded for this body: check the alternation anyway, without the «no chair» case.
        leaders = body.memberships.filter(role__in=LEADER_ROLES, term_start__lte=on).select_related("person")
        for role in LEADER_ROLES:
            periods = [(m.term_start, m.side, m) for m in leaders if m.role == role]
            for (_s, _x, prev), (_s2, _y, cur) in alternation_breaches(periods):
                breaches.append(Breach("chair_rotation", _(
                    "%(role)s i %(body)s fra %(start)s (%(person)s) er fra samme side som forrige (%(prev)s); vervet skal veksle mellom sidene.")
                    % {"role": cur.get_role_display(), "body": body, "start": _d(cur.term_start), "person": cur.person, "prev": prev.person},
                    body, None, [prev, cur]))
    return breaches


@dataclass
class LeaderProposal:
    """Who is due to lead a body in its next period, by the rule that the sides alternate."""

    body: Body
    term_start: date
    term_end: date
    chair_side: str
    chair: object  # Person or None
    vice_chair_side: str
    vice_chair: object

    @property
    def message(self):
        def who(person, side):
            name = str(person) if person else _("(ikke valgt)")
            return f"{name} ({SIDE_NAMES.get(side, side)})"

        return _("Neste periode i %(body)s (%(start)s–%(end)s): leder %(chair)s, nestleder %(vice)s.") % {
            "body": self.body, "start": _d(self.term_start), "end": _d(self.term_end),
            "chair": who(self.chair, self.chair_side), "vice": who(self.vice_chair, self.vice_chair_side)}


def propose_next_leaders(body, on=None):
    """Propose the next chair and vice chair: the side that did not chair the current (or last) period.

    The vice chair of the period, who comes from the other side, is the natural next chair; the chair
    becomes vice chair. None when the body has never had a chair on a side.
    """
    on = on or timezone.localdate()
    chairs = body.memberships.filter(role=Membership.Role.CHAIR, term_start__lte=on).select_related("person").order_by("-term_start", "-pk")
    last = chairs.first()
    if last is None or last.side not in OTHER_SIDE:
        return None
    start = (last.term_end + timedelta(days=1)) if last.term_end else add_years(last.term_start, term_years(Membership.Role.CHAIR))
    if start <= on:
        # The last period has ended without a successor: propose a period starting today.
        start = on
    next_side = OTHER_SIDE[last.side]
    vice = (body.memberships.filter(role=Membership.Role.VICE_CHAIR, side=next_side, term_start__lte=last.term_start)
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=last.term_start)).select_related("person").order_by("-term_start").first())
    if vice is not None:
        chair_person = vice.person
    else:
        earlier = body.memberships.filter(role=Membership.Role.CHAIR, side=next_side).select_related("person").order_by("-term_start").first()
        chair_person = earlier.person if earlier else None
    return LeaderProposal(
        body=body, term_start=start, term_end=term_end_for(role=Membership.Role.CHAIR, start=start),
        chair_side=next_side, chair=chair_person, vice_chair_side=last.side, vice_chair=last.person,
    )


def due_rotations(*, partnership, within_days=TERMS_ENDING_WITHIN_DAYS, on=None):
    """Proposals for the bodies with the rotation rule whose chair term ends within ``within_days``."""
    on = on or timezone.localdate()
    proposals = []
    bodies = Body.objects.filter(partnership=partnership, composition_rules__kind=CompositionRule.Kind.CHAIR_ROTATION).distinct()
    for body in bodies.active(on):
        chair = body.memberships.filter(role=Membership.Role.CHAIR).current(on).order_by("-term_start").first()
        if chair is None or chair.term_end is None or chair.term_end > terms_ending_by(on, within_days=within_days):
            continue
        successor = body.memberships.filter(role=Membership.Role.CHAIR, term_start__gt=chair.term_end - timedelta(days=1)).exists()
        if not successor:
            proposal = propose_next_leaders(body, on)
            if proposal:
                proposals.append(proposal)
    return proposals
