"""A secretariat's meeting in the browser, fast: plan the year, the whole attendance in one form, every position in
one form, the decision, the minutes approved at the next meeting, and the case closed. axe-core on each new page,
and the list pages without sideways scrolling at phone width (390 px)."""
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bodies.models import Body
from cases import services as case_services
from cases.models import Case, Position
from meetings import services as meeting_services
from meetings.models import Attendance, Meeting, Minutes
from members.models import Membership
from tests.conftest import load_demo

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.story, pytest.mark.django_db]

TITLE = "Felles rutine for utskrivning av skrøpelige eldre"


def assert_accessible(page, name):
    violations = axe_violations(page)
    assert violations == [], f"{name}: {violations}"


def assert_no_sideways_scroll(page, url, name):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture(scope="class")
def scene(story_site, story_page):
    """The demo committed, with a case discussed in the secretariat and two SU meetings: the one that decides it (notice
    sent, not held yet) and the next one, held, where its minutes are approved."""
    load_demo()
    bodies = Body.objects.filter(partnership__slug="finnmark")
    secretariat = bodies.get(kind__is_secretariat=True)
    su = bodies.get(kind__slug="strategisk-samarbeidsutvalg")
    now = timezone.now().replace(second=0, microsecond=0)
    case = case_services.case_report(partnership=su.partnership, title=TITLE, case_type="decision", by=None,
                                     proposed_decision="SU vedtar rutinen.")
    case = case_services.case_register(case=case, body=su, by=None)
    discussion = meeting_services.meeting_plan(body=secretariat, starts_at=now - timedelta(days=10), by=None)
    item = meeting_services.agenda_add_case(meeting=discussion, case=case, purpose="discussion", by=None)
    meeting_services.item_record_discussion(handling=item.handling, by=None, note="Drøftet i sekretariatet.")

    day = timezone.localdate(now - timedelta(days=3))
    chair = Membership.objects.current(day).filter(body=su, role=Membership.Role.CHAIR).first()
    deciding = meeting_services.meeting_plan(body=su, starts_at=now - timedelta(days=3), chair=chair, by=None, title="SU-møtet")
    decision_item = meeting_services.agenda_add_case(meeting=deciding, case=case, purpose="decision", by=None)
    meeting_services.agenda_add_standing(meeting=deciding, kind="any_other_business", by=None)
    meeting_services.notice_send(meeting=deciding, by=None)

    following = meeting_services.meeting_plan(body=su, starts_at=now - timedelta(days=1), chair=chair, by=None, title="Neste SU-møte")
    meeting_services.agenda_add_standing(meeting=following, kind="approve_minutes", by=None)
    meeting_services.notice_send(meeting=following, by=None)
    meeting_services.attendance_record(meeting=following, membership=chair, status="present", by=None)
    meeting_services.meeting_mark_held(meeting=following, by=None)
    return SimpleNamespace(page=story_page, url=story_site.url, su=su, case=case, chair=chair, deciding=deciding,
                           item=decision_item, following=following, year=timezone.localdate().year + 1)


