"""A Noark 5 (version 5.0) archive extract of one partnership's year: what the Archives Act asks to be kept.

The extract holds

- ``arkivstruktur.xml``: arkiv → arkivskaper, arkivdel (the year) → klassifikasjonssystem → one klasse per body
  → a møtemappe per meeting (a møteregistrering per case on the agenda and one for the minutes) and a saksmappe
  per case numbered that year (a journalpost per case document) → dokumentbeskrivelse → dokumentobjekt with the
  SHA-256 checksum of the file in ``dokumenter/``;
- ``endringslogg.xml``: the recorded changes of the cases' status and title and the corrections of the minutes;
- ``arkivuttrekk.xml``: the ADDML description of the extract (period, counts, checksums of the two files above).

Elements follow the order of the standard's XML schema (arkivstruktur.xsd, endringslogg.xsd; specialisations
by ``xsi:type``, their own elements after the base type's). Documents are exported as stored: the archival
PDF/A of approved minutes (``meetings.MinutesDocument``, checked against the checksum recorded when it was made)
and the case documents. Exempt documents are included and marked with ``skjerming`` and their legal basis
(``skjermingshjemmel``). Nothing is rendered here: approved minutes without a stored archival PDF are reported
in ``Extract.warnings``.
"""
import datetime
import hashlib
import io
import os
import re
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies.models import Body
from cases.models import Case, CaseDocument
from meetings.models import AgendaItem, Attendance, Meeting, MinutesCorrection, MinutesDocument

N5 = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
N5_LOG = "http://www.arkivverket.no/standarder/noark5/endringslogg"
ADDML = "http://www.arkivverket.no/standarder/addml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SYSTEM_NAME = "Helsefellesskap"
DOCUMENT_DIR = "dokumenter"
CHECKSUM_ALGORITHM = "SHA256"
FILE_NAMES = ("arkivstruktur.xml", "endringslogg.xml", "arkivuttrekk.xml")


class ExportError(Exception):
    """The extract cannot be made faithfully (a stored file is missing or no longer matches its checksum)."""


@dataclass
class DocumentFile:
    path: str  # inside the extract, e.g. "dokumenter/<uuid>.pdf"
    field_file: object
    sha256: str
    size: int


@dataclass
class Extract:
    partnership: object
    year: int
    xml: dict = field(default_factory=dict)  # file name -> bytes
    documents: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def write_to(self, directory):
        """Write the extract into ``directory`` (created if missing); returns the paths written."""
        root = Path(directory)
        (root / DOCUMENT_DIR).mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in self.xml.items():
            (root / name).write_bytes(content)
            written.append(root / name)
        for document in self.documents:
            target = root / document.path
            with document.field_file.open("rb") as source:
                target.write_bytes(source.read())
            written.append(target)
        return written

    def zip_bytes(self):
        buffer = io.BytesIO()
        prefix = f"noark5-{self.partnership.slug}-{self.year}/"
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.xml.items():
                archive.writestr(prefix + name, content)
            for document in self.documents:
                with document.field_file.open("rb") as source:
                    archive.writestr(prefix + document.path, source.read())
        return buffer.getvalue()


# -- small helpers -------------------------------------------------------------------------------------

def system_id(partnership, kind, pk=""):
    """A stable UUID per record, so a second extract of the same year names everything the same."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"helsefellesskap:{partnership.slug}:{kind}:{pk}"))


def _dt(value):
    return timezone.localtime(value).isoformat(timespec="seconds")


def _date(value):
    return (timezone.localdate(value) if hasattr(value, "tzinfo") and value.tzinfo else value).isoformat()


def _user(user, default=SYSTEM_NAME):
    if user is None:
        return default
    return (user.get_full_name() or user.get_username() or default).strip() or default


def _el(parent, tag, text=None, ns=N5):
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = str(text)
    return element


def _first_history(model, ids):
    """(created date, user) of each row's first history record, in one query."""
    found = {}
    rows = (model.history.filter(id__in=ids).select_related("history_user").order_by("id", "history_date", "history_id"))
    for row in rows:
        found.setdefault(row.id, (row.history_date, row.history_user))
    return found


