"""Login fit for the sector: strong passwords, lockout after repeated failures, Norwegian messages, ID-porten seam."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from members.auth import IdPortenBackend, national_id_hash
from members.models import LoginIdentity
from members.services import login_identity_link
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "riktig-hest-batteri-stift"


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_right_password_logs_in(client):
    UserFactory(username="kari")
    response = post_login(client, "kari", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("member:home")).status_code == 200


def test_wrong_password_gets_a_norwegian_message(client):
    UserFactory(username="kari")
    response = post_login(client, "kari", "feil-passord-her")
    assert response.status_code == 200
    assert "korrekt brukernavn og passord" in response.content.decode()


def test_lockout_after_repeated_failures_even_with_the_right_password(client):
    UserFactory(username="kari")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(client, "kari", "feil-passord-her").status_code == 200
    locked = post_login(client, "kari", "feil-passord-her")
    assert locked.status_code == 429
    assert "midlertidig sperret" in locked.content.decode()
    # The right password does not help while the lock lasts.
    again = post_login(client, "kari", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_hit_another_user(client):
    UserFactory(username="kari")
    UserFactory(username="ola")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "kari", "feil-passord-her")
    assert post_login(client, "ola", PASSWORD).status_code == 302


def test_success_resets_the_failure_count(client):
    UserFactory(username="kari")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, "kari", "feil-passord-her")
    assert post_login(client, "kari", PASSWORD).status_code == 302
    client.logout()
    assert post_login(client, "kari", "feil-passord-her").status_code == 200


def test_programmatic_login_without_a_request_still_works(client):
    UserFactory(username="kari")
    assert client.login(username="kari", password=PASSWORD)


@pytest.mark.parametrize("password,fragment", [
    ("kort-pass", "minst 12 tegn"),
    ("123456789012345", "bare tall"),
    ("password1234", "for vanlig"),
])
def test_weak_passwords_are_refused_in_norwegian(password, fragment):
    with translation.override("nb"), pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any(fragment in message for message in exc.value.messages)


def test_id_porten_is_off_without_configuration(client):
    assert not settings.OIDC_ENABLED
    assert "members.auth.IdPortenBackend" not in settings.AUTHENTICATION_BACKENDS
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    assert "ID-porten" not in client.get(reverse("login")).content.decode()


def test_id_porten_is_switched_on_by_the_environment():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "helsefellesskap.settings.test",
           "OIDC_RP_CLIENT_ID": "hf-klient", "OIDC_RP_CLIENT_SECRET": "hemmelig",
           "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idporten.example/authorize",
           "OIDC_OP_TOKEN_ENDPOINT": "https://idporten.example/token",
           "OIDC_OP_USER_ENDPOINT": "https://idporten.example/userinfo",
           "OIDC_OP_JWKS_ENDPOINT": "https://idporten.example/jwks.json"}
    code = ("import django; django.setup(); from django.conf import settings; from django.urls import reverse; "
            "print(settings.OIDC_ENABLED, 'members.auth.IdPortenBackend' in settings.AUTHENTICATION_BACKENDS, "
            "reverse('oidc_authentication_init'))")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=Path(settings.BASE_DIR), capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["True", "True", "/oidc/authenticate/"]


OIDC_TEST_SETTINGS = {
    "OIDC_OP_TOKEN_ENDPOINT": "https://idporten.example/token", "OIDC_OP_USER_ENDPOINT": "https://idporten.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idporten.example/jwks.json", "OIDC_RP_CLIENT_ID": "hf", "OIDC_RP_CLIENT_SECRET": "x",
    "OIDC_RP_SIGN_ALGO": "RS256",
}


@override_settings(**OIDC_TEST_SETTINGS)
def test_id_porten_finds_only_a_linked_user_and_never_creates_one():
    staff = UserFactory(username="sekretariatet")
    kari = UserFactory(username="kari")
    login_identity_link(user=kari, national_id="010190 12345", by=staff)
    backend = IdPortenBackend()
    assert list(backend.filter_users_by_claims({"pid": "01019012345", "sub": "abc"})) == [kari]
    assert not backend.filter_users_by_claims({"pid": "02029012345"}).exists()
    assert not backend.verify_claims({"sub": "abc"})
    assert backend.create_user({"pid": "02029012345"}) is None


def test_identity_number_is_stored_only_as_a_keyed_hash():
    kari = UserFactory(username="kari")
    identity = login_identity_link(user=kari, national_id="01019012345", by=kari)
    assert "01019012345" not in identity.subject_hash
    assert identity.subject_hash == national_id_hash("01019012345")
    with pytest.raises(ValidationError) as exc:
        login_identity_link(user=kari, national_id="123", by=kari)
    assert "11 siffer" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        login_identity_link(user=UserFactory(username="ola"), national_id="01019012345", by=kari)
    assert LoginIdentity.objects.count() == 1


# -- lockout behind a proxy --------------------------------------------------------------------------------

PROXY = "10.0.0.5"  # the load balancer: every request reaches the app from its address


def post_via_proxy(client, username, password, forwarded_for=None):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_failures_for_one_user_behind_the_proxy_do_not_lock_another(client):
    UserFactory(username="kari")
    UserFactory(username="ola")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_via_proxy(client, "kari", "feil-passord-her")
    assert post_via_proxy(client, "kari", PASSWORD).status_code == 429
    assert post_via_proxy(client, "ola", PASSWORD).status_code == 302


@override_settings(AXES_IPWARE_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_each_forwarded_client_is_keyed_separately(client):
    from axes.models import AccessAttempt

    UserFactory(username="kari")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        # What the client wrote itself (left) is ignored; the proxy appended the address it saw (right).
        post_via_proxy(client, "kari", "feil-passord-her", forwarded_for="1.2.3.4, 203.0.113.7")
    assert post_via_proxy(client, "kari", PASSWORD, forwarded_for="203.0.113.7").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    # Kari from another address is not locked out by the guesser.
    assert post_via_proxy(client, "kari", PASSWORD, forwarded_for="198.51.100.20").status_code == 302


@override_settings(AXES_IPWARE_PROXY_COUNT=1)
def test_a_missing_or_forged_forwarded_header_falls_back_to_the_connection_address():
    from django.test import RequestFactory

    from members.auth import client_ip_address

    factory = RequestFactory()
    assert client_ip_address(factory.get("/", REMOTE_ADDR=PROXY)) == PROXY
    assert client_ip_address(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="ikke-en-adresse")) == PROXY
    with override_settings(AXES_IPWARE_PROXY_COUNT=0):
        assert client_ip_address(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")) == PROXY


def test_the_proxy_settings_come_from_the_environment():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "helsefellesskap.settings.test", "AXES_PROXY_COUNT": "2",
           "AXES_IP_HEADER": "HTTP_X_REAL_IP"}
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.AXES_IPWARE_PROXY_COUNT, settings.AXES_IPWARE_META_PRECEDENCE_ORDER[0])")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=Path(settings.BASE_DIR), capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["2", "HTTP_X_REAL_IP"]


def test_the_lockout_page_has_a_way_back(client):
    UserFactory(username="kari")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = post_login(client, "kari", "feil-passord-her")
    assert response.status_code == 429
    assert "Gå til forsiden" in response.content.decode()


@override_settings(**OIDC_TEST_SETTINGS, OIDC_OP_AUTHORIZATION_ENDPOINT="https://idporten.example/authorize",
                   OIDC_AUTH_REQUEST_EXTRA_PARAMS={"acr_values": "idporten-loa-substantial"},
                   OIDC_AUTHENTICATION_CALLBACK_URL="login")  # the callback route exists only when ID-porten is on
def test_id_porten_is_asked_to_speak_the_language_the_pages_are_read_in(rf):
    from urllib.parse import parse_qs, urlsplit

    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import translation

    from members.auth import IdPortenLoginView

    for language in ("nn", "se", "nb"):
        request = rf.get("/oidc/authenticate/")
        request.session = SessionStore()
        with translation.override(language):
            response = IdPortenLoginView.as_view()(request)
        query = parse_qs(urlsplit(response["Location"]).query)
        assert query["ui_locales"] == [language] and query["acr_values"] == ["idporten-loa-substantial"]
