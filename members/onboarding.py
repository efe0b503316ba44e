"""Onboarding a partnership from a spreadsheet: its regions, parties, kinds of body, bodies, people,
memberships, composition rules and ex-officio seats.

One sheet (XLSX) or one CSV file, one row per thing, the column «type» saying what the row is. Rows are read
in the order of ROW_TYPES whatever their order in the file, so a membership may come before its body. Every
row is checked; each error is reported with its row number, and if any row fails nothing is saved (the whole
import runs in one transaction that is rolled back). Importing the same file twice changes nothing: rows are
matched on their names (a person on the e-mail address, or the name), existing rows are updated or left alone.

`template_xlsx` and `template_csv` give the template to download; `import_file` does the import, used by the
administrators' page (members/admin.py) and `manage.py import_partnership`.
"""
import csv
import io
from dataclasses import dataclass, field
from itertools import islice
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.history import stamp
from bodies.models import Body, BodyKind, CompositionRule, Partnership, Party, Region, Seat, Side

from . import services
from .ex_officio import ex_officio_follow
from .models import ExOfficioSeat, Membership, Person

ROW_TYPES = ("helsefellesskap", "region", "part", "organtype", "organ", "person", "medlemskap", "regel", "verv")

# Column, and what it means (the template's guide sheet).
COLUMNS = [
    ("type", format_lazy(gettext_lazy("Hva raden er: {}."), ", ".join(ROW_TYPES))),
    ("navn", gettext_lazy("Navnet på helsefellesskapet, regionen, parten, organtypen eller organet.")),
    ("kortnavn", gettext_lazy("Helsefellesskap: kortnavn i lenker. Organ: forkortelse (SU). Organtype: kortnavn.")),
    ("kategori", gettext_lazy("Part: type part (Kommune, Helseforetak, Annet sykehus, KS, …). Regel: hver part av denne typen.")),
    ("side", gettext_lazy("Spesialisthelsetjenesten, Kommunene eller Ingen side.")),
    ("region", gettext_lazy("Part: regionen kommunen ligger i. Organ: området et områdeutvalg dekker.")),
    ("innbyggertall", gettext_lazy("Part: innbyggertall.")),
    ("samisk", gettext_lazy("Part: ja når kommunen er i forvaltningsområdet for samisk språk.")),
    ("nivå", gettext_lazy("Organ og organtype: 1 = partnerskapsmøtet, 2 = SU, 3 = faglige utvalg, 4 = underutvalg og fagråd.")),
    ("organtype", gettext_lazy("Organ: organtypen (navn eller kortnavn).")),
    ("oppnevnt_av", gettext_lazy("Organ: organet som oppnevnte det.")),
    ("konsensus_per_part", gettext_lazy("Organ: ja når konsensus krever hver part, ikke bare hver side.")),
    ("fornavn", gettext_lazy("Person og medlemskap.")),
    ("etternavn", gettext_lazy("Person og medlemskap.")),
    ("epost", gettext_lazy("Person og medlemskap: e-postadressen kjenner igjen personen.")),
    ("stilling", gettext_lazy("Person: stilling.")),
    ("arbeidsgiver", gettext_lazy("Person: parten personen arbeider for.")),
    ("fastlege", gettext_lazy("Person: ja for praktiserende fastlege.")),
    ("organ", gettext_lazy("Medlemskap, regel og verv: organet (navn eller forkortelse).")),
    ("rolle", gettext_lazy("Medlemskap: Leder, Nestleder, Medlem, Vara, Observatør, Sekretær. Verv: rollen plassen gir (standard Observatør).")),
    ("plass", gettext_lazy("Medlemskap, regel og verv: Fastlege, Brukerrepresentant, Tillitsvalgt, Arbeidsgiverorganisasjon, "
                           "Kommuneoverlege, Sekretariat, Annet.")),
    ("merknad", gettext_lazy("Merknad om plassen, for eksempel «somatikk».")),
    ("representerer", gettext_lazy("Medlemskap: partene representanten møter for, skilt med semikolon.")),
    ("stemmerett", gettext_lazy("ja/nei; tomt gir det vanlige for rollen.")),
    ("talerett", gettext_lazy("ja/nei; tomt gir det vanlige for rollen.")),
    ("forslagsrett", gettext_lazy("ja/nei; tomt gir det vanlige for rollen.")),
    ("fra", gettext_lazy("Medlemskap: funksjonsperioden fra (dato).")),
    ("til", gettext_lazy("Medlemskap: funksjonsperioden til (dato, kan stå tomt).")),
    ("regel", gettext_lazy("Regel: Plasser per side, Plasser per part, Påkrevd plass, Hver kommune i området representert, …")),
    ("part", gettext_lazy("Regel: parten en kvote gjelder.")),
    ("minst", gettext_lazy("Regel: minste antall.")),
    ("høyst", gettext_lazy("Regel: høyeste antall.")),
    ("verv", gettext_lazy("Verv: vervet som gir plassen (Leder, Nestleder).")),
    ("vervsorgan", gettext_lazy("Verv: organet vervet er i.")),
    ("vervsorgantype", gettext_lazy("Verv: vervet i hvert organ av denne typen (for eksempel hvert områdeutvalg).")),
    ("kilde", gettext_lazy("Regel og verv: hvor det står, for eksempel «Vedtektene § 4».")),
]
HEADERS = [name for name, _help in COLUMNS]

