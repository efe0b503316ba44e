"""Generate the national-scale synthetic data set (19 partnerships × 10 years, around today) for benchmarks."""
import time

from django.core.management.base import BaseCommand
from django.db import connection

from demo.synthetic import LOADED, Plan, deferred_indexes, generate, without_foreign_key_checks


class Command(BaseCommand):
    help = ("Lager et syntetisk datasett på størrelse med alle 19 helsefellesskap over ti år, med pågående arbeid "
            "rundt dagens dato (for ytelsesmålinger).")

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=19)
        parser.add_argument("--municipalities", type=int, default=350)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--items-per-meeting", type=int, default=20)
        parser.add_argument("--keep-indexes", action="store_true",
                            help="Behold indeksene under innlastingen (tregere; for en database som er i bruk).")

    def handle(self, *args, **opts):
        plan = Plan(partnerships=opts["partnerships"], municipalities=opts["municipalities"], years=opts["years"],
                    items_per_meeting=opts["items_per_meeting"])
        started = time.monotonic()
        if opts["keep_indexes"]:
            rows, _seconds = generate(plan, log=self.stdout.write)
        else:
            # Secondary indexes are built once after the load rather than updated row by row during it, and the
            # generated rows (consistent by construction) are not checked key by key.
            with deferred_indexes(LOADED, log=self.stdout.write), without_foreign_key_checks(log=self.stdout.write):
                rows, _seconds = generate(plan, log=self.stdout.write)
        if connection.vendor == "postgresql":
            # Fresh statistics after the bulk load, or the planner guesses row counts from empty tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        for name, n in sorted(rows.items()):
            self.stdout.write(f"{name:<32} {n:>10}")
        self.stdout.write(self.style.SUCCESS(f"{sum(rows.values())} rader på {seconds:.0f} s"))
