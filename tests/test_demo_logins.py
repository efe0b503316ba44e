"""Demo logins: one per role, only with DEBUG on. Kept apart from the shared demo fixture.

One test loads the demo twice (the second run is the idempotent re-run a user makes after turning DEBUG
on), so the suite pays for one full load here instead of two.
"""
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from members.models import Membership, Person

pytestmark = pytest.mark.django_db

LOGINS = ("admin", "sekretariat", "medlem", "observator")


def test_demo_logins_are_refused_with_debug_off_then_printed_and_working_with_debug_on(db, settings, client):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert not get_user_model().objects.filter(username__in=LOGINS).exists()
    assert "opprettes ikke" in out.getvalue()

    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    for username in LOGINS:
        assert username in out.getvalue()
        assert client.login(username=username, password="demo")
    observer = Person.objects.get(user__username="observator")
    assert observer.memberships.filter(role=Membership.Role.OBSERVER, seat="user_representative").exists()
