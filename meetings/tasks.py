"""Background work on Django's tasks framework: notices by e-mail and PDF rendering.

The embedded default runs tasks inline (ImmediateBackend); production sets TASKS_BACKEND=rq and runs
`manage.py rqworker --job-class django_tasks_rq.Job` next to the app servers. Arguments are plain ids,
so a task can run on any worker.
"""
from django.tasks import task

from members.models import Person

from . import emails
from .models import Attendance, Meeting


@task
def send_notice(meeting_id: int, person_ids: list[int]) -> int:
    """E-mail the notice with the agenda and document links to each person called; returns how many."""
    meeting = Meeting.objects.select_related("body__partnership").get(pk=meeting_id)
    people = list(Person.objects.filter(pk__in=person_ids).order_by("pk"))
    return len(emails.notice(meeting, people))


@task
def send_deputy_called(meeting_id: int, attendance_id: int) -> bool:
    meeting = Meeting.objects.select_related("body__partnership").get(pk=meeting_id)
    attendance = Attendance.objects.select_related("membership__person", "substitute_for__person").get(pk=attendance_id)
    return emails.deputy_called(meeting, attendance) is not None



@task
def send_daily_reminders() -> int:
    """The day's reminders by e-mail (meetings/reminders.py); run each morning by the scheduler in meetings/cron.py."""
    from . import reminders

    return reminders.send_reminders()
