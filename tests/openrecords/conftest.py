"""The Finnmark demo with its 2020 minutes (approved by the demo) archived through the meetings service, and two case
documents on case 28/2020: one public, one exempt from public access (offentleglova § 14)."""
import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings

from cases.models import Case, CaseDocument
from meetings import services as meeting_services
from meetings.models import Meeting

EXEMPT_TITLE = "Notat om enkeltpasienter i Tana 7c1e"
EXEMPT_CONTENT = b"%PDF-1.4 unntatt innhold 7c1e"
PUBLIC_TITLE = "Rapport: Helsefelleskap - sammen for pasientene"
PUBLIC_CONTENT = b"%PDF-1.4 rapporten fra arbeidsgruppen"


def archive_approved_minutes_of_year(partnership, year):
    """The meetings of the year whose minutes the demo approved (on paper, `demo.story.approve_story_minutes`),
    with their archival PDFs stored through the meetings service. The service stores them once the approval
    commits; the demo's transaction never commits, so the scene stores them itself, as `minutes_archive` does
    for approved minutes that have none yet."""
    approved = []
    for meeting in (Meeting.objects.filter(body__partnership=partnership, starts_at__year=year,
                                           minutes__approved_at__isnull=False).order_by("starts_at")):
        assert meeting.minutes_frozen
        assert meeting_services.minutes_archive(meeting=meeting) is not None
        approved.append(meeting)
    return approved


@pytest.fixture(scope="module")
def archived_module(demo_module, django_db_blocker, tmp_path_factory):
    """The scene, made once per test module inside the demo's transaction and rolled back after the module."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            finnmark = demo_module["finnmark"]
            admin = get_user_model().objects.get(username="admin")
            approved = archive_approved_minutes_of_year(finnmark, 2020)
            case = Case.objects.get(partnership=finnmark, year=2020, number=28, body__kind__slug="strategisk-samarbeidsutvalg")
            public = CaseDocument.objects.create(case=case, title=PUBLIC_TITLE)
            public.file.save("rapport.pdf", ContentFile(PUBLIC_CONTENT))
            exempt = CaseDocument.objects.create(case=case, title=EXEMPT_TITLE, exempt=True, legal_basis="offentleglova § 14")
            exempt.file.save("notat-7c1e.pdf", ContentFile(EXEMPT_CONTENT))
            yield {"finnmark": finnmark, "helgeland": demo_module["helgeland"], "admin": admin, "approved": approved,
                   "case": case, "public": public, "exempt": exempt}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


@pytest.fixture
def archived(archived_module, demo):
    """The module's scene for one test (changes made by the test are rolled back after it)."""
    return archived_module
