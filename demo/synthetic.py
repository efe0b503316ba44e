"""A synthetic data set the size of all 19 partnerships over ten years, for benchmarks and load tests.

Everything is written with bulk inserts (history rows included, through django-simple-history's
bulk_create_with_history), so the national data set takes minutes, not hours. The names say
«Syntetisk»: this data never mixes with the demo.
"""
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from bodies.models import Body, BodyKind, Partnership, Party, PriorityGroup, Region, Side
from cases.models import (
    AnchoringAnswer,
    AnchoringRound,
    Case,
    CaseDocument,
    CaseSeries,
    Decision,
    DecisionPoint,
    FollowUpTask,
    Handling,
    Position,
    Purpose,
)
from demo.structure import load_reference_data
from members.models import Membership, Person

from meetings.models import AgendaItem, Attendance, Meeting

OSLO = ZoneInfo("Europe/Oslo")
BATCH = 2000

# The ten bodies of a synthetic partnership: (kind slug, name, level, minimum meetings a year).
BODY_PLAN = [
    ("partnerskapsmote", "Partnerskapsmøtet", 1, 1),
    ("dialogmote", "Dialogmøtet", 1, 1),
    ("strategisk-samarbeidsutvalg", "Strategisk samarbeidsutvalg", 2, 4),
    ("samhandlingssekretariat", "Samhandlingssekretariatet", 2, 4),
    ("lfso", "Faglig samarbeidsutvalg øst", 3, 4),
    ("lfso", "Faglig samarbeidsutvalg vest", 3, 4),
    ("fastlegerad", "Fastlegerådet", 3, 4),
    ("fagrad", "Fagråd barn og unge", 3, 4),
    ("fagrad", "Fagråd skrøpelige eldre", 3, 4),
    ("ksu", "KSU pasientforløp", 3, 4),
]


@dataclass
class Plan:
    partnerships: int = 19
    municipalities: int = 350
    years: int = 10
    first_year: int = 2017
    items_per_meeting: int = 20
    members_per_side: int = 6
    seed: int = 2026

    @property
    def last_year(self):
        return self.first_year + self.years - 1


@dataclass
class Counts:
    rows: dict = field(default_factory=dict)

    def add(self, model, n):
        self.rows[model.__name__] = self.rows.get(model.__name__, 0) + n


def _bulk(model, objs, counts, *, history=True):
    if not objs:
        return objs
    if history and hasattr(model, "history"):
        created = bulk_create_with_history(objs, model, batch_size=BATCH, default_change_reason="Syntetiske data")
        counts.add(model.history.model, len(created))
    else:
        created = model.objects.bulk_create(objs, batch_size=BATCH)
    counts.add(model, len(created))
    return created


def generate(plan: Plan, *, log=print):
    """Create the data set; returns the row counts per model and the seconds it took."""
    started = time.monotonic()
    rng = random.Random(plan.seed)
    counts = Counts()
    load_reference_data()
    kinds = {k.slug: k for k in BodyKind.objects.all()}
    groups = list(PriorityGroup.objects.all())
    existing = Partnership.objects.filter(slug__startswith="syntetisk-").count()

    for p_index in range(existing, existing + plan.partnerships):
        with transaction.atomic():
            _partnership(plan, p_index, rng, kinds, groups, counts)
        log(f"  helsefellesskap {p_index + 1 - existing}/{plan.partnerships} ferdig ({time.monotonic() - started:.0f} s)")
    return counts.rows, time.monotonic() - started


