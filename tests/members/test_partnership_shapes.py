"""A partnership of a third shape, configured by an administrator through the import and the admin forms.

Four levels, a private hospital beside the HF, a city with several seats, area committees per region,
ex-officio observers in the partnership meeting and a rule for every professional council. The composition
check flags each broken rule and passes once the administrator has fixed them.
"""
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bodies.models import Body, CompositionRule, Partnership
from members.composition import check_composition, check_partnership
from members.models import MeetingRights, Membership, Person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
OBSERVER_RIGHTS = MeetingRights(vote=False, speak=True, propose=True)
START = (TODAY - timedelta(days=60)).isoformat()
END = (TODAY + timedelta(days=3 * 365)).isoformat()

PARTNERSHIP = {"type": "helsefellesskap", "navn": "Helsefellesskap Sørvest", "kortnavn": "sorvest"}

STRUCTURE = [
    PARTNERSHIP,
    {"type": "region", "navn": "Nordfjorden"},
    {"type": "region", "navn": "Sørfjorden"},
    {"type": "part", "navn": "Sørvest HF", "kategori": "Helseforetak"},
    {"type": "part", "navn": "Diakonsykehuset", "kategori": "Annet sykehus", "side": "Spesialisthelsetjenesten"},
    {"type": "part", "navn": "Storby kommune", "kategori": "Kommune", "region": "Nordfjorden", "innbyggertall": 140000},
    {"type": "part", "navn": "Fjellvik kommune", "kategori": "Kommune", "region": "Nordfjorden", "innbyggertall": 3000},
    {"type": "part", "navn": "Strandå kommune", "kategori": "Kommune", "region": "Sørfjorden", "innbyggertall": 2500},
    {"type": "part", "navn": "Holmøy kommune", "kategori": "Kommune", "region": "Sørfjorden", "innbyggertall": 1200, "samisk": "nei"},
    {"type": "part", "navn": "Spekter", "kategori": "Annen", "side": "Ingen side"},
    {"type": "part", "navn": "Fagforbundet", "kategori": "Arbeidstakerorganisasjon", "side": "Ingen side"},
    {"type": "organtype", "navn": "Partnerskapsmøte Sørvest", "kortnavn": "pm-sorvest", "nivå": 1},
    {"type": "organtype", "navn": "Samarbeidsutvalg Sørvest", "kortnavn": "su-sorvest", "nivå": 2},
    {"type": "organtype", "navn": "Områdeutvalg", "kortnavn": "omradeutvalg", "nivå": 3},
    {"type": "organtype", "navn": "Fagråd", "kortnavn": "fagrad", "nivå": 4},
    {"type": "organ", "navn": "Partnerskapsmøtet Sørvest", "kortnavn": "PM", "organtype": "pm-sorvest", "nivå": 1},
    {"type": "organ", "navn": "Strategisk samarbeidsutvalg Sørvest", "kortnavn": "SSU", "organtype": "su-sorvest", "nivå": 2,
     "konsensus_per_part": "ja"},
    {"type": "organ", "navn": "Områdeutvalg Nordfjorden", "kortnavn": "OU Nord", "organtype": "Områdeutvalg", "region": "Nordfjorden"},
    {"type": "organ", "navn": "Områdeutvalg Sørfjorden", "kortnavn": "OU Sør", "organtype": "Områdeutvalg", "region": "Sørfjorden"},
    {"type": "organ", "navn": "Fagråd barn og unge", "organtype": "fagrad", "nivå": 4, "oppnevnt_av": "SSU"},
]

PEOPLE = [
    ("hf1", "Helga", "Foretak", "Sørvest HF", ""), ("hf2", "Harald", "Foretak", "Sørvest HF", ""),
    ("dia", "Dina", "Diakon", "Diakonsykehuset", ""),
    ("by1", "Bente", "By", "Storby kommune", ""), ("by2", "Bjørn", "By", "Storby kommune", ""),
    ("by3", "Brit", "By", "Storby kommune", ""), ("by4", "Bård", "By", "Storby kommune", ""),
    ("fj", "Frida", "Fjell", "Fjellvik kommune", ""), ("st", "Stian", "Strand", "Strandå kommune", ""),
    ("ho", "Hanne", "Holm", "Holmøy kommune", ""),
    ("gp", "Gunnar", "Lege", "Fjellvik kommune", "ja"), ("gp2", "Gro", "Lege", "Strandå kommune", "ja"),
    ("bruker", "Berit", "Bruker", "", ""), ("ag", "Arne", "Arbeidsgiver", "Spekter", ""),
    ("tv", "Tove", "Tillitsvalgt", "Fagforbundet", ""), ("ko", "Kari", "Overlege", "Storby kommune", ""),
    ("sek", "Siri", "Sekretær", "Sørvest HF", ""), ("dir", "Dag", "Direktør", "Sørvest HF", ""),
]


