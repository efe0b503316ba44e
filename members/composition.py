"""Where a body's composition breaks the partnership's rules, and why.

The rules are data (``CompositionRule`` rows per body, or per level of the partnership); a few hold for
every body because the cooperation agreement states them for all: a GP seat is held by a practising GP
(a full-time kommuneoverlege is not a GP), one chair at a time, and a sub-committee has members from
both sides and reports by its deadline.

It lives in members because it reads memberships (roles, seats, sides) against the rules of bodies.
"""
from dataclasses import dataclass, field
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.models import Body, CompositionRule, Party, Side

from .ex_officio import office_holders
from .models import ExOfficioSeat, Membership

Role = Membership.Role
FIXED_ROLES = Membership.FIXED_ROLES
LEADER_ROLES = (Role.CHAIR, Role.VICE_CHAIR)
NOT_A_SEAT = (Role.DEPUTY, Role.SECRETARY)  # deputies and secretaries do not fill a required seat
GP_SEAT = Membership.Seat.GP

SIDE_NAMES = {Side.SPECIALIST: gettext_lazy("spesialisthelsetjenesten"), Side.MUNICIPAL: gettext_lazy("kommunene")}


@dataclass
class Breach:
    """One place where a composition breaks a rule: a code for machines, a Norwegian message for people."""

    rule: str
    message: str
    body: Body | None = None
    rule_obj: CompositionRule | None = None
    memberships: list = field(default_factory=list)

    def __str__(self):
        return self.message


def _d(value):
    return date_format(value, "DATE_FORMAT")


def current_memberships(body, on):
    """The body's memberships current on a date, with what the checks read."""
    return list(
        body.memberships.current(on)
        .select_related("person", "personal_deputy")
        .prefetch_related("represented_parties")
        .order_by("pk")
    )


def kind_rules(partnership):
    """The partnership's rules for kinds of body, by kind id."""
    rules = {}
    for rule in CompositionRule.objects.filter(partnership=partnership, body__isnull=True, body_kind__isnull=False).select_related("party"):
        rules.setdefault(rule.body_kind_id, []).append(rule)
    return rules


def rules_for(body, by_kind=None):
    """The rules a body must meet: its own, and its kind's that none of its own replaces."""
    own = list(body.composition_rules.all())
    if by_kind is None:
        by_kind = kind_rules(body.partnership)
    inherited = [rule for rule in by_kind.get(body.kind_id, []) if not any(o.applies_instead_of(rule) for o in own)]
    return inherited + own


def check_composition(body, on=None):
    """Every breach of the body's composition on a date (today by default), each with the reason."""
    on = on or timezone.localdate()
    return _check_body(body, on, current_memberships(body, on))


def _check_body(body, on, memberships, by_kind=None):
    breaches = []
    for rule in rules_for(body, by_kind):
        check = RULE_CHECKS.get(rule.kind)
        if check is not None:
            breaches.extend(check(body, rule, memberships, on))
    breaches.extend(_ex_officio(body, memberships, on))
    breaches.extend(_gp_not_practising(body, memberships))
    breaches.extend(_double_leaders(body, memberships, on))
    if body.kind.is_subcommittee:
        breaches.extend(_subcommittee(body, memberships, on))
    return breaches


def check_partnership(partnership, on=None):
    """Breaches of all active bodies of a partnership, and of the rules for every level."""
    on = on or timezone.localdate()
    bodies = list(
        Body.objects.filter(partnership=partnership).active(on).select_related("kind", "partnership").prefetch_related("composition_rules")
    )
    memberships = {body.pk: current_memberships(body, on) for body in bodies}
    by_kind = kind_rules(partnership)
    breaches = []
    for body in bodies:
        breaches.extend(_check_body(body, on, memberships[body.pk], by_kind))
    for rule in partnership.composition_rules.filter(kind=CompositionRule.Kind.LEVEL_SEAT, body__isnull=True):
        breaches.extend(_level_seat(partnership, rule, bodies, memberships))
    return breaches


# -- rules that are data --------------------------------------------------------------------------

