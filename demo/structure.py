"""Demo structure: Helsefellesskap Finnmark and Helgeland as the documents describe them.

Everything is keyed on natural keys (names), so loading twice changes nothing. People are invented;
roles, bodies and compositions come from the documents (see ../shared/DOMAIN.md).
"""
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from bodies.models import Body, BodyKind, Partnership, Party, PriorityGroup, Region, Side

from members.models import Membership, Person

DEMO_PASSWORD = "demo"
DEMO_LOGINS = {
    "admin": "Administrator (alle rettigheter)",
    "sekretariat": "Samhandlingssekretariatet i Finnmark",
    "medlem": "Medlem av strategisk samarbeidsutvalg i Finnmark",
    "observator": "Observatør (brukerrepresentant) i strategisk samarbeidsutvalg i Finnmark",
}

# Four-year member terms and two-year chair terms, so the demo is current both in 2020-21 (the story)
# and today. Chair and vice chair alternate between the sides every other year.
MEMBER_TERMS = [(date(2020, 1, 1), date(2023, 12, 31)), (date(2024, 1, 1), date(2027, 12, 31))]
CHAIR_TERMS = [(date(y, 1, 1), date(y + 1, 12, 31)) for y in (2020, 2022, 2024, 2026)]

FIRST_NAMES = [
    "Anne", "Bjørn", "Cecilie", "Dag", "Eli", "Frode", "Guri", "Håkon", "Ingrid", "Jon", "Kari", "Lars",
    "Marit", "Nils", "Oda", "Per", "Ragnhild", "Sindre", "Tone", "Ulf", "Vigdis", "Aslak", "Elle", "Máret",
    "Inga", "Mikkel", "Siri", "Trond", "Hanne", "Ola", "Berit", "Geir", "Liv", "Arne", "Sunniva", "Tor",
]
LAST_NAMES = [
    "Aune", "Berg", "Dahl", "Eira", "Fjeld", "Gaup", "Hætta", "Isaksen", "Johansen", "Karlsen", "Lund",
    "Mathisen", "Nilsen", "Olsen", "Pedersen", "Rasmussen", "Sara", "Somby", "Strand", "Thomassen",
    "Utsi", "Vik", "Wilhelmsen", "Ånstad", "Bær", "Hansen", "Jensen", "Kristiansen", "Larsen", "Moe",
]


