"""A round's own threshold and the parties it goes to, in the pure tally (no database)."""
from datetime import date
from decimal import Decimal

from bodies.models import Party, Side
from cases.anchoring import tally_answers
from cases.models import AnchoringAnswer

R = AnchoringAnswer.Response


def party(name, kind=Party.Kind.MUNICIPALITY, population=None):
    side = Side.MUNICIPAL if kind == Party.Kind.MUNICIPALITY else Side.SPECIALIST
    return Party(name=name, kind=kind, side=side, population=population)


def answer(p, response=R.NOT_ANSWERED):
    return AnchoringAnswer(party=p, response=response)


CITY = party("Storby", population=140000)
SMALL = [party(f"Liten {n}", population=2000) for n in range(4)]
HF = party("Sørvest HF", Party.Kind.HEALTH_TRUST)
HOSPITAL = party("Diakonsykehuset", Party.Kind.HOSPITAL)


def tally(answers, **threshold):
    return tally_answers(answers, deadline=date(2026, 12, 31), today=date(2026, 11, 1), **threshold)


def test_a_population_share_threshold_counts_inhabitants_not_municipalities():
    answers = [answer(s, R.JOINED) for s in SMALL] + [answer(CITY), answer(HF, R.JOINED), answer(HOSPITAL)]
    result = tally(answers, threshold="population_share", threshold_value=Decimal("0.5"))
    # Four of five municipalities have joined, but they hold 8,000 of 148,000 inhabitants.
    assert result.municipalities_joined == 4 and result.two_thirds_met
    assert result.threshold_met is False
    assert "8000 av 148000 innbyggere" in result.threshold_description
    answers[4] = answer(CITY, R.JOINED_WITH_RESERVATION)
    assert tally(answers, threshold="population_share", threshold_value=Decimal("0.5")).threshold_met is True


def test_the_private_hospital_is_tallied_beside_the_hf():
    answers = [answer(CITY, R.JOINED), answer(HF, R.JOINED), answer(HOSPITAL, R.REJECTED)]
    result = tally(answers, threshold="count", threshold_value=Decimal("1"))
    assert result.other_parties == ((HF, True), (HOSPITAL, False))
    assert result.hf_joined
    assert result.threshold_met is True
    assert result.municipalities_total == 1


def test_a_share_threshold_of_the_municipalities_in_the_round():
    answers = [answer(CITY, R.JOINED), answer(SMALL[0], R.JOINED), answer(SMALL[1])]
    assert tally(answers, threshold="share", threshold_value=Decimal("0.6667")).threshold_met is True
    assert tally(answers, threshold="all").threshold_met is False


def test_a_round_without_a_threshold_says_so():
    result = tally([answer(CITY, R.JOINED)])
    assert result.threshold_met is None and result.threshold_description == ""
