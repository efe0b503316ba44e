"""The secretariat's structure work in a real browser, as the demo's `sekretariat` (not staff): appoint a member
with a personal deputy, adopt a new version of the statutes, appoint a sub-committee. axe-core on each new page;
the list pages reflow at phone width (390 px) without a horizontal scroll."""
import re

import pytest

from bodies.models import Body, GovernanceDocument
from cases.models import Case, Decision
from members.models import Membership, Person

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = """() => {
  const page = document.documentElement.scrollWidth <= window.innerWidth;
  const tables = [...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth + 1);
  return page && tables;
}"""


def assert_accessible(page, name):
    violations = axe_violations(page)
    assert violations == [], f"{name}: {violations}"


def test_the_secretariat_does_its_structure_work_without_the_admin(live_server, demo_committed, page):
    finnmark = demo_committed["finnmark"]
    su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
    newcomer = Person.objects.filter(employer__partnership=finnmark).exclude(memberships__body=su).order_by("pk").first()
    statutes_case = Case.objects.get(partnership=finnmark, body=su, year=2021, number=17)
    decision = Decision.objects.filter(handling__case=statutes_case).order_by("-decided_at", "-version").first()
    statutes = GovernanceDocument.objects.get(partnership=finnmark, kind="statutes")
    url = live_server.url

    page.goto(f"{url}/logg-inn/?next=/sekretariat/")
    page.fill("#id_username", "sekretariat")
    page.fill("#id_password", "demo")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/sekretariat/finnmark/$"))
    assert page.locator("a[href^='/admin']").count() == 0

    # Appoint a member of SU with a new person as personal deputy; the term's end comes from SU's rule.
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Organer").click()
    page.get_by_role("link", name="Strategisk samarbeidsutvalg", exact=True).click()
    assert_accessible(page, "organ")
    page.get_by_role("link", name="Oppnevn medlem").click()
    assert_accessible(page, "oppnevn medlem")
    page.select_option("#id_person", str(newcomer.pk))
    page.select_option("#id_role", "member")
    page.select_option("#id_side", "municipal")
    page.fill("#id_deputy_first_name", "Inga")
    page.fill("#id_deputy_last_name", "Gaup")
    screenshot(page, "struktur-oppnevn-medlem")
    page.get_by_role("button", name="Oppnevn", exact=True).click()
    page.get_by_text("er oppnevnt").wait_for()
    membership = Membership.objects.get(body=su, person=newcomer)
    assert membership.personal_deputy.person.full_name == "Inga Gaup"
    assert membership.term_end is not None
    page.get_by_role("cell", name="Inga Gaup").first.wait_for()

    # Adopt a new version of the statutes from the decision of case 17/2021.
    page.goto(f"{url}/styring/finnmark/dokumenter/")
    assert_accessible(page, "styringsdokumenter")
    page.get_by_role("link", name=statutes.title).click()
    assert_accessible(page, "dokument")
    page.get_by_role("link", name="Registrer ny vedtatt versjon").click()
    assert_accessible(page, "ny versjon")
    page.select_option("#id_adopted_by", str(decision.pk))
    page.fill("#id_valid_from", "2021-10-01")
    page.fill("#id_text", "§ 1 Helsefellesskap Finnmark er et samarbeid mellom Finnmarkssykehuset HF og kommunene i Finnmark.")
    page.fill("#id_change_note", "Første vedtekter.")
    page.get_by_role("button", name="Registrer versjonen").click()
    page.get_by_text("Versjon 1 av").wait_for()
    page.get_by_role("heading", name="Versjonshistorikk").wait_for()
    assert statutes.versions.get().adoption.decision == decision
    screenshot(page, "struktur-vedtekter")

    # Appoint a working group by SU's decision.
    page.goto(f"{url}/styring/finnmark/utvalg/")
    assert_accessible(page, "utvalg")
    page.get_by_role("link", name="Oppnevn utvalg").click()
    assert_accessible(page, "oppnevn utvalg")
    page.select_option("#id_kind", label="Arbeidsgruppe")
    page.fill("#id_name", "Arbeidsgruppe for felles avviksrutine")
    page.select_option("#id_appointed_by", str(su.pk))
    page.select_option("#id_appointing_decision", str(decision.pk))
    page.fill("#id_mandate", "Foreslå en felles rutine for avviksmeldinger mellom foretaket og kommunene.")
    page.fill("#id_deadline", "2030-06-30")
    page.get_by_role("button", name="Oppnevn utvalget").click()
    page.get_by_text("er oppnevnt").wait_for()
    group = Body.objects.get(partnership=finnmark, name="Arbeidsgruppe for felles avviksrutine")
    assert group.appointment.decision == decision and group.reports_to == su

    # The list pages reflow at phone width: no sideways scrolling, tables included.
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/organer/finnmark/", f"/organer/organ/{su.pk}/", "/personer/finnmark/", "/styring/finnmark/utvalg/",
                 "/styring/finnmark/dokumenter/"):
        page.goto(f"{url}{path}")
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{path} scrolls sideways at 390 px"
    screenshot(page, "struktur-utvalg-390")
