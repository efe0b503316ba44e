"""Demo governance rules: each body's composition rules as data, and the working groups of the Finnmark story.

Called from demo.structure.load_structure (rules and working groups) and again after the case story is
loaded (links to the decisions that appointed the groups and the cases their reports came back in).
Everything is keyed on natural keys, so loading twice changes nothing.
"""
from datetime import date


from bodies.models import Body, BodyKind, CompositionRule, GovernanceDocument, Partnership, Side
from cases.models import Case, Decision, SubcommitteeAppointment
from cases.services import document_revision_start, document_version_adopt, subcommittee_report
from members.ex_officio import ex_officio_follow
from members.models import ExOfficioSeat, Membership

Kind = CompositionRule.Kind
Seat = CompositionRule.Seat

SUBCOMMITTEE_KINDS = ("ksu", "underutvalg", "arbeidsgruppe")

# (body name or None for every level, kind, side, seat, seat note, min, max, source)
FINNMARK_RULES = [
    (None, Kind.LEVEL_SEAT, "", Seat.GP, "", 1, None, "«Brukere og fastleger deltar på alle nivå»"),
    (None, Kind.LEVEL_SEAT, "", Seat.USER_REPRESENTATIVE, "", 1, None, "«Brukere og fastleger deltar på alle nivå»"),
    ("Strategisk samarbeidsutvalg", Kind.SIDE_SEATS, Side.SPECIALIST, "", "", 5, 5, "5 fra foretaksledelsen"),
    ("Strategisk samarbeidsutvalg", Kind.SIDE_SEATS, Side.MUNICIPAL, "", "", 5, 5, "5 kommunale ledere"),
    ("Strategisk samarbeidsutvalg", Kind.REQUIRED_SEAT, "", Seat.GP, "", 1, None, "Observatør med talerett: en fastlege"),
    ("Strategisk samarbeidsutvalg", Kind.REQUIRED_SEAT, "", Seat.USER_REPRESENTATIVE, "", 1, None, "Observatør med talerett: en brukerrepresentant"),
    ("Strategisk samarbeidsutvalg", Kind.REQUIRED_SEAT, "", Seat.EMPLOYEE_REPRESENTATIVE, "", 1, None, "Observatør med talerett: tillitsvalgte"),
    ("Strategisk samarbeidsutvalg", Kind.REGION_COVERAGE, "", "", "", None, None, "Representasjonen skal dekke øst, midt og vest"),
    ("Strategisk samarbeidsutvalg", Kind.SAMI_COVERAGE, "", "", "", None, None, "De fem kommunene i forvaltningsområdet for samisk språk"),
    ("Strategisk samarbeidsutvalg", Kind.PERSONAL_DEPUTY, "", "", "", None, None, "Personlig vara for alle faste medlemmer"),
    ("Strategisk samarbeidsutvalg", Kind.CHAIR_ROTATION, "", "", "", None, None, "Leder og nestleder veksler mellom partene"),
    ("Partnerskapsmøtet", Kind.REQUIRED_SEAT, "", Seat.GP, "", 1, None, "Observatør med talerett: en fastlege"),
    ("Partnerskapsmøtet", Kind.REQUIRED_SEAT, "", Seat.USER_REPRESENTATIVE, "", 1, None, "Observatør med talerett: en brukerrepresentant"),
    ("Partnerskapsmøtet", Kind.REGION_COVERAGE, "", "", "", None, None, "Kommunedirektørene i alle kommunene"),
    ("Partnerskapsmøtet", Kind.SAMI_COVERAGE, "", "", "", None, None, "Kommunedirektørene i alle kommunene"),
    ("Dialogmøtet", Kind.CHAIR_ROTATION, "", "", "", None, None, "Møteledelsen går på omgang mellom foretak og kommuner"),
    ("Samhandlingssekretariatet", Kind.SIDE_SEATS, Side.SPECIALIST, "", "", 5, 5, "Samhandlingssjef og 4 rådgivere fra foretaket"),
    ("Samhandlingssekretariatet", Kind.SIDE_SEATS, Side.MUNICIPAL, "", "", 5, 5, "Samhandlingssjef og 4 rådgivere fra kommunene"),
    ("Samhandlingssekretariatet", Kind.REGION_COVERAGE, "", "", "", None, None, "Rådgiverne dekker øst, midt og vest"),
    ("Samhandlingssekretariatet", Kind.CHAIR_ROTATION, "", "", "", None, None, "Ledes annethvert år av hver side"),
    ("Fastlegerådet", Kind.SIDE_SEATS, Side.SPECIALIST, "", "", 4, 4, "4 fra foretaket"),
    ("Fastlegerådet", Kind.SIDE_SEATS, Side.MUNICIPAL, "", "", 4, 4, "4 fra kommunene"),
    ("Fastlegerådet", Kind.REQUIRED_SEAT, "", Seat.GP, "", 3, None, "Fastleger fra øst, midt og vest"),
    ("Fastlegerådet", Kind.REGION_COVERAGE, "", "", "", None, None, "Øst-, Midt- og Vest-Finnmark"),
    ("Fastlegerådet", Kind.CHAIR_ROTATION, "", "", "", None, None, "Leder og nestleder veksler mellom partene"),
]
for _lfso in ("LFSO Øst-Finnmark", "LFSO Vest-Finnmark"):
    FINNMARK_RULES += [
        (_lfso, Kind.REQUIRED_SEAT, "", Seat.USER_REPRESENTATIVE, "psykisk helse og rus", 1, None, "To brukerrepresentanter"),
        (_lfso, Kind.REQUIRED_SEAT, "", Seat.USER_REPRESENTATIVE, "somatikk", 1, None, "To brukerrepresentanter"),
        (_lfso, Kind.CHAIR_ROTATION, "", "", "", None, None, "Leder og nestleder veksler mellom partene annethvert år"),
    ]

