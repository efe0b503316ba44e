"""Load the demo: Helsefellesskap Finnmark and Helgeland, the Finnmark story, and one login per role."""
from django.conf import settings
from django.core.management.base import BaseCommand

from demo import governance, story, structure


class Command(BaseCommand):
    help = "Laster demodata (Helsefellesskap Finnmark og Helgeland). Kan kjøres flere ganger uten å endre noe."

    def handle(self, *args, **options):
        finnmark, helgeland = structure.load_structure()
        story.load_meetings(finnmark=finnmark, helgeland=helgeland)
        # Last: link the working groups of the story to the decisions that appointed them.
        governance.link_working_groups(finnmark=finnmark, helgeland=helgeland)
        self.stdout.write(self.style.SUCCESS(f"Demodata lastet: {finnmark}, {helgeland}."))
        if not settings.DEBUG:
            self.stdout.write(self.style.WARNING("DEBUG er av: demo-innlogginger opprettes ikke."))
            return
        structure.load_logins(finnmark)
        self.stdout.write("Innlogginger (passord «%s»):" % structure.DEMO_PASSWORD)
        for username, description in structure.DEMO_LOGINS.items():
            self.stdout.write(f"  {username:<12} {description}")
