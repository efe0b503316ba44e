"""Load the demo: Helsefellesskap Finnmark and Helgeland, the Finnmark story, and one login per role."""
from django.conf import settings
from django.core.management.base import BaseCommand

from members import demo as structure_demo


class Command(BaseCommand):
    help = "Laster demodata (Helsefellesskap Finnmark og Helgeland). Kan kjøres flere ganger uten å endre noe."

    def handle(self, *args, **options):
        finnmark, helgeland = structure_demo.load_structure()
        for loader in demo_loaders():
            loader(finnmark=finnmark, helgeland=helgeland)
        self.stdout.write(self.style.SUCCESS(f"Demodata lastet: {finnmark}, {helgeland}."))
        if not settings.DEBUG:
            self.stdout.write(self.style.WARNING("DEBUG er av: demo-innlogginger opprettes ikke."))
            return
        structure_demo.load_logins(finnmark)
        self.stdout.write("Innlogginger (passord «%s»):" % structure_demo.DEMO_PASSWORD)
        for username, description in structure_demo.DEMO_LOGINS.items():
            self.stdout.write(f"  {username:<12} {description}")


def demo_loaders():
    """The story loaders of the later apps, in import order (cases before meetings)."""
    loaders = []
    try:
        from cases.demo import load_cases
    except ImportError:
        pass
    else:
        loaders.append(load_cases)
    try:
        from meetings.demo import load_meetings
    except ImportError:
        pass
    else:
        loaders.append(load_meetings)
    # Last: link the working groups of the story to the decisions that appointed them (members/demo_governance.py).
    from members.demo_governance import link_working_groups

    loaders.append(link_working_groups)
    return loaders