def _read_checked(field_file, expected=None, *, label):
    try:
        with field_file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError) as exc:
        raise ExportError(_("%(label)s: filen mangler (%(name)s).") % {"label": label, "name": field_file.name}) from exc
    digest = hashlib.sha256(content).hexdigest()
    if expected and digest != expected:
        raise ExportError(_("%(label)s: sjekksummen stemmer ikke med den som ble registrert da filen ble arkivert.") % {"label": label})
    return digest, len(content)


def _access_code(legal_basis):
    """The offentleglova paragraph as the code of tilgangsrestriksjon (M500), e.g. «offentleglova § 14» → «14»."""
    match = re.search(r"§\s*(\d+)", legal_basis or "")
    return match.group(1) if match else "XX"


# -- the extract ---------------------------------------------------------------------------------------

class _Builder:
    def __init__(self, partnership, year):
        self.partnership = partnership
        self.year = year
        self.now = timezone.now()
        self.extract = Extract(partnership=partnership, year=year)
        self.journal_sequence = 0
        self.counts = defaultdict(int)
        self.exempt = False
        self.case_folder_ids = {}

    def sid(self, kind, pk=""):
        return system_id(self.partnership, kind, pk)

    def load(self):
        year, partnership = self.year, self.partnership
        items = AgendaItem.objects.filter(handling__isnull=False).select_related("handling__case").order_by("position", "pk")
        present = Attendance.objects.filter(status=Attendance.Status.PRESENT).select_related("membership__person").order_by(
            "membership__role", "membership__person__last_name", "pk")
        self.meetings = list(
            Meeting.objects.filter(body__partnership=partnership, starts_at__year=year).select_related(
                "body", "minutes__approved_by_user").prefetch_related(
                Prefetch("items", queryset=items, to_attr="case_items"),
                Prefetch("attendances", queryset=present, to_attr="present"),
                Prefetch("minutes__documents", queryset=MinutesDocument.objects.order_by("version")),
                Prefetch("minutes__corrections", queryset=MinutesCorrection.objects.select_related("corrected_by").order_by("version")),
                "items__handling__decisions__points",
            ).order_by("starts_at", "pk"))
        self.cases = list(
            Case.objects.filter(partnership=partnership, year=year, number__isnull=False).select_related(
                "body", "on_behalf_of", "reported_by", "reported_by_user").prefetch_related(
                Prefetch("documents", queryset=CaseDocument.objects.select_related("uploaded_by").order_by("uploaded_at", "pk")),
            ).order_by("body__level", "body__name", "number"))
        body_ids = {m.body_id for m in self.meetings} | {c.body_id for c in self.cases}
        self.bodies = list(Body.objects.filter(pk__in=body_ids).order_by("level", "name"))
        self.secretariat = Body.objects.filter(partnership=partnership, kind__is_secretariat=True).order_by("pk").first()
        self.meeting_created = _first_history(Meeting, [m.pk for m in self.meetings])
        self.item_created = _first_history(AgendaItem, [i.pk for m in self.meetings for i in m.case_items])
        self.body_created = _first_history(Body, list(body_ids))
        self.case_history = defaultdict(list)
        for row in Case.history.filter(id__in=[c.pk for c in self.cases]).select_related("history_user").order_by(
                "id", "history_date", "history_id"):
            self.case_history[row.id].append(row)

    @property
    def unit(self):
        return self.secretariat.name if self.secretariat else self.partnership.name

    # -- arkivstruktur.xml

    def arkivstruktur(self):
        p = self.partnership
        arkiv = ET.Element(f"{{{N5}}}arkiv", {f"{{{XSI}}}schemaLocation": f"{N5} arkivstruktur.xsd"})
        start = timezone.make_aware(datetime.datetime(self.year, 1, 1))
        _el(arkiv, "systemID", self.sid("arkiv"))
        _el(arkiv, "tittel", p.name)
        if p.description:
            _el(arkiv, "beskrivelse", p.description)
        _el(arkiv, "arkivstatus", "Avsluttet")
        _el(arkiv, "dokumentmedium", "Elektronisk arkiv")
        _el(arkiv, "opprettetDato", _dt(start))
        _el(arkiv, "opprettetAv", SYSTEM_NAME)
        _el(arkiv, "avsluttetDato", _dt(self.now))
        _el(arkiv, "avsluttetAv", SYSTEM_NAME)
        creator = _el(arkiv, "arkivskaper")
        _el(creator, "arkivskaperID", p.slug)
        _el(creator, "arkivskaperNavn", p.name)
        self.arkivdel(_el(arkiv, "arkivdel"), start)
        return arkiv

    def arkivdel(self, part, start):
        _el(part, "systemID", self.sid("arkivdel", self.year))
        _el(part, "tittel", f"Møter og saker {self.year}")
        _el(part, "arkivdelstatus", "Avsluttet periode")
        _el(part, "dokumentmedium", "Elektronisk arkiv")
        _el(part, "opprettetDato", _dt(start))
        _el(part, "opprettetAv", SYSTEM_NAME)
        _el(part, "avsluttetDato", _dt(self.now))
        _el(part, "avsluttetAv", SYSTEM_NAME)
        _el(part, "arkivperiodeStartDato", f"{self.year}-01-01")
        _el(part, "arkivperiodeSluttDato", f"{self.year}-12-31")
        scheme = _el(part, "klassifikasjonssystem")
        _el(scheme, "systemID", self.sid("klassifikasjonssystem"))
        _el(scheme, "klassifikasjonstype", "Objektbasert")
        _el(scheme, "tittel", f"Organer i {self.partnership.name}")
        _el(scheme, "opprettetDato", _dt(start))
        _el(scheme, "opprettetAv", SYSTEM_NAME)
        for case in self.cases:
            self.case_folder_ids[case.pk] = self.sid("saksmappe", case.pk)
        for body in self.bodies:
            self.klasse(_el(scheme, "klasse"), body, start)

    def klasse(self, klasse, body, start):
        created, user = self.body_created.get(body.pk, (start, None))
        _el(klasse, "systemID", self.sid("klasse", body.pk))
        _el(klasse, "klasseID", body.name)
        _el(klasse, "tittel", body.name)
        if body.mandate:
            _el(klasse, "beskrivelse", body.mandate)
        _el(klasse, "opprettetDato", _dt(created))
        _el(klasse, "opprettetAv", _user(user))
        meetings = [m for m in self.meetings if m.body_id == body.pk]
        for number, meeting in enumerate(meetings, start=1):
            previous = meetings[number - 2] if number > 1 else None
            following = meetings[number] if number < len(meetings) else None
            self.moetemappe(_el(klasse, "mappe"), meeting, number, previous, following)
        for case in (c for c in self.cases if c.body_id == body.pk):
            self.saksmappe(_el(klasse, "mappe"), case)

    def _mappe_head(self, mappe, *, sid, mappe_id, title, created, created_by, closed, closed_by):
        self.counts["mappe"] += 1
        _el(mappe, "systemID", sid)
        _el(mappe, "mappeID", mappe_id)
        _el(mappe, "tittel", title)
        _el(mappe, "opprettetDato", _dt(created))
        _el(mappe, "opprettetAv", created_by)
        _el(mappe, "avsluttetDato", _dt(closed))
        _el(mappe, "avsluttetAv", closed_by)

    def moetemappe(self, mappe, meeting, number, previous, following):
        mappe.set(f"{{{XSI}}}type", "moetemappe")
        minutes = getattr(meeting, "minutes", None)
        approved = minutes is not None and minutes.is_approved
        created, user = self.meeting_created.get(meeting.pk, (meeting.starts_at, None))
        local = timezone.localtime(meeting.starts_at)
        self._mappe_head(mappe, sid=self.sid("moetemappe", meeting.pk), mappe_id=f"{meeting.body.short_name or meeting.body.name} {number}/{self.year}",
                         title=f"{meeting.title or meeting.body.name} {local:%d.%m.%Y}", created=created, created_by=_user(user),
                         closed=minutes.approved_at if approved else meeting.ends_at,
                         closed_by=_user(minutes.approved_by_user) if approved else self.unit)
        for item in meeting.case_items:
            self.item_registrering(_el(mappe, "registrering"), meeting, item, minutes if approved else None)
        if approved:
            self.minutes_registrering(_el(mappe, "registrering"), meeting, minutes)
        _el(mappe, "moetenummer", f"{number}/{self.year}")
        _el(mappe, "utvalg", meeting.body.name)
        _el(mappe, "moetedato", local.date().isoformat())
        if meeting.place:
            _el(mappe, "moetested", meeting.place)
        if previous is not None:
            _el(mappe, "referanseForrigeMoete", self.sid("moetemappe", previous.pk))
        if following is not None:
            _el(mappe, "referanseNesteMoete", self.sid("moetemappe", following.pk))
        for attendance in meeting.present:
            participant = _el(mappe, "moetedeltaker")
            _el(participant, "moetedeltakerNavn", attendance.membership.person.full_name)
            _el(participant, "moetedeltakerFunksjon", attendance.membership.get_role_display())

    def _registrering_head(self, registrering, *, sid, created, created_by, archived, archived_by):
        self.counts["registrering"] += 1
        _el(registrering, "systemID", sid)
        _el(registrering, "opprettetDato", _dt(created))
        _el(registrering, "opprettetAv", created_by)
        _el(registrering, "arkivertDato", _dt(archived))
        _el(registrering, "arkivertAv", archived_by)

    def item_registrering(self, registrering, meeting, item, minutes):
        registrering.set(f"{{{XSI}}}type", "moeteregistrering")
        handling, case = item.handling, item.handling.case
        created, user = self.item_created.get(item.pk, (meeting.starts_at, None))
        decisions = sorted(handling.decisions.all(), key=lambda d: d.version) if minutes else []
        self._registrering_head(registrering, sid=self.sid("moeteregistrering", item.pk), created=created, created_by=_user(user),
                                archived=minutes.approved_at if minutes else meeting.ends_at,
                                archived_by=_user(minutes.approved_by_user) if minutes else self.unit)
        _el(registrering, "registreringsID", f"{timezone.localtime(meeting.starts_at):%Y-%m-%d} sak {item.position}")
        _el(registrering, "tittel", str(case))
        if decisions:
            latest = decisions[-1]
            text = "\n".join(f"{p.number}. {p.text}" for p in sorted(latest.points.all(), key=lambda p: p.number))
            if text:
                _el(registrering, "beskrivelse", text)
        if case.pk in self.case_folder_ids:
            reference = _el(registrering, "kryssreferanse")
            _el(reference, "referanseTilMappe", self.case_folder_ids[case.pk])
        _el(registrering, "moeteregistreringstype", "Saksprotokoll" if decisions else "Saksframlegg")
        _el(registrering, "moetesakstype", handling.get_purpose_display())
        _el(registrering, "administrativEnhet", self.unit)
        _el(registrering, "saksbehandler", self.unit)

    def minutes_registrering(self, registrering, meeting, minutes):
        registrering.set(f"{{{XSI}}}type", "moeteregistrering")
        documents = list(minutes.documents.all())
        by = _user(minutes.approved_by_user)
        self._registrering_head(registrering, sid=self.sid("protokoll", minutes.pk), created=minutes.approved_at, created_by=by,
                                archived=minutes.approved_at, archived_by=by)
        title = f"Protokoll {meeting.body.name} {timezone.localtime(meeting.starts_at):%d.%m.%Y}"
        if documents:
            self.counts["dokumentbeskrivelse"] += 1
            description = _el(registrering, "dokumentbeskrivelse")
            _el(description, "systemID", self.sid("protokoll-dokument", minutes.pk))
            _el(description, "dokumenttype", "Møteprotokoll")
            _el(description, "dokumentstatus", "Dokumentet er ferdigstilt")
            _el(description, "tittel", title)
            _el(description, "opprettetDato", _dt(documents[0].created_at))
            _el(description, "opprettetAv", by)
            _el(description, "tilknyttetRegistreringSom", "Hoveddokument")
            _el(description, "dokumentnummer", 1)
            _el(description, "tilknyttetDato", _dt(documents[0].created_at))
            _el(description, "tilknyttetAv", by)
            for document in documents:
                digest, size = _read_checked(document.file, document.sha256, label=str(document))
                self.dokumentobjekt(_el(description, "dokumentobjekt"), sid=self.sid("protokoll-fil", document.pk),
                                    version=document.version, variant="Arkivformat", file_format="PDF/A",
                                    details=document.pdf_variant.upper(), created=document.created_at, created_by=by,
                                    field_file=document.file, digest=digest, size=size)
        else:
            self.extract.warnings.append(
                _("Protokollen fra %(meeting)s er godkjent, men den arkiverte PDF-en er ikke lagret; uttrekket har ingen fil for den.")
                % {"meeting": meeting})
        _el(registrering, "registreringsID", f"{timezone.localtime(meeting.starts_at):%Y-%m-%d} protokoll")
        _el(registrering, "tittel", title)
        _el(registrering, "moeteregistreringstype", "Møteprotokoll")
        _el(registrering, "administrativEnhet", self.unit)
        _el(registrering, "saksbehandler", self.unit)

    def dokumentobjekt(self, element, *, sid, version, variant, file_format, details, created, created_by, field_file, digest, size):
        self.counts["dokumentobjekt"] += 1
        extension = os.path.splitext(field_file.name)[1].lower() or ".bin"
        path = f"{DOCUMENT_DIR}/{sid}{extension}"
        _el(element, "systemID", sid)
        _el(element, "versjonsnummer", version)
        _el(element, "variantformat", variant)
        _el(element, "format", file_format)
        if details:
            _el(element, "formatDetaljer", details)
        _el(element, "opprettetDato", _dt(created))
        _el(element, "opprettetAv", created_by)
        _el(element, "referanseDokumentfil", path)
        _el(element, "sjekksum", digest)
        _el(element, "sjekksumAlgoritme", CHECKSUM_ALGORITHM)
        _el(element, "filstoerrelse", size)
        self.extract.documents.append(DocumentFile(path=path, field_file=field_file, sha256=digest, size=size))

    def _case_closed(self, case):
        """When the case was closed (its history), or its latest recorded change while still open."""
        rows = self.case_history.get(case.pk, [])
        for row in rows:
            if row.status == Case.Status.CLOSED:
                return row.history_date, _user(row.history_user, self.unit)
        if rows:
            return rows[-1].history_date, _user(rows[-1].history_user, self.unit)
        return case.registered_at or case.reported_at, self.unit

    def saksmappe(self, mappe, case):
        mappe.set(f"{{{XSI}}}type", "saksmappe")
        closed, closed_by = self._case_closed(case)
        reporter = case.reported_by.full_name if case.reported_by_id else _user(case.reported_by_user, self.unit)
        self._mappe_head(mappe, sid=self.case_folder_ids[case.pk], mappe_id=f"{case.body.short_name or case.body.name} {case.number}/{case.year}",
                         title=case.title, created=case.reported_at, created_by=reporter, closed=closed, closed_by=closed_by)
        if case.on_behalf_of_id:
            party = _el(mappe, "part")
            _el(party, "partNavn", case.on_behalf_of.name)
            _el(party, "partRolle", "Innmelder")
        for number, document in enumerate(case.documents.all(), start=1):
            self.journalpost(_el(mappe, "registrering"), case, document, number)
        _el(mappe, "saksaar", case.year)
        _el(mappe, "sakssekvensnummer", case.number)
        _el(mappe, "saksdato", _date(case.registered_at or case.reported_at))
        _el(mappe, "administrativEnhet", case.body.name)
        _el(mappe, "saksansvarlig", self.unit)
        _el(mappe, "saksstatus", "Avsluttet" if case.status == Case.Status.CLOSED else "Under behandling")

    def journalpost(self, registrering, case, document, number):
        registrering.set(f"{{{XSI}}}type", "journalpost")
        self.journal_sequence += 1
        by = _user(document.uploaded_by, self.unit)
        self._registrering_head(registrering, sid=self.sid("journalpost", document.pk), created=document.uploaded_at, created_by=by,
                                archived=document.uploaded_at, archived_by=by)
        self.counts["dokumentbeskrivelse"] += 1
        description = _el(registrering, "dokumentbeskrivelse")
        _el(description, "systemID", self.sid("dokumentbeskrivelse", document.pk))
        _el(description, "dokumenttype", "Vedlegg")
        _el(description, "dokumentstatus", "Dokumentet er ferdigstilt")
        _el(description, "tittel", document.title)
        _el(description, "opprettetDato", _dt(document.uploaded_at))
        _el(description, "opprettetAv", by)
        _el(description, "tilknyttetRegistreringSom", "Hoveddokument")
        _el(description, "dokumentnummer", 1)
        _el(description, "tilknyttetDato", _dt(document.uploaded_at))
        _el(description, "tilknyttetAv", by)
        if document.exempt:
            self.exempt = True
            shielding = _el(description, "skjerming")
            _el(shielding, "tilgangsrestriksjon", _access_code(document.legal_basis))
            _el(shielding, "skjermingshjemmel", document.legal_basis or "Unntatt offentlighet")
            _el(shielding, "skjermingMetadata", "Dokumentinnhold")
            _el(shielding, "skjermingDokument", "Hele dokumentet")
        if document.file:
            digest, size = _read_checked(document.file, label=f"{case}: {document.title}")
            is_pdf = document.file.name.lower().endswith(".pdf")
            self.dokumentobjekt(_el(description, "dokumentobjekt"), sid=self.sid("dokumentobjekt", document.pk), version=1,
                                variant="Produksjonsformat", file_format="PDF" if is_pdf else os.path.splitext(document.file.name)[1].lstrip(".").upper() or "Ukjent",
                                details=None, created=document.uploaded_at, created_by=by, field_file=document.file,
                                digest=digest, size=size)
        _el(registrering, "registreringsID", f"{case.year}/{case.number}-{number}")
        _el(registrering, "tittel", document.title)
        _el(registrering, "journalaar", self.year)
        _el(registrering, "journalsekvensnummer", self.journal_sequence)
        _el(registrering, "journalpostnummer", number)
        _el(registrering, "journalposttype", "Organinternt dokument uten oppfølging")
        _el(registrering, "journalstatus", "Arkivert")
        _el(registrering, "journaldato", _date(document.uploaded_at))

    # -- endringslogg.xml

    def endringslogg(self):
        log = ET.Element(f"{{{N5_LOG}}}endringslogg", {f"{{{XSI}}}schemaLocation": f"{N5_LOG} endringslogg.xsd"})
        changes = []
        labels = dict(Case.Status.choices)
        for case in self.cases:
            rows = self.case_history.get(case.pk, [])
            for before, after in zip(rows, rows[1:]):
                if before.status != after.status:
                    changes.append((after.history_date, self.case_folder_ids[case.pk], "saksstatus", after.history_user,
                                    str(labels.get(before.status, before.status)), str(labels.get(after.status, after.status))))
                if before.title != after.title and before.title and after.title:
                    changes.append((after.history_date, self.case_folder_ids[case.pk], "tittel", after.history_user,
                                    before.title, after.title))
        for meeting in self.meetings:
            minutes = getattr(meeting, "minutes", None)
            if minutes is None or not minutes.is_approved:
                continue
            for correction in minutes.corrections.all():
                changes.append((correction.corrected_at, self.sid("protokoll", minutes.pk), "versjonsnummer", correction.corrected_by,
                                str(correction.version - 1), str(correction.version)))
        for when, reference, metadata, user, old, new in sorted(changes, key=lambda change: change[0]):
            self.counts["endring"] += 1
            change = _el(log, "endring", ns=N5_LOG)
            _el(change, "referanseArkivenhet", reference, ns=N5_LOG)
            _el(change, "referanseMetadata", metadata, ns=N5_LOG)
            _el(change, "endretDato", _dt(when), ns=N5_LOG)
            _el(change, "endretAv", _user(user, self.unit), ns=N5_LOG)
            _el(change, "tidligereVerdi", old, ns=N5_LOG)
            _el(change, "nyVerdi", new, ns=N5_LOG)
        return log

    # -- arkivuttrekk.xml (ADDML)

    def arkivuttrekk(self, checksums):
        # ADDML's attributes are unqualified, which ElementTree's default_namespace cannot write: the elements are
        # made without a namespace and the root declares ADDML as the default one.
        addml = ET.Element("addml", {"xmlns": ADDML, "name": "Noark 5-arkivuttrekk", f"{{{XSI}}}schemaLocation": f"{ADDML} addml.xsd"})

        def el(parent, tag, text=None, **attrs):
            element = ET.SubElement(parent, tag, attrs)
            if text is not None:
                element.text = str(text)
            return element

        def prop(parent, name, value=None, data_type=None):
            attrs = {"name": name}
            if data_type:
                attrs["dataType"] = data_type
            element = el(parent, "property", **attrs)
            if value is not None:
                el(element, "value", value)
            return element

        dataset = el(addml, "dataset")
        el(dataset, "description", f"Noark 5-arkivuttrekk: {self.partnership.name} {self.year}")
        reference = el(dataset, "reference")
        context = el(el(reference, "context"), "additionalElements")
        creators = el(el(context, "additionalElement", name="recordCreators"), "additionalElements")
        el(el(creators, "additionalElement", name="recordCreator"), "value", self.partnership.name)
        el(el(context, "additionalElement", name="systemType"), "value", "Møte- og saksbehandling (Noark 5)")
        el(el(context, "additionalElement", name="systemName"), "value", SYSTEM_NAME)
        el(el(context, "additionalElement", name="archive"), "value", self.partnership.name)
        content = el(el(reference, "content"), "additionalElements")
        period = el(el(content, "additionalElement", name="archivalPeriod"), "properties")
        prop(period, "startDate", f"{self.year}-01-01")
        prop(period, "endDate", f"{self.year}-12-31")

        objects = el(dataset, "dataObjects")
        extract = el(objects, "dataObject", name="Noark 5-arkivuttrekk")
        info = el(prop(el(extract, "properties"), "info"), "properties")
        kind = prop(info, "type", "Noark 5")
        prop(el(kind, "properties"), "version", "5.0")
        additional = el(prop(info, "additionalInfo"), "properties")
        edges = el(prop(additional, "periode"), "properties")
        prop(edges, "inngaaendeSkille", "skarpt")
        prop(edges, "utgaaendeSkille", "skarpt")
        prop(additional, "inneholderSkjermetInformasjon", str(self.exempt).lower(), "boolean")
        prop(additional, "omfatterDokumenterSomErKassert", "false", "boolean")
        prop(additional, "inneholderDokumenterSomSkalKasseres", "false", "boolean")
        prop(additional, "inneholderVirksomhetsspesifikkeMetadata", "false", "boolean")
        prop(additional, "antallDokumentfiler", len(self.extract.documents), "integer")

        files = el(extract, "dataObjects")
        for name, schema, elements in (("arkivstruktur", "arkivstruktur.xsd", ("mappe", "registrering", "dokumentbeskrivelse", "dokumentobjekt")),
                                       ("endringslogg", "endringslogg.xsd", ("endring",))):
            data_object = el(files, "dataObject", name=name)
            properties = el(data_object, "properties")
            file_props = el(prop(properties, "file"), "properties")
            prop(file_props, "name", f"{name}.xml")
            file_format = prop(file_props, "format", "XML")
            prop(el(file_format, "properties"), "version", "1.0")
            checksum = el(prop(file_props, "checksum"), "properties")
            prop(checksum, "algorithm", "SHA-256")
            prop(checksum, "value", checksums[f"{name}.xml"])
            schema_props = el(prop(properties, "schema", "main"), "properties")
            prop(el(prop(schema_props, "file"), "properties"), "name", schema)
            schema_type = prop(schema_props, "type", "XML Schema")
            prop(el(schema_type, "properties"), "version", "1.0")
            counts = el(prop(properties, "info"), "properties")
            for element in elements:
                occurrences = prop(counts, "numberOfOccurrences", element)
                occurrence_props = el(occurrences, "properties")
                prop(occurrence_props, "elementPath", f"//{element}")
                prop(occurrence_props, "value", self.counts[element], "integer")
        return addml


def _serialize(element, namespace):
    ET.register_namespace("xsi", XSI)
    ET.indent(element)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True, default_namespace=namespace)


def build_extract(partnership, year):
    """The Noark 5 extract of the partnership's meetings and cases of ``year`` (in memory; files read when written).

    Raises ExportError when a stored file is missing or its content no longer matches the recorded checksum.
    """
    builder = _Builder(partnership, year)
    builder.load()
    if not builder.bodies:
        # A classification system holds at least one class: a year without meetings or cases has no extract.
        raise ExportError(_("%(partnership)s har ingen møter eller saker i %(year)s.") % {"partnership": partnership, "year": year})
    structure = _serialize(builder.arkivstruktur(), N5)
    log = _serialize(builder.endringslogg(), N5_LOG)
    checksums = {"arkivstruktur.xml": hashlib.sha256(structure).hexdigest(), "endringslogg.xml": hashlib.sha256(log).hexdigest()}
    description = _serialize(builder.arkivuttrekk(checksums), None)
    builder.extract.xml = {"arkivstruktur.xml": structure, "endringslogg.xml": log, "arkivuttrekk.xml": description}
    return builder.extract