EXAMPLE_ROWS = [
    {"type": "helsefellesskap", "navn": "Helsefellesskap Eksempel", "kortnavn": "eksempel"},
    {"type": "region", "navn": "Nord"},
    {"type": "part", "navn": "Eksempel HF", "kategori": "Helseforetak", "side": "Spesialisthelsetjenesten"},
    {"type": "part", "navn": "Eksempel kommune", "kategori": "Kommune", "region": "Nord", "innbyggertall": 5000, "samisk": "nei"},
    {"type": "organ", "navn": "Strategisk samarbeidsutvalg", "kortnavn": "SU", "organtype": "strategisk-samarbeidsutvalg", "nivå": 2},
    {"type": "person", "fornavn": "Kari", "etternavn": "Nordmann", "epost": "kari@example.no", "stilling": "Kommunalsjef",
     "arbeidsgiver": "Eksempel kommune"},
    {"type": "medlemskap", "epost": "kari@example.no", "organ": "SU", "rolle": "Medlem", "side": "Kommunene",
     "representerer": "Eksempel kommune", "fra": "2026-01-01", "til": "2029-12-31"},
    {"type": "regel", "organ": "SU", "regel": "Plasser per part", "part": "Eksempel HF", "minst": 2, "høyst": 2,
     "kilde": "Vedtektene"},
]

YES = {"ja", "j", "x", "1", "true", "sann", "yes"}
NO = {"nei", "n", "0", "false", "usann", "no", ""}
MAX_ROWS = 5000
# Columns read from a sheet: far more than the template has; a sheet claiming a million columns is not read out.
MAX_COLUMNS = 100


