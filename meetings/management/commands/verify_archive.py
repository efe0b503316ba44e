"""Check every stored archival minutes PDF against its recorded SHA-256 checksum."""
import hashlib

from django.core.management.base import BaseCommand, CommandError

from meetings.models import MinutesDocument


class Command(BaseCommand):
    help = "Kontrollerer at alle arkiverte protokoll-PDF-er finnes og har uendret sjekksum."

    def handle(self, *args, **options):
        checked, broken = 0, []
        for document in MinutesDocument.objects.select_related("minutes__meeting__body").order_by("pk"):
            try:
                with document.file.open("rb") as fh:
                    digest = hashlib.sha256(fh.read()).hexdigest()
            except (FileNotFoundError, OSError):
                broken.append(f"{document}: filen mangler ({document.file.name})")
                continue
            if digest != document.sha256:
                broken.append(f"{document}: sjekksummen stemmer ikke")
            checked += 1
        for line in broken:
            self.stderr.write(line)
        if broken:
            raise CommandError(f"{len(broken)} av {checked + len(broken)} arkivdokumenter feiler kontrollen.")
        self.stdout.write(self.style.SUCCESS(f"{checked} arkivdokumenter kontrollert: alle sjekksummer stemmer."))
