"""Follow-up tasks from a decision and the list of overdue ones."""
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import Case, FollowUpTask
from meetings import services as meeting_services

from .conftest import decision_handling, registered_case


@pytest.fixture
def decided_case(scene):
    handling = decision_handling(scene)
    outcome = meeting_services.item_decide(handling=handling, points=["Arbeidsgruppe nedsettes"], by=scene.user)
    handling.case.refresh_from_db()
    return handling.case, outcome.decision


def test_task_puts_the_case_under_follow_up(scene, decided_case):
    case, decision = decided_case
    task = services.task_create(case=case, decision=decision, title="Oppnevne to representanter fra hver side",
                                deadline=timezone.localdate() + timedelta(days=14), responsible_party=scene.hf, by=scene.user)
    case.refresh_from_db()
    assert case.status == Case.Status.FOLLOW_UP
    assert task.decision == decision and task.responsible_party == scene.hf


def test_deadline_in_the_past_is_refused_unless_recorded_as_of_then(scene, decided_case):
    case, _decision = decided_case
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.task_create(case=case, title="For sent", deadline=yesterday, by=scene.user)
    assert "deadline" in error.value.message_dict
    assert not case.tasks.exists()
    # Recording the partnership's history: the task was given a week before its deadline.
    services.task_create(case=case, title="Historisk", deadline=yesterday, by=scene.user,
                         at=timezone.make_aware(datetime.combine(yesterday - timedelta(days=7), datetime.min.time())))
    assert case.tasks.count() == 1


def test_task_needs_a_decided_case(scene):
    case = registered_case(scene)
    with pytest.raises(ValidationError, match="vedtatt"):
        services.task_create(case=case, title="Noe", deadline=timezone.localdate() + timedelta(days=5), by=scene.user)


def test_overdue_lists_open_tasks_past_their_deadline(scene, decided_case):
    case, _decision = decided_case
    today = timezone.localdate()
    soon = services.task_create(case=case, title="Snart", deadline=today + timedelta(days=3), by=scene.user)
    late = services.task_create(case=case, title="Forsinket", deadline=today + timedelta(days=1), by=scene.user)
    done = services.task_create(case=case, title="Ferdig", deadline=today + timedelta(days=1), by=scene.user)
    services.task_complete(task=done, by=scene.user, note="Gjort")
    in_two_days = today + timedelta(days=2)
    assert list(FollowUpTask.objects.overdue(today=in_two_days)) == [late]
    assert soon not in FollowUpTask.objects.overdue(today=in_two_days)
    assert late.is_overdue is False  # not yet today
    with pytest.raises(ValidationError, match="allerede fullført"):
        services.task_complete(task=done, by=scene.user)
    done.refresh_from_db()
    assert done.completion_note == "Gjort"
