"""The meeting pack (møtepakke): one PDF with the notice, every case presentation and the PDF attachments.

WeasyPrint renders the notice and the case presentations, with PDF bookmarks from the headings (one per
case, one per attachment below it). Each PDF attachment is put in after a cover page that carries its
bookmark (pypdf), and every page of the whole pack is then numbered «Side N av M».

Two variants: the public one (documents open to anyone) and the member one, which also carries the exempt
documents the reader is entitled to open (cases.documents.documents_for_reader); the view logs those.
The supplementary notice's PDF (tilleggsinnkalling) is made here too.
"""
import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from weasyprint import HTML

from cases.documents import documents_for_reader
from common import files

from . import pdf
from .emails import agenda_context


@dataclass
class Attachment:
    document: object
    anchor: str
    content: bytes = b""
    included: bool = False


@dataclass
class Section:
    number: int
    case: object
    presentation: dict
    attachments: list = field(default_factory=list)
    not_included: list = field(default_factory=list)


@dataclass
class Pack:
    content: bytes
    exempt_included: list


def _read_pdf(document):
    """The bytes of a stored PDF attachment that pypdf can read and copy, or None."""
    if not document.file:
        return None
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        return None
    file_type = files.detect_bytes(content)
    if file_type is None or file_type.mime != files.PDF:
        return None
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted or not len(reader.pages):
            return None
    except (PdfReadError, ValueError, OSError, KeyError, TypeError):
        return None
    return content


def _sections(meeting, *, reader, public):
    sections = []
    for entry in agenda_context(meeting, reader=None if public else reader):
        case = entry["case"]
        if case is None:
            continue
        readable = documents_for_reader(case, reader, public=public)
        presentation = {**pdf.case_presentation_context(case), "documents": [r.document for r in readable]}
        section = Section(number=entry["number"], case=case, presentation=presentation)
        for row in readable:
            content = _read_pdf(row.document) if row.may_open else None
            if content is None:
                section.not_included.append(row)
                continue
            section.attachments.append(Attachment(row.document, f"vedlegg-{row.document.pk}", content, True))
        sections.append(section)
    return sections


def _render(template, context):
    html = render_to_string(template, context)
    return HTML(string=html, base_url=pdf.default_base_url(), url_fetcher=pdf.local_fetcher()).render()


def _page_numbers(count):
    """A transparent page per page of the pack, with only «Side N av M» in the corner, to lay over the pages."""
    html = render_to_string("meetings/pdf/page_numbers.html", {"pages": range(count)})
    return PdfReader(io.BytesIO(HTML(string=html).write_pdf()))


def _numbered(writer):
    numbers = _page_numbers(len(writer.pages))
    for page, number in zip(writer.pages, numbers.pages):
        page.merge_page(number)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_attachments(document, sections):
    """The rendered pages, with each attachment's pages put in after the cover page that carries its bookmark."""
    cover_page = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            cover_page.setdefault(anchor, index)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(document.write_pdf())))
    inserts = [(cover_page[a.anchor] + 1, a) for s in sections for a in s.attachments if a.anchor in cover_page]
    for position, attachment in sorted(inserts, key=lambda pair: pair[0], reverse=True):
        writer.merge(position, io.BytesIO(attachment.content), import_outline=False)
    return writer


def meeting_pack(meeting, *, reader=None, public=True):
    """The meeting pack as PDF bytes, with the exempt documents it carries (for the access log).

    ``public``: only what anyone may open. Otherwise ``reader`` (a user) gets the exempt documents they may open.
    """
    with meeting.body.in_own_language():
        sections = _sections(meeting, reader=reader, public=public)
        context = {
            **pdf.notice_context(meeting), "sections": sections, "public": public, "show_video_link": False,
            "generated_at": timezone.localtime(),
        }
        document = _render("meetings/pdf/pack.html", context)
        content = _numbered(_with_attachments(document, sections))
    exempt = [a.document for s in sections for a in s.attachments if a.document.exempt]
    return Pack(content=content, exempt_included=exempt)


def supplementary_notice_pdf(notice):
    """The supplementary notice: the changes it sends, with their reasons, and the agenda as it now stands."""
    meeting = notice.meeting
    with meeting.body.in_own_language():
        changes = list(notice.changes.select_related("case", "moved_to__body").order_by("changed_at", "pk"))
        context = {**pdf.notice_context(meeting), "notice": notice, "changes": changes, "notice_changes": [],
                   "sent_at": timezone.localtime(notice.sent_at)}
        return pdf.render_pdf("meetings/pdf/supplementary_notice.html", context, base_url=pdf.default_base_url())
