"""The annual report of Finnmark for 2020 and 2021, checked against counts made here from the records."""
import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from bodies.models import Body, PriorityGroup
from cases.models import AnchoringAnswer, AnchoringRound, Case, Decision, Handling
from helsefellesskap.reports.annual_report import build_annual_report
from meetings.models import Meeting
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def aware(day, hour=10):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


@pytest.fixture
def finnmark(demo):
    """The demo, plus a few records of our own so every section has figures even without the case story."""
    fm = demo["finnmark"]
    su = Body.objects.get(partnership=fm, kind__slug="strategisk-samarbeidsutvalg")
    lfso = Body.objects.get(partnership=fm, name="LFSO Øst-Finnmark")
    Meeting.objects.create(body=lfso, starts_at=aware(date(2021, 3, 4)), status=Meeting.Status.HELD)
    Meeting.objects.create(body=lfso, starts_at=aware(date(2021, 12, 31), 23), status=Meeting.Status.PLANNED)  # not held
    case = Case.objects.create(partnership=fm, body=su, year=2021, number=90, title="Felles rutine for utskrivning",
                               case_type="discussion", reported_at=aware(date(2021, 2, 1)))
    case.priority_groups.add(PriorityGroup.objects.get(slug="skropelige-eldre"))
    handling = Handling.objects.create(case=case, body=su, purpose="decision", outcome="decided")
    Decision.objects.create(handling=handling, decided_at=aware(date(2021, 3, 15)))
    rnd = AnchoringRound.objects.create(case=case, title="Tilslutning til utskrivningsrutinen", sent_on=date(2021, 4, 1),
                                        deadline=date(2021, 6, 1))
    for i, party in enumerate(fm.parties.filter(kind__in=["municipality", "health_trust"]).order_by("name")):
        AnchoringAnswer.objects.create(round=rnd, party=party, response="joined" if i % 3 else "not_answered")
    return fm


def held(fm, year):
    """Held meetings per body, counted from the meeting rows one by one."""
    counts = {}
    for m in Meeting.objects.filter(body__partnership=fm).select_related("body"):
        if timezone.localtime(m.starts_at).year == year and m.status in ("held", "minutes_approved", "published"):
            counts[m.body.name] = counts.get(m.body.name, 0) + 1
    return counts


def cases_of(fm, year):
    return [c for c in Case.objects.filter(partnership=fm) if c.year == year or (c.year is None and c.reported_at.year == year)]


@pytest.mark.parametrize("year", [2020, 2021])
def test_the_report_counts_what_the_records_hold(finnmark, year):
    report = build_annual_report(finnmark, year, today=TODAY)
    by_body = {row.body.name: row for row in report.meetings}
    expected_held = held(finnmark, year)
    for name, row in by_body.items():
        assert row.held == expected_held.get(name, 0), name
        assert row.minimum == Body.objects.get(partnership=finnmark, name=name).min_meetings_per_year
    assert set(expected_held) <= set(by_body)
    # A body that did not exist in the year is not in the report.
    assert "KSU psykisk helse og rus" not in by_body

    cases = cases_of(finnmark, year)
    assert report.cases_total == len(cases)
    types = {row.label: row.count for row in report.cases_by_type}
    assert types["Beslutningssak"] == sum(c.case_type == "decision" for c in cases)
    assert types["Drøftingssak"] == sum(c.case_type == "discussion" for c in cases)
    statuses = {row.label: row.count for row in report.cases_by_status}
    assert sum(statuses.values()) == len(cases)
    for c in cases:
        assert statuses[c.get_status_display()] == sum(o.status == c.status for o in cases)
    groups = {row.label: row.count for row in report.cases_by_priority_group}
    assert groups["Skrøpelige eldre"] == sum(c.priority_groups.filter(slug="skropelige-eldre").exists() for c in cases)
    assert groups["Ingen prioritert pasientgruppe"] == sum(not c.priority_groups.exists() for c in cases)

    decisions = [d for d in Decision.objects.filter(version=1, handling__case__partnership=finnmark)
                 if timezone.localtime(d.decided_at).year == year]
    assert sorted(t.days for t in report.decision_times) == sorted(
        (timezone.localtime(d.decided_at).date() - timezone.localtime(d.handling.case.reported_at).date()).days for d in decisions)

    rounds = [r for r in AnchoringRound.objects.filter(case__partnership=finnmark) if r.sent_on.year == year]
    assert [o.round for o in report.anchoring] == sorted(rounds, key=lambda r: (r.sent_on, r.pk))
    for o in report.anchoring:
        counts = {c.label: c.count for c in o.counts}
        assert counts["Ikke svart"] == o.round.answers.filter(response="not_answered").count()
        municipal = o.round.answers.filter(party__kind="municipality")
        assert o.municipalities_total == municipal.count()
        assert o.municipalities_joined == municipal.filter(response__in=["joined", "reservation"]).count()
        assert o.two_thirds_met == (3 * o.municipalities_joined >= 2 * o.municipalities_total)

    groups_in_year = {b.name for b in Body.objects.filter(partnership=finnmark, kind__is_subcommittee=True)
                      if (b.active_from is None or b.active_from.year <= year) and (b.active_until is None or b.active_until.year >= year)}
    assert {s.body.name for s in report.subcommittees} == groups_in_year
    assert report.breaches == []


