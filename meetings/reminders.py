"""Reminders by e-mail: follow-up deadlines, anchoring rounds waiting for answers, terms ending, rotation due.

`due_reminders` says what is due on a day, per partnership; `send_reminders` e-mails it: one message per person
with their own reminders, and one overview to the partnership's secretariat. It runs once a day, from the
background worker's scheduler (meetings/cron.py) or the daily command `governance_reminders`.

A reminder is due on set days only (a number of days before or after its date, then weekly while overdue), so
a daily run reminds on those days and is quiet in between.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bodies.models import Partnership
from cases.models import AnchoringAnswer, AnchoringRound, Case, FollowUpTask
from members.language import stored_language
from members.models import Membership, Person
from members.terms import TERMS_ENDING_WITHIN_DAYS, due_rotations, term_reminders

from . import emails
from .models import ReminderDay

# Days before the date on which a reminder goes out; after the date, the day after and then every week.
TASK_DAYS_BEFORE = (7, 1, 0)
ANCHORING_DAYS_BEFORE = (14, 7, 1)
TERM_DAYS_BEFORE = (TERMS_ENDING_WITHIN_DAYS, 30, 7)
OVERDUE_EVERY_DAYS = 7


def is_due(days_left, before, *, overdue=True):
    """Whether a reminder with `days_left` to its date goes out today: on the set days before, then weekly after."""
    if days_left in before:
        return True
    return overdue and days_left < 0 and (-days_left - 1) % OVERDUE_EVERY_DAYS == 0


def _d(value):
    return date_format(value, "DATE_FORMAT")


@dataclass
class Reminder:
    kind: str
    message: str
    people: list = field(default_factory=list)  # Person, the ones it is e-mailed to (besides the secretariat)


def _with_email(people):
    seen, out = set(), []
    for person in people:
        if person is not None and person.email and person.pk not in seen:
            seen.add(person.pk)
            out.append(person)
    return out


def representatives(party, *, on):
    """The people who represent a party in the partnership's bodies on the day (they anchor cases with it)."""
    return list(Person.objects.filter(memberships__in=Membership.objects.current(on).filter(represented_parties=party))
                .distinct().order_by("last_name", "first_name"))


def secretariat_people(partnership, *, on):
    """The current members of the partnership's secretariat: they get every day's overview."""
    memberships = Membership.objects.current(on).filter(body__partnership=partnership, body__kind__is_secretariat=True)
    return _with_email(Person.objects.filter(memberships__in=memberships).distinct().order_by("last_name", "first_name"))


def _task_reminders(partnership, on):
    tasks = (FollowUpTask.objects.open().filter(case__partnership=partnership).exclude(case__status=Case.Status.CLOSED)
             .select_related("case", "responsible_person", "responsible_party").order_by("deadline", "pk"))
    out = []
    for task in tasks:
        days_left = (task.deadline - on).days
        if not is_due(days_left, TASK_DAYS_BEFORE):
            continue
        if days_left >= 0:
            message = _("Oppfølgingsoppgaven «%(task)s» i %(case)s har frist %(date)s.") % {
                "task": task.title, "case": task.case, "date": _d(task.deadline)}
        else:
            message = _("Oppfølgingsoppgaven «%(task)s» i %(case)s er over fristen (%(date)s).") % {
                "task": task.title, "case": task.case, "date": _d(task.deadline)}
        people = [task.responsible_person] if task.responsible_person_id else (
            representatives(task.responsible_party, on=on) if task.responsible_party_id else [])
        out.append(Reminder("task", message, _with_email(people)))
    return out


