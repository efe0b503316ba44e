"""Files in and out: uploads are checked by their content, and every file goes out through one response helper.

In: an allow-list of types (PDF, office documents, common images; no SVG, HTML or script), a size limit
(``settings.UPLOAD_MAX_BYTES``), the type detected from the file's bytes (the ``filetype`` library, plus a
look inside ZIP containers for the office formats), and the file name's extension must agree with the
content. The stored name is random (``<uuid4 hex>.<ext>``; the field's ``upload_to`` adds ``cases/<year>/``),
so a file address cannot be guessed and says nothing about the content.

Out: ``file_response`` sets the content type from the detected type (never from the stored name),
``Content-Disposition: attachment`` for everything but PDF, ``X-Content-Type-Options: nosniff`` and a
sandbox Content-Security-Policy (Django's CSP middleware keeps a header a view has set). Exempt files are
also marked ``Cache-Control: private, no-store``.
"""
import io
import re
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192
FILE_CSP = "sandbox; default-src 'none'"
OCTET_STREAM = "application/octet-stream"
PDF = "application/pdf"

# Extension -> MIME type of every type that may be uploaded.
ALLOWED_TYPES = {
    "pdf": PDF,
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
EXTENSION_ALIASES = {"jpeg": "jpg", "jpe": "jpg", "apng": "png"}
MIME_TO_EXTENSION = {mime: ext for ext, mime in ALLOWED_TYPES.items()}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of the legacy .doc, .xls and .ppt
OLE_EXTENSIONS = ("doc", "xls", "ppt")
OOXML_MAIN_PART = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}

TYPE_NOT_ALLOWED = _("Filtypen er ikke tillatt. Last opp PDF, Word, Excel, PowerPoint, OpenDocument eller et bilde "
                     "(PNG, JPEG, GIF, WebP). HTML, SVG og skript kan ikke lastes opp.")
NAME_DOES_NOT_MATCH = _("Filnavnet slutter på «%(extension)s», men innholdet er en %(expected)s-fil. Gi filen riktig "
                        "endelse eller last opp riktig fil.")
NO_EXTENSION = _("Filnavnet mangler endelse. Innholdet er en %(expected)s-fil; gi filen den endelsen.")
TOO_LARGE = _("Filen er for stor (%(size)s). Største tillatte størrelse er %(limit)s.")
EMPTY = _("Filen er tom.")
PDF_SCRIPT = _("PDF-filen inneholder skript (JavaScript) eller handlinger som kjøres når den åpnes. Lagre den som "
               "en ny PDF uten skript og last den opp på nytt.")
# PDF names that run or launch something when the file is opened (looked for in the raw bytes).
PDF_ACTIVE_NAMES = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")


@dataclass(frozen=True)
class FileType:
    """What a file's bytes say it is. ``extensions`` are the name endings that agree with the content."""

    mime: str
    extensions: tuple

    @property
    def extension(self):
        return self.extensions[0]


def upload_max_bytes():
    return settings.UPLOAD_MAX_BYTES


def _zip_type(fileobj):
    """An OpenDocument or Office Open XML file, told apart by what the ZIP container holds; None otherwise."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    mime = entry.read(100).decode("ascii", "replace").strip()
                extension = MIME_TO_EXTENSION.get(mime)
                return FileType(mime, (extension,)) if extension in ("odt", "ods", "odp") else None
            if "[Content_Types].xml" in names:
                for part, extension in OOXML_MAIN_PART.items():
                    if part in names:
                        return FileType(ALLOWED_TYPES[extension], (extension,))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    return None


def detect(fileobj):
    """The allowed type of a binary file object (read from its start, position kept), or None."""
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        fileobj.seek(0)
        head = fileobj.read(HEAD_BYTES)
        if not head:
            return None
        if head.startswith(b"PK\x03\x04"):
            fileobj.seek(0)
            return _zip_type(fileobj)
        if head.startswith(OLE_MAGIC):
            kind = filetype.guess(head)
            extension = kind.extension if kind is not None and kind.extension in OLE_EXTENSIONS else None
            if extension:
                return FileType(ALLOWED_TYPES[extension], (extension,))
            # A legacy Office file the signature table does not name: the container is known, not the program.
            return FileType(OCTET_STREAM, OLE_EXTENSIONS)
        kind = filetype.guess(head)
        if kind is None:
            return None
        extension = EXTENSION_ALIASES.get(kind.extension, kind.extension)
        if extension not in ALLOWED_TYPES or extension in OLE_EXTENSIONS:
            return None
        extensions = ("jpg", "jpeg") if extension == "jpg" else (extension,)
        return FileType(ALLOWED_TYPES[extension], extensions)
    finally:
        fileobj.seek(position)


def detect_bytes(data):
    return detect(io.BytesIO(data))


def _extension_of(name):
    name = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""


def _megabytes(size):
    """A size as people read it: «25 MB», «1,5 MB», «12 kB»."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " MB"
    return f"{max(1, round(size / 1024))} kB"