class NameBook:
    """Hands out invented, unique, repeatable names in a fixed order."""

    def __init__(self, offset=0):
        self.index = offset

    def next(self):
        i = self.index
        self.index += 1
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(i // len(FIRST_NAMES) + i) % len(LAST_NAMES)]
        return first, last


PRIORITY_GROUPS = [
    ("barn-og-unge", "Barn og unge"),
    ("psykisk-helse-og-rus", "Personer med alvorlige psykiske lidelser og rusproblemer"),
    ("skropelige-eldre", "Skrøpelige eldre"),
    ("flere-kroniske-lidelser", "Personer med flere kroniske lidelser"),
]

BODY_KINDS = [
    # slug, name, level, is_secretariat, is_temporary
    ("partnerskapsmote", "Partnerskapsmøte", 1, False, False),
    ("dialogmote", "Dialogmøte", 1, False, False),
    ("strategisk-samarbeidsutvalg", "Strategisk samarbeidsutvalg", 2, False, False),
    ("samhandlingssekretariat", "Samhandlingssekretariat", 2, True, False),
    ("faglig-samarbeidsutvalg", "Faglig samarbeidsutvalg", 3, False, False),
    ("lfso", "Lokalt faglig samarbeidsorgan (LFSO)", 3, False, False),
    ("fastlegerad", "Fastlegeråd", 3, False, False),
    ("ksu", "Klinisk samarbeidsutvalg (KSU)", 3, False, True),
    ("underutvalg", "Underutvalg", 3, False, False),
    ("arbeidsgruppe", "Arbeidsgruppe", 3, False, True),
    ("fagrad", "Fagråd for prioritert pasientgruppe", 3, False, False),
    ("omradeutvalg", "Områdeutvalg", 3, False, False),
]

# Terms of members by kind of body (funksjonsperiode): four years in SU, the secretariat and the professional
# bodies (002: «4-årig funksjonsperiode»), two years in the councils per priority group. A new membership's end
# defaults from this (members/terms.py default_term_end); a body may have its own.
KIND_TERM_YEARS = {
    "strategisk-samarbeidsutvalg": 4, "samhandlingssekretariat": 4, "faglig-samarbeidsutvalg": 4, "lfso": 4,
    "fastlegerad": 4, "omradeutvalg": 4, "underutvalg": 4, "fagrad": 2,
}

FINNMARK_MUNICIPALITIES = [
    # name, region, Sámi language area, population (about 2020)
    ("Alta", "Vest-Finnmark", False, 20789), ("Berlevåg", "Øst-Finnmark", False, 950),
    ("Båtsfjord", "Øst-Finnmark", False, 2230), ("Gamvik", "Midt-Finnmark", False, 1110),
    ("Hammerfest", "Vest-Finnmark", False, 11400), ("Hasvik", "Vest-Finnmark", False, 1000),
    ("Karasjok", "Midt-Finnmark", True, 2650), ("Kautokeino", "Vest-Finnmark", True, 2900),
    ("Lebesby", "Midt-Finnmark", False, 1280), ("Loppa", "Vest-Finnmark", False, 900),
    ("Måsøy", "Vest-Finnmark", False, 1200), ("Nesseby", "Øst-Finnmark", True, 900),
    ("Nordkapp", "Midt-Finnmark", False, 3150), ("Porsanger", "Midt-Finnmark", True, 3870),
    ("Sør-Varanger", "Øst-Finnmark", False, 10100), ("Tana", "Øst-Finnmark", True, 2870),
    ("Vadsø", "Øst-Finnmark", False, 5800), ("Vardø", "Øst-Finnmark", False, 2030),
]

HELGELAND_MUNICIPALITIES = [
    ("Alstahaug", "Midt-Helgeland", False, 7400), ("Bindal", "Sør-Helgeland", False, 1450),
    ("Brønnøy", "Sør-Helgeland", False, 7900), ("Dønna", "Midt-Helgeland", False, 1400),
    ("Grane", "Midt-Helgeland", False, 1450), ("Hattfjelldal", "Midt-Helgeland", True, 1300),
    ("Hemnes", "Nord-Helgeland", False, 4500), ("Herøy", "Midt-Helgeland", False, 1800),
    ("Leirfjord", "Midt-Helgeland", False, 2300), ("Lurøy", "Nord-Helgeland", False, 1900),
    ("Nesna", "Nord-Helgeland", False, 1800), ("Rana", "Nord-Helgeland", False, 26000),
    ("Rødøy", "Nord-Helgeland", False, 1250), ("Sømna", "Sør-Helgeland", False, 2000),
    ("Træna", "Nord-Helgeland", False, 450), ("Vefsn", "Midt-Helgeland", False, 13300),
    ("Vega", "Sør-Helgeland", False, 1200), ("Vevelstad", "Sør-Helgeland", False, 480),
]


@dataclass
class Loader:
    names: NameBook

    # -- people and seats -------------------------------------------------------------------

    def person(self, position, employer, *, gp=False):
        first, last = self.names.next()
        slug = f"{first}.{last}".lower().replace("æ", "ae").replace("ø", "o").replace("å", "a").replace("á", "a")
        person, _ = Person.objects.get_or_create(
            first_name=first, last_name=last,
            defaults={"position": position, "employer": employer, "email": f"{slug}@demo.helsefellesskap.example",
                      "is_practising_gp": gp},
        )
        return person

    def seat(self, body, person, *, role, side, parties=(), seat=Membership.Seat.ORDINARY, seat_note="",
             terms=MEMBER_TERMS, vote=None, speak=True, propose=None):
        """Create one membership per term; returns them in term order."""
        if vote is None:
            vote = role in Membership.FIXED_ROLES
        if propose is None:
            propose = role in Membership.FIXED_ROLES or role == Membership.Role.DEPUTY
        created = []
        for start, end in terms:
            membership, _ = Membership.objects.get_or_create(
                person=person, body=body, role=role, term_start=start,
                defaults={"term_end": end, "side": side, "seat": seat, "seat_note": seat_note,
                          "can_vote": vote, "can_speak": speak, "can_propose": propose},
            )
            if parties and not membership.represented_parties.exists():
                membership.represented_parties.set(parties)
            created.append(membership)
        return created

    def fixed_with_deputy(self, body, *, side, parties, position, employer, seat=Membership.Seat.ORDINARY, seat_note="",
                          gp=False):
        """A fixed member with a personal deputy in the same body, for both terms."""
        member = self.person(position, employer, gp=gp)
        deputy = self.person(f"vara – {position}", employer, gp=gp)
        members = self.seat(body, member, role=Membership.Role.MEMBER, side=side, parties=parties, seat=seat, seat_note=seat_note)
        deputies = self.seat(body, deputy, role=Membership.Role.DEPUTY, side=side, parties=parties, seat=seat,
                             seat_note=seat_note, vote=True)
        link_deputies(members, deputies)
        return member

    def rotating_leaders(self, body, *, specialist, municipal, specialist_parties, municipal_parties, first_chair_side,
                         municipal_gp=False):
        """Chair and vice chair alternate between the sides every other year (two-year terms)."""
        s_person = self.person(specialist[0], specialist[1])
        m_person = self.person(municipal[0], municipal[1], gp=municipal_gp)
        s_deputy = self.person(f"vara – {specialist[0]}", specialist[1])
        m_deputy = self.person(f"vara – {municipal[0]}", municipal[1], gp=municipal_gp)
        s_deps = self.seat(body, s_deputy, role=Membership.Role.DEPUTY, side=Side.SPECIALIST, parties=specialist_parties, vote=True)
        m_deps = self.seat(body, m_deputy, role=Membership.Role.DEPUTY, side=Side.MUNICIPAL, parties=municipal_parties, vote=True)
        for i, (start, end) in enumerate(CHAIR_TERMS):
            chair_is_municipal = (i % 2 == 0) == (first_chair_side == Side.MUNICIPAL)
            s_role = Membership.Role.VICE_CHAIR if chair_is_municipal else Membership.Role.CHAIR
            m_role = Membership.Role.CHAIR if chair_is_municipal else Membership.Role.VICE_CHAIR
            (s_m,) = self.seat(body, s_person, role=s_role, side=Side.SPECIALIST, parties=specialist_parties, terms=[(start, end)])
            (m_m,) = self.seat(body, m_person, role=m_role, side=Side.MUNICIPAL, parties=municipal_parties, terms=[(start, end)])
            link_deputies([s_m], [d for d in s_deps if d.term_start <= start and d.term_end >= end])
            link_deputies([m_m], [d for d in m_deps if d.term_start <= start and d.term_end >= end])
        return s_person, m_person


def link_deputies(members, deputies):
    for member, deputy in zip(members, deputies):
        if member.personal_deputy_id != deputy.pk:
            member.personal_deputy = deputy
            member.save(update_fields=["personal_deputy"])


def load_reference_data():
    for slug, name in PRIORITY_GROUPS:
        PriorityGroup.objects.get_or_create(slug=slug, defaults={"name": name})
    for slug, name, level, secretariat, temporary in BODY_KINDS:
        kind_obj, _ = BodyKind.objects.get_or_create(
            slug=slug, defaults={"name": name, "default_level": level, "is_secretariat": secretariat, "is_temporary": temporary,
                                 "term_years": KIND_TERM_YEARS.get(slug)}
        )
        if kind_obj.term_years is None and slug in KIND_TERM_YEARS:
            kind_obj.term_years = KIND_TERM_YEARS[slug]
            kind_obj.save(update_fields=["term_years"])


def kind(slug):
    return BodyKind.objects.get(slug=slug)


def body(partnership, name, kind_slug, **fields):
    obj, _ = Body.objects.get_or_create(
        partnership=partnership, name=name, defaults={"kind": kind(kind_slug), "level": kind(kind_slug).default_level, **fields}
    )
    return obj


def load_parties(partnership, municipalities, hf_name, others):
    regions = {}
    for _name, region_name, _sami, _pop in municipalities:
        if region_name not in regions:
            regions[region_name], _ = Region.objects.get_or_create(partnership=partnership, name=region_name)
    hf, _ = Party.objects.get_or_create(
        partnership=partnership, name=hf_name,
        defaults={"kind": Party.Kind.HEALTH_TRUST, "side": Side.SPECIALIST, "decision_body_name": "Styret"},
    )
    municipal = []
    for name, region_name, sami, population in municipalities:
        party, _ = Party.objects.get_or_create(
            partnership=partnership, name=f"{name} kommune",
            defaults={"kind": Party.Kind.MUNICIPALITY, "side": Side.MUNICIPAL, "region": regions[region_name],
                      "sami_area": sami, "population": population, "decision_body_name": "Kommunestyret"},
        )
        municipal.append(party)
    extra = {}
    for key, (name, party_kind) in others.items():
        extra[key], _ = Party.objects.get_or_create(partnership=partnership, name=name, defaults={"kind": party_kind, "side": Side.NONE})
    return hf, municipal, regions, extra


def by_region(parties):
    grouped = {}
    for party in parties:
        grouped.setdefault(party.region.name, []).append(party)
    return grouped


def load_finnmark(loader):
    fm, _ = Partnership.objects.get_or_create(
        slug="finnmark",
        defaults={"name": "Helsefellesskap Finnmark", "two_step_rule": True, "allow_urgent_exception": True,
                  "description": "Finnmarkssykehuset HF og de 18 kommunene i Finnmark."},
    )
    hf, municipalities, regions, other = load_parties(fm, FINNMARK_MUNICIPALITIES, "Finnmarkssykehuset HF", {
        "ks": ("KS Troms og Finnmark", Party.Kind.KS),
        "sf": ("Statsforvalteren i Troms og Finnmark", Party.Kind.COUNTY_GOVERNOR),
        "uit": ("UiT Norges arktiske universitet", Party.Kind.UNIVERSITY),
        "bu": ("Brukerutvalget i Finnmarkssykehuset", Party.Kind.USER_COMMITTEE),
        "to": ("Tillitsvalgte (arbeidstakerorganisasjonene)", Party.Kind.EMPLOYEE_ORGANISATION),
    })
    grouped = by_region(municipalities)
    east, middle, west = grouped["Øst-Finnmark"], grouped["Midt-Finnmark"], grouped["Vest-Finnmark"]

    secretariat = body(fm, "Samhandlingssekretariatet", "samhandlingssekretariat", short_name="Sekretariatet",
                       min_meetings_per_year=4,
                       mandate="Kontaktpunkt i samhandlingsspørsmål. Mottar saker fra SU og LFSO og ser på hvor de skal behandles; "
                               "drøfter saker før de går til beslutning i SU; forbereder og kaller inn møter, skriver protokoll, "
                               "publiserer saksdokumenter og fører arkiv. Ledes annethvert år av hver side.")
    su = body(fm, "Strategisk samarbeidsutvalg", "strategisk-samarbeidsutvalg", short_name="OSO/SU",
              min_meetings_per_year=4, discussion_body=secretariat,
              mandate="Partssammensatt utvalg som beslutter saker av overordnet, prinsipiell karakter og saker med større "
                      "økonomiske og administrative konsekvenser. Vedtak binder begge parter ved konsensus innenfor de rammer "
                      "som er vedtatt. Videreføring av Overordnet samarbeidsorgan (OSO).")
    pm = body(fm, "Partnerskapsmøtet", "partnerskapsmote", short_name="Partnerskapsmøtet", min_meetings_per_year=1,
              mandate="Det strategisk overordnede organet. Alt som forplikter partene skal opp i partnerskapsmøtet. "
                      "Beslutninger baseres på konsensus. Ett årlig møte, lagt til KS' høstmøte.")
    dm = body(fm, "Dialogmøtet", "dialogmote", short_name="Dialogmøtet", min_meetings_per_year=1, can_decide=False,
              mandate="Formøte før partnerskapsmøtet: informasjon og dialog om saker av politisk betydning, ingen vedtak. "
                      "Møteledelsen går på omgang mellom foretak og kommuner.")
    lfso_east = body(fm, "LFSO Øst-Finnmark", "lfso", short_name="LFSO øst", min_meetings_per_year=4, appointed_by=su, reports_to=su)
    lfso_west = body(fm, "LFSO Vest-Finnmark", "lfso", short_name="LFSO vest", min_meetings_per_year=4, appointed_by=su, reports_to=su)
    gp_council = body(fm, "Fastlegerådet", "fastlegerad", short_name="Fastlegerådet", min_meetings_per_year=4, appointed_by=su, reports_to=su)
    ksu = body(fm, "KSU psykisk helse og rus", "ksu", short_name="KSU PHR", appointed_by=su, reports_to=su,
               active_from=date(2024, 3, 1), deadline=date(2027, 6, 30),
               priority_group=PriorityGroup.objects.get(slug="psykisk-helse-og-rus"),
               mandate="Utvikle felles pasientforløp for personer med alvorlige psykiske lidelser og rusproblemer.")

    # SU: five from the HF leadership and five municipal leaders, each with a personal deputy; chair and
    # vice chair alternate between the sides. The municipal seats together cover all regions and the
    # Sámi language area (one representative may speak for several municipalities).
    loader.rotating_leaders(su, specialist=("administrerende direktør", hf), municipal=("kommunalsjef helse, Alta", municipalities[0]),
                            specialist_parties=[hf], municipal_parties=west[:3], first_chair_side=Side.MUNICIPAL)
    for title in ("klinikksjef Hammerfest", "klinikksjef Kirkenes", "klinikksjef psykisk helse og rus", "klinikksjef prehospitale tjenester"):
        loader.fixed_with_deputy(su, side=Side.SPECIALIST, parties=[hf], position=title, employer=hf)
    for title, parties in (("kommunalsjef, Vest-Finnmark", west[3:]), ("kommunalsjef, Midt-Finnmark", middle[:3]),
                           ("kommunalsjef, samisk forvaltningsområde", [p for p in municipalities if p.sami_area]),
                           ("kommunalsjef, Øst-Finnmark", [p for p in east if not p.sami_area])):
        loader.fixed_with_deputy(su, side=Side.MUNICIPAL, parties=parties, position=title, employer=parties[0])
    observer_specs = [
        ("tillitsvalgt", other["to"], Membership.Seat.EMPLOYEE_REPRESENTATIVE, False),
        ("fastlege", municipalities[13], Membership.Seat.GP, True),
        ("brukerrepresentant", other["bu"], Membership.Seat.USER_REPRESENTATIVE, False),
    ]
    for position, employer, seat_kind, gp in observer_specs:
        loader.seat(su, loader.person(position, employer, gp=gp), role=Membership.Role.OBSERVER, side=Side.NONE,
                    parties=[employer] if employer.side == Side.NONE else [], seat=seat_kind, vote=False, propose=True)
    for position, employer, side in (("samhandlingssjef, Finnmarkssykehuset", hf, Side.SPECIALIST),
                                     ("samhandlingssjef for kommunene", municipalities[4], Side.MUNICIPAL)):
        person = loader.person(position, employer)
        loader.seat(su, person, role=Membership.Role.SECRETARY, side=side, seat=Membership.Seat.SECRETARIAT, vote=False, propose=False)
        # The two heads also lead the secretariat, in alternate years.
    heads = list(Person.objects.filter(memberships__body=su, memberships__role=Membership.Role.SECRETARY).distinct().order_by("pk"))

    # Secretariat: the two heads (alternating as leader), four HF advisers and four municipal advisers.
    for i, (start, end) in enumerate(CHAIR_TERMS):
        leader, deputy_leader = (heads[0], heads[1]) if i % 2 == 0 else (heads[1], heads[0])
        loader.seat(secretariat, leader, role=Membership.Role.CHAIR, side=_side_of(leader, hf), parties=[], terms=[(start, end)])
        loader.seat(secretariat, deputy_leader, role=Membership.Role.VICE_CHAIR, side=_side_of(deputy_leader, hf), terms=[(start, end)])
    for n in range(1, 5):
        loader.seat(secretariat, loader.person(f"samhandlingsrådgiver {n}", hf), role=Membership.Role.MEMBER, side=Side.SPECIALIST, parties=[hf])
    municipal_advisers = []
    for n, region_parties in enumerate((east, middle, west, west), start=1):
        person = loader.person(f"kommunal rådgiver {n}", region_parties[0])
        municipal_advisers.append(person)
        loader.seat(secretariat, person, role=Membership.Role.MEMBER, side=Side.MUNICIPAL, parties=region_parties)

    # Partnership meeting: chief executives of all municipalities, the HF CEO and leadership; observers.
    ceo = Person.objects.filter(memberships__body=su, position="administrerende direktør").first()
    loader.seat(pm, ceo, role=Membership.Role.MEMBER, side=Side.SPECIALIST, parties=[hf])
    for title in ("viseadministrerende direktør", "økonomidirektør", "fagdirektør", "HR-direktør"):
        loader.seat(pm, loader.person(title, hf), role=Membership.Role.MEMBER, side=Side.SPECIALIST, parties=[hf])
    for party in municipalities:
        loader.seat(pm, loader.person(f"kommunedirektør, {party.name}", party), role=Membership.Role.MEMBER, side=Side.MUNICIPAL, parties=[party])
    for position, employer, seat_kind in (
        ("statsforvalterens representant", other["sf"], Membership.Seat.OTHER),
        ("representant for universitetet", other["uit"], Membership.Seat.OTHER),
        ("tillitsvalgt", other["to"], Membership.Seat.EMPLOYEE_REPRESENTATIVE),
        ("fastlege", municipalities[0], Membership.Seat.GP),
        ("brukerrepresentant", other["bu"], Membership.Seat.USER_REPRESENTATIVE),
        ("KS' representant", other["ks"], Membership.Seat.OTHER),
    ):
        loader.seat(pm, loader.person(position, employer, gp=seat_kind == Membership.Seat.GP), role=Membership.Role.OBSERVER,
                    side=Side.NONE, parties=[employer] if employer.side == Side.NONE else [], seat=seat_kind, vote=False, propose=False)
    su_chair = Membership.objects.filter(body=su, role=Membership.Role.CHAIR).order_by("term_start").first()
    loader.seat(pm, su_chair.person, role=Membership.Role.OBSERVER, side=Side.NONE, seat=Membership.Seat.OTHER,
                seat_note="Strategisk samarbeidsutvalg", vote=False, propose=False)

    # Dialogue meeting: mayors and the HF board; the chair alternates between HF and municipalities.
    loader.rotating_leaders(dm, specialist=("styreleder, Finnmarkssykehuset", hf), municipal=("ordfører, Vadsø", municipalities[16]),
                            specialist_parties=[hf], municipal_parties=[municipalities[16]], first_chair_side=Side.SPECIALIST)
    for party in municipalities:
        if party == municipalities[16]:
            continue
        loader.seat(dm, loader.person(f"ordfører, {party.name}", party), role=Membership.Role.MEMBER, side=Side.MUNICIPAL, parties=[party])
    loader.seat(dm, ceo, role=Membership.Role.MEMBER, side=Side.SPECIALIST, parties=[hf])

    # LFSO east and west: one member per municipality, eight from the HF, two user representatives
    # (mental health/substance abuse and somatic); chair and vice chair alternate between the parties.
    for lfso, parties, adviser in ((lfso_east, east, municipal_advisers[0]), (lfso_west, middle + west, municipal_advisers[2])):
        loader.rotating_leaders(lfso, specialist=(f"avdelingsleder, {lfso.short_name}", hf), municipal=(f"helse- og omsorgsleder, {parties[0].name}", parties[0]),
                                specialist_parties=[hf], municipal_parties=[parties[0]], first_chair_side=Side.SPECIALIST)
        for party in parties[1:]:
            person = adviser if party == parties[1] else loader.person(f"helse- og omsorgsleder, {party.name}", party)
            loader.seat(lfso, person, role=Membership.Role.MEMBER, side=Side.MUNICIPAL, parties=[party])
        for n in range(1, 8):
            loader.seat(lfso, loader.person(f"fagrepresentant {n}, {lfso.short_name}", hf), role=Membership.Role.MEMBER, side=Side.SPECIALIST, parties=[hf])
        for note in ("psykisk helse og rus", "somatikk"):
            loader.seat(lfso, loader.person("brukerrepresentant", other["bu"]), role=Membership.Role.MEMBER, side=Side.NONE,
                        parties=[other["bu"]], seat=Membership.Seat.USER_REPRESENTATIVE, seat_note=note, vote=False)

    # GP council: four from the municipalities (east, middle, west) and four from the HF.
    loader.rotating_leaders(gp_council, specialist=("overlege, Finnmarkssykehuset", hf), municipal=("fastlege, Øst-Finnmark", east[0]),
                            specialist_parties=[hf], municipal_parties=east, first_chair_side=Side.MUNICIPAL, municipal_gp=True)
    for title, parties in (("fastlege, Midt-Finnmark", middle), ("fastlege, Vest-Finnmark", west), ("fastlege, Vest-Finnmark (Alta)", west[:1])):
        loader.seat(gp_council, loader.person(title, parties[0], gp=True), role=Membership.Role.MEMBER, side=Side.MUNICIPAL, parties=parties, seat=Membership.Seat.GP)
    for n in range(1, 4):
        loader.seat(gp_council, loader.person(f"overlege {n}", hf), role=Membership.Role.MEMBER, side=Side.SPECIALIST, parties=[hf])

    # KSU: appointed by SU with a mandate and a deadline; three from each side.
    ksu_terms = [(date(2024, 3, 1), date(2027, 6, 30))]
    for n in range(1, 4):
        loader.seat(ksu, loader.person(f"fagperson psykisk helse {n}", hf), role=Membership.Role.MEMBER, side=Side.SPECIALIST, parties=[hf], terms=ksu_terms)
        region = (east, middle, west)[n - 1]
        loader.seat(ksu, loader.person(f"psykiatritjenesten, {region[0].name}", region[0]), role=Membership.Role.MEMBER,
                    side=Side.MUNICIPAL, parties=region, terms=ksu_terms)
    return fm


def _side_of(person, hf):
    return Side.SPECIALIST if person.employer_id == hf.pk else Side.MUNICIPAL


def load_helgeland(loader):
    hl, _ = Partnership.objects.get_or_create(
        slug="helgeland",
        defaults={"name": "Helsefellesskap Helgeland", "two_step_rule": True,
                  "description": "Helgelandssykehuset HF og kommunene på Helgeland. Det faglige nivået er organisert som fire fagråd, "
                                 "ett for hver prioriterte pasientgruppe."},
    )
    hf, municipalities, regions, other = load_parties(hl, HELGELAND_MUNICIPALITIES, "Helgelandssykehuset HF", {
        "ks": ("KS Nordland", Party.Kind.KS),
        "sf": ("Statsforvalteren i Nordland", Party.Kind.COUNTY_GOVERNOR),
        "nord": ("Nord universitet", Party.Kind.UNIVERSITY),
        "bu": ("Brukerutvalget i Helgelandssykehuset", Party.Kind.USER_COMMITTEE),
        "to": ("Tillitsvalgte (arbeidstakerorganisasjonene)", Party.Kind.EMPLOYEE_ORGANISATION),
    })
    grouped = by_region(municipalities)
    secretariat = body(hl, "Samhandlingssekretariatet Helgeland", "samhandlingssekretariat", short_name="Sekretariatet", min_meetings_per_year=4)
    ssu = body(hl, "Strategisk samarbeidsutvalg Helgeland", "strategisk-samarbeidsutvalg", short_name="SSU", min_meetings_per_year=4,
               discussion_body=secretariat, mandate="Utvikle strategier og handlingsplaner; håndtering av saker og løpende beslutninger.")
    pm = body(hl, "Partnerskapsmøtet Helgeland", "partnerskapsmote", short_name="Partnerskapsmøtet", min_meetings_per_year=1,
              mandate="Årlig møte for å forankre retning. Politisk og administrativ toppledelse i kommuner og helseforetak.")
    body(hl, "Dialogmøtet Helgeland", "dialogmote", short_name="Dialogmøtet", min_meetings_per_year=1, can_decide=False)
    fsu = body(hl, "Faglig samarbeidsutvalg Helgeland", "faglig-samarbeidsutvalg", short_name="FSU", min_meetings_per_year=4,
               appointed_by=ssu, reports_to=ssu, mandate="Utvikle prosedyrer og tjenestemodeller.")

    loader.rotating_leaders(ssu, specialist=("administrerende direktør", hf), municipal=("kommunedirektør, Rana", municipalities[11]),
                            specialist_parties=[hf], municipal_parties=grouped["Nord-Helgeland"], first_chair_side=Side.SPECIALIST)
    for n in range(1, 4):
        loader.fixed_with_deputy(ssu, side=Side.SPECIALIST, parties=[hf], position=f"klinikksjef {n}", employer=hf)
    for region_name in ("Sør-Helgeland", "Midt-Helgeland"):
        parties = grouped[region_name]
        loader.fixed_with_deputy(ssu, side=Side.MUNICIPAL, parties=parties, position=f"kommunalsjef, {region_name}", employer=parties[0])
    loader.fixed_with_deputy(ssu, side=Side.MUNICIPAL, parties=[p for p in municipalities if p.sami_area] + grouped["Nord-Helgeland"][1:3],
                             position="kommunalsjef, Hattfjelldal", employer=next(p for p in municipalities if p.sami_area))
    for position, employer, seat_kind, gp in (("fastlege", municipalities[15], Membership.Seat.GP, True),
                                              ("brukerrepresentant", other["bu"], Membership.Seat.USER_REPRESENTATIVE, False),
                                              ("tillitsvalgt", other["to"], Membership.Seat.EMPLOYEE_REPRESENTATIVE, False)):
        loader.seat(ssu, loader.person(position, employer, gp=gp), role=Membership.Role.OBSERVER, side=Side.NONE,
                    parties=[employer] if employer.side == Side.NONE else [], seat=seat_kind, vote=False, propose=True)

    ceo = Person.objects.filter(memberships__body=ssu, position="administrerende direktør").first()
    loader.seat(pm, ceo, role=Membership.Role.MEMBER, side=Side.SPECIALIST, parties=[hf])
    for party in municipalities:
        loader.seat(pm, loader.person(f"kommunedirektør, {party.name}", party), role=Membership.Role.MEMBER, side=Side.MUNICIPAL, parties=[party])

    for pm_body in (secretariat,):
        loader.rotating_leaders(pm_body, specialist=("leder, Senter for samhandling", hf), municipal=("interkommunal samhandlingssjef", municipalities[15]),
                                specialist_parties=[hf], municipal_parties=municipalities, first_chair_side=Side.SPECIALIST)

    loader.rotating_leaders(fsu, specialist=("fagdirektør", hf), municipal=("kommuneoverlege, Vefsn", municipalities[15]),
                            specialist_parties=[hf], municipal_parties=grouped["Midt-Helgeland"], first_chair_side=Side.MUNICIPAL)

    # Four professional councils, one per priority patient group ("brukere og fastleger deltar på alle nivå").
    for slug, group_name in PRIORITY_GROUPS:
        group = PriorityGroup.objects.get(slug=slug)
        council = body(hl, f"Fagråd {group_name[0].lower() + group_name[1:]}", "fagrad", short_name=f"Fagråd {slug.replace('-', ' ')}",
                       min_meetings_per_year=4, appointed_by=ssu, reports_to=fsu, priority_group=group)
        loader.rotating_leaders(council, specialist=(f"avdelingsleder, {group_name}", hf), municipal=(f"enhetsleder, {group_name}", municipalities[11]),
                                specialist_parties=[hf], municipal_parties=grouped["Nord-Helgeland"], first_chair_side=Side.SPECIALIST)
        loader.seat(council, loader.person(f"fagperson, {group_name}", hf), role=Membership.Role.MEMBER, side=Side.SPECIALIST, parties=[hf])
        loader.seat(council, loader.person(f"fagperson, {group_name}", municipalities[1]), role=Membership.Role.MEMBER,
                    side=Side.MUNICIPAL, parties=grouped["Sør-Helgeland"])
        loader.seat(council, loader.person("fastlege", municipalities[6], gp=True), role=Membership.Role.MEMBER, side=Side.MUNICIPAL,
                    parties=[municipalities[6]], seat=Membership.Seat.GP)
        loader.seat(council, loader.person("brukerrepresentant", other["bu"]), role=Membership.Role.MEMBER, side=Side.NONE,
                    parties=[other["bu"]], seat=Membership.Seat.USER_REPRESENTATIVE, vote=False)
    return hl


@transaction.atomic
def load_structure():
    load_reference_data()
    # Each partnership has its own name book so adding people to one never renames the other's.
    finnmark = load_finnmark(Loader(NameBook(0)))
    helgeland = load_helgeland(Loader(NameBook(500)))
    # Composition rules as data and the working groups of the story (members/demo_governance.py).
    from .governance import load_governance

    load_governance(finnmark, helgeland)
    return finnmark, helgeland


@transaction.atomic
def load_logins(finnmark):
    """One login per role, password «demo». Only for trying the product (DEBUG on)."""
    User = get_user_model()
    su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
    secretariat = Body.objects.get(partnership=finnmark, kind__is_secretariat=True)

    admin, _ = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@demo.helsefellesskap.example"})
    users = {"admin": admin}
    for username, body_obj, role in (("sekretariat", secretariat, Membership.Role.CHAIR),
                                     ("medlem", su, Membership.Role.MEMBER),
                                     ("observator", su, Membership.Role.OBSERVER)):
        memberships = Membership.objects.current().filter(body=body_obj, role=role).select_related("person").order_by("pk")
        if role == Membership.Role.OBSERVER:
            memberships = memberships.filter(seat=Membership.Seat.USER_REPRESENTATIVE)
        membership = memberships.first()
        user, _ = User.objects.get_or_create(username=username, defaults={"first_name": membership.person.first_name,
                                                                           "last_name": membership.person.last_name,
                                                                           "email": membership.person.email})
        person = membership.person
        if person.user_id != user.pk:
            person.user = user
            person.save(update_fields=["user"])
        users[username] = user

    # The secretariat works on its own pages, not in Django admin: the login is not staff. The group of model
    # permissions stays for an administrator who chooses to give a secretariat user the admin as well.
    group, _ = Group.objects.get_or_create(name="Sekretariat")
    perms = Permission.objects.filter(content_type__app_label__in=["bodies", "members", "cases", "meetings"]).exclude(codename__startswith="delete_")
    group.permissions.set(perms)
    sek = users["sekretariat"]
    if sek.is_staff:
        sek.is_staff = False
        sek.save(update_fields=["is_staff"])
    sek.groups.remove(group)

    # Object permissions follow the memberships (members.services): the secretariat leader works on
    # Finnmark; members and observers read their bodies' internal records.
    from members.services import user_sync_permissions

    for user in users.values():
        user_sync_permissions(user=user)

    for user in users.values():
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    return users