def _anchoring_reminders(partnership, on):
    rounds = (AnchoringRound.objects.filter(case__partnership=partnership)
              .filter(answers__response=AnchoringAnswer.Response.NOT_ANSWERED).distinct()
              .select_related("case").order_by("deadline", "pk"))
    out = []
    for anchoring_round in rounds:
        days_left = (anchoring_round.deadline - on).days
        if not is_due(days_left, ANCHORING_DAYS_BEFORE):
            continue
        waiting = anchoring_round.answers.filter(response=AnchoringAnswer.Response.NOT_ANSWERED).select_related("party")
        for answer in waiting.order_by("party__name"):
            if days_left >= 0:
                message = _("%(party)s har ikke svart i tilslutningsrunden «%(round)s»; svarfristen er %(date)s.") % {
                    "party": answer.party, "round": anchoring_round, "date": _d(anchoring_round.deadline)}
            else:
                message = _("%(party)s har ikke svart i tilslutningsrunden «%(round)s»; svarfristen gikk ut %(date)s.") % {
                    "party": answer.party, "round": anchoring_round, "date": _d(anchoring_round.deadline)}
            out.append(Reminder("anchoring", message, _with_email(representatives(answer.party, on=on))))
    return out


def _term_reminders(partnership, on):
    return [Reminder("term", r.message, _with_email([r.membership.person]))
            for r in term_reminders(partnership=partnership, on=on) if is_due(r.days_left, TERM_DAYS_BEFORE, overdue=False)]


def _rotation_reminders(partnership, on):
    out = []
    for proposal in due_rotations(partnership=partnership, on=on):
        days_left = (proposal.term_start - timedelta(days=1) - on).days
        if not is_due(days_left, TERM_DAYS_BEFORE, overdue=False):
            continue
        leaders = Membership.objects.current(on).filter(body=proposal.body, role__in=(Membership.Role.CHAIR, Membership.Role.VICE_CHAIR))
        out.append(Reminder("rotation", proposal.message, _with_email([m.person for m in leaders.select_related("person")])))
    return out


def due_reminders(partnership, *, on=None):
    """What the partnership is reminded of on the day `on` (today): tasks, anchoring, terms, rotation, in that order."""
    on = on or timezone.localdate()
    return (_task_reminders(partnership, on) + _anchoring_reminders(partnership, on) + _term_reminders(partnership, on)
            + _rotation_reminders(partnership, on))


def send_reminders(*, on=None, partnerships=None):
    """E-mail the day's reminders: each person their own, the secretariat an overview. Returns the number of e-mails.

    A partnership's reminders go out once a day: the day is recorded (ReminderDay) in the same transaction as the
    sending, so a second run that day, or one running at the same time, sends nothing for that partnership."""
    on = on or timezone.localdate()
    sent = 0
    for partnership in (partnerships if partnerships is not None else Partnership.objects.order_by("pk")):
        try:
            with transaction.atomic():
                day, created = ReminderDay.objects.get_or_create(partnership=partnership, day=on)
                if not created:
                    continue  # already sent today
                day.emails_sent = _send_for(partnership, on)
                day.save(update_fields=["emails_sent"])
        except IntegrityError:
            continue  # another run recorded the day first and sends them
        sent += day.emails_sent
    return sent


def _send_for(partnership, on):
    """E-mail one partnership's reminders for the day, each person in the language they chose for the pages."""
    in_language = {}

    def reminders_in(language):
        if language not in in_language:
            with translation.override(language):
                in_language[language] = due_reminders(partnership, on=on)
        return in_language[language]

    reminders = reminders_in(settings.LANGUAGE_CODE)
    sent = 0
    personal = {}
    for index, reminder in enumerate(reminders):
        for person in reminder.people:
            personal.setdefault(person.pk, (person, []))[1].append(index)
    for person, indexes in personal.values():
        if not emails.wants_email(person, "reminders"):
            continue  # the person turned reminders off (their e-mail settings); the secretariat's overview still lists them
        language = _language_of(person)
        lines = [reminders_in(language)[i].message for i in indexes]
        with translation.override(language):
            emails.reminders(partnership, person, lines, on=on)
        sent += 1
    if reminders:
        for person in secretariat_people(partnership, on=on):
            language = _language_of(person)
            with translation.override(language):
                emails.reminders(partnership, person, [r.message for r in reminders_in(language)], on=on, overview=True)
            sent += 1
    return sent


def _language_of(person):
    """The language the person chose for the pages (their user's stored choice), else the site's."""
    return (stored_language(person.user) if person.user_id else None) or settings.LANGUAGE_CODE
