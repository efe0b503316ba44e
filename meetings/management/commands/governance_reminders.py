"""Daily: print what the secretariat should act on soon, and e-mail the day's reminders (meetings/reminders.py).

Printed: terms ending, leaders due to rotate, overdue sub-committees. E-mailed: follow-up deadlines, anchoring
rounds to the parties that have not answered, terms ending and rotation due, on their set days. In production
the worker's scheduler (`manage.py rqcron meetings.cron`) sends the same e-mails each morning; run this command
from cron with `--uten-epost` there, or let it send them where no scheduler runs.
"""
from django.core.management.base import BaseCommand

from bodies.models import Partnership
from members.composition import overdue_subcommittees
from members.terms import TERMS_ENDING_WITHIN_DAYS, due_rotations, term_reminders

from meetings.reminders import send_reminders


class Command(BaseCommand):
    help = ("Skriver ut funksjonsperioder som snart slutter, leder/nestleder som skal rotere og underutvalg over fristen, "
            "og sender dagens påminnelser på e-post.")

    def add_arguments(self, parser):
        parser.add_argument("--dager", type=int, default=TERMS_ENDING_WITHIN_DAYS, dest="days",
                            help=f"Hvor mange dager fram (standard {TERMS_ENDING_WITHIN_DAYS}).")
        parser.add_argument("--helsefellesskap", dest="slug", help="Kortnavnet til ett helsefellesskap (standard alle).")
        parser.add_argument("--uten-epost", action="store_true", dest="no_email",
                            help="Bare skriv ut; send ingen påminnelser på e-post (når planleggeren i køen sender dem).")

    def handle(self, *args, days, slug=None, no_email=False, **options):
        partnerships = Partnership.objects.filter(slug=slug) if slug else Partnership.objects.all()
        for partnership in partnerships:
            lines = [r.message for r in term_reminders(within_days=days, partnership=partnership)]
            lines += [p.message for p in due_rotations(partnership=partnership, within_days=days)]
            lines += [f"{b} er over fristen ({b.deadline:%d.%m.%Y}) uten rapport." for b in overdue_subcommittees(partnership)]
            self.stdout.write(f"{partnership}: {len(lines)} påminnelser")
            for line in lines:
                self.stdout.write(f"  – {line}")
        if not no_email:
            sent = send_reminders(partnerships=list(partnerships.order_by("pk")))
            self.stdout.write(f"{sent} e-poster med påminnelser sendt.")
