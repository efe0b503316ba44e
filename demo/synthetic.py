"""A synthetic data set the size of all 19 partnerships over ten years, for benchmarks and load tests.

The data is placed around the day it is generated: ten years of held meetings with their cases, decisions,
positions, attendance and anchoring, and current work — cases reported and waiting to be registered, cases
registered and waiting for an agenda, cases discussed in the secretariat and waiting for a decision in SU,
each body's next meeting with its notice sent, later meetings planned in the coming months, an anchoring
round open and follow-up tasks due (some overdue).

Rows go straight into the tables (``Loader``): ids are reserved from the table's sequence, rows are written
with COPY on PostgreSQL (executemany elsewhere), and a history row («+», created) is written in bulk beside
every row of a model with history. The management command also drops the secondary indexes of the tables
it fills before the load and builds them again after it (``deferred_indexes``). The names say «Syntetisk»:
this data never mixes with the demo.
"""
import io
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time as clock, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

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
HISTORY_REASON = "Syntetiske data"

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
SU, SECRETARIAT = 2, 3  # positions in BODY_PLAN

# The tables the generator fills, for deferred_indexes.
LOADED = [Partnership, Region, Party, Body, Person, Membership, Meeting, Case, CaseDocument, Handling, AgendaItem,
          Decision, DecisionPoint, FollowUpTask, Attendance, Position, AnchoringRound, AnchoringAnswer]


@dataclass
class Plan:
    partnerships: int = 19
    municipalities: int = 350
    years: int = 10  # of held meetings, back from today
    items_per_meeting: int = 20
    members_per_side: int = 6
    months_ahead: int = 4  # meetings planned ahead of today
    waiting_per_body: int = 4  # registered cases waiting for an agenda, per deciding body
    reported_waiting: int = 10  # cases reported and not yet registered, per partnership
    discussed_waiting: int = 5  # SU cases discussed in the secretariat, waiting for decision
    seed: int = 2026


@dataclass
class Counts:
    rows: dict = field(default_factory=dict)

    def add(self, model, n):
        self.rows[model.__name__] = self.rows.get(model.__name__, 0) + n


class Loader:
    """Insert rows given as dicts of attribute names (``body_id``, not ``body``); missing fields take their default."""

    def __init__(self, counts, now):
        self.counts = counts
        self.now = now
        self.postgres = connection.vendor == "postgresql"

    def reserve(self, model, n):
        """n fresh primary keys for `model`."""
        if n == 0:
            return []
        table = model._meta.db_table
        pk = model._meta.pk.column
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(f"SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n])
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')
            start = cursor.fetchone()[0] + 1 + getattr(self, f"_reserved_{table}", 0)
        setattr(self, f"_reserved_{table}", getattr(self, f"_reserved_{table}", 0) + n)
        return list(range(start, start + n))

    def add(self, model, rows, *, history=True):
        """Insert `rows`; returns them with their ``id`` set (reserved here unless given)."""
        if not rows:
            return rows
        if "id" not in rows[0] and model._meta.pk.attname == "id":
            for row, pk in zip(rows, self.reserve(model, len(rows))):
                row["id"] = pk
        self._write(model, rows)
        self.counts.add(model, len(rows))
        if history and hasattr(model, "history"):
            historical = model.history.model
            extra = {"history_date": self.now, "history_change_reason": HISTORY_REASON, "history_type": "+", "history_user_id": None}
            self._write(historical, [{**row, **extra} for row in rows], skip=("history_id",))
            self.counts.add(historical, len(rows))
        return rows

    def _write(self, model, rows, skip=()):
        fields = [f for f in model._meta.concrete_fields if f.attname not in skip and not getattr(f, "generated", False)]
        if "id" not in rows[0]:
            fields = [f for f in fields if not f.primary_key]
        defaults = {f.attname: None if f.primary_key else f.get_default() for f in fields}
        names = [f.attname for f in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        if self.postgres:
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join(_copy_text(row[n] if n in row else defaults[n]) for n in names))
                buffer.write("\n")
            buffer.seek(0)
            with connection.cursor() as cursor:
                _copy(cursor.cursor, f"COPY {table} ({columns}) FROM STDIN", buffer)  # inside Django's transaction
            return
        values = [[f.get_db_prep_save(row.get(f.attname, defaults.get(f.attname)), connection) for f in fields] for row in rows]
        placeholders = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).translate(_ESCAPES)


