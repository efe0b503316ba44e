"""The annual report (årlig melding) of a partnership for one year, built from its records.

Sections: meetings held per body against the minimum; cases by type, status and priority patient
group; time from report to decision; anchoring rounds and their outcome; sub-committees; composition
breaches. ``build_annual_report`` gathers the figures; ``report_csv_rows`` flattens them for CSV.
"""
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.composition import check_partnership
from bodies.models import Body, PriorityGroup
from cases.anchoring import tally_answers
from cases.models import AnchoringAnswer, AnchoringRound, Case, CaseType, Decision

from meetings.models import Meeting

HELD_STATUSES = (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED, Meeting.Status.PUBLISHED)


@dataclass
class BodyMeetings:
    body: Body
    held: int
    minimum: int

    @property
    def below_minimum(self):
        return self.held < self.minimum

    @property
    def percent(self):
        """Bar length: held meetings against the larger of minimum and held (100 = the longest bar)."""
        scale = max(self.minimum, self.held, 1)
        return round(100 * self.held / scale)

    @property
    def minimum_percent(self):
        scale = max(self.minimum, self.held, 1)
        return round(100 * self.minimum / scale)


@dataclass
class Figure:
    label: str
    count: int
    percent: int = 0


@dataclass
class DecisionTime:
    case: Case
    reported_on: date
    decided_on: date

    @property
    def days(self):
        return (self.decided_on - self.reported_on).days


@dataclass
class RoundOutcome:
    round: AnchoringRound
    counts: list
    municipalities_joined: int
    municipalities_total: int
    two_thirds_met: bool
    all_met: bool
    hf_joined: bool

    @property
    def outcome(self):
        if self.all_met and self.hf_joined:
            return _("Alle kommuner og helseforetaket har sluttet seg til")
        if self.two_thirds_met:
            return _("Minst to tredjedeler av kommunene har sluttet seg til")
        return _("Under to tredjedeler av kommunene har sluttet seg til")


@dataclass
class SubcommitteeRow:
    body: Body
    overdue: bool
    appointing_case: Case | None = None
    report_case: Case | None = None


@dataclass
class AnnualReport:
    partnership: object
    year: int
    as_of: date
    meetings: list = field(default_factory=list)
    cases_total: int = 0
    cases_by_type: list = field(default_factory=list)
    cases_by_status: list = field(default_factory=list)
    cases_by_priority_group: list = field(default_factory=list)
    decision_times: list = field(default_factory=list)
    anchoring: list = field(default_factory=list)
    subcommittees: list = field(default_factory=list)
    breaches: list = field(default_factory=list)

    @property
    def meetings_held(self):
        return sum(row.held for row in self.meetings)

    @property
    def bodies_below_minimum(self):
        return [row for row in self.meetings if row.below_minimum]

    @property
    def median_days_to_decision(self):
        days = [t.days for t in self.decision_times]
        return statistics.median(days) if days else None

    @property
    def average_days_to_decision(self):
        days = [t.days for t in self.decision_times]
        return round(sum(days) / len(days), 1) if days else None


def _with_percent(counts):
    top = max((c.count for c in counts), default=0) or 1
    for c in counts:
        c.percent = round(100 * c.count / top)
    return counts


def _local_date(value):
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def year_cases(partnership, year):
    """The cases of a year: numbered in the year, or reported in it while not yet numbered."""
    return Case.objects.filter(partnership=partnership).filter(
        Q(year=year) | Q(year__isnull=True, reported_at__year=year)
    )


def _meetings(partnership, year, start, end):
    bodies = (Body.objects.filter(partnership=partnership)
              .filter(Q(active_from__isnull=True) | Q(active_from__lte=end))
              .filter(Q(active_until__isnull=True) | Q(active_until__gte=start))
              .annotate(held=Count("meetings", filter=Q(meetings__status__in=HELD_STATUSES, meetings__starts_at__year=year)))
              .order_by("level", "name"))
    return [BodyMeetings(body=b, held=b.held, minimum=b.min_meetings_per_year) for b in bodies]


