"""Print what the secretariat should act on soon: terms ending, leaders due to rotate, overdue sub-committees."""
from django.core.management.base import BaseCommand

from members.composition import overdue_subcommittees
from bodies.models import Partnership
from members.terms import TERMS_ENDING_WITHIN_DAYS, due_rotations, term_reminders


class Command(BaseCommand):
    help = "Skriver ut funksjonsperioder som snart slutter, leder/nestleder som skal rotere og underutvalg over fristen."

    def add_arguments(self, parser):
        parser.add_argument("--dager", type=int, default=TERMS_ENDING_WITHIN_DAYS, dest="days",
                            help=f"Hvor mange dager fram (standard {TERMS_ENDING_WITHIN_DAYS}).")
        parser.add_argument("--helsefellesskap", dest="slug", help="Kortnavnet til ett helsefellesskap (standard alle).")

    def handle(self, *args, days, slug=None, **options):
        partnerships = Partnership.objects.filter(slug=slug) if slug else Partnership.objects.all()
        for partnership in partnerships:
            lines = [r.message for r in term_reminders(within_days=days, partnership=partnership)]
            lines += [p.message for p in due_rotations(partnership=partnership, within_days=days)]
            lines += [f"{b} er over fristen ({b.deadline:%d.%m.%Y}) uten rapport." for b in overdue_subcommittees(partnership)]
            self.stdout.write(f"{partnership}: {len(lines)} påminnelser")
            for line in lines:
                self.stdout.write(f"  – {line}")
