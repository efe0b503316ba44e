"""Forget spent one-time form tokens older than a session: no session that could post them again is left."""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from common.models import SpentFormToken


class Command(BaseCommand):
    help = "Sletter brukte skjemanøkler som er eldre enn en økt (kjøres daglig)."

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
        deleted, _ = SpentFormToken.objects.filter(spent_at__lt=cutoff).delete()
        self.stdout.write(f"Slettet {deleted} brukte skjemanøkler.")
