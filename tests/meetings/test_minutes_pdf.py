"""Done when: the OSO meeting of 23 Nov 2020 with case 28/2020, from notice to the archival minutes PDF."""
import hashlib
import io
import re

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from pypdf import PdfReader

from meetings import pdf, services
from meetings.models import Meeting, Minutes, MinutesDocument
from tests.factories import UserFactory

from .story import DECISION_POINTS, POINTS_28_2020, RESERVATION, at, build_story, oso_23_november_2020

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(username="sekretariat-fm", is_staff=True)


@pytest.fixture
def story(demo, staff):
    """The demo's OSO meeting of 23 Nov 2020 with case 28/2020 (held, decided, minutes not yet approved)."""
    return oso_23_november_2020(demo["finnmark"], staff)


@pytest.fixture
def built(demo, staff):
    """An OSO meeting of 14 Dec 2020 taken through every service step, with a reservation and a protocol note."""
    return build_story(demo["finnmark"], staff)


def pdf_text(content):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def approve(story, staff):
    return services.minutes_approve(meeting=story.meeting, by=staff, approvers=[story.chair.person, story.other_side_member.person],
                                    approved_at=at(27, 14))


def test_the_approved_minutes_pdf_shows_case_decision_attendance_and_approval(story, staff):
    approve(story, staff)
    content, document = pdf.minutes_pdf_stored(story.meeting)
    text = pdf_text(content)

    assert "Helsefellesskap Finnmark" in text and "Strategisk samarbeidsutvalg" in text
    assert "Sak 28/2020 Etablering av Helsefellesskap" in text
    for number, point in enumerate(POINTS_28_2020, start=1):
        assert f"{number}. {point}" in text
    assert "Vedtatt ved konsensus." in text
    # Attendance with rights: the chair votes; the deputy met for the absent member with the member's vote;
    # the user representative is an observer with the right to speak and to propose.
    assert re.search(rf"{story.chair.person} .*Leder .*stemmerett, talerett, forslagsrett", text)
    assert f"{story.deputy.person} møtte for {story.absent_member.person}" in text
    assert re.search(rf"{story.observer.person} Observatør \(brukerrepresentant\) Ingen side observatør, talerett", text)
    assert f"Forfall: {story.absent_member.person}" in text
    assert (f"Protokollen er godkjent 27.11.2020 av {story.chair.person} og {story.other_side_member.person}") in text
    assert "Side 1 av" in text

    assert document.sha256 == hashlib.sha256(content).hexdigest()


def test_minutes_of_a_meeting_run_through_the_services(built, staff):
    services.minutes_approve(meeting=built.meeting, by=staff, approvers=[built.chair.person, built.other_side_member.person],
                             approved_at=at(16, 9, month=12))
    text = pdf_text(pdf.minutes_pdf_stored(built.meeting)[0])
    assert re.search(r"2\. Sak \d+/2020 Utskrivning av skrøpelige eldre", text)
    for number, point in enumerate(DECISION_POINTS, start=1):
        assert f"{number}. {point}" in text
    assert f"Forbehold: {built.other_side_member.person} (spesialisthelsetjenesten): {RESERVATION}" in text
    assert f"Protokolltilførsel fra {built.observer.person}: Brukerrepresentanten ber om" in text
    assert f"{built.deputy.person} møtte for {built.absent_member.person}" in text
    assert "Arbeidsgruppens leder presenterte rapporten." in text
    assert "Protokollen er godkjent 16.12.2020" in text


def test_showing_the_minutes_again_serves_the_stored_file(story, staff):
    approve(story, staff)
    first, document = pdf.minutes_pdf_stored(story.meeting)
    again, same_document = pdf.minutes_pdf_stored(story.meeting)
    assert same_document.pk == document.pk
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(first).hexdigest() == document.sha256
    assert MinutesDocument.objects.filter(minutes__meeting=story.meeting).count() == 1


