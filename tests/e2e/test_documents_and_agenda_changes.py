"""In the browser: the secretariat uploads a document on the case page, sends the notice, postpones an item to a later
meeting and sends the supplementary notice; axe-core finds no serious or critical violation on the new pages."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from guardian.shortcuts import assign_perm
from weasyprint import HTML

from cases import services as case_services
from cases.models import CaseDocument, Purpose
from meetings import services as meeting_services
from meetings.models import AgendaItem, NoticeChange
from tests.factories import BodyFactory, MembershipFactory, PartnershipFactory, SecretariatKindFactory, UserFactory

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "riktig-hest-batteri-stift"


def assert_accessible(page, name):
    violations = axe_violations(page)
    assert violations == [], f"{name}: {violations}"


@pytest.fixture
def scene(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    partnership = PartnershipFactory(name="Helsefellesskap Testmark", slug="testmark")
    secretariat = BodyFactory(partnership=partnership, kind=SecretariatKindFactory(), name="Samhandlingssekretariatet")
    su = BodyFactory(partnership=partnership, name="Strategisk samarbeidsutvalg", short_name="SU", discussion_body=secretariat)
    MembershipFactory(body=su, role="chair", side="specialist")
    MembershipFactory(body=su, role="member", side="municipal")
    user = UserFactory(username="sekretar-e2e", password=PASSWORD)
    assign_perm("bodies.manage_partnership", user, partnership)
    case = case_services.case_report(partnership=partnership, title="Felles forløp for skrøpelige eldre", case_type="decision",
                                     by=user, proposed_decision="SU slutter seg til forløpet.")
    case_services.case_register(case=case, body=su, by=user)
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=10)
    meeting = meeting_services.meeting_plan(body=su, starts_at=start, by=user, place="Kirkenes")
    later = meeting_services.meeting_plan(body=su, starts_at=start + timedelta(days=30), by=user, place="Alta")
    item = meeting_services.agenda_add_case(meeting=meeting, case=case, purpose=Purpose.DISCUSSION, by=user)
    attachment = tmp_path / "rapport.pdf"
    attachment.write_bytes(HTML(string="<p>Rapport fra arbeidsgruppen</p>").write_pdf())
    return dict(partnership=partnership, case=case, meeting=meeting, later=later, item=item, attachment=attachment)


def test_upload_notice_postpone_and_supplementary_notice(page, live_server, scene):
    url, case, meeting, later = live_server.url, scene["case"], scene["meeting"], scene["later"]
    page.goto(f"{url}/logg-inn/?next=/sekretariat/")
    page.fill("#id_username", "sekretar-e2e")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/sekretariat/testmark/$"))

    # Upload a document on the case page.
    page.goto(f"{url}/saker/sak/{case.pk}/")
    page.get_by_role("link", name="Last opp dokument").click()
    assert_accessible(page, "last opp dokument")
    page.fill("#id_title", "Rapport fra arbeidsgruppen")
    page.set_input_files("#id_file", str(scene["attachment"]))
    page.get_by_role("button", name="Last opp").click()
    page.get_by_text("«Rapport fra arbeidsgruppen» er lastet opp.").wait_for()
    assert CaseDocument.objects.filter(case=case, title="Rapport fra arbeidsgruppen").exists()
    assert_accessible(page, "saksside med dokumenter")

    # Send the notice.
    page.goto(f"{url}/moter/mote/{meeting.pk}/")
    page.get_by_role("button", name="Send innkalling").click()
    page.get_by_text("Innkallingen er sendt.").wait_for()

    # Postpone the case to the later meeting, with the reason.
    page.get_by_role("link", name="Endre sakslisten etter innkallingen").click()
    assert_accessible(page, "endre sakslisten")
    page.get_by_role("link", name=re.compile(r"^Trekk, utsett eller flytt")).first.click()
    assert_accessible(page, "endre punkt")
    page.select_option("#id_postpone-to_meeting", str(later.pk))
    page.fill("#id_postpone-reason", "Kommunene har ikke rukket å gi innspill.")
    page.get_by_role("button", name="Utsett saken").click()
    page.get_by_text("er utsatt.").wait_for()
    item = AgendaItem.objects.get(pk=scene["item"].pk)
    assert item.meeting_id == later.pk and case.handlings.count() == 1

    # Send the supplementary notice.
    mail.outbox.clear()
    page.get_by_role("button", name="Send tilleggsinnkalling").click()
    page.get_by_text("Tilleggsinnkalling 1 er sendt.").wait_for()
    screenshot(page, "tilleggsinnkalling")
    assert_accessible(page, "tilleggsinnkalling sendt")
    assert NoticeChange.objects.get(meeting=meeting, kind=NoticeChange.Kind.ITEM_POSTPONED).supplementary_notice.number == 1
    assert mail.outbox and all(m.attachments for m in mail.outbox)

    # The public agenda shows the postponement.
    page.goto(f"{url}/offentlig/testmark/moter/{meeting.pk}/")
    page.get_by_text("Punkt utsatt").wait_for()
    assert_accessible(page, "offentlig saksliste")
