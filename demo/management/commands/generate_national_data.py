"""Generate the national-scale synthetic data set (19 partnerships × 10 years) for benchmarks."""
from django.core.management.base import BaseCommand
from django.db import connection

from demo.synthetic import Plan, generate


class Command(BaseCommand):
    help = "Lager et syntetisk datasett på størrelse med alle 19 helsefellesskap over ti år (for ytelsesmålinger)."

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=19)
        parser.add_argument("--municipalities", type=int, default=350)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--first-year", type=int, default=2017)
        parser.add_argument("--items-per-meeting", type=int, default=20)

    def handle(self, *args, **opts):
        plan = Plan(partnerships=opts["partnerships"], municipalities=opts["municipalities"], years=opts["years"],
                    first_year=opts["first_year"], items_per_meeting=opts["items_per_meeting"])
        rows, seconds = generate(plan, log=self.stdout.write)
        if connection.vendor == "postgresql":
            # Fresh statistics after the bulk load, or the planner guesses row counts from empty tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for name, n in sorted(rows.items()):
            self.stdout.write(f"{name:<32} {n:>10}")
        self.stdout.write(self.style.SUCCESS(f"{sum(rows.values())} rader på {seconds:.0f} s"))
