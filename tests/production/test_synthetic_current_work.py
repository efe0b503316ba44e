"""The synthetic data set has current work around the day it is generated, so the pages are measured full."""
from datetime import timedelta

import pytest
from django.utils import timezone

from bodies.models import Body, Partnership
from cases.models import AnchoringAnswer, AnchoringRound, Case, FollowUpTask, Handling
from common.search import matches
from demo.synthetic import Plan, generate
from meetings.models import AgendaItem, Meeting

SMALL = Plan(partnerships=1, municipalities=6, years=1, items_per_meeting=6, members_per_side=2)


@pytest.fixture
def synthetic(db):
    rows, _seconds = generate(SMALL, log=lambda *a: None)
    return Partnership.objects.get(slug__startswith="syntetisk-"), rows


def test_it_has_work_waiting_now(synthetic):
    partnership, _rows = synthetic
    today, now = timezone.localdate(), timezone.now()
    cases = Case.objects.filter(partnership=partnership)
    su = Body.objects.get(partnership=partnership, kind__slug="strategisk-samarbeidsutvalg")
    # Reported and waiting to be registered; registered and waiting for an agenda; discussed, waiting for a decision.
    assert cases.filter(status=Case.Status.REPORTED, number__isnull=True).count() == SMALL.reported_waiting
    waiting = cases.filter(status=Case.Status.REGISTERED, handlings__isnull=True)
    assert waiting.filter(body=su, year=today.year).count() == SMALL.waiting_per_body
    discussed = cases.filter(status=Case.Status.DISCUSSED, body=su)
    assert discussed.count() == SMALL.discussed_waiting
    assert all(h.outcome == Handling.Outcome.DISCUSSED and h.body_id == su.discussion_body_id
               for c in discussed for h in c.handlings.all())
    assert cases.awaiting_handling().filter(body=su).count() >= SMALL.waiting_per_body + SMALL.discussed_waiting


def test_meetings_run_from_the_past_into_the_coming_months(synthetic):
    partnership, _rows = synthetic
    now = timezone.now()
    meetings = Meeting.objects.filter(body__partnership=partnership)
    assert meetings.filter(starts_at__lt=now - timedelta(days=300), status=Meeting.Status.PUBLISHED).exists()
    assert not meetings.filter(starts_at__gte=now, status=Meeting.Status.PUBLISHED).exists()
    # Every body's next meeting has its notice sent (in the past) and half an agenda of cases still to be handled.
    for body in Body.objects.filter(partnership=partnership):
        upcoming = meetings.filter(body=body, starts_at__gte=now).order_by("starts_at")
        first = upcoming.first()
        assert first is not None and first.status == Meeting.Status.NOTICE_SENT and first.notice_sent_at <= now
        assert AgendaItem.objects.filter(meeting=first, handling__outcome=Handling.Outcome.PENDING).count() == SMALL.items_per_meeting // 2
        assert all(m.status == Meeting.Status.PLANNED for m in upcoming[1:])
    assert meetings.filter(starts_at__gte=now + timedelta(days=60)).exists()


def test_an_anchoring_round_is_open_and_follow_ups_are_due(synthetic):
    partnership, _rows = synthetic
    today = timezone.localdate()
    rounds = AnchoringRound.objects.filter(case__partnership=partnership)
    open_rounds = rounds.filter(deadline__gte=today)
    assert open_rounds.count() == 1
    assert AnchoringAnswer.objects.filter(round__in=open_rounds, response=AnchoringAnswer.Response.NOT_ANSWERED).exists()
    # The rounds whose deadline has passed are answered by every party.
    assert not AnchoringAnswer.objects.filter(round__in=rounds.filter(deadline__lt=today),
                                              response=AnchoringAnswer.Response.NOT_ANSWERED).exists()
    tasks = FollowUpTask.objects.filter(case__partnership=partnership)
    assert tasks.open().filter(deadline__gte=today).exists()
    assert tasks.filter(completed_at__isnull=False).exists()
    assert not tasks.open().filter(deadline__lt=today - timedelta(days=31)).exists()


def test_every_row_has_its_history_row_and_search_text(synthetic):
    _partnership, rows = synthetic
    for model in ("Case", "Meeting", "AgendaItem", "Handling", "Decision", "FollowUpTask"):
        assert rows[model] > 0 and rows[f"Historical{model}"] == rows[model]
    case = Case.objects.filter(number__isnull=False).order_by("pk").first()
    assert case.history.count() == 1 and case.history.get().history_type == "+"
    assert Case.objects.filter(pk=case.pk).filter(matches("samhandling", fields=("title",))).exists()
