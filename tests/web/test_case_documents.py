"""Documents on the case page: upload (checked by content, random stored name, exempt with legal basis) and new versions."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import CaseDocument

from .agenda_scene import pdf_upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, case, **data):
    url = reverse("cases:document_upload", kwargs={"case_pk": case.pk})
    token = client.get(url).context["form_token"]
    return client.post(url, {"form_token": token, **data})


def test_the_secretariat_uploads_an_exempt_document_on_the_case_page(staff_client, registered_case):
    response = upload(staff_client, registered_case, title="Økonomisk vurdering", file=pdf_upload("Kostnader"),
                      exempt="on", legal_basis="offentleglova § 23")
    assert response.status_code == 302
    document = CaseDocument.objects.get(case=registered_case)
    assert document.exempt and document.legal_basis == "offentleglova § 23" and document.version == 1
    stored = document.file.name.rsplit("/", 1)[-1]
    assert stored.endswith(".pdf") and "vedlegg" not in stored and len(stored) == 36  # <32 hex>.pdf
    page = staff_client.get(reverse("cases:case_detail", kwargs={"case_pk": registered_case.pk})).content.decode()
    assert "Økonomisk vurdering" in page and "Unntatt offentlighet" in page and "offentleglova § 23" in page


def test_an_exempt_document_needs_its_legal_basis_and_a_disguised_file_is_refused(staff_client, registered_case):
    response = upload(staff_client, registered_case, title="Notat", file=pdf_upload("x"), exempt="on", legal_basis="")
    assert response.status_code == 200 and "Oppgi hjemmel" in response.content.decode()
    disguised = SimpleUploadedFile("notat.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = upload(staff_client, registered_case, title="Notat", file=disguised)
    assert response.status_code == 200 and 'id="id_file_error"' in response.content.decode()
    assert "Filtypen er ikke tillatt" in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(staff_client, registered_case, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = upload(staff_client, registered_case, title="Stor fil", file=pdf_upload("for stor"))
    assert response.status_code == 200 and "Filen er for stor" in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_a_new_version_keeps_and_lists_the_earlier_one(staff_client, registered_case):
    upload(staff_client, registered_case, title="Retningslinjer", file=pdf_upload("utkast"))
    first = CaseDocument.objects.get()
    url = reverse("cases:document_new_version", kwargs={"document_pk": first.pk})
    token = staff_client.get(url).context["form_token"]
    response = staff_client.post(url, {"form_token": token, "title": "Retningslinjer", "file": pdf_upload("endelig")})
    assert response.status_code == 302
    second = CaseDocument.objects.exclude(pk=first.pk).get()
    assert second.previous == first and second.version == 2 and not first.is_current and second.is_current
    assert list(registered_case.documents.current()) == [second]
    page = staff_client.get(reverse("cases:case_detail", kwargs={"case_pk": registered_case.pk})).content.decode()
    assert "1 tidligere versjon" in page and "Versjon 1: Retningslinjer" in page
    # The earlier version is kept and cannot be replaced a second time.
    token = staff_client.get(url).context["form_token"]
    response = staff_client.post(url, {"form_token": token, "title": "Retningslinjer", "file": pdf_upload("igjen")})
    assert response.status_code == 200 and "nyere versjon" in response.content.decode()
    assert CaseDocument.objects.count() == 2


def test_another_partnerships_secretariat_cannot_upload(client, other_staff, registered_case):
    client.force_login(other_staff)
    url = reverse("cases:document_upload", kwargs={"case_pk": registered_case.pk})
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"title": "x", "file": pdf_upload("x")}).status_code in (403, 404)
    assert client.get(reverse("cases:document_upload", kwargs={"case_pk": 999999})).status_code == 404
    assert not CaseDocument.objects.exists()
