"""Choosing bokmål, nynorsk or Northern Sámi in the page header; the choice follows a logged-in user."""
import re
from datetime import date

import pytest
from django import forms
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import get_language_info

from members.models import LanguagePreference
from tests.factories import BodyFactory, MembershipFactory, PartnershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "et-langt-passord-for-test"


def page_language(response):
    match = re.search(r'<html lang="([^"]*)"', response.content.decode())
    return match.group(1) if match else None


@pytest.fixture
def member():
    user = UserFactory(username="kari-spraak")
    user.set_password(PASSWORD)
    user.save()
    person = PersonFactory(user=user)
    body = BodyFactory(partnership=PartnershipFactory(slug="spraakmark", name="Helsefellesskap Språkmark"))
    MembershipFactory(person=person, body=body)
    return user


def choose(client, language, next_url="/offentlig/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_the_three_official_languages_are_offered_each_in_its_own_name():
    assert settings.LANGUAGE_CODE == "nb"
    assert list(settings.LANGUAGES) == [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("se", "Davvisámegiella")]
    assert get_language_info("se")["name_local"] == "Davvisámegiella"


def test_sami_pages_write_dates_the_norwegian_way():
    day = date(2026, 3, 5)
    with translation.override("se"):
        short, long = formats.date_format(day, "SHORT_DATE_FORMAT"), formats.date_format(day)
    assert short == "05.03.2026"
    assert long == "5. mars 2026"


def test_django_texts_missing_in_sami_show_in_bokmal():
    class Form(forms.Form):
        name = forms.CharField()

    with translation.override("nb"):
        bokmal = Form({}).errors["name"][0]
    with translation.override("se"):
        sami = Form({}).errors["name"][0]
    assert bokmal != "This field is required."
    assert sami == bokmal


def test_the_chooser_is_in_the_header_of_every_layout(client, member):
    partnership = PartnershipFactory(slug="chooser-mark")
    staff = UserFactory(username="sek-spraak", is_staff=True, is_superuser=True)
    pages = [(client, reverse("public:index")), (client, reverse("public:partnership", kwargs={"slug": partnership.slug}))]
    logged_in = Client()
    logged_in.force_login(member)
    pages.append((logged_in, reverse("member:home")))
    secretariat = Client()
    secretariat.force_login(staff)
    pages.append((secretariat, reverse("secretariat_home")))
    for page_client, url in pages:
        html = page_client.get(url).content.decode()
        header = html.split("</header>")[0]
        assert f'action="{reverse("set_language")}"' in header, url
        assert '<label class="ds-label" for="language-choice"' in header, url
        for code, name in settings.LANGUAGES:
            assert f'<option value="{code}" lang="{code}"' in header and name in header, url


def test_an_anonymous_reader_keeps_the_choice_in_the_language_cookie(client):
    response = choose(client, "nn", next_url="/offentlig/")
    assert response.status_code == 302 and response["Location"] == "/offentlig/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"
    assert page_language(client.get(reverse("public:index"))) == "nn"
    assert not LanguagePreference.objects.exists()


def test_a_logged_in_choice_follows_the_user_to_another_browser(client, member):
    assert client.login(username=member.username, password=PASSWORD)
    assert page_language(client.get(reverse("member:home"))) == "nb"

    response = choose(client, "nn", next_url=reverse("member:home"))
    assert response.status_code == 302 and response["Location"] == reverse("member:home")
    assert page_language(client.get(reverse("member:home"))) == "nn"
    preference = LanguagePreference.objects.get(user=member)
    assert preference.language == "nn"
    assert preference.history.get().history_user == member

    client.post(reverse("logout"))
    fresh = Client()  # another browser: no language cookie
    assert page_language(fresh.get(reverse("public:index"))) == "nb"
    assert fresh.login(username=member.username, password=PASSWORD)
    assert page_language(fresh.get(reverse("member:home"))) == "nn"
    assert page_language(fresh.get(reverse("public:index"))) == "nn"


def test_the_stored_choice_wins_over_the_browser_cookie(member):
    LanguagePreference.objects.create(user=member, language="se")
    browser = Client()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    browser.force_login(member)
    assert page_language(browser.get(reverse("member:home"))) == "se"


@pytest.mark.parametrize("language", ["en", "xx", "", "nb-NO-bad-" * 60, "se'><script>"])
def test_an_unknown_language_is_refused_with_a_message_and_changes_nothing(client, member, language):
    client.force_login(member)
    response = client.post(reverse("set_language"), {"language": language, "next": reverse("member:home")}, follow=True)
    assert response.status_code == 200
    assert page_language(response) == "nb"
    assert "Ukjent språk. Velg et av språkene i lista." in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert not LanguagePreference.objects.exists()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/side", "http://evil.example"])
def test_next_to_another_host_is_not_followed(client, next_url):
    response = choose(client, "se", next_url=next_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "se"


def test_choosing_is_a_post(client):
    assert client.get(reverse("set_language"), {"language": "nn"}).status_code == 405
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_sami_pages_answer_and_say_they_are_sami(client, member):
    body = member.person.memberships.get().body
    public_body = reverse("public:body", kwargs={"slug": body.partnership.slug, "body_pk": body.pk})
    choose(client, "se")
    for url in (reverse("public:index"), reverse("public:partnership", kwargs={"slug": body.partnership.slug}), public_body):
        response = client.get(url)
        assert response.status_code == 200, url
        assert page_language(response) == "se", url
    client.force_login(member)
    choose(client, "se")
    response = client.get(reverse("member:home"))
    assert response.status_code == 200
    assert page_language(response) == "se"