def person_rows():
    return [{"type": "person", "fornavn": first, "etternavn": last, "epost": f"{key}@sorvest.no", "arbeidsgiver": employer,
             "fastlege": gp} for key, first, last, employer, gp in PEOPLE]


def member(key, body, *, rolle="Medlem", side="", parties="", plass="", **extra):
    return {"type": "medlemskap", "epost": f"{key}@sorvest.no", "organ": body, "rolle": rolle, "side": side,
            "representerer": parties, "plass": plass, "fra": START, "til": END, **extra}


MEMBERSHIPS = [
    # SSU: the HF 2, the private hospital 1, the city with several seats (one too many), the small ones one each.
    member("hf1", "SSU", rolle="Leder", parties="Sørvest HF"), member("hf2", "SSU", parties="Sørvest HF"),
    member("dia", "SSU", parties="Diakonsykehuset"),
    member("by1", "SSU", rolle="Nestleder", parties="Storby kommune"), member("by2", "SSU", parties="Storby kommune"),
    member("by3", "SSU", parties="Storby kommune"), member("by4", "SSU", parties="Storby kommune"),
    member("fj", "SSU", parties="Fjellvik kommune"),
    # Observers of many kinds in the partnership meeting: speak and propose, no vote.
    member("ag", "PM", rolle="Observatør", plass="Arbeidsgiverorganisasjon"),
    member("tv", "PM", rolle="Observatør", plass="Tillitsvalgt"),
    member("gp", "PM", rolle="Observatør", plass="Fastlege"),
    member("ko", "PM", rolle="Observatør", plass="Kommuneoverlege"),
    member("sek", "PM", rolle="Observatør", plass="Sekretariat"),
    member("by3", "PM", parties="Storby kommune"), member("dir", "PM", parties="Sørvest HF"),
    # Area committees: the north one complete with its chair; the south one has no chair and lacks Holmøy.
    member("by2", "OU Nord", rolle="Leder", parties="Storby kommune"), member("fj", "OU Nord", parties="Fjellvik kommune"),
    member("st", "OU Sør", parties="Strandå kommune"),
    # The council for children and young people: a GP and a user representative.
    member("gp", "Fagråd barn og unge", plass="Fastlege", parties="Fjellvik kommune"),
    member("bruker", "Fagråd barn og unge", rolle="Observatør", plass="Brukerrepresentant"),
    member("hf2", "Fagråd barn og unge", parties="Sørvest HF"),
]

RULES = [
    {"type": "regel", "organ": "SSU", "regel": "Plasser per part", "part": "Sørvest HF", "minst": 2, "høyst": 2, "kilde": "§ 4.3"},
    {"type": "regel", "organ": "SSU", "regel": "Plasser per part", "kategori": "Annet sykehus", "minst": 1, "høyst": 1},
    {"type": "regel", "organ": "SSU", "regel": "Plasser per part", "part": "Storby kommune", "høyst": 3},
    {"type": "regel", "organtype": "fagrad", "regel": "Påkrevd plass", "plass": "Fastlege", "minst": 1,
     "kilde": "Minst én fastlege i hvert fagråd"},
    {"type": "regel", "organtype": "fagrad", "regel": "Påkrevd plass", "plass": "Brukerrepresentant", "minst": 1},
    {"type": "regel", "organtype": "Områdeutvalg", "regel": "Hver kommune i området representert", "kilde": "Én per kommune"},
    {"type": "regel", "organ": "PM", "regel": "Påkrevd plass", "plass": "Arbeidsgiverorganisasjon"},
    {"type": "regel", "organ": "PM", "regel": "Påkrevd plass", "plass": "Kommuneoverlege"},
    {"type": "verv", "organ": "PM", "verv": "Leder", "vervsorgan": "SSU", "kilde": "Vedtektene § 4.2"},
    {"type": "verv", "organ": "PM", "verv": "Nestleder", "vervsorgan": "SSU"},
    {"type": "verv", "organ": "PM", "verv": "Leder", "vervsorgantype": "Områdeutvalg"},
]


