"""The Finnmark story replayed through the domain code (DOMAIN.md; seeds 001 and 002).

OSO case 28/2020 «Etablering av Helsefellesskap» is discussed in the secretariat, decided at consensus
at OSO on 23 November 2020 with three decision points, and sent to the 18 municipal councils and the
HF board. The HF board joins (case 101/2020, 16.12.2020); Tana joins with the reservation that at
least two thirds of the municipalities join too (PS 5/2021 of 04.02.21); Porsanger proposes an
amendment; four have not answered; the rest join. The tally, the thresholds and Tana's condition come
out right and flip as further answers arrive.
"""
import os
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bodies.models import Body, Party
from cases import services
from cases.models import AnchoringAnswer, Case, CaseType, Handling, Position, Purpose
from meetings import services as meeting_services
from meetings.models import AgendaItem, Attendance, Meeting
from members.models import Membership
from tests.factories import UserFactory

R = AnchoringAnswer.Response
OSO_DAY = date(2020, 11, 23)
POINTS_28 = [
    "OSO vedtar den foreslåtte organiseringen av Helsefellesskapet mellom Finnmarkssykehuset og kommunene i Finnmark "
    "etter modell fremlagt av arbeidsgruppen",
    "OSO sender vedtaket til kommunene for behandling i kommunestyrene etter konsensusprinsippet",
    "OSO ved leder initierer et samarbeid mellom kommunene for å avklare organisering og finansiering av kommunenes "
    "sekretariatfunksjon i helsefellesskapet.",
]
NOT_ANSWERED = ["Gamvik kommune", "Hasvik kommune", "Loppa kommune", "Måsøy kommune"]


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """Only the structure of the demo (parties, bodies, seats): this module replays the story itself."""
    from demo.structure import load_structure

    with django_db_blocker.unblock():
        with transaction.atomic(), open(os.devnull, "w"):
            finnmark, helgeland = load_structure()
            yield {"finnmark": finnmark, "helgeland": helgeland}
            transaction.set_rollback(True)


def at(day, hour=12):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture
def story(demo):
    finnmark = demo["finnmark"]
    user = UserFactory(username="sekretariatet")
    su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
    secretariat = Body.objects.get(partnership=finnmark, kind__is_secretariat=True)
    secretariat_meeting = Meeting.objects.create(body=secretariat, starts_at=at(date(2020, 11, 2), 10), title="Samhandlingssekretariatet")
    oso = Meeting.objects.create(body=su, starts_at=at(OSO_DAY, 10), title="OSO Finnmark")
    return finnmark, user, su, secretariat, secretariat_meeting, oso


def party(finnmark, name):
    return Party.objects.get(partnership=finnmark, name=name)