def _copy(cursor, sql, buffer):
    if hasattr(cursor, "copy_expert"):  # psycopg2
        cursor.copy_expert(sql, buffer)
    else:  # psycopg 3
        with cursor.copy(sql) as copy:
            copy.write(buffer.getvalue())


@contextmanager
def without_foreign_key_checks(log=print):
    """Switch off foreign-key checks for this session while generated rows are loaded (as pg_restore does with
    --disable-triggers); the search-vector triggers still run (they are ENABLE ALWAYS). Needs a superuser; without
    one the load simply runs with the checks."""
    if connection.vendor != "postgresql":
        yield
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
        switched = True
    except Exception:  # noqa: BLE001 - not a superuser: keep the checks
        switched = False
    log("  fremmednøkkelkontroller av under innlastingen" if switched else "  fremmednøkkelkontroller beholdt")
    try:
        yield
    finally:
        if switched:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")


@contextmanager
def deferred_indexes(models, log=print):
    """Drop the secondary indexes of the models' tables (and of their history tables) and build them again after.

    Indexes that back a constraint (primary keys, unique constraints) stay. PostgreSQL only; elsewhere a no-op.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        if hasattr(model, "history"):
            tables.append(model.history.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""", [tables])
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    log(f"  {len(indexes)} indekser fjernet under innlastingen")
    try:
        yield
    finally:
        started = time.monotonic()
        with connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)
        log(f"  {len(indexes)} indekser bygget på nytt ({time.monotonic() - started:.0f} s)")


def generate(plan: Plan, *, log=print):
    """Create the data set; returns the row counts per model and the seconds it took."""
    started = time.monotonic()
    rng = random.Random(plan.seed)
    counts = Counts()
    load_reference_data()
    kinds = {k.slug: k for k in BodyKind.objects.all()}
    groups = list(PriorityGroup.objects.order_by("pk"))
    existing = Partnership.objects.filter(slug__startswith="syntetisk-").count()
    now = timezone.now().replace(microsecond=0)
    for p_index in range(existing, existing + plan.partnerships):
        with transaction.atomic():
            _partnership(plan, p_index, rng, kinds, groups, Loader(counts, now), now)
        log(f"  helsefellesskap {p_index + 1 - existing}/{plan.partnerships} ferdig ({time.monotonic() - started:.0f} s)")
    return counts.rows, time.monotonic() - started


def _at(day, hour=10):
    return datetime.combine(day, clock(hour, 0), tzinfo=OSLO)


