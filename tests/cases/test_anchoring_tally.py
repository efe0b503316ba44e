"""The pure arithmetic of an anchoring round, with unsaved parties and answers (no database)."""
from datetime import date
from decimal import Decimal
from fractions import Fraction

from bodies.models import Party, Side
from cases.anchoring import share_met, tally_answers
from cases.models import AnchoringAnswer

R = AnchoringAnswer.Response
C = AnchoringAnswer.Condition


def municipality(n, population=1000):
    return Party(name=f"Kommune {n}", kind=Party.Kind.MUNICIPALITY, side=Side.MUNICIPAL, population=population)


def answer(party, response=R.NOT_ANSWERED, condition="", value=None):
    return AnchoringAnswer(party=party, response=response, condition=condition, condition_value=value)


def tally(answers, today=date(2021, 2, 1), deadline=date(2020, 12, 31)):
    return tally_answers(answers, deadline=deadline, today=today)


def test_two_thirds_of_eighteen_is_twelve():
    towns = [municipality(n) for n in range(18)]
    answers = [answer(t, R.JOINED if n < 11 else R.NOT_ANSWERED) for n, t in enumerate(towns)]
    assert not tally(answers).two_thirds_met
    answers[11] = answer(towns[11], R.JOINED_WITH_RESERVATION)
    result = tally(answers)
    assert result.municipalities_joined == 12
    assert result.two_thirds_met
    assert not result.all_met


def test_a_share_stored_with_four_decimals_means_the_fraction():
    assert share_met(12, 18, Decimal("0.6667"))
    assert not share_met(11, 18, Decimal("0.6667"))
    assert share_met(1, 2, Decimal("0.5"))
    assert not share_met(0, 0, Decimal("0.5"))


def test_conditions_count_all_and_population_share():
    big, small1, small2 = municipality(1, 8000), municipality(2, 1000), municipality(3, 1000)
    answers = [
        answer(big, R.JOINED),
        answer(small1, R.JOINED_WITH_RESERVATION, C.POPULATION_SHARE, Decimal("0.75")),
        answer(small2, R.NOT_ANSWERED),
    ]
    result = tally(answers)
    (status,) = result.conditions
    # 9000 of 10000 inhabitants live in municipalities that have joined.
    assert result.population_share == Fraction(9, 10)
    assert status.satisfied
    answers[1] = answer(small1, R.JOINED_WITH_RESERVATION, C.ALL)
    assert not tally(answers).conditions[0].satisfied
    answers[1] = answer(small1, R.JOINED_WITH_RESERVATION, C.COUNT, Decimal(1))
    assert tally(answers).conditions[0].satisfied
    # «At least two municipalities»: only one other has joined; the party itself is not counted towards it.
    answers[1] = answer(small1, R.JOINED_WITH_RESERVATION, C.COUNT, Decimal(2))
    assert not tally(answers).conditions[0].satisfied


def test_a_conditional_answer_counts_only_once_its_condition_holds_without_itself():
    towns = [municipality(n) for n in range(18)]
    # Eleven have joined; Tana joins «if at least two thirds join». With Tana that would be 12 of 18, two thirds,
    # but Tana's own answer may not satisfy its own condition.
    answers = [answer(t, R.JOINED if n < 11 else R.NOT_ANSWERED) for n, t in enumerate(towns)]
    answers[17] = answer(towns[17], R.JOINED_WITH_RESERVATION, C.SHARE, Decimal("0.6667"))
    waiting = tally(answers)
    assert waiting.municipalities_joined == 11
    assert waiting.municipalities_conditional == 1
    assert not waiting.two_thirds_met
    (status,) = waiting.conditions
    assert not status.satisfied and not status.counts_as_joined
    assert status.description == "Minst 2/3 av kommunene: 11 av 18 har sluttet seg til."
    # A twelfth council joins: the condition holds without Tana, so Tana counts too.
    answers[11] = answer(towns[11], R.JOINED)
    held = tally(answers)
    assert held.municipalities_joined == 13 and held.municipalities_conditional == 0
    assert held.conditions[0].satisfied
    assert held.conditions[0].description == "Minst 2/3 av kommunene: 12 av 18 har sluttet seg til."


