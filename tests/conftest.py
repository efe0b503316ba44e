"""Shared fixtures. The demo is loaded once per run:

`demo_session` loads it (logins included) inside one transaction that is never committed. The tests that use
it are run one after the other, after the other database tests and before the transactional ones
(`pytest_collection_modifyitems` below), each in a savepoint inside that transaction, so they cannot see each
other's changes. After the last of them the transaction is rolled back (`pytest_runtest_teardown`), and the
tests that follow find the database as the migrations left it.

Tests that need the demo committed (a live server, threads) cannot share that transaction; they use
`demo_committed` instead, which loads the demo for the test and lets the transactional flush remove it.
"""
import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from pytest_django.fixtures import validate_django_db
from xdist.scheduler import LoadScopeScheduling

from tests.factories import UserFactory

DEMO_FIXTURE = "demo_session"


def load_demo():
    """Run `load_demo` as a developer would (DEBUG on, so the demo logins are made); return the partnerships by slug."""
    from bodies.models import Partnership

    with override_settings(DEBUG=True), open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    return {p.slug: p for p in Partnership.objects.all()}


def is_transactional(item):
    """Whether the test commits to the database (pytest-django's rule, plus the browser tests)."""
    if item.get_closest_marker("browser"):
        return True
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transactional, reset_sequences, *_ = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    fixtures = getattr(item, "fixturenames", ())
    return any(name in fixtures for name in ("transactional_db", "live_server", "django_db_reset_sequences"))


class DemoTransaction:
    """The demo in an open transaction on the default connection, from the first test that needs it to the last."""

    def __init__(self):
        self.atomic = None
        self.blocker = None
        self.partnerships = None
        self.finished = False

    def open(self, blocker):
        if self.finished:
            raise RuntimeError("The demo transaction is already rolled back: the tests using `demo` must run together "
                               "(see pytest_collection_modifyitems in tests/conftest.py).")
        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                self.partnerships = load_demo()
            except BaseException:
                self.close()
                raise
        return self.partnerships

    def close(self):
        if self.atomic is None:
            return
        atomic, self.atomic = self.atomic, None
        self.finished = True
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


_demo_transaction = DemoTransaction()


@pytest.fixture(scope="session")
def demo_session(django_db_setup, django_db_blocker):
    """The demo as `load_demo` loads it, in a transaction rolled back after the last test that uses it."""
    yield _demo_transaction.open(django_db_blocker)
    _demo_transaction.close()


@pytest.fixture(scope="module")
def demo_module(demo_session):
    """The demo's partnerships by slug, for module-scoped fixtures that build on the demo (a module may override
    this fixture with a smaller scene of its own)."""
    return demo_session


@pytest.fixture
def demo(request, demo_module, db):
    """The loaded demo (Finnmark and Helgeland by slug), fresh instances for each test; changes are rolled back."""
    from bodies.models import Partnership

    if is_transactional(request.node):
        pytest.fail("`demo` lives in a transaction that is never committed; a transactional test uses `demo_committed`.")
    return {p.slug: p for p in Partnership.objects.filter(slug__in=demo_module)}


@pytest.fixture
def demo_committed(transactional_db):
    """The demo committed, for tests with `transaction=True` (threads, a live server); flushed after the test."""
    return load_demo()


class StoryScheduling(LoadScopeScheduling):
    """How `make test` spreads the suite over its workers (pytest-xdist, `--dist loadgroup`): one test at a time,
    in the order of `pytest_collection_modifyitems` below, except that the steps of a story (a class named
    `...Story`, marked `story`) share one page and go to one worker together, in order.

    xdist's own `loadgroup` marks groups by rewriting node ids, which pytest 9 no longer allows; grouping by the
    class name does the same without it."""

    def _split_scope(self, nodeid):
        module, _, rest = nodeid.partition("::")
        cls, separator, _ = rest.partition("::")
        return f"{module}::{cls}" if separator and cls.endswith("Story") else nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "loadgroup":
        return StoryScheduling(config, log)
    return None


def pytest_itemcollected(item):
    """A story's steps only stay together on one worker when its class is named `...Story` (see StoryScheduling)."""
    cls = getattr(item, "cls", None)
    if item.get_closest_marker("story") and (cls is None or not cls.__name__.endswith("Story")):
        raise pytest.UsageError(f"{item.nodeid}: a story is a test class whose name ends in «Story».")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests that share the demo together: after the other database tests (which expect an empty
    database) and before the transactional ones (which commit, and flush the database after them)."""
    def group(item):
        if is_transactional(item):
            return 2
        if DEMO_FIXTURE in getattr(item, "fixturenames", ()):
            return 1
        return 0

    items.sort(key=group)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        # After the last test that uses the demo (its own fixtures are torn down by now), roll the demo back.
        if nextitem is None or DEMO_FIXTURE not in getattr(nextitem, "fixturenames", ()):
            _demo_transaction.close()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: what one test read (filter choices, login attempts) is not served to the
    next, whose rows may have been rolled back and made again with the same keys."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin-test", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    return UserFactory(username="utenforstaende")
