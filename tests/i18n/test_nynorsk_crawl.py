"""In nynorsk no page shows bokmål from the catalogue: a crawl of the public pages, a member's and the secretariat's.

With nynorsk chosen (the language cookie, and `Accept-Language: nn` as a browser would send), every page the
anonymous visitor reaches from «/», and every page the demo member (`medlem`, in the member scene of
tests/member_scene.py) and the demo secretariat (`sekretariat`, no admin) reach from where the login lands, is
requested; the walk is the one of
tests/permissions/test_crawl_roles.py, bounded the same way. Each page must say `lang="nn"` and its visible text
must hold no bokmål that the catalogues have a nynorsk text for.

What counts as «bokmål from the catalogue»:

- each entry of locale/nn/LC_MESSAGES/django.po whose msgstr is filled in and differs from its msgid (the msgid
  is the bokmål text), and each entry of Django's own bokmål catalogue (django/conf/locale/nb) whose nynorsk text
  (ours if we have one, else Django's nynorsk catalogue) is missing or different — Django falls back to bokmål, the
  default language, for what nynorsk lacks, so those strings would show in bokmål;
- the bokmål text is cut at placeholders (`%(name)s`, `%s`, `{name}`) and HTML tags into fragments, and only the
  fragments of at least 12 characters with a space in them are kept (short words such as «Saker» are the same in
  many places and in nynorsk, and would only give false alarms);
- a fragment that also occurs in any nynorsk text of the catalogues is dropped: nynorsk may well say it the same way;
- a fragment that occurs in the data is dropped. The demo's data is bokmål and stays so (names, case titles,
  minutes, the reasons kept in the history), so a page may show such words in nynorsk too. What is data is read
  from the database itself: every text, file name and JSON string of every table, once, after the scene is built.
  So a fragment is only reported when nothing but the code can have put it on the page.

The visible text is the page without its tags, scripts and styles, plus the attributes a user sees or hears
(`title`, `aria-label`, `placeholder`, `alt`, `data-label`, and the value of buttons), entities resolved and
whitespace collapsed.

The check is not empty: the same pages in bokmål must show some of these fragments.
"""
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse

from tests.member_scene import build_member_scene
from tests.permissions.test_crawl_roles import crawl_for_refusals

pytestmark = pytest.mark.django_db

LANGUAGE = "nn"
SOURCE_LANGUAGE = "nb"
MIN_LENGTH = 12
SPLIT = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{[^{}]*\}|<[^>]*>")
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-label"}
BUTTON_TYPES = {"submit", "button", "reset"}
HTML_LANG = re.compile(r"<html\b[^>]*\blang=[\"']([^\"']*)[\"']", re.I)


def collapse(text):
    return " ".join(text.split())


def fragments(text):
    """The pieces of a catalogue text between placeholders and tags, long enough to say something."""
    text = collapse(unescape(text.replace("%%", "%")))
    pieces = (piece.strip() for piece in SPLIT.split(text))
    return {piece for piece in pieces if len(piece) >= MIN_LENGTH and " " in piece}