def _side_seats(body, rule, memberships, on):
    count = len({m.person_id for m in memberships if m.role in FIXED_ROLES and m.side == rule.side})
    side = SIDE_NAMES.get(rule.side, rule.side)
    if rule.min_count is not None and count < rule.min_count:
        return [Breach("side_seats", _("%(body)s har %(count)s faste medlemmer fra %(side)s; regelen krever minst %(min)s.")
                       % {"body": body, "count": count, "side": side, "min": rule.min_count}, body, rule)]
    if rule.max_count is not None and count > rule.max_count:
        return [Breach("side_seats", _("%(body)s har %(count)s faste medlemmer fra %(side)s; regelen tillater høyst %(max)s.")
                       % {"body": body, "count": count, "side": side, "max": rule.max_count}, body, rule)]
    return []


def _party_label(party):
    return party.name


def _party_seats(body, rule, memberships, on):
    """«The HF 2, each private hospital 1, the city at most 6, one per municipality»: fixed members representing each party."""
    if rule.party_id:
        parties = [rule.party]
    elif rule.party_kind == Party.Kind.MUNICIPALITY and body.region_id:
        parties = list(body.area_municipalities())
    else:
        parties = list(body.partnership.parties.filter(kind=rule.party_kind).order_by("name"))
    breaches = []
    for party in parties:
        count = _fixed_people_for(memberships, party)
        values = {"body": body, "count": count, "party": _party_label(party), "min": rule.min_count, "max": rule.max_count}
        if rule.min_count is not None and count < rule.min_count:
            breaches.append(Breach("party_seats", _("%(body)s har %(count)s faste medlemmer for %(party)s; regelen krever minst %(min)s.")
                                   % values, body, rule))
        elif rule.max_count is not None and count > rule.max_count:
            breaches.append(Breach("party_seats", _("%(body)s har %(count)s faste medlemmer for %(party)s; regelen tillater høyst %(max)s.")
                                   % values, body, rule))
    return breaches


def _fixed_people_for(memberships, party):
    """How many people hold a fixed seat representing the party."""
    return len({m.person_id for m in memberships if m.role in FIXED_ROLES and any(p.pk == party.pk for p in m.represented_parties.all())})


def _area_coverage(body, rule, memberships, on):
    """«One representative per municipality of the area»: the area is the body's region, read from the regions' data."""
    if not body.region_id:
        return [Breach("area_coverage", _("%(body)s har ikke noe område; velg regionen organet dekker.") % {"body": body}, body, rule)]
    needed = rule.min_count or 1
    missing = []
    for party in body.area_municipalities():
        count = _fixed_people_for(memberships, party)
        if count < needed:
            missing.append(party.name)
    if not missing:
        return []
    return [Breach("area_coverage", _("Ingen faste medlemmer i %(body)s representerer %(parties)s; hver kommune i %(area)s skal være representert.")
                   % {"body": body, "parties": ", ".join(missing), "area": body.region}, body, rule)]


def _seat_holders(memberships, rule):
    note = rule.seat_note.strip().lower()
    return [
        m for m in memberships
        if m.seat == rule.seat and m.role not in NOT_A_SEAT and (not note or note in m.seat_note.lower())
    ]


def _seat_label(rule):
    label = rule.get_seat_display().lower()
    return f"{label} ({rule.seat_note})" if rule.seat_note else label


def _required_seat(body, rule, memberships, on):
    needed = rule.min_count or 1
    holders = _seat_holders(memberships, rule)
    if len(holders) >= needed:
        return []
    if needed == 1:
        message = _("%(body)s mangler %(seat)s.") % {"body": body, "seat": _seat_label(rule)}
    else:
        message = _("%(body)s har %(count)s %(seat)s; regelen krever minst %(min)s.") % {
            "body": body, "count": len(holders), "seat": _seat_label(rule), "min": needed}
    return [Breach("required_seat", message, body, rule)]


def _represented(memberships):
    parties = {}
    for m in memberships:
        if m.role in FIXED_ROLES:
            for party in m.represented_parties.all():
                parties[party.pk] = party
    return parties


def _region_coverage(body, rule, memberships, on):
    covered = {p.region_id for p in _represented(memberships).values() if p.region_id}
    regions = body.partnership.regions.filter(parties__isnull=False).distinct().order_by("name")
    missing = [r.name for r in regions if r.pk not in covered]
    if not missing:
        return []
    return [Breach("region_coverage", _("Ingen faste medlemmer i %(body)s representerer %(regions)s; representasjonen må dekke hele området.")
                   % {"body": body, "regions": ", ".join(missing)}, body, rule)]


