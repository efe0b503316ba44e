"""Demo story: the Finnmark cases of 2020–2021 as the documents tell them, and upcoming meetings.

OSO case 3/2020 (24 Feb 2020) sets up the working group; case 28/2020 is discussed in the secretariat and
decided at consensus at OSO on 23 Nov 2020, then sent to the 18 municipal councils and the HF board
(HF board case 101/2020, Tana's two-thirds reservation, Porsanger's amendment, four not answered);
case 17/2021 (7 June 2021) appoints a new working group. Meetings, attendance and agenda items are
plain model saves; cases go through cases.services, so the two-step rule and consensus are checked.

Everything is keyed on natural keys (body and start time, body/year/number), so loading twice changes nothing.
"""
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bodies.models import Body, GovernanceDocument, Party, Side
from cases import services
from cases.models import AnchoringAnswer, Case, CaseType, Position, Purpose
from members.models import Membership

from meetings import guests
from meetings import services as meeting_services
from meetings.models import AgendaItem, Attendance, Meeting

R = AnchoringAnswer.Response

POINTS_3_2020 = [
    "OSO tar informasjon om etablering av helsefellesskap til orientering.",
    "OSO ber KS og Finnmarkssykehuset oppnevne to representanter fra kommunen og to fra Finnmarkssykehuset til et "
    "partssammensatt utvalg. Frist: 9. mars.",
    "OSO slutter seg til følgende utkast til mandat for det partssammensatte utvalget: Innen en frist utarbeide forslag til "
    "organisering og sammensetning av helsefellesskapet, samt rammer rundt de to øverste nivåene. Foreslå videre "
    "behandling/drøfting mot en felles anbefaling som blir forpliktende for partene og medfører forutsigbarhet i "
    "saksbehandlingen i fellesskapet.",
    "Etablerte avtaler og samarbeidsstrukturer (ex. LFSO og OSO) skal ligge til grunn men videreutvikles.",
    "Arbeidsgruppen forbereder sak til OSO møte i juni 2020.",
]
POINTS_28_2020 = [
    "OSO vedtar den foreslåtte organiseringen av Helsefellesskapet mellom Finnmarkssykehuset og kommunene i Finnmark "
    "etter modell fremlagt av arbeidsgruppen.",
    "OSO sender vedtaket til kommunene for behandling i kommunestyrene etter konsensusprinsippet.",
    "OSO ved leder initierer et samarbeid mellom kommunene for å avklare organisering og finansiering av kommunenes "
    "sekretariatfunksjon i helsefellesskapet.",
]
POINTS_17_2021 = [
    "OSO tar status om helsefellesskap Finnmark til orientering.",
    "OSO ber KS og Finnmarkssykehuset å oppnevne 3 representanter fra kommunen og tre representanter fra "
    "Finnmarkssykehuset innen 23. august 2021.",
    "OSO slutter seg til følgende utkast til mandat for det partssammensatte utvalg: Innen 13. september 2021 utarbeide "
    "forslag til vedtekter og planlegge første partnerskapsmøte. Foreslå videre behandling/drøfting mot en felles "
    "anbefaling som blir forpliktende for partene og medfører forutsigbarhet i saksbehandlingen i fellesskapet.",
    "Arbeidsgruppen forbereder sak til OSO-møtet 20. september 2021.",
]
TANA_RESERVATION = (
    "Tana kommune tilslutter seg til etablering av helsefelleskap slik den er beskrevet i rapporten «Helsefelleskap – sammen "
    "for pasientene», datert 10.10.2020 med forbehold at minst to tredjedeler av kommunene innen helseforetaksområdet "
    "(Finnmarkssykehus) også tilslutter seg til helsefellesskapet."
)
PORSANGER_AMENDMENT = "Endre avtaletekst under pkt. 4.2: «endre ordet beslutte med innstiller til kommunestyret/formannskap»."
# «4 av 18 kommuner har ennå ikke svart»: the documents do not name them; the demo picks four.
NOT_ANSWERED = ("Gamvik kommune", "Hasvik kommune", "Loppa kommune", "Måsøy kommune")