HELGELAND_RULES = [
    ("Strategisk samarbeidsutvalg Helgeland", Kind.REQUIRED_SEAT, "", Seat.GP, "", 1, None, "Fastlege som observatør"),
    ("Strategisk samarbeidsutvalg Helgeland", Kind.REQUIRED_SEAT, "", Seat.USER_REPRESENTATIVE, "", 1, None, "Brukerrepresentant som observatør"),
    ("Strategisk samarbeidsutvalg Helgeland", Kind.PERSONAL_DEPUTY, "", "", "", None, None, "Personlig vara"),
    ("Strategisk samarbeidsutvalg Helgeland", Kind.CHAIR_ROTATION, "", "", "", None, None, "Leder og nestleder veksler mellom partene"),
    ("Faglig samarbeidsutvalg Helgeland", Kind.CHAIR_ROTATION, "", "", "", None, None, "Leder og nestleder veksler mellom partene"),
]

# The two working groups of the Finnmark story (DOMAIN.md): case 3/2020 (two per side by 9 March,
# report 19.10.2020, back to OSO as case 28/2020 on 23 Nov 2020) and case 17/2021 (three per side by
# 23 Aug 2021, statutes and the first partnership meeting by 13 Sept, case to OSO on 20 Sept 2021).
WORKING_GROUPS = [
    {
        "name": "Arbeidsgruppe helsefellesskap (sak 3/2020)", "short_name": "AG 3/2020", "per_side": 2,
        "appointed_in": (2020, 3), "report_in": (2020, 28),
        "active_from": date(2020, 2, 24), "names_due": date(2020, 3, 9), "deadline": date(2020, 11, 23),
        "active_until": date(2020, 11, 23),
        "mandate": "Utrede modell for helsefellesskap i Finnmark: organisering, sammensetning og mandat for organene. "
                   "To representanter fra hver part, oppnevnt innen 9. mars 2020. Rapporten legges fram for OSO.",
    },
    {
        "name": "Arbeidsgruppe vedtekter og partnerskapsmøte (sak 17/2021)", "short_name": "AG 17/2021", "per_side": 3,
        "appointed_in": (2021, 17), "report_in": None,
        "active_from": date(2021, 6, 7), "names_due": date(2021, 8, 23), "deadline": date(2021, 9, 20),
        "active_until": date(2021, 9, 20),
        "mandate": "Utarbeide forslag til vedtekter og planlegge det første partnerskapsmøtet innen 13. september 2021. "
                   "Tre representanter fra hver part, oppnevnt innen 23. august 2021. Sak til OSO 20. september 2021.",
    },
]