def _sami_coverage(body, rule, memberships, on):
    covered = set(_represented(memberships))
    missing = [p.name for p in body.partnership.parties.filter(sami_area=True).order_by("name") if p.pk not in covered]
    if not missing:
        return []
    return [Breach("sami_coverage", _("Forvaltningsområdet for samisk språk er ikke representert i %(body)s: %(parties)s mangler.")
                   % {"body": body, "parties": ", ".join(missing)}, body, rule)]


def _personal_deputy(body, rule, memberships, on):
    breaches = []
    for m in memberships:
        if m.role not in FIXED_ROLES:
            continue
        deputy = m.personal_deputy
        if deputy is None:
            reason = _("har ingen personlig vara")
        elif not deputy.is_current(on):
            reason = _("har en personlig vara hvis funksjonsperiode ikke gjelder %(date)s") % {"date": _d(on)}
        else:
            continue
        breaches.append(Breach("personal_deputy", _("%(person)s (%(role)s i %(body)s) %(reason)s; alle faste medlemmer skal ha personlig vara.")
                               % {"person": m.person, "role": m.get_role_display().lower(), "body": body, "reason": reason}, body, rule, [m]))
    return breaches


def alternation_breaches(periods):
    """Pairs of consecutive periods held by the same side. ``periods``: (start, side, item) in any order."""
    ordered = sorted((p for p in periods if p[1] in (Side.SPECIALIST, Side.MUNICIPAL)), key=lambda p: p[0])
    return [(prev, cur) for prev, cur in zip(ordered, ordered[1:]) if prev[1] == cur[1]]


def _chair_rotation(body, rule, memberships, on):
    breaches = []
    leaders = list(body.memberships.filter(role__in=LEADER_ROLES, term_start__lte=on).select_related("person").order_by("term_start", "pk"))
    for role in LEADER_ROLES:
        periods = [(m.term_start, m.side, m) for m in leaders if m.role == role]
        for (_s, _side, prev), (_s2, _side2, cur) in alternation_breaches(periods):
            breaches.append(Breach(
                "chair_rotation",
                _("%(role)s i %(body)s fra %(start)s (%(person)s) er fra samme side som forrige %(role_lower)s (%(prev)s); "
                  "vervet skal veksle mellom sidene.")
                % {"role": cur.get_role_display(), "role_lower": cur.get_role_display().lower(), "body": body,
                   "start": _d(cur.term_start), "person": cur.person, "prev": prev.person},
                body, rule, [prev, cur]))
    current = [m for m in memberships if m.role in LEADER_ROLES]
    chairs = [m for m in current if m.role == Role.CHAIR]
    vices = [m for m in current if m.role == Role.VICE_CHAIR]
    if not chairs:
        breaches.append(Breach("chair_rotation", _("%(body)s har ingen leder %(date)s.") % {"body": body, "date": _d(on)}, body, rule))
    elif vices and chairs[0].side == vices[0].side:
        breaches.append(Breach("chair_rotation", _("Leder og nestleder i %(body)s er begge fra %(side)s; de skal komme fra hver sin side.")
                               % {"body": body, "side": SIDE_NAMES.get(chairs[0].side, chairs[0].side)}, body, rule, [chairs[0], vices[0]]))
    return breaches


RULE_CHECKS = {
    CompositionRule.Kind.SIDE_SEATS: _side_seats,
    CompositionRule.Kind.PARTY_SEATS: _party_seats,
    CompositionRule.Kind.AREA_COVERAGE: _area_coverage,
    CompositionRule.Kind.REQUIRED_SEAT: _required_seat,
    CompositionRule.Kind.REGION_COVERAGE: _region_coverage,
    CompositionRule.Kind.SAMI_COVERAGE: _sami_coverage,
    CompositionRule.Kind.PERSONAL_DEPUTY: _personal_deputy,
    CompositionRule.Kind.CHAIR_ROTATION: _chair_rotation,
}