UPCOMING = [
    # body kind slug, dates (10:00 local time)
    ("samhandlingssekretariat", [date(2026, 11, 30), date(2027, 2, 22)]),
    ("strategisk-samarbeidsutvalg", [date(2026, 12, 7), date(2027, 3, 8)]),
    ("partnerskapsmote", [date(2027, 10, 20)]),
]


def at(day, hour=10, minute=0):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def meeting(body, day, *, title="", place="", held=True, hour=10):
    obj, created = Meeting.objects.get_or_create(body=body, starts_at=at(day, hour), defaults={"title": title, "place": place})
    if created:
        chair = Membership.objects.filter(body=body, role=Membership.Role.CHAIR).current(on=day).first()
        obj.chair = chair
        if held:
            obj.status = Meeting.Status.HELD
        obj.save()
    return obj


def attend_all(mtg, *, replaced=None):
    """Everyone called on the day meets, except `replaced`, whose personal deputy meets for them."""
    day = timezone.localdate(mtg.starts_at)
    for membership in Membership.objects.filter(body=mtg.body).current(on=day).exclude(role=Membership.Role.DEPUTY):
        absent = membership == replaced
        Attendance.objects.get_or_create(meeting=mtg, membership=membership, defaults={
            "status": Attendance.Status.APOLOGIES if absent else Attendance.Status.PRESENT,
            "can_vote": membership.is_fixed and membership.can_vote, "can_speak": membership.can_speak,
            "can_propose": membership.can_propose,
            "apology_note": "Forfall; personlig vara møter" if absent else "",
        })
    if replaced is not None and replaced.personal_deputy_id:
        deputy = replaced.personal_deputy
        Attendance.objects.get_or_create(meeting=mtg, membership=deputy, defaults={
            "status": Attendance.Status.PRESENT, "substitute_for": replaced, "can_vote": True, "can_speak": True, "can_propose": True})


def standing_items(mtg):
    AgendaItem.objects.get_or_create(meeting=mtg, kind=AgendaItem.Kind.APPROVE_NOTICE, defaults={"position": 1})
    AgendaItem.objects.get_or_create(meeting=mtg, kind=AgendaItem.Kind.APPROVE_MINUTES, defaults={"position": 2})


def decide_at(mtg, case, points, *, position, discussed_at, reservation_from=None):
    """Discuss in the secretariat, then decide at consensus at `mtg` (an SU meeting)."""
    discussion = services.handling_create(case=case, body=discussed_at.body, purpose=Purpose.DISCUSSION, by=None,
                                          meeting_starts_at=discussed_at.starts_at, at=discussed_at.starts_at)
    AgendaItem.objects.create(meeting=discussed_at, handling=discussion, position=position)
    meeting_services.item_record_discussion(handling=discussion, by=None, at=discussed_at.starts_at,
                                            note="Drøftet av kommunene og foretaket; klar for beslutning i OSO.")
    handling = services.handling_create(case=case, body=mtg.body, purpose=Purpose.DECISION, by=None, meeting_starts_at=mtg.starts_at,
                                        at=discussed_at.starts_at)
    AgendaItem.objects.create(meeting=mtg, handling=handling, position=position)
    for attendance in mtg.attendances.filter(status=Attendance.Status.PRESENT).select_related("membership"):
        membership = attendance.membership
        if membership.role == Membership.Role.SECRETARY:
            continue
        if membership.role == Membership.Role.OBSERVER and membership.seat != Membership.Seat.USER_REPRESENTATIVE:
            continue
        meeting_services.item_record_position(handling=handling, membership=membership, stance=Position.Stance.AGREE, by=None,
                                              at=mtg.starts_at)
    outcome = meeting_services.item_decide(handling=handling, points=points, by=None, at=mtg.starts_at)
    if not outcome.reached:
        raise RuntimeError(f"Demo: {case} fikk ikke konsensus: {' '.join(outcome.consensus.reasons)}")
    return outcome.decision