# Written once for the kind of body and applied to every council of that kind, new ones included (003:
# «brukere og fastleger deltar på alle nivå»; each council has a GP and a user representative).
HELGELAND_KIND_RULES = [
    ("fagrad", Kind.REQUIRED_SEAT, Seat.GP, "Hvert fagråd har minst én fastlege"),
    ("fagrad", Kind.REQUIRED_SEAT, Seat.USER_REPRESENTATIVE, "Hvert fagråd har minst én brukerrepresentant"),
]


def load_kind_rules(partnership, rules):
    for kind_slug, kind, seat, source in rules:
        body_kind = BodyKind.objects.get(slug=kind_slug)
        CompositionRule.objects.get_or_create(partnership=partnership, body=None, body_kind=body_kind, kind=kind, seat=seat,
                                              defaults={"min_count": 1, "source": source})


# Seats by office (ex officio): «observers with the right to speak: SU» in Finnmark's partnership meeting (DOMAIN);
# in Helgeland the chair and vice chair of SSU and the chair of the professional committee, with the right to propose too.
EX_OFFICIO = {
    "finnmark": [("partnerskapsmote", "strategisk-samarbeidsutvalg", role, False) for role in (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR)],
    "helgeland": [("partnerskapsmote", "strategisk-samarbeidsutvalg", Membership.Role.CHAIR, True),
                  ("partnerskapsmote", "strategisk-samarbeidsutvalg", Membership.Role.VICE_CHAIR, True),
                  ("partnerskapsmote", "faglig-samarbeidsutvalg", Membership.Role.CHAIR, True)],
}


def load_ex_officio(partnership, seats):
    for body_slug, office_slug, office_role, propose in seats:
        body = Body.objects.filter(partnership=partnership, kind__slug=body_slug).first()
        office_body = Body.objects.filter(partnership=partnership, kind__slug=office_slug).first()
        if body is None or office_body is None:
            continue
        seat, created = ExOfficioSeat.objects.get_or_create(
            body=body, office_body=office_body, office_role=office_role,
            defaults={"role": Membership.Role.OBSERVER, "can_vote": False, "can_speak": True, "can_propose": propose,
                      "source": "Observatører med talerett i partnerskapsmøtet"},
        )
    ex_officio_follow(partnership=partnership, by=None)


def load_rules(partnership, rules):
    for body_name, kind, side, seat, note, low, high, source in rules:
        body = Body.objects.get(partnership=partnership, name=body_name) if body_name else None
        CompositionRule.objects.get_or_create(
            partnership=partnership, body=body, kind=kind, side=side, seat=seat, seat_note=note,
            defaults={"min_count": low, "max_count": high, "source": source},
        )


def mark_subcommittee_kinds():
    for kind in BodyKind.objects.filter(slug__in=SUBCOMMITTEE_KINDS, is_subcommittee=False):
        kind.is_subcommittee = True
        kind._change_reason = "Demo: underutvalg"
        kind.save(update_fields=["is_subcommittee"])


