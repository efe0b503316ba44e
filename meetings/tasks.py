"""Background work on Django's tasks framework: notices by e-mail and PDF rendering.

The embedded default runs tasks inline (ImmediateBackend); production sets TASKS_BACKEND=rq and runs
`manage.py rqworker --job-class django_tasks_rq.Job` next to the app servers. Arguments are plain ids,
so a task can run on any worker.
"""
from django.tasks import task

from members.models import Person

from . import emails, reminders
from .models import Attendance, Meeting, MinutesSignatory


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
    return reminders.send_reminders()


@task
def send_minutes_to_approve(meeting_id: int, signatory_ids: list[int]) -> int:
    """E-mail the chosen approvers; the first time approval is asked for, e-mail the attendees the draft too."""
    meeting = Meeting.objects.select_related("body__partnership").get(pk=meeting_id)
    signatories = MinutesSignatory.objects.filter(pk__in=signatory_ids).select_related("person").order_by("pk")
    approvers = [s.person for s in signatories]
    sent = len(emails.minutes_to_approve(meeting, approvers))
    first_request = not MinutesSignatory.objects.filter(minutes__meeting=meeting).exclude(pk__in=signatory_ids).exists()
    if first_request:
        attendees = (Person.objects.filter(memberships__attendances__meeting=meeting,
                                           memberships__attendances__status=Attendance.Status.PRESENT)
                     .exclude(pk__in=[p.pk for p in approvers]).distinct().order_by("pk"))
        sent += len(emails.minutes_for_comment(meeting, list(attendees)))
    return sent