def _cases(report, partnership, year):
    cases = year_cases(partnership, year)
    report.cases_total = cases.count()
    type_labels = dict(CaseType.choices)
    by_type = dict(cases.order_by().values("case_type").annotate(n=Count("pk")).values_list("case_type", "n"))
    report.cases_by_type = _with_percent([Figure(str(label), by_type.get(value, 0)) for value, label in type_labels.items()])
    by_status = dict(cases.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    report.cases_by_status = _with_percent(
        [Figure(str(label), by_status[value]) for value, label in Case.Status.choices if by_status.get(value)])
    groups = Counter(cases.values_list("priority_groups", flat=True))
    rows = [Figure(group.name, groups.get(group.pk, 0)) for group in PriorityGroup.objects.order_by("name")]
    rows.append(Figure(_("Ingen prioritert pasientgruppe"), groups.get(None, 0)))
    report.cases_by_priority_group = _with_percent(rows)


def _decision_times(partnership, year):
    """First versions of decisions made in the year: days from the case was reported to the decision."""
    decisions = (Decision.objects.filter(handling__case__partnership=partnership, version=1, decided_at__year=year)
                 .select_related("handling__case__body").order_by("decided_at"))
    return [DecisionTime(d.handling.case, _local_date(d.handling.case.reported_at), _local_date(d.decided_at)) for d in decisions]


def _anchoring(partnership, year, as_of):
    rounds = (AnchoringRound.objects.filter(case__partnership=partnership, sent_on__year=year)
              .select_related("case").prefetch_related("answers__party").order_by("sent_on", "pk"))
    labels = dict(AnchoringAnswer.Response.choices)
    outcomes = []
    for rnd in rounds:
        answers = list(rnd.answers.all())
        tally = tally_answers(answers, deadline=rnd.deadline, today=as_of)
        counted = Counter(a.response for a in answers)
        outcomes.append(RoundOutcome(
            round=rnd, counts=[Figure(str(label), counted.get(value, 0)) for value, label in labels.items()],
            municipalities_joined=tally.municipalities_joined, municipalities_total=tally.municipalities_total,
            two_thirds_met=tally.two_thirds_met, all_met=tally.all_met, hf_joined=tally.hf_joined,
        ))
    return outcomes


def _subcommittees(partnership, start, end, as_of):
    bodies = (Body.objects.filter(partnership=partnership, kind__is_subcommittee=True)
              .filter(Q(active_from__isnull=True) | Q(active_from__lte=end))
              .filter(Q(active_until__isnull=True) | Q(active_until__gte=start))
              .select_related("kind", "appointed_by", "reports_to", "report__case", "appointment__decision__handling__case")
              .order_by("active_from", "name"))
    rows = []
    for b in bodies:
        appointment, report = getattr(b, "appointment", None), getattr(b, "report", None)
        rows.append(SubcommitteeRow(body=b, overdue=b.is_overdue(as_of),
                                    appointing_case=appointment.decision.handling.case if appointment else None,
                                    report_case=report.case if report else None))
    return rows


def build_annual_report(partnership, year, *, today=None):
    """The annual report of ``partnership`` for ``year``; a year not yet over is reported as of today."""
    today = today or timezone.localdate()
    start, end = date(year, 1, 1), date(year, 12, 31)
    as_of = min(end, today)
    report = AnnualReport(partnership=partnership, year=year, as_of=as_of)
    report.meetings = _meetings(partnership, year, start, end)
    _cases(report, partnership, year)
    report.decision_times = _decision_times(partnership, year)
    report.anchoring = _anchoring(partnership, year, as_of)
    report.subcommittees = _subcommittees(partnership, start, end, as_of)
    report.breaches = check_partnership(partnership, as_of)
    return report


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell a spreadsheet would read as a formula (= + - @, tab, CR first) gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def report_csv_rows(report):
    """Rows for CSV: section, item, measure, value (one figure a row, for further work in a spreadsheet).

    Titles and names are typed by users: every text cell passes spreadsheet_safe.
    """
    return [[spreadsheet_safe(str(cell) if not isinstance(cell, (int, float)) else cell) for cell in row]
            for row in _report_rows(report)]


def _report_rows(report):
    rows = [[_("del"), _("element"), _("mål"), _("verdi")]]
    for row in report.meetings:
        rows.append([_("Møter"), row.body.name, _("avholdt"), row.held])
        rows.append([_("Møter"), row.body.name, _("minimum"), row.minimum])
    rows.append([_("Saker"), _("Alle"), _("antall"), report.cases_total])
    for section, counts in ((_("Saker etter type"), report.cases_by_type), (_("Saker etter status"), report.cases_by_status),
                            (_("Saker etter prioritert pasientgruppe"), report.cases_by_priority_group)):
        for c in counts:
            rows.append([section, c.label, _("antall"), c.count])
    for t in report.decision_times:
        rows.append([_("Tid fra melding til vedtak"), f"{t.case.case_number} {t.case.title}", _("dager"), t.days])
    for o in report.anchoring:
        for c in o.counts:
            rows.append([_("Tilslutning"), o.round.title, c.label, c.count])
        rows.append([_("Tilslutning"), o.round.title, _("kommuner tilsluttet"), f"{o.municipalities_joined}/{o.municipalities_total}"])
        rows.append([_("Tilslutning"), o.round.title, _("utfall"), o.outcome])
    for s in report.subcommittees:
        rows.append([_("Underutvalg"), s.body.name, _("frist"), s.body.deadline.isoformat() if s.body.deadline else ""])
        rows.append([_("Underutvalg"), s.body.name, _("over fristen"), _("ja") if s.overdue else _("nei")])
    for b in report.breaches:
        rows.append([_("Brudd på sammensetning"), str(b.body) if b.body else report.partnership.name, b.rule, b.message])
    return rows
