"""Demo logins: one per role, only with DEBUG on. Kept apart from the module-wide demo fixture."""
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from members.models import Membership, Person

pytestmark = pytest.mark.django_db


def test_demo_logins_are_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert not get_user_model().objects.filter(username__in=["admin", "sekretariat", "medlem", "observator"]).exists()
    assert "opprettes ikke" in out.getvalue()


def test_demo_logins_are_printed_and_work(db, settings, client):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    for username in ("admin", "sekretariat", "medlem", "observator"):
        assert username in out.getvalue()
        assert client.login(username=username, password="demo")
    observer = Person.objects.get(user__username="observator")
    assert observer.memberships.filter(role=Membership.Role.OBSERVER, seat="user_representative").exists()