def load_working_groups(finnmark):
    su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
    kind = BodyKind.objects.get(slug="arbeidsgruppe")
    for spec in WORKING_GROUPS:
        group, _ = Body.objects.get_or_create(
            partnership=finnmark, name=spec["name"],
            defaults={"kind": kind, "short_name": spec["short_name"], "level": kind.default_level, "appointed_by": su,
                      "reports_to": su, "mandate": spec["mandate"], "active_from": spec["active_from"],
                      "deadline": spec["deadline"], "active_until": spec["active_until"]},
        )
        # The representatives come from SU's own members, per side, in a fixed order. Their seats run from
        # the appointing decision (the names were due by «names_due»).
        on = spec["active_from"]
        for side in (Side.SPECIALIST, Side.MUNICIPAL):
            seats = (Membership.objects.filter(body=su, side=side, role=Membership.Role.MEMBER).current(on)
                     .select_related("person").prefetch_related("represented_parties").order_by("pk")[: spec["per_side"]])
            for seat in seats:
                membership, created = Membership.objects.get_or_create(
                    person=seat.person, body=group, role=Membership.Role.MEMBER, term_start=on,
                    defaults={"term_end": spec["active_until"], "side": side, "can_vote": True},
                )
                if created:
                    membership.represented_parties.set(seat.represented_parties.all())
    link_working_groups(finnmark)


def _case(finnmark, year, number):
    return Case.objects.filter(partnership=finnmark, body__kind__slug="strategisk-samarbeidsutvalg", year=year, number=number).first()


def link_working_groups(finnmark=None, **_ignored):
    """Link the working groups to the decisions that appointed them and the cases of their reports, once those exist."""
    finnmark = finnmark or Partnership.objects.filter(slug="finnmark").first()
    if finnmark is None:
        return
    for spec in WORKING_GROUPS:
        group = Body.objects.filter(partnership=finnmark, name=spec["name"]).first()
        if group is None:
            continue
        appointed_in = _case(finnmark, *spec["appointed_in"])
        if appointed_in and not SubcommitteeAppointment.objects.filter(body=group).exists():
            decision = Decision.objects.filter(handling__case=appointed_in).order_by("-decided_at", "-version").first()
            if decision:
                appointment = SubcommitteeAppointment(body=group, decision=decision)
                appointment._change_reason = "Demo: koblet til vedtaket som oppnevnte utvalget"
                appointment.save()
        if spec["report_in"] and group.reported_on is None:
            report = _case(finnmark, *spec["report_in"])
            if report:
                subcommittee_report(body=group, case=report)
    load_documents(finnmark)


def load_documents(finnmark):
    """SU's mandate as adopted with the model in case 28/2020; the statutes drafted under case 17/2021."""
    su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
    model_case = _case(finnmark, 2020, 28)
    decision = Decision.objects.filter(handling__case=model_case).order_by("-decided_at", "-version").first() if model_case else None
    if decision is not None:
        mandate, _ = GovernanceDocument.objects.get_or_create(
            partnership=finnmark, kind=GovernanceDocument.Kind.MANDATE, body=su,
            defaults={"title": "Mandat for strategisk samarbeidsutvalg"},
        )
        if not mandate.versions.exists():
            document_version_adopt(document=mandate, text=su.mandate, valid_from=decision.decided_at.date(), adopted_by=decision,
                                   change_note="Vedtatt med modellen for helsefellesskapet.")
    statutes_case = _case(finnmark, 2021, 17)
    if statutes_case is not None:
        statutes, created = GovernanceDocument.objects.get_or_create(
            partnership=finnmark, kind=GovernanceDocument.Kind.STATUTES,
            defaults={"title": "Vedtekter for Helsefellesskap Finnmark"},
        )
        if created:
            document_revision_start(document=statutes, case=statutes_case)


def load_governance(finnmark, helgeland):
    mark_subcommittee_kinds()
    load_rules(finnmark, FINNMARK_RULES)
    load_rules(helgeland, HELGELAND_RULES)
    load_kind_rules(helgeland, HELGELAND_KIND_RULES)
    load_ex_officio(finnmark, EX_OFFICIO["finnmark"])
    load_ex_officio(helgeland, EX_OFFICIO["helgeland"])
    load_working_groups(finnmark)
