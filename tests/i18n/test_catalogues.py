"""The committed translation catalogues: each .po has its compiled .mo beside it, and the coverage figure."""
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def translations(entries):
    """{(context, msgid, msgid_plural): translation(s)} of the entries that are translated, as gettext uses them."""
    found = {}
    for entry in entries:
        if entry.obsolete or not entry.msgid or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if all(forms):
                found[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = forms
        elif entry.msgstr:
            found[(entry.msgctxt, entry.msgid, None)] = entry.msgstr
    return found


def test_the_sami_catalogue_is_committed():
    assert LOCALE_DIR / "se" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=[p.parts[-3] for p in CATALOGUES])
def test_each_compiled_catalogue_gives_exactly_the_translations_of_its_po_file(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages` (or manage.py compilemessages) and commit it."
    expected = translations(polib.pofile(str(po_path)))
    compiled = translations(polib.mofile(str(mo_path)))
    assert compiled == expected, f"{mo_path} is out of date: run `make messages` and commit the .mo file."


PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Lagre"
msgstr "Lagre"

#, python-format
msgid "Møte i %(body)s"
msgstr ""
"Møte i "
"%(body)s"

msgid "Avbryt"
msgstr ""

#, fuzzy
msgid "Ikke godkjent"
msgstr "Ikkje godkjend"

msgctxt "meeting"
msgid "Sted"
msgstr "Stad"

msgid "%(count)s sak"
msgid_plural "%(count)s saker"
msgstr[0] "%(count)s sak"
msgstr[1] ""

msgid "%(count)s møte"
msgid_plural "%(count)s møter"
msgstr[0] "%(count)s møte"
msgstr[1] "%(count)s møte"

#~ msgid "Gammel tekst"
#~ msgstr "Gamal tekst"
'''


def test_translation_coverage_counts_fuzzy_and_empty_as_untranslated(tmp_path, settings):
    settings.LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("se", "Davvisámegiella")]
    catalogue = tmp_path / "nn" / "LC_MESSAGES" / "django.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(PO, encoding="utf-8")
    assert len(translations(polib.pofile(str(catalogue)))) == 4  # the same count, read by polib

    out = StringIO()
    call_command("translation_coverage", locale_dir=str(tmp_path), stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2  # one per language other than bokmål
    nynorsk, sami = lines
    assert nynorsk.split() == ["nn", "Norsk", "nynorsk", "4", "/", "7", "57,1", "%"]
    assert sami.startswith("se  Davvisámegiella") and "ingen katalog" in sami


def test_translation_coverage_of_the_committed_sami_catalogue():
    out = StringIO()
    call_command("translation_coverage", stdout=out)
    sami = next(line for line in out.getvalue().splitlines() if line.startswith("se "))
    entries = [e for e in polib.pofile(str(LOCALE_DIR / "se" / "LC_MESSAGES" / "django.po")) if not e.obsolete]
    assert f"/ {len(entries)}" in sami
