"""Every main page runs the same number of queries whatever the size of the data (benchmarks/pages.py)."""
import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.pages import bench_users, main_pages
from bodies.models import Partnership
from demo.synthetic import Plan, generate

SMALL = Plan(partnerships=1, municipalities=6, years=1, items_per_meeting=4, members_per_side=3)
LARGE = Plan(partnerships=1, municipalities=15, years=3, items_per_meeting=12, members_per_side=6)
# The queries of each page, session and user included (benchmarks/pages.py shows the same figures).
QUERIES = {
    "dashboard": 11, "case list with filters": 5, "case page": 11, "meeting page": 6, "agenda builder": 7,
    "public body page": 3, "public search": 8, "member home": 7,
}
PAGE_NAMES = list(QUERIES)


@pytest.fixture(scope="module")
def two_sizes(django_db_setup, django_db_blocker):
    """Two synthetic partnerships, the second about ten times the first, rolled back after the module."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            generate(SMALL, log=lambda *a: None)
            generate(LARGE, log=lambda *a: None)
            small, large = Partnership.objects.filter(slug__startswith="syntetisk-").order_by("pk")
            yield {size: (partnership, bench_users(partnership), main_pages(partnership)[0])
                   for size, partnership in (("small", small), ("large", large))}
            transaction.set_rollback(True)


def _count(partnership_data, name):
    _partnership, users, pages = partnership_data
    page = next(p for p in pages if p.name == name)
    client = Client()
    if page.user != "anonymous":
        client.force_login(users[page.user])
    client.get(page.url)  # first request fills per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page.url)
    assert response.status_code == 200, (name, page.url, response.status_code)
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_query_count_does_not_grow_with_the_data(two_sizes, name):
    small = _count(two_sizes["small"], name)
    # The same page for a partnership with about ten times the cases, meetings and members.
    _partnership, users, pages = two_sizes["large"]
    page = next(p for p in pages if p.name == name)
    client = Client()
    if page.user != "anonymous":
        client.force_login(users[page.user])
    client.get(page.url)  # the same warm-up as for the small one
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page.url)
    assert response.status_code == 200
    assert (small, len(ctx.captured_queries)) == (QUERIES[name], QUERIES[name])
