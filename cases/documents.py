"""Case documents: upload, new versions (earlier ones kept), exempt from public access with the legal basis.

Every file goes through common.files (allowed types by the bytes, size limit, random stored name). Who may
open an exempt document is bodies.permissions.can_view_exempt; what a reader may open is worked out here once,
for the case page, the notice e-mail and the meeting pack.
"""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.history import history_user, stamp
from bodies.permissions import can_view_exempt
from common import files

from .models import Case, CaseDocument

MSG_NO_FILE = gettext_lazy("Velg filen som skal lastes opp.")
MSG_NO_TITLE = gettext_lazy("Gi dokumentet en tittel.")
MSG_NOT_CURRENT = gettext_lazy("Dokumentet har allerede en nyere versjon; last opp den nye versjonen på den nyeste.")
MSG_CLOSED = gettext_lazy("Saken er avsluttet; dokumenter kan ikke legges til.")


def _checked_file(upload):
    """The upload checked by its content and renamed at random; a missing file is refused next to the field."""
    if upload is None or not getattr(upload, "name", ""):
        raise ValidationError({"file": MSG_NO_FILE})
    try:
        return files.clean_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


def _save(document, *, by, reason):
    stamp(document, by, reason)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_upload(*, case, title, file, by, exempt=False, legal_basis=""):
    """Add a document to a case: a title, a checked file, and, when exempt from public access, its legal basis."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if not can_add_documents(case):
        raise ValidationError(MSG_CLOSED)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": MSG_NO_TITLE})
    document = CaseDocument(case=case, title=title, exempt=bool(exempt), legal_basis=(legal_basis or "").strip() if exempt else "",
                            uploaded_at=timezone.now(), uploaded_by=history_user(by))
    document.full_clean(exclude=["file"])
    document.file = _checked_file(file)
    return _save(document, by=by, reason=_("Dokument lastet opp"))


@transaction.atomic
def document_new_version(*, document, file, by, title=None, exempt=None, legal_basis=None):
    """A new version of a document: a new row that replaces it; the earlier version is kept and listed.

    Title, exemption and legal basis follow the earlier version unless given.
    """
    earlier = CaseDocument.objects.select_for_update(of=("self",)).select_related("case").get(pk=document.pk)
    if not earlier.is_current:
        raise ValidationError(MSG_NOT_CURRENT)
    if not can_add_documents(earlier.case):
        raise ValidationError(MSG_CLOSED)
    exempt = earlier.exempt if exempt is None else bool(exempt)
    title = earlier.title if title is None or not title.strip() else title.strip()
    if legal_basis is None:
        legal_basis = earlier.legal_basis
    document = CaseDocument(case=earlier.case, title=title, exempt=exempt, legal_basis=legal_basis.strip() if exempt else "",
                            previous=earlier, version=earlier.version + 1, uploaded_at=timezone.now(),
                            uploaded_by=history_user(by))
    document.full_clean(exclude=["file", "previous"])
    document.file = _checked_file(file)
    return _save(document, by=by, reason=_("Ny versjon %(version)s av «%(title)s»") % {"version": document.version,
                                                                                    "title": earlier.title})


@dataclass
class ReadableDocument:
    """A document as one reader sees it: may they open the file, and is it exempt."""

    document: CaseDocument
    may_open: bool

    @property
    def exempt(self):
        return self.document.exempt


def documents_for_reader(case, user, *, public=False):
    """The current documents of a case, each with whether this reader may open it.

    ``public``: the reader is anyone (no login): exempt documents show their title and legal basis only.
    The answer to «may this user open exempt documents of the case» is asked once per case.
    """
    documents = list(case.documents.current().order_by("uploaded_at", "pk"))
    entitled = None
    rows = []
    for document in documents:
        if not document.exempt:
            rows.append(ReadableDocument(document, True))
            continue
        if entitled is None:
            entitled = not public and user is not None and can_view_exempt(user, document)
        rows.append(ReadableDocument(document, entitled))
    return rows


def can_add_documents(case):
    """Documents may be added and replaced until the case is closed (the services refuse it after)."""
    return case.status != Case.Status.CLOSED


@dataclass
class CaseDocuments:
    rows: list
    can_add: bool


def case_documents(case):
    """What the case page shows of the documents, and whether it offers the upload buttons."""
    return CaseDocuments(rows=document_rows(case), can_add=can_add_documents(case))


def document_rows(case):
    """The case page's documents: each current document with its earlier versions, oldest document first."""
    # What the list shows of each version; the earlier versions are found among the same rows.
    documents = list(case.documents.only("title", "file", "exempt", "legal_basis", "uploaded_at", "previous", "version")
                     .order_by("uploaded_at", "pk"))
    by_pk = {d.pk: d for d in documents}
    replaced = {d.previous_id for d in documents if d.previous_id}
    rows = []
    for document in documents:
        if document.pk in replaced:
            continue
        earlier, previous = [], by_pk.get(document.previous_id)
        while previous is not None:
            earlier.append(previous)
            previous = by_pk.get(previous.previous_id)
        rows.append({"document": document, "earlier": earlier})
    return rows