def historic_case(partnership, body, *, number, year, title, reported, on_behalf_of=None, **fields):
    case = services.case_report(partnership=partnership, title=title, case_type=CaseType.DECISION, by=None, at=at(reported),
                                on_behalf_of=on_behalf_of, **fields)
    return services.case_register(case=case, body=body, by=None, number=number, at=at(reported))


def load_case_3_2020(fm, su, secretariat, parties):
    if Case.objects.filter(body=su, year=2020, number=3).exists():
        return
    sec = meeting(secretariat, date(2020, 2, 10), title="Samhandlingssekretariatet", place="Telefonmøte")
    oso = meeting(su, date(2020, 2, 24), title="OSO Finnmark", place="Scandic Alta")
    attend_all(sec)
    attend_all(oso)
    standing_items(oso)
    case = historic_case(fm, su, number=3, year=2020, reported=date(2020, 1, 27), title="Opprettelse av Helsefellesskap",
                         on_behalf_of=parties["hf"], proposed_decision="\n".join(POINTS_3_2020),
                         background="Nasjonal helse- og sykehusplan 2020–2023 og avtalen mellom regjeringen og KS av 23. oktober "
                                    "2019: hvert helseforetaksområde skal ha et helsefellesskap.")
    decision = decide_at(oso, case, POINTS_3_2020, position=3, discussed_at=sec)
    for party_key, title in (("ks", "KS oppnevner to representanter fra kommunene til det partssammensatte utvalget"),
                             ("hf", "Finnmarkssykehuset oppnevner to representanter til det partssammensatte utvalget")):
        task = services.task_create(case=case, decision=decision, title=title, deadline=date(2020, 3, 9), by=None,
                                    responsible_party=parties[party_key], description="Frist: 9. mars.", at=oso.starts_at)
        services.task_complete(task=task, by=None, at=at(date(2020, 3, 9)), note="Arbeidsgruppen er oppnevnt: to fra kommunene, to fra foretaket.")
    report = services.task_create(case=case, decision=decision, title="Arbeidsgruppen forbereder sak til OSO-møtet i juni 2020",
                                  deadline=date(2020, 6, 15), by=None, at=oso.starts_at)
    services.task_complete(task=report, by=None, at=at(date(2020, 10, 19)),
                           note="Rapporten «Helsefelleskap – sammen for pasientene» forelå 19.10.2020 (forsinket av covid-19).")
    services.case_close(case=case, by=None, reason="Fulgt opp i sak 28/2020.")


