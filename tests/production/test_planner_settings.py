"""PostgreSQL connections tell the planner that rows are read from memory or SSD (settings DB_RANDOM_PAGE_COST)."""
import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_plan_for_memory_and_ssd():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == pytest.approx(1.1)


def test_the_planner_setting_can_be_changed_and_is_checked(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from helsefellesskap.settings.env import envfloat

    monkeypatch.setenv("DB_RANDOM_PAGE_COST", "2.5")
    assert envfloat("DB_RANDOM_PAGE_COST", 1.1) == 2.5
    monkeypatch.setenv("DB_RANDOM_PAGE_COST", "fire")
    with pytest.raises(ImproperlyConfigured, match="DB_RANDOM_PAGE_COST must be a number"):
        envfloat("DB_RANDOM_PAGE_COST", 1.1)
