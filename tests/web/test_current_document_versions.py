"""A replaced document version is no longer listed: the public case and meeting pages, the member meeting page and
the open records API (OParl) show the current version of each document; the member page links to the members' pack."""
import pytest
from django.urls import reverse

from cases import documents

from .agenda_scene import notice_sent, pdf_upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scene(partnership, su, su_members, staff, registered_case, django_capture_on_commit_callbacks):
    """SU's notice is sent; the first case has a report in two versions (the second with a new title)."""
    su.meetings_public = True
    su.save()
    scene = notice_sent(partnership=partnership, su=su, su_members=su_members, staff=staff,
                        capture=django_capture_on_commit_callbacks)
    scene.case = scene.first.handling.case
    scene.old = documents.document_upload(case=scene.case, title="Utkast til rapport", by=staff, file=pdf_upload("Utkast"))
    scene.new = documents.document_new_version(document=scene.old, title="Endelig rapport", by=staff,
                                               file=pdf_upload("Endelig"))
    return scene


def test_the_public_case_page_lists_only_the_current_version(client, scene, partnership):
    page = client.get(reverse("public:case", kwargs={"slug": partnership.slug, "case_pk": scene.case.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Endelig rapport" in html and "versjon 2" in html
    assert "Utkast til rapport" not in html
    assert reverse("public:document", kwargs={"slug": partnership.slug, "document_pk": scene.new.pk}) in html
    assert reverse("public:document", kwargs={"slug": partnership.slug, "document_pk": scene.old.pk}) not in html


def test_the_public_meeting_page_lists_only_the_current_version(client, scene, partnership):
    page = client.get(reverse("public:meeting", kwargs={"slug": partnership.slug, "meeting_pk": scene.meeting.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Endelig rapport" in html and "Utkast til rapport" not in html
    assert reverse("public:document", kwargs={"slug": partnership.slug, "document_pk": scene.old.pk}) not in html


def test_the_member_meeting_page_lists_only_the_current_version_and_links_to_the_members_pack(client, scene):
    client.force_login(scene.member_user)
    page = client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": scene.meeting.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Endelig rapport" in html and "versjon 2" in html and "Utkast til rapport" not in html
    assert reverse("member:document", kwargs={"document_pk": scene.new.pk}) in html
    assert reverse("member:document", kwargs={"document_pk": scene.old.pk}) not in html
    pack_url = reverse("meetings:pack_member", kwargs={"meeting_pk": scene.meeting.pk})
    assert pack_url in html
    pack = client.get(pack_url)  # the link leads to a pack this member may open
    assert pack.status_code == 200 and pack["Content-Type"] == "application/pdf"


def test_the_member_page_offers_no_pack_before_the_notice(client, scene):
    client.force_login(scene.member_user)
    page = client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": scene.later.pk}))
    assert page.status_code == 200
    assert reverse("meetings:pack_member", kwargs={"meeting_pk": scene.later.pk}) not in page.content.decode()
    assert client.get(reverse("meetings:pack_member", kwargs={"meeting_pk": scene.later.pk})).status_code == 404


def test_the_open_records_api_lists_the_current_version_and_keeps_the_replaced_one_reachable(client, scene, partnership):
    files = client.get(reverse("oparl:file_list", kwargs={"slug": partnership.slug})).json()["data"]
    names = [f["name"] for f in files]
    assert "Endelig rapport" in names and "Utkast til rapport" not in names
    paper = client.get(reverse("oparl:paper", kwargs={"slug": partnership.slug, "case_pk": scene.case.pk})).json()
    attached = [f["name"] for f in [paper.get("mainFile")] + paper.get("auxiliaryFile", []) if f]
    assert attached == ["Endelig rapport"]
    old = client.get(reverse("oparl:file_document", kwargs={"slug": partnership.slug, "document_pk": scene.old.pk}))
    assert old.status_code == 200 and old.json()["name"] == "Utkast til rapport"