def test_conditions_that_wait_for_each_other_are_checked_until_nothing_changes():
    towns = [municipality(n) for n in range(4)]
    answers = [
        answer(towns[0], R.JOINED),
        answer(towns[1], R.JOINED),
        answer(towns[2], R.JOINED_WITH_RESERVATION, C.COUNT, Decimal(2)),   # holds: two others have joined
        answer(towns[3], R.JOINED_WITH_RESERVATION, C.COUNT, Decimal(3)),   # holds once the third has counted
    ]
    result = tally(answers)
    assert result.municipalities_joined == 4 and result.all_met
    assert all(c.satisfied for c in result.conditions)
    # Two answers each waiting for the other never lift themselves.
    answers = [answer(towns[0], R.JOINED), answer(towns[1], R.NOT_ANSWERED),
               answer(towns[2], R.JOINED_WITH_RESERVATION, C.COUNT, Decimal(2)),
               answer(towns[3], R.JOINED_WITH_RESERVATION, C.COUNT, Decimal(2))]
    result = tally(answers)
    assert result.municipalities_joined == 1 and result.municipalities_conditional == 2
    assert not any(c.satisfied for c in result.conditions)


def test_all_means_all_the_other_municipalities_and_a_conditional_trust_is_not_joined_until_it_holds():
    towns = [municipality(n) for n in range(3)]
    answers = [answer(towns[0], R.JOINED), answer(towns[1], R.JOINED), answer(towns[2], R.JOINED_WITH_RESERVATION, C.ALL)]
    assert tally(answers).all_met
    hf = Party(name="HF", kind=Party.Kind.HEALTH_TRUST, side=Side.SPECIALIST)
    answers = [answer(towns[0], R.JOINED), answer(towns[1], R.NOT_ANSWERED), answer(hf, R.JOINED_WITH_RESERVATION, C.SHARE, Decimal("0.6667"))]
    result = tally(answers)
    assert not result.hf_joined and not result.conditions[0].satisfied
    answers[1] = answer(towns[1], R.JOINED)
    assert tally(answers).hf_joined


def test_health_trust_is_tallied_apart_from_the_municipalities():
    hf = Party(name="HF", kind=Party.Kind.HEALTH_TRUST, side=Side.SPECIALIST)
    town = municipality(1)
    result = tally([answer(hf, R.JOINED), answer(town, R.JOINED)])
    assert result.hf_total == 1 and result.hf_joined
    assert result.municipalities_total == 1
    assert result.constitution_possible
    assert not tally([answer(hf, R.NOT_ANSWERED), answer(town, R.JOINED)]).hf_joined


def test_reminders_go_to_those_not_answered_when_the_deadline_is_near_or_passed():
    a, b = municipality(1), municipality(2)
    answers = [answer(a, R.JOINED), answer(b)]
    deadline = date(2020, 12, 31)
    assert tally(answers, today=date(2020, 11, 30), deadline=deadline).to_remind == ()
    assert tally(answers, today=date(2020, 12, 20), deadline=deadline).to_remind == (b,)
    late = tally(answers, today=date(2021, 3, 1), deadline=deadline)
    assert late.to_remind == (b,) and late.deadline_passed


def test_counts_per_response():
    towns = [municipality(n) for n in range(4)]
    result = tally([answer(towns[0], R.JOINED), answer(towns[1], R.AMENDMENT_PROPOSED), answer(towns[2], R.REJECTED), answer(towns[3])])
    assert result.counts[R.JOINED] == 1
    assert result.counts[R.AMENDMENT_PROPOSED] == 1
    assert result.counts[R.REJECTED] == 1
    assert result.counts[R.NOT_ANSWERED] == 1
    assert not result.all_treated


def test_how_many_short_of_two_thirds_and_of_all_in_whole_numbers():
    towns = [municipality(n) for n in range(18)]
    answers = [answer(t, R.JOINED if n < 10 else R.NOT_ANSWERED) for n, t in enumerate(towns)]
    result = tally(answers)
    assert result.two_thirds_needed == 12
    assert (result.short_of_two_thirds, result.short_of_all) == (2, 8)
    assert tally([answer(municipality(n), R.JOINED) for n in range(3)]).short_of_two_thirds == 0
    assert tally([answer(municipality(n)) for n in range(7)]).two_thirds_needed == 5  # 14/3 rounded up
    assert tally([]).two_thirds_needed == 0