def load_case_28_2020(fm, su, secretariat, parties):
    if Case.objects.filter(body=su, year=2020, number=28).exists():
        return
    sec = meeting(secretariat, date(2020, 11, 2), title="Samhandlingssekretariatet", place="Teams")
    oso = meeting(su, date(2020, 11, 23), title="OSO Finnmark", place="Teams")
    attend_all(sec)
    replaced = (Membership.objects.filter(body=su, role=Membership.Role.MEMBER, side=Side.MUNICIPAL, personal_deputy__isnull=False)
                .current(on=date(2020, 11, 23)).order_by("pk").first())
    attend_all(oso, replaced=replaced)
    standing_items(oso)
    case = historic_case(fm, su, number=28, year=2020, reported=date(2020, 10, 19), title="Etablering av Helsefellesskap",
                         on_behalf_of=parties["hf"], proposed_decision="\n".join(POINTS_28_2020),
                         background="Arbeidsgruppens rapport «Helsefelleskap – sammen for pasientene» (19.10.2020), med innspill "
                                    "fra alle kommuner, brukerutvalget, fastlegerådet og OSO.",
                         consequences_municipalities="Kommunestyrene behandler tilslutningen; kommunenes sekretariatfunksjon "
                                                     "må organiseres og finansieres.")
    decision = decide_at(oso, case, POINTS_28_2020, position=3, discussed_at=sec)
    guests.item_guest_add(item=decision.handling.agenda_item, by=None, name="Arbeidsgruppen for helsefellesskap",
                          capacity="la fram rapporten «Helsefelleskap – sammen for pasientene»")
    round_ = services.anchoring_round_start(case=case, decision=decision, deadline=date(2020, 12, 31), by=None, sent_on=date(2020, 11, 25),
                                            title="Tilslutning til etablering av Helsefellesskap Finnmark")

    def answer(party, response, day, **kwargs):
        services.anchoring_answer_record(round=round_, party=party, response=response, by=None, decided_on=day, at=at(day, 15), **kwargs)

    answer(parties["hf"], R.JOINED, date(2020, 12, 16), local_reference="Styresak 101/2020")
    municipalities = list(fm.municipalities().order_by("name"))
    for n, party in enumerate(municipalities):
        if party.name in NOT_ANSWERED:
            continue
        if party.name == "Tana kommune":
            answer(party, R.JOINED_WITH_RESERVATION, date(2021, 2, 4), local_reference="PS 5/2021", reservation=TANA_RESERVATION,
                   condition=AnchoringAnswer.Condition.SHARE, condition_value=Decimal("0.6667"))
        elif party.name == "Porsanger kommune":
            answer(party, R.AMENDMENT_PROPOSED, date(2021, 3, 11), amendment=PORSANGER_AMENDMENT)
        else:
            day = date(2020, 12, 15) if n % 3 == 0 else date(2021, 2, 11) if n % 3 == 1 else date(2021, 4, 22)
            answer(party, R.JOINED, day)


def load_case_17_2021(fm, su, secretariat, parties):
    if Case.objects.filter(body=su, year=2021, number=17).exists():
        return
    sec = meeting(secretariat, date(2021, 5, 25), title="Samhandlingssekretariatet", place="Teams")
    oso = meeting(su, date(2021, 6, 7), title="OSO Finnmark", place="Teams")
    attend_all(sec)
    attend_all(oso)
    standing_items(oso)
    case = historic_case(fm, su, number=17, year=2021, reported=date(2021, 5, 10), title="Etablering av Helsefellesskap – vedtekter og partnerskapsmøte",
                         on_behalf_of=parties["hf"], proposed_decision="\n".join(POINTS_17_2021),
                         background="Status for tilslutningen: 4 av 18 kommuner har ennå ikke svart; Tana med forbehold om to "
                                    "tredjedeler; Porsanger ber om endret avtaletekst.")
    decision = decide_at(oso, case, POINTS_17_2021, position=3, discussed_at=sec)
    services.task_create(case=case, decision=decision, title="KS og Finnmarkssykehuset oppnevner 3 + 3 representanter til arbeidsgruppen",
                         deadline=date(2021, 8, 23), responsible_party=parties["ks"], by=None, at=oso.starts_at,
                         description="Tre representanter fra kommunene og tre fra Finnmarkssykehuset.")
    services.task_create(case=case, decision=decision, title="Forslag til vedtekter og plan for første partnerskapsmøte",
                         deadline=date(2021, 9, 13), responsible_party=parties["hf"], by=None, at=oso.starts_at,
                         description="Arbeidsgruppen forbereder sak til OSO-møtet 20. september 2021.")