class TestStepsAndFastEntryStory:
    def test_01_log_in_and_plan_next_year(self, scene):
        page = scene.page
        page.goto(f"{scene.url}/logg-inn/?next=/sekretariat/")
        page.fill("#id_username", "sekretariat")
        page.fill("#id_password", "demo")
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(re.compile(r"/sekretariat/finnmark/$"))
        url = f"{scene.url}/moter/finnmark/arshjul/{scene.year}/"
        before = Meeting.objects.filter(body=scene.su, starts_at__year=scene.year).count()
        page.goto(url)
        page.fill(f"#id_dates_{scene.su.pk}", f"10.03.{scene.year}\n09.06.{scene.year}\n15.09.{scene.year}\n01.12.{scene.year}")
        page.get_by_role("button", name="Planlegg møtene").click()
        page.get_by_text("4 møter er planlagt.").wait_for()
        assert Meeting.objects.filter(body=scene.su, starts_at__year=scene.year).count() == before + 4
        screenshot(page, "20-arshjul")
        assert_accessible(page, "årshjul")
        assert_no_sideways_scroll(page, url, "årshjul")
        assert_no_sideways_scroll(page, f"{scene.url}/moter/finnmark/", "møteliste")

    def test_02_the_whole_attendance_in_one_form(self, scene):
        page = scene.page
        url = f"{scene.url}/moter/mote/{scene.deciding.pk}/oppmote/"
        page.goto(url)
        absent = Membership.objects.current(timezone.localdate(scene.deciding.starts_at)).filter(
            body=scene.su, role=Membership.Role.MEMBER).exclude(pk=scene.chair.pk).order_by("pk").first()
        aob = scene.deciding.items.get(kind="any_other_business")
        # Everyone called is already proposed present: only the exceptions are changed.
        page.select_option(f"#id_status_{absent.pk}", "absent")
        page.select_option(f"#id_left_at_item_{scene.chair.pk}", str(aob.pk))
        page.get_by_role("button", name="Lagre oppmøtet").click()
        page.get_by_text("Oppmøtet er registrert").wait_for()
        assert page.evaluate("document.activeElement.id") == "lagre-oppmote"
        attendances = {a.membership_id: a for a in Attendance.objects.filter(meeting=scene.deciding)}
        assert attendances[absent.pk].status == Attendance.Status.ABSENT
        assert attendances[scene.chair.pk].status == Attendance.Status.PRESENT and attendances[scene.chair.pk].left_at_item_id == aob.pk
        assert sum(a.status == Attendance.Status.PRESENT for a in attendances.values()) > 5
        screenshot(page, "21-oppmote")
        assert_accessible(page, "oppmøte")
        assert_no_sideways_scroll(page, url, "oppmøte")

    def test_03_every_position_in_one_form_then_the_decision(self, scene):
        page = scene.page
        page.goto(f"{scene.url}/moter/punkt/{scene.item.pk}/")
        present = Attendance.objects.filter(meeting=scene.deciding, status=Attendance.Status.PRESENT).select_related("membership")
        voting = [a.membership for a in present if a.rights().vote]
        for membership in voting:
            page.select_option(f"#id_stance_{membership.pk}", "agree")
        page.get_by_role("button", name="Lagre standpunktene").click()
        page.get_by_text(f"{len(voting)} standpunkter er registrert.").wait_for()
        # Every voting member has a position: the keyboard focus is on the decision, the next step.
        assert page.evaluate("document.activeElement.name") == "decision-points"
        assert Position.objects.filter(handling=scene.item.handling).count() == len(voting)
        screenshot(page, "22-standpunkter")
        assert_accessible(page, "standpunkter")
        page.get_by_role("button", name="Fatt vedtak").click()
        page.get_by_text("Vedtatt ved konsensus.").wait_for()

    def test_04_minutes_approved_at_the_next_meeting(self, scene):
        page = scene.page
        page.goto(f"{scene.url}/moter/mote/{scene.deciding.pk}/")
        page.get_by_role("button", name="Registrer møtet som avholdt").click()
        page.get_by_text("Møtet er registrert som avholdt.").wait_for()
        page.get_by_role("link", name="Protokollen ble godkjent i neste møte").click()
        assert_accessible(page, "godkjent i neste møte")
        page.select_option("#id_approved_at_meeting", str(scene.following.pk))
        page.get_by_role("button", name="Registrer godkjenningen").click()
        page.get_by_text("Protokollen er registrert som godkjent i møtet").wait_for()
        minutes = Minutes.objects.get(meeting=scene.deciding)
        assert minutes.approved_at_next_meeting and minutes.approved_at_meeting_id == scene.following.pk

    def test_05_close_the_case(self, scene):
        page = scene.page
        page.goto(f"{scene.url}/saker/sak/{scene.case.pk}/")
        page.get_by_role("link", name="Avslutt saken").click()
        assert_accessible(page, "avslutt saken")
        page.fill("#id_reason", "Rutinen er tatt i bruk.")
        page.get_by_role("button", name="Avslutt saken").click()
        page.get_by_text("Saken er avsluttet.").wait_for()
        assert Case.objects.get(pk=scene.case.pk).status == Case.Status.CLOSED
