"""Sending a decision to the parties and recording their answers."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import AnchoringAnswer, Case
from meetings import services as meeting_services
from tests.factories import PartyFactory

from .conftest import decision_handling

R = AnchoringAnswer.Response
C = AnchoringAnswer.Condition


@pytest.fixture
def decided(scene):
    handling = decision_handling(scene)
    outcome = meeting_services.item_decide(handling=handling, points=["Vedtas", "Sendes partene"], by=scene.user)
    case = handling.case
    case.refresh_from_db()
    return case, outcome.decision


def start(scene, decided, **kwargs):
    case, decision = decided
    kwargs.setdefault("deadline", timezone.localdate() + timedelta(days=60))
    return services.anchoring_round_start(case=case, decision=decision, by=scene.user, **kwargs)


def test_round_goes_to_all_municipalities_and_the_hf(scene, decided):
    round_ = start(scene, decided)
    case = decided[0]
    case.refresh_from_db()
    assert case.status == Case.Status.IN_ANCHORING
    assert {a.party for a in round_.answers.all()} == set(scene.municipalities) | {scene.hf}
    assert set(round_.answers.values_list("response", flat=True)) == {R.NOT_ANSWERED}


def test_deadline_in_the_past_is_refused(scene, decided):
    with pytest.raises(ValidationError) as error:
        start(scene, decided, deadline=timezone.localdate() - timedelta(days=1))
    assert "deadline" in error.value.message_dict
    decided[0].refresh_from_db()
    assert decided[0].status == Case.Status.DECIDED
    assert not decided[0].anchoring_rounds.exists()


def test_round_needs_a_decided_case(scene):
    from .conftest import registered_case

    case = registered_case(scene)
    with pytest.raises(ValidationError):
        services.anchoring_round_start(case=case, decision=None, deadline=timezone.localdate() + timedelta(days=30), by=scene.user)


def test_answer_from_a_party_not_in_the_partnership_is_refused(scene, decided):
    round_ = start(scene, decided)
    stranger = PartyFactory()
    with pytest.raises(ValidationError, match="ikke part i"):
        services.anchoring_answer_record(round=round_, party=stranger, response=R.JOINED, by=scene.user)


def test_answer_from_a_party_not_in_the_round_is_refused(scene, decided):
    round_ = start(scene, decided, parties=scene.municipalities[:2])
    with pytest.raises(ValidationError, match="ikke med i tilslutningsrunden"):
        services.anchoring_answer_record(round=round_, party=scene.municipalities[2], response=R.JOINED, by=scene.user)


def test_parties_of_another_partnership_cannot_be_sent_the_round(scene, decided):
    with pytest.raises(ValidationError) as error:
        start(scene, decided, parties=[scene.hf, PartyFactory()])
    assert "parties" in error.value.message_dict


def test_answers_with_reservation_condition_and_amendment(scene, decided):
    round_ = start(scene, decided)
    a, b, c = scene.municipalities
    with pytest.raises(ValidationError) as error:
        services.anchoring_answer_record(round=round_, party=a, response=R.JOINED_WITH_RESERVATION, by=scene.user)
    assert "reservation" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.anchoring_answer_record(round=round_, party=a, response=R.JOINED_WITH_RESERVATION, reservation="To tredjedeler",
                                         condition=C.SHARE, condition_value=Decimal("1.5"), by=scene.user)
    assert "condition_value" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.anchoring_answer_record(round=round_, party=b, response=R.AMENDMENT_PROPOSED, by=scene.user)
    assert "amendment" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.anchoring_answer_record(round=round_, party=c, response=R.JOINED, decided_on=timezone.localdate() + timedelta(days=2),
                                         by=scene.user)
    assert "decided_on" in error.value.message_dict

    answer = services.anchoring_answer_record(round=round_, party=a, response=R.JOINED_WITH_RESERVATION,
                                              reservation="Forutsetter at minst to tredjedeler av kommunene slutter seg til",
                                              condition=C.SHARE, condition_value=Decimal("0.6667"), local_reference="PS 5/2021",
                                              decided_on=timezone.localdate(), by=scene.user)
    assert answer.recorded_at is not None and answer.local_reference == "PS 5/2021"
    tally = services.anchoring_tally(round_)
    # Conditional: not counted as joined while its condition does not hold.
    assert tally.municipalities_joined == 0 and tally.municipalities_conditional == 1
    assert not tally.conditions[0].satisfied
    services.anchoring_answer_record(round=round_, party=b, response=R.JOINED, by=scene.user)
    tally = services.anchoring_tally(round_)
    # With a itself that would be 2 of 3, two thirds; without it only 1 of 3 have joined.
    assert tally.municipalities_joined == 1 and not tally.two_thirds_met and not tally.conditions[0].satisfied
    services.anchoring_answer_record(round=round_, party=c, response=R.JOINED, by=scene.user)
    tally = services.anchoring_tally(round_)
    # 2 of 3 others: exactly two thirds; the condition holds and a counts.
    assert tally.conditions[0].satisfied and tally.municipalities_joined == 3
    assert tally.two_thirds_met and tally.all_met and not tally.hf_joined
    assert answer.history.first().history_change_reason.startswith("Svar registrert")
