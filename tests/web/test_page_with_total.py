"""The case list's pages come with their total in one query, and are the pages Django's paginator gives."""
import pytest
from django.core.paginator import Paginator

from bodies.models import Party
from common.web import page_with_total
from tests.factories import PartnershipFactory, PartyFactory


@pytest.mark.django_db
@pytest.mark.parametrize("number", [None, "1", "2", "3", "9", "x", "-1"])
def test_the_same_page_as_djangos_paginator(number, django_assert_max_num_queries):
    partnership = PartnershipFactory()
    for _ in range(7):
        PartyFactory(partnership=partnership)
    parties = Party.objects.filter(partnership=partnership).order_by("name", "pk")
    expected = Paginator(parties, 3).get_page(number)
    page = page_with_total(parties, 3, number)
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (expected.number, 7, 3)
    assert [p.pk for p in page] == [p.pk for p in expected]


@pytest.mark.django_db
def test_one_query_for_a_page_and_its_total(django_assert_num_queries):
    partnership = PartnershipFactory()
    for _ in range(4):
        PartyFactory(partnership=partnership)
    with django_assert_num_queries(1):
        page = page_with_total(Party.objects.filter(partnership=partnership).order_by("pk"), 3, "2")
        assert (len(list(page)), page.paginator.count, page.has_previous(), page.has_next()) == (1, 4, True, False)


@pytest.mark.django_db
def test_an_empty_list_has_one_empty_page():
    page = page_with_total(Party.objects.none().order_by("pk"), 3, None)
    assert (list(page), page.paginator.count, page.number) == ([], 0, 1)