def test_case_28_2020_from_report_to_anchoring(story):
    finnmark, user, su, secretariat, secretariat_meeting, oso = story

    # Reported on the template and registered in OSO's series under its historic number.
    case = services.case_report(partnership=finnmark, title="Etablering av Helsefellesskap", case_type=CaseType.DECISION, by=user,
                                on_behalf_of=party(finnmark, "Finnmarkssykehuset HF"), at=at(date(2020, 10, 19)),
                                proposed_decision="\n".join(POINTS_28))
    services.case_register(case=case, body=su, by=user, number=28, at=at(date(2020, 10, 26)))
    assert str(case.case_number) == "Sak 28/2020" and case.body == su

    # Not to decision before the secretariat has discussed it.
    with pytest.raises(ValidationError, match="totrinnsbehandling"):
        meeting_services.handling_create_at_meeting(case=case, body=su, purpose=Purpose.DECISION, by=user, meeting=oso)

    discussion = meeting_services.handling_create_at_meeting(case=case, body=secretariat, purpose=Purpose.DISCUSSION, by=user, meeting=secretariat_meeting)
    meeting_services.item_record_discussion(handling=discussion, by=user, note="Kommunene og foretaket har drøftet rapporten.",
                                        at=at(date(2020, 11, 2)))
    decision_handling = meeting_services.handling_create_at_meeting(case=case, body=su, purpose=Purpose.DECISION, by=user, meeting=oso)
    AgendaItem.objects.filter(handling=decision_handling).update(position=4)

    # Attendance: the ten fixed members, one of them replaced by the personal deputy; observers and secretaries.
    seats = Membership.objects.filter(body=su).current(on=OSO_DAY).select_related("personal_deputy")
    fixed = [m for m in seats if m.is_fixed]
    assert len(fixed) == 10
    absent = next(m for m in fixed if m.role == Membership.Role.MEMBER and m.side == "municipal")
    for membership in seats:
        if membership.role == Membership.Role.DEPUTY:
            continue
        status = Attendance.Status.APOLOGIES if membership == absent else Attendance.Status.PRESENT
        Attendance.objects.create(meeting=oso, membership=membership, status=status)
    Attendance.objects.create(meeting=oso, membership=absent.personal_deputy, status=Attendance.Status.PRESENT, substitute_for=absent)

    voters = [m for m in fixed if m != absent] + [absent.personal_deputy]
    for membership in voters:
        meeting_services.item_record_position(handling=decision_handling, membership=membership, stance=Position.Stance.AGREE, by=user)
    observer = seats.filter(role=Membership.Role.OBSERVER).first()
    meeting_services.item_record_position(handling=decision_handling, membership=observer, stance=Position.Stance.AGREE, by=user)
    with pytest.raises(ValidationError, match="ikke registrert som til stede"):
        meeting_services.item_record_position(handling=decision_handling, membership=absent, stance=Position.Stance.AGREE, by=user)

    outcome = meeting_services.item_decide(handling=decision_handling, points=POINTS_28, by=user, at=at(OSO_DAY, 11))
    assert outcome.reached, outcome.consensus.reasons
    assert outcome.consensus.present_voting == 10 and outcome.consensus.quorum_required == 5
    assert outcome.outcome == Handling.Outcome.DECIDED
    assert [p.number for p in outcome.decision.points.all()] == [1, 2, 3]
    assert outcome.decision.points.get(number=2).text.endswith("etter konsensusprinsippet")
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED

    # Sent to the 18 municipal councils and the HF board, answers by the end of the year.
    round_ = services.anchoring_round_start(case=case, decision=outcome.decision, deadline=date(2020, 12, 31), by=user,
                                           sent_on=date(2020, 11, 25), title="Tilslutning til etablering av helsefellesskap")
    case.refresh_from_db()
    assert case.status == Case.Status.IN_ANCHORING
    assert round_.answers.count() == 19

    def answer(name, response, day, **kwargs):
        return services.anchoring_answer_record(round=round_, party=party(finnmark, name), response=response, by=user,
                                                decided_on=day, at=at(day), **kwargs)

    def tally(today=date(2021, 6, 1)):
        return services.anchoring_tally(round_, today=today)

    answer("Finnmarkssykehuset HF", R.JOINED, date(2020, 12, 16), local_reference="Styresak 101/2020")
    first_councils = ["Alta kommune", "Hammerfest kommune", "Vadsø kommune", "Sør-Varanger kommune", "Karasjok kommune"]
    for name in first_councils:
        answer(name, R.JOINED, date(2020, 12, 17))
    early = tally(today=date(2020, 12, 20))
    assert early.hf_joined
    assert early.municipalities_joined == 5 and not early.two_thirds_met
    assert len(early.to_remind) == 13  # the deadline is near

    tana = answer("Tana kommune", R.JOINED_WITH_RESERVATION, date(2021, 2, 4), local_reference="PS 5/2021",
                  reservation="Med forbehold at minst to tredjedeler av kommunene innen helseforetaksområdet (Finnmarkssykehus) "
                              "også tilslutter seg til helsefellesskapet",
                  condition=AnchoringAnswer.Condition.SHARE, condition_value=Decimal("0.6667"))
    (tana_status,) = tally().conditions
    assert tana_status.party.name == "Tana kommune" and not tana_status.satisfied

    answer("Porsanger kommune", R.AMENDMENT_PROPOSED, date(2021, 3, 11), local_reference="PS 12/2021",
           amendment="Endre avtaleteksten under pkt. 4.2: «endre ordet beslutte med innstiller til kommunestyret/formannskap».")
    rest = [p.name for p in finnmark.municipalities() if p.name not in first_councils + NOT_ANSWERED + ["Tana kommune", "Porsanger kommune"]]
    assert len(rest) == 7
    for name in rest[:5]:
        answer(name, R.JOINED, date(2021, 4, 22))
    ten = tally()
    # Tana's answer is conditional: it does not count while its condition does not hold.
    assert ten.municipalities_joined == 10 and ten.municipalities_conditional == 1
    assert not ten.two_thirds_met and not ten.conditions[0].satisfied
    answer(rest[5], R.JOINED, date(2021, 4, 29))
    eleven = tally()
    # With Tana it would be 12 of 18, but Tana's own answer cannot satisfy its own condition.
    assert eleven.municipalities_joined == 11
    assert not eleven.two_thirds_met and not eleven.conditions[0].satisfied
    answer(rest[6], R.JOINED, date(2021, 5, 6))
    # 12 others of 18 is two thirds: Tana's condition holds, and Tana counts too.

    # The state in the documents: four of 18 have not answered, Porsanger asks for a change.
    now = tally()
    assert now.counts[R.JOINED] == 13  # 12 councils and the HF board
    assert now.counts[R.JOINED_WITH_RESERVATION] == 1
    assert now.counts[R.AMENDMENT_PROPOSED] == 1
    assert now.counts[R.NOT_ANSWERED] == 4
    assert (now.municipalities_joined, now.municipalities_total) == (13, 18)
    assert now.two_thirds_met and not now.all_met
    assert now.hf_joined and not now.constitution_possible
    assert sorted(p.name for p in now.to_remind) == NOT_ANSWERED
    assert now.deadline_passed
    joined_population = sum(p.population for p in finnmark.municipalities()
                            if p.name not in NOT_ANSWERED + ["Porsanger kommune"])
    assert now.population_joined == joined_population
    assert now.conditions[0].answer == tana and now.conditions[0].satisfied

    # Later answers: the four councils join, Porsanger joins after all: now all have joined.
    for name in NOT_ANSWERED:
        answer(name, R.JOINED, date(2021, 9, 1))
    assert not tally().all_met
    answer("Porsanger kommune", R.JOINED, date(2021, 9, 2), local_reference="PS 40/2021")
    final = tally(today=date(2021, 9, 3))
    assert final.all_met and final.constitution_possible and final.all_treated
    assert final.to_remind == ()
    assert final.counts[R.AMENDMENT_PROPOSED] == 0
    # Tana's answer and its history are kept.
    tana.refresh_from_db()
    assert tana.local_reference == "PS 5/2021" and tana.decided_on == date(2021, 2, 4)
    assert case.history.filter(status=Case.Status.DECIDED).exists()
