"""Malformed uploads on every form that takes a file: never a 500, a Norwegian message by the file field, nothing saved.

The forms: a case document and a new version of it (the case page), a new version of a governing document
(structure), and the admin's case document inline. Each is posted with a file named with a NUL byte, a
path, a 300-character name, a double extension, HTML; an empty file; HTML and SVG with script named .pdf;
a PDF with a JavaScript action; a ZIP named .docx; a file one byte over the limit; and the file field
posted as plain text. Nothing may be added to the database or written to MEDIA_ROOT.
"""
import io
import os
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tests.test_fuzz import counts
from tests.test_fuzz_admin import FormFields

COUNTED = ["cases.CaseDocument", "bodies.DocumentVersion", "cases.DocumentAdoption", "admin.LogEntry"]
LIMIT = 2048


def a_pdf(javascript=None):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if javascript:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(javascript)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def a_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hei.txt", "Hei")
    return out.getvalue()


PDF = a_pdf()
BAD_FILES = {
    "NUL in the name": ("rapport\x00.pdf", PDF),
    "a path": ("../../etc/passwd", PDF),
    "double extension": ("rapport.pdf.exe", PDF),
    "HTML": ("x.html", b"<html><script>alert(1)</script></html>"),
    "empty": ("tom.pdf", b""),
    "HTML named .pdf": ("rapport.pdf", b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"),
    "SVG named .pdf": ("rapport.pdf", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    "PDF with JavaScript": ("rapport.pdf", a_pdf("app.alert('hei')")),
    "ZIP named .docx": ("rapport.docx", a_zip()),
    "one byte over the limit": ("stor.pdf", PDF + b"%" * (LIMIT + 1 - len(PDF))),
    "plain text": (None, "ikke en fil"),
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.UPLOAD_MAX_BYTES = LIMIT
    return tmp_path


def listing(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _dirs, files in os.walk(root) for f in files)


def secretariat_client(client):
    client.force_login(get_user_model().objects.get(username="sekretariat"))
    return client


def target(name, demo, client):
    """(client, url, form data without the file, name of the file field) for one upload form."""
    from bodies.models import DocumentVersion
    from cases.models import Case, CaseDocument

    finnmark = demo["finnmark"]
    if name == "admin case document":
        user = get_user_model().objects.create_user("admin-opplasting", is_staff=True, is_superuser=True)
        client.force_login(user)
        case = Case.objects.filter(partnership=finnmark).order_by("pk").first()
        url = reverse("admin:cases_case_change", args=[case.pk])
        parser = FormFields("case_form")
        parser.feed(client.get(url).content.decode())
        data = {}
        for field, kind, value, _options in parser.fields:
            data.setdefault(field, []).extend(value if isinstance(value, list) else [value])
        data.pop("_saveasnew", None)
        total = int(data["documents-TOTAL_FORMS"][0])
        data.update({"documents-TOTAL_FORMS": str(total + 1), f"documents-{total}-title": "Vedlegg",
                     f"documents-{total}-legal_basis": "", f"documents-{total}-case": str(case.pk)})
        return client, url, data, f"documents-{total}-file"
    client = secretariat_client(client)
    if name == "case document":
        case = Case.objects.filter(partnership=finnmark, status=Case.Status.REGISTERED).order_by("pk").first()
        url = reverse("cases:document_upload", kwargs={"case_pk": case.pk})
        data = {"title": "Vedlegg", "legal_basis": ""}
    elif name == "new version":
        document = CaseDocument.objects.filter(case__partnership=finnmark, case__status=Case.Status.REGISTERED).order_by("pk").first()
        url = reverse("cases:document_new_version", kwargs={"document_pk": document.pk})
        data = {"title": "Vedlegg", "legal_basis": ""}
    else:
        version = DocumentVersion.objects.filter(document__partnership=finnmark).order_by("pk").first()
        url = reverse("structure:version_adopt", kwargs={"governance_document_pk": version.document_id})
        page = client.get(url)
        decision = page.context["form"].fields["adopted_by"].queryset.first()
        data = {"adopted_by": decision.pk if decision else "", "valid_from": "2026-03-01", "text": "", "change_note": "Fuzz"}
    page = client.get(url)
    assert page.status_code == 200, (name, page.status_code)
    data["form_token"] = page.context.get("form_token", "")
    return client, url, data, "file"


def file_errors(response, field):
    """The messages shown next to the file field."""
    context = response.context or {}
    if "inline_admin_formsets" not in context and "form" in context and hasattr(context["form"], "errors"):
        return list(context["form"].errors.get(field, []))
    messages = []
    for inline in context.get("inline_admin_formsets", []):
        for form in inline.formset.forms:
            if form.prefix and field.startswith(form.prefix + "-"):
                messages += form.errors.get(field.rsplit("-", 1)[1], [])
    return messages


@pytest.mark.parametrize("form", ["case document", "new version", "governing document version", "admin case document"])
@pytest.mark.parametrize("bad", list(BAD_FILES), ids=list(BAD_FILES))
def test_a_malformed_upload_is_refused_next_to_the_field(form, bad, demo, client, media):
    client, url, data, field = target(form, demo, client)
    filename, content = BAD_FILES[bad]
    data[field] = content if filename is None else SimpleUploadedFile(filename, content, content_type="application/pdf")
    before, files_before = counts(COUNTED), listing(media)
    response = client.post(url, data)
    assert response.status_code < 500
    assert counts(COUNTED) == before, "nothing saved"
    assert listing(media) == files_before, "nothing written to MEDIA_ROOT"
    if bad == "NUL in the name":
        # Refused before any view (400), or by the form.
        if response.status_code == 400:
            return
    assert response.status_code == 200
    errors = file_errors(response, field)
    if form == "governing document version" and bad == "plain text":
        # The file is optional there (text or file): an empty text and no file is the form's own error.
        assert response.context["form"].non_field_errors()
        return
    assert errors, f"no message next to the file field: {response.context['form'].errors if 'form' in response.context else ''}"
    assert all(any(ch in message for ch in "æøåÆØÅ") or " er " in message or " må " in message for message in errors), errors


def test_a_long_file_name_is_stored_under_a_short_random_name(demo, client, media):
    client, url, data, field = target("case document", demo, client)
    data[field] = SimpleUploadedFile("a" * 296 + ".pdf", PDF, content_type="application/pdf")
    response = client.post(url, data)
    assert response.status_code == 302
    stored = listing(media)
    assert len(stored) == 1 and len(os.path.basename(stored[0])) == 36 and stored[0].endswith(".pdf")