class ImportRefused(Exception):
    """The file was refused; `errors` holds one Norwegian message per failing row. Nothing was saved."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = list(errors)


@dataclass
class ImportResult:
    partnership: Partnership
    created: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)

    def count(self, kind, created):
        target = self.created if created else self.unchanged
        target[kind] = target.get(kind, 0) + 1


class RowError(Exception):
    pass


# -- reading files ----------------------------------------------------------------------------------------

def template_xlsx():
    """The template: the sheet «Struktur» with the columns and example rows, and the sheet «Veiledning»."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Struktur"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in EXAMPLE_ROWS:
        sheet.append([row.get(name, "") for name in HEADERS])
    guide = workbook.create_sheet(str(_("Veiledning")))
    guide.append([str(_("Kolonne")), str(_("Betydning"))])
    for name, help_text in COLUMNS:
        guide.append([name, str(help_text)])
    guide.append([])
    guide.append(["", _("Bytt ut eksempelradene med helsefellesskapets egne. Rader leses i rekkefølgen %(order)s. "
                        "Finnes det feil i én rad, lagres ingenting.") % {"order": ", ".join(ROW_TYPES)}])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv():
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADERS)
    for row in EXAMPLE_ROWS:
        writer.writerow([row.get(name, "") for name in HEADERS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def read_rows(content, filename):
    """The rows of an XLSX or CSV file as (row number, {column: value}); raises ImportRefused when unreadable."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif name.endswith(".csv"):
        rows = _csv_rows(content)
    else:
        raise ImportRefused([_("Filen må være et regneark (.xlsx) eller en CSV-fil (.csv).")])
    rows = [list(r) for r in rows]
    while rows and not any(_text(v) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportRefused([_("Filen er tom.")])
    headers = [_text(h).lower() for h in rows[0]]
    unknown = [h for h in headers if h and h not in HEADERS]
    errors = []
    if "type" not in headers:
        errors.append(_("Rad 1: kolonnen «type» mangler. Last ned malen og bruk kolonnene der."))
    if unknown:
        errors.append(_("Rad 1: ukjente kolonner: %(columns)s.") % {"columns": ", ".join(unknown)})
    if len(rows) > MAX_ROWS:
        errors.append(_("Filen har mer enn %(max)s rader.") % {"max": MAX_ROWS})
    if errors:
        raise ImportRefused(errors)
    result = []
    for number, values in enumerate(rows[1:], start=2):
        row = {h: values[i] if i < len(values) else None for i, h in enumerate(headers) if h}
        if any(_text(v) for v in row.values()):
            result.append((number, row))
    return result


def _xlsx_rows(content):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is refused with the same message
        raise ImportRefused([_("Regnearket kan ikke leses. Lagre det som .xlsx og prøv igjen.")]) from None
    try:
        # At most one row more than allowed is read, so a small compressed file cannot unpack a huge sheet here.
        return list(islice(workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS), MAX_ROWS + 1))
    finally:
        workbook.close()


def _csv_rows(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([_("CSV-filen må være lagret som UTF-8.")]) from None
    if "\x00" in text:
        raise ImportRefused([_("CSV-filen inneholder ugyldige tegn.")])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return list(islice(csv.reader(io.StringIO(text), delimiter=delimiter), MAX_ROWS + 1))


# -- values -------------------------------------------------------------------------------------------------

def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise RowError(_("Ugyldige tegn i «%(value)s».") % {"value": text.encode("unicode_escape").decode()})
    return text


def _yes_no(row, column, default=None):
    value = _text(row.get(column)).lower()
    if not value:
        return default
    if value in YES:
        return True
    if value in NO:
        return False
    raise RowError(_("«%(value)s» i kolonnen %(column)s: skriv ja eller nei.") % {"value": value, "column": column})


def _int(row, column, *, minimum=0, maximum=32767):
    value = _text(row.get(column))
    if not value:
        return None
    try:
        number = int(Decimal(value.replace(" ", "").replace(",", ".")))
    except (InvalidOperation, ValueError):
        raise RowError(_("«%(value)s» i kolonnen %(column)s er ikke et helt tall.") % {"value": value, "column": column}) from None
    if not minimum <= number <= maximum:
        raise RowError(_("%(value)s i kolonnen %(column)s må være mellom %(min)s og %(max)s.")
                       % {"value": number, "column": column, "min": minimum, "max": maximum})
    return number


def _date(row, column, *, required=False):
    value = row.get(column)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        parsed = value
    else:
        text = _text(value)
        if not text:
            if required:
                raise RowError(_("Kolonnen %(column)s må fylles ut.") % {"column": column})
            return None
        parsed = None
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                parsed = datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        if parsed is None:
            raise RowError(_("«%(value)s» i kolonnen %(column)s er ikke en dato (skriv 2026-01-31 eller 31.01.2026).")
                           % {"value": text, "column": column})
    if not 1900 <= parsed.year <= 2200:
        raise RowError(_("Datoen i kolonnen %(column)s må være mellom år 1900 og 2200.") % {"column": column})
    return parsed


def _choice(row, column, choices, *, default="", required=False):
    """A choice written as its label («Kommune») or its value («municipality»), in any case."""
    value = _text(row.get(column))
    if not value:
        if required:
            raise RowError(_("Kolonnen %(column)s må fylles ut.") % {"column": column})
        return default
    for key, label in choices:
        if value.lower() in (str(key).lower(), str(label).lower()):
            return key
    raise RowError(_("«%(value)s» i kolonnen %(column)s er ikke en gyldig verdi. Gyldige verdier: %(valid)s.")
                   % {"value": value, "column": column, "valid": ", ".join(str(label) for key, label in choices if key)})


def _required(row, column):
    value = _text(row.get(column))
    if not value:
        raise RowError(_("Kolonnen %(column)s må fylles ut.") % {"column": column})
    return value


def _messages(exc):
    if hasattr(exc, "error_dict"):
        return [message for errors in exc.message_dict.values() for message in errors]
    return list(exc.messages)


# -- the import --------------------------------------------------------------------------------------------

class _Importer:
    def __init__(self, by):
        self.by = by
        self.new_people = []
        self.partnership = None
        self.result = None

    # lookups within the partnership
    def region(self, name):
        if not name:
            return None
        try:
            return Region.objects.get(partnership=self.partnership, name__iexact=name)
        except ObjectDoesNotExist:
            raise RowError(_("Regionen «%(name)s» finnes ikke i filen eller i helsefellesskapet.") % {"name": name}) from None

    def party(self, name):
        try:
            return Party.objects.get(partnership=self.partnership, name__iexact=name)
        except ObjectDoesNotExist:
            raise RowError(_("Parten «%(name)s» finnes ikke i filen eller i helsefellesskapet.") % {"name": name}) from None

    def body(self, name, column="organ"):
        found = list(Body.objects.filter(partnership=self.partnership).filter(Q(name__iexact=name) | Q(short_name__iexact=name))[:2])
        if len(found) != 1:
            raise RowError(_("Organet «%(name)s» i kolonnen %(column)s finnes ikke i filen eller i helsefellesskapet.")
                           % {"name": name, "column": column}) if not found else RowError(
                _("«%(name)s» i kolonnen %(column)s passer på flere organer; bruk det fulle navnet.") % {"name": name, "column": column})
        return found[0]

    def body_kind(self, name, column="organtype"):
        kind = BodyKind.objects.filter(Q(slug__iexact=name) | Q(name__iexact=name)).first()
        if kind is None:
            raise RowError(_("Organtypen «%(name)s» i kolonnen %(column)s finnes ikke; legg den til som en rad av typen organtype.")
                           % {"name": name, "column": column})
        return kind

    def person(self, row):
        email = _text(row.get("epost")).lower()
        people = Person.objects.filter(Q(employer__partnership=self.partnership) | Q(memberships__body__partnership=self.partnership)
                                       | Q(pk__in=self.new_people)).distinct()
        if email:
            found = list(people.filter(email__iexact=email)[:2])
        else:
            found = list(people.filter(first_name__iexact=_text(row.get("fornavn")), last_name__iexact=_text(row.get("etternavn")))[:2])
        if len(found) > 1:
            raise RowError(_("Flere personer passer; oppgi e-postadressen."))
        return found[0] if found else None

    # rows
    def run(self, rows):
        by_type = {t: [] for t in ROW_TYPES}
        errors = []
        for number, row in rows:
            try:
                kind = _text(row.get("type")).lower()
            except RowError as exc:
                errors.append(_("Rad %(row)s: %(message)s") % {"row": number, "message": exc})
                continue
            if kind not in by_type:
                errors.append(_("Rad %(row)s: ukjent type «%(type)s». Gyldige typer: %(types)s.")
                              % {"row": number, "type": kind, "types": ", ".join(ROW_TYPES)})
                continue
            by_type[kind].append((number, row))
        # Bodies appointed by another body come after the bodies that appoint them.
        by_type["organ"].sort(key=lambda item: bool(str(item[1].get("oppnevnt_av") or "").strip()))
        partnership_rows = by_type["helsefellesskap"]
        if len(partnership_rows) != 1:
            errors.append(_("Filen må ha nøyaktig én rad av typen «helsefellesskap» (den har %(count)s).") % {"count": len(partnership_rows)})
            raise ImportRefused(errors)
        self.new_people = []
        for kind in ROW_TYPES:
            for number, row in by_type[kind]:
                if self.partnership is None and kind != "helsefellesskap":
                    break
                try:
                    with transaction.atomic():
                        getattr(self, "row_" + kind)(row)
                except RowError as exc:
                    errors.append(_("Rad %(row)s (%(type)s): %(message)s") % {"row": number, "type": kind, "message": exc})
                except ValidationError as exc:
                    errors.append(_("Rad %(row)s (%(type)s): %(message)s") % {"row": number, "type": kind, "message": " ".join(_messages(exc))})
                except IntegrityError:
                    errors.append(_("Rad %(row)s (%(type)s): raden strider mot en annen rad.") % {"row": number, "type": kind})
        if errors:
            raise ImportRefused(errors)
        ex_officio_follow(partnership=self.partnership, by=self.by)
        return self.result

    def _save(self, obj, label):
        created = obj.pk is None
        obj.full_clean()
        stamp(obj, self.by, _("Importert"))
        obj.save()
        self.result.count(label, created)
        return obj

    def row_helsefellesskap(self, row):
        name, slug = _required(row, "navn"), _text(row.get("kortnavn")) or slugify(_required(row, "navn"))
        partnership = Partnership.objects.filter(slug=slug).first() or Partnership.objects.filter(name=name).first()
        if partnership is None:
            partnership = Partnership(name=name, slug=slug)
            partnership.full_clean()
            stamp(partnership, self.by, _("Importert"))
            partnership.save()
        self.partnership = partnership
        self.result = ImportResult(partnership=partnership)

    def row_region(self, row):
        name = _required(row, "navn")
        region = Region.objects.filter(partnership=self.partnership, name__iexact=name).first()
        if region is None:
            self._save(Region(partnership=self.partnership, name=name), "region")
        else:
            self.result.count("region", False)

    def row_part(self, row):
        name = _required(row, "navn")
        kind = _choice(row, "kategori", Party.Kind.choices, required=True)
        side = _choice(row, "side", Side.choices, default=Party.DEFAULT_SIDE.get(kind, Side.NONE))
        party = Party.objects.filter(partnership=self.partnership, name__iexact=name).first() or Party(partnership=self.partnership, name=name)
        party.kind, party.side = kind, side
        party.region = self.region(_text(row.get("region")))
        party.population = _int(row, "innbyggertall", maximum=2_000_000_000)
        party.sami_area = _yes_no(row, "samisk", default=False)
        self._save(party, "part")

    def row_organtype(self, row):
        name = _required(row, "navn")
        slug = _text(row.get("kortnavn")) or slugify(name)
        kind = BodyKind.objects.filter(Q(slug__iexact=slug) | Q(name__iexact=name)).first()
        if kind is not None:
            self.result.count("organtype", False)
            return
        kind = BodyKind(name=name, slug=slug, default_level=_int(row, "nivå", minimum=1, maximum=9) or 3)
        kind.full_clean()
        kind.save()
        self.result.count("organtype", True)

    def row_organ(self, row):
        name = _required(row, "navn")
        kind = self.body_kind(_required(row, "organtype"))
        body = Body.objects.filter(partnership=self.partnership, name__iexact=name).first() or Body(partnership=self.partnership, name=name)
        body.kind = kind
        body.short_name = _text(row.get("kortnavn")) or body.short_name
        body.level = _int(row, "nivå", minimum=1, maximum=9) or kind.default_level
        body.region = self.region(_text(row.get("region")))
        body.consensus_per_party = _yes_no(row, "konsensus_per_part", default=False)
        appointed_by = _text(row.get("oppnevnt_av"))
        body.appointed_by = self.body(appointed_by, "oppnevnt_av") if appointed_by else None
        if kind.is_subcommittee and not body.mandate:
            body.mandate = _("Mandat gitt av %(body)s.") % {"body": appointed_by or "?"}
        self._save(body, "organ")

    def row_person(self, row):
        person = self.person(row) or Person()
        person.first_name, person.last_name = _required(row, "fornavn"), _required(row, "etternavn")
        person.email = _text(row.get("epost")).lower() or person.email
        person.position = _text(row.get("stilling")) or person.position
        employer = _text(row.get("arbeidsgiver"))
        person.employer = self.party(employer) if employer else person.employer
        person.is_practising_gp = _yes_no(row, "fastlege", default=person.is_practising_gp)
        self._save(person, "person")
        self.new_people.append(person.pk)

    def row_medlemskap(self, row):
        person = self.person(row)
        if person is None:
            raise RowError(_("Personen %(who)s finnes ikke; legg den til som en rad av typen person.")
                           % {"who": _text(row.get("epost")) or f"{_text(row.get('fornavn'))} {_text(row.get('etternavn'))}".strip() or "?"})
        body = self.body(_required(row, "organ"))
        role = _choice(row, "rolle", Membership.Role.choices, default=Membership.Role.MEMBER)
        seat = _choice(row, "plass", Seat.choices, default=Seat.ORDINARY)
        names = [n.strip() for n in _text(row.get("representerer")).split(";") if n.strip()]
        parties = [self.party(n) for n in names]
        party_sides = {p.side for p in parties if p.side != Side.NONE}
        default_side = Side.NONE if role == Membership.Role.OBSERVER else (party_sides.pop() if len(party_sides) == 1 else "")
        side = _choice(row, "side", Side.choices, default=default_side)
        if not side:
            raise RowError(_("Kolonnen side må fylles ut."))
        term_start = _date(row, "fra", required=True)
        if body.memberships.filter(person=person, role=role, term_start=term_start).exists():
            self.result.count("medlemskap", False)
            return
        observer_seat = role == Membership.Role.OBSERVER
        services.membership_create(
            body=body, person=person, role=role, side=side, seat=seat, seat_note=_text(row.get("merknad")),
            term_start=term_start, term_end=_date(row, "til"), represented_parties=parties, by=self.by,
            can_vote=_yes_no(row, "stemmerett"), can_speak=_yes_no(row, "talerett"),
            can_propose=_yes_no(row, "forslagsrett", default=True if observer_seat else None), reason=_("Importert"),
        )
        self.result.count("medlemskap", True)

    def row_regel(self, row):
        body_name, kind_name = _text(row.get("organ")), _text(row.get("organtype"))
        rule = CompositionRule(
            partnership=self.partnership,
            body=self.body(body_name) if body_name else None,
            body_kind=self.body_kind(kind_name) if kind_name and not body_name else None,
            kind=_choice(row, "regel", CompositionRule.Kind.choices, required=True),
            side=_choice(row, "side", Side.choices),
            seat=_choice(row, "plass", Seat.choices),
            seat_note=_text(row.get("merknad")),
            party=self.party(_text(row.get("part"))) if _text(row.get("part")) else None,
            party_kind=_choice(row, "kategori", Party.Kind.choices),
            min_count=_int(row, "minst"), max_count=_int(row, "høyst"),
            source=_text(row.get("kilde")),
        )
        same = CompositionRule.objects.filter(
            partnership=self.partnership, body=rule.body, body_kind=rule.body_kind, kind=rule.kind, side=rule.side, seat=rule.seat,
            seat_note=rule.seat_note, party=rule.party, party_kind=rule.party_kind)
        existing = same.first()
        if existing is not None:
            if (existing.min_count, existing.max_count) == (rule.min_count, rule.max_count):
                self.result.count("regel", False)
                return
            rule.pk = existing.pk
        self._save(rule, "regel")

    def row_verv(self, row):
        body = self.body(_required(row, "organ"))
        office_body_name, office_kind_name = _text(row.get("vervsorgan")), _text(row.get("vervsorgantype"))
        seat = ExOfficioSeat(
            body=body,
            office_body=self.body(office_body_name, "vervsorgan") if office_body_name else None,
            office_body_kind=self.body_kind(office_kind_name, "vervsorgantype") if office_kind_name and not office_body_name else None,
            office_role=_choice(row, "verv", Membership.Role.choices, required=True),
            role=_choice(row, "rolle", Membership.Role.choices, default=Membership.Role.OBSERVER),
            seat=_choice(row, "plass", Seat.choices, default=Seat.ORDINARY),
            can_vote=_yes_no(row, "stemmerett", default=False),
            can_speak=_yes_no(row, "talerett", default=True),
            can_propose=_yes_no(row, "forslagsrett", default=True),
            source=_text(row.get("kilde")),
        )
        existing = ExOfficioSeat.objects.filter(body=body, office_body=seat.office_body, office_body_kind=seat.office_body_kind,
                                                office_role=seat.office_role).first()
        if existing is not None:
            self.result.count("verv", False)
            return
        self._save(seat, "verv")


def import_file(*, content, filename, by):
    """Import a filled-in template. Returns an ImportResult; raises ImportRefused (nothing saved) when any row fails."""
    rows = read_rows(content, filename)
    with transaction.atomic():
        return _Importer(by).run(rows)
