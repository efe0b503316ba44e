"""Approvals record how the approver logged in: the ID-porten level it vouched for, or a password."""
import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings

from members.auth import IdPortenBackend, login_method
from members.services import login_identity_link
from tests.factories import UserFactory
from tests.permissions.test_authentication import OIDC_TEST_SETTINGS

pytestmark = pytest.mark.django_db


def request_with_session(**values):
    request = RequestFactory().get("/oidc/callback/")
    request.session = SessionStore()
    request.session.update(values)
    return request


@override_settings(**OIDC_TEST_SETTINGS)
def test_an_id_porten_login_remembers_the_level_and_the_approval_names_it(monkeypatch):
    kari = UserFactory(username="kari")
    login_identity_link(user=kari, national_id="01019012345", by=kari)
    backend = IdPortenBackend()
    backend.request = request_with_session()
    monkeypatch.setattr(backend, "get_userinfo", lambda access_token, id_token, payload: {"pid": "01019012345", "sub": "abc"})
    assert backend.get_or_create_user("token", "id-token", {"acr": "idporten-loa-high"}) == kari
    backend.request.session[BACKEND_SESSION_KEY] = "members.auth.IdPortenBackend"
    assert login_method(backend.request) == "ID-porten (idporten-loa-high)"


def test_a_password_login_is_named_as_such_and_no_login_as_nothing():
    assert login_method(request_with_session(**{BACKEND_SESSION_KEY: "members.auth.LockoutBackend"})) == "Brukernavn og passord"
    assert login_method(request_with_session()) == ""
