"""Write the Noark 5 extract of a partnership's year: ``manage.py export_noark5 finnmark 2020 [--output DIR]``."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bodies.models import Partnership
from helsefellesskap.archive.noark5 import ExportError, build_extract


class Command(BaseCommand):
    help = "Skriver Noark 5-arkivuttrekk (arkivstruktur.xml, arkivuttrekk.xml, endringslogg.xml og dokumentene) for et år."

    def add_arguments(self, parser):
        parser.add_argument("partnership", help="Helsefellesskapets kortnavn, f.eks. finnmark")
        parser.add_argument("year", type=int, help="Året uttrekket gjelder, f.eks. 2020")
        parser.add_argument("--output", help="Katalog uttrekket skrives til (standard: noark5-<kortnavn>-<år> her)")

    def handle(self, *args, partnership, year, output=None, **options):
        found = Partnership.objects.filter(slug=partnership).first()
        if found is None:
            raise CommandError(f"Fant ikke helsefellesskapet «{partnership}».")
        if not 1900 <= year <= 2200:
            raise CommandError("Oppgi et år mellom 1900 og 2200.")
        try:
            extract = build_extract(found, year)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        directory = Path(output or f"noark5-{found.slug}-{year}")
        extract.write_to(directory)
        for warning in extract.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS(
            f"Noark 5-uttrekk for {found} {year} skrevet til {directory}: {len(extract.documents)} dokumentfiler."))