def _level_seat(partnership, rule, bodies, memberships):
    """«Brukere og fastleger deltar på alle nivå»: each level with active bodies has the seat in one of them."""
    breaches = []
    for level in sorted({b.level for b in bodies if not b.kind.is_temporary}):
        at_level = [b for b in bodies if b.level == level and not b.kind.is_temporary]
        if not any(_seat_holders(memberships[b.pk], rule) for b in at_level):
            breaches.append(Breach("level_seat", _("Ingen organer på nivå %(level)s har %(seat)s; brukere og fastleger skal delta på alle nivå.")
                                   % {"level": level, "seat": _seat_label(rule)}, None, rule))
    return breaches


# -- rules that hold for every body ---------------------------------------------------------------

def _ex_officio(body, memberships, on):
    """Each ex-officio seat: flagged when its office is empty, or when the office holder does not hold the seat."""
    breaches = []
    for seat in ExOfficioSeat.objects.filter(body=body).select_related("office_body", "office_body_kind", "body"):
        for office_body in seat.office_bodies(on):
            holders = office_holders(seat, office_body, on)
            values = {"body": body, "office": seat.get_office_role_display().lower(), "office_body": office_body}
            if not holders:
                breaches.append(Breach("ex_officio_empty", _("Plassen i %(body)s for %(office)s i %(office_body)s står tom: "
                                                             "ingen har vervet.") % values, body))
                continue
            seated = {m.office_id for m in memberships if m.ex_officio_seat_id == seat.pk}
            members = {m.person_id for m in memberships if m.ex_officio_seat_id is None and (m.role in FIXED_ROLES or m.role == seat.role)}
            for holder in holders:
                if holder.pk not in seated and holder.person_id not in members:
                    breaches.append(Breach("ex_officio_not_seated", _("%(person)s er %(office)s i %(office_body)s, men har ikke plassen "
                                                                      "i %(body)s som følger vervet.") % {**values, "person": holder.person},
                                           body, None, [holder]))
    return breaches


def _gp_not_practising(body, memberships):
    breaches = []
    for m in memberships:
        if m.seat != GP_SEAT or m.role == Role.SECRETARY or m.person.is_practising_gp:
            continue
        if m.person.is_full_time_chief_medical_officer:
            reason = _("er kommuneoverlege i full stilling og ikke praktiserende fastlege")
        else:
            reason = _("er ikke registrert som praktiserende fastlege")
        breaches.append(Breach("gp_not_practising", _("Fastlegeplassen i %(body)s holdes av %(person)s, som %(reason)s.")
                               % {"body": body, "person": m.person, "reason": reason}, body, None, [m]))
    return breaches


def _double_leaders(body, memberships, on):
    breaches = []
    for role in LEADER_ROLES:
        holders = [m for m in memberships if m.role == role]
        if len(holders) > 1:
            breaches.append(Breach("double_chair", _("%(body)s har %(count)s med vervet %(role)s %(date)s: %(people)s.")
                                   % {"body": body, "count": len(holders), "role": holders[0].get_role_display().lower(),
                                      "date": _d(on), "people": ", ".join(str(m.person) for m in holders)}, body, None, holders))
    return breaches


def _subcommittee(body, memberships, on):
    breaches = []
    sides = {m.side for m in memberships if m.role in FIXED_ROLES}
    missing = [str(SIDE_NAMES[s]) for s in (Side.SPECIALIST, Side.MUNICIPAL) if s not in sides]
    if missing and body.is_active(on):
        breaches.append(Breach("subcommittee_sides", _("%(body)s har ingen faste medlemmer fra %(sides)s; et underutvalg skal ha medlemmer fra begge sider.")
                               % {"body": body, "sides": _(" eller ").join(missing)}, body))
    if body.is_overdue(on):
        breaches.append(Breach("subcommittee_overdue", _("%(body)s hadde frist %(deadline)s og har verken rapportert eller blitt oppløst.")
                               % {"body": body, "deadline": _d(body.deadline)}, body))
    return breaches


def overdue_subcommittees(partnership, on=None):
    on = on or timezone.localdate()
    candidates = Body.objects.filter(partnership=partnership, kind__is_subcommittee=True, deadline__lt=on, reported_on__isnull=True)
    return [b for b in candidates.select_related("kind") if b.is_overdue(on)]


