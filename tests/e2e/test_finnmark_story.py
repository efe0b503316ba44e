"""The Finnmark story in a real browser: report, register, discuss, decide with a reservation, minutes, anchoring.

One class, one step per test method, in order, on one browser page and one committed demo (`story_site`):
a failure names the step that broke, and the steps after it are skipped.
"""
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone

from bodies.models import Body, Party
from cases.models import AnchoringAnswer, AnchoringRound, Case
from meetings import reminders
from members.models import Membership
from tests.conftest import load_demo

from .conftest import axe_violations, screenshot

# django_db: the steps read what the live server committed; the story's own data is flushed after the class.
pytestmark = [pytest.mark.browser, pytest.mark.story, pytest.mark.django_db]

TITLE = "Helsefellesskap – sammen for pasientene"


def local_input(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def assert_accessible(page, name):
    violations = axe_violations(page)
    assert violations == [], f"{name}: {violations}"


def plan_meeting(page, live_server, *, body, starts_at, chair=None):
    page.goto(f"{live_server.url}/moter/finnmark/planlegg/")
    page.select_option("#id_body", str(body.pk))
    page.fill("#id_starts_at", local_input(starts_at))
    page.fill("#id_place", "Teams")
    if chair is not None:
        page.select_option("#id_chair", str(chair.pk))
    page.get_by_role("button", name="Planlegg møtet").click()
    page.wait_for_url(re.compile(r"/moter/mote/\d+/$"))
    return int(re.search(r"/mote/(\d+)/", page.url).group(1))


def put_on_agenda_and_send_notice(page, live_server, meeting_pk, case, purpose):
    page.goto(f"{live_server.url}/moter/mote/{meeting_pk}/saksliste/")
    page.select_option("#id_case-case", str(case.pk))
    page.select_option("#id_case-purpose", purpose)
    page.get_by_role("button", name="Sett opp saken").click()
    page.get_by_text("er satt opp").wait_for()
    page.select_option("#id_standing-kind", "approve_notice")
    page.get_by_role("button", name="Legg til").click()
    page.get_by_text("er satt opp").wait_for()
    # New items go last; move the standing item to the top.
    page.get_by_role("button", name=re.compile(r"^Flytt opp\s*: Godkjenning av innkalling")).click()
    page.get_by_text("Sakslisten er omordnet.").wait_for()
    page.goto(f"{live_server.url}/moter/mote/{meeting_pk}/")
    page.get_by_role("button", name="Send innkalling").click()
    page.get_by_text("Innkallingen er sendt.").wait_for()


def record_attendance(page, live_server, meeting_pk, memberships):
    """The whole attendance in one form: those given present, everyone else proposed present marked absent."""
    page.goto(f"{live_server.url}/moter/mote/{meeting_pk}/oppmote/")
    present = {f"id_status_{m.pk}" for m in memberships}
    for select in page.locator("select[name^=status_]").all():
        if select.get_attribute("id") in present:
            select.select_option("present")
        elif select.input_value() == "present":
            select.select_option("absent")
    page.get_by_role("button", name="Lagre oppmøtet").click()
    page.get_by_text("Oppmøtet er registrert").wait_for()


@pytest.fixture(scope="class")
def story(story_site, story_page):
    """The demo committed, the bodies the story uses, and what the steps hand on to each other."""
    load_demo()
    fm_bodies = Body.objects.filter(partnership__slug="finnmark")
    return SimpleNamespace(
        page=story_page, live_server=story_site, url=story_site.url, now=timezone.now(),
        secretariat=fm_bodies.get(kind__is_secretariat=True), su=fm_bodies.get(kind__slug="strategisk-samarbeidsutvalg"),
    )


class TestFinnmarkStory:
    def test_01_the_secretariat_logs_in_and_sees_its_dashboard(self, story):
        page = story.page
        page.goto(f"{story.url}/logg-inn/?next=/sekretariat/")
        page.fill("#id_username", "sekretariat")
        page.fill("#id_password", "demo")
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(re.compile(r"/sekretariat/finnmark/$"))
        page.get_by_role("heading", name="Oversikt for sekretariatet").wait_for()
        screenshot(page, "01-oversikt")
        assert_accessible(page, "oversikt")

    def test_02_report_the_case_on_the_template(self, story):
        page = story.page
        page.get_by_role("link", name="Meld en sak").first.click()
        page.fill("#id_title", TITLE)
        page.select_option("#id_case_type", "decision")
        page.fill("#id_background", "Arbeidsgruppen oppnevnt i sak 3/2020 har levert rapporten «Helsefelleskap – sammen for pasientene».")
        page.fill("#id_proposed_decision", "OSO slutter seg til modellen for helsefellesskap.\nSaken sendes kommunestyrene og styret i Finnmarkssykehuset HF.")
        screenshot(page, "02-meld-sak")
        assert_accessible(page, "meld sak")
        page.get_by_role("button", name="Meld saken").click()
        page.get_by_text("er meldt").wait_for()
        story.case = Case.objects.get(title=TITLE)
        assert f"/saker/sak/{story.case.pk}/" in page.url

    def test_03_register_the_case_and_route_it_to_su(self, story):
        page, case = story.page, story.case
        page.get_by_role("link", name="Registrer og rut").click()
        page.select_option("#id_body", str(story.su.pk))
        page.get_by_role("button", name="Registrer saken").click()
        page.get_by_text("Saken er registrert som Sak").wait_for()
        case.refresh_from_db()
        assert case.body == story.su and case.number is not None

    def test_04_discuss_it_in_a_secretariat_meeting(self, story):
        page = story.page
        sec_meeting = plan_meeting(page, story.live_server, body=story.secretariat, starts_at=story.now - timedelta(days=2))
        put_on_agenda_and_send_notice(page, story.live_server, sec_meeting, story.case, "discussion")
        page.get_by_role("link", name=re.compile(re.escape(TITLE))).first.click()
        page.fill("#id_discussion-note", "Kommunene og helseforetaket drøftet modellen; saken går til beslutning i SU.")
        page.get_by_role("button", name="Registrer drøftingen").click()
        page.get_by_text("Behandlingen er registrert.").wait_for()
        # Who met is recorded before the meeting is marked held.
        day = timezone.localdate(story.now - timedelta(days=2))
        present = Membership.objects.current(day).filter(body=story.secretariat).select_related("person").order_by("pk")[:2]
        record_attendance(page, story.live_server, sec_meeting, present)
        page.goto(f"{story.url}/moter/mote/{sec_meeting}/")
        page.get_by_role("button", name="Registrer møtet som avholdt").click()
        page.get_by_text("Møtet er registrert som avholdt.").wait_for()

    def test_05_plan_the_su_meeting_and_register_attendance(self, story):
        page = story.page
        day = timezone.localdate(story.now - timedelta(days=1))
        current = Membership.objects.current(day).filter(body=story.su).select_related("person")
        story.chair = chair = current.get(role=Membership.Role.CHAIR)
        fixed = list(current.fixed().exclude(pk=chair.pk).order_by("side", "pk"))
        story.other_side = [m for m in fixed if m.side != chair.side]
        same_side = [m for m in fixed if m.side == chair.side]
        story.present = [chair] + same_side[:3] + story.other_side[:4]
        story.su_meeting = su_meeting = plan_meeting(page, story.live_server, body=story.su, starts_at=story.now - timedelta(days=1),
                                                     chair=chair)
        put_on_agenda_and_send_notice(page, story.live_server, su_meeting, story.case, "decision")
        page.goto(f"{story.url}/moter/mote/{su_meeting}/")
        screenshot(page, "03-mote")
        assert_accessible(page, "møteside")
        page.goto(f"{story.url}/moter/mote/{su_meeting}/saksliste/")
        screenshot(page, "04-saksliste")
        assert_accessible(page, "sakslistebygger")

        record_attendance(page, story.live_server, su_meeting, story.present)

    def test_06_decide_at_consensus_with_a_reservation(self, story):
        page = story.page
        page.goto(f"{story.url}/moter/mote/{story.su_meeting}/")
        page.get_by_role("link", name=re.compile(re.escape(TITLE))).first.click()
        reservation_holder = story.other_side[0]
        for membership in story.present:
            if membership == reservation_holder:
                page.select_option(f"#id_stance_{membership.pk}", "reservation")
                page.fill(f"#id_reservation_{membership.pk}", "Forutsetter at minst to tredjedeler av kommunene slutter seg til.")
            else:
                page.select_option(f"#id_stance_{membership.pk}", "agree")
        page.get_by_role("button", name="Lagre standpunktene").click()
        page.get_by_text(f"{len(story.present)} standpunkter er registrert.").wait_for()
        page.get_by_text("Konsensus er nådd").wait_for()
        screenshot(page, "05-behandling")
        assert_accessible(page, "behandling av saken i møtet")
        page.get_by_role("button", name="Fatt vedtak").click()
        page.get_by_text("Vedtatt ved konsensus.").wait_for()

    def test_07_approve_download_and_publish_the_minutes(self, story):
        # The meeting is held; the chair and one member from the other side approve.
        page = story.page
        page.goto(f"{story.url}/moter/mote/{story.su_meeting}/")
        page.get_by_role("button", name="Registrer møtet som avholdt").click()
        page.get_by_text("Møtet er registrert som avholdt.").wait_for()
        page.check(f"input[name=approvers][value='{story.chair.person_id}']")
        page.check(f"input[name=approvers][value='{story.other_side[1].person_id}']")
        page.get_by_role("button", name="Godkjenn protokollen").click()
        page.get_by_text("Protokollen er godkjent.").wait_for()
        with page.expect_download() as download:
            page.get_by_role("link", name="Protokoll (PDF)").click()
        with open(download.value.path(), "rb") as handle:
            assert handle.read(5) == b"%PDF-"
        page.get_by_role("button", name="Publiser protokollen").click()
        page.get_by_text("Protokollen er publisert.").wait_for()

    def test_08_the_case_page_shows_the_path_and_the_decision(self, story):
        page = story.page
        page.goto(f"{story.url}/saker/sak/{story.case.pk}/")
        page.get_by_role("heading", name="Saksgang").wait_for()
        assert page.get_by_text("Forutsetter at minst to tredjedeler").count() >= 1
        screenshot(page, "06-sak")
        assert_accessible(page, "saksside")

    def test_09_anchoring_until_two_thirds_have_joined_and_tana_counts(self, story):
        page = story.page
        page.get_by_role("link", name="Send til tilslutning").click()
        page.fill("#id_deadline", (timezone.localdate() + timedelta(days=60)).isoformat())
        page.get_by_role("button", name="Start tilslutningsrunden").click()
        page.get_by_text("Tilslutningsrunden er startet.").wait_for()
        round_url = page.url
        municipalities = list(Party.objects.filter(partnership__slug="finnmark", kind=Party.Kind.MUNICIPALITY).order_by("name"))
        tana = next(p for p in municipalities if p.name.startswith("Tana"))
        # Tana's condition holds once two thirds have joined without counting Tana itself: twelve others.
        joining = [p for p in municipalities if p != tana][:12]
        for n, party in enumerate([tana] + joining, start=1):
            page.goto(round_url)
            page.get_by_role("link", name=f"Registrer svar fra {party.name}").click()
            if party == tana:
                page.select_option("#id_response", "reservation")
                page.fill("#id_reservation", "Tana slutter seg til under forutsetning av at minst to tredjedeler av kommunene også slutter seg til.")
                page.select_option("#id_condition", "share")
                page.fill("#id_condition_value", "0,6667")
                page.fill("#id_local_reference", "PS 5/2021")
            else:
                page.select_option("#id_response", "joined")
                page.fill("#id_local_reference", f"PS {n}/2021")
            page.get_by_role("button", name="Registrer svaret").click()
            page.get_by_text(f"Svaret fra {party.name} er registrert.").wait_for()
        tally = page.locator("dl.facts")
        assert "13 av 18" in tally.inner_text()
        two_thirds = page.locator("dt", has_text="To tredjedeler av kommunene").locator("xpath=following-sibling::dd[1]")
        assert two_thirds.inner_text().strip() == "Nådd"
        tana_condition = page.locator("dt", has_text="Forbehold fra Tana").locator("xpath=following-sibling::dd[1]")
        assert "Oppfylt" in tana_condition.inner_text()
        screenshot(page, "07-tilslutning")
        assert_accessible(page, "tilslutningsrunde")
        # Two weeks before the deadline the morning's reminders (the scheduler's daily task) go to the parties that
        # have not answered, and the secretariat's overview lists each of them.
        anchoring_round = AnchoringRound.objects.get(case=story.case)
        waiting = [a.party.name for a in anchoring_round.answers.filter(response=AnchoringAnswer.Response.NOT_ANSWERED)]
        assert {p.name for p in municipalities if p != tana and p not in joining} <= set(waiting)
        mail.outbox.clear()
        assert reminders.send_reminders(on=anchoring_round.deadline - timedelta(days=14)) > 0
        overview = [m for m in mail.outbox if str(anchoring_round) in m.body and all(name in m.body for name in waiting)]
        assert overview, [m.subject for m in mail.outbox]

    def test_10_phone_width_without_sideways_scrolling(self, story):
        page = story.page
        page.set_viewport_size({"width": 390, "height": 844})
        for url, name in ((f"{story.url}/sekretariat/finnmark/", "08-oversikt-mobil"),
                          (f"{story.url}/saker/sak/{story.case.pk}/", "09-sak-mobil")):
            page.goto(url)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
            screenshot(page, name)
