"""Daily job: bring object permissions in step with the terms in force today (terms end by date)."""
from django.core.management.base import BaseCommand

from members.services import permissions_sync_all


class Command(BaseCommand):
    help = "Oppdaterer tilgangene slik at de følger gjeldende funksjonsperioder (kjøres daglig)."

    def handle(self, *args, **options):
        result = permissions_sync_all()
        self.stdout.write(
            f"{result['users']} brukere kontrollert: {result['granted']} tilganger gitt, {result['revoked']} fjernet."
        )
