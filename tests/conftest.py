import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from tests.factories import UserFactory


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The demo as `load_demo` loads it (logins included), once per test module.

    It is loaded inside a transaction that is rolled back when the module ends; each test runs in a
    savepoint inside it, so tests still cannot see each other's changes.
    """
    from bodies.models import Partnership

    with django_db_blocker.unblock():
        with transaction.atomic():
            with override_settings(DEBUG=True), open(os.devnull, "w") as devnull:
                call_command("load_demo", stdout=devnull)
            yield {p.slug: p for p in Partnership.objects.all()}
            transaction.set_rollback(True)


@pytest.fixture
def demo(demo_module, db):
    return demo_module


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin-test", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    return UserFactory(username="utenforstaende")
