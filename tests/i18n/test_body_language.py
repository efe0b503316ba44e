"""A body's language: set where its other facts are set, and the language of its notice, minutes and e-mails."""
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from bodies.models import Body
from meetings import emails, pdf, services
from tests.factories import BodyFactory, MeetingFactory, PersonFactory, UserFactory
from tests.meetings.story import at, oso_23_november_2020
from tests.structure.test_structure_pages import post_form

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def pdf_language(content):
    return str(PdfReader(io.BytesIO(content)).trailer["/Root"].get("/Lang"))


def translated(text, language):
    with translation.override(language):
        return translation.gettext(text)


def nynorsk_of(heading):
    """The nynorsk heading, or a skip when the nynorsk catalogue does not (yet) translate it differently."""
    nynorsk = translated(heading, "nn")
    if nynorsk == translated(heading, "nb"):
        pytest.skip(f"The nynorsk catalogue (locale/nn/LC_MESSAGES/django.po) has no translation of «{heading}» "
                    "that differs from bokmål.")
    return nynorsk


def test_a_new_body_is_in_bokmal():
    assert BodyFactory().language == "nb"


def test_the_secretariat_sets_the_language_on_the_body_form(client, demo):
    client.force_login(get_user_model().objects.get(username="sekretariat"))
    su = Body.objects.get(partnership=demo["finnmark"], kind__slug="strategisk-samarbeidsutvalg")
    edit = reverse("bodies:body_edit", kwargs={"body_pk": su.pk})
    page = client.get(edit).content.decode()
    assert "Språk for innkalling og protokoll" in page
    assert '<option value="nn"' in page and '<option value="se"' in page
    facts = {"kind": su.kind.pk, "name": su.name, "level": su.level, "min_meetings_per_year": su.min_meetings_per_year,
             "default_meeting_minutes": su.default_meeting_minutes, "quorum_percent": su.quorum_percent}

    refused = post_form(client, edit, {**facts, "language": "en"})
    assert refused.status_code == 200
    su.refresh_from_db()
    assert su.language == "nb"

    response = post_form(client, edit, {**facts, "language": "nn"})
    assert response.status_code == 302
    su.refresh_from_db()
    assert su.language == "nn"
    assert su.history.first().language == "nn"


def test_the_admin_edits_the_language_too(client, admin_user):
    body = BodyFactory()
    client.force_login(admin_user)
    page = client.get(reverse("admin:bodies_body_change", args=[body.pk])).content.decode()
    assert 'name="language"' in page


def test_the_notice_pdf_and_email_are_in_the_body_language_whatever_the_reader_chose():
    meeting = MeetingFactory(body=BodyFactory(language="nn"))
    with translation.override("se"):  # the secretariat reads the pages in Sámi
        content = pdf.notice_pdf(meeting)
        emails.notice(meeting, [PersonFactory()])
    assert pdf_language(content) == "nn"
    html = mail.outbox[-1].alternatives[0][0]
    assert '<html lang="nn">' in html

    bokmal = pdf.notice_pdf(MeetingFactory(body=BodyFactory()))
    assert pdf_language(bokmal) == "nb"
    assert "Saksliste" in pdf_text(bokmal)


def test_the_notice_pdf_heading_is_nynorsk_for_a_nynorsk_body():
    meeting = MeetingFactory(body=BodyFactory(language="nn"))
    heading = nynorsk_of("Saksliste")
    text = pdf_text(pdf.notice_pdf(meeting))
    assert heading in text
    assert "Saksliste" not in text


def test_the_minutes_pdf_is_nynorsk_for_a_nynorsk_body():
    meeting = MeetingFactory(body=BodyFactory(language="nn"))
    content = pdf.minutes_pdf(meeting)
    assert pdf_language(content) == "nn"
    heading = nynorsk_of("Protokollen er ikke godkjent.")
    text = pdf_text(content)
    assert heading in text
    assert "Protokollen er ikke godkjent." not in text


def test_the_archival_minutes_are_stored_in_the_body_language(demo):
    staff = UserFactory(username="sekretariat-spraak", is_staff=True)
    story = oso_23_november_2020(demo["finnmark"], staff)
    Body.objects.filter(pk=story.meeting.body_id).update(language="nn")
    story.meeting.body.refresh_from_db()
    with translation.override("nb"):
        services.minutes_approve(meeting=story.meeting, by=staff, approvers=[story.chair.person, story.other_side_member.person],
                                 approved_at=at(27, 14))
    content, document = pdf.minutes_pdf_stored(story.meeting)
    assert document is not None
    assert pdf_language(content) == "nn"