def filled_template(client, rows):
    """Download the template from the admin page, replace the example rows with ours, and return the file."""
    response = client.get(reverse("admin:members_onboarding_template", kwargs={"fmt": "xlsx"}))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Struktur"]
    headers = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "sorvest.xlsx"
    return out


def upload(client, rows):
    return client.post(reverse("admin:members_onboarding"), {"file": filled_template(client, rows)})


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def sorvest(admin_client_):
    response = upload(admin_client_, STRUCTURE + person_rows() + MEMBERSHIPS + RULES)
    assert response.status_code == 200, response.content.decode()[-3000:]
    return Partnership.objects.get(slug="sorvest")


def body(partnership, short_name):
    return Body.objects.get(partnership=partnership, short_name=short_name)


def codes(breaches):
    return sorted({b.rule for b in breaches})


def test_the_import_builds_four_levels_with_a_private_hospital_a_city_and_areas(sorvest):
    bodies = Body.objects.filter(partnership=sorvest)
    assert sorted({b.level for b in bodies}) == [1, 2, 3, 4]
    assert body(sorvest, "OU Sør").region.name == "Sørfjorden"
    assert body(sorvest, "SSU").consensus_per_party
    council = Body.objects.get(partnership=sorvest, name="Fagråd barn og unge")
    assert council.appointed_by == body(sorvest, "SSU")
    city_seats = Membership.objects.current().filter(body=body(sorvest, "SSU"), represented_parties__name="Storby kommune")
    assert city_seats.count() == 4
    # Observers of many kinds: each speaks and proposes, none votes.
    observers = Membership.objects.current().filter(body=body(sorvest, "PM"), role=Membership.Role.OBSERVER, ex_officio_seat=None)
    assert sorted(observers.values_list("seat", flat=True)) == sorted(
        ["employers_organisation", "employee_representative", "gp", "chief_medical_officer", "secretariat"])
    assert all(m.rights_at_meeting() == OBSERVER_RIGHTS for m in observers)


def test_the_composition_check_flags_each_broken_rule(sorvest):
    ssu = check_composition(body(sorvest, "SSU"))
    assert [b.message for b in ssu if b.rule == "party_seats"] == [
        "SSU har 4 faste medlemmer for Storby kommune; regelen tillater høyst 3."]
    south = check_composition(body(sorvest, "OU Sør"))
    assert "Holmøy kommune" in " ".join(b.message for b in south if b.rule == "area_coverage")
    assert "Strandå" not in " ".join(b.message for b in south if b.rule == "area_coverage")
    assert check_composition(body(sorvest, "OU Nord")) == []
    pm = check_composition(body(sorvest, "PM"))
    empty = [b.message for b in pm if b.rule == "ex_officio_empty"]
    assert empty == ["Plassen i PM for leder i OU Sør står tom: ingen har vervet."]
    # The chairs that are held sit in the partnership meeting as observers with the right to speak and propose.
    seated = Membership.objects.current().filter(body=body(sorvest, "PM")).exclude(ex_officio_seat=None)
    assert sorted(m.person.email for m in seated) == ["by1@sorvest.no", "by2@sorvest.no", "hf1@sorvest.no"]
    assert all(m.role == Membership.Role.OBSERVER and m.rights_at_meeting() == OBSERVER_RIGHTS for m in seated)
    assert check_composition(Body.objects.get(partnership=sorvest, name="Fagråd barn og unge")) == []


