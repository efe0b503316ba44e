"""Reminders by e-mail: follow-up deadlines, anchoring rounds to the parties that have not answered, terms ending,
rotation due; sent by the daily task the worker's scheduler registers, and by the daily command."""
import os
from datetime import date, timedelta
from io import StringIO

import pytest
import redis
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bodies.models import CompositionRule, Side
from cases import services as case_services
from cases.models import Case, Decision, Handling
from meetings import minutes_review, reminders, tasks
from meetings.models import ReminderDay
from members.models import Membership
from tests.factories import CompositionRuleFactory, MembershipFactory, PersonFactory

TODAY = date(2027, 3, 1)


def sent_to(person):
    return [m for m in mail.outbox if m.to == [person.email]]


@pytest.fixture
def secretary(secretariat_body):
    return MembershipFactory(body=secretariat_body, role="member", side=Side.SPECIALIST,
                             person=PersonFactory(first_name="Sigrid", last_name="Sekretariat"),
                             term_start=date(2026, 1, 1), term_end=date(2029, 12, 31))


@pytest.fixture
def decided_case(registered_case, staff):
    Case.objects.filter(pk=registered_case.pk).update(status=Case.Status.DECIDED)
    registered_case.refresh_from_db()
    handling = Handling.objects.create(case=registered_case, body=registered_case.body, purpose="decision",
                                       outcome=Handling.Outcome.DECIDED)
    return registered_case, Decision.objects.create(handling=handling)


def test_a_follow_up_deadline_is_mailed_to_the_responsible_person_and_the_secretariat(decided_case, secretary, staff):
    case, decision = decided_case
    responsible = PersonFactory(first_name="Rita", last_name="Ansvarlig")
    case_services.task_create(case=case, decision=decision, title="Oppnevn arbeidsgruppen", deadline=TODAY + timedelta(days=7),
                              responsible_person=responsible, by=staff, at=timezone.make_aware(timezone.datetime(2027, 2, 1)))
    assert reminders.send_reminders(on=TODAY - timedelta(days=1)) == 0  # 8 days left: not a reminder day
    assert reminders.send_reminders(on=TODAY) == 2
    [own] = sent_to(responsible)
    assert own.subject == "Påminnelse fra Helsefellesskap Testmark"
    assert "«Oppnevn arbeidsgruppen»" in own.body and "har frist 8. mars 2027" in own.body
    [overview] = sent_to(secretary.person)
    assert "Oppnevn arbeidsgruppen" in overview.body and "/sekretariat/testmark/" in overview.body
    mail.outbox.clear()
    # Overdue: the day after the deadline, then once a week.
    assert reminders.send_reminders(on=TODAY + timedelta(days=8)) == 2
    assert "er over fristen (8. mars 2027)" in sent_to(responsible)[0].body
    assert reminders.send_reminders(on=TODAY + timedelta(days=9)) == 2 - 2
    assert reminders.send_reminders(on=TODAY + timedelta(days=15)) == 2


def test_a_person_who_turned_reminders_off_gets_none_but_the_secretariat_still_sees_them(decided_case, secretary, staff):
    case, decision = decided_case
    responsible = PersonFactory(first_name="Rita", last_name="Ansvarlig")
    minutes_review.email_settings_update(person=responsible, by=staff, reminders=False)
    case_services.task_create(case=case, decision=decision, title="Oppnevn arbeidsgruppen", deadline=TODAY + timedelta(days=7),
                              responsible_person=responsible, by=staff, at=timezone.make_aware(timezone.datetime(2027, 2, 1)))
    assert reminders.send_reminders(on=TODAY) == 1
    assert sent_to(responsible) == []
    [overview] = sent_to(secretary.person)
    assert "Oppnevn arbeidsgruppen" in overview.body


def test_an_anchoring_round_reminds_the_representatives_of_the_parties_that_have_not_answered(decided_case, su_members, parties,
                                                                                             secretary, staff):
    case, decision = decided_case
    chair, member = su_members  # the chair represents the HF, the member Alfa kommune
    anchoring_round = case_services.anchoring_round_start(case=case, decision=decision, deadline=TODAY + timedelta(days=14),
                                                          by=staff, sent_on=TODAY - timedelta(days=30))
    case_services.anchoring_answer_record(round=anchoring_round, party=parties["hf"], response="joined", by=staff,
                                          at=timezone.make_aware(timezone.datetime(2027, 2, 20)))
    with_term = Membership.objects.filter(pk__in=[chair.pk, member.pk])
    with_term.update(term_start=date(2026, 1, 1), term_end=date(2029, 12, 31))
    reminders.send_reminders(on=TODAY)
    [to_alfa] = sent_to(member.person)
    assert "Alfa kommune har ikke svart i tilslutningsrunden" in to_alfa.body and "svarfristen er 15. mars 2027" in to_alfa.body
    assert sent_to(chair.person) == []  # the HF has answered
    [overview] = sent_to(secretary.person)
    assert "Alfa kommune har ikke svart" in overview.body and "Beta kommune har ikke svart" in overview.body
    assert "Testmarksykehuset HF har ikke svart" not in overview.body


def test_a_term_ending_and_the_rotation_due_are_mailed(su, secretary):
    chair = MembershipFactory(body=su, role="chair", side=Side.SPECIALIST, person=PersonFactory(first_name="Lise", last_name="Leder"),
                              term_start=date(2025, 4, 1), term_end=TODAY + timedelta(days=30))
    vice = MembershipFactory(body=su, role="vice_chair", side=Side.MUNICIPAL, person=PersonFactory(first_name="Nils", last_name="Nestleder"),
                             term_start=date(2025, 4, 1), term_end=date(2028, 12, 31))
    CompositionRuleFactory(partnership=su.partnership, body=su, kind=CompositionRule.Kind.CHAIR_ROTATION)
    reminders.send_reminders(on=TODAY)
    own = sent_to(chair.person)[0].body
    assert "Funksjonsperioden til Lise Leder som leder i SU slutter 31. mars 2027 (om 30 dager)." in own
    assert "Neste periode i SU" in own and "leder Nils Nestleder" in sent_to(vice.person)[0].body
    assert "Funksjonsperioden til Lise Leder" in sent_to(secretary.person)[0].body
    mail.outbox.clear()
    assert reminders.send_reminders(on=TODAY + timedelta(days=1)) == 0


