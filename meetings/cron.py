"""The background worker's daily schedule, for RQ's own cron scheduler (`rq.cron`, through django-rq).

Started next to the workers in production:

    manage.py rqcron meetings.cron

It puts `send_daily_reminders` on the default queue each morning at 07:00 (the server's time zone, Django's
TIME_ZONE); a worker started with `--job-class django_tasks_rq.Job` runs it like any other task. The job
carries the task backend's name in its meta, as the tasks backend's own jobs do.
"""
from rq import cron

from .tasks import send_daily_reminders

DAILY_REMINDERS_AT = "0 7 * * *"
QUEUE = "default"
TASK_BACKEND = "default"

cron.register(send_daily_reminders.func, queue_name=QUEUE, cron=DAILY_REMINDERS_AT, meta={"backend_name": TASK_BACKEND},
              name="send_daily_reminders")