def test_a_new_council_added_in_the_admin_gets_the_rule_for_every_council(sorvest, admin_client_):
    kind = Body.objects.get(partnership=sorvest, name="Fagråd barn og unge").kind
    data = {
        "partnership": sorvest.pk, "kind": kind.pk, "name": "Fagråd skrøpelige eldre", "short_name": "", "level": 4,
        "min_meetings_per_year": 4, "default_meeting_minutes": 120, "quorum_percent": 50, "meetings_public": "on",
        "can_decide": "on", "appointed_by": body(sorvest, "SSU").pk, "language": "nb",
    }
    for prefix in ("composition_rules", "ex_officio_seats", "memberships"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
    response = admin_client_.post(reverse("admin:bodies_body_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    council = Body.objects.get(partnership=sorvest, name="Fagråd skrøpelige eldre")
    messages = [b.message for b in check_composition(council)]
    assert "Fagråd skrøpelige eldre mangler fastlege." in messages
    assert "Fagråd skrøpelige eldre mangler brukerrepresentant." in messages
    # The council's page in the admin shows the breaches.
    page = admin_client_.get(reverse("admin:bodies_body_change", args=[council.pk])).content.decode()
    assert "mangler fastlege" in page


def test_a_body_rule_overrides_the_rule_for_its_kind(sorvest):
    council = Body.objects.get(partnership=sorvest, name="Fagråd barn og unge")
    own = CompositionRule(partnership=sorvest, body=council, kind=CompositionRule.Kind.REQUIRED_SEAT, seat="gp", min_count=2)
    own.full_clean()
    own.save()
    messages = [b.message for b in check_composition(council)]
    assert messages == ["Fagråd barn og unge har 1 fastlege; regelen krever minst 2."]


def test_fixing_the_breaches_through_the_admin_and_the_import_passes(sorvest, admin_client_):
    # The city's fourth seat in SSU is removed in the admin.
    extra = Membership.objects.get(body=body(sorvest, "SSU"), person__email="by4@sorvest.no")
    response = admin_client_.post(reverse("admin:members_membership_delete", args=[extra.pk]), {"post": "yes"})
    assert response.status_code == 302
    # The south area committee gets a chair and Holmøy's representative; both come in a second file.
    fixes = [PARTNERSHIP, member("ho", "OU Sør", parties="Holmøy kommune"),
             member("st", "OU Sør", rolle="Leder", parties="Strandå kommune")]
    response = upload(admin_client_, fixes)
    assert response.status_code == 200, response.content.decode()[-2000:]
    breaches = [b for b in check_partnership(sorvest) if b.rule in ("party_seats", "area_coverage", "ex_officio_empty",
                                                                      "ex_officio_not_seated", "required_seat")]
    assert breaches == []
    # The south committee's chair now sits in the partnership meeting.
    seat = Membership.objects.current().get(body=body(sorvest, "PM"), person__email="st@sorvest.no")
    assert seat.ex_officio_seat is not None and seat.role == Membership.Role.OBSERVER


def test_the_ex_officio_seat_follows_the_office(sorvest):
    from members import services

    ssu, pm = body(sorvest, "SSU"), body(sorvest, "PM")
    chair = Membership.objects.get(body=ssu, role=Membership.Role.CHAIR)
    services.membership_end(membership=chair, on=TODAY, by=None)
    old_seat = Membership.objects.get(body=pm, person=chair.person, ex_officio_seat__isnull=False, office=chair)
    assert old_seat.term_end == TODAY
    newcomer = Person.objects.get(email="hf2@sorvest.no")
    tomorrow = TODAY + timedelta(days=1)
    new_chair = services.membership_create(body=ssu, person=newcomer, role=Membership.Role.CHAIR, side="specialist",
                                           term_start=tomorrow, term_end=TODAY + timedelta(days=700),
                                           represented_parties=chair.represented_parties.all(), by=None)
    follows = Membership.objects.get(body=pm, office=new_chair)
    assert (follows.person, follows.term_start, follows.term_end) == (newcomer, tomorrow, new_chair.term_end)
    # Tomorrow the office is held again; the seat is not empty.
    pm_tomorrow = [b.message for b in check_composition(pm, on=tomorrow) if b.rule.startswith("ex_officio")]
    assert not any("leder i SSU" in m for m in pm_tomorrow)


def test_a_broken_file_is_refused_with_a_message_per_row_and_nothing_saved(admin_client_):
    broken = STRUCTURE + person_rows() + MEMBERSHIPS + RULES + [
        {"type": "part", "navn": "Ukjentby", "kategori": "Bydel"},
        member("nobody", "SSU", parties="Storby kommune"),
        {"type": "medlemskap", "epost": "by1@sorvest.no", "organ": "Finnes ikke", "fra": START},
        {"type": "regel", "organ": "SSU", "regel": "Plasser per part", "minst": 1},
        member("fj", "OU Nord", parties="Fjellvik kommune", fra="31.02.2026"),
    ]
    rows_before = (Partnership.objects.count(), Person.objects.count(), Membership.objects.count())
    response = upload(admin_client_, broken)
    assert response.status_code == 400
    page = response.content.decode()
    first_broken = len(STRUCTURE + person_rows() + MEMBERSHIPS + RULES) + 2  # row 1 is the header
    assert f"Rad {first_broken} (part): «Bydel» i kolonnen kategori er ikke en gyldig verdi." in page
    assert f"Rad {first_broken + 1} (medlemskap): Personen nobody@sorvest.no finnes ikke" in page
    assert f"Rad {first_broken + 2} (medlemskap): Organet «Finnes ikke» i kolonnen organ finnes ikke" in page
    assert f"Rad {first_broken + 3} (regel): Velg enten én part eller en type part" in page
    assert f"Rad {first_broken + 4} (medlemskap): «31.02.2026» i kolonnen fra er ikke en dato" in page
    assert "Ingenting er lagret" in page
    assert (Partnership.objects.count(), Person.objects.count(), Membership.objects.count()) == rows_before
    assert not Partnership.objects.filter(slug="sorvest").exists()


def test_importing_the_same_file_twice_changes_nothing(sorvest, admin_client_):
    counts = (Body.objects.filter(partnership=sorvest).count(), Membership.objects.filter(body__partnership=sorvest).count(),
              CompositionRule.objects.filter(partnership=sorvest).count())
    response = upload(admin_client_, STRUCTURE + person_rows() + MEMBERSHIPS + RULES)
    assert response.status_code == 200
    assert (Body.objects.filter(partnership=sorvest).count(), Membership.objects.filter(body__partnership=sorvest).count(),
            CompositionRule.objects.filter(partnership=sorvest).count()) == counts


def test_the_people_list_links_administrators_to_the_import(admin_client_):
    page = admin_client_.get(reverse("admin:members_person_changelist")).content.decode()
    assert reverse("admin:members_onboarding") in page
    assert "Last ned malen" in admin_client_.get(reverse("admin:members_onboarding")).content.decode()


def test_only_an_administrator_may_import(client, django_user_model):
    staff = django_user_model.objects.create_user("stab", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:members_onboarding")).status_code == 403
    assert client.get(reverse("admin:members_onboarding_template", kwargs={"fmt": "xlsx"})).status_code == 403


def test_the_management_command_imports_a_csv_template(tmp_path):
    from django.core.management import call_command

    template = tmp_path / "mal.csv"
    call_command("import_partnership", str(template), "--mal", stdout=io.StringIO())
    header = template.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    lines = [";".join(header)]
    for row in STRUCTURE[:9]:
        lines.append(";".join(str(row.get(h, "")) for h in header))
    filled = tmp_path / "sorvest.csv"
    filled.write_text("\n".join(lines), encoding="utf-8")
    out = io.StringIO()
    call_command("import_partnership", str(filled), stdout=out)
    partnership = Partnership.objects.get(slug="sorvest")
    assert sorted(partnership.parties.values_list("name", flat=True)) == [
        "Diakonsykehuset", "Fjellvik kommune", "Holmøy kommune", "Storby kommune", "Strandå kommune", "Sørvest HF"]
    assert "Importert til Helsefellesskap Sørvest" in out.getvalue()


def test_removing_an_ex_officio_seat_in_the_admin_ends_the_seats_it_gave(sorvest, admin_client_):
    from members.models import ExOfficioSeat

    seat = ExOfficioSeat.objects.get(body=body(sorvest, "PM"), office_body=body(sorvest, "SSU"), office_role="vice_chair")
    response = admin_client_.post(reverse("admin:members_exofficioseat_delete", args=[seat.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.current().filter(body=body(sorvest, "PM"), person__email="by1@sorvest.no").exists()
    assert "nestleder i SSU" not in " ".join(b.message for b in check_composition(body(sorvest, "PM")))