def test_the_2021_figures_include_the_records_made_here(finnmark):
    report = build_annual_report(finnmark, 2021, today=TODAY)
    lfso = next(row for row in report.meetings if row.body.name == "LFSO Øst-Finnmark")
    assert (lfso.held, lfso.minimum, lfso.below_minimum) == (1, 4, True)
    assert any(t.case.number == 90 and t.days == 42 for t in report.decision_times)
    (own,) = [o for o in report.anchoring if o.round.title == "Tilslutning til utskrivningsrutinen"]
    assert (own.municipalities_joined, own.municipalities_total) == (12, 18)
    assert own.two_thirds_met and not own.all_met
    assert {s.body.short_name for s in report.subcommittees} == {"AG 17/2021"}


def test_the_story_when_loaded_shows_tana_and_the_two_thirds(finnmark):
    if not Case.objects.filter(partnership=finnmark, year=2020, number=28).exists():
        pytest.skip("The case story of 2020 is not in the demo")
    report = build_annual_report(finnmark, 2020, today=TODAY)
    (story,) = report.anchoring
    counts = {c.label: c.count for c in story.counts}
    assert counts["Tiltrådt med forbehold"] == 1 and counts["Ikke svart"] == 4
    row = next(s for s in report.subcommittees if s.body.short_name == "AG 3/2020")
    assert row.appointing_case.number == 3
    assert row.report_case.number == 28


def test_a_composition_breach_appears_in_the_report(finnmark):
    su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
    gp = su.memberships.current(date(2021, 12, 31)).get(seat="gp")
    gp.person.is_practising_gp = False
    gp.person.save()
    report = build_annual_report(finnmark, 2021, today=TODAY)
    assert [b.rule for b in report.breaches] == ["gp_not_practising"]


# -- pages -----------------------------------------------------------------------------------------------

@pytest.fixture
def secretary(finnmark):
    user = UserFactory(username="rapport-sekretar")
    assign_perm("bodies.manage_partnership", user, finnmark)
    return user


def url(name, year=2021):
    return reverse(f"reports:{name}", kwargs={"slug": "finnmark", "year": year})


def test_the_page_shows_the_figures_with_charts(client, secretary, django_assert_max_num_queries):
    client.force_login(secretary)
    with django_assert_max_num_queries(60):
        response = client.get(url("annual_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Årlig melding 2021 – Helsefellesskap Finnmark" in html
    assert "LFSO Øst-Finnmark" in html and "under minimum" in html
    assert "Tilslutning til utskrivningsrutinen" in html and "12 av 18 kommuner" in html
    assert "<svg" in html and "<script" not in html.split("<main", 1)[1]


def test_the_pdf_and_csv(client, secretary):
    client.force_login(secretary)
    pdf = client.get(url("annual_report_pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    response = client.get(url("annual_report_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["del", "element", "mål", "verdi"]
    assert ["Møter", "LFSO Øst-Finnmark", "avholdt", "1"] in rows
    assert ["Tid fra melding til vedtak", "Sak 90/2021 Felles rutine for utskrivning", "dager", "42"] in rows


def test_anonymous_users_are_sent_to_login_and_others_refused(client, finnmark, outsider):
    response = client.get(url("annual_report"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(outsider)
    for name in ("annual_report", "annual_report_pdf", "annual_report_csv"):
        assert client.get(url(name)).status_code == 403
    assert client.post(url("annual_report")).status_code == 405


def test_a_future_year_is_not_found(client, secretary):
    client.force_login(secretary)
    assert client.get(url("annual_report", year=timezone.localdate().year + 1)).status_code == 404
    assert client.get(reverse("reports:report_latest", kwargs={"slug": "finnmark"})).status_code == 302


def test_the_story_when_loaded_has_su_mandate_in_force_and_statutes_under_work(finnmark):
    from bodies.models import GovernanceDocument

    if not Case.objects.filter(partnership=finnmark, year=2020, number=28).exists():
        pytest.skip("The case story of 2020 is not in the demo")
    mandate = GovernanceDocument.objects.get(partnership=finnmark, kind="mandate")
    assert mandate.version_in_force(date(2020, 1, 1)) is None
    version = mandate.version_in_force(date(2021, 1, 1))
    assert version.adoption.decision.handling.case.number == 28
    statutes = GovernanceDocument.objects.get(partnership=finnmark, kind="statutes")
    assert statutes.revision.case.number == 17 and not statutes.versions.exists()
