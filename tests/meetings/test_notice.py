"""The notice (innkalling): the e-mail with the agenda and links to the documents, and the notice PDF."""
import io
import re

import pytest
from django.core import mail
from django.test import override_settings
from pypdf import PdfReader

from meetings import pdf, services
from meetings.models import Attendance, Meeting
from members.models import Membership
from tests.factories import UserFactory

from .story import at, prepare_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(username="sekretariat-fm", is_staff=True)


@pytest.fixture
def planned(demo, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        su, case, meeting, chair = prepare_notice(demo["finnmark"], staff)
    mail.outbox.clear()
    return su, case, meeting, chair


def text_of(content):
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


@override_settings(SITE_URL="https://hf.example.no")
def test_the_notice_email_lists_the_agenda_and_links_to_the_documents(planned, staff, django_capture_on_commit_callbacks):
    su, case, meeting, chair = planned
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(meeting=meeting, by=staff)

    called = Membership.objects.current(at(14, month=12).date()).filter(body=su, role__in=services.CALLED_ROLES)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.person.email for m in called)
    message = next(m for m in mail.outbox if m.to == [chair.person.email])
    assert message.subject == "Innkalling til møte i OSO/SU 14. desember 2020"
    body = message.body
    assert "1. Godkjenning av innkalling og saksliste" in body
    assert f"2. {case.case_number} Utskrivning av skrøpelige eldre (beslutning)" in body
    assert "3. Eventuelt" in body
    document = case.documents.get()
    assert f"Saken: https://hf.example.no/offentlig/finnmark/saker/{case.pk}/" in body
    assert (f"Retningslinjer for utskrivning (utkast 01.11.2020): "
            f"https://hf.example.no/offentlig/finnmark/dokumenter/{document.pk}/") in body
    assert f"Innkallingen som PDF: https://hf.example.no/offentlig/finnmark/moter/{meeting.pk}/innkalling.pdf" in body
    html = message.alternatives[0].content
    assert f'href="https://hf.example.no/offentlig/finnmark/dokumenter/{document.pk}/"' in html
    assert case.case_number in html

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_SENT
    assert meeting.attendances.filter(status=Attendance.Status.CALLED).count() == called.count()


def test_the_notice_pdf_has_the_agenda(planned, staff, django_capture_on_commit_callbacks):
    su, case, meeting, chair = planned
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(meeting=meeting, by=staff)
    content = pdf.notice_pdf(meeting)
    assert content.startswith(b"%PDF")
    text = text_of(content)
    assert "Innkalling til møte" in text and "Strategisk samarbeidsutvalg" in text
    assert f"2 {case.case_number} Utskrivning av skrøpelige eldre" in text
    assert "Vedlegg: Retningslinjer for utskrivning" in text
    assert f"Møteleder {chair.person}" in text
    assert "Side 1 av" in text


def test_an_agenda_item_for_a_case_of_another_partnership_is_refused(planned, demo, staff):
    from cases import services as case_services
    from cases.models import CaseType, Purpose

    su, case, meeting, chair = planned
    elsewhere = case_services.case_report(partnership=demo["helgeland"], title="Felles legevakt", case_type=CaseType.DECISION, by=staff)
    before = meeting.items.count()
    with pytest.raises(services.ValidationError) as error:
        services.agenda_add_case(meeting=meeting, case=elsewhere, purpose=Purpose.DISCUSSION, by=staff)
    assert error.value.message_dict["case"] == ["Saken «Felles legevakt» hører til et annet helsefellesskap enn møtet."]
    assert meeting.items.count() == before
    assert not elsewhere.handlings.exists()


def test_a_decision_case_not_yet_discussed_is_refused_by_the_two_step_rule(planned, demo, staff):
    from cases import services as case_services
    from cases.models import CaseType, Purpose

    su, case, meeting, chair = planned
    fresh = case_services.case_report(partnership=demo["finnmark"], title="Ny sak", case_type=CaseType.DECISION, by=staff)
    case_services.case_register(case=fresh, body=su, by=staff, at=at(1))
    with pytest.raises(services.ValidationError) as error:
        services.agenda_add_case(meeting=meeting, case=fresh, purpose=Purpose.DECISION, by=staff)
    assert "totrinnsbehandling" in error.value.message_dict["purpose"][0]
    assert not meeting.items.filter(handling__case=fresh).exists()


def test_the_case_presentation_pdf(planned):
    su, case, meeting, chair = planned
    text = text_of(pdf.case_presentation_pdf(case))
    assert f"Saksfremlegg: {case.case_number}" in text
    assert "Forslag til vedtak" in text and "1. OSO slutter seg til felles retningslinjer" in text
    assert "Drøfting" in text and "Drøftet" in text  # the path: discussed in the secretariat first
