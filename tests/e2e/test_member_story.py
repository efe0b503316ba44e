"""Members and the public take part, in a real browser: an anonymous visitor finds the decision on 28/2020 with
Tana's reservation from «/» in two clicks; `medlem` lands on the member home, reads the next agenda and a
document, comments on the draft minutes; the chair and the vice chair approve the minutes in the app, which are
approved only with the second approval; `observator` is offered no action it may not take. axe-core checks the
public front page, a public meeting, a public case, the public search, the member home and the member meeting page.
"""
import re
from types import SimpleNamespace

import pytest

from cases.models import Case
from demo.story import TANA_RESERVATION
from meetings.models import Meeting, MinutesComment
from tests.conftest import load_demo
from tests.member_scene import AGENDA_CASE, DOCUMENT_TEXT, DOCUMENT_TITLE, build_member_scene

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.story, pytest.mark.django_db]

COMMENT = "Legevaktsaken ble også tatt opp under eventuelt; det bør stå i protokollen."


def assert_accessible(page, name):
    violations = axe_violations(page)
    assert violations == [], f"{name}: {violations}"


def log_in(story, username):
    page = story.page
    page.context.clear_cookies()
    page.goto(f"{story.url}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


@pytest.fixture(scope="class")
def story(story_site, story_page):
    partnerships = load_demo()
    scene = build_member_scene(partnerships["finnmark"])
    return SimpleNamespace(page=story_page, url=story_site.url, scene=scene,
                           case=Case.objects.get(partnership__slug="finnmark", year=2020, number=28))


class TestMembersAndThePublicTakePartStory:
    def test_01_a_visitor_finds_the_decision_on_28_2020_with_its_reservation_in_two_clicks(self, story):
        page = story.page
        page.goto(f"{story.url}/")
        assert_accessible(page, "forsiden")
        page.get_by_role("link", name="Helsefellesskap Finnmark").first.click()  # click 1
        page.wait_for_url(re.compile(r"/offentlig/finnmark/$"))
        page.get_by_role("link", name="Sak 28/2020 Etablering av Helsefellesskap").first.click()  # click 2
        page.wait_for_url(re.compile(rf"/offentlig/finnmark/saker/{story.case.pk}/$"))
        page.get_by_role("heading", name="Vedtak", exact=True).wait_for()
        assert page.get_by_text("OSO sender vedtaket til kommunene").count() >= 1
        assert page.get_by_text(TANA_RESERVATION).count() == 1
        screenshot(page, "m01-offentlig-sak-28-2020")
        assert_accessible(page, "offentlig sak")

    def test_02_the_public_meeting_and_search_pages_are_accessible(self, story):
        page = story.page
        page.get_by_role("link", name="23. november 2020").first.click()
        page.wait_for_url(re.compile(r"/offentlig/finnmark/moter/\d+/$"))
        page.get_by_role("link", name="Protokoll (PDF)").wait_for()
        assert_accessible(page, "offentlig møte")
        page.get_by_role("link", name="Søk").first.click()
        page.fill("#id_q", "Etablering av Helsefellesskap")
        page.get_by_role("button", name="Søk").click()
        page.wait_for_url(re.compile(r"/sok/\?q="))
        screenshot(page, "m02-offentlig-sok")
        assert_accessible(page, "offentlig søk")

    def test_03_medlem_logs_in_and_lands_on_the_member_home(self, story):
        log_in(story, "medlem")
        page = story.page
        page.wait_for_url(re.compile(r"/mine/$"))
        page.get_by_role("heading", name="Mine sider", exact=True).wait_for()
        page.get_by_role("heading", name="Protokollutkast til gjennomlesing").wait_for()
        screenshot(page, "m03-mine-sider")
        assert_accessible(page, "mine sider")

    def test_04_medlem_reads_the_next_agenda_and_a_document(self, story):
        page, scene = story.page, story.scene
        page.locator(f"a[href='/mine/moter/{scene.next_meeting.pk}/']").first.click()
        page.wait_for_url(re.compile(rf"/mine/moter/{scene.next_meeting.pk}/$"))
        page.get_by_text(AGENDA_CASE).wait_for()
        link = page.get_by_role("link", name=DOCUMENT_TITLE)
        response = page.request.get(f"{story.url}{link.get_attribute('href')}")
        assert response.ok and response.body() == DOCUMENT_TEXT
        assert_accessible(page, "medlemmets møteside")

    def test_05_medlem_comments_on_the_draft_minutes(self, story):
        page, scene = story.page, story.scene
        page.goto(f"{story.url}/mine/")
        page.get_by_role("link", name=re.compile("^Protokollutkast fra SU-møte")).click()
        page.wait_for_url(re.compile(rf"/mine/moter/{scene.held.pk}/$"))
        page.get_by_role("heading", name="Protokollutkast").wait_for()
        assert page.get_by_role("button", name="Godkjenn protokollen").count() == 0
        page.get_by_label("Merknad til protokollutkastet").fill(COMMENT)
        page.get_by_role("button", name="Send merknad").click()
        page.get_by_text("Merknaden er sendt til sekretariatet.").wait_for()
        assert MinutesComment.objects.filter(minutes__meeting=scene.held, person__user__username="medlem", text=COMMENT).exists()
        screenshot(page, "m05-merknad")
        assert_accessible(page, "protokollutkast med merknad")

    def test_06_the_chair_approves_but_the_minutes_wait_for_the_other_side(self, story):
        log_in(story, "leder")
        page, scene = story.page, story.scene
        page.wait_for_url(re.compile(r"/mine/$"))
        page.get_by_role("link", name=re.compile("^Les og godkjenn protokollen")).click()
        page.get_by_role("button", name="Godkjenn protokollen").click()
        page.get_by_text("Din godkjenning er registrert.").wait_for()
        scene.held.refresh_from_db()
        assert scene.held.status == Meeting.Status.HELD and not scene.held.minutes_frozen

    def test_07_the_vice_chair_approves_and_the_minutes_are_approved(self, story):
        log_in(story, "nestleder")
        page, scene = story.page, story.scene
        page.get_by_role("link", name=re.compile("^Les og godkjenn protokollen")).click()
        page.get_by_role("button", name="Godkjenn protokollen").click()
        page.get_by_text("Protokollen er godkjent. Den er låst og publisert.").wait_for()
        scene.held.refresh_from_db()
        assert scene.held.status == Meeting.Status.MINUTES_APPROVED
        page.get_by_role("heading", name="Protokoll (godkjent)").wait_for()
        assert page.get_by_role("button", name="Send merknad").count() == 0

    def test_08_observator_is_offered_no_action_it_may_not_take(self, story):
        log_in(story, "observator")
        page, scene = story.page, story.scene
        page.wait_for_url(re.compile(r"/mine/$"))
        assert page.get_by_role("link", name="Meld en sak til sekretariatet").count() == 0
        assert page.locator("a[href^='/sekretariat/'], a[href^='/admin/']").count() == 0
        for meeting in (scene.held, scene.next_meeting):
            page.goto(f"{story.url}/mine/moter/{meeting.pk}/")
            buttons = {name.strip() for name in page.get_by_role("button").all_inner_texts()}
            assert buttons <= {"Logg ut", "Meld forfall", "Bytt språk"}, buttons
        screenshot(page, "m08-observator")
