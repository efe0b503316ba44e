"""Malformed uploads on every form that takes a file: never a 500, a Norwegian message by the file field, nothing saved.

The forms: a case document and a new version of it (the case page, on an open case made here), a new
version of a governing document (structure), and the admin's case document inline. Each is posted with a
file named with a path, a double extension, HTML; an empty file; HTML and SVG with script named .pdf; a
PDF with a JavaScript action; a ZIP named .docx; a file one byte over the limit; and the file field posted
as plain text. Nothing may be added to the database or written to MEDIA_ROOT.

A NUL byte or other control character in a file name is dropped when the request is read (Django keeps
only printable characters), and every stored file gets a random name: such an upload is taken as the
same file without the character. The person import (admin, .xlsx or .csv) is fuzzed with broken
spreadsheets: refused with the import's own messages and nothing saved. (The minutes' archival PDF is
made by the meetings services; no form uploads it.)
"""
import io
import os
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tests.factories import CaseDocumentFactory, CaseFactory
from tests.test_fuzz import counts
from tests.test_fuzz_admin import posted_as_shown

UPLOAD_FORMS = ["case document", "new version", "governing document version", "admin case document"]
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
    from bodies.models import Body, DocumentVersion

    finnmark = demo["finnmark"]
    if name in ("case document", "new version", "admin case document"):
        # An open case of one of Finnmark's bodies with one document, made here.
        body = Body.objects.filter(partnership=finnmark).order_by("level", "pk").first()
        document = CaseDocumentFactory(case=CaseFactory(partnership=finnmark, body=body, year=2026, number=9901))
        case = document.case
    if name == "admin case document":
        user = get_user_model().objects.create_user("admin-opplasting", is_staff=True, is_superuser=True)
        client.force_login(user)
        url = reverse("admin:cases_case_change", args=[case.pk])
        data = posted_as_shown(client.get(url).content.decode(), "case_form")
        data.pop("_saveasnew", None)
        total = int(data["documents-TOTAL_FORMS"][0])
        data.update({"documents-TOTAL_FORMS": str(total + 1), f"documents-{total}-title": "Vedlegg",
                     f"documents-{total}-legal_basis": "", f"documents-{total}-case": str(case.pk)})
        return client, url, data, f"documents-{total}-file"
    client = secretariat_client(client)
    if name == "case document":
        url = reverse("cases:document_upload", kwargs={"case_pk": document.case_id})
        data = {"title": "Vedlegg", "legal_basis": ""}
    elif name == "new version":
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


def all_errors(response):
    context = response.context or {}
    found = [context["form"].errors] if hasattr(context.get("form"), "errors") else []
    if "adminform" in context:
        found = [context["adminform"].form.errors]
    for inline in context.get("inline_admin_formsets", []):
        found += [inline.formset.prefix, inline.formset.errors, inline.formset.non_form_errors()]
    return found


@pytest.mark.parametrize("form", UPLOAD_FORMS)
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
    assert response.status_code == 200
    errors = file_errors(response, field)
    if form == "governing document version" and bad == "plain text":
        # The file is optional there (text or file): an empty text and no file is the form's own error.
        assert response.context["form"].non_field_errors()
        return
    assert errors, f"no message next to the file field: {all_errors(response)}"
    assert all(any(ch in message for ch in "æøåÆØÅ") or re.search(r"\b(er|må|filen|velg)\b", message, re.I)
               for message in errors), errors


def test_a_long_file_name_is_stored_under_a_short_random_name(demo, client, media):
    client, url, data, field = target("case document", demo, client)
    data[field] = SimpleUploadedFile("a" * 296 + ".pdf", PDF, content_type="application/pdf")
    files_before = listing(media)
    response = client.post(url, data)
    assert response.status_code == 302
    stored = sorted(set(listing(media)) - set(files_before))
    assert len(stored) == 1 and len(os.path.basename(stored[0])) == 36 and stored[0].endswith(".pdf")



@pytest.mark.parametrize("form", UPLOAD_FORMS)
def test_a_control_character_in_the_file_name_is_dropped_and_the_file_stored_under_a_random_name(form, demo, client, media):
    client, url, data, field = target(form, demo, client)
    data[field] = SimpleUploadedFile("rapport\x00\x1b.pdf", PDF, content_type="application/pdf")
    before, files_before = counts(COUNTED), listing(media)
    response = client.post(url, data)
    assert response.status_code == 302, all_errors(response)
    new_files = sorted(set(listing(media)) - set(files_before))
    assert len(new_files) == 1
    stored = os.path.basename(new_files[0])
    assert len(stored) == 36 and stored.endswith(".pdf") and stored[:32].isalnum(), stored
    with open(os.path.join(media, new_files[0]), "rb") as handle:
        assert handle.read() == PDF
    assert counts(COUNTED) != before
    shown = client.get(response["Location"]).content.decode()
    assert "\x00" not in shown and "\x1b" not in shown


def spreadsheet(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


IMPORT_COUNTED = ["members.Person", "members.Membership", "members.ExOfficioSeat", "bodies.Body", "bodies.Party",
                  "bodies.Region", "bodies.Partnership", "bodies.BodyKind", "bodies.CompositionRule"]
IMPORT_BAD_FILES = {
    "ZIP named .xlsx": ("personer.xlsx", a_zip()),
    "HTML named .xlsx": ("personer.xlsx", b"<html><script>alert(1)</script></html>"),
    "empty .xlsx": ("personer.xlsx", b""),
    "PDF named .xlsx": ("personer.xlsx", PDF),
    "spreadsheet without a type column": ("personer.xlsx", spreadsheet([["navn"], ["Kari"]])),
    "spreadsheet with odd characters, a formula and huge cells": ("personer.xlsx", spreadsheet(
        [["type", "fornavn", "etternavn", "helsefellesskap"], ["person", "Kari\u202e", "x" * 30000, "Finnmark"],
         ["person", "=HYPERLINK(\"http://x\")", "Nordmann", "Finnmark"], ["zzz", "", "", ""]])),
    "binary named .csv": ("personer.csv", bytes(range(256)) * 8),
    "CSV with NUL": ("personer.csv", b"type;fornavn\nperson;Ka\x00ri\n"),
    "CSV with a huge cell": ("personer.csv", b"type;fornavn;etternavn\nperson;" + b"x" * 100_000 + b";Nordmann\n"),
    "double extension": ("personer.xlsx.exe", spreadsheet([["type"], ["person"]])),
    "over 5 MB": ("personer.csv", b"type\n" + b"x" * (5 * 1024 * 1024)),
    "plain text": (None, "ikke en fil"),
}


@pytest.mark.parametrize("bad", list(IMPORT_BAD_FILES), ids=list(IMPORT_BAD_FILES))
def test_a_malformed_person_import_is_refused_with_a_message_and_nothing_saved(bad, demo, client, media):
    client.force_login(get_user_model().objects.create_user("admin-import", is_staff=True, is_superuser=True))
    url = reverse("admin:members_onboarding")
    filename, content = IMPORT_BAD_FILES[bad]
    data = {"file": content if filename is None else SimpleUploadedFile(filename, content)}
    before, files_before = counts(IMPORT_COUNTED), listing(media)
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    assert counts(IMPORT_COUNTED) == before, "nothing saved"
    assert listing(media) == files_before
    messages = list(response.context["form"].errors.get("file", [])) + list(response.context["errors"])
    assert messages, "a message about the file"
    page = response.content.decode()
    assert all(escape(str(message)) in page for message in messages), "the messages are shown"
    assert response.context["result"] is None
