"""Import a partnership's structure from a filled-in template (XLSX or CSV); or write the template."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.onboarding import ImportRefused, import_file, template_csv, template_xlsx


class Command(BaseCommand):
    help = ("Importerer et helsefellesskaps struktur (regioner, parter, organer, personer, medlemskap, regler, verv) "
            "fra et regneark (.xlsx) eller en CSV-fil. Ved feil i én rad lagres ingenting.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Filen som skal importeres, eller som malen skrives til med --mal.")
        parser.add_argument("--mal", action="store_true", dest="template", help="Skriv malen til filen i stedet for å importere.")

    def handle(self, *args, file, template=False, **options):
        path = Path(file)
        if template:
            path.write_bytes(template_csv() if path.suffix.lower() == ".csv" else template_xlsx())
            self.stdout.write(f"Malen er skrevet til {path}.")
            return
        if not path.is_file():
            raise CommandError(f"Finner ikke filen {path}.")
        try:
            result = import_file(content=path.read_bytes(), filename=path.name, by=None)
        except ImportRefused as refused:
            for message in refused.errors:
                self.stderr.write(message)
            raise CommandError(f"Filen ble avvist med {len(refused.errors)} feil; ingenting er lagret.") from None
        created = ", ".join(f"{kind}: {count}" for kind, count in result.created.items()) or "ingen"
        self.stdout.write(self.style.SUCCESS(f"Importert til {result.partnership}. Nye rader: {created}."))
