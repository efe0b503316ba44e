"""The PDF wrapper: documents render from templates, take a partnership's branding, and never reach the network."""
import base64
import io
import re
import struct
import zlib

import pytest
from pypdf import PdfReader

from meetings import pdf
from meetings.models import AgendaItem
from meetings.services import agenda_add_standing, meeting_plan

pytestmark = pytest.mark.django_db


def png_pixel():
    """A 1×1 PNG, built here so the test needs no image file."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    raw += chunk(b"IDAT", zlib.compress(b"\x00\x1e\x4f\x7a")) + chunk(b"IEND", b"")
    return "data:image/png;base64," + base64.b64encode(raw).decode()


def has_image(content):
    reader = PdfReader(io.BytesIO(content))
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    return any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())


@pytest.fixture
def meeting(committee, staff, soon):
    meeting = meeting_plan(body=committee.body, starts_at=soon, by=staff, place="Alta", chair=committee.chair)
    agenda_add_standing(meeting=meeting, kind=AgendaItem.Kind.APPROVE_NOTICE, by=staff)
    return meeting


def test_the_draft_minutes_render_with_page_numbers(meeting):
    content = pdf.minutes_pdf(meeting)
    assert content.startswith(b"%PDF")
    text = re.sub(r"\s+", " ", PdfReader(io.BytesIO(content)).pages[0].extract_text())
    assert "Utkast – ikke godkjent" in text
    assert f"Møteleder {meeting.chair.person}" in text
    assert "Side 1 av 1" in text


def test_a_partnership_logo_and_colour_come_from_settings(meeting, settings):
    settings.PDF_BRANDING = {meeting.body.partnership.slug: {"logo_url": png_pixel(), "colour": "#7a1e4f"}}
    context = pdf.notice_context(meeting)
    assert context["branding"]["colour"] == "#7a1e4f"
    assert has_image(pdf.notice_pdf(meeting))


def test_nothing_is_fetched_from_the_network(meeting, settings):
    settings.PDF_BRANDING = {meeting.body.partnership.slug: {"logo_url": "https://example.com/logo.png"}}
    with pytest.raises(ValueError):
        pdf.LocalFetcher().fetch("https://example.com/logo.png")
    content = pdf.notice_pdf(meeting)  # the image is left out; the document still renders
    assert content.startswith(b"%PDF") and not has_image(content)


def test_the_print_stylesheet_is_served_from_static_files():
    response = pdf.LocalFetcher().fetch("http://127.0.0.1:8000/static/pdf/print.css")
    assert b"@page" in response.read()
