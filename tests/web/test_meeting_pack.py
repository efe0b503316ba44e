"""The meeting pack (public and members' variant), the case presentation link and the notice e-mail's document links."""
import io

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from cases import documents
from cases.models import ExemptDocumentView
from meetings import emails, pack
from tests.factories import MembershipFactory, PersonFactory

from .agenda_scene import notice_sent, pdf_upload, text_of


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scene(partnership, su, su_members, staff, registered_case, django_capture_on_commit_callbacks):
    scene = notice_sent(partnership=partnership, su=su, su_members=su_members, staff=staff,
                        capture=django_capture_on_commit_callbacks)
    case = scene.first.handling.case
    scene.public_doc = documents.document_upload(case=case, title="Rapport fra arbeidsgruppen", by=staff,
                                                 file=pdf_upload("Innholdet i den offentlige rapporten"))
    scene.exempt_doc = documents.document_upload(case=case, title="Personopplysninger", by=staff, exempt=True,
                                                 legal_basis="offentleglova § 13", file=pdf_upload("Taushetsbelagt innhold"))
    return scene


def outline_titles(content):
    reader = PdfReader(io.BytesIO(content))

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title
    return list(walk(reader.outline))


def test_the_public_pack_has_notice_presentations_and_public_attachments_with_bookmarks(client, scene, partnership):
    response = client.get(reverse("meetings:pack_public", kwargs={"slug": partnership.slug, "meeting_pk": scene.meeting.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    assert "Innkalling til møte" in text and "Saksfremlegg" in text
    assert "Innholdet i den offentlige rapporten" in text  # the attachment's own pages
    assert "Taushetsbelagt innhold" not in text and "Personopplysninger (unntatt offentlighet, offentleglova § 13)" in text
    assert f"Side 1 av {pages}" in text and f"Side {pages} av {pages}" in text
    titles = outline_titles(response.content)
    case = scene.first.handling.case
    assert "Innkalling til møte" in titles
    assert f"Saksfremlegg: {case.case_number}" in titles
    assert "Vedlegg til punkt 1: Rapport fra arbeidsgruppen" in titles
    public_page = client.get(reverse("public:meeting", kwargs={"slug": partnership.slug, "meeting_pk": scene.meeting.pk}))
    assert reverse("meetings:pack_public", kwargs={"slug": partnership.slug, "meeting_pk": scene.meeting.pk}) in public_page.content.decode()


def test_the_member_pack_carries_the_exempt_document_and_logs_it(client, scene):
    client.force_login(scene.member_user)
    response = client.get(reverse("meetings:pack_member", kwargs={"meeting_pk": scene.meeting.pk}))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    text = text_of(response.content)
    assert "Taushetsbelagt innhold" in text and "Innholdet i den offentlige rapporten" in text
    assert "Vedlegg til punkt 1: Personopplysninger" in outline_titles(response.content)
    assert ExemptDocumentView.objects.filter(document=scene.exempt_doc, user=scene.member_user).count() == 1


def test_who_may_not_have_the_member_pack_gets_404(client, scene, outsider, other_staff, partnership):
    for user in (outsider, other_staff):
        client.force_login(user)
        assert client.get(reverse("meetings:pack_member", kwargs={"meeting_pk": scene.meeting.pk})).status_code == 404
    client.logout()
    assert client.get(reverse("meetings:pack_member", kwargs={"meeting_pk": scene.meeting.pk})).status_code == 302  # to login
    # The later meeting's notice is not sent: no public pack.
    assert client.get(reverse("meetings:pack_public", kwargs={"slug": partnership.slug, "meeting_pk": scene.later.pk})).status_code == 404
    assert not ExemptDocumentView.objects.exists()


def test_the_pack_function_leaves_out_exempt_documents_for_the_public(scene):
    result = pack.meeting_pack(scene.meeting, public=True)
    assert result.exempt_included == []
    member = pack.meeting_pack(scene.meeting, reader=scene.member_user, public=False)
    assert member.exempt_included == [scene.exempt_doc]


@override_settings(SITE_URL="https://hf.example.no")
def test_the_notice_email_links_exempt_documents_only_for_those_entitled(client, scene, su, su_members):
    chair, member = su_members  # the member has a login with the body's internal access; the chair has none
    mail.outbox.clear()
    emails.notice(scene.meeting, [member.person, chair.person])
    to_member, to_chair = mail.outbox
    member_link = f"https://hf.example.no/mine/dokumenter/{scene.exempt_doc.pk}/"
    public_link = f"https://hf.example.no/offentlig/{su.partnership.slug}/dokumenter/{scene.public_doc.pk}/"
    assert member_link in to_member.body and public_link in to_member.body
    assert member_link not in to_chair.body and public_link in to_chair.body
    assert "Personopplysninger (unntatt offentlighet, offentleglova § 13)" in to_chair.body
    # The case presentation link leads to a page that exists, for anyone once the case is on a public agenda.
    presentation = f"/moter/offentlig/{su.partnership.slug}/sak/{scene.first.handling.case_id}/saksfremlegg.pdf"
    assert f"https://hf.example.no{presentation}" in to_chair.body
    response = client.get(presentation)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_case_presentation_not_on_a_public_agenda_is_not_public(client, partnership, su, staff, registered_case, outsider):
    url = reverse("meetings:case_presentation_open", kwargs={"slug": partnership.slug, "case_pk": registered_case.pk})
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200