def approve_story_minutes(partnership, *, until=date(2021, 12, 31)):
    """The minutes of the story's meetings, approved on paper by the chair and one member from the other side (as
    they were), so the decisions of 2020–2021 are public. Meetings already approved are left as they are."""
    meetings = (Meeting.objects.filter(body__partnership=partnership, status=Meeting.Status.HELD, starts_at__lt=at(until, 23))
                .select_related("body", "chair__person").order_by("starts_at"))
    for mtg in meetings:
        if mtg.chair is None:
            continue
        day = timezone.localdate(mtg.starts_at)
        other = (Membership.objects.filter(body=mtg.body, role__in=Membership.FIXED_ROLES).current(on=day)
                 .exclude(side=mtg.chair.side).exclude(side=Side.NONE).select_related("person").order_by("pk").first())
        if other is None:
            continue
        meeting_services.minutes_approve(meeting=mtg, by=None, approvers=[mtg.chair.person, other.person],
                                         approved_at=mtg.ends_at + timedelta(days=7))


# Helgeland (003): the statutes went to hearing in OSO/SSU on 27 May 2021 and to the first partnership meeting in
# September 2021; the document gives their table of contents and the model, which the text below follows.
HELGELAND_STATUTES_POINTS = [
    "Partnerskapsmøtet vedtar vedtekter for Helsefellesskap Helgeland.",
    "Vedtektene gjelder fra vedtaket og revideres når organiseringen endres.",
]
HELGELAND_STATUTES = """Vedtekter for Helsefellesskap Helgeland

1. Innledning og bakgrunn
Helsefellesskap Helgeland etableres etter Nasjonal helse- og sykehusplan 2020–2023 og avtalen mellom regjeringen og KS av 23. oktober 2019.

2. Parter
Partene er kommunene på Helgeland og Helgelandssykehuset HF. Brukere og fastleger deltar på alle nivå.

3. Formål
Med fokus på Helgelands behov skal partnerne skape sammenhengende og bærekraftige helse- og omsorgstjenester til pasienter som trenger tjenester både fra spesialisthelsetjenesten og kommunehelsetjenesten.

4. Etablering av Helsefellesskap Helgeland
4.1 Mandat for partnerskapsmøtet: årlig møte for å forankre retning.
4.2 Partnerskapsmøtet Helgeland: politisk og administrativ toppledelse i kommunene og helseforetaket.
4.3 Strategisk samarbeidsutvalg Helgeland (SSU): administrativ og faglig ledelse i kommunene og helseforetaket; utvikler strategier og handlingsplaner og håndterer saker og løpende beslutninger.
4.4 Faglig samarbeidsutvalg: utvikler prosedyrer og tjenestemodeller. Det faglige nivået organiseres som fire fagråd, ett for hver prioriterte pasientgruppe: barn og unge, personer med alvorlige psykiske lidelser og rusproblemer, personer med flere kroniske lidelser og skrøpelige eldre. Hvert fagråd har minst én fastlege og én brukerrepresentant.
4.5 Samhandlingssekretariat: forbereder saker og møter, og ledes av helseforetaket og kommunene (interkommunal samhandlingssjef).

5. Fastlegens rolle
Fastlegene deltar på alle nivå i helsefellesskapet.

6. Brukerrepresentantens rolle
Brukerrepresentanter deltar på alle nivå i helsefellesskapet.

7. Arbeidsform
Saker drøftes i sekretariatet før de legges fram for beslutning i SSU.

8. Myndighet
Helsefellesskapet bygger på konsensus; formell myndighet ligger hos partene.

9. Budsjett
Partene dekker egne kostnader.

10. Årlig melding/Rapportering
Helsefellesskapet utarbeider en årlig melding. Søknad om tilskudd krever tilslutning fra to tredjedeler av kommunene.
"""