def texts(entry):
    """The translations of a catalogue entry (singular, or every plural form)."""
    if entry.msgid_plural:
        return [text for _index, text in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def sources(entry):
    return [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]


def django_catalogue(language):
    return polib.pofile(str(Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"))


def bokmal_fragments():
    """{fragment: the catalogue text it comes from} for the bokmål a nynorsk page must not show, and the number of
    catalogue entries read (see the module's docstring)."""
    path = Path(settings.LOCALE_PATHS[0]) / LANGUAGE / "LC_MESSAGES" / "django.po"
    if not path.exists():
        pytest.fail(f"There is no nynorsk catalogue at {path}.")
    ours = polib.pofile(str(path))
    ours_nn = {(entry.msgctxt, entry.msgid): entry for entry in ours if not entry.obsolete and not entry.fuzzy}
    django_nn = {(entry.msgctxt, entry.msgid): entry for entry in django_catalogue(LANGUAGE) if not entry.fuzzy}

    bokmal = {}  # fragment -> source text
    for entry in ours:
        if entry.obsolete or not all(texts(entry)):
            continue
        for source, translation in zip(sources(entry), texts(entry)):
            if translation != source:
                bokmal.update(dict.fromkeys(fragments(source), source))
    for entry in django_catalogue(SOURCE_LANGUAGE):
        if entry.fuzzy or not all(texts(entry)):
            continue
        key = (entry.msgctxt, entry.msgid)
        nynorsk = ours_nn.get(key) if key in ours_nn and all(texts(ours_nn[key])) else django_nn.get(key)
        nynorsk_texts = texts(nynorsk) if nynorsk is not None else []
        for index, text in enumerate(texts(entry)):
            if index >= len(nynorsk_texts) or nynorsk_texts[index] != text:
                bokmal.update({fragment: text for fragment in fragments(text) if fragment not in bokmal})

    nynorsk_text = "\x00".join(collapse(unescape(text)) for catalogue in (ours_nn, django_nn)
                               for entry in catalogue.values() for text in texts(entry) if text)
    return {fragment: source for fragment, source in bokmal.items() if fragment not in nynorsk_text}


def database_text():
    """Every text in the database (text columns, file names, strings inside JSON), whitespace collapsed."""
    found = []

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from strings(key)
                yield from strings(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from strings(item)

    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [field.attname for field in model._meta.concrete_fields
                 if isinstance(field, (models.CharField, models.TextField, models.FileField, models.JSONField))]
        if not names:
            continue
        for row in model._base_manager.values_list(*names).iterator():
            for value in row:
                found.extend(collapse(text) for text in strings(value))
    return "\x00".join(found)


class VisibleText(HTMLParser):
    """A page's text as a user reads or hears it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
            return
        values = dict(attrs)
        for name, value in attrs:
            if value and (name in VISIBLE_ATTRIBUTES
                          or (name == "value" and tag == "button")
                          or (name == "value" and tag == "input" and (values.get("type") or "").lower() in BUTTON_TYPES)):
                self.pieces.append(value)

    def handle_startendtag(self, tag, attrs):
        if tag not in ("script", "style", "template"):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.pieces.append(data)

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        parser.close()
        return collapse(" ".join(parser.pieces))


def client_in(language):
    client = Client(raise_request_exception=False, headers={"accept-language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def html_page(client, address):
    """(the address the page ended up at, its HTML) or None for what is no HTML page."""
    response = client.get(address, follow=True)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return None
    query = response.request.get("QUERY_STRING")
    return response.request["PATH_INFO"] + (f"?{query}" if query else ""), response.content.decode(errors="replace")


@pytest.fixture
def scene(demo):
    return build_member_scene(demo["finnmark"])


@pytest.mark.parametrize("role", ["anonymous", "medlem", "sekretariat"])
def test_no_page_in_nynorsk_shows_bokmal_from_the_catalogue(scene, role):
    clients = {LANGUAGE: client_in(LANGUAGE), SOURCE_LANGUAGE: client_in(SOURCE_LANGUAGE)}
    if role == "anonymous":
        start = "/"
    else:
        user = get_user_model().objects.get(username=role)
        for client in clients.values():
            client.force_login(user)
        landing = clients[LANGUAGE].get(reverse("start"), follow=True)
        assert landing.status_code == 200
        start = landing.request["PATH_INFO"]
    visited, _refused = crawl_for_refusals(clients[LANGUAGE], start)
    assert len(visited) > 3, visited

    data = database_text()
    bokmal = {fragment: source for fragment, source in bokmal_fragments().items() if fragment not in data}
    assert bokmal, "The catalogues give no bokmål fragment to look for."

    wrong_language, leftovers, seen_in_bokmal = [], {}, set()
    for address in visited:
        page = html_page(clients[LANGUAGE], address)
        if page is None:
            continue
        where, html = page
        language = HTML_LANG.search(html)
        if not language or language.group(1) != LANGUAGE:
            wrong_language.append(f"{where}: lang={language.group(1) if language else None!r}")
        text = VisibleText.of(html)
        found = sorted(fragment for fragment in bokmal if fragment in text)
        if found:
            leftovers[where] = found
        source_page = html_page(clients[SOURCE_LANGUAGE], address)
        if source_page is not None:
            source_text = VisibleText.of(source_page[1])
            seen_in_bokmal.update(fragment for fragment in bokmal if fragment in source_text)

    # The check below can fail: the same pages in bokmål do show catalogue text it looks for.
    assert seen_in_bokmal, "No catalogue fragment was found on the bokmål pages either; the check would find nothing."
    report = []
    if wrong_language:
        report += ["Pages not marked as nynorsk (lang):", *(f"    {line}" for line in wrong_language)]
    if leftovers:
        report.append("Bokmål left on nynorsk pages (page, then each fragment and the catalogue text it comes from):")
        for where, found in leftovers.items():
            report += [f"  {where}", *(f"    «{fragment}»  ← {bokmal[fragment]!r}" for fragment in found)]
    assert not report, "\n".join(report)