def _partnership(plan, p_index, rng, kinds, groups, counts):
    n_muni = plan.municipalities // plan.partnerships + (1 if p_index < plan.municipalities % plan.partnerships else 0)
    (partnership,) = _bulk(Partnership, [Partnership(name=f"Syntetisk helsefellesskap {p_index + 1}", slug=f"syntetisk-{p_index + 1}")], counts)
    regions = _bulk(Region, [Region(partnership=partnership, name=n) for n in ("Øst", "Midt", "Vest")], counts)
    parties = [Party(partnership=partnership, name=f"Syntetisk HF {p_index + 1}", kind=Party.Kind.HEALTH_TRUST, side=Side.SPECIALIST)]
    parties += [
        Party(partnership=partnership, name=f"Kommune {p_index + 1}-{m + 1}", kind=Party.Kind.MUNICIPALITY, side=Side.MUNICIPAL,
              region=regions[m % 3], sami_area=m % 9 == 0, population=rng.randint(400, 40000))
        for m in range(n_muni)
    ]
    parties += [Party(partnership=partnership, name=n, kind=k, side=Side.NONE) for n, k in (
        ("KS", Party.Kind.KS), ("Statsforvalteren", Party.Kind.COUNTY_GOVERNOR), ("Brukerutvalget", Party.Kind.USER_COMMITTEE))]
    parties = _bulk(Party, parties, counts)
    hf, municipalities = parties[0], parties[1:1 + n_muni]

    bodies = _bulk(Body, [
        Body(partnership=partnership, kind=kinds[slug], name=name, short_name=name[:30], level=level, min_meetings_per_year=minimum,
             can_decide=slug != "dialogmote")
        for slug, name, level, minimum in BODY_PLAN
    ], counts)
    su, secretariat = bodies[2], bodies[3]
    su.discussion_body = secretariat
    su.save(update_fields=["discussion_body"])

    # People and seats: per body a chair pair plus members on each side, and two observers.
    term_start, term_end = date(plan.first_year, 1, 1), date(plan.last_year + 1, 12, 31)
    people, seats = [], []
    for body in bodies:
        for side, employer in ((Side.SPECIALIST, hf), (Side.MUNICIPAL, None)):
            for n in range(plan.members_per_side):
                emp = employer or municipalities[(n + body.pk) % len(municipalities)]
                people.append(Person(first_name=f"Person{len(people) + 1}", last_name=f"S{p_index + 1}", employer=emp))
                role = Membership.Role.CHAIR if (n == 0 and side == Side.MUNICIPAL) else (
                    Membership.Role.VICE_CHAIR if n == 0 else Membership.Role.MEMBER)
                seats.append((body, side, role, emp))
        for seat in (Membership.Seat.GP, Membership.Seat.USER_REPRESENTATIVE):
            people.append(Person(first_name=f"Person{len(people) + 1}", last_name=f"S{p_index + 1}", is_practising_gp=seat == Membership.Seat.GP))
            seats.append((body, Side.NONE, Membership.Role.OBSERVER, seat))
    people = _bulk(Person, people, counts)
    memberships = []
    for person, (body, side, role, extra) in zip(people, seats):
        observer = role == Membership.Role.OBSERVER
        memberships.append(Membership(
            person=person, body=body, role=role, side=side, term_start=term_start, term_end=term_end,
            seat=extra if observer else Membership.Seat.ORDINARY, can_vote=not observer, can_speak=True, can_propose=not observer,
        ))
    memberships = _bulk(Membership, memberships, counts)
    through = Membership.represented_parties.through
    _bulk(through, [through(membership=m, party=extra) for m, (_b, _s, role, extra) in zip(memberships, seats)
                    if role != Membership.Role.OBSERVER], counts, history=False)
    members_by_body = {}
    for m in memberships:
        members_by_body.setdefault(m.body_id, []).append(m)

    # Meetings: 4–5 a year per body (1 for the partnership and dialogue meetings), all years.
    today = timezone.localdate()
    meetings = []
    for body in bodies:
        per_year = 1 if body.level == 1 else rng.choice((4, 5))
        for year in range(plan.first_year, plan.last_year + 1):
            for k in range(per_year):
                month = 2 + k * (10 // per_year)
                starts = datetime(year, month, 10 + body.pk % 10, 10, 0, tzinfo=OSLO)
                past = starts.date() < today
                meetings.append(Meeting(
                    body=body, starts_at=starts, ends_at=starts + timedelta(hours=2), place="Digitalt møte",
                    status=Meeting.Status.PUBLISHED if past else Meeting.Status.PLANNED,
                    notice_sent_at=starts - timedelta(days=14) if past else None,
                ))
    meetings = _bulk(Meeting, meetings, counts)

    # Cases: every agenda item is one handling of one case, numbered per body and year.
    cases, handling_specs, series = [], [], {}
    purposes = (Purpose.DECISION, Purpose.DISCUSSION, Purpose.INFORMATION)
    for meeting in meetings:
        year = meeting.starts_at.year
        body = next(b for b in bodies if b.pk == meeting.body_id)
        for i in range(plan.items_per_meeting):
            number = series.get((body.pk, year), 0) + 1
            series[(body.pk, year)] = number
            purpose = purposes[i % 3] if body.can_decide else Purpose.INFORMATION
            past = meeting.status == Meeting.Status.PUBLISHED
            # Past cases have run their course: decided, discussed and closed, or noted.
            status = (Case.Status.DECIDED if purpose == Purpose.DECISION else Case.Status.CLOSED
                      if purpose == Purpose.DISCUSSION else Case.Status.NOTED) if past else Case.Status.REGISTERED
            reported = meeting.starts_at - timedelta(days=30)
            cases.append(Case(
                partnership=partnership, body=body, year=year, number=number, status=status,
                case_type={Purpose.DECISION: "decision", Purpose.DISCUSSION: "discussion"}.get(purpose, "information"),
                title=f"Syntetisk sak {number}/{year} om samhandling for {groups[i % len(groups)].name.lower()}",
                background="Bakgrunn for saken. " * 5, proposed_decision="1. Saken tas til orientering.\n2. Arbeidet videreføres.",
                reported_at=reported, registered_at=reported + timedelta(days=2),
            ))
            handling_specs.append((meeting, body, purpose, past, i))
    cases = _bulk(Case, cases, counts)
    _bulk(Case.priority_groups.through, [Case.priority_groups.through(case=c, prioritygroup=groups[i % len(groups)])
                                         for i, c in enumerate(cases)], counts, history=False)
    _bulk(CaseSeries, [CaseSeries(body_id=b, year=y, last_number=n) for (b, y), n in series.items()], counts, history=False)
    _bulk(CaseDocument, [CaseDocument(case=c, title=f"Saksfremlegg {c.number}/{c.year}", exempt=c.number % 25 == 0,
                                      legal_basis="offentleglova § 14" if c.number % 25 == 0 else "") for c in cases], counts)

    outcome = {Purpose.DECISION: Handling.Outcome.DECIDED, Purpose.DISCUSSION: Handling.Outcome.DISCUSSED,
               Purpose.INFORMATION: Handling.Outcome.NOTED}
    handlings = _bulk(Handling, [
        Handling(case=c, body=body, purpose=purpose, authoritative=purpose == Purpose.DECISION,
                 outcome=outcome[purpose] if past else Handling.Outcome.PENDING, created_at=c.reported_at,
                 concluded_at=meeting.starts_at if past else None, held_at=meeting.starts_at if past else None)
        for c, (meeting, body, purpose, past, _i) in zip(cases, handling_specs)
    ], counts)
    _bulk(AgendaItem, [
        AgendaItem(meeting=meeting, position=i + 1, kind=AgendaItem.Kind.CASE, handling=h, case_id=h.case_id,
                   discussion="Saken ble drøftet." if past else "")
        for h, (meeting, _body, _purpose, past, i) in zip(handlings, handling_specs)
    ], counts)

    decided = [h for h in handlings if h.outcome == Handling.Outcome.DECIDED]
    decisions = _bulk(Decision, [Decision(handling=h, decided_at=h.concluded_at) for h in decided], counts)
    _bulk(DecisionPoint, [DecisionPoint(decision=d, number=n, text=t) for d in decisions
                          for n, t in ((1, "Utvalget slutter seg til forslaget."), (2, "Sekretariatet følger opp."), (3, "Saken rapporteres neste år."))],
          counts, history=False)
    _bulk(FollowUpTask, [FollowUpTask(case_id=d.handling.case_id, decision=d, title="Følge opp vedtaket", responsible_party=hf,
                                      deadline=(d.decided_at + timedelta(days=90)).date(),
                                      completed_at=d.decided_at + timedelta(days=60) if d.pk % 4 else None) for d in decisions], counts)

    # Attendance at past meetings, and positions of the voting members at SU decisions.
    held = [m for m in meetings if m.status == Meeting.Status.PUBLISHED]
    _bulk(Attendance, [
        Attendance(meeting=m, membership=ms, status=Attendance.Status.PRESENT if (ms.pk + m.pk) % 7 else Attendance.Status.APOLOGIES,
                   can_vote=ms.can_vote, can_speak=ms.can_speak, can_propose=ms.can_propose)
        for m in held for ms in members_by_body[m.body_id]
    ], counts)
    su_voters = [ms for ms in members_by_body[su.pk] if ms.can_vote]
    _bulk(Position, [Position(handling=h, membership=ms, stance=Position.Stance.AGREE, recorded_at=h.concluded_at)
                     for h in decided if h.body_id == su.pk for ms in su_voters], counts)

    # Anchoring: about one SU decision a year goes to every municipality and the HF.
    rounds, answer_parties = [], []
    su_decisions = [d for d in decisions if d.handling.body_id == su.pk]
    for d in su_decisions[:: max(1, len(su_decisions) // plan.years)]:
        sent = d.decided_at.date() + timedelta(days=7)
        rounds.append(AnchoringRound(case_id=d.handling.case_id, decision=d, title="Tilslutning til vedtaket", sent_on=sent,
                                     deadline=sent + timedelta(days=120)))
    rounds = _bulk(AnchoringRound, rounds, counts)
    responses = [AnchoringAnswer.Response.JOINED] * 6 + [AnchoringAnswer.Response.NOT_ANSWERED, AnchoringAnswer.Response.AMENDMENT_PROPOSED]
    for r in rounds:
        for party in [hf, *municipalities]:
            answer_parties.append(AnchoringAnswer(round=r, party=party, response=rng.choice(responses), local_reference=f"PS {rng.randint(1, 99)}/{r.sent_on.year}"))
    _bulk(AnchoringAnswer, answer_parties, counts)
