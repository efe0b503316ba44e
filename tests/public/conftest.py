"""A small public scene: one partnership with a meeting whose minutes are approved, a planned meeting,
an open and an exempt document, and a second partnership."""
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cases.models import Case, CaseDocument, Decision, DecisionPoint, Handling, Purpose
from meetings.models import AgendaItem, Meeting
from tests.factories import BodyFactory, PartnershipFactory

SECRET_CONTENT = "HEMMELIG-INNHOLD-7f3a"
SECRET_FILENAME = "pasientopplysninger-7f3a.txt"


def make_case(body, number, title, **fields):
    return Case.objects.create(partnership=body.partnership, body=body, year=2026, number=number, title=title, **fields)


def put_on_agenda(case, meeting, position, purpose=Purpose.DECISION):
    handling = Handling.objects.create(case=case, body=meeting.body, purpose=purpose)
    AgendaItem.objects.create(meeting=meeting, position=position, kind=AgendaItem.Kind.CASE, handling=handling)
    return handling


def set_status(meeting, status):
    meeting.status = status
    meeting.save()
    return meeting


@pytest.fixture
def scene(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partnership = PartnershipFactory(slug="finnmark-test", name="Helsefellesskap Test")
    su = BodyFactory(partnership=partnership, name="Strategisk samarbeidsutvalg Test")
    other_body = BodyFactory(partnership=partnership, name="Fastlegerådet Test")
    closed_body = BodyFactory(partnership=partnership, name="Lukket utvalg", meetings_public=False)
    held = set_status(Meeting.objects.create(body=su, starts_at=timezone.now() - timedelta(days=20), place="Kirkenes"),
                      Meeting.Status.MINUTES_APPROVED)
    planned = Meeting.objects.create(body=su, starts_at=timezone.now() + timedelta(days=20), place="Vadsø")
    noticed = set_status(Meeting.objects.create(body=su, starts_at=timezone.now() + timedelta(days=5), place="Alta"),
                         Meeting.Status.NOTICE_SENT)
    closed = set_status(Meeting.objects.create(body=closed_body, starts_at=timezone.now() - timedelta(days=3)),
                        Meeting.Status.PUBLISHED)

    decided = make_case(su, 28, "Helsefellesskap – sammen for pasientene", subject="Modell for helsefellesskapet")
    handling = put_on_agenda(decided, held, 1)
    decision = Decision.objects.create(handling=handling)
    DecisionPoint.objects.create(decision=decision, number=1, text="Strategisk samarbeidsutvalg slutter seg til modellen.")
    DecisionPoint.objects.create(decision=decision, number=2, text="Saken sendes kommunestyrene til behandling.")
    open_doc = CaseDocument.objects.create(case=decided, title="Rapport fra arbeidsgruppen")
    open_doc.file.save("rapport.txt", ContentFile(b"Rapportens innhold"))
    exempt_doc = CaseDocument.objects.create(case=decided, title="Vedlegg om enkeltpasient", exempt=True,
                                             legal_basis="offentleglova § 13")
    exempt_doc.file.save(SECRET_FILENAME, ContentFile(SECRET_CONTENT.encode()))

    upcoming_case = make_case(su, 30, "Felles pasientforløp for skrøpelige eldre")
    put_on_agenda(upcoming_case, noticed, 1, Purpose.DISCUSSION)
    hidden_case = make_case(su, 31, "Sak som ennå ikke er kalt inn")
    put_on_agenda(hidden_case, planned, 1)
    closed_case = make_case(closed_body, 1, "Sak i lukket organ")
    put_on_agenda(closed_case, closed, 1)
    unrouted = Case.objects.create(partnership=partnership, title="Meldt sak uten behandling")

    other = PartnershipFactory(slug="annet", name="Et annet helsefellesskap")
    other_body_elsewhere = BodyFactory(partnership=other)
    foreign_meeting = set_status(Meeting.objects.create(body=other_body_elsewhere, starts_at=timezone.now() - timedelta(days=9)),
                                 Meeting.Status.PUBLISHED)
    foreign_case = make_case(other_body_elsewhere, 1, "Sak i et annet helsefellesskap")
    put_on_agenda(foreign_case, foreign_meeting, 1)
    return {
        "partnership": partnership, "su": su, "other_body": other_body, "closed_body": closed_body,
        "held": held, "planned": planned, "noticed": noticed, "closed": closed,
        "decided": decided, "decision": decision, "open_doc": open_doc, "exempt_doc": exempt_doc,
        "upcoming_case": upcoming_case, "hidden_case": hidden_case, "closed_case": closed_case, "unrouted": unrouted,
        "other": other, "foreign_meeting": foreign_meeting, "foreign_case": foreign_case,
    }