def test_the_archival_pdf_has_what_pdfa_needs(story, staff):
    approve(story, staff)
    content, document = pdf.minutes_pdf_stored(story.meeting)
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]

    # XMP metadata with the PDF/A identification (part 3, conformance B).
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', xmp) and re.search(r'pdfaid:conformance(="|>)B', xmp)
    assert "Protokoll fra møte i OSO/SU 23.11.2020" in xmp  # dc:title
    # An output intent with an embedded ICC profile.
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and intent["/DestOutputProfile"].get_object().get_data()
    # A file identifier in the trailer.
    assert len(reader.trailer["/ID"]) == 2
    # Every font used on every page is embedded.
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor_owner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descriptor_owner["/FontDescriptor"].get_object()
            fonts[font["/BaseFont"]] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    # No encryption and no JavaScript, which PDF/A forbids.
    assert not reader.is_encrypted and "/JavaScript" not in content.decode("latin-1")


def test_approving_minutes_of_a_meeting_not_yet_held_is_refused(demo, staff):
    from .story import prepare_notice

    su, case, meeting, chair = prepare_notice(demo["finnmark"], staff)
    services.notice_send(meeting=meeting, by=staff)
    vice = su.memberships.current(at(14, month=12).date()).get(role="vice_chair")
    with pytest.raises(ValidationError) as error:
        services.minutes_approve(meeting=meeting, by=staff, approvers=[chair.person, vice.person])
    assert error.value.messages == ["Protokollen kan ikke godkjennes før møtet er avholdt."]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_SENT
    assert not MinutesDocument.objects.filter(minutes__meeting=meeting).exists()


def test_approval_needs_the_chair_and_a_member_from_the_other_side(story, staff):
    same_side = story.su.memberships.current(at(23).date()).filter(side=story.chair.side, role="member").first()
    with pytest.raises(ValidationError) as error:
        services.minutes_approve(meeting=story.meeting, by=staff, approvers=[story.chair.person, same_side.person])
    assert "ikke medlem fra den andre siden" in error.value.message_dict["approvers"][0]
    with pytest.raises(ValidationError) as error:
        services.minutes_approve(meeting=story.meeting, by=staff, approvers=[story.other_side_member.person, same_side.person])
    assert "Møtelederen" in error.value.message_dict["approvers"][0]
    minutes = Minutes.objects.get(meeting=story.meeting)
    assert minutes.approved_at is None and not minutes.approvals.exists()


def test_frozen_minutes_refuse_edits_and_corrections_make_a_new_version(story, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approve(story, staff)
    item = story.meeting.items.get(handling__case=story.case)
    with pytest.raises(ValidationError) as error:
        services.minutes_update(meeting=story.meeting, by=staff, discussions={item.pk: "Endret i ettertid"})
    assert error.value.messages == ["Protokollen er godkjent og kan ikke endres. Rettinger gjøres som en ny, registrert versjon."]
    item.refresh_from_db()
    assert item.discussion == "Arbeidsgruppens leder presenterte rapporten."
    # The admin's form validation refuses the same edit.
    item.discussion = "Endret i admin"
    with pytest.raises(ValidationError):
        item.full_clean()

    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_correct(meeting=story.meeting, by=staff, reason="Feil navn på arbeidsgruppens leder",
                                 discussions={item.pk: "Arbeidsgruppens leder, Turid Rapportørsen, presenterte rapporten."})
    minutes = Minutes.objects.get(meeting=story.meeting)
    assert minutes.version == 2
    assert [d.version for d in minutes.documents.order_by("version")] == [1, 2]
    correction = minutes.corrections.get()
    assert (correction.version, correction.reason, correction.corrected_by) == (2, "Feil navn på arbeidsgruppens leder", staff)
    content, document = pdf.minutes_pdf_stored(story.meeting)
    assert document.version == 2
    text = pdf_text(content)
    assert "Turid Rapportørsen" in text and "Versjon 2" in text and "Feil navn på arbeidsgruppens leder" in text
    # The first version is kept as it was.
    with minutes.documents.get(version=1).file.open("rb") as handle:
        assert "Turid Rapportørsen" not in pdf_text(handle.read())


def test_approval_at_the_next_meeting_and_publishing(story, staff):
    later = services.meeting_plan(body=story.su, starts_at=at(18, month=1, year=2021), by=staff)
    with pytest.raises(ValidationError):
        services.minutes_approve(meeting=story.meeting, by=staff, method="next_meeting", approved_at_meeting=later)
    from meetings.models import AgendaItem

    services.agenda_add_standing(meeting=later, kind=AgendaItem.Kind.APPROVE_MINUTES, by=staff)
    services.notice_send(meeting=later, by=staff)
    services.attendance_record(meeting=later, membership=story.chair, status="present", by=staff)
    services.meeting_mark_held(meeting=later, by=staff)
    minutes = services.minutes_approve(meeting=story.meeting, by=staff, method="next_meeting", approved_at_meeting=later)
    assert minutes.approved_at_meeting == later and minutes.approved_by_user == staff
    services.minutes_publish(meeting=story.meeting, by=staff)
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.PUBLISHED
    text = pdf_text(pdf.minutes_pdf_stored(story.meeting)[0])
    assert "Protokollen er godkjent 18.01.2021 i møtet 18.01.2021" in text


def _stored_files():
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT) / "protokoller"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


class ApprovalFailed(Exception):
    pass


def test_a_failed_approval_leaves_no_archival_file_behind(story, staff, django_capture_on_commit_callbacks):
    before = _stored_files()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ApprovalFailed):
            with transaction.atomic():
                approve(story, staff)
                raise ApprovalFailed  # anything after the approval's own steps fails: the whole approval rolls back
    assert callbacks == []  # the rendering was never to run
    assert _stored_files() == before
    assert not MinutesDocument.objects.filter(minutes__meeting=story.meeting).exists()
    assert Minutes.objects.get(meeting=story.meeting).approved_at is None


def test_the_archival_pdf_is_rendered_once_the_approval_commits(story, staff, django_capture_on_commit_callbacks):
    before = _stored_files()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approve(story, staff)
    # Not rendered while the approval's transaction (and its lock) is open.
    assert _stored_files() == before and not MinutesDocument.objects.exists()
    for callback in callbacks:
        callback()
    document = MinutesDocument.objects.get(minutes__meeting=story.meeting)
    assert {str(Path(settings.MEDIA_ROOT) / document.file.name)} == _stored_files() - before


def test_when_rendering_after_the_approval_fails_the_minutes_stay_approved_and_the_pdf_is_made_when_shown(
        story, staff, django_capture_on_commit_callbacks, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("renderer down")

    real = pdf.minutes_pdf
    monkeypatch.setattr(pdf, "minutes_pdf", broken)
    before = _stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        approve(story, staff)  # robust callback: the failure is logged, not raised
    assert Minutes.objects.get(meeting=story.meeting).is_approved
    assert _stored_files() == before and not MinutesDocument.objects.exists()
    monkeypatch.setattr(pdf, "minutes_pdf", real)
    content, document = pdf.minutes_pdf_stored(story.meeting)
    assert document is not None and document.sha256 == hashlib.sha256(content).hexdigest()
