"""The dashboard and the case list: what the secretariat looks for, filters, search, and bounded queries."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from members.models import Membership
from tests.factories import MembershipFactory, MeetingFactory, PriorityGroupFactory


def test_the_dashboard_lists_what_waits(staff_client, partnership, su, reported_case, staff, secretariat_body, parties):
    decided_case = case_services.case_report(partnership=partnership, title="Frist passert", case_type="information", by=staff)
    case_services.case_register(case=decided_case, body=su, by=staff)
    MeetingFactory(body=su, starts_at=timezone.now() + timedelta(days=7))
    MembershipFactory(body=su, term_end=timezone.localdate() + timedelta(days=30), person__first_name="Snart", person__last_name="Ferdig")
    response = staff_client.get(reverse("dashboard", kwargs={"slug": partnership.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Felles pasientforløp for skrøpelige eldre" in html  # reported, waiting for registration
    assert "Innkalling ikke sendt" in html  # SU's next meeting
    assert "Snart Ferdig" in html  # term ends within three months
    assert "Strategisk samarbeidsutvalg</a>: 1 av minst 4 møter" in html


def test_the_dashboard_shows_overdue_tasks(staff_client, partnership, registered_case, staff):
    from cases.models import FollowUpTask

    # A task made before its deadline passed (services refuse a deadline in the past).
    FollowUpTask.objects.create(case=registered_case, title="Oppnevne representanter", deadline=timezone.localdate() - timedelta(days=3))
    html = staff_client.get(reverse("dashboard", kwargs={"slug": partnership.slug})).content.decode()
    assert "Oppnevne representanter" in html


def test_the_dashboard_tallies_the_rounds_some_party_has_not_answered(staff_client, partnership, registered_case, parties):
    from cases.models import AnchoringAnswer
    from tests.factories import AnchoringAnswerFactory, AnchoringRoundFactory

    Response = AnchoringAnswer.Response
    open_round = AnchoringRoundFactory(case=registered_case, title="Tilslutning til legevaktplanen")
    for party, response in (("hf", Response.JOINED), ("a", Response.JOINED), ("b", Response.NOT_ANSWERED)):
        AnchoringAnswerFactory(round=open_round, party=parties[party], response=response)
    answered = AnchoringRoundFactory(case=registered_case, title="Tilslutning til avtalen")
    AnchoringAnswerFactory(round=answered, party=parties["a"], response=Response.JOINED)
    elsewhere = AnchoringAnswerFactory(response=Response.NOT_ANSWERED)  # a round of another partnership
    html = staff_client.get(reverse("dashboard", kwargs={"slug": partnership.slug})).content.decode()
    panel = html.split('id="h-anchoring"')[1].split("</section>")[0]
    assert '<span class="count">1</span>' in panel
    assert "Tilslutning til legevaktplanen" in panel and "1 av 2 kommuner har sluttet seg til" in panel
    assert "Ikke svart: Beta kommune" in panel
    assert "Tilslutning til avtalen" not in panel and elsewhere.round.title not in panel


def test_the_dashboard_runs_a_bounded_number_of_queries(staff_client, partnership, su, staff, django_assert_max_num_queries):
    for n in range(15):
        case_services.case_report(partnership=partnership, title=f"Sak nummer {n}", case_type="decision", by=staff)
        MeetingFactory(body=su, starts_at=timezone.now() + timedelta(days=n + 1))
    with django_assert_max_num_queries(20):
        response = staff_client.get(reverse("dashboard", kwargs={"slug": partnership.slug}))
    assert response.content.decode().count("Sak nummer") == 15


@pytest.fixture
def many_cases(partnership, su, secretariat_body, staff, parties):
    group = PriorityGroupFactory(name="Skrøpelige eldre", slug="skropelige-eldre")
    cases = []
    for n in range(12):
        case = case_services.case_report(
            partnership=partnership, title=f"Legevakt {n}" if n % 2 else f"Rehabilitering {n}", case_type="decision", by=staff,
            on_behalf_of=parties["a"] if n == 3 else None, subject="Samarbeid om kommunal akutt døgnenhet" if n == 5 else "",
            priority_groups=[group] if n == 7 else None,
        )
        if n < 6:
            case = case_services.case_register(case=case, body=su if n % 2 else secretariat_body, by=staff)
        cases.append(case)
    return cases, group


def titles(response):
    """The titles in the case table, each checked to be shown on the page."""
    shown = {row["title"] for row in response.context["page"]}
    assert all(title in response.content.decode() for title in shown)
    return shown


def test_the_case_list_filters(staff_client, partnership, su, many_cases, parties):
    cases, group = many_cases
    url = reverse("cases:case_list", kwargs={"slug": partnership.slug})
    assert len(titles(staff_client.get(url))) == 12
    assert titles(staff_client.get(url, {"body": su.pk})) == {"Legevakt 1", "Legevakt 3", "Legevakt 5"}
    assert titles(staff_client.get(url, {"status": "reported"})) == {c.title for c in cases[6:]}
    assert titles(staff_client.get(url, {"priority_group": group.pk})) == {"Legevakt 7"}
    assert titles(staff_client.get(url, {"party": parties["a"].pk})) == {"Legevakt 3"}
    assert titles(staff_client.get(url, {"year": timezone.localdate().year, "body": su.pk})) == {"Legevakt 1", "Legevakt 3", "Legevakt 5"}


def test_the_case_list_searches_cases_and_template_text(staff_client, partnership, many_cases):
    url = reverse("cases:case_list", kwargs={"slug": partnership.slug})
    assert titles(staff_client.get(url, {"q": "døgnenhet"})) == {"Legevakt 5"}
    assert titles(staff_client.get(url, {"q": "rehabilitering"})) == {f"Rehabilitering {n}" for n in range(0, 12, 2)}


def test_the_case_list_shows_a_bad_filter_next_to_the_field(staff_client, partnership):
    response = staff_client.get(reverse("cases:case_list", kwargs={"slug": partnership.slug}), {"year": "abc"})
    assert response.status_code == 200
    assert 'id="id_year_error"' in response.content.decode()


def test_the_case_list_runs_a_bounded_number_of_queries(staff_client, partnership, many_cases, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("cases:case_list", kwargs={"slug": partnership.slug}), {"q": "Legevakt"})
    assert len(response.context["page"]) == 6


def test_the_body_list_and_person_list_run_bounded_queries(staff_client, partnership, su, su_members, django_assert_max_num_queries):
    for _ in range(10):
        MembershipFactory(body=su)
    with django_assert_max_num_queries(10):
        assert staff_client.get(reverse("bodies:body_list", kwargs={"slug": partnership.slug})).status_code == 200
    with django_assert_max_num_queries(10):
        response = staff_client.get(reverse("members:person_list", kwargs={"slug": partnership.slug}))
    assert Membership.objects.filter(body=su).count() == 12


def test_the_case_list_filters_offer_a_body_added_after_they_were_shown(staff_client, partnership, su):
    """The filter choices are kept between requests, and a new or renamed body is offered at once."""
    from bodies.models import Body

    url = reverse("cases:case_list", kwargs={"slug": partnership.slug})
    assert "Nytt arbeidsutvalg" not in staff_client.get(url).content.decode()
    body = Body.objects.create(partnership=partnership, kind=su.kind, name="Nytt arbeidsutvalg", level=su.level)
    assert "Nytt arbeidsutvalg" in staff_client.get(url).content.decode()
    body.name = "Omdøpt arbeidsutvalg"
    body.save()
    page = staff_client.get(url).content.decode()
    assert "Omdøpt arbeidsutvalg" in page and "Nytt arbeidsutvalg" not in page
    response = staff_client.get(url, {"body": body.pk})
    assert response.status_code == 200 and response.context["form"].is_valid()
