"""Background tasks on the real queue: notices enqueued on Redis (RQ) and run by a worker."""
import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import redis
from asgiref.local import Local
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus, task_backends

from meetings import tasks
from meetings.models import Meeting
from tests.factories import BodyFactory, MembershipFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def _reset_task_backends():
    # django.tasks caches its backends; settings overrides need a fresh handler.
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def rq_backend(settings):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis svarer ikke på {REDIS_URL}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    _reset_task_backends()
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    _reset_task_backends()


# Committed data (transaction=True): RQ's worker closes and reopens database connections around a job.
@pytest.mark.django_db(transaction=True)
def test_a_notice_is_queued_on_redis_and_sent_by_the_worker(rq_backend):
    member = MembershipFactory(body=BodyFactory(name="Strategisk samarbeidsutvalg"))
    meeting = Meeting.objects.create(body=member.body, starts_at=datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Europe/Oslo")), title="Desembermøtet")

    result = tasks.send_notice.enqueue(meeting.pk, [member.person.pk])

    # Queued, not run: nothing is sent until a worker takes the job from Redis.
    assert result.status == TaskResultStatus.READY
    assert mail.outbox == []
    assert redis.Redis.from_url(REDIS_URL).llen("rq:queue:default") == 1

    # A worker in this process (no fork), so it sees this test's database transaction.
    call_command("rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job",
                 "--worker-class", "rq.worker.SimpleWorker", verbosity=0)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert [m.to for m in mail.outbox] == [[member.person.email]]
    assert "Du innkalles til møte i Strategisk samarbeidsutvalg" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Innkalling til møte")
