"""How much of the interface is translated: per language other than the source (bokmål), translated / total messages.

    $ manage.py translation_coverage
    nn  Norsk nynorsk    1234 / 1775   69,5 %
    se  Davvisámegiella     1 / 1782    0,1 %

Fuzzy and empty translations count as untranslated (the page shows bokmål for them).
"""
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def coverage(path):
    """(translated, total) messages of a .po file; polib counts fuzzy, empty and obsolete entries as untranslated
    and leaves the header out."""
    catalogue = polib.pofile(str(path))
    return len(catalogue.translated_entries()), len([entry for entry in catalogue if not entry.obsolete])


def coverage_lines(locale_dir):
    """One line per language in settings.LANGUAGES other than LANGUAGE_CODE."""
    languages = [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    width = max((len(str(name)) for _code, name in languages), default=0)
    lines = []
    for code, name in languages:
        path = Path(locale_dir) / code / "LC_MESSAGES" / "django.po"
        if not path.exists():
            lines.append(f"{code}  {str(name):<{width}}  ingen katalog ({path})")
            continue
        translated, total = coverage(path)
        percent = f"{100.0 * translated / total if total else 0.0:.1f}".replace(".", ",")
        lines.append(f"{code}  {str(name):<{width}}  {translated:>4} / {total:<4}  {percent:>5} %")
    return lines


class Command(BaseCommand):
    help = "Viser hvor mye av brukerflaten som er oversatt, per språk: oversatte / alle tekster og prosent."

    def add_arguments(self, parser):
        parser.add_argument("--locale-dir", default=str(settings.LOCALE_PATHS[0]),
                            help="Mappen med språkkatalogene (standard: den første i LOCALE_PATHS).")

    def handle(self, *args, locale_dir, **options):
        for line in coverage_lines(locale_dir):
            self.stdout.write(line)