def load_helgeland_statutes(hl):
    """Helgeland's statutes: discussed in SSU on 27 May 2021, adopted by the partnership meeting in September 2021,
    stored as version 1 of a governing document adopted by that decision."""
    statutes, _created = GovernanceDocument.objects.get_or_create(
        partnership=hl, kind=GovernanceDocument.Kind.STATUTES, defaults={"title": "Vedtekter for Helsefellesskap Helgeland"})
    if statutes.versions.exists():
        return
    ssu = Body.objects.get(partnership=hl, kind__slug="strategisk-samarbeidsutvalg")
    pm = Body.objects.get(partnership=hl, kind__slug="partnerskapsmote")
    hf = Party.objects.get(partnership=hl, kind=Party.Kind.HEALTH_TRUST)
    hearing = meeting(ssu, date(2021, 5, 27), title="OSO Helgeland", place="Mosjøen")
    first_pm = meeting(pm, date(2021, 9, 22), title="Partnerskapsmøtet Helgeland", place="Mo i Rana")
    attend_all(hearing)
    attend_all(first_pm)
    case = historic_case(hl, pm, number=1, year=2021, reported=date(2021, 5, 10), title="Vedtekter for Helsefellesskap Helgeland",
                         on_behalf_of=hf, proposed_decision="\n".join(HELGELAND_STATUTES_POINTS),
                         background="Vedtektene var til høring i OSO 27.5.2021, med politisk sak og behandling i kommunene "
                                    "og i styret i Helgelandssykehuset.")
    decision = decide_at(first_pm, case, HELGELAND_STATUTES_POINTS, position=1, discussed_at=hearing)
    guests.item_guest_add(item=decision.handling.agenda_item, by=None, name="Leder, Senter for samhandling",
                          capacity="Helgelandssykehuset, orienterte om vedtektene")
    services.document_version_adopt(document=statutes, text=HELGELAND_STATUTES, valid_from=date(2021, 9, 22), adopted_by=decision,
                                     change_note="Første versjon, vedtatt i det første partnerskapsmøtet.")


def load_upcoming(partnership):
    for kind_slug, days in UPCOMING:
        body = Body.objects.filter(partnership=partnership, kind__slug=kind_slug).first()
        if body is None:
            continue
        for day in days:
            mtg = meeting(body, day, title=str(body), held=False)
            standing_items(mtg)


def load_upcoming_case(fm, su, secretariat, parties):
    """A case reported today for the next secretariat meeting, so the two-step flow can be tried."""
    title = "Revisjon av overordnet samarbeidsavtale og tjenesteavtalene"
    if Case.objects.filter(partnership=fm, title=title).exists():
        return
    next_meeting = Meeting.objects.filter(body=secretariat, starts_at__gte=timezone.now()).order_by("starts_at").first()
    case = services.case_report(partnership=fm, title=title, case_type=CaseType.DECISION, by=None, on_behalf_of=parties["hf"],
                                background="Styret i Finnmarkssykehuset ba i sak 101/2020 administrerende direktør ta initiativ til "
                                           "revisjon av overordnet samarbeidsavtale og tjenesteavtalene som følge av ny "
                                           "samhandlingsstruktur.",
                                proposed_decision="SU slutter seg til plan for revisjon av avtaleverket.")
    services.case_register(case=case, body=su, by=None)
    if next_meeting is not None:
        handling = services.handling_create(case=case, body=secretariat, purpose=Purpose.DISCUSSION, by=None,
                                            meeting_starts_at=next_meeting.starts_at)
        AgendaItem.objects.get_or_create(meeting=next_meeting, handling=handling, defaults={"position": 3})


@transaction.atomic
def load_meetings(*, finnmark, helgeland):
    su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
    secretariat = Body.objects.get(partnership=finnmark, kind__is_secretariat=True)
    parties = {
        "hf": Party.objects.get(partnership=finnmark, kind=Party.Kind.HEALTH_TRUST),
        "ks": Party.objects.get(partnership=finnmark, kind=Party.Kind.KS),
    }
    load_case_3_2020(finnmark, su, secretariat, parties)
    load_case_28_2020(finnmark, su, secretariat, parties)
    load_case_17_2021(finnmark, su, secretariat, parties)
    approve_story_minutes(finnmark)
    load_helgeland_statutes(helgeland)
    load_upcoming(finnmark)
    load_upcoming(helgeland)
    load_upcoming_case(finnmark, su, secretariat, parties)