def test_the_daily_task_and_the_daily_command_send_the_reminders(decided_case, secretary, staff, time_machine):
    case, decision = decided_case
    time_machine.move_to(timezone.make_aware(timezone.datetime(2027, 3, 1, 7, 0)), tick=False)
    case_services.task_create(case=case, decision=decision, title="Skriv rapporten", deadline=TODAY + timedelta(days=1), by=staff)
    result = tasks.send_daily_reminders.enqueue()
    assert result.return_value == 1 and "Skriv rapporten" in sent_to(secretary.person)[0].body
    mail.outbox.clear()

    out = StringIO()
    call_command("governance_reminders", "--uten-epost", stdout=out)
    assert mail.outbox == [] and "e-poster" not in out.getvalue()
    # The scheduler has sent today's reminders: the command the same morning sends none again.
    call_command("governance_reminders", "--helsefellesskap", "testmark", stdout=out)
    assert "0 e-poster med påminnelser sendt." in out.getvalue() and mail.outbox == []
    # The next morning (the deadline) the command sends them, once.
    time_machine.move_to(timezone.make_aware(timezone.datetime(2027, 3, 2, 7, 0)), tick=False)
    call_command("governance_reminders", "--helsefellesskap", "testmark", stdout=out)
    assert "1 e-poster med påminnelser sendt." in out.getvalue()
    assert "Skriv rapporten" in sent_to(secretary.person)[0].body
    assert tasks.send_daily_reminders.enqueue().return_value == 0 and len(mail.outbox) == 1


def test_a_second_run_the_same_day_sends_nothing_again(decided_case, secretary, staff):
    case, decision = decided_case
    case_services.task_create(case=case, decision=decision, title="Skriv rapporten", deadline=TODAY + timedelta(days=7),
                              by=staff, at=timezone.make_aware(timezone.datetime(2027, 2, 1)))
    assert reminders.send_reminders(on=TODAY) == 1
    assert reminders.send_reminders(on=TODAY) == 0
    assert len(sent_to(secretary.person)) == 1
    day = ReminderDay.objects.get(partnership=case.partnership, day=TODAY)
    assert day.emails_sent == 1


def test_the_scheduler_registers_the_daily_reminders_for_the_task_worker(settings):
    from django_rq.cron import DjangoCronScheduler

    scheduler = DjangoCronScheduler()
    scheduler.load_config_from_file("meetings.cron")
    [job] = scheduler.get_jobs()
    assert job.func_name == "meetings.tasks.send_daily_reminders"
    assert job.cron == "0 7 * * *" and job.queue_name == "default"
    assert job.job_options["meta"] == {"backend_name": "default"}  # what the tasks worker's job class reads
    assert timezone.localtime(job.next_enqueue_time).strftime("%H:%M") == "07:00"


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_job_runs_on_the_worker_that_runs_the_tasks(settings):
    """On the real queue: the scheduler's job is taken by a worker with the tasks' job class and sends the e-mails."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis svarer ikke på {REDIS_URL}")
    from django_rq.cron import DjangoCronScheduler

    from tests.factories import BodyFactory, FollowUpTaskFactory, PartnershipFactory, SecretariatKindFactory

    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    partnership = PartnershipFactory(slug="koe")
    body = BodyFactory(partnership=partnership, kind=SecretariatKindFactory())
    secretary = MembershipFactory(body=body, role="member", person=PersonFactory(first_name="Kø"))
    case = Case.objects.create(partnership=partnership, body=body, year=2026, number=1, title="Køsak", status=Case.Status.FOLLOW_UP)
    FollowUpTaskFactory(case=case, title="Køoppgave", deadline=timezone.localdate() + timedelta(days=7))

    scheduler = DjangoCronScheduler()
    scheduler.load_config_from_file("meetings.cron")
    [job] = scheduler.get_jobs()
    job.enqueue(scheduler.connection)  # what the scheduler does at 07:00
    call_command("rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job",
                 "--worker-class", "rq.worker.SimpleWorker", verbosity=0)
    assert "Køoppgave" in sent_to(secretary.person)[0].body


def test_each_person_gets_the_reminders_in_the_language_they_chose(decided_case, secretary, staff):
    from members.language import language_choose
    from tests.factories import UserFactory

    case, decision = decided_case
    responsible = PersonFactory(first_name="Nora", last_name="Nynorsk", user=UserFactory(username="nora-nynorsk"))
    language_choose(user=responsible.user, language="nn")
    case_services.task_create(case=case, decision=decision, title="Skriv rapporten", deadline=TODAY + timedelta(days=7),
                              responsible_person=responsible, by=staff, at=timezone.make_aware(timezone.datetime(2027, 2, 1)))
    assert reminders.send_reminders(on=TODAY) == 2
    [own] = sent_to(responsible)
    assert own.subject == "Påminning frå Helsefellesskap Testmark"
    assert "Oppfølgingsoppgåva «Skriv rapporten»" in own.body and "8. mars 2027" in own.body
    [overview] = sent_to(secretary.person)  # the secretary chose no language: bokmål
    assert "Oppfølgingsoppgaven «Skriv rapporten»" in overview.body