def _partnership(plan, p_index, rng, kinds, groups, load, now):
    today = timezone.localdate(now)
    n_muni = plan.municipalities // plan.partnerships + (1 if p_index < plan.municipalities % plan.partnerships else 0)
    n_muni = max(n_muni, 1)
    (partnership,) = load.add(Partnership, [{"name": f"Syntetisk helsefellesskap {p_index + 1}", "slug": f"syntetisk-{p_index + 1}"}])
    pid = partnership["id"]
    regions = load.add(Region, [{"partnership_id": pid, "name": n} for n in ("Øst", "Midt", "Vest")])
    parties = [{"partnership_id": pid, "name": f"Syntetisk HF {p_index + 1}", "kind": Party.Kind.HEALTH_TRUST, "side": Side.SPECIALIST}]
    parties += [
        {"partnership_id": pid, "name": f"Kommune {p_index + 1}-{m + 1}", "kind": Party.Kind.MUNICIPALITY, "side": Side.MUNICIPAL,
         "region_id": regions[m % 3]["id"], "sami_area": m % 9 == 0, "population": rng.randint(400, 40000)}
        for m in range(n_muni)
    ]
    parties += [{"partnership_id": pid, "name": n, "kind": k, "side": Side.NONE} for n, k in (
        ("KS", Party.Kind.KS), ("Statsforvalteren", Party.Kind.COUNTY_GOVERNOR), ("Brukerutvalget", Party.Kind.USER_COMMITTEE))]
    parties = load.add(Party, parties)
    hf, municipalities = parties[0], parties[1:1 + n_muni]

    body_ids = load.reserve(Body, len(BODY_PLAN))
    bodies = load.add(Body, [
        {"id": body_ids[i], "partnership_id": pid, "kind_id": kinds[slug].pk, "name": name, "short_name": name[:30], "level": level,
         "min_meetings_per_year": minimum, "can_decide": slug != "dialogmote",
         "discussion_body_id": body_ids[SECRETARIAT] if i == SU else None}
        for i, (slug, name, level, minimum) in enumerate(BODY_PLAN)
    ])
    su, secretariat = bodies[SU], bodies[SECRETARIAT]

    # People and seats: per body a chair pair plus members on each side, and two observers.
    term_start, term_end = today.replace(month=1, day=1) - timedelta(days=365 * plan.years), today + timedelta(days=3 * 365)
    people, seats = [], []
    for b_index, body in enumerate(bodies):
        for side, employer in ((Side.SPECIALIST, hf), (Side.MUNICIPAL, None)):
            for n in range(plan.members_per_side):
                emp = employer or municipalities[(n + b_index) % len(municipalities)]
                people.append({"first_name": f"Person{len(people) + 1}", "last_name": f"S{p_index + 1}", "employer_id": emp["id"]})
                role = Membership.Role.CHAIR if (n == 0 and side == Side.MUNICIPAL) else (
                    Membership.Role.VICE_CHAIR if n == 0 else Membership.Role.MEMBER)
                seats.append((body, side, role, emp))
        for seat in (Membership.Seat.GP, Membership.Seat.USER_REPRESENTATIVE):
            people.append({"first_name": f"Person{len(people) + 1}", "last_name": f"S{p_index + 1}",
                           "is_practising_gp": seat == Membership.Seat.GP})
            seats.append((body, Side.NONE, Membership.Role.OBSERVER, seat))
    people = load.add(Person, people)
    memberships = []
    for person, (body, side, role, extra) in zip(people, seats):
        observer = role == Membership.Role.OBSERVER
        memberships.append({
            "person_id": person["id"], "body_id": body["id"], "role": role, "side": side, "term_start": term_start, "term_end": term_end,
            "seat": extra if observer else Membership.Seat.ORDINARY, "can_vote": not observer, "can_speak": True,
            "can_propose": not observer,
        })
    memberships = load.add(Membership, memberships)
    through = Membership.represented_parties.through
    load.add(through, [{"membership_id": m["id"], "party_id": extra["id"]} for m, (_b, _s, role, extra) in zip(memberships, seats)
                       if role != Membership.Role.OBSERVER], history=False)
    members_by_body = {}
    for m in memberships:
        members_by_body.setdefault(m["body_id"], []).append(m)

    # Meetings at even intervals from `years` back to `months_ahead` ahead: held ones published, each body's
    # next meeting with its notice sent, the later ones planned.
    first_day = today - timedelta(days=365 * plan.years)
    last_day = today + timedelta(days=30 * plan.months_ahead)
    meetings, next_meeting = [], {}
    for b_index, body in enumerate(bodies):
        per_year = 1 if body["level"] == 1 else rng.choice((4, 5))
        step = timedelta(days=365 // per_year)
        day = first_day + timedelta(days=(b_index * 9) % step.days)
        while day <= last_day:
            if day.weekday() >= 5:
                day += timedelta(days=7 - day.weekday())
            starts = _at(day)
            held = starts < now
            row = {"body_id": body["id"], "starts_at": starts, "ends_at": starts + timedelta(hours=2), "place": "Digitalt møte",
                   "status": Meeting.Status.PUBLISHED if held else Meeting.Status.PLANNED,
                   "notice_sent_at": starts - timedelta(days=14) if held else None}
            if not held and body["id"] not in next_meeting:
                row["status"] = Meeting.Status.NOTICE_SENT
                row["notice_sent_at"] = min(starts - timedelta(days=14), now - timedelta(hours=1))
                next_meeting[body["id"]] = row
            meetings.append(row)
            day += step
    meetings = load.add(Meeting, meetings)
    last_held = {}
    for m in meetings:
        if m["status"] == Meeting.Status.PUBLISHED:
            last_held[m["body_id"]] = m

    # Cases. Every agenda item of a held meeting is one concluded handling of one case, numbered per body and year;
    # the next meeting has half an agenda of cases still to be handled.
    body_by_id = {b["id"]: b for b in bodies}
    series = {}
    purposes = (Purpose.DECISION, Purpose.DISCUSSION, Purpose.INFORMATION)
    cases, specs = [], []  # spec: (meeting or None, body, purpose, kind) with kind held / upcoming / discussed / waiting / reported

    def new_case(body, year, status, title, purpose, reported_at):
        number = None
        if body is not None:
            number = series.get((body["id"], year), 0) + 1
            series[(body["id"], year)] = number
        i = len(cases)
        cases.append({
            "partnership_id": pid, "body_id": body["id"] if body else None, "year": year if body else None, "number": number,
            "status": status, "case_type": {Purpose.DECISION: "decision", Purpose.DISCUSSION: "discussion"}.get(purpose, "information"),
            "title": title.format(n=number or i + 1, year=year, group=groups[i % len(groups)].name.lower()),
            "background": "Bakgrunn for saken. " * 5, "proposed_decision": "1. Saken tas til orientering.\n2. Arbeidet videreføres.",
            "reported_at": reported_at, "registered_at": reported_at + timedelta(days=2) if body else None,
        })
        return cases[-1]

    held_status = {Purpose.DECISION: Case.Status.DECIDED, Purpose.DISCUSSION: Case.Status.CLOSED, Purpose.INFORMATION: Case.Status.NOTED}
    upcoming_status = {Purpose.DECISION: Case.Status.FOR_DECISION, Purpose.DISCUSSION: Case.Status.FOR_DISCUSSION,
                       Purpose.INFORMATION: Case.Status.REGISTERED}
    title = "Syntetisk sak {n}/{year} om samhandling for {group}"
    for meeting in meetings:
        body = body_by_id[meeting["body_id"]]
        held = meeting["status"] == Meeting.Status.PUBLISHED
        if not held and meeting is not next_meeting.get(body["id"]):
            continue
        year = timezone.localtime(meeting["starts_at"]).year
        n_items = plan.items_per_meeting if held else max(1, plan.items_per_meeting // 2)
        for i in range(n_items):
            purpose = purposes[i % 3] if body["can_decide"] else Purpose.INFORMATION
            status = held_status[purpose] if held else upcoming_status[purpose]
            new_case(body, year, status, title, purpose, meeting["starts_at"] - timedelta(days=30))
            specs.append((meeting, body, purpose, "held" if held else "upcoming"))
    # SU cases discussed at the secretariat's last meeting, waiting for a decision in SU.
    discussed_at = last_held.get(secretariat["id"])
    if discussed_at:
        for _ in range(plan.discussed_waiting):
            new_case(su, today.year, Case.Status.DISCUSSED, "Syntetisk sak {n}/{year} drøftet, til beslutning om {group}",
                     Purpose.DECISION, discussed_at["starts_at"] - timedelta(days=20))
            specs.append((discussed_at, secretariat, Purpose.DISCUSSION, "discussed"))
    # Registered and waiting for an agenda, in every deciding body; reported and waiting to be registered.
    for body in bodies:
        if body["can_decide"]:
            for k in range(plan.waiting_per_body):
                new_case(body, today.year, Case.Status.REGISTERED, "Syntetisk sak {n}/{year} venter på saksliste, {group}",
                         purposes[k % 3], now - timedelta(days=10 + k))
                specs.append((None, body, purposes[k % 3], "waiting"))
    for k in range(plan.reported_waiting):
        new_case(None, today.year, Case.Status.REPORTED, "Meldt sak {n} om samhandling for {group}", Purpose.DECISION,
                 now - timedelta(days=k + 1))
        specs.append((None, None, Purpose.DECISION, "reported"))
    cases = load.add(Case, cases)
    load.add(Case.priority_groups.through, [{"case_id": c["id"], "prioritygroup_id": groups[i % len(groups)].pk}
                                            for i, c in enumerate(cases)], history=False)
    load.add(CaseSeries, [{"body_id": b, "year": y, "last_number": n} for (b, y), n in series.items()], history=False)
    load.add(CaseDocument, [{"case_id": c["id"], "title": f"Saksfremlegg {c['number']}/{c['year']}", "exempt": c["number"] % 25 == 0,
                             "legal_basis": "offentleglova § 14" if c["number"] % 25 == 0 else "", "uploaded_at": c["reported_at"]}
                            for c in cases if c["number"]])

    outcome = {Purpose.DECISION: Handling.Outcome.DECIDED, Purpose.DISCUSSION: Handling.Outcome.DISCUSSED,
               Purpose.INFORMATION: Handling.Outcome.NOTED}
    handlings, handling_specs = [], []
    for c, (meeting, body, purpose, kind) in zip(cases, specs):
        if meeting is None:
            continue
        concluded = kind in ("held", "discussed")
        handlings.append({
            "case_id": c["id"], "body_id": body["id"], "purpose": purpose, "authoritative": purpose == Purpose.DECISION,
            "outcome": outcome[purpose] if concluded else Handling.Outcome.PENDING, "created_at": c["reported_at"],
            "concluded_at": meeting["starts_at"] if concluded else None, "held_at": meeting["starts_at"] if concluded else None,
        })
        handling_specs.append((meeting, kind))
    handlings = load.add(Handling, handlings)
    positions_in = {}
    items = []
    for h, (meeting, kind) in zip(handlings, handling_specs):
        position = positions_in.get(meeting["id"], 0) + 1
        positions_in[meeting["id"]] = position
        items.append({"meeting_id": meeting["id"], "position": position, "kind": AgendaItem.Kind.CASE, "handling_id": h["id"],
                      "case_id": h["case_id"], "discussion": "Saken ble drøftet." if kind != "upcoming" else ""})
    load.add(AgendaItem, items)

    decided = [h for h in handlings if h["outcome"] == Handling.Outcome.DECIDED]
    decisions = load.add(Decision, [{"handling_id": h["id"], "decided_at": h["concluded_at"], "case_id_": h["case_id"],
                                     "body_id_": h["body_id"]} for h in decided])
    load.add(DecisionPoint, [{"decision_id": d["id"], "number": n, "text": t} for d in decisions for n, t in (
        (1, "Utvalget slutter seg til forslaget."), (2, "Sekretariatet følger opp."), (3, "Saken rapporteres neste år."))],
        history=False)
    # Follow-up three months after each decision: done when that was over a month ago, open (due or overdue) since.
    tasks = []
    for d in decisions:
        deadline = timezone.localtime(d["decided_at"]).date() + timedelta(days=90)
        done = deadline < today - timedelta(days=30)
        tasks.append({"case_id": d["case_id_"], "decision_id": d["id"], "title": "Følge opp vedtaket", "responsible_party_id": hf["id"],
                      "deadline": deadline, "completed_at": d["decided_at"] + timedelta(days=60) if done else None})
    load.add(FollowUpTask, tasks)

    # Attendance at held meetings, and positions of the voting members at SU decisions.
    held_meetings = [m for m in meetings if m["status"] == Meeting.Status.PUBLISHED]
    load.add(Attendance, [
        {"meeting_id": m["id"], "membership_id": ms["id"],
         "status": Attendance.Status.PRESENT if (ms["id"] + m["id"]) % 7 else Attendance.Status.APOLOGIES,
         "can_vote": ms["can_vote"], "can_speak": ms["can_speak"], "can_propose": ms["can_propose"]}
        for m in held_meetings for ms in members_by_body[m["body_id"]]
    ])
    su_voters = [ms for ms in members_by_body[su["id"]] if ms["can_vote"]]
    load.add(Position, [{"handling_id": h["id"], "membership_id": ms["id"], "stance": Position.Stance.AGREE, "recorded_at": h["concluded_at"]}
                        for h in decided if h["body_id"] == su["id"] for ms in su_voters])

    # Anchoring: about one SU decision a year goes to the HF and every municipality. The rounds whose deadline
    # has passed are answered; the newest is open, with some parties yet to answer.
    su_decisions = [d for d in decisions if d["body_id_"] == su["id"]]
    picked = su_decisions[:: max(1, len(su_decisions) // plan.years)]
    if su_decisions and su_decisions[-1] not in picked:
        picked.append(su_decisions[-1])
    rounds = []
    for d in picked:
        sent = timezone.localtime(d["decided_at"]).date() + timedelta(days=7)
        rounds.append({"case_id": d["case_id_"], "decision_id": d["id"], "title": "Tilslutning til vedtaket", "sent_on": sent,
                       "deadline": max(sent + timedelta(days=120), today + timedelta(days=30)) if d is su_decisions[-1]
                       else sent + timedelta(days=120)})
    rounds = load.add(AnchoringRound, rounds)
    answered = [AnchoringAnswer.Response.JOINED] * 6 + [AnchoringAnswer.Response.JOINED_WITH_RESERVATION,
                                                        AnchoringAnswer.Response.AMENDMENT_PROPOSED]
    answers = []
    for r in rounds:
        open_round = r["deadline"] >= today
        for party in [hf, *municipalities]:
            response = AnchoringAnswer.Response.NOT_ANSWERED if open_round and rng.random() < 0.4 else rng.choice(answered)
            answers.append({"round_id": r["id"], "party_id": party["id"], "response": response,
                            "local_reference": "" if response == AnchoringAnswer.Response.NOT_ANSWERED
                            else f"PS {rng.randint(1, 99)}/{r['sent_on'].year}",
                            "recorded_at": None if response == AnchoringAnswer.Response.NOT_ANSWERED
                            else _at(min(r["sent_on"] + timedelta(days=60), today))})
    load.add(AnchoringAnswer, answers)