def _pdf_has_active_content(fileobj):
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        fileobj.seek(0)
        return bool(PDF_ACTIVE_NAMES.search(fileobj.read()))
    finally:
        fileobj.seek(position)


def check_upload(upload):
    """Validate an uploaded file; return its FileType or raise ValidationError with a Norwegian message."""
    size = getattr(upload, "size", None)
    limit = upload_max_bytes()
    if size is not None and size > limit:
        raise ValidationError(TOO_LARGE, code="file_too_large",
                              params={"size": _megabytes(size), "limit": _megabytes(limit)})
    if size == 0:
        raise ValidationError(EMPTY, code="file_empty")
    file_type = detect(upload)
    if file_type is None:
        raise ValidationError(TYPE_NOT_ALLOWED, code="file_type_not_allowed")
    if file_type.mime == PDF and _pdf_has_active_content(upload):
        raise ValidationError(PDF_SCRIPT, code="file_pdf_script")
    extension = _extension_of(getattr(upload, "name", ""))
    if extension not in file_type.extensions:
        expected = " / ".join(f".{e}" for e in OLE_EXTENSIONS) if file_type.mime == OCTET_STREAM else f".{file_type.extension}"
        if not extension:
            raise ValidationError(NO_EXTENSION, code="file_name_mismatch", params={"expected": expected})
        raise ValidationError(NAME_DOES_NOT_MATCH, code="file_name_mismatch",
                              params={"extension": f".{extension}", "expected": expected})
    return file_type


def stored_name(extension):
    """A random file name that keeps the (checked) extension; the field's upload_to adds the folder and year."""
    return f"{uuid.uuid4().hex}.{extension.lower()}"


def clean_upload(upload):
    """Check an uploaded file and give it a random name before it is saved; returns the same upload object.

    For a form's ``clean_<field>``: anything that is not a new upload (the file already stored, a cleared
    field, nothing) is returned unchanged.
    """
    if not isinstance(upload, UploadedFile):
        return upload
    check_upload(upload)
    upload.name = stored_name(_extension_of(upload.name))
    return upload


def download_name(title, file_type=None, *, extension=None):
    """A readable download name: the title slugified, plus the extension of the detected type."""
    extension = extension or (file_type.extension if file_type is not None else "")
    base = slugify(title or "")[:80].strip("-") or "dokument"
    return f"{base}.{extension}" if extension else base


def file_response(content, *, filename, content_type=None, private=False, inline_pdf=True):
    """The response for a file: ``content`` is bytes or a binary file object (closed by the response).

    The content type is the one given (for files the app writes itself: CSV, generated PDF) or the type
    detected from the bytes; anything not recognised goes out as application/octet-stream. Only a PDF may
    be shown inline; every other file is an attachment.
    """
    if content_type is None:
        file_type = detect_bytes(content) if isinstance(content, bytes) else detect(content)
        content_type = file_type.mime if file_type is not None else OCTET_STREAM
    inline = inline_pdf and content_type.split(";")[0].strip() == PDF
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def stored_file_response(field_file, *, title, private=False):
    """Serve a stored FileField file under a name made from ``title`` and the type its bytes show.

    A file missing from the storage answers 404 (``verify_archive`` reports such rows), not 500.
    """
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    file_type = detect(handle)
    return file_response(handle, filename=download_name(title, file_type),
                         content_type=file_type.mime if file_type is not None else OCTET_STREAM, private=private)
